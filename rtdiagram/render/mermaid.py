"""Graph → Mermaid flowchart text (for Markdown docs that render Mermaid)."""

from __future__ import annotations

from rtdiagram.render.graph import Graph
from rtdiagram.render.options import RenderOptions, clean_text
from rtdiagram.render.theme import KINDS, PALETTES, PROTOCOLS, SEVERITY_COLOURS, fill, line_colour

RESERVED = {"end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click",
            "linkstyle", "default", "direction"}


def mermaid_id(identifier: str) -> str:
    """Mermaid ids: '-' becomes '_' (an id like 'a--b' would read as a link); keywords get '_'."""
    safe = identifier.replace("-", "_")
    return f"{safe}_" if safe.lower() in RESERVED else safe


def text(value: str, special: str = '"#<>&|`;%') -> str:
    """Escape text for a quoted Mermaid label with entity codes; newlines become <br/>.

    Brackets and parentheses are safe inside quotes and stay readable. ``%`` is coded so a
    ``%%{init: …}%%`` directive in user text is shown, never applied; a carriage return ends
    a statement in Mermaid, so CR/CRLF count as a newline and other control characters go.
    """
    out = []
    for char in clean_text(value):
        if char == "\n":
            out.append("<br/>")
        elif char in special:
            out.append(f"#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def _yaml_string(value: str) -> str:
    """The front matter is YAML: a single-quoted scalar needs only '' for a quote.

    Control characters are dropped (YAML refuses them) and ``%%`` is split, so no directive.
    """
    clean = " ".join(clean_text(value).split())
    while "%%" in clean:
        clean = clean.replace("%%", "% %")
    return "'" + clean.replace("'", "''") + "'"


def render_mermaid(graph: Graph, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    lines = [  # Mermaid requires the front matter on the first line: the marker follows it
        "---",
        f"title: {_yaml_string(graph.title)}",
        "config:",
        f"  theme: {'dark' if options.theme == 'dark' else 'default'}",
        "---",
        f"%% {options.marker}",
        f"flowchart {graph.direction}",
    ]
    nodes = {node.id: node for node in graph.nodes}
    group_of = {member: group for group in graph.replica_groups for member in group.nodes}
    for cluster in graph.clusters:
        lines.append(f'  subgraph {mermaid_id(cluster.id)}["{text(cluster.label)}"]')
        done: set[str] = set()
        for node_id in cluster.nodes:
            group = group_of.get(node_id)
            if group is None:
                lines.append("    " + _node(nodes[node_id]))
            elif group.id not in done:  # --expand-replicas: the replicas in their own frame
                done.add(group.id)
                lines.append(f'    subgraph {mermaid_id(group.id)}["{text(group.label)}"]')
                lines += ["      " + _node(nodes[member]) for member in group.nodes]
                lines.append("    end")
        lines.append("  end")
    for edge in graph.edges:
        arrow = PROTOCOLS[edge.protocol].mermaid
        if edge.direction == "both" and not arrow.startswith("<"):
            arrow = "<" + arrow
        label = f'|"{text(edge.label)}"|' if edge.label else ""
        source, target = edge.source_group or edge.source, edge.target_group or edge.target
        if edge.direction == "back":
            source, target = target, source
        lines.append(f"  {mermaid_id(source)} {arrow}{label} {mermaid_id(target)}")
    for kind in sorted({node.kind for node in graph.nodes}):
        dash = ",stroke-dasharray:4 3" if "dashed" in KINDS[kind].style else ""
        lines.append(f"  classDef {kind} fill:{fill(kind, options.theme)},stroke:{palette.border},"
                     f"color:{palette.text}{dash}")
    for kind in sorted({node.kind for node in graph.nodes}):
        members = ",".join(mermaid_id(n.id) for n in graph.nodes if n.kind == kind)
        lines.append(f"  class {members} {kind}")
    for severity in ("info", "warning", "error"):
        flagged = [mermaid_id(n.id) for n in graph.nodes if n.severity == severity]
        if flagged:
            lines.append(f"  classDef finding_{severity} stroke:{SEVERITY_COLOURS[severity]},stroke-width:3px")
            lines.append(f"  class {','.join(flagged)} finding_{severity}")
    for index, edge in enumerate(graph.edges):
        look = PROTOCOLS[edge.protocol]
        colour = SEVERITY_COLOURS[edge.severity] if edge.severity else line_colour(edge.protocol, options.theme)
        lines.append(f"  linkStyle {index} stroke:{colour},stroke-width:{look.penwidth}px")
    return "\n".join(lines) + "\n"


def _node(node) -> str:
    parts = [f"<b>{text(node.title)}</b>" + (f" ×{node.replicas}" if node.replicas > 1 else "")]
    if node.technology:
        parts.append(text(node.technology))
    parts.append(f"<i>{text(KINDS[node.kind].tag)}</i>")
    parts += [text(line) for line in node.details]
    if node.codes:
        parts.append(text(" ".join(node.codes)))
    opener, closer = _shape(node.kind)
    return f'{mermaid_id(node.id)}{opener}"{"<br/>".join(parts)}"{closer}'


def _shape(kind: str) -> tuple[str, str]:
    return {
        "client": ("(", ")"),
        "cdn": ("{{", "}}"), "load_balancer": ("{{", "}}"), "proxy": ("{{", "}}"),
        "ingress": ("{{", "}}"),
        "datastore": ("[(", ")]"),
        "pubsub": (">", "]"), "queue": ("[/", "/]"),
        "presence": ("([", "])"),
        "registry": ("[[", "]]"),
        "auth": ("{{", "}}"),
    }.get(kind, ("[", "]"))
