"""Lint findings drawn on the architecture view: which components and links are at fault."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rtdiagram.analysis.checklist import build_checklist, panel_lines
from rtdiagram.analysis.config import load_settings
from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.engine import lint
from rtdiagram.model.loader import Loaded
from rtdiagram.render.graph import ViewOptions


def findings_view(loaded: Loaded, view: ViewOptions, config: Path | None = None) -> ViewOptions:
    settings = load_settings(Path(loaded.file), config)
    result = lint(loaded, settings.lint)
    worst: dict[str, Severity] = {}
    codes: dict[str, list[str]] = {}
    links: dict[tuple[str, str], str] = {}
    for finding in result.findings:
        if finding.component and finding.component in loaded.model.by_id:
            if finding.component not in worst or finding.severity.rank > worst[finding.component].rank:
                worst[finding.component] = finding.severity
            codes.setdefault(finding.component, [])
            if finding.code not in codes[finding.component]:
                codes[finding.component].append(finding.code)
        if finding.link:
            links[finding.link] = finding.severity.value
    components = {cid: (worst[cid].value, tuple(sorted(codes[cid]))) for cid in worst}
    checklist = build_checklist(loaded.model, result)
    return replace(view, component_findings=components, link_findings=links, panel=panel_lines(checklist))
