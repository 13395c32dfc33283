"""Graph → D2 text (https://d2lang.com), compiled by the real d2 binary in the tests."""

from __future__ import annotations

from rtdiagram.render.graph import Graph
from rtdiagram.render.options import RenderOptions, clean_text
from rtdiagram.render.theme import KINDS, PALETTES, PROTOCOLS, SEVERITY_COLOURS, fill, line_colour

SHAPES = {
    "client": "rectangle", "cdn": "hexagon", "load_balancer": "hexagon", "proxy": "hexagon",
    "ingress": "hexagon", "gateway": "rectangle", "registry": "stored_data", "pubsub": "queue",
    "presence": "oval", "queue": "queue", "service": "rectangle", "datastore": "cylinder",
    "auth": "diamond", "external": "cloud", "monitoring": "page", "turn": "parallelogram",
    "stun": "parallelogram",
}


def quote(value: str) -> str:
    """A D2 double-quoted string: backslash, quote, newline and '$' (substitution) escaped."""
    escaped = (clean_text(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("$", "\\$"))
    return f'"{escaped}"'


MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>&$~:\"'=^%@;,/?")


def markdown(value: str) -> str:
    """Plain text as Markdown that shows exactly that text: every ASCII punctuation mark is
    backslash-escaped (CommonMark allows it for all of them), so no emphasis, HTML, list,
    heading or D2 block-string end (``|``) can come from user text."""
    lines = [" ".join(line.split()) for line in clean_text(value).split("\n")]
    return "\n".join("".join(f"\\{c}" if c in MARKDOWN_SPECIAL else c for c in line) for line in lines if line)


def render_d2(graph: Graph, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    direction = {"LR": "right", "TB": "down"}[graph.direction]
    lines = [
        f"# {options.marker}",
        # the dark theme's defaults for anything not styled below; every colour we use is explicit
        f"vars: {{d2-config: {{theme-id: {200 if options.theme == 'dark' else 0}}}}}",
        f"direction: {direction}",
        f'style.fill: "{palette.background}"',
        f"title: {quote(graph.title)} {{",
        "  near: top-center",
        "  shape: text",
        "  style.font-size: 24",
        "  style.bold: true",
        f'  style.font-color: "{palette.text}"',
        "}",
    ]
    path_of: dict[str, str] = {}
    nodes = {node.id: node for node in graph.nodes}
    group_of = {member: group for group in graph.replica_groups for member in group.nodes}
    for cluster in graph.clusters:
        lines.append(f"{quote(cluster.id)}: {quote(cluster.label)} {{")
        lines.append(f'  style.fill: "{palette.cluster_fill}"')
        lines.append(f'  style.stroke: "{palette.cluster_border}"')
        lines.append(f'  style.font-color: "{palette.muted}"')
        lines.append("  style.font-size: 18")
        for node_id in cluster.nodes:
            group = group_of.get(node_id)
            if group is None:
                lines += ["  " + line for line in _node(nodes[node_id], options)]
                path_of[node_id] = f"{quote(cluster.id)}.{quote(node_id)}"
            elif group.id not in path_of:  # --expand-replicas: the replicas in their own frame
                path_of[group.id] = f"{quote(cluster.id)}.{quote(group.id)}"
                lines += [f"  {quote(group.id)}: {quote(group.label)} {{",
                          f'    style.fill: "{palette.cluster_fill}"', f'    style.stroke: "{palette.border}"',
                          "    style.stroke-dash: 3", f'    style.font-color: "{palette.muted}"', "    style.font-size: 14"]
                for member in group.nodes:
                    lines += ["    " + line for line in _node(nodes[member], options)]
                    path_of[member] = f"{path_of[group.id]}.{quote(member)}"
                lines.append("  }")
        lines.append("}")
    for node in graph.nodes:
        if node.id not in path_of:
            lines += _node(node, options)
            path_of[node.id] = quote(node.id)
    for edge in graph.edges:
        look = PROTOCOLS[edge.protocol]
        arrow = {"forward": "->", "back": "<-", "both": "<->"}[edge.direction]
        label = f": {quote(edge.label)}" if edge.label else ""
        colour = SEVERITY_COLOURS[edge.severity] if edge.severity else line_colour(edge.protocol, options.theme)
        style = [f'style.stroke: "{colour}"', f"style.stroke-width: {max(1, round(look.penwidth))}",
                 f'style.font-color: "{palette.muted}"']
        if look.d2_dash:
            style.append(f"style.stroke-dash: {look.d2_dash}")
        source, target = path_of[edge.source_group or edge.source], path_of[edge.target_group or edge.target]
        lines.append(f"{source} {arrow} {target}{label} {{")
        lines += [f"  {item}" for item in style]
        lines.append("}")
    return "\n".join(lines) + "\n"


def _node(node, options: RenderOptions) -> list[str]:
    """A Markdown label, so the lines differ as in the SVG: **title**, technology, *kind*,
    details; the border is ours, not D2's default blue."""
    palette = PALETTES[options.theme]
    parts = [f"**{markdown(node.title)}**" + (f" ×{node.replicas}" if node.replicas > 1 else "")]
    if node.technology:
        parts.append(markdown(node.technology))
    parts.append(f"*{markdown(KINDS[node.kind].tag)}*")
    parts += [markdown(line) for line in node.details]
    if node.codes:
        parts.append(markdown(" ".join(node.codes)))
    body = "\\\n".join(line for part in parts for line in part.split("\n") if line)
    lines = [
        f"{quote(node.id)}: |||md",
        *[f"  {line}" for line in body.split("\n")],
        "||| {",
        f"  shape: {SHAPES[node.kind]}",
        f'  style.fill: "{fill(node.kind, options.theme)}"',
        f'  style.stroke: "{palette.border}"',
        f'  style.font-color: "{palette.text}"',
    ]
    if node.replicas > 1:
        lines.append("  style.multiple: true")
    if "dashed" in KINDS[node.kind].style:
        lines.append("  style.stroke-dash: 3")
    if node.severity:
        lines.append(f'  style.stroke: "{SEVERITY_COLOURS[node.severity]}"')
        lines.append("  style.stroke-width: 3")
    lines.append("}")
    return lines
