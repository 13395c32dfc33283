"""One "did you mean" for every name the user can mistype: keys, kinds, values, rules, templates."""

from __future__ import annotations

import difflib
import re


def _normalise(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return re.sub(r"[\s\-]+", "_", text).lower()


# Words people use for a field under another name.
SYNONYMS = {
    "sticky_sessions": "affinity", "sticky": "affinity", "stickiness": "affinity",
    "session_affinity": "affinity", "instances": "replicas", "nodes": "replicas",
    "replica": "replicas", "count": "replicas", "type": "kind", "name": "label",
    "protocols": "transports", "transport": "transports", "source": "from", "target": "to",
    "ping": "heartbeat", "keepalive": "heartbeat", "keep_alive": "heartbeat",
    "idle_timeout": "idle_timeout_s", "timeout": "idle_timeout_s", "tech": "technology",
}


def did_you_mean(value: str, candidates: list[str], normalised: dict[str, str] | None = None,
                 names: list[str] | None = None) -> str | None:
    if not candidates:
        return None
    value = value[:200]  # difflib is quadratic in the length of what it compares
    synonym = SYNONYMS.get(_normalise(value))
    if synonym in candidates:
        return f"did you mean {synonym!r}?"
    if normalised is None:
        normalised = {_normalise(c): c for c in candidates}
    if _normalise(value) in normalised and normalised[_normalise(value)] != value:
        return f"did you mean {normalised[_normalise(value)]!r}?"
    names = names if names is not None else list(normalised)
    close = difflib.get_close_matches(_normalise(value), names, n=1, cutoff=0.6)
    if not close and "_" in _normalise(value):  # 'websocket_gatway' → its last word, 'gateway'
        close = difflib.get_close_matches(_normalise(value).rsplit("_", 1)[1], names,
                                          n=1, cutoff=0.7)
    return f"did you mean {normalised[close[0]]!r}?" if close else None


class Suggester:
    """did_you_mean against one fixed list, for many lookups (every dangling reference).

    The candidates are normalised once, repeated values are answered from a cache, and the
    fuzzy search has a budget of string comparisons for the whole run: 3,000 bad references
    against 3,000 ids take well under a second instead of a minute. Past the budget only
    exact matches up to case and separators are suggested.
    """

    def __init__(self, candidates: list[str], budget: int = 30_000) -> None:
        self.candidates = candidates
        self.budget = budget
        self.normalised = {_normalise(c): c for c in candidates}
        self.names = list(self.normalised)
        self.cache: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value in self.cache:
            return self.cache[value]
        answer = None
        if self.candidates and len(value) <= 200:
            if len(self.names) <= self.budget:
                self.budget -= len(self.names)
                answer = did_you_mean(value, self.candidates, self.normalised, self.names)
            else:
                exact = self.normalised.get(_normalise(value))
                answer = f"did you mean {exact!r}?" if exact and exact != value else None
        self.cache[value] = answer
        return answer


def hint(value: str, candidates: list[str], fallback: str) -> str:
    """"did you mean 'x'?" when something is close, else the fallback (e.g. the valid names)."""
    return did_you_mean(value, candidates) or fallback
