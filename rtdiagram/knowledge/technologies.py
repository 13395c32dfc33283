"""The technology knowledge base: ``technologies.yaml`` loaded once, looked up by name.

People edit the YAML; the package reads ``technologies.json``, the same data written by
``python -m rtdiagram.knowledge.technologies`` (a test keeps the two equal). Building the YAML's
Python objects took 80 ms of every lint run; ``json`` reads the same data in about 3 ms.

A model's ``technology:`` is free text. :func:`lookup` normalises it, case-insensitively, to
an entry: by id, display name or alias first, then by the longest alias the text contains
(``exact_aliases`` — short or everyday words such as ``ws`` or ``envoy`` — only as whole
tokens). Text that names nothing known gives ``None``; lint keeps it verbatim and relies only
on what the model states.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

try:  # the C loader is several times faster on a file this size
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DATA_FILE = "technologies.yaml"   # the source people edit
LOADED_FILE = "technologies.json"  # what the package reads


@dataclass(frozen=True)
class Technology:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    exact_aliases: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    runs_on: tuple[str, ...] = ()  # a framework's language or runtime ("three Elixir nodes" run Phoenix)
    hosting: str = "self_hosted"
    category: str = ""
    provides: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: str = ""
    sources: tuple[str, ...] = ()

    @property
    def managed(self) -> bool:
        return self.hosting == "managed"

    @property
    def fanout(self) -> str | None:
        return self.provides.get("fanout")


def _entry(raw: dict[str, Any]) -> Technology:
    return Technology(
        id=str(raw["id"]), name=str(raw.get("name") or raw["id"]),
        aliases=tuple(str(a).lower() for a in raw.get("aliases") or ()),
        exact_aliases=tuple(str(a).lower() for a in raw.get("exact_aliases") or ()),
        kinds=tuple(raw.get("kinds") or ()), roles=tuple(raw.get("roles") or ()),
        runs_on=tuple(raw.get("runs_on") or ()),
        hosting=str(raw.get("hosting") or "self_hosted"), category=str(raw.get("category") or ""),
        provides=dict(raw.get("provides") or {}), defaults=dict(raw.get("defaults") or {}),
        notes=str(raw.get("notes") or ""), sources=tuple(raw.get("sources") or ()),
    )


def _key(text: str) -> str:
    return " ".join(text.lower().split())


class KnowledgeBase:
    """Entries and the indexes :func:`lookup` uses."""

    def __init__(self, entries: list[Technology]) -> None:
        self.entries = sorted(entries, key=lambda e: e.id)
        self.by_id = {e.id: e for e in self.entries}
        self.exact: dict[str, Technology] = {}
        self.phrases: list[tuple[str, Technology]] = []   # substring aliases, longest first
        self.tokens: list[tuple[str, Technology]] = []    # whole-token aliases, longest first
        for entry in self.entries:
            for name in (entry.id, entry.name.lower(), entry.id.replace("_", " "),
                         entry.id.replace("_", "-"), *entry.aliases, *entry.exact_aliases):
                self.exact.setdefault(_key(name), entry)
            self.phrases += [(alias, entry) for alias in entry.aliases if len(alias) > 3]
            self.tokens += [(alias, entry) for alias in entry.exact_aliases]
            self.tokens += [(alias, entry) for alias in entry.aliases if len(alias) <= 3]
        self.phrases.sort(key=lambda item: -len(item[0]))
        self.tokens.sort(key=lambda item: -len(item[0]))
        self._token_entry = dict(reversed(self.tokens))
        self._token_pattern: re.Pattern[str] | None = None

    def _tokens_in(self, key: str) -> list[str]:
        """The whole-token aliases in ``key``; one regex for all of them, compiled on first use."""
        if self._token_pattern is None:
            alternatives = "|".join(re.escape(alias) for alias, _ in self.tokens) or "(?!)"
            self._token_pattern = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")
        return [match.group(0) for match in self._token_pattern.finditer(key)]

    def lookup(self, text: str | None, kind: str | None = None) -> Technology | None:
        if not text:
            return None
        key = _key(text)
        hit = self.exact.get(key) or self.exact.get(key.replace("-", "_"))
        if hit:
            return hit
        candidates: list[tuple[int, Technology]] = []
        for alias, entry in self.phrases:
            if alias in key:
                candidates.append((len(alias), entry))
        for alias in self._tokens_in(key):
            candidates.append((len(alias), self._token_entry[alias]))
        if not candidates:
            return None
        # Longest alias wins; among equals, an entry that can play the component's kind.
        candidates.sort(key=lambda c: (-c[0], 0 if kind and kind in c[1].kinds else 1))
        return candidates[0][1]


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """Loaded once, on first use."""
    text = resources.files("rtdiagram.knowledge").joinpath(LOADED_FILE).read_text(encoding="utf-8")
    return from_data(json.loads(text))


def from_yaml(text: str) -> KnowledgeBase:
    return from_data(yaml.load(text, Loader=_Loader) or [])


def from_data(data: list[Any]) -> KnowledgeBase:
    return KnowledgeBase([_entry(raw) for raw in data if isinstance(raw, dict) and raw.get("id")])


def json_text(yaml_text: str) -> str:
    """``technologies.json`` for the YAML's data: stable, one entry per line."""
    data = yaml.load(yaml_text, Loader=_Loader) or []
    return "[\n" + ",\n".join(json.dumps(entry, ensure_ascii=False, sort_keys=True) for entry in data) + "\n]\n"


