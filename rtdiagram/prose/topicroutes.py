"""Which broker carries a topic: "track-feeder writes positions to Redpanda (topic `tracks`)" and
later "live-noise … consumes `tracks`" link live-noise to Redpanda, though that clause names no
broker. A topic is known by its first segment ("noise/<nmt>/leq" and "noise/+/leq" are one
family); a family two brokers carry tells nothing."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

from rtdiagram.prose.nearby import scan_lower
from rtdiagram.prose.phrases import Found, SpanIndex
from rtdiagram.prose.protocols import protocol

# A topic as written: in backticks, or after the word topic / subject / stream / channel.
_TOPIC = re.compile(r"`(?P<quoted>\$?[\w<>{}#+*.-]+(?:/[\w<>{}#+*.$-]+)*)`"
                    r"|\b(?:topics?|subjects?|streams?|channels?)\s+(?P<named>[\w<>{}#+*.-]+(?:/[\w<>{}#+*.$-]+)+|[a-z][\w.-]*[\w])",
                    re.I)
_CUE = re.compile(r"`|topic|subject|stream|channel", re.I)  # a fast gate only
_WILD = re.compile(r"[<>{}#+*]")
_USES = re.compile(r"\b(?:subscri(?:b|pt)\w*|consum\w*|publish\w*|reads?|writes?|listens?|takes?|tails?|produc\w*|sends?|"
                   r"pushes|forwards?)\b", re.I)
_NOT_TOPICS = {"ws", "wss", "http", "https", "true", "false", "null", "none", "ping", "pong"}
_USERS = ("service", "gateway", "client")
_ON_BROKER = re.compile(r"`?\s*(?:\([^()]{0,20}\)\s*)?(?:on|to|in|at|via|from|into|of)\s+(?:the\s+|our\s+)?\**")
_BROKER_TOPIC = re.compile(r"[\w.-]*\**\s*(?:\(|,|:)?\s*(?:the\s+)?(?:topics?|subjects?|streams?|channels?)?\s*(?:called\s+|named\s+)?`?", re.I)


def family(topic: str) -> str | None:
    """The family a topic belongs to: its first segment without wildcards ("$share/g/farm/#" → farm)."""
    segments = [s for s in topic.strip("/").split("/") if s]
    if segments[:1] == ["$share"]:
        segments = segments[2:]  # an MQTT shared subscription: $share/<group>/<topic>
    first = segments[0].split(".")[0].lower() if segments else ""
    if not first or _WILD.search(first) or first in _NOT_TOPICS or len(first) < 3 or topic.startswith("/"):
        return None  # "/ws/orders/" is a URL path, not a topic
    return first


def topics_in(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    found = []
    for m in _TOPIC.finditer(text, a, b):
        word = m["quoted"] or m["named"]
        if m["quoted"] and not ("/" in word or "." in word or "-" in word or "_" in word or word.islower()):
            continue  # `OrderConsumer`, `X-Board-Key`: code and headers, not topics
        if (name := family(word)) is not None:
            found.append((m.start(), m.end(), name))
    return found


def topic_routes(text: str, spans: Iterable[tuple[int, int]], index: SpanIndex, live: Callable[[Found], bool],
                 link: Callable[[Found, Found, str, str | None, str], None]) -> None:
    """Link a part that uses a topic to the broker the text put that topic on elsewhere."""
    clauses = []
    carried: dict[str, set[int]] = {}
    brokers: dict[int, Found] = {}
    cues = [m.start() for m in scan_lower(_CUE, text)]  # found once: most clauses have none
    for a, b in spans:
        i = bisect.bisect_left(cues, a)
        topics = topics_in(text, a, b) if i < len(cues) and cues[i] < b else []
        if not topics:
            continue
        parts = [(s, f) for s, _, f in sorted(index.starting_in(a, b), key=lambda h: h[0]) if live(f)]
        clauses.append((a, b, topics, parts))
        for position, end, name in topics:  # "`noise/+/leq` on EMQX", "Redpanda (topic `tracks`)": its broker
            broker = next((f for s, f in parts if f.kind in ("pubsub", "queue") and (
                0 < s - end <= 30 and _ON_BROKER.fullmatch(text, end, s) or
                0 < position - s <= 40 and _BROKER_TOPIC.fullmatch(text, s, position))), None)
            if broker is not None:
                brokers[id(broker)] = broker
                carried.setdefault(name, set()).add(id(broker))
    routes = {name: brokers[next(iter(keys))] for name, keys in carried.items() if len(keys) == 1}
    for a, b, topics, parts in clauses:
        if not _USES.search(text, a, b):
            continue
        for position, _, name in topics:
            broker = routes.get(name)
            users = [f for s, f in parts if s < position and f.kind in _USERS]
            if broker is not None and users and not any(f is broker for _, f in parts):
                user = users[-1]
                link(user, broker, protocol(user, broker, None), None, f"it uses the topic '{name}…', which the text puts on it")
