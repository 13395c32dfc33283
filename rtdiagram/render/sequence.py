"""Flows → sequence diagrams: our own small SVG layout, Mermaid ``sequenceDiagram``, and D2's
native ``shape: sequence_diagram``.

Lifelines and arrows are easy to place deterministically, so no layout engine is involved:
participants appear in order of first use, and the gap between two lifelines grows until
every message drawn between them fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr

from rtdiagram.model.document import Flow, Model
from rtdiagram.knowledge.names import technology_label
from rtdiagram.render.d2 import quote as d2_quote
from rtdiagram.render.mermaid import mermaid_id
from rtdiagram.render.mermaid import text as mermaid_text
from rtdiagram.render.options import RenderOptions, clean_text, shorten
from rtdiagram.render.fonts import STACK
from rtdiagram.render.fonts import text_width as measure
from rtdiagram.render.theme import PALETTES, fill

BOX_H = 46
STEP_H = 44
MARGIN = 24
FONT_SIZE = 13
SMALL = 11


def escape(text: str) -> str:
    """XML text: control characters (never well-formed in XML 1.0) become spaces."""
    return _xml_escape(" ".join(clean_text(text).split("\n")))


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Measured with the bundled font, which the SVG names first and PNG/PDF draw with."""
    return measure(text, size, bold)


@dataclass(frozen=True)
class Participant:
    id: str
    title: str
    technology: str
    kind: str

    @property
    def width(self) -> float:
        return max(110.0, text_width(self.title, FONT_SIZE, True) + 28, text_width(self.technology, SMALL) + 28)


def participants(model: Model, flow: Flow) -> list[Participant]:
    order: dict[str, None] = {}
    for step in flow.steps:
        order.setdefault(step.from_, None)
        order.setdefault(step.to, None)
    result = []
    for component_id in order:
        component = model.by_id[component_id]
        result.append(Participant(component_id, component.display_name,
                                  technology_label(component) or "", component.kind))
    return result


def render_sequence_svg(model: Model, flow: Flow, options: RenderOptions) -> str:
    palette = PALETTES[options.theme]
    people = participants(model, flow)
    index = {p.id: i for i, p in enumerate(people)}
    centres = _centres(people, flow, index)
    title = f"{model.system.name} — {flow.name}"
    width = max(centres[-1] + people[-1].width / 2 + MARGIN, text_width(title, 16, True) + 2 * MARGIN,
                text_width(shorten(clean_text(flow.description or "")), SMALL) + 2 * MARGIN)
    top = MARGIN + 34 + (18 if flow.description else 0)
    first_step_y = top + BOX_H + 34
    height = first_step_y + STEP_H * len(flow.steps) + MARGIN
    out = [
        f"<!-- {options.marker} -->",
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{STACK}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="100%" height="100%" fill="{palette.background}"/>',
        "<defs>",
        f'<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{palette.text}"/></marker>',
        "</defs>",
        f'<text x="{MARGIN}" y="{MARGIN + 18}" font-size="16" font-weight="bold" '
        f'fill="{palette.text}">{escape(title)}</text>',
    ]
    if flow.description:
        out.append(f'<text x="{MARGIN}" y="{MARGIN + 38}" font-size="{SMALL}" '
                   f'fill="{palette.muted}">{escape(shorten(flow.description))}</text>')
    bottom = height - MARGIN
    for person, x in zip(people, centres):
        out.append(f'<g class="participant" id={quoteattr("participant-" + person.id)}>')
        out.append(f"<title>{escape(person.id)}</title>")
        out.append(f'<line x1="{x:.1f}" y1="{top + BOX_H}" x2="{x:.1f}" y2="{bottom}" '
                   f'stroke="{palette.cluster_border}" stroke-width="1.5" stroke-dasharray="5 4"/>')
        out.append(f'<rect x="{x - person.width / 2:.1f}" y="{top}" width="{person.width:.1f}" '
                   f'height="{BOX_H}" rx="6" fill="{fill(person.kind, options.theme)}" '
                   f'stroke="{palette.border}"/>')
        title_y = top + (20 if person.technology else 28)
        out.append(f'<text x="{x:.1f}" y="{title_y}" text-anchor="middle" font-size="{FONT_SIZE}" '
                   f'font-weight="bold" fill="{palette.text}">{escape(person.title)}</text>')
        if person.technology:
            out.append(f'<text x="{x:.1f}" y="{top + 36}" text-anchor="middle" font-size="{SMALL}" '
                       f'fill="{palette.muted}">{escape(person.technology)}</text>')
        out.append("</g>")
    for number, step in enumerate(flow.steps, start=1):
        y = first_step_y + STEP_H * (number - 1)
        x1, x2 = centres[index[step.from_]], centres[index[step.to]]
        dash = ' stroke-dasharray="6 4"' if step.reply else ""
        label = f"{number}. {shorten(step.message)}" if step.message else f"{number}."
        out.append(f'<g class="step" id="step-{number}">')
        if x1 == x2:  # a component talking to itself: a small loop to the right
            out.append(f'<path d="M{x1:.1f},{y} h36 v14 h-36" fill="none" stroke="{palette.text}" '
                       f'stroke-width="1.4"{dash} marker-end="url(#arrow)"/>')
            out.append(f'<text x="{x1 + 42:.1f}" y="{y + 4}" font-size="{SMALL}" '
                       f'fill="{palette.text}">{escape(label)}</text>')
        else:
            out.append(f'<line x1="{x1:.1f}" y1="{y}" x2="{x2:.1f}" y2="{y}" stroke="{palette.text}" '
                       f'stroke-width="1.4"{dash} marker-end="url(#arrow)"/>')
            out.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{y - 7}" text-anchor="middle" '
                       f'font-size="{SMALL}" fill="{palette.text}">{escape(label)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _centres(people: list[Participant], flow: Flow, index: dict[str, int]) -> list[float]:
    centres = [0.0] * len(people)
    x = MARGIN
    for i, person in enumerate(people):
        centres[i] = x + person.width / 2
        x += person.width + 30
    spans = sorted(
        ((index[s.from_], index[s.to], shorten(s.message or ""), n) for n, s in enumerate(flow.steps, start=1)),
        key=lambda span: abs(span[1] - span[0]),
    )
    for a, b, message, number in spans:
        low, high = min(a, b), max(a, b)
        if low == high:
            continue
        needed = text_width(f"{number}. {message}", SMALL) + 24
        deficit = needed - (centres[high] - centres[low])
        if deficit > 0:
            for k in range(high, len(centres)):
                centres[k] += deficit
    return centres


