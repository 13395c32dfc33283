"""The report's stylesheet: light and dark follow the reader's setting; print shows everything."""

CSS = r"""
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --panel: #f6f8fa; --accent: #0969da; --error: #cf222e; --warning: #9a6700; --info: #0969da;
  --ok: #1a7f37; --assumed: #8250df; --mark: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --accent: #4493f8; --error: #f85149; --warning: #d29922; --info: #4493f8; --ok: #3fb950;
    --assumed: #ab7df8; --mark: #3b2e00; }
  svg.diagram { filter: invert(0.92) hue-rotate(180deg); }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap;
  gap: 8px 24px; align-items: center; }
header h1 { font-size: 20px; margin: 0; }
.sub { color: var(--muted); }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  border: 1px solid currentColor; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(320px, 34%); gap: 0; }
main { padding: 8px 20px 40px; min-width: 0; }
aside { border-left: 1px solid var(--line); position: sticky; top: 0; height: 100vh; display: flex;
  flex-direction: column; min-width: 0; }
section { margin: 20px 0; }
h2 { font-size: 17px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
button, select { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.views { border: 1px solid var(--line); border-radius: 8px; padding: 6px; overflow: auto; }
.views > .view { display: none; } .views > .view.on { display: block; }
svg.diagram { width: 100%; height: auto; max-height: 80vh; display: block; }
svg .node, svg .edge, svg .participant { cursor: pointer; }
svg .node.hl polygon, svg .node.hl path, svg .node.hl ellipse, svg .node.hl polyline {
  stroke: #0969da !important; stroke-width: 4px; }
svg .edge.hl path { stroke: #0969da !important; stroke-width: 4px; }
svg .edge.hl polygon { stroke: #0969da !important; fill: #0969da !important; }
svg .participant.hl rect { stroke: #0969da !important; stroke-width: 3px; }
.focus svg .node:not(.hl), .focus svg .edge:not(.hl) { opacity: 0.3; }
svg .node.fan { animation: fan 0.9s ease-in-out 3; }
@keyframes fan { 50% { opacity: 0.25; } }
#step { min-height: 1.5em; color: var(--muted); }
#step b { color: var(--fg); }
ul.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px;
  padding: 6px 10px; margin: 6px 0; cursor: pointer; }
li.finding.error { border-left-color: var(--error); } li.finding.warning { border-left-color: var(--warning); }
li.finding.info { border-left-color: var(--info); }
li.finding.hl { background: var(--mark); }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
.hint { color: var(--muted); }
details.doc { margin-top: 4px; } details.doc > div { border-top: 1px dashed var(--line); margin-top: 4px; }
details.doc pre { background: var(--panel); padding: 6px; overflow: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--panel); }
td.num { white-space: nowrap; font-weight: 600; }
.formula { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.missing { color: var(--error); }
.src-model { color: var(--ok); } .src-assumed { color: var(--assumed); font-weight: 600; }
.st-addressed { color: var(--ok); } .st-missing { color: var(--error); } .st-partially { color: var(--warning); }
#panel { padding: 10px 14px; overflow: auto; flex: 0 0 auto; min-height: 28vh; max-height: 55vh; border-bottom: 1px solid var(--line); }
#panel h3 { margin-top: 0; }
#panel table { font-size: 12px; table-layout: fixed; }
#panel td { overflow-wrap: anywhere; }
#source { flex: 1 1 auto; overflow: auto; margin: 0; font: 12px/1.45 ui-monospace, Menlo, Consolas, monospace;
  background: var(--panel); }
#source .ln { display: block; white-space: pre; padding-right: 8px; }
#source .ln::before { content: attr(data-n); display: inline-block; width: 3.5em; padding-right: 8px;
  text-align: right; color: var(--muted); user-select: none; }
#source .ln.hl { background: var(--mark); }
a { color: var(--accent); }
.sequence { border: 1px solid var(--line); border-radius: 8px; margin-bottom: 10px; overflow: auto; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } aside { position: static; height: auto; } }
@media print {
  :root { --bg: #fff; --fg: #000; --panel: #f4f4f4; }
  svg.diagram { filter: none !important; max-height: none; }
  .controls, #panel, button { display: none !important; }
  .layout { display: block; } aside { position: static; height: auto; border: 0; }
  #source { overflow: visible; background: none; }
  .views > .view { display: block !important; }
  .views > .view.expanded { display: none !important; }
  details.doc > div { display: block; }
  section, li.finding, tr, .sequence { break-inside: avoid; }
  .focus svg .node, .focus svg .edge { opacity: 1 !important; }
}
"""