_SETTING_NAME = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:[_.][a-z0-9-]+)+|\btimeout (?:client|server|tunnel)\b")


@lru_cache(maxsize=1)
def timeout_settings() -> dict[str, str]:
    """The configuration names of idle and read timeouts ("proxy_read_timeout", "timeout tunnel"),
    each with the id of the one product whose setting it is (a name two products share is left out)."""
    owners: dict[str, set[str]] = {}
    for entry in knowledge_base().entries:
        for key in ("idle_timeout_s", "request_timeout_s"):
            for name in _SETTING_NAME.findall(str((entry.defaults.get(key) or {}).get("setting") or "")):
                if "timeout" in name or "idle" in name:  # not "cowboy_websocket", the module it is set in
                    owners.setdefault(name, set()).add(entry.id)
    return {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}


@lru_cache(maxsize=2048)
def lookup(text: str | None, kind: str | None = None) -> Technology | None:
    """The entry a free-text technology names, or None when it names nothing known."""
    return knowledge_base().lookup(text, kind)


def canonical(text: str | None, kind: str | None = None) -> str | None:
    """The canonical id of a free-text technology, or None."""
    entry = lookup(text, kind)
    return entry.id if entry else None


def list_technologies(category: str | None = None) -> list[Technology]:
    """Every entry, sorted by id; optionally only one category."""
    return [e for e in knowledge_base().entries if category is None or e.category == category]


def describe_technology(name: str) -> str:
    """A readable page for one entry (``rtdiagram tech NAME``)."""
    entry = lookup(name)
    if entry is None:
        return f"{name!r} is not in the knowledge base: lint uses only what the model states.\n"
    lines = [f"{entry.name}  ({entry.id})", "",
             f"hosting:  {entry.hosting.replace('_', '-')}", f"category: {entry.category}",
             f"kinds:    {', '.join(entry.kinds)}"]
    if entry.roles:
        lines.append(f"roles:    {', '.join(entry.roles)}")
    aliases = [*entry.aliases, *entry.exact_aliases]
    if aliases:
        lines.append(f"aliases:  {', '.join(aliases)}")
    for key, value in entry.provides.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        lines.append(f"provides {key}: {shown}")
    if entry.defaults:
        lines += ["", "documented defaults:"]
        for key, default in entry.defaults.items():
            lines.append(f"  {key} = {default.get('value')!r}  ({default.get('setting')}; "
                         f"{default.get('source')})")
    if entry.notes:
        lines += ["", entry.notes]
    if entry.sources:
        lines += ["", "sources:"] + [f"  - {source}" for source in entry.sources]
    return "\n".join(lines) + "\n"


def technology_table() -> str:
    """One line per entry (``rtdiagram tech`` without a name)."""
    rows = [f"{e.id:<28} {e.hosting.replace('_', '-'):<12} {e.category:<18} {e.name}"
            for e in list_technologies()]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # regenerate technologies.json after editing technologies.yaml
    folder = resources.files("rtdiagram.knowledge")
    source = folder.joinpath(DATA_FILE).read_text(encoding="utf-8")
    with open(str(folder.joinpath(LOADED_FILE)), "w", encoding="utf-8") as handle:
        handle.write(json_text(source))
