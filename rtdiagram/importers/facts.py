"""What every importer returns: components, links, channels and flows, each fact with its source.

An importer never builds a :class:`~rtdiagram.model.document.Model` itself. It states facts
("``idle_timeout_s`` is 30, from ``k8s/ingress.yaml:12``, annotation ``proxy-read-timeout``")
on parts named by a stable id; :mod:`rtdiagram.importers.emit` turns the merged result into
commented YAML that the loader validates. Facts a source is silent about but whose platform
default is documented are kept as ``default=True`` facts: they are written as comments, so
the model stays silent and lint keeps saying which default it assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# When two sources describe one part, the more specific kind wins.
KIND_RANK = {"gateway": 9, "ingress": 8, "load_balancer": 8, "proxy": 8, "cdn": 8, "pubsub": 7,
             "registry": 6, "presence": 6, "auth": 6, "queue": 5, "datastore": 5, "client": 5,
             "external": 2, "service": 1}


@dataclass(frozen=True)
class Source:
    """Where a fact was read: a file and line, or a Terraform resource address."""

    file: str
    line: int | None = None
    detail: str = ""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place} ({self.detail})" if self.detail else place


@dataclass(frozen=True)
class Fact:
    attr: str                 # a model field of the component, e.g. "idle_timeout_s"
    value: Any
    source: Source
    default: bool = False     # the source is silent; value is the documented default
    note: str = ""            # how the value was derived, when that is not obvious

    def comment(self) -> str:
        if self.default:
            return f"default, not set in {self.source.file}: {self.note}"
        return f"from {self.source}" + (f"; {self.note}" if self.note else "")


@dataclass
class Part:
    """One component as a source describes it."""

    id: str
    kind: str
    source: Source
    label: str | None = None
    technology: str | None = None
    facts: dict[str, Fact] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)   # comment-only remarks
    entry: bool = False       # clients reach the system here (an ingress, a public LB)

    def set(self, attr: str, value: Any, source: Source, note: str = "") -> None:
        if value is not None:
            self.facts[attr] = Fact(attr, value, source, False, note)

    def default(self, attr: str, value: Any, source: Source, note: str) -> None:
        if attr not in self.facts and value is not None:
            self.facts[attr] = Fact(attr, value, source, True, note)


@dataclass(frozen=True)
class Edge:
    """A link. ``guessed`` links were inferred (a selector, an env var, depends_on)."""

    from_: str
    to: str
    protocol: str
    source: Source
    guessed: bool = False
    why: str = ""
    label: str | None = None


@dataclass
class ImportResult:
    parts: dict[str, Part] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    channels: list[tuple[dict[str, Any], Source]] = field(default_factory=list)
    flows: list[tuple[dict[str, Any], Source]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def add(self, part: Part) -> Part:
        """Add a part, or fold it into the part already known under its id."""
        known = self.parts.get(part.id)
        if known is None:
            self.parts[part.id] = part
            return part
        if KIND_RANK.get(part.kind, 0) > KIND_RANK.get(known.kind, 0):
            known.kind, known.source = part.kind, part.source
        known.label = known.label or part.label
        known.entry = known.entry or part.entry
        known.technology = known.technology or part.technology
        for attr, fact in part.facts.items():
            mine = known.facts.get(attr)
            if mine is None or (mine.default and not fact.default):
                known.facts[attr] = fact
            elif not fact.default and not mine.default and mine.value != fact.value:
                self.warnings.append(
                    f"{part.id}.{attr}: {mine.source} says {mine.value!r}, {fact.source} says "
                    f"{fact.value!r}; kept the first")
        known.notes += [n for n in part.notes if n not in known.notes]
        return known

    def link(self, edge: Edge) -> None:
        if edge.from_ == edge.to:
            return
        for index, known in enumerate(self.edges):
            if (known.from_, known.to) == (edge.from_, edge.to):
                if known.guessed and not edge.guessed:
                    self.edges[index] = edge
                return
        self.edges.append(edge)

    def extend(self, other: ImportResult) -> None:
        for part in other.parts.values():
            self.add(part)
        for edge in other.edges:
            self.link(edge)
        self.channels += [c for c in other.channels if c[0]["name"] not in {k["name"] for k, _ in self.channels}]
        self.flows += other.flows
        self.warnings += other.warnings
        self.files += other.files


def slug(text: str, fallback: str = "part") -> str:
    """A valid component id from any name: ``Chat-Gateway.v2`` → ``chat-gateway-v2``."""
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", str(text).lower()).strip("-_")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = f"{fallback}-{cleaned}".strip("-")
    return cleaned[:64].rstrip("-_")


def seconds(value: Any) -> float | None:
    """``30``, ``"30"``, ``"30s"``, ``"1m"``, ``"1h30m"``, ``"500ms"`` → seconds; None if unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)", text)
    if not parts or "".join(n + u for n, u in parts) != text.replace(" ", ""):
        return None
    return sum(float(n) * units[u] for n, u in parts)


def whole(value: float | None) -> int | float | None:
    """30.0 → 30, so emitted YAML reads naturally."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
