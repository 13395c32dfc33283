"""What a lint rule is and what it produces: ``@rule``, ``Context``, ``Problem``, ``Finding``.

A rule is one module in ``analysis/rules/``: its docstring is its documentation and its
``check`` yields :class:`Problem` objects. Rules know nothing about files, configuration or
suppressions; ``engine`` stamps code and severity, resolves positions and applies both.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rtdiagram.model.diagnostics import Diagnostic, Path, Position, Severity
from rtdiagram.model.loader import Loaded
from rtdiagram.model.document import Model


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


REGISTERED: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity | str, *, checklist: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    def register(check: CheckFn) -> CheckFn:
        if code in REGISTERED:
            raise ValueError(f"duplicate rule code {code}")
        doc = sys.modules[check.__module__].__doc__ or ""
        REGISTERED[code] = Rule(code, name, Severity(severity), check, doc.strip(), checklist)
        return check

    return register


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


def meta_finding(loaded: Loaded, code: str, message: str, line: int, column: int = 1,
                 hint: str | None = None, path: Path = ()) -> Finding:
    name, severity = META[code]
    return Finding(None, Diagnostic(code=code, name=name, message=message, hint=hint,
                                    severity=severity, file=loaded.file,
                                    start=Position(line, column), path=path))


def component_path(model: Model, component_id: str, *attrs: str | int) -> Path:
    return ("components", model.index_of[component_id], *attrs)


def link_path(model: Model, link: Any, *attrs: str) -> Path:
    return ("links", model.links.index(link), *attrs)
