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


def did_you_mean(value: str, candidates: list[str]) -> str | None:
    if not candidates:
        return None
    synonym = SYNONYMS.get(_normalise(value))
    if synonym in candidates:
        return f"did you mean {synonym!r}?"
    normalised = {_normalise(c): c for c in candidates}
    if _normalise(value) in normalised and normalised[_normalise(value)] != value:
        return f"did you mean {normalised[_normalise(value)]!r}?"
    close = difflib.get_close_matches(_normalise(value), list(normalised), n=1, cutoff=0.6)
    if not close and "_" in _normalise(value):  # 'websocket_gatway' → its last word, 'gateway'
        close = difflib.get_close_matches(_normalise(value).rsplit("_", 1)[1], list(normalised),
                                          n=1, cutoff=0.7)
    return f"did you mean {normalised[close[0]]!r}?" if close else None


def hint(value: str, candidates: list[str], fallback: str) -> str:
    """"did you mean 'x'?" when something is close, else the fallback (e.g. the valid names)."""
    return did_you_mean(value, candidates) or fallback
