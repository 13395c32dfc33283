"""Graph + Graphviz's JSON layout → a draw.io (diagrams.net) file of the architecture view.

An uncompressed ``mxfile`` of plain ``mxCell`` vertices and edges, so it opens looking like the
SVG and stays editable. Positions are Graphviz's (``engines.layout(dot, "json", …)``), with the
y axis flipped (Graphviz's origin is bottom-left, mxGraph's top-left). Tiers and groups are
containers, so moving one moves its nodes; a node's cell id is its view id (the component id),
an edge's is ``FROM->TO`` (``#2``… for a repeated pair), neither of which a model id can collide
with (ids match ``[a-z][a-z0-9_-]*``). Labels are HTML (``html=1``): every user string is
escaped, and control characters are removed, as in every other writer.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from html import escape as _escape

from rtdiagram.render.dot import node_lines
from rtdiagram.render.fonts import text_width
from rtdiagram.render.graph import Graph, Node
from rtdiagram.render.options import RenderOptions, clean_text
from rtdiagram.render.sizes import CLUSTER_FONT_SIZE, EDGE_FONT_SIZE, GROUP_FONT_SIZE, PANEL_FONT_SIZE, ROLE_STYLE
from rtdiagram.render.svg import legend_rows
from rtdiagram.render.theme import KINDS, PALETTES, PROTOCOLS, SEVERITY_COLOURS, SEVERITY_TEXT, fill, line_colour

MARGIN = 20.0
POINTS = 72.0  # Graphviz sizes are in inches

# Graphviz shape → the closest mxGraph style (shapes of draw.io's General and Basic libraries).
SHAPES = {
    "box": "rounded=0",
    "hexagon": "shape=hexagon;perimeter=hexagonPerimeter2;fixedSize=1;size=18",
    "box3d": "shape=cube;size=8;darkOpacity=0.05;darkOpacity2=0.1",
    "tab": "shape=folder;tabWidth=28;tabHeight=8;tabPosition=left",
    "cds": "shape=step;perimeter=stepPerimeter;fixedSize=1;size=12",
    "ellipse": "ellipse",
    "parallelogram": "shape=parallelogram;perimeter=parallelogramPerimeter;fixedSize=1;size=14",
    "component": "shape=component;jettyWidth=10;jettyHeight=5",
    "cylinder": "shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=8",
    "octagon": "shape=mxgraph.basic.octagon2;dx=12",
    "note": "shape=note;size=12",
    "trapezium": "shape=trapezoid;perimeter=trapezoidPerimeter;fixedSize=1;size=14",
}
DASHES = {"dashed": "dashed=1;dashPattern=6 3", "dotted": "dashed=1;dashPattern=1 3"}


def num(value: float) -> str:
    """A coordinate as written: two decimals at most, no trailing zeros, never "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def style(*parts: str, **values: object) -> str:
    items = [p for p in parts if p] + [f"{key}={value}" for key, value in values.items()]
    return ";".join(items) + ";"


def escape(text: str) -> str:
    """Text as HTML element content: ``&``, ``<`` and ``>`` escaped (quotes need not be)."""
    return _escape(text, quote=False)


def html_text(text: str) -> str:
    """User text inside an HTML label: markup escaped, line breaks as <br>."""
    return "<br>".join(escape(line) for line in clean_text(text).split("\n"))


class _Canvas:
    """Graphviz points → page coordinates (top-left origin, MARGIN all round)."""

    def __init__(self, bb: str) -> None:
        self.x0, self.y0, self.x1, self.y1 = (float(v) for v in bb.split(","))

    def point(self, x: float, y: float) -> tuple[float, float]:
        return x - self.x0 + MARGIN, self.y1 - y + MARGIN

    def box(self, bb: str) -> tuple[float, float, float, float]:
        """A Graphviz "llx,lly,urx,ury" box → (x, y, width, height) on the page."""
        llx, lly, urx, ury = (float(v) for v in bb.split(","))
        x, y = self.point(llx, ury)
        return x, y, urx - llx, ury - lly

    def centred(self, pos: str, width: float, height: float) -> tuple[float, float, float, float]:
        cx, cy = self.point(*(float(v) for v in pos.split(",")[:2]))
        return cx - width / 2, cy - height / 2, width, height


