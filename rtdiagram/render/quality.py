"""Measured quality of a finished SVG (ours: Graphviz + ``render.svg``, or ``render.sequence``).

Text boxes come from the bundled font's metrics (``render.fonts``), the same numbers the
layout used, so a box that leaves its node here leaves it in the PNG and the PDF too.

* :func:`problems` lists what must never happen: text outside its node, cluster, panel,
  legend or canvas; two texts overlapping; a legend colour/line style meaning two things, or
  two legend colours too alike; text below WCAG AA contrast on what is behind it.
* :func:`metrics` counts what should be low: edge crossings, edge labels crossed by a line,
  the aspect ratio and the canvas size.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import combinations

from rtdiagram.render.fonts import text_width

NS = "{http://www.w3.org/2000/svg}"
INK_TOP = 0.78        # em above the baseline that Inter's capitals and ascenders reach
INK_BOTTOM = 0.24     # em below it for descenders
MIN_COLOUR_DISTANCE = 20.0   # CIE76 ΔE between two legend colours
EPS = 0.75            # points of tolerance for rounding in Graphviz's coordinates


@dataclass(frozen=True)
class Text:
    text: str
    box: tuple[float, float, float, float]   # x0, y0, x1, y1
    fill: str
    size: float
    bold: bool
    owner: ET.Element | None                 # the node / cluster / participant / legend around it


def _floats(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def _offset(root: ET.Element) -> tuple[float, float]:
    graph = next((g for g in root.iter(f"{NS}g") if g.get("id") == "graph0"), None)
    match = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", graph.get("transform", "")) if graph is not None else None
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _owner(element: ET.Element, parents: dict) -> ET.Element | None:
    while element in parents:
        element = parents[element]
        if element.get("class") in ("node", "cluster", "participant", "legend"):
            return element
    return None


def texts(svg: bytes | str) -> tuple[ET.Element, list[Text]]:
    root = ET.fromstring(svg)
    parents = _parents(root)
    dx, dy = _offset(root)
    graph0 = next((g for g in root.iter(f"{NS}g") if g.get("id") == "graph0"), None)
    inside_graph = set(graph0.iter()) if graph0 is not None else set()
    found = []
    for element in root.iter(f"{NS}text"):
        content = "".join(element.itertext())
        if not content.strip():
            continue
        size = float(element.get("font-size") or _inherited(element, parents, "font-size") or 14)
        bold = (element.get("font-weight") or "") == "bold"
        width = text_width(content.strip(), size, bold)
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        if element in inside_graph:
            x, y = x + dx, y + dy
        anchor = element.get("text-anchor") or _inherited(element, parents, "text-anchor") or "start"
        x0 = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
        fill = element.get("fill") or _inherited(element, parents, "fill") or "#000000"
        found.append(Text(content, (x0, y - INK_TOP * size, x0 + width, y + INK_BOTTOM * size),
                          fill, size, bold, _owner(element, parents)))
    return root, found


def _inherited(element: ET.Element, parents: dict, name: str) -> str | None:
    while element in parents:
        element = parents[element]
        if element.get(name):
            return element.get(name)
    return None


def canvas(root: ET.Element) -> tuple[float, float]:
    box = _floats(root.get("viewBox", ""))
    if len(box) == 4:
        return box[2], box[3]
    return _floats(root.get("width", "0"))[0], _floats(root.get("height", "0"))[0]


# ---- shapes ---------------------------------------------------------------------------------

def _shape(owner: ET.Element, offset: tuple[float, float]):
    """(kind, data, fill) of the owner's outline: polygon points, ellipse, or a path's bbox."""
    dx, dy = offset if owner.get("class") in ("node", "cluster") else (0.0, 0.0)
    for element in owner.iter():
        tag = element.tag.removeprefix(NS)
        fill = element.get("fill")
        if tag == "polygon":
            values = _floats(element.get("points", ""))
            return "polygon", [(x + dx, y + dy) for x, y in zip(values[::2], values[1::2])], fill
        if tag == "ellipse":
            return "ellipse", (float(element.get("cx")) + dx, float(element.get("cy")) + dy,
                               float(element.get("rx")), float(element.get("ry"))), fill
        if tag == "path":
            values = _floats(re.sub(r"[A-Za-z]", " ", element.get("d", "")))
            xs, ys = values[::2], values[1::2]
            return "box", (min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy), fill
        if tag == "rect":
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            return "box", (x, y, x + float(element.get("width")), y + float(element.get("height"))), fill
    return None


def _inside(point: tuple[float, float], shape) -> bool:
    kind, data, _ = shape
    x, y = point
    if kind == "box":
        return data[0] - EPS <= x <= data[2] + EPS and data[1] - EPS <= y <= data[3] + EPS
    if kind == "ellipse":
        cx, cy, rx, ry = data
        return ((x - cx) / (rx + EPS)) ** 2 + ((y - cy) / (ry + EPS)) ** 2 <= 1.0
    inside = False
    for (x1, y1), (x2, y2) in zip(data, data[1:] + data[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    if inside:
        return True
    return any(_segment_distance(point, a, b) <= EPS for a, b in zip(data, data[1:] + data[:1]))


def _segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length = (bx - ax) ** 2 + (by - ay) ** 2
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length))
    return math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay))


def _overlap(a, b) -> bool:
    return a[0] < b[2] - EPS and b[0] < a[2] - EPS and a[1] < b[3] - EPS and b[1] < a[3] - EPS


# ---- colour ---------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip().lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        r, g, b = (_linear(c) for c in _rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour_distance(a: str, b: str) -> float:
    """CIE76 ΔE between two sRGB colours (about 2.3 is just noticeable; 20+ reads as different)."""
    def lab(colour: str) -> tuple[float, float, float]:
        r, g, b_ = (_linear(c) for c in _rgb(colour))
        x = (0.4124 * r + 0.3576 * g + 0.1805 * b_) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b_
        z = (0.0193 * r + 0.1192 * g + 0.9505 * b_) / 1.08883
        f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])
    return math.dist(lab(a), lab(b))


def _is_colour(value: str | None) -> bool:
    return bool(value and re.fullmatch(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", value.strip()))


# ---- checks ---------------------------------------------------------------------------------

def problems(svg: bytes | str) -> list[str]:
    root, found = texts(svg)
    offset = _offset(root)
    width, height = canvas(root)
    page = ("box", (0.0, 0.0, width, height), None)
    background = _page_background(root)
    out: list[str] = []
    shapes: dict[ET.Element, object] = {}
    for text in found:
        shape = page
        if text.owner is not None:
            shape = shapes.setdefault(text.owner, _shape(text.owner, offset)) or page
        x0, y0, x1, y1 = text.box
        if not all(_inside(corner, shape) for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))):
            out.append(f"text {text.text!r} leaves its {_name(text.owner)}")
        behind = shape[2] if _is_colour(shape[2]) else background
        if text.owner is not None and text.owner.get("class") == "legend":
            behind = shape[2] if _is_colour(shape[2]) else background
        if _is_colour(text.fill) and _is_colour(behind):
            ratio = contrast(text.fill, behind)
            large = text.size >= 18 or (text.bold and text.size >= 14)
            if ratio < (3.0 if large else 4.5):
                out.append(f"text {text.text!r}: contrast {ratio:.2f} on {behind} (AA needs {3.0 if large else 4.5})")
    for a, b in combinations(found, 2):
        if _overlap(a.box, b.box):
            out.append(f"texts overlap: {a.text!r} and {b.text!r}")
    out += legend_problems(root)
    return out


def _page_background(root: ET.Element) -> str:
    for element in root.iter():
        if element.tag in (f"{NS}rect", f"{NS}polygon") and _is_colour(element.get("fill")):
            return element.get("fill")
    return "#ffffff"


def _name(owner: ET.Element | None) -> str:
    if owner is None:
        return "canvas"
    title = owner.find(f"{NS}title")
    return f"{owner.get('class')} {title.text if title is not None else ''}".strip()


def legend_problems(root: ET.Element) -> list[str]:
    """Every legend colour and line style means one thing, and legend colours are far apart."""
    legend = next((g for g in root.iter(f"{NS}g") if g.get("class") == "legend"), None)
    if legend is None:
        return []
    items = list(legend)
    rows: list[tuple[tuple[str, str], str]] = []
    for index, element in enumerate(items):
        if element.get("class") in ("legend-line", "legend-severity"):
            label = next(("".join(e.itertext()) for e in items[index + 1:] if e.tag == f"{NS}text"), "")
            rows.append(((element.get("stroke", "").lower(), element.get("stroke-dasharray", "")), label))
    out = []
    meanings: dict[tuple[str, str], set[str]] = {}
    for key, label in rows:
        meanings.setdefault(key, set()).add(label)
    for key, labels in meanings.items():
        if len(labels) > 1:
            out.append(f"legend: {key[0]} {key[1] or 'solid'} means {sorted(labels)}")
    colours = sorted({key[0] for key, _ in rows})
    for a, b in combinations(colours, 2):
        if colour_distance(a, b) < MIN_COLOUR_DISTANCE:
            out.append(f"legend: colours {a} and {b} are too alike (ΔE {colour_distance(a, b):.1f})")
    return out


# ---- metrics --------------------------------------------------------------------------------

def _edge_polylines(root: ET.Element) -> list[tuple[str, list[tuple[float, float]]]]:
    dx, dy = _offset(root)
    edges = []
    for group in root.iter(f"{NS}g"):
        if group.get("class") != "edge":
            continue
        title = group.find(f"{NS}title")
        path = next((p for p in group.iter(f"{NS}path")), None)
        if path is None:
            continue
        values = _floats(re.sub(r"[A-Za-z]", " ", path.get("d", "")))
        points = list(zip(values[::2], values[1::2]))
        sampled = [points[0]]
        for i in range(1, len(points) - 2, 3):   # cubic Béziers: 8 samples each
            p0, p1, p2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
            for step in range(1, 9):
                t = step / 8
                sampled.append(tuple(((1 - t) ** 3) * a + 3 * ((1 - t) ** 2) * t * b + 3 * (1 - t) * t * t * c + t ** 3 * d
                                     for a, b, c, d in zip(p0, p1, p2, p3)))
        edges.append((title.text if title is not None else "", [(x + dx, y + dy) for x, y in sampled]))
    return edges


def _crossings(a: list, b: list) -> list[tuple[float, float]]:
    points = []
    for (p1, p2) in zip(a, a[1:]):
        for (p3, p4) in zip(b, b[1:]):
            d = (p2[0] - p1[0]) * (p4[1] - p3[1]) - (p2[1] - p1[1]) * (p4[0] - p3[0])
            if d == 0:
                continue
            t = ((p3[0] - p1[0]) * (p4[1] - p3[1]) - (p3[1] - p1[1]) * (p4[0] - p3[0])) / d
            u = ((p3[0] - p1[0]) * (p2[1] - p1[1]) - (p3[1] - p1[1]) * (p2[0] - p1[0])) / d
            if 0 <= t < 1 and 0 <= u < 1:
                point = (p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1]))
                if all(math.dist(point, q) > 4 for q in points):
                    points.append(point)
    return points


def metrics(svg: bytes | str) -> dict[str, float]:
    root, found = texts(svg)
    edges = _edge_polylines(root)
    crossings = 0
    for (name_a, a), (name_b, b) in combinations(edges, 2):
        ends_a, ends_b = set(name_a.split("&#45;&gt;")), set(name_b.split("&#45;&gt;"))
        if ends_a & ends_b or set(name_a.split("->")) & set(name_b.split("->")):
            continue  # edges meeting at a shared node are not crossings
        crossings += len(_crossings(a, b))
    labels = [t for t in found if t.owner is None and t.size <= 11]
    crossed = sum(1 for t in labels if any(_crosses_box(line, t.box) for _, line in edges))
    overlaps = sum(1 for a, b in combinations(found, 2) if _overlap(a.box, b.box))
    width, height = canvas(root)
    return {"crossings": crossings, "labels_crossed": crossed, "label_overlaps": overlaps,
            "aspect": round(width / height, 2) if height else 0.0, "width": round(width), "height": round(height)}


def _crosses_box(line: list, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < x < x1 and y0 < y < y1 for x, y in line) or any(
        _crossings(line, edge) for edge in ([(x0, y0), (x1, y0)], [(x0, y1), (x1, y1)], [(x0, y0), (x0, y1)], [(x1, y0), (x1, y1)]))

