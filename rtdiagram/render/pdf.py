"""SVG → PDF with svg2pdf (typst's converter, MIT) and the bundled font: no system Graphviz,
no system fonts, and text stays text (selectable, searchable) in the PDF.

svg2pdf-py ships wheels for CPython ≥ 3.11 on x86-64 Linux (glibc ≥ 2.35), arm64 macOS and
Windows. Elsewhere the pipeline falls back to the system Graphviz's PDF (``engines.layout``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.util import find_spec

from rtdiagram.model.errors import EngineUnavailable, RenderError
from rtdiagram.render import fonts

HINT = ("PDF needs svg2pdf-py (pip install svg2pdf-py; wheels for x86-64 Linux, arm64 macOS and "
        "Windows) or the Graphviz 'dot' program (Debian/Ubuntu: apt-get install graphviz; macOS: "
        "brew install graphviz); or render svg/png instead")


def available() -> bool:
    return find_spec("svg2pdf_py") is not None


@cache
def _database():
    import svg2pdf_py

    database = svg2pdf_py.FontDatabase()   # empty: the bundled font, never the system's
    for path in fonts.font_files():
        database.load_font_file(path)
    return database


def unitless_size(svg: str) -> str:
    """Graphviz writes ``width="612pt"``; svg2pdf wants user units (1 unit = 1 PDF point)."""
    return re.sub(r"<svg\b[^>]*>", lambda tag: re.sub(r'\b(width|height)="([\d.]+)pt"', r'\1="\2"', tag.group(0)),
                  svg, count=1)


def svg_to_pdf(svg: str) -> bytes:
    """Our finished SVG (it names Inter first: svg2pdf drops text whose families are all
    missing) as a one-page PDF with the font embedded as a subset."""
    try:
        import svg2pdf_py
    except ImportError:
        raise EngineUnavailable("PDF output needs svg2pdf-py or the system Graphviz", hint=HINT) from None
    try:
        return bytes(svg2pdf_py.svg_to_pdf(unitless_size(svg), _database()))
    except MemoryError:
        raise RenderError("out of memory while writing the PDF", hint="render svg, or --collapse") from None
    except Exception as exc:
        raise RenderError(f"PDF conversion failed: {str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__}") from None
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise RenderError("PDF conversion crashed", hint="render svg instead") from None