def render_sequence_mermaid(model: Model, flow: Flow, options: RenderOptions) -> str:
    lines = [
        f"%% {options.marker}",
        "sequenceDiagram",
        f"  title {mermaid_text(model.system.name + ' — ' + flow.name)}",
    ]
    for person in participants(model, flow):
        alias = mermaid_text(person.title)
        kind = "actor" if person.kind == "client" else "participant"
        lines.append(f"  {kind} {mermaid_id(person.id)} as {alias}")
    for step in flow.steps:
        arrow = "-->>" if step.reply else "->>"
        message = mermaid_text(step.message) or " "
        lines.append(f"  {mermaid_id(step.from_)}{arrow}{mermaid_id(step.to)}: {message}")
    return "\n".join(lines) + "\n"


def render_sequence_d2(model: Model, flow: Flow, options: RenderOptions) -> str:
    """One D2 ``sequence_diagram``: actors are the flow's components (clients as people),
    messages in order, replies dashed. Every string is a quoted, escaped D2 string, as in the
    architecture D2 (``render.d2.quote``), and every colour is ours, in both themes."""
    palette = PALETTES[options.theme]
    lines = [
        f"# {options.marker}",
        f"vars: {{d2-config: {{theme-id: {200 if options.theme == 'dark' else 0}}}}}",
        f'style.fill: "{palette.background}"',
        f"title: {d2_quote(model.system.name + ' — ' + flow.name)} {{",
        "  near: top-center",
        "  shape: text",
        "  style.font-size: 20",
        "  style.bold: true",
        f'  style.font-color: "{palette.text}"',
        "}",
        'flow: "" {',
        "  shape: sequence_diagram",
        f'  style.fill: "{palette.background}"',
        f'  style.stroke: "{palette.background}"',
    ]
    for person in participants(model, flow):
        label = person.title + (f"\n{person.technology}" if person.technology else "")
        lines += [f"  {d2_quote(person.id)}: {d2_quote(label)} {{"]
        if person.kind == "client":
            lines.append("    shape: person")
        lines += [f'    style.fill: "{fill(person.kind, options.theme)}"', f'    style.stroke: "{palette.border}"',
                  f'    style.font-color: "{palette.text}"', "  }"]
    for step in flow.steps:
        message = shorten(clean_text(step.message or "").replace("\n", " "))
        label = f": {d2_quote(message)}" if message.strip() else ""
        lines.append(f"  {d2_quote(step.from_)} -> {d2_quote(step.to)}{label} {{")
        lines += [f'    style.stroke: "{palette.text}"', f'    style.font-color: "{palette.text}"']
        if step.reply:
            lines.append("    style.stroke-dash: 4")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"
