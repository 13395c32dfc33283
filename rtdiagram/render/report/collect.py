"""Everything a review report shows, gathered once: lint, checklist, capacity, effective values.

The HTML page and the Markdown comment are two views of this :class:`Review`. Nothing here is
formatted for a page; values are plain data the writers escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rtdiagram.analysis.capacity import Sheet, num, path_text
from rtdiagram.analysis.capacity_figures import estimate
from rtdiagram.analysis.checklist import Item, build_checklist
from rtdiagram.analysis.config import load_settings
from rtdiagram.analysis.engine import lint
from rtdiagram.analysis.ruledocs import explain_markdown, meta_rule
from rtdiagram.analysis.ruleset import Finding, LintResult
from rtdiagram.knowledge.defaults import GENERIC, describe, technology_default
from rtdiagram.knowledge.technologies import lookup
from rtdiagram.model.components import HOP_KINDS
from rtdiagram.model.loader import Loaded, load_file

SEVERITIES = ("error", "warning", "info")
SKIP_FIELDS = frozenset({"id", "kind", "description"})
UNITS = (("_per_s", "/s"), ("_s", " s"), ("_ms", " ms"), ("_bytes", " bytes"), ("_mb", " MB"), ("_kb", " KB"))


@dataclass(frozen=True)
class Value:
    name: str             # "heartbeat.interval_s"
    value: str
    source: str           # "model" or "default"
    note: str = ""        # the assumed default, named
    line: int | None = None


@dataclass
class Review:
    loaded: Loaded
    result: LintResult
    checklist: list[Item]
    sheet: Sheet

    @property
    def model(self) -> Any:
        return self.loaded.model

    def findings(self, severity: str | None = None) -> list[Finding]:
        return [f for f in self.result.findings if severity is None or f.severity.value == severity]

    def counts(self) -> dict[str, int]:
        return {s: len(self.findings(s)) for s in SEVERITIES}


def collect(path: Path, config: Path | None = None) -> Review:
    loaded = load_file(path)
    return review_of(loaded, config_path=path, config=config)


def review_of(loaded: Loaded, config_path: Path | None = None, config: Path | None = None) -> Review:
    settings = load_settings(config_path or Path(loaded.file), config)
    result = lint(loaded, settings.lint)
    checklist = build_checklist(loaded.model, result)
    return Review(loaded, result, checklist, estimate(loaded.model, settings.lint.thresholds))


def rule_doc(finding: Finding) -> str:
    rule = finding.rule or meta_rule(finding.code)
    return explain_markdown(rule)


def line_span(loaded: Loaded, path: tuple) -> tuple[int, int]:
    """First and last line of a model node (a component: its whole block)."""
    try:
        start, end = loaded.locate(path, key=False)
    except (KeyError, IndexError, TypeError, ValueError):
        return (1, 1)
    lines = loaded.text.splitlines()
    if end is None:
        return (start.line, start.line)
    last = end.line
    if end.line - 1 < len(lines) and not lines[end.line - 1][:end.column - 1].strip("- \t"):
        last -= 1    # the end is the start of the next item
    while last > start.line and last - 1 < len(lines) and not lines[last - 1].strip():
        last -= 1
    return (start.line, max(start.line, last))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return num(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _line(loaded: Loaded, path: tuple) -> int | None:
    try:
        return loaded.locate(path)[0].line
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def effective_values(loaded: Loaded, component: Any) -> list[Value]:
    """What the model states for a component, then the platform defaults assumed where it is
    silent (nested settings such as heartbeat flattened as ``heartbeat.interval_s``)."""
    model = loaded.model
    index = model.index_of[component.id]
    kind = "proxy" if component.kind in HOP_KINDS else component.kind
    out: list[Value] = []
    for name in type(component).model_fields:
        if name in SKIP_FIELDS:
            continue
        value = getattr(component, name)
        if isinstance(value, BaseModel):   # a settings block: one row per stated field
            for sub in type(value).model_fields:
                inner = getattr(value, sub)
                if inner is not None:
                    path = ("components", index, name, sub)
                    out.append(Value(f"{name}.{sub}", _text(inner), "model", path_text(model, path),
                                     _line(loaded, path)))
                else:
                    _default(out, component, f"{name}_{sub}", f"{name}.{sub}", kind)
            continue
        if value is None or value == () or value == []:
            _default(out, component, name, name, kind)
            for key in _nested_default_keys(component, name, kind):   # output_buffer_hard_mb …
                _default(out, component, key, f"{name}.{key[len(name) + 1:]}", kind)
            continue
        path = ("components", index, name)
        line = _line(loaded, path)
        if line is None and name in ("label", "platform", "transports"):
            continue   # a field default, not written in the model
        out.append(Value(name, _text(value), "model", path_text(model, path), line))
    return out


def _default(out: list[Value], component: Any, key: str, shown: str, kind: str) -> None:
    default = technology_default(component.technology, key, kind)
    if default is None and kind == "gateway" and key.startswith("heartbeat_"):
        default = technology_default(component.technology, key, "gateway")
    if default is not None:
        unit = next((u for suffix, u in UNITS if key.endswith(suffix)), "")
        out.append(Value(shown, _text(default.value), "default", describe(default, unit)))


def _nested_default_keys(component: Any, name: str, kind: str) -> list[str]:
    if not component.technology or component.technology in GENERIC:
        return []
    entry = lookup(component.technology, kind)
    return sorted(k for k in (entry.defaults if entry else {}) if k.startswith(f"{name}_"))


def component_figures(review: Review, component_id: str) -> list[str]:
    lines = []
    for figure in review.sheet.for_component(component_id):
        value = "unknown" if figure.value is None else f"{num(figure.value)} {figure.unit}"
        lines.append(f"{figure.title}: {value}")
    return lines
