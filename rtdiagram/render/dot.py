"""Graph → Graphviz DOT text. Pure text: no subprocess, no layout.

Labels are plain quoted strings, one line per fact, because the embedded Graphviz (WASM) has
no HTML-label support: it silently draws the node name instead. Per-line styling (bold title,
muted details) is applied to the SVG afterwards by ``render.svg``, which knows each line's role
from :func:`node_lines`. Every attribute is set explicitly so Graphviz defaults do not leak in;
nothing random or absolute is written, so output is stable.
"""

from __future__ import annotations

import textwrap

from rtdiagram.render.graph import Edge, Graph, Node
from rtdiagram.render.options import RenderOptions, clean_text
from rtdiagram.render.sizes import (
    CLUSTER_FONT_SIZE,
    EDGE_FONT_SIZE,
    GROUP_FONT_SIZE,
    PANEL_FONT_SIZE,
    PANEL_MARGIN,
    TITLE_FONT_SIZE,
    label_font_size,
    node_size,
    panel_size,
)
from rtdiagram.render.theme import (
    FONT,
    KINDS,
    PALETTES,
    PROTOCOLS,
    SEVERITY_COLOURS,
    fill,
    line_colour,
)


LABEL_FONT = "Courier"  # Graphviz measures every character as 0.6 em: see render.sizes


def quote(text: str) -> str:
    """A DOT double-quoted string: backslash and quote escaped, newlines as centred breaks.

    Control characters become spaces: Graphviz would copy them into ill-formed XML.
    """
    escaped = clean_text(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


TITLE_WIDTH = 22     # characters a node title line holds before it wraps at a space
DETAIL_WIDTH = 30    # the same for technology and detail lines
CLUSTER_WIDTH = 18   # and for cluster titles


def wrap(text: str, width: int) -> str:
    """Long lines wrap at spaces (a single long word stays whole); existing breaks are kept."""
    return "\n".join("\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
                               or [line]) for line in text.split("\n"))


def node_lines(node: Node) -> list[tuple[str, str]]:
    """(role, text) for each label line: title, technology, kind, detail, codes."""
    title = wrap(node.title, TITLE_WIDTH) + (f"  ×{node.replicas}" if node.replicas > 1 else "")
    lines = [("title", title)]
    if node.technology:
        lines.append(("technology", wrap(node.technology, DETAIL_WIDTH)))
    lines.append(("kind", f"«{KINDS[node.kind].tag}»"))
    lines += [("detail", wrap(line, DETAIL_WIDTH)) for line in node.details]
    for start in range(0, len(node.codes), 4):  # four codes a line keeps flagged nodes compact
        lines.append(("codes", " ".join(node.codes[start:start + 4])))
    # A label line never contains a newline: user text with one is split into more lines.
    return [(role, part) for role, text in lines for part in text.split("\n")]


