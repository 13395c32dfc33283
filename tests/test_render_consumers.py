"""Real consumers render what we write: Mermaid through mermaid-cli (Mermaid 11 in Chromium).

Parsing is not enough: a file that ``mermaid.parse()`` accepts can still fail to render (the
marker comment before the front matter did). So every example is rendered to PNG by the real
renderer, and each PNG must show a drawing, not a blank page.

Needs Node.js, Debian's ``chromium`` and ``npm install`` in tests/consumers (see its README);
without them the test skips and names what is missing. No network is used at test time.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
import yaml

from rtdiagram import load_file, load_text
from rtdiagram.render.graph import ViewOptions
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.pipeline import render_architecture, render_sequence
from tests.conftest import EXAMPLES

CONSUMERS = Path(__file__).parent / "consumers"
MMDC = CONSUMERS / "node_modules" / ".bin" / "mmdc"
BACKGROUND = {"light": "#ffffff", "dark": "#0d1117"}
INJECTION = '%%{init: {"theme": "forest", "themeCSS": "svg { background: rgb(1, 2, 3) }"}}%%'


def chromium() -> str | None:
    found = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


def missing() -> str | None:
    if not shutil.which("node"):
        return "Node.js (node) is not on PATH"
    if chromium() is None:
        return "Chromium is not installed (apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH)"
    if not MMDC.exists():
        return "mermaid-cli is not installed: run `npm install` in tests/consumers (see its README)"
    return None


needs_mmdc = pytest.mark.skipif(missing() is not None, reason=f"real Mermaid renderer: {missing()}")


def mmdc(diagrams: list[str], fmt: str, background: str, work: Path) -> list[Path]:
    """Render every diagram in one browser session (a Markdown file of ```mermaid blocks)."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / "all.md"
    source.write_text("".join(f"```mermaid\n{d}```\n\n" for d in diagrams), encoding="utf-8")
    config = work / "puppeteer.json"
    config.write_text('{"args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}')
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium() or "", "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(
        [str(MMDC), "-p", str(config), "-i", str(source), "-o", str(work / "out.md"), "-e", fmt,
         "-b", background, "-q"],
        capture_output=True, text=True, env=env, cwd=CONSUMERS, timeout=300,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    outputs = [work / f"out-{n}.{fmt}" for n in range(1, len(diagrams) + 1)]
    assert all(p.exists() for p in outputs), sorted(p.name for p in work.iterdir())
    return outputs


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes): width, height, rows of pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, *_ = header
    assert depth == 8 and colour in (2, 6), header
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(b"".join(bytes(line[k:k + 3]) for k in range(0, stride, bpp)))
        previous = line
    return width, height, rows


def assert_drawn(path: Path) -> None:
    """Not blank: a real share of pixels differ from the page colour, in several colours."""
    width, height, rows = png_pixels(path.read_bytes())
    assert width > 150 and height > 80, (path.name, width, height)
    page = rows[0][:3]
    inked, colours = 0, set()
    for row in rows[::2]:
        for x in range(0, width * 3, 6):
            pixel = row[x:x + 3]
            if pixel != page:
                inked += 1
                colours.add(pixel)
    share = inked / ((height + 1) // 2 * ((width + 1) // 2))
    assert share > 0.02 and len(colours) > 8, (path.name, share, len(colours))


@needs_mmdc
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_example_renders_in_real_mermaid(theme: str, tmp_path: Path) -> None:
    diagrams = []
    for example in EXAMPLES:
        model = load_file(example).model
        opts = RenderOptions(theme=theme, source_name=example.name)
        diagrams.append(render_architecture(model, "mermaid", ViewOptions(), opts).decode())
        if theme == "light":
            diagrams.append(render_architecture(model, "mermaid", ViewOptions(expand_replicas=True), opts).decode())
            diagrams += [render_sequence(model, flow, "mermaid", opts).decode() for flow in model.flows]
    for path in mmdc(diagrams, "png", BACKGROUND[theme], tmp_path):
        assert_drawn(path)


@needs_mmdc
def test_the_markdown_review_of_every_example_has_mermaid_that_renders(tmp_path: Path) -> None:
    """The PR-comment report embeds Mermaid blocks; GitHub renders them with the same Mermaid."""
    from rtdiagram.render.report import report_text

    blocks = []
    for example in EXAMPLES:
        text = report_text(load_file(example), "review.md")
        found = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
        assert found, example.name
        blocks += found
    for path in mmdc(blocks, "png", BACKGROUND["light"], tmp_path):
        assert_drawn(path)


def hostile_model(text: str):
    """A model whose every label is ``text``; set after validation, so the writers' own
    escaping is tested even for characters the model will refuse."""
    document = {
        "system": {"name": "x"},
        "components": [{"id": "web", "kind": "client"}, {"id": "gw", "kind": "gateway"}],
        "links": [{"from": "web", "to": "gw", "protocol": "websocket", "label": "x"}],
        "flows": [{"name": "f", "steps": [{"from": "web", "to": "gw", "message": "x"},
                                          {"from": "gw", "to": "web", "message": "y", "reply": True}]}],
    }
    model = load_text(yaml.safe_dump(document)).model
    components = [c.model_copy(update={"label": text}) for c in model.components]
    links = [link.model_copy(update={"label": text}) for link in model.links]
    steps = [s.model_copy(update={"message": text}) for s in model.flows[0].steps]
    flows = [model.flows[0].model_copy(update={"steps": steps, "name": text})]
    system = model.system.model_copy(update={"name": text})
    return model.model_copy(update={"components": components, "links": links, "flows": flows, "system": system})


@needs_mmdc
def test_directives_and_line_breaks_in_user_text_are_shown_not_applied(tmp_path: Path) -> None:
    """Issue 11, classes 9, 10 and 12, in the real renderer: a CR in a flow step, an
    ``%%{init}%%`` with themeCSS in a label or message, and one in the model's file name."""
    diagrams = []
    for text in (INJECTION, "first\rsecond", "a\r\nb\u2028c"):
        model = hostile_model(text)
        opts = RenderOptions(source_name=f"evil\n{INJECTION}.yaml")
        diagrams.append(render_architecture(model, "mermaid", ViewOptions(), opts).decode())
        diagrams.append(render_sequence(model, model.flows[0], "mermaid", opts).decode())
    for number, path in enumerate(mmdc(diagrams, "svg", "white", tmp_path)):
        svg = path.read_text(encoding="utf-8")
        assert_not_applied(svg)
        shown = svg.split("</style>", 1)[1]
        if number < 2:
            assert "themeCSS" in shown and "rgb(1, 2, 3)" in shown  # drawn as text instead
        elif number < 4:
            assert "first" in shown and "second" in shown
        else:
            assert ">b<" in shown or "b<" in shown


def assert_not_applied(svg: str) -> None:
    style = "".join(re.findall(r"<style>(.*?)</style>", svg, re.S))
    assert style and "rgb(1, 2, 3)" not in style and "#cde498" not in style  # forest's node fill


@needs_mmdc
def test_the_injection_probe_does_apply_when_unescaped(tmp_path: Path) -> None:
    """The probe above is meaningful: the same directive, written raw, does restyle Mermaid."""
    raw = f"{INJECTION}\nsequenceDiagram\n  a->>b: hi\n"
    svg = mmdc([raw], "svg", "white", tmp_path)[0].read_text(encoding="utf-8")
    with pytest.raises(AssertionError):
        assert_not_applied(svg)
