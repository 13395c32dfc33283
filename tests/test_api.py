"""The public API the package docstring documents: load_file, lint, checklist, render, draft."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import rtdiagram
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "collab-editor.yaml"


def test_every_documented_name_is_public():
    for name in ("load_file", "lint", "checklist", "render", "draft", "RtdiagramError", "ModelError"):
        assert name in rtdiagram.__all__ and getattr(rtdiagram, name) is not None
    with pytest.raises(AttributeError):
        rtdiagram.no_such_thing  # noqa: B018


def test_load_lint_checklist_on_a_clean_and_a_flawed_design():
    clean = rtdiagram.load_file(EXAMPLE)
    assert {c.id for c in clean.model.components} >= {"editor", "nlb", "ws"}
    assert rtdiagram.lint(clean).findings == ()
    flawed = rtdiagram.lint(ROOT / "examples" / "flawed-chat.yaml")  # a path works too
    assert {f.code for f in flawed.findings} >= {"FO001", "HB002"}
    items = rtdiagram.checklist(ROOT / "examples" / "flawed-chat.yaml")
    assert len(items) == 13 and any(item.status == "missing" for item in items)


def test_render_architecture_and_sequence():
    import rtdiagram.render.graph  # noqa: F401  (a stage import must not shadow the function)

    svg = rtdiagram.render(EXAMPLE, "svg", options=rtdiagram_options())
    assert ET.fromstring(svg).tag.endswith("svg")
    assert b"digraph rtdiagram {" in rtdiagram.render(EXAMPLE, "dot")
    flow = rtdiagram.load_file(EXAMPLE).model.flows[0].name
    assert b"sequenceDiagram" in rtdiagram.render(EXAMPLE, "mermaid", flow=flow)
    with pytest.raises(rtdiagram.RtdiagramError):
        rtdiagram.render(EXAMPLE, "svg", flow="no-such-flow")


def test_draft_offline():
    result = rtdiagram.draft("Browsers connect over WebSocket to three Socket.IO nodes behind an AWS ALB "
                             "with sticky sessions; the nodes broadcast through Redis Pub/Sub.",
                             provider="offline")
    kinds = {c.kind for c in result.loaded.model.components}
    assert {"client", "load_balancer", "gateway", "pubsub"} <= kinds
    assert result.yaml_text.startswith("# yaml-language-server")


def test_invalid_model_raises_one_error_with_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("system: {name: x}\ncomponents:\n  - {id: a, kind: gatway}\nlinks:\n  - {from: a, to: b}\n")
    with pytest.raises(rtdiagram.ModelError) as caught:
        rtdiagram.load_file(bad)
    assert len(caught.value.diagnostics) >= 2


def rtdiagram_options():
    from rtdiagram.render.options import RenderOptions

    return RenderOptions(engine="embedded")
