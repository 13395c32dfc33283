"""Layout decisions, checked in the laid-out SVG: tier order survives unlinked components, long
titles wrap, and --expand-replicas draws the real-time path per replica and the rest once."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rtdiagram import load_file, load_text
from rtdiagram.render.dot import node_lines
from rtdiagram.render.graph import ViewOptions, build_graph
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.pipeline import render_architecture
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
OPTS = RenderOptions(engine="embedded")


def cluster_left_edges(svg: bytes) -> dict[str, float]:
    edges = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") == "cluster":
            name = group.find(f"{SVG}title").text.removeprefix("cluster_")
            shape = group.find(f"{SVG}path") if group.find(f"{SVG}path") is not None else group.find(f"{SVG}polygon")
            numbers = re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape.get("d") or shape.get("points"))
            edges[name] = min(float(x) for x, _ in numbers)
    return edges


def test_an_unlinked_component_keeps_the_tier_order() -> None:
    model = load_text(
        "system: {name: x}\ncomponents:\n  - {id: web, kind: client}\n  - {id: lb, kind: load_balancer}\n"
        "  - {id: gw, kind: gateway}\n  - {id: bus, kind: pubsub, technology: redis}\n"
        "  - {id: auth, kind: auth, method: jwt}\n  - {id: db, kind: datastore}\n"
        "links:\n  - {from: web, to: lb, protocol: websocket}\n  - {from: lb, to: gw, protocol: websocket}\n"
        "  - {from: gw, to: bus, protocol: pubsub}\n  - {from: gw, to: db, protocol: sql}\n"
    ).model
    left = cluster_left_edges(render_architecture(model, "svg", ViewOptions(), OPTS))
    assert left["tier-clients"] < left["tier-edge"] < left["tier-gateway"] < left["tier-messaging"] < left["tier-services"]


def test_flawed_example_draws_services_right_of_clients() -> None:
    model = load_file(ROOT / "examples" / "flawed-chat.yaml").model
    left = cluster_left_edges(render_architecture(model, "svg", ViewOptions(), OPTS))
    assert left["tier-clients"] == min(left.values()) and left["tier-services"] > left["tier-gateway"]


def test_long_titles_wrap_at_spaces() -> None:
    model = load_text("system: {name: x}\ncomponents:\n"
                      "  - {id: a, kind: pubsub, label: In-process event emitter for every room}\n").model
    (node,) = build_graph(model).nodes
    titles = [text for role, text in node_lines(node) if role == "title"]
    assert titles == ["In-process event", "emitter for every room"]
    svg = render_architecture(model, "svg", ViewOptions(), OPTS).decode()
    assert svg.count('font-weight="bold"') >= 2  # both title lines styled as the title
    dot = render_architecture(load_file(ROOT / "examples" / "flawed-chat.yaml").model, "dot", ViewOptions(), OPTS).decode()
    assert 'label="Messaging &\\lconnection state\\l"' in dot


def test_expanded_replicas_show_the_real_time_path_per_replica_and_the_rest_once() -> None:
    model = load_file(ROOT / "examples" / "collab-editor.yaml").model
    graph = build_graph(model, ViewOptions(expand_replicas=True))
    replicas = ("ws-r1", "ws-r2", "ws-r3")
    pairs = {(e.source, e.target) for e in graph.edges}
    assert all(("nlb", r) in pairs for r in replicas)             # LB → each replica
    assert all((r, "bus") in pairs for r in replicas)             # each replica ↔ the fan-out layer
    others = [e for e in graph.edges if e.source in replicas and e.target not in ("bus", "nlb")]
    assert others and all(e.source == "ws-r1" and e.source_group == "replicas-ws" for e in others)
    per_link = {}
    for link in model.links:
        if link.from_ == "ws" and model.by_id[link.to].kind not in ("pubsub", "load_balancer"):
            per_link[link.to] = sum(1 for e in graph.edges if e.target == link.to and e.source in replicas)
    assert per_link and set(per_link.values()) == {1}            # drawn once, not once per replica
    assert [g.nodes for g in graph.replica_groups] == [replicas]
    dot = render_architecture(model, "dot", ViewOptions(expand_replicas=True), OPTS).decode()
    assert 'subgraph "cluster_replicas-ws"' in dot and dot.count('ltail="cluster_replicas-ws"') == len(others)
    svg = render_architecture(model, "svg", ViewOptions(expand_replicas=True), OPTS)
    ET.fromstring(svg)
    mermaid = render_architecture(model, "mermaid", ViewOptions(expand_replicas=True), OPTS).decode()
    assert '    subgraph replicas_ws["Socket.IO cluster ×3"]' in mermaid and "  replicas_ws -->" in mermaid