def render_drawio(graph: Graph, layout_json: bytes, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    data = json.loads(layout_json)
    canvas = _Canvas(data["bb"])
    objects = {obj["name"]: obj for obj in data.get("objects", [])}
    width, height = canvas.x1 - canvas.x0 + 2 * MARGIN, canvas.y1 - canvas.y0 + 2 * MARGIN

    cells: list[ET.Element] = [ET.Element("mxCell", id="0"), ET.Element("mxCell", id="1", parent="0")]
    origin: dict[str, tuple[float, float]] = {"1": (0.0, 0.0)}  # cell id → its top-left on the page

    def vertex(cell_id: str, value: str, look: str, box: tuple[float, float, float, float], parent: str = "1") -> None:
        cell = ET.Element("mxCell", id=cell_id, value=value, style=look, vertex="1", parent=parent)
        px, py = origin[parent]
        x, y, w, h = box
        ET.SubElement(cell, "mxGeometry", x=num(x - px), y=num(y - py), width=num(w), height=num(h),
                      **{"as": "geometry"})
        origin[cell_id] = (x, y)
        cells.append(cell)

    if "lp" in data and graph.title:
        w, h = float(data.get("lwidth", 0)) * POINTS + 40, float(data.get("lheight", 0)) * POINTS
        x, y, _, _ = canvas.centred(data["lp"], w - 40, h)
        vertex("rtdiagram:title", html_text(graph.title), style(
            "text", "html=1", "whiteSpace=wrap", align="left", verticalAlign="middle", fontStyle=1,
            fontSize=20, fontColor=palette.text), (x, y, w, h))

    # clusters (tiers, user groups) and replica frames are containers: their members move with them
    group_of = {member: group for group in graph.replica_groups for member in group.nodes}
    parent_of: dict[str, str] = {}
    for cluster in graph.clusters:
        cell_id = f"cluster:{cluster.id}"
        vertex(cell_id, html_text(cluster.label), _cluster_style(options, False),
               canvas.box(objects[f"cluster_{cluster.id}"]["bb"]))
        for node_id in cluster.nodes:
            group = group_of.get(node_id)
            if group is not None and f"cluster:{group.id}" not in origin:
                vertex(f"cluster:{group.id}", html_text(group.label), _cluster_style(options, True),
                       canvas.box(objects[f"cluster_{group.id}"]["bb"]), cell_id)
            parent_of[node_id] = f"cluster:{group.id}" if group is not None else cell_id
    for node in graph.nodes:
        obj = objects[node.id]
        vertex(node.id, _node_label(node, options), _node_style(node, options),
               canvas.centred(obj["pos"], float(obj["width"]) * POINTS, float(obj["height"]) * POINTS),
               parent_of.get(node.id, "1"))
    if graph.panel and "_panel" in objects:
        obj = objects["_panel"]
        text = "<br>".join(escape(clean_text(line)) for line in graph.panel)
        vertex("rtdiagram:panel", text, style(
            "shape=note", "size=10", "html=1", "whiteSpace=wrap", align="left", verticalAlign="middle",
            spacingLeft=10, fontSize=num(PANEL_FONT_SIZE), fillColor=palette.cluster_fill,
            strokeColor=palette.cluster_border, fontColor=palette.text),
            canvas.centred(obj["pos"], float(obj["width"]) * POINTS, float(obj["height"]) * POINTS))

    # Graphviz numbers edges in its own order: each view edge takes the next laid-out edge
    # between the same two nodes (a repeated pair is alike at both ends anyway)
    names = {obj["_gvid"]: obj["name"] for obj in data.get("objects", [])}
    laid_out: dict[tuple[str, str], list[dict]] = {}
    for obj in data.get("edges", []):
        laid_out.setdefault((names[obj["tail"]], names[obj["head"]]), []).append(obj)
    used: dict[str, int] = {}
    for edge in graph.edges:
        obj = laid_out[(edge.source, edge.target)].pop(0)
        key = f"{edge.source}->{edge.target}"
        used[key] = used.get(key, 0) + 1
        cell_id = key if used[key] == 1 else f"{key}#{used[key]}"
        source = f"cluster:{edge.source_group}" if edge.source_group else edge.source
        target = f"cluster:{edge.target_group}" if edge.target_group else edge.target
        cells.append(_edge(cell_id, edge, obj, source, target, canvas, options))

    if options.legend:
        height += _legend(cells, graph, options, height - MARGIN / 2)
    model = ET.Element("mxGraphModel", dx="0", dy="0", grid="1", gridSize="10", guides="1", tooltips="1",
                       connect="1", arrows="1", fold="1", page="1", pageScale="1",
                       pageWidth=str(math.ceil(width)), pageHeight=str(math.ceil(height)), math="0",
                       shadow="0", background=palette.background)
    ET.SubElement(model, "root").extend(cells)
    mxfile = ET.Element("mxfile", host="rtdiagram", compressed="false")
    ET.SubElement(mxfile, "diagram", id="architecture", name=clean_text(graph.title).replace("\n", " ")[:80] or "architecture").append(model)
    ET.indent(mxfile)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {options.marker} -->\n'
            + ET.tostring(mxfile, encoding="unicode") + "\n")


