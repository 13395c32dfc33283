"""The review as one self-contained HTML page: inline SVG, CSS and JS, no network at all.

A Content-Security-Policy of ``default-src 'none'`` with the script's own hash makes the page
unable to load anything, even if an SVG or a model string tried. Every model string is escaped
here (``html.escape``) or reaches the page as JSON text the script only assigns to
``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from dataclasses import replace

from markdown_it import MarkdownIt

from rtdiagram.analysis.capacity import num
from rtdiagram.analysis.capacity_format import grouped, input_text, missing_inputs, value_text
from rtdiagram.analysis.checklist import MARK
from rtdiagram.render.graph import ViewOptions, build_graph
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.pipeline import render_architecture, render_sequence
from rtdiagram.render.report.collect import (
    SEVERITIES, Review, component_figures, effective_values, line_span, marker, rule_doc,
)
from rtdiagram.render.report.script import SCRIPT
from rtdiagram.render.report.style import CSS
from rtdiagram.render.report.svgtags import inline_svg, tag_architecture, tag_sequence

E = html.escape
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def findings_marks(review: Review) -> tuple[dict, dict]:
    worst: dict[str, tuple[int, str]] = {}
    codes: dict[str, list[str]] = {}
    links: dict[tuple[str, str], str] = {}
    for finding in review.result.findings:
        if finding.component in review.model.by_id:
            rank = finding.severity.rank
            if finding.component not in worst or rank > worst[finding.component][0]:
                worst[finding.component] = (rank, finding.severity.value)
            codes.setdefault(finding.component, [])
            if finding.code not in codes[finding.component]:
                codes[finding.component].append(finding.code)
        if finding.link:
            links[finding.link] = finding.severity.value
    return ({cid: (worst[cid][1], tuple(sorted(codes[cid]))) for cid in worst}, links)


def architecture(review: Review, expanded: bool, options: RenderOptions) -> str:
    components, links = findings_marks(review)
    view = ViewOptions(expand_replicas=expanded, component_findings=components, link_findings=links)
    svg = render_architecture(review.model, "svg", view, options).decode("utf-8")
    graph = build_graph(review.model, view)
    return inline_svg(tag_architecture(svg, graph), "x" if expanded else "a")


def page_data(review: Review) -> dict:
    model, loaded = review.model, review.loaded
    findings = []
    per_component: dict[str, list[int]] = {c.id: [] for c in model.components}
    for index, finding in enumerate(review.result.findings):
        d = finding.diagnostic
        findings.append({"code": finding.code, "severity": finding.severity.value, "message": d.message,
                         "hint": d.hint or "", "line": d.start.line, "end": d.end.line if d.end else d.start.line,
                         "component": finding.component or "", "link": ">".join(finding.link) if finding.link else ""})
        if finding.component in per_component:
            per_component[finding.component].append(index)
    components = {}
    for component in model.components:
        values = [{"name": v.name, "value": v.value, "source": v.source, "note": v.note, "line": v.line}
                  for v in effective_values(loaded, component)]
        components[component.id] = {
            "name": component.display_name, "kind": component.kind, "technology": component.technology or "",
            "lines": list(line_span(loaded, ("components", model.index_of[component.id]))),
            "values": values, "findings": per_component[component.id],
            "figures": component_figures(review, component.id)}
    flows = [{"name": flow.name, "steps": [[s.from_, s.to, s.message, s.reply] for s in flow.steps]}
             for flow in model.flows]
    return {"components": components, "findings": findings, "flows": flows}


def json_island(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _findings_html(review: Review) -> str:
    out = []
    if not review.result.findings:
        out.append("<p>No findings.</p>")
    index = {id(f): i for i, f in enumerate(review.result.findings)}
    for severity in SEVERITIES:
        group = review.findings(severity)
        if not group:
            continue
        out.append(f'<h3 class="sev-{severity}">{severity.capitalize()} ({len(group)})</h3><ul class="findings">')
        for finding in group:
            i = index[id(finding)]
            d = finding.diagnostic
            where = f"{E(d.file)}:{d.start.line}:{d.start.column}"
            target = f" · <code>{E(finding.component)}</code>" if finding.component else ""
            hint = f'<div class="hint">Fix: {E(d.hint)}</div>' if d.hint else ""
            doc = _MD.render(rule_doc(finding))
            out.append(
                f'<li class="finding {severity}" id="finding-{i}" data-f="{i}"><span class="code">{E(finding.code)}</span> '
                f'{E(d.message)}<div class="sub">{where}{target}</div>{hint}'
                f'<details class="doc"><summary>Rule documentation</summary><div>{doc}</div></details></li>')
        out.append("</ul>")
    return "\n".join(out)


def _checklist_html(review: Review) -> str:
    rows = []
    for item in review.checklist:
        status = item.status.replace(" ", "-")
        rows.append(f"<tr><td>{E(item.id)}</td><td>{E(item.title)}</td>"
                    f'<td class="st-{status}">{MARK[item.status]} {E(item.status)}</td>'
                    f"<td>{'<br>'.join(E(e) for e in item.evidence)}</td><td>{E(item.todo)}</td></tr>")
    return ("<table><tr><th>#</th><th>Item</th><th>Status</th><th>Evidence</th><th>What to do</th></tr>"
            + "".join(rows) + "</table>")


def _capacity_html(review: Review) -> str:
    out = []
    for title, figures in grouped(review.sheet):
        out.append(f"<h3>{E(title)}</h3><table><tr><th>Figure</th><th>Value</th><th>Formula</th><th>Inputs</th></tr>")
        for f in figures:
            scope = f' <a href="#c-{E(f.scope)}" data-goto-c="{E(f.scope)}"><code>{E(f.scope)}</code></a>' if f.scope else ""
            working = f"<br>= {E(f.working)}" if f.working else ""
            inputs = [E(input_text(i, review.loaded)) for i in f.inputs]
            inputs += [f'<span class="missing">missing: {E(m)}</span>' for m in f.missing]
            if f.note:
                inputs.append(f"<i>{E(f.note)}</i>")
            out.append(f'<tr id="fig-{E(f.id)}"><td>{E(f.title)}{scope}</td><td class="num">'
                       f"{E(value_text(f.value, f.unit))}</td><td class=\"formula\">{E(f.formula)}{working}</td>"
                       f"<td>{'<br>'.join(inputs)}</td></tr>")
        out.append("</table>")
    missing = missing_inputs(review.sheet)
    if missing:
        out.append('<p class="missing">Missing inputs: ' + ", ".join(f"<code>{E(m)}</code>" for m in missing) + "</p>")
    return "\n".join(out)


def _sequences_html(review: Review, options: RenderOptions) -> str:
    out = []
    for number, flow in enumerate(review.model.flows):
        svg = render_sequence(review.model, flow, "svg", options).decode("utf-8")
        out.append(f'<div class="sequence">{inline_svg(tag_sequence(svg), f"s{number}")}</div>')
    return "\n".join(out) or "<p>The model has no flows.</p>"


def _source_html(review: Review) -> str:
    return "".join(f'<span class="ln" id="L{n}" data-n="{n}">{E(line) or " "}</span>'
                   for n, line in enumerate(review.loaded.text.splitlines(), start=1))


def render_html(review: Review, options: RenderOptions = RenderOptions()) -> str:
    options = replace(options, theme="light", source_name=review.loaded.file)
    model = review.model
    counts = review.counts()
    badges = " ".join(f'<span class="badge sev-{s}">{counts[s]} {s}</span>' for s in SEVERITIES)
    flows = "".join(f'<option value="{i}">{E(f.name)}</option>' for i, f in enumerate(model.flows))
    stepper = (f'<label>Flow <select id="flow">{flows}</select></label><button id="prev">◀ Prev</button>'
               '<button id="next">Next ▶</button><button id="play">Play</button>') if model.flows else ""
    multi = any(getattr(c, "instance_count", 1) > 1 for c in model.components)
    expanded = architecture(review, True, options) if multi else ""
    toggle = ('<button data-view="logical" aria-pressed="true">Logical</button>'
              '<button data-view="expanded" aria-pressed="false">Expanded replicas</button>') if multi else ""
    script = SCRIPT
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{csp_hash(script)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    title = E(model.system.name)
    return f"""<!DOCTYPE html>
