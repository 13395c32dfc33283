"""The lint engine: run the rules on a loaded model, then apply configuration and suppressions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from rtdiagram.analysis.catalogue import all_rules
from rtdiagram.analysis.provenance import Provenance
from rtdiagram.analysis.ruleset import Context, Finding, LintConfig, LintResult, Rule, Thresholds, matches
from rtdiagram.analysis.suppressions import apply_suppressions
from rtdiagram.model.diagnostics import Diagnostic, Severity
from rtdiagram.model.loader import Loaded


def fails(results: list[LintResult], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = {"error": 2, "warning": 1, "info": 0}[fail_on]
    return any(f.severity.rank >= threshold for r in results for f in r.findings)


@dataclass(frozen=True)
class LintRun:
    """Several files linted: their results and sources, and the files that are not valid models."""

    results: list[LintResult]
    sources: dict[str, str]
    invalid: list[Diagnostic]
    fail_on: str

    def exit_code(self, exit_zero: bool = False) -> int:
        if self.invalid:
            return 2
        return 0 if exit_zero or not fails(self.results, self.fail_on) else 1


def run_rules(loaded: Loaded, thresholds: Thresholds = Thresholds(),
              rules: Iterable[Rule] | None = None) -> list[Finding]:
    context = Context(loaded.model, thresholds)
    provenance = Provenance.of(loaded)   # None unless the model was imported (``# from`` comments)
    findings: list[Finding] = []
    for rule_ in rules if rules is not None else all_rules():
        for problem in rule_.check(context):
            start, end = loaded.locate(problem.where)
            diagnostic = Diagnostic(
                code=rule_.code, name=rule_.name, message=problem.message, hint=problem.hint,
                severity=problem.severity or rule_.severity, file=loaded.file, start=start,
                end=end, path=problem.where,
                origins=provenance.origins(start, problem.message, problem.component) if provenance else (),
            )
            findings.append(Finding(rule_, diagnostic, problem.component, problem.link))
    return findings


def lint(loaded: Loaded, config: LintConfig = LintConfig(), today: date | None = None) -> LintResult:
    raw = run_rules(loaded, config.thresholds)
    selected = []
    for finding in raw:
        assert finding.rule is not None
        if not matches(finding.rule, config.select) or matches(finding.rule, config.ignore):
            continue
        override = _override(finding.rule, config.severity)
        if override is not None:
            finding = Finding(finding.rule, _with_severity(finding.diagnostic, override),
                              finding.component, finding.link)
        selected.append(finding)
    reported, suppressed, meta = apply_suppressions(loaded, selected, today or date.today())
    everything = sorted(reported + meta, key=lambda f: f.diagnostic.sort_key)
    return LintResult(loaded.file, tuple(everything), tuple(suppressed), tuple(raw))


def _override(rule_: Rule, overrides: dict[str, Severity]) -> Severity | None:
    for key in (rule_.code, rule_.name):
        if key in overrides:
            return overrides[key]
    best = None
    for key, severity in overrides.items():
        if rule_.code.startswith(key) and (best is None or len(key) > len(best[0])):
            best = (key, severity)
    return best[1] if best else None


def _with_severity(diagnostic: Diagnostic, severity: Severity) -> Diagnostic:
    return replace(diagnostic, severity=severity)
