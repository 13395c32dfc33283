"""The one bundled font, Inter (SIL OFL 1.1), and text measurement with its metrics.

Every drawing measures its text here and draws it with this font, so layout and pixels agree
on every machine: Graphviz gets fixed node sizes computed from these widths, the SVG names
Inter first (viewers without it fall back to Helvetica/Arial, which are narrower, so text still
fits), and PNG and PDF are drawn with the bundled files and never with system fonts.

``fonts/inter-metrics.json`` is made by ``tools/build_fonts.py`` together with the font files;
reading it needs only the standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "Inter-Regular.ttf"
BOLD = FONT_DIR / "Inter-Bold.ttf"
FAMILY = "Inter"
# The SVG names the bundled font first; the rest is for viewers that do not have it.
STACK = "Inter,Helvetica,Arial,sans-serif"


@dataclass(frozen=True)
class Metrics:
    upem: int
    ascender: float     # in em
    descender: float    # in em, positive
    cap_height: float   # in em
    advances: dict[str, int]
    kerning: dict[str, int]


@cache
def metrics(bold: bool = False) -> Metrics:
    table = _table()["bold" if bold else "regular"]
    upem = table["upem"]
    return Metrics(upem, table["ascender"] / upem, table["descender"] / upem, table["cap_height"] / upem,
                   table["adv"], table["kern"])


@cache
def _table() -> dict:
    return json.loads((FONT_DIR / "inter-metrics.json").read_text(encoding="utf-8"))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of one line of ``text`` at ``size`` (any unit: the result is in it).

    Characters outside the bundled subset count as wide as 'M' (the renderer draws them with
    a fallback glyph or not at all), so a measure never comes out too small.
    """
    m = metrics(bold)
    wide = m.advances["M"]
    units = sum(m.advances.get(char, wide) for char in text)
    units += sum(m.kerning.get(text[i:i + 2], 0) for i in range(len(text) - 1))
    return units * size / m.upem


def font_files() -> list[str]:
    return [str(REGULAR), str(BOLD)]


def resvg_options() -> dict:
    """Keyword arguments for ``resvg_py.svg_to_bytes``: the bundled font only, never the
    system's, with the generic families mapped to it."""
    return {"skip_system_fonts": True, "font_files": font_files(), "font_family": FAMILY,
            "sans_serif_family": FAMILY, "serif_family": FAMILY, "monospace_family": FAMILY}
