"""The parts a description names, as found so far: each with every place it is mentioned.

Every mention span is filed once in a :class:`SpanIndex` by position, so "which part covers this
span?" and "which parts does this clause mention?" look at a few buckets, never at every part —
the extractor stays linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rtdiagram.knowledge.technologies import Technology


@dataclass
class Found:
    id: str
    kind: str
    name: str
    technology: str | None
    start: int
    key: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    entry: Technology | None = None
    order: int = 0
    alias: Found | None = None  # set when this part turned out to be another one

    def evidence(self, text: str) -> list[str]:
        quotes: list[str] = []
        for a, b in sorted(self.spans):
            quote = " ".join(text[a:b].split())
            if quote and quote not in quotes:
                quotes.append(quote)
        return quotes[:3]


class SpanIndex:
    """Every mention's span, bucketed by position as it is added: "which part covers this span?"
    and "which parts does this clause mention?" look at a few buckets, never at every part."""

    SHIFT = 8

    def __init__(self) -> None:
        self.buckets: dict[int, list[tuple[int, int, Found]]] = {}

    def add(self, span: tuple[int, int], owner: Found) -> None:
        self.buckets.setdefault(span[0] >> self.SHIFT, []).append((span[0], span[1], owner))

    def covering(self, start: int, end: int) -> Found | None:
        best, key = None, start >> self.SHIFT
        for bucket in range(key - 3, key + 1):  # spans are shorter than 1 kB
            for a, b, f in self.buckets.get(bucket, ()):
                while f.alias is not None:
                    f = f.alias
                if a <= start and end <= b and (best is None or f.order < best.order):
                    best = f
        return best

    def last_before(self, start: int, end: int, keep) -> Found | None:
        """The part ``keep`` accepts whose mention starts last between ``start`` and ``end``: what "it",
        "this" or a bare duration refers to."""
        named = [(s, f) for s, _, f in self.starting_in(start, end) if keep(f)]
        return max(named, key=lambda t: t[0])[1] if named else None

    def starting_in(self, start: int, end: int) -> list[tuple[int, int, Found]]:
        hits = []
        for bucket in range(start >> self.SHIFT, (end >> self.SHIFT) + 1):
            hits.extend(h for h in self.buckets.get(bucket, ()) if start <= h[0] < end and h[2].alias is None)
        return hits


class Spans(list):
    """A part's mention spans; each one added is also filed in the shared :class:`SpanIndex`."""

    def __init__(self, owner: Found, index: SpanIndex | None, items=()) -> None:
        super().__init__()
        self.owner, self.index = owner, index
        for span in items:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        super().append(span)
        if self.index is not None:
            self.index.add(span, self.owner)


def slug(text: str) -> str:
    """An id from a name: "Météo-France API" → "meteo-france-api" (accents dropped, not the letters)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() if not text.isascii() else text
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    value = re.sub(r"^[^a-z]+", "", value)
    return value[:40].strip("-") or "component"


def singular(word: str) -> str:
    word = word.lower()
    if "." in word.strip("."):
        return word  # "Next.js", "Socket.io" are names, not plurals
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("aches"):
        return word[:-1]  # "caches", not "cach"
    if word.endswith("sses") or word.endswith("xes") or word.endswith("ches"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ws")) and len(word) > 3:
        return word[:-1]  # not "status", "redis", "news"
    return word
