"""Measured quality of every example × theme × view, read from our own SVG with the bundled
font's metrics: text stays inside its node, cluster, panel or legend; no two texts overlap;
every legend colour and line style means one thing; text contrast meets WCAG AA."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rtdiagram import load_file
from rtdiagram.render import quality
from rtdiagram.render.graph import ViewOptions
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.pipeline import render_architecture, render_sequence
from tests.conftest import EXAMPLES

VIEWS = ("architecture", "findings", "expanded", "sequence")


def view_svgs(example: Path, theme: str, view: str) -> list[bytes]:
    loaded = load_file(example)
    options = RenderOptions(theme=theme, source_name=example.name, engine="embedded")
    if view == "sequence":
        return [render_sequence(loaded.model, flow, "svg", options) for flow in loaded.model.flows]
    wanted = ViewOptions(expand_replicas=view == "expanded")
    if view == "findings":
        from rtdiagram.render.overlay import findings_view

        wanted = findings_view(loaded, wanted)
    return [render_architecture(loaded.model, "svg", wanted, options)]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_quality(example: Path, theme: str, view: str) -> None:
    svgs = view_svgs(example, theme, view)
    if not svgs:
        pytest.skip(f"{example.name} has no flows to draw")
    for svg in svgs:
        assert quality.problems(svg) == []
        if view != "sequence":
            assert quality.metrics(svg)["label_overlaps"] == 0


def test_the_checks_catch_what_they_claim() -> None:
    """A longer title than the node was sized for, two texts on one spot, a legend colour with
    two meanings, and low contrast are all reported."""
    example = next(p for p in EXAMPLES if p.stem == "collab-editor")
    svg = view_svgs(example, "light", "architecture")[0].decode()
    longer = svg.replace(">Redis Pub/Sub<", ">Redis Pub/Sub, sharded, with a much longer name<")
    assert any("leaves its node bus" in p for p in quality.problems(longer))
    stacked = svg.replace("</svg>", '<text x="30" y="30" font-size="12">one</text>'
                                    '<text x="32" y="31" font-size="12">two</text></svg>')
    assert any("texts overlap: 'one' and 'two'" in p for p in quality.problems(stacked))
    assert 'stroke="#b4237a"' in svg   # pub/sub's colour, re-used below for another meaning
    twice = re.sub(r'(class="legend-line"[^>]*)stroke="#1b64c4" stroke-width="2.4"',
                   r'\1stroke="#b4237a" stroke-width="1.6" stroke-dasharray="5,2"', svg)
    assert any("legend: #b4237a 5,2 means" in p for p in quality.problems(twice))
    alike = re.sub(r'(class="legend-line"[^>]*)stroke="#1b64c4"', r'\1stroke="#b4237b"', svg)
    assert any("too alike" in p for p in quality.problems(alike))
    faint = svg.replace('fill="#1f2328"', 'fill="#c8c8c8"')
    assert any("contrast" in p for p in quality.problems(faint))


def test_contrast_and_colour_distance_formulas() -> None:
    assert quality.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert quality.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert quality.colour_distance("#ff0000", "#ff0000") == 0
    assert quality.colour_distance("#d1242f", "#c0392b") < 20 < quality.colour_distance("#d1242f", "#b4237a")


def test_metrics_count_crossings() -> None:
    cross = ('<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="100pt" viewBox="0 0 100 100">'
             '<g id="graph0" class="graph" transform="translate(0 0)">'
             '<g class="edge"><title>a&#45;&gt;b</title><path d="M0,0C30,30 60,60 90,90"/></g>'
             '<g class="edge"><title>c&#45;&gt;d</title><path d="M0,90C30,60 60,30 90,0"/></g></g></svg>')
    assert quality.metrics(cross) == {"crossings": 1, "labels_crossed": 0, "label_overlaps": 0,
                                      "aspect": 1.0, "width": 100, "height": 100}
