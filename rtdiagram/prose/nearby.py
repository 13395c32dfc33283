"""Reading around a mention: the part of a kind nearest to a position, and fast case-insensitive
scans. Shared by the attribute passes (``facts.py``, ``credentials.py``)."""

from __future__ import annotations

import re
from functools import lru_cache

from rtdiagram.prose.phrases import Found, clause, lowered

def nearest_part(text: str, found: list[Found], position: int, kinds: tuple[str, ...]) -> Found | None:
    a, b = clause(text, position, position)
    low = max(0, position - 400)
    sentence_start = max(text.rfind(c, low, position) for c in ".\n") + 1 or low
    index = READING.get("index")
    if index is not None:
        reach = min(len(text), b + 300)  # bounded: a text with no full stop is not scanned to its end for every fact
        sentence_end = min((i for i in (text.find(". ", b, reach), text.find(".\n", b, reach), text.find("\n\n", b, reach))
                            if i >= 0), default=reach)
        inside = [(s, f) for s, _, f in index.starting_in(a, b) if f.kind in kinds] or \
            [(s, f) for s, _, f in index.starting_in(min(a, sentence_start), b) if f.kind in kinds] or \
            [(s, f) for s, _, f in index.starting_in(b, sentence_end) if f.kind in kinds]  # "…; X closes it"
    else:
        inside = [(s, f) for f in found if f.kind in kinds for s, _ in f.spans if a <= s < b]
    if inside:
        return min(inside, key=lambda t: (abs(t[0] - position), t[1].order))[1]
    candidates = READING.get(kinds)
    if candidates is None:  # built once per kind tuple, not on every call
        candidates = READING[kinds] = [f for f in found if f.kind in kinds]
    return candidates[0] if len(candidates) == 1 else None


@lru_cache(maxsize=16)
def lower_version(pattern: re.Pattern) -> re.Pattern:
    return re.compile(pattern.pattern.lower())


def scan_lower(pattern: re.Pattern, text: str):
    """``pattern.finditer(text)`` for a case-insensitive pattern written in lower case, run on the
    lower-cased text (much faster than IGNORECASE; the offsets are the same)."""
    low = lowered(text)
    return lower_version(pattern).finditer(low) if low is not None else pattern.finditer(text)


READING: dict = {}  # the span index and per-kind lists of the draft being read (set by attributes)
