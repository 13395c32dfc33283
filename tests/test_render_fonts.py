"""One bundled font: measured widths match the font, PNG draws text with no system font at
all, and PDF is made without a system Graphviz, with the text kept as text."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from rtdiagram.render import fonts
from tests.conftest import ROOT

EMPTY_FONTCONFIG = '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>\n'


def test_bundled_font_files_and_licence() -> None:
    for path in (fonts.REGULAR, fonts.BOLD, fonts.FONT_DIR / "OFL.txt", fonts.FONT_DIR / "inter-metrics.json"):
        assert path.is_file(), path
    assert fonts.REGULAR.read_bytes()[:4] == b"\x00\x01\x00\x00"      # TrueType
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts.FONT_DIR / "OFL.txt").read_text()
    total = sum(p.stat().st_size for p in fonts.FONT_DIR.iterdir())
    assert total < 200_000, total                                        # a small wheel


def test_measurement_follows_the_font() -> None:
    assert fonts.text_width("", 12) == 0
    assert fonts.text_width("MMMM", 10) == pytest.approx(4 * fonts.text_width("M", 10))
    assert fonts.text_width("Gateway", 12, bold=True) > fonts.text_width("Gateway", 12)
    assert fonts.text_width("AV", 12) < fonts.text_width("A", 12) + fonts.text_width("V", 12)  # kerning
    assert fonts.text_width("漢", 12) == fonts.text_width("M", 12)   # outside the subset: never too small


def test_metrics_table_matches_the_font_files() -> None:
    fontTools = pytest.importorskip("fontTools.ttLib", reason="fontTools (dev tool) checks the table against the font")
    table = json.loads((fonts.FONT_DIR / "inter-metrics.json").read_text())
    for key, path in (("regular", fonts.REGULAR), ("bold", fonts.BOLD)):
        font = fontTools.TTFont(path)
        cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
        assert {chr(c): hmtx[g][0] for c, g in cmap.items()} == table[key]["adv"]


def pixels(png: bytes) -> list[bytes]:
    """Rows of RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what resvg writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 6)
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    raw, stride, rows, previous = zlib.decompress(data), width * 4, [], bytearray(width * 4)
    for start in range(0, len(raw), stride + 1):
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - 4] if i >= 4 else 0
            up, corner = previous[i], previous[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return rows


def dark_pixels(png: bytes) -> int:
    return sum(1 for row in pixels(png) for i in range(0, len(row), 4)
               if row[i + 3] > 128 and row[i] + row[i + 1] + row[i + 2] < 300)


SCRIPT = """
import sys
from rtdiagram.render.raster import svg_to_png
text = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60"><rect width="100%" height="100%" fill="#fff"/>' \\
       '<text x="10" y="40" font-size="24" font-family="{family}" font-weight="bold">Gateway ×3 → bus</text></svg>'
sys.stdout.buffer.write(svg_to_png(text))
"""


@pytest.mark.parametrize("family", ["Inter,Helvetica,Arial,sans-serif", "Helvetica,Arial,sans-serif", "serif"])
def test_png_draws_text_with_no_system_fonts(tmp_path: Path, family: str) -> None:
    """fontconfig sees no font at all and resvg skips system fonts: the text is still drawn."""
    pytest.importorskip("resvg_py")
    conf = tmp_path / "fonts.conf"
    conf.write_text(EMPTY_FONTCONFIG)
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(family=family)], capture_output=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert dark_pixels(result.stdout) > 400   # glyph pixels; a blank canvas has none


def test_png_of_a_diagram_has_its_text(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py")
    import re

    from rtdiagram import load_file
    from rtdiagram.render.graph import ViewOptions
    from rtdiagram.render.options import RenderOptions
    from rtdiagram.render.pipeline import render_architecture
    from rtdiagram.render.raster import svg_to_png

    model = load_file(ROOT / "examples" / "minimal.yaml").model
    svg = render_architecture(model, "svg", ViewOptions(), RenderOptions(engine="embedded")).decode()
    with_text = dark_pixels(svg_to_png(svg))
    without = dark_pixels(svg_to_png(re.sub(r"<text\b[^>]*>[^<]*</text>", "", svg)))
    assert with_text - without > 1000


def _no_dot_path(tmp_path: Path) -> str:
    """A PATH with python but no Graphviz."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python").symlink_to(sys.executable)
    return str(folder)


def test_pdf_without_system_graphviz(tmp_path: Path) -> None:
    pytest.importorskip("svg2pdf_py", reason="svg2pdf-py has no wheel for this platform")
    pdftotext = shutil.which("pdftotext")
    model = tmp_path / "collab-editor.yaml"
    shutil.copy(ROOT / "examples" / "collab-editor.yaml", model)
    conf = tmp_path / "fonts.conf"
    conf.write_text(EMPTY_FONTCONFIG)
    env = {"PATH": _no_dot_path(tmp_path), "NO_COLOR": "1", "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path),
           "RTDIAGRAM_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "rtdiagram", "render", str(model), "-f", "pdf"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "collab-editor.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"generated by rtdiagram" in pdf[-100:]
    if pdftotext:   # text stays text: it can be extracted
        text = subprocess.run([pdftotext, str(tmp_path / "collab-editor.pdf"), "-"], capture_output=True,
                              text=True).stdout
        assert "Live collaborative editor" in text and "Socket.IO cluster" in text
    else:           # the bundled font is embedded (a subset, named …+Inter…)
        assert b"Inter" in pdf
