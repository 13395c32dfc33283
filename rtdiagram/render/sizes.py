"""Sizes for Graphviz, measured with the bundled font, so layout and drawing agree.

* Nodes get ``fixedsize`` width and height: the text box (each line at the size and weight the
  SVG draws it, see ``render.svg``) plus padding, grown so that the box fits *inside* the
  node's shape (a hexagon or an ellipse holds less than its bounding box).
* Edge, cluster and graph labels cannot have a fixed size in Graphviz. They are laid out in
  ``Courier``, whose every character Graphviz (embedded or system) measures as 0.6 em, at a
  font size chosen so that this estimate covers the text drawn in Inter at its real size; the
  finishing step then sets the real size and family.
"""

from __future__ import annotations

import math

from rtdiagram.render.fonts import text_width

POINTS_PER_INCH = 72.0
NODE_FONT_SIZE = 12.0        # Graphviz lays every node line out at this size...
LINE_SLOT = NODE_FONT_SIZE * 1.2   # ...one line every 14.4 pt
# ...and the SVG draws each role at its own size and weight.
ROLE_STYLE: dict[str, tuple[float, bool]] = {
    "title": (12.0, True), "technology": (11.0, False), "kind": (10.0, False),
    "detail": (10.0, False), "codes": (12.0, True),
}
ICON_SIZE, ICON_GAP = 11.0, 4.0   # the kind icon, left of the first title line
PAD_X, PAD_Y = 12.0, 8.0          # text box → node box (inside the shape)

EDGE_FONT_SIZE = 10.0
CLUSTER_FONT_SIZE = 13.0
GROUP_FONT_SIZE = 11.0
TITLE_FONT_SIZE = 20.0
PANEL_FONT_SIZE = 10.0
PANEL_MARGIN = 0.15               # inches, each side: Graphviz starts "\l" lines here
COURIER_EM = 0.6                  # Graphviz's width of every Courier character, in em
LABEL_SLACK = 4.0                 # points of room left around a label's drawn text


def line_width(role: str, text: str) -> float:
    size, bold = ROLE_STYLE[role]
    return text_width(text, size, bold)


def node_size(kind_shape: str, lines: list[tuple[str, str]], extra_periphery: bool = False) -> tuple[float, float]:
    """(width, height) in inches of a node drawing ``lines`` in ``kind_shape``."""
    widths = [line_width(role, text) for role, text in lines]
    first_title = next((i for i, (role, _) in enumerate(lines) if role == "title"), None)
    if first_title is not None:  # the text is centred, the icon sits left of it: room both sides
        widths[first_title] += 2 * (ICON_SIZE + ICON_GAP)
    w = max(widths, default=0.0) + 2 * PAD_X
    h = len(lines) * LINE_SLOT + 2 * PAD_Y
    width, height = fit_shape(kind_shape, w, h)
    return round(width / POINTS_PER_INCH, 3), round(height / POINTS_PER_INCH, 3)


def fit_shape(shape: str, w: float, h: float) -> tuple[float, float]:
    """The smallest node (W, H) in points of ``shape`` whose inside holds a centred w × h box.

    The fractions come from Graphviz's own shape geometry (shapes.c): a hexagon's top edge is
    half its width, an octagon cuts 0.293 of each side, a cylinder's caps take H/11 each…
    """
    if shape == "ellipse":
        return w * math.sqrt(2), h * math.sqrt(2)
    if shape == "cylinder":           # caps: the box must stay below the top cap's lower curve
        return w, h / (1 - 4 / 11)
    if shape == "cds":                # body is 5/6 of the height, the tip takes 1/12 of the width
        return w / (5 / 6) + 1, h / (5 / 6)
    # a: the box's half-height over the node's half-height. The slanted sides of a hexagon or
    # an octagon cut less into a taller node; these ratios keep the shapes near 2:1.
    if shape == "hexagon":
        return w / (1 - 0.8 / 2), h / 0.8
    if shape == "octagon":
        return w / (1 - (0.72 - 0.414)), h / 0.72
    height = h + 8
    a = h / height
    if shape == "parallelogram":
        return w / (0.826 - 0.212 * a), height
    if shape == "trapezium":
        return w / (0.792 - 0.208 * a), height
    if shape in ("box3d", "note", "component", "tab"):
        return w + 8, h + 4           # the 3-D depth, folded corner or side tabs
    return w, h


def label_font_size(lines: list[str], size: float, bold: bool = False) -> float:
    """The Courier size at which Graphviz reserves enough room for ``lines`` drawn in Inter
    at ``size``: never smaller than ``size``, so the height reserved is enough too."""
    needed = size
    for line in lines:
        if line:
            needed = max(needed, (text_width(line, size, bold) + LABEL_SLACK) / (COURIER_EM * len(line)))
    return math.ceil(needed * 10) / 10


def panel_size(lines: list[str]) -> tuple[float, float]:
    w = max((text_width(line, PANEL_FONT_SIZE) for line in lines), default=0.0)
    width = w + 2 * PANEL_MARGIN * POINTS_PER_INCH + 8
    height = len(lines) * PANEL_FONT_SIZE * 1.2 + 2 * PAD_Y + 8
    return round(width / POINTS_PER_INCH, 3), round(height / POINTS_PER_INCH, 3)