def render_dot(graph: Graph, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    out: list[str] = [
        f"// {options.marker}",
        "digraph rtdiagram {",
        # Labels outside nodes are laid out in Courier at a size covering their Inter text
        # (render.sizes); nodes have fixed sizes measured with the bundled font.
        f'  graph [rankdir={graph.direction}, bgcolor="{palette.background}", fontname="{LABEL_FONT}", '
        f'fontcolor="{palette.text}", fontsize={label_font_size(clean_text(graph.title).split(chr(10)), TITLE_FONT_SIZE, True)}, '
        f'labelloc=t, labeljust=l, label={quote(graph.title)}, nodesep=0.45, ranksep=0.9, pad=0.3, '
        f'splines=true, compound=true];',
        f'  node [fontname="{FONT}", fontsize=12, fontcolor="{palette.text}", '
        f'color="{palette.border}", penwidth=1.2, margin="0.1,0.05", fixedsize=true];',
        f'  edge [fontname="{LABEL_FONT}", fontsize={EDGE_FONT_SIZE:g}, fontcolor="{palette.muted}", arrowsize=0.8];',
    ]
    nodes = {node.id: node for node in graph.nodes}
    group_of = {member: group for group in graph.replica_groups for member in group.nodes}
    in_cluster: set[str] = set()
    for cluster in graph.clusters:
        wrapped = wrap(clean_text(cluster.label), CLUSTER_WIDTH).split("\n")  # "\l": left-justified lines
        label = "".join(quote(line)[1:-1] + "\\l" for line in wrapped) if len(wrapped) > 1 else quote(cluster.label)[1:-1]
        out.append(f'  subgraph "cluster_{cluster.id}" {{')
        out.append(
            f'    graph [label="{label}", style="rounded,filled", '
            f'fillcolor="{palette.cluster_fill}", color="{palette.cluster_border}", '
            f'fontsize={label_font_size(wrapped, CLUSTER_FONT_SIZE)}, fontcolor="{palette.muted}", labeljust=l, margin=14];'
        )
        for node_id in cluster.nodes:
            if node_id in in_cluster:
                continue
            group = group_of.get(node_id)
            if group is not None:  # --expand-replicas: a dashed frame around one component's replicas
                out.append(f'    subgraph "cluster_{group.id}" {{')
                out.append(f'      graph [label={quote(group.label)}, style="dashed,rounded", '
                           f'color="{palette.border}", fontsize={label_font_size([clean_text(group.label)], GROUP_FONT_SIZE)}, '
                           f'fontcolor="{palette.muted}", labeljust=c, margin=10];')
                out += ["      " + _node(nodes[member], options) for member in group.nodes]
                in_cluster.update(group.nodes)
                out.append("    }")
                continue
            out.append("    " + _node(nodes[node_id], options))
            in_cluster.add(node_id)
        out.append("  }")
    for node in graph.nodes:
        if node.id not in in_cluster:
            out.append("  " + _node(node, options))
    for edge in graph.edges:
        out.append("  " + _edge(edge, options))
    out += _tier_order(graph)
    if graph.panel:
        out += _panel(graph, options)
    out.append("}")
    return "\n".join(out) + "\n"


def _node(node: Node, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    look = KINDS[node.kind]
    lines = node_lines(node)
    label = "\n".join(text for _, text in lines)
    width, height = node_size(look.shape, lines)
    colour, penwidth = palette.border, "1.2"
    if node.severity:
        colour, penwidth = SEVERITY_COLOURS[node.severity], "2.6"
    extra = ", peripheries=2" if node.replicas > 1 and look.shape != "box3d" else ""
    return (
        f'"{node.id}" [label={quote(label)}, shape={look.shape}, style="{look.style}", '
        f'fillcolor="{fill(node.kind, options.theme)}", color="{colour}", penwidth={penwidth}, '
        f'width={width:g}, height={height:g}, tooltip={quote(f"{node.component} ({node.kind})")}{extra}];'
    )


def _edge(edge: Edge, options: RenderOptions) -> str:
    look = PROTOCOLS[edge.protocol]
    colour = line_colour(edge.protocol, options.theme)
    if edge.severity:
        colour = SEVERITY_COLOURS[edge.severity]
    attrs = [
        f'color="{colour}"',
        f'style="{look.style}"',
        f"penwidth={look.penwidth}",
        f"dir={edge.direction}",
    ]
    if edge.label:
        attrs.append(f"label={quote(edge.label)}")
        size = label_font_size(clean_text(edge.label).split("\n"), EDGE_FONT_SIZE)
        if size != EDGE_FONT_SIZE:
            attrs.append(f"fontsize={size:g}")
    if edge.direction == "both":
        attrs.append("arrowtail=normal")
    if edge.source_group:
        attrs.append(f'ltail="cluster_{edge.source_group}"')
    if edge.target_group:
        attrs.append(f'lhead="cluster_{edge.target_group}"')
    return f'"{edge.source}" -> "{edge.target}" [{", ".join(attrs)}];'


def _tier_order(graph: Graph) -> list[str]:
    """Graphviz ranks a node without edges first, so an unlinked component would pull its tier
    to the far left. An invisible edge from the previous tier keeps the tiers in order."""
    linked = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    out = []
    for previous, cluster in zip(graph.clusters, graph.clusters[1:]):
        for node_id in cluster.nodes:
            if node_id not in linked:
                out.append(f'  "{previous.nodes[0]}" -> "{node_id}" [style=invis, weight=0];')
    return out


# The checklist's marks, as glyphs that the bundled font has.
PANEL_MARKS = str.maketrans({"✔": "✓", "✘": "✗", "◐": "≈"})


def _panel(graph: Graph, options: RenderOptions) -> list[str]:
    palette = PALETTES[options.theme]
    # "\l" ends a left-justified line in a plain Graphviz label.
    lines = [clean_text(line).translate(PANEL_MARKS) for line in graph.panel]
    text = "".join(quote(line)[1:-1] + "\\l" for line in lines)
    width, height = panel_size(lines)
    return [
        f'  "_panel" [shape=note, style=filled, fillcolor="{palette.cluster_fill}", '
        f'color="{palette.cluster_border}", fontsize={PANEL_FONT_SIZE:g}, margin="{PANEL_MARGIN},0.1", '
        f'width={width:g}, height={height:g}, label="{text}"];'
    ]
