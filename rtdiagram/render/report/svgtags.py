"""SVG for inlining in the report: no prolog, ids made unique per drawing, and every node and
edge tagged with the model component or link it stands for (``data-c``, ``data-l``).

Graphviz writes ``<g id="node3" class="node"><title>ws-1</title>`` for a node and
``<title>a&#45;&gt;b</title>`` for an edge; the view graph says which component each node id
stands for, so the page's script can highlight a component in every view.
"""

from __future__ import annotations

import html
import re

from rtdiagram.render.graph import Graph

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_GROUP = re.compile(r'<g id="([^"]*)" class="(node|edge)">\s*<title>([^<]*)</title>')
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|href="#)([^)"]+)')
_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')


def inline_svg(svg: str, prefix: str, css_class: str = "diagram") -> str:
    """Prolog and comments dropped, ids prefixed, fixed size removed (the page scales it)."""
    svg = _PROLOG.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    svg = _SIZE.sub(r"\1", svg)
    svg = _SIZE.sub(r"\1", svg)
    return re.sub(r"<svg\b", f'<svg class="{css_class}" role="img"', svg, count=1)


def tag_architecture(svg: str, graph: Graph) -> str:
    """``data-c`` on nodes (the component id), ``data-l`` on edges (``from>to`` of the link)."""
    component_of = {node.id: node.component for node in graph.nodes}
    edge_pairs: dict[tuple[str, str], str] = {}
    for edge in graph.edges:
        source = component_of.get(edge.source, edge.source)
        target = component_of.get(edge.target, edge.target)
        edge_pairs[(edge.source, edge.target)] = f"{source}>{target}"

    def tag(match: re.Match) -> str:
        group_id, kind, title = match.groups()
        text = html.unescape(title)
        if kind == "node":
            component = component_of.get(text)
            if component is None:
                return match.group(0)
            return match.group(0).replace('class="node"', f'class="node" data-c="{html.escape(component)}"', 1)
        source, _, target = text.partition("->")
        link = edge_pairs.get((source, target))
        if link is None:
            return match.group(0)
        return match.group(0).replace('class="edge"', f'class="edge" data-l="{html.escape(link)}"', 1)

    return _GROUP.sub(tag, svg)


def tag_sequence(svg: str) -> str:
    """Sequence participants are ``<g class="participant" id="participant-ID">``: tag them too."""
    return re.sub(r'<g class="participant" id="participant-([^"]+)"',
                  lambda m: f'<g class="participant" data-c="{m.group(1)}" id="participant-{m.group(1)}"', svg)