<!-- {marker(review)} -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rtdiagram">
<title>{title} — design review</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>{title}</h1><span class="sub">{E(review.loaded.file)}</span><span>{badges}</span>
<span class="sub">{E(model.system.description or "")}</span></header>
<div class="layout">
<main>
<section id="architecture"><h2>Architecture</h2>
<div class="controls">{toggle}{stepper}</div>
<div id="step"></div>
<div class="views"><div class="view logical on">{architecture(review, False, options)}</div>
{f'<div class="view expanded">{expanded}</div>' if multi else ""}</div>
<p class="sub">Click a component for its effective values, findings and YAML; click a finding to locate it.</p>
</section>
<section id="findings"><h2>Findings</h2>{_findings_html(review)}</section>
<section id="sequences"><h2>Sequence diagrams</h2>{_sequences_html(review, options)}</section>
<section id="checklist"><h2>Horizontal-scaling checklist</h2>{_checklist_html(review)}</section>
<section id="capacity"><h2>Capacity</h2>{_capacity_html(review)}</section>
</main>
<aside><div id="panel"><h3>Details</h3><p class="sub">Select a component or a finding.</p></div>
<pre id="source" aria-label="model source">{_source_html(review)}</pre></aside>
</div>
<script type="application/json" id="rt-data">{json_island(page_data(review))}</script>
<script>{script}</script>
</body>
</html>
"""


def size_text(page: str) -> str:
    return f"{num(len(page.encode('utf-8')) / 1024)} KB"
