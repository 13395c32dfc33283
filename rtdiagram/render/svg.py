"""Finishing touches on Graphviz SVG: the generated-by marker, the bundled font, line styles.

Graphviz draws each label line as its own ``<text>``. The DOT writer knows each line's role
(title, technology, kind, detail, finding codes), so here the lines get their weight, size and
colour, as measured by ``render.sizes``. Labels outside nodes were laid out in Courier at a
size covering their text (see ``render.sizes``): they get their real size here. Positions are
never moved, so the layout stays exactly as computed.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from rtdiagram.render.dot import node_lines
from rtdiagram.render.fonts import STACK, text_width
from rtdiagram.render.graph import Graph
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.sizes import (
    CLUSTER_FONT_SIZE,
    EDGE_FONT_SIZE,
    GROUP_FONT_SIZE,
    ICON_GAP,
    ICON_SIZE,
    PANEL_FONT_SIZE,
    ROLE_STYLE,
    TITLE_FONT_SIZE,
)
from rtdiagram.render.theme import ICONS, PALETTES, PROTOCOLS, SEVERITY_COLOURS, SEVERITY_TEXT, line_colour

_GROUP = re.compile(r'(<g id="[^"]*" class="(node|edge|cluster)">\s*<title>([^<]*)</title>)(.*?)(</g>)', re.S)
_TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")
_FAMILY = re.compile(r'font-family="[^"]*"')


def finish_svg(svg: str, graph: Graph, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    marker = f"<!-- {options.marker} -->\n"
    svg = re.sub(r"(<svg\b)", lambda m: marker + m.group(1), svg, count=1)
    svg = _FAMILY.sub(f'font-family="{STACK}"', svg)
    nodes = {node.id: node for node in graph.nodes}

    def style_group(match: re.Match) -> str:
        head, kind, name, body, tail = match.groups()
        if kind == "edge":
            body = _TEXT.sub(lambda t: _text(t, size=EDGE_FONT_SIZE), body)
        elif kind == "cluster":
            size = GROUP_FONT_SIZE if name.startswith("cluster_replicas-") else CLUSTER_FONT_SIZE
            body = _TEXT.sub(lambda t: _text(t, size=size), body)
        elif name == "_panel":
            body = _TEXT.sub(lambda t: _text(t, size=PANEL_FONT_SIZE, role="panel"), body)
        elif _unescape(name) in nodes:
            body = _style_node(nodes[_unescape(name)], body, palette.muted, options.theme)
        return head + body + tail

    svg = _GROUP.sub(style_group, svg)
    # what is left in Courier is the diagram's title
    svg = _TEXT.sub(lambda t: t.group(0) if "data-role" in t.group(1)
                    else _text(t, size=TITLE_FONT_SIZE, bold=True, role="diagram-title"), svg)
    if options.legend and (graph.protocols or _severities(graph)):
        svg = _append_legend(svg, graph, options)
    return svg


def _text(match: re.Match, size: float, bold: bool = False, role: str = "label") -> str:
    attrs = _set(match.group(1), "font-size", f"{size:.2f}")
    if bold:
        attrs += ' font-weight="bold"'
    return f'<text {attrs} data-role="{role}">{match.group(2)}</text>'


def _style_node(node, body: str, muted: str, theme: str) -> str:
    lines = node_lines(node)
    texts = _TEXT.findall(body)
    if len(texts) != len(lines):
        return body
    index = iter(lines)
    icon = ""

    def style_text(text_match: re.Match) -> str:
        nonlocal icon
        role, content = next(index)
        size, bold = ROLE_STYLE[role]
        attrs = _set(text_match.group(1), "font-size", f"{size:.2f}")
        if bold and (role != "codes" or node.severity):
            attrs += ' font-weight="bold"'
        if role in ("kind", "detail"):
            attrs = _set(attrs, "fill", muted)
        elif role == "codes" and node.severity:
            attrs = _set(attrs, "fill", SEVERITY_TEXT[theme][node.severity])
        if role == "title" and not icon:
            icon = _icon(node.kind, attrs, text_width(content, size, bold), muted)
        return f'<text {attrs} data-role="{role}">{text_match.group(2)}</text>'

    return _TEXT.sub(style_text, body) + icon


def _severities(graph: Graph) -> list[str]:
    used = {n.severity for n in graph.nodes} | {e.severity for e in graph.edges}
    return [s for s in ("error", "warning", "info") if s in used]


def legend_rows(graph: Graph, theme: str) -> list[tuple[str, str, float, str]]:
    """(colour, DOT style, pen width, meaning) per legend row: protocols drawn alike share one
    row, so every colour and line style in the legend means one thing."""
    rows: dict[tuple[str, str, float], list[str]] = {}
    for protocol in graph.protocols:
        look = PROTOCOLS[protocol]
        rows.setdefault((line_colour(protocol, theme), look.style, look.penwidth), []).append(look.description)
    return [(colour, style, width, ", ".join(names)) for (colour, style, width), names in rows.items()]


def _append_legend(svg: str, graph: Graph, options: RenderOptions) -> str:
    """A compact key below the drawing: a sample line per protocol used, and its name; under
    --findings, a sample border per severity."""
    palette = PALETTES[options.theme]
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"\s+viewBox="([\d.\s-]+)"', svg)
    if not size:
        return svg
    width, height = float(size.group(1)), float(size.group(2))
    rows = legend_rows(graph, options.theme)
    severities = _severities(graph)
    row, pad, font = 16.0, 10.0, 10.0
    labels = [text for *_, text in rows] + [f"{s} finding (border, codes)" for s in severities]
    legend_h = pad * 2 + 14 + row * len(labels)
    legend_w = pad * 2 + 54 + max(text_width(t, font) for t in labels + ["Legend"])
    x0, y0 = 8.0, height + 4
    parts = [
        f'<g id="legend" class="legend" font-family="{STACK}">',
        f'<rect x="{x0}" y="{y0}" width="{legend_w:.1f}" height="{legend_h:.1f}" rx="6" '
        f'fill="{palette.background}" stroke="{palette.cluster_border}"/>',
        f'<text x="{x0 + pad}" y="{y0 + pad + 9}" font-size="10.00" font-weight="bold" '
        f'fill="{palette.muted}">Legend</text>',
    ]
    for index, (colour, style, pen, text) in enumerate(rows):
        y = y0 + pad + 14 + row * index + row / 2
        dash = {"dashed": ' stroke-dasharray="5,2"', "dotted": ' stroke-dasharray="1,3"'}.get(style, "")
        parts.append(f'<line class="legend-line" x1="{x0 + pad}" y1="{y:.1f}" x2="{x0 + pad + 40}" y2="{y:.1f}" '
                     f'stroke="{colour}" stroke-width="{pen}"{dash}/>')
        parts.append(f'<polygon points="{x0 + pad + 40},{y - 3:.1f} {x0 + pad + 46},{y:.1f} '
                     f'{x0 + pad + 40},{y + 3:.1f}" fill="{colour}"/>')
        parts.append(f'<text x="{x0 + pad + 54}" y="{y + 3.5:.1f}" font-size="{font:.2f}" '
                     f'fill="{palette.text}">{escape(text)}</text>')
    for index, severity in enumerate(severities, start=len(rows)):
        y = y0 + pad + 14 + row * index + row / 2
        colour = SEVERITY_COLOURS[severity]
        parts.append(f'<rect class="legend-severity" x="{x0 + pad + 4}" y="{y - 5:.1f}" width="38" height="10" rx="2" '
                     f'fill="none" stroke="{colour}" stroke-width="2.6"/>')
        parts.append(f'<text x="{x0 + pad + 54}" y="{y + 3.5:.1f}" font-size="{font:.2f}" '
                     f'fill="{palette.text}">{escape(labels[index])}</text>')
    parts.append("</g>")
    new_w, new_h = max(width, x0 + legend_w + 8), height + legend_h + 12
    svg = svg.replace(size.group(0), f'<svg width="{new_w:.0f}pt" height="{new_h:.0f}pt"\n viewBox="0.00 0.00 {new_w:.2f} {new_h:.2f}"', 1)
    # Graphviz paints its background as the first polygon of graph0; extend the page instead.
    background = f'<rect x="0" y="0" width="{new_w:.2f}" height="{new_h:.2f}" fill="{palette.background}"/>'
    svg = re.sub(r'(<g id="graph0")', lambda m: background + "\n" + m.group(1), svg, count=1)
    return svg.replace("</svg>", "\n".join(parts) + "\n</svg>")


def _icon(kind: str, title_attrs: str, title_width: float, colour: str) -> str:
    """The kind's icon, left of the (centred) first title line; sizes.node_size left room."""
    numbers = {name: float(value) for name, value in re.findall(r'\b(x|y|font-size)="(-?[\d.]+)"', title_attrs)}
    if "x" not in numbers or "y" not in numbers:
        return ""
    x = numbers["x"] - title_width / 2 - ICON_GAP - ICON_SIZE
    y = numbers["y"] - numbers.get("font-size", 12.0) * 0.36 - ICON_SIZE / 2
    return (f'<g class="icon" transform="translate({x:.2f} {y:.2f}) scale({ICON_SIZE / 12:.3f})" fill="none" '
            f'stroke="{colour}" stroke-width="1.2" stroke-linecap="round" stroke-linejoin="round">'
            f'{ICONS[kind]}</g>')


def _set(attrs: str, name: str, value: str) -> str:
    if re.search(rf'\b{name}="', attrs):
        return re.sub(rf'\b{name}="[^"]*"', f'{name}="{value}"', attrs)
    return f'{attrs} {name}="{value}"'


def _unescape(text: str) -> str:
    return (text.replace("&#45;", "-").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&amp;", "&"))
