"""``rtdiagram diff OLD NEW``: what a change to a design changes, for review and pull requests.

Reports, in a fixed order:

* components added, removed or changed, attribute by attribute (what the files state, not the
  defaults, so a diff shows what the author wrote);
* links added, removed or changed (a link is known by its ends; a second link between the same
  two components is the ``#2`` of that pair);
* flows added or removed, and the system's own attributes;
* findings new and resolved, matched like baseline entries (rule, target, message with its
  numbers masked), so a finding that merely moved is neither;
* checklist items whose verdict changed.

Text for a terminal, Markdown for a PR comment, JSON (``"format": "rtdiagram-diff"``,
``"version": 1``) for tools. Exit 1 when the new design has error findings the old one lacked.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rtdiagram.analysis.baseline import message_class
from rtdiagram.analysis.formats import logical_path
from rtdiagram.analysis.ruleset import Finding, LintResult
from rtdiagram.model.loader import Loaded
from rtdiagram.model.safetext import escape_controls as esc

FORMAT, VERSION = "rtdiagram-diff", 1
_UNSET = "unset"


@dataclass
class Change:
    what: str                      # component id, link "a -> b", flow name, "system"
    kind: str                      # added | removed | changed
    detail: str = ""               # component kind, link protocol
    attributes: list[tuple[str, Any, Any]] = field(default_factory=list)   # (path, old, new)

    def to_json(self) -> dict:
        return {"id": self.what, "change": self.kind, "detail": self.detail or None,
                "attributes": [{"path": p, "old": o, "new": n} for p, o, n in self.attributes]}


@dataclass
class DesignDiff:
    old: str
    new: str
    components: list[Change]
    links: list[Change]
    flows: list[Change]
    system: list[Change]
    new_findings: list[Finding]
    resolved_findings: list[Finding]
    checklist: list[tuple[str, str, str, str]]     # (id, title, old status, new status)

    @property
    def new_errors(self) -> int:
        return sum(1 for f in self.new_findings if f.severity.value == "error")

    @property
    def exit_code(self) -> int:
        return 1 if self.new_errors else 0

    @property
    def empty(self) -> bool:
        return not (self.components or self.links or self.flows or self.system or self.new_findings
                    or self.resolved_findings or self.checklist)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def _dump(item: Any) -> dict[str, Any]:
    return _flatten(item.model_dump(mode="json", by_alias=True, exclude_unset=True))


def _attributes(old: Any, new: Any, skip: tuple[str, ...] = ()) -> list[tuple[str, Any, Any]]:
    a, b = _dump(old), _dump(new)
    return [(key, a.get(key, _UNSET), b.get(key, _UNSET)) for key in sorted(set(a) | set(b))
            if key not in skip and a.get(key, _UNSET) != b.get(key, _UNSET)]


def _keyed(items: list[Any], key) -> dict[str, Any]:
    seen: Counter[str] = Counter()
    out = {}
    for item in items:
        name = key(item)
        seen[name] += 1
        out[name if seen[name] == 1 else f"{name} #{seen[name]}"] = item
    return out


def _compare(old: dict[str, Any], new: dict[str, Any], detail, skip: tuple[str, ...] = ()) -> list[Change]:
    changes = [Change(k, "removed", detail(old[k])) for k in old if k not in new]
    changes += [Change(k, "added", detail(new[k])) for k in new if k not in old]
    for k in old:
        if k in new and (attributes := _attributes(old[k], new[k], skip)):
            changes.append(Change(k, "changed", detail(new[k]), attributes))
    order = {"removed": 0, "added": 1, "changed": 2}
    return sorted(changes, key=lambda c: (order[c.kind], c.what))


def _finding_key(finding: Finding) -> tuple[str, str, str]:
    target = finding.component or ("->".join(finding.link) if finding.link else logical_path(finding))
    return finding.code, target, message_class(finding.diagnostic.message)


def _findings_delta(old: LintResult, new: LintResult) -> tuple[list[Finding], list[Finding]]:
    def unmatched(these: tuple[Finding, ...], those: tuple[Finding, ...]) -> list[Finding]:
        available = Counter(_finding_key(f) for f in those)
        out = []
        for finding in these:
            k = _finding_key(finding)
            if available[k] > 0:
                available[k] -= 1
            else:
                out.append(finding)
        return out

    return unmatched(new.findings, old.findings), unmatched(old.findings, new.findings)


def diff_designs(old: Loaded, new: Loaded, old_result: LintResult, new_result: LintResult,
                 old_items: list | None = None, new_items: list | None = None) -> DesignDiff:
    om, nm = old.model, new.model
    components = _compare(_keyed(om.components, lambda c: c.id), _keyed(nm.components, lambda c: c.id),
                          lambda c: c.kind)
    links = _compare(_keyed(om.links, lambda l: f"{l.from_} -> {l.to}"),
                     _keyed(nm.links, lambda l: f"{l.from_} -> {l.to}"), lambda l: l.protocol, skip=("from", "to"))
    flows = _compare(_keyed(om.flows, lambda f: f.name), _keyed(nm.flows, lambda f: f.name), lambda f: "")
    system = [Change("system", "changed", "", a) for a in [_attributes(om.system, nm.system)] if a]
    introduced, resolved = _findings_delta(old_result, new_result)
    before = {item.id: item for item in old_items or []}
    checklist = [(item.id, item.title, before[item.id].status, item.status) for item in new_items or []
                 if item.id in before and before[item.id].status != item.status]
    return DesignDiff(old.file, new.file, components, links, flows, system, introduced, resolved, checklist)


# --------------------------------------------------------------------------------------------
# Output


def _value(value: Any) -> str:
    return esc(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


TEXT_MARKS = {"added": "+", "removed": "-", "changed": "~", "new": "+", "resolved": "-"}
MARKDOWN_MARKS = {"added": "**added**", "removed": "**removed**", "changed": "**changed**",
                  "new": "**new**", "resolved": "**resolved**"}


def _change_line(change: Change, marks: dict[str, str]) -> str:
    mark = marks[change.kind]
    head = f"{mark} {esc(change.what)}" + (f" ({esc(change.detail)})" if change.detail else "")
    if change.attributes:
        head += ": " + "; ".join(f"{esc(p)} {_value(o)} → {_value(n)}" for p, o, n in change.attributes)
    return head


def _finding_line(mark: str, finding: Finding) -> str:
    d = finding.diagnostic
    return f"{mark} {d.code} {d.severity.value}: {esc(d.message)} ({esc(d.file)}:{d.start.line})"


def _sections(diff: DesignDiff, marks: dict[str, str]) -> list[tuple[str, list[str]]]:
    changes = [("Components", diff.components), ("Links", diff.links), ("Flows", diff.flows), ("System", diff.system)]
    sections = [(title, [_change_line(c, marks) for c in items]) for title, items in changes if items]
    findings = ([_finding_line(marks["new"], f) for f in diff.new_findings]
                + [_finding_line(marks["resolved"], f) for f in diff.resolved_findings])
    if findings:
        errors = f"{diff.new_errors} error{'s' if diff.new_errors != 1 else ''}"
        sections.append((f"Findings: {len(diff.new_findings)} new ({errors}), "
                         f"{len(diff.resolved_findings)} resolved", findings))
    if diff.checklist:
        sections.append(("Checklist", [f"{i} {esc(t)}: {o} → {n}" for i, t, o, n in diff.checklist]))
    return sections


def to_text(diff: DesignDiff) -> str:
    out = [f"rtdiagram diff {esc(diff.old)} → {esc(diff.new)}"]
    if diff.empty:
        return "\n".join(out + ["no changes to the design or its findings"]) + "\n"
    for title, lines in _sections(diff, TEXT_MARKS):
        out += ["", title + ":"] + ["  " + line for line in lines]
    return "\n".join(out) + "\n"


def to_markdown(diff: DesignDiff) -> str:
    out = ["## rtdiagram design diff", "", f"`{esc(diff.old)}` → `{esc(diff.new)}`"]
    if diff.empty:
        return "\n".join(out + ["", "No changes to the design or its findings."]) + "\n"
    for title, lines in _sections(diff, MARKDOWN_MARKS):
        out += ["", f"### {title}", ""] + [f"- {line}" for line in lines]
    return "\n".join(out) + "\n"


def to_json(diff: DesignDiff) -> str:
    def finding(f: Finding) -> dict:
        item = f.diagnostic.to_json()
        item["component"] = f.component
        return item

    document = {
        "format": FORMAT, "version": VERSION, "old": diff.old, "new": diff.new,
        "components": [c.to_json() for c in diff.components], "links": [c.to_json() for c in diff.links],
        "flows": [c.to_json() for c in diff.flows], "system": [c.to_json() for c in diff.system],
        "findings": {"new": [finding(f) for f in diff.new_findings],
                     "resolved": [finding(f) for f in diff.resolved_findings]},
        "checklist": [{"id": i, "title": t, "old": o, "new": n} for i, t, o, n in diff.checklist],
        "new_errors": diff.new_errors,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def diff_inputs(old: Any, new: Any, config: Any = None) -> DesignDiff:
    """Load, lint and assess both designs (``ModelInput``), then compare them."""
    from rtdiagram.analysis.checklist import build_checklist
    from rtdiagram.analysis.inputs import analyse_input

    old_loaded, old_result, _ = analyse_input(old, explicit_config=config)
    new_loaded, new_result, _ = analyse_input(new, explicit_config=config)
    return diff_designs(old_loaded, new_loaded, old_result, new_result,
                        build_checklist(old_loaded.model, old_result), build_checklist(new_loaded.model, new_result))


WRITERS = {"text": to_text, "markdown": to_markdown, "json": to_json}
