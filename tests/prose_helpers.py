"""What the offline drafter makes of a short text, in the shapes the prose tests assert on."""

from __future__ import annotations

from rtdiagram.prose.drafting import draft
from rtdiagram.prose.offline import extract_offline


def drafted_parts(text: str) -> dict[str, object]:
    """The extraction's components by id."""
    return {c.id: c for c in extract_offline(text).extraction.components}


def drafted_links(text: str) -> set[tuple[str, str, str]]:
    """The extraction's links as (source, target, protocol)."""
    return {(l.source, l.target, l.protocol) for l in extract_offline(text).extraction.links}


def drafted_model(text: str) -> dict[str, object]:
    """The drafted model's components by id: the attributes the extraction keeps aside are set on them."""
    return {c.id: c for c in draft(text, provider="offline").loaded.model.components}