def _cluster_style(options: RenderOptions, replicas: bool) -> str:
    palette = PALETTES[options.theme]
    if replicas:  # --expand-replicas: a dashed frame around one component's replicas
        return style("rounded=1", "absoluteArcSize=1", "arcSize=10", "html=1", "whiteSpace=wrap",
                     "container=1", "collapsible=0", "dashed=1", fillColor="none", strokeColor=palette.border,
                     fontColor=palette.muted, fontSize=num(GROUP_FONT_SIZE), verticalAlign="top", align="center")
    return style("rounded=1", "absoluteArcSize=1", "arcSize=12", "html=1", "whiteSpace=wrap", "container=1",
                 "collapsible=0", fillColor=palette.cluster_fill, strokeColor=palette.cluster_border,
                 fontColor=palette.muted, fontSize=num(CLUSTER_FONT_SIZE), verticalAlign="top", align="left",
                 spacingLeft=10, spacingTop=2)


def _node_style(node: Node, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    look = KINDS[node.kind]
    stroke, pen = (SEVERITY_COLOURS[node.severity], "2.6") if node.severity else (palette.border, "1.2")
    extras = ["rounded=1", "absoluteArcSize=1", "arcSize=10"] if "rounded" in look.style else []
    if "dashed" in look.style:
        extras.append("dashed=1")
    if node.replicas > 1 and look.shape != "box3d":  # a stack: Graphviz draws a second border
        extras.append("shadow=1")
    return style(SHAPES[look.shape], *extras, "html=1", "whiteSpace=wrap", fillColor=fill(node.kind, options.theme),
                 strokeColor=stroke, strokeWidth=pen, fontColor=palette.text, fontSize=12,
                 fontFamily="Helvetica", verticalAlign="middle", align="center")


def _node_label(node: Node, options: RenderOptions) -> str:
    """The lines of the SVG's label: bold title, technology, «kind», details, finding codes."""
    muted = PALETTES[options.theme].muted
    parts = []
    for role, text in node_lines(node):
        size, bold = ROLE_STYLE[role]
        body = escape(clean_text(text))
        colour = muted if role in ("kind", "detail") else None
        if role == "codes" and node.severity:
            colour = SEVERITY_TEXT[options.theme][node.severity]
        css = f"font-size:{num(size)}px" + (f";color:{colour}" if colour else "")
        body = f"<b>{body}</b>" if bold else body
        parts.append(f'<span style="{css}">{body}</span>')
    return "<br>".join(parts)


def _edge(cell_id: str, edge, obj: dict, source: str, target: str, canvas: _Canvas, options: RenderOptions) -> ET.Element:
    palette = PALETTES[options.theme]
    look = PROTOCOLS[edge.protocol]
    colour = SEVERITY_COLOURS[edge.severity] if edge.severity else line_colour(edge.protocol, options.theme)
    start, end = {"forward": ("none", "block"), "back": ("block", "none"), "both": ("block", "block")}[edge.direction]
    cell = ET.Element("mxCell", id=cell_id, value=html_text(edge.label), style=style(
        "edgeStyle=none", "curved=1", "html=1", DASHES.get(look.style, ""), startArrow=start, startFill=1,
        endArrow=end, endFill=1, startSize=6, endSize=6, strokeColor=colour, strokeWidth=num(look.penwidth),
        fontColor=palette.muted, fontSize=num(EDGE_FONT_SIZE), labelBackgroundColor=palette.background),
        edge="1", parent="1", source=source, target=target)
    geometry = ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
    path = [canvas.point(x, y) for x, y in _spline(obj.get("pos", ""))]
    inner = _simplify(path, 2.0)[1:-1] if len(path) > 2 else []
    if inner:
        points = ET.SubElement(geometry, "Array", **{"as": "points"})
        for x, y in inner:
            ET.SubElement(points, "mxPoint", x=num(x), y=num(y))
    if edge.label and "lp" in obj and path:
        mx, my = _midpoint([path[0], *inner, path[-1]])
        lx, ly = canvas.point(*(float(v) for v in obj["lp"].split(",")))
        ET.SubElement(geometry, "mxPoint", x=num(lx - mx), y=num(ly - my), **{"as": "offset"})
    return cell


def _spline(pos: str) -> list[tuple[float, float]]:
    """Graphviz's edge ``pos`` (cubic B-spline control points, after the optional ``s,``/``e,``
    arrow tips) → points along the curve: each segment sampled at thirds."""
    control = [tuple(float(v) for v in token.split(",")) for token in pos.split() if not token.startswith(("s,", "e,"))]
    if len(control) < 4:
        return [(p[0], p[1]) for p in control]
    points = [control[0]]
    for i in range(0, len(control) - 3, 3):
        p0, p1, p2, p3 = control[i:i + 4]
        for t in (1 / 3, 2 / 3, 1.0):
            u = 1 - t
            points.append(tuple(u ** 3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t ** 3 * d
                                for a, b, c, d in zip(p0, p1, p2, p3)))
    return [(p[0], p[1]) for p in points]


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker: drop points within ``tolerance`` of the line through their neighbours."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = math.hypot(bx - ax, by - ay) or 1.0
    far, index = max((abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / length, i)
                     for i, (x, y) in enumerate(points[1:-1], start=1))
    if far <= tolerance:
        return [points[0], points[-1]]
    return _simplify(points[:index + 1], tolerance)[:-1] + _simplify(points[index:], tolerance)


def _midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The point halfway along a polyline: where mxGraph puts an edge label at offset (0, 0)."""
    segments = [(a, b, math.hypot(b[0] - a[0], b[1] - a[1])) for a, b in zip(points, points[1:])]
    remaining = sum(length for *_, length in segments) / 2
    for (ax, ay), (bx, by), length in segments:
        if remaining <= length and length > 0:
            t = remaining / length
            return ax + (bx - ax) * t, ay + (by - ay) * t
        remaining -= length
    return points[-1]


def _legend(cells: list[ET.Element], graph: Graph, options: RenderOptions, top: float) -> float:
    """A key below the drawing, as in the SVG: a sample line per protocol look used. Returns
    the height it adds to the page."""
    rows = legend_rows(graph, options.theme)
    if not rows:
        return 0.0
    palette = PALETTES[options.theme]
    row, pad = 16.0, 10.0
    width = pad * 2 + 54 + max(text_width(text, 10.0) for *_, text in rows) + 8
    height = pad * 2 + 14 + row * len(rows)
    legend = ET.Element("mxCell", id="rtdiagram:legend", value="<b>Legend</b>", vertex="1", parent="1", style=style(
        "rounded=1", "absoluteArcSize=1", "arcSize=12", "html=1", "container=1", "collapsible=0",
        fillColor=palette.background, strokeColor=palette.cluster_border, fontColor=palette.muted, fontSize=10,
        verticalAlign="top", align="left", spacingLeft=pad, spacingTop=2))
    ET.SubElement(legend, "mxGeometry", x=num(MARGIN), y=num(top), width=num(width), height=num(height),
                  **{"as": "geometry"})
    cells.append(legend)
    for index, (colour, dot_style, pen, text) in enumerate(rows):
        y = pad + 14 + row * index + row / 2
        line = ET.Element("mxCell", id=f"rtdiagram:legend-{index + 1}", value="", edge="1",
                          parent="rtdiagram:legend", style=style(
                              "html=1", DASHES.get(dot_style, ""), endArrow="block", endFill=1, endSize=6,
                              strokeColor=colour, strokeWidth=num(pen)))
        geometry = ET.SubElement(line, "mxGeometry", relative="1", **{"as": "geometry"})
        ET.SubElement(geometry, "mxPoint", x=num(pad), y=num(y), **{"as": "sourcePoint"})
        ET.SubElement(geometry, "mxPoint", x=num(pad + 46), y=num(y), **{"as": "targetPoint"})
        label = ET.Element("mxCell", id=f"rtdiagram:legend-{index + 1}-text", value=escape(text), vertex="1",
                           parent="rtdiagram:legend", style=style("text", "html=1", align="left",
                                                                   verticalAlign="middle", fontSize=10,
                                                                   fontColor=palette.text))
        ET.SubElement(label, "mxGeometry", x=num(pad + 54), y=num(y - row / 2), width=num(width - pad * 2 - 54),
                      height=num(row), **{"as": "geometry"})
        cells += [line, label]
    return height + MARGIN / 2
