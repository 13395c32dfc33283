"""ANALYSE: the rule registry and the lint runner.

A rule is one module in ``rtdiagram/rules/``: its docstring is its documentation and its
``check`` yields :class:`Problem` objects. Rules know nothing about files, configuration or
suppressions; the runner stamps code and severity, resolves positions through the loader's
source map, and applies configuration, waivers and inline suppressions.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from rtdiagram.diagnostics import Diagnostic, Path, Position, Severity
from rtdiagram.errors import ConfigError
from rtdiagram.loader import Loaded
from rtdiagram.model import Model


@dataclass(frozen=True)
class Thresholds:
    """Heuristic thresholds (✱ in the catalogue); override in [tool.rtdiagram.thresholds]."""

    heartbeat_margin: float = 0.5            # heartbeat ≤ margin × smallest idle timeout
    max_message_bytes: int = 1_048_576       # larger limits are flagged
    query_token_ttl_s: int = 300             # query-string tokens must be short-lived
    mesh_max_participants: int = 4           # larger WebRTC mesh rooms are flagged
    presence_max_room_size: int = 100        # join/leave fan-out beyond this is flagged
    memory_utilisation: float = 0.7          # of node memory used by connections
    stall_tolerance_s: float = 5.0           # Redis pub/sub subscriber stall to survive
    untested_conns_per_node: int = 100_000   # more per node needs a load test on record
    fd_reserve: int = 64                     # descriptors kept for everything but sockets
    reconnect_spread_s: float = 1.0          # spread of the first retry when unknown


@dataclass(frozen=True)
class Problem:
    """What a rule reports; the runner turns it into a located Diagnostic."""

    where: Path
    message: str
    hint: str | None = None
    severity: Severity | None = None         # overrides the rule's default for this finding
    component: str | None = None             # for waivers and the diagram overlay
    link: tuple[str, str] | None = None


@dataclass(frozen=True)
class Context:
    model: Model
    thresholds: Thresholds = Thresholds()


CheckFn = Callable[[Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: CheckFn
    doc: str
    checklist: tuple[str, ...] = ()   # checklist items (C1…C13) this rule informs

    @property
    def category(self) -> str:
        return re.match(r"[A-Z]+", self.code).group(0)  # type: ignore[union-attr]

    @property
    def summary(self) -> str:
        """First sentence under 'What it does'."""
        section = doc_section(self.doc, "What it does")
        sentence = re.split(r"(?<=\.)\s", " ".join(section.split()), maxsplit=1)[0]
        return sentence.rstrip(".")

    def section(self, heading: str) -> str:
        return doc_section(self.doc, heading)


def doc_section(doc: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return match.group(1).strip() if match else ""


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


_RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity | str, *, checklist: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    def register(check: CheckFn) -> CheckFn:
        if code in _RULES:
            raise ValueError(f"duplicate rule code {code}")
        doc = sys.modules[check.__module__].__doc__ or ""
        _RULES[code] = Rule(code, name, Severity(severity), check, doc.strip(), checklist)
        return check

    return register


_loaded_rules = False


def all_rules() -> list[Rule]:
    global _loaded_rules
    if not _loaded_rules:
        import rtdiagram.rules as package

        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"rtdiagram.rules.{module.name}")
        _loaded_rules = True
    return sorted(_RULES.values(), key=attrgetter("code"))


def find_rule(key: str) -> Rule | None:
    for candidate in all_rules():
        if key.upper() == candidate.code or key.lower() == candidate.name:
            return candidate
    return None


# --------------------------------------------------------------------------------------------
# Tool meta-diagnostics (suppressions and waivers). Not rules: they judge the review, not the design.

META = {
    "X100": ("unused-suppression", Severity.WARNING),
    "X101": ("suppression-without-reason", Severity.WARNING),
    "X102": ("expired-waiver", Severity.ERROR),
    "X103": ("unknown-rule-in-suppression", Severity.WARNING),
}


@dataclass(frozen=True)
class LintConfig:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    thresholds: Thresholds = Thresholds()


@dataclass(frozen=True)
class Finding:
    rule: Rule | None
    diagnostic: Diagnostic
    component: str | None = None
    link: tuple[str, str] | None = None

    @property
    def code(self) -> str:
        return self.diagnostic.code

    @property
    def severity(self) -> Severity:
        return self.diagnostic.severity


@dataclass(frozen=True)
class LintResult:
    file: str
    findings: tuple[Finding, ...]        # what is reported, sorted
    suppressed: tuple[Finding, ...]      # silenced by a reasoned suppression or waiver
    raw: tuple[Finding, ...]             # every rule finding before selection and suppression

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [finding.diagnostic for finding in self.findings]


def matches(rule_: Rule, selectors: Iterable[str]) -> bool:
    for selector in selectors:
        selector = selector.strip()
        if selector.upper() == "ALL" or rule_.code.startswith(selector.upper()) or selector.lower() == rule_.name:
            return True
    return False


def run_rules(loaded: Loaded, thresholds: Thresholds = Thresholds(),
              rules: Iterable[Rule] | None = None) -> list[Finding]:
    context = Context(loaded.model, thresholds)
    findings: list[Finding] = []
    for rule_ in rules if rules is not None else all_rules():
        for problem in rule_.check(context):
            start, end = loaded.locate(problem.where)
            diagnostic = Diagnostic(
                code=rule_.code, name=rule_.name, message=problem.message, hint=problem.hint,
                severity=problem.severity or rule_.severity, file=loaded.file, start=start,
                end=end, path=problem.where,
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
    from rtdiagram.suppressions import apply_suppressions

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
    from dataclasses import replace

    return replace(diagnostic, severity=severity)


def meta_finding(loaded: Loaded, code: str, message: str, line: int, column: int = 1,
                 hint: str | None = None, path: Path = ()) -> Finding:
    name, severity = META[code]
    return Finding(None, Diagnostic(code=code, name=name, message=message, hint=hint,
                                    severity=severity, file=loaded.file,
                                    start=Position(line, column), path=path))


def validate_selectors(selectors: Iterable[str], what: str) -> None:
    """Unknown codes in config or options are errors, with a "did you mean"."""
    from rtdiagram.suggest import hint

    known_codes = [r.code for r in all_rules()] + list(META)
    known_names = [r.name for r in all_rules()] + [n for n, _ in META.values()]
    prefixes = {re.match(r"[A-Z]+", c).group(0) for c in known_codes}  # type: ignore[union-attr]
    for selector in selectors:
        text = selector.strip()
        if text.upper() == "ALL" or text.lower() in known_names:
            continue
        if any(code.startswith(text.upper()) for code in known_codes) and (
            text.upper() in prefixes or re.fullmatch(r"[A-Z]+\d+", text.upper())
        ):
            continue
        raise ConfigError(f"{what}: unknown rule {text!r}",
                          hint=hint(text, known_codes + known_names, "see `rtdiagram rules`"))


def component_path(model: Model, component_id: str, *attrs: str | int) -> Path:
    return ("components", model.index_of[component_id], *attrs)


def link_path(model: Model, link: Any, *attrs: str) -> Path:
    return ("links", model.links.index(link), *attrs)
