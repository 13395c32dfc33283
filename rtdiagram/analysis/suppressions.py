"""Reasoned exceptions to lint: inline YAML comments and waivers in the model.

Inline, ruff style::

    replicas: 3  # rtdiagram: ignore[FO001] -- a single room per node, by design
    # rtdiagram: ignore[LB001, sticky-session-required] -- WebSocket-only clients
    - id: gateway        ← an own-line comment covers the next YAML node and its whole block

In the model (they survive reformatting and review well in diffs)::

    waivers:
      - {rule: FO001, component: gateway, reason: ..., expires: 2026-12-31}

A suppression without a reason does not apply (X101); one that silences nothing is reported
(X100); an expired waiver no longer applies (X102).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rtdiagram.analysis.ruleset import Finding, meta_finding
from rtdiagram.analysis.catalogue import find_rule
from rtdiagram.model.loader import Loaded

_COMMENT = re.compile(r"#\s*rtdiagram:\s*ignore\[(?P<codes>[^\]]*)\](?:\s*(?:--|:)\s*(?P<reason>.*))?")


@dataclass
class _Suppression:
    line: int          # where the comment is
    column: int
    first: int         # lines covered, inclusive
    last: int
    keys: tuple[str, ...]
    reason: str
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        line = finding.diagnostic.start.line
        rule = finding.rule
        if rule is None or not (self.first <= line <= self.last):
            return False
        return any(key.upper() == rule.code or key.lower() == rule.name for key in self.keys)


def _comment_start(line: str) -> int:
    """Index of a '#' that starts a comment (outside quotes), or -1."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
    return -1


def scan(text: str) -> list[_Suppression]:
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        if "rtdiagram:" not in line:
            continue
        start = _comment_start(line)
        if start < 0:
            continue
        match = _COMMENT.match(line[start:])
        if not match:
            continue
        keys = tuple(k.strip() for k in match["codes"].split(",") if k.strip())
        reason = (match["reason"] or "").strip()
        if line[:start].strip():  # trailing comment: its own line
            first = last = number
        else:  # own line: the next node and its block
            first = next((n for n in range(number + 1, len(lines) + 1)
                          if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), number)
            base = len(lines[first - 1]) - len(lines[first - 1].lstrip(" "))
            last = first
            for n in range(first + 1, len(lines) + 1):
                text_line = lines[n - 1]
                if not text_line.strip() or text_line.lstrip().startswith("#"):
                    continue
                indent = len(text_line) - len(text_line.lstrip(" "))
                if indent <= base:
                    break
                last = n
        found.append(_Suppression(number, start + 1, first, last, keys, reason))
    return found


def apply_suppressions(loaded: Loaded, findings: list[Finding], today: date
                       ) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(reported, suppressed, meta-findings about the suppressions themselves)."""
    meta: list[Finding] = []
    comments = scan(loaded.text)
    usable = []
    for comment in comments:
        for key in comment.keys:
            if find_rule(key) is None:
                meta.append(meta_finding(loaded, "X103", f"suppression names unknown rule {key!r}",
                                         comment.line, comment.column, hint="see `rtdiagram rules`"))
        if not comment.reason:
            meta.append(meta_finding(
                loaded, "X101", f"suppression of {', '.join(comment.keys)} has no reason, so it does not apply",
                comment.line, comment.column,
                hint="add one after the brackets: `# rtdiagram: ignore[CODE] -- why this is acceptable`",
            ))
        else:
            usable.append(comment)

    waivers = []
    for index, waiver in enumerate(loaded.model.waivers):
        start, _ = loaded.locate(("waivers", index))
        if find_rule(waiver.rule) is None:
            meta.append(meta_finding(loaded, "X103", f"waiver names unknown rule {waiver.rule!r}",
                                     start.line, start.column, path=("waivers", index)))
            continue
        if waiver.expires and date.fromisoformat(waiver.expires) < today:
            meta.append(meta_finding(
                loaded, "X102", f"waiver for {waiver.rule} expired on {waiver.expires}, so it no longer applies",
                start.line, start.column, hint="fix the finding, or renew the waiver with a new date",
                path=("waivers", index)))
            continue
        waivers.append([index, waiver, False])

    reported, suppressed = [], []
    for finding in findings:
        hit = False
        for comment in usable:
            if comment.covers(finding):
                comment.used = hit = True
        for entry in waivers:
            _, waiver, _ = entry
            rule = finding.rule
            if rule and (waiver.rule.upper() == rule.code or waiver.rule.lower() == rule.name) and (
                waiver.component is None or waiver.component == finding.component
            ):
                entry[2] = hit = True
        (suppressed if hit else reported).append(finding)

    for comment in usable:
        if not comment.used:
            meta.append(meta_finding(loaded, "X100", f"unused suppression for {', '.join(comment.keys)}",
                                     comment.line, comment.column, hint="remove it: nothing here is flagged any more"))
    for index, waiver, used in waivers:
        if not used:
            start, _ = loaded.locate(("waivers", index))
            meta.append(meta_finding(loaded, "X100", f"unused waiver for {waiver.rule}",
                                     start.line, start.column, hint="remove it: nothing matches it any more",
                                     path=("waivers", index)))
    return reported, suppressed, meta
