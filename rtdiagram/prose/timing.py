"""Heartbeat intervals and idle timeouts, however a writer puts them.

Every duration in the text is read once, and what it measures is decided by the words around it
in its clause:

- a heartbeat: "pings every 25 s", "a 30-second heartbeat", "heartbeat interval of 20s",
  "keepalive comments every half minute", "sends a ping each 25 seconds";
- an idle timeout: "a 90 s idle cut-off", "drops idle sockets after five minutes", "closes
  connections that are silent for 60 seconds", "after 2 minutes of inactivity",
  "proxy_read_timeout 3600s", "idle timeout is 350 seconds";
- anything else (a grace period, a TTL, a back-off, a latency, a request timeout) is left alone.

A heartbeat belongs to the gateway named nearest (an MQTT keep alive to the broker); an idle
timeout to the hop or gateway that is the subject of the clause ("the Fly proxy closes idle
connections after 60 s").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rtdiagram.knowledge.technologies import lookup, timeout_settings
from rtdiagram.prose.catalogue import DURATION, I, seconds
from rtdiagram.prose.phrases import Found, clause, negated
from rtdiagram.prose.roles import speaks_mqtt

CAP = 500
_DURATION = re.compile(rf"(?<![\w.])(?:{DURATION})", I)
_PING = (r"\b(?:ping_?interval|heartbeat_?interval(?:_?ms)?|keep_?alive_?interval|pings?|pinged|pinging|pongs?|heart-?beats?|heartbeating|keep[- ]?alives?|keepalive comments?|liveness probes?|"
         r"(?:sse |keep-?alive |empty |heartbeat )?comment(?: lines?| frames?)?s?|no-?op (?:events?|messages?|frames?))\b")
HEARTBEAT_BEFORE = re.compile(r"\b(?:ping_?interval|heartbeat_?interval|keep_?alive_?interval)`?\s*[:=]?\s*$|\b(?:keep-?\s?alive|heart-?beat)\s+$|"
                              r"`:[^`\n]{0,12}`[^.;]{0,30}?\bevery\s+$|"  # an SSE comment line: "writes `: hb` every 15 s"
                              + _PING + r"[^.;]{0,45}?(?:\b(?:every|each|once every|once|at|of|interval(?: is| of)?|is|set to|to)|=|:|\()\s*"
                              r"(?:(?:about|roughly|around|approximately|~|some|every|the|its|a|default)\s+)*$", I)
HEARTBEAT_EVERY = re.compile(r"\bevery\s+(?:(?:about|roughly|around|approximately|~)\s+)?$", I)
HEARTBEAT_AFTER = re.compile(r"^[\s-]*(?:(?:ws|websocket|application|app|server|client|protocol)[\s-]+)?"
                             r"(?:ping|heart-?beat|keep-?alive)s?\b|^\s*(?:ping|heartbeat) interval", I)
_IDLE_WORD = (r"(?:idle|idling|inactiv\w*|silent|silence|quiet|dead|unused|stale|no traffic|without traffic|nothing is sent|"
              r"no (?:data|messages|frames)|nothing (?:received|arrives)|(?:hears?|receives?|gets?|sees?) nothing)")
_NO_TRAFFIC = re.compile(r"\b(?:no|without) (?:\w+ )?(?:traffic|data|messages|frames|activity)\b[^.;]{0,30}$", I)
IDLE_BEFORE = re.compile(
    r"(?:\b" + _IDLE_WORD + r"\b[^.;]{0,50}?|\b(?:idle[_ -]?timeout|proxy_read_timeout|proxy_send_timeout|"
    r"keepalive[_-]timeout|timeout (?:client|server|tunnel)|stream_idle_timeout|(?:proxy[_-])?read[_ -]timeout|"
    r"(?:origin )?response timeout|first[- ]byte timeout|cut-?off)\b[^.;]{0,25}?)"
    r"(?:after|for|of|to|at|is|=|:|than|beyond|past|over|longer than)?\s*(?:(?:about|roughly|around|~|only|just|the|"
    r"default|its|of|still|now|currently|is|at)\s+)*$", I)
IDLE_AFTER = re.compile(r"^[\s-]*(?:(?:of|without)\s+(?:\w+\s+)?(?:inactivity|idle|idleness|silence|traffic|data|messages|pings?|pongs?|"
                        r"heartbeats?|keep-?alives?|one)\b"
                        r"|idle\b|(?:idle\s+)?(?:time-?out|cut-?off)\b)", I)
_PINGS = re.compile(r"\bpings?\b", I)
_PINGS_WHEN_QUIET = re.compile(r"\b(?:pings?|sends? (?:a |its )?(?:ping|heartbeat)s?)\s+(?:only\s+)?(?:after|when|if|once)\b(?:(?!\b(?:drops?|closes?|"
                               r"kills?|disconnects?|cuts?)\b)[^.;]){0,50}$", I)
NOT_TIMING = re.compile(r"\b(?:grace|shutdown|drain\w*|ttl|expir\w*|retr(?:y|ies)|back-?off|reconnect\w*|latency|"
                        r"deadline|request timeout|jitter|lag|late|delay|window|cache|token|rotation|deploy\w*)\b", I)


def timing(text: str, found: list[Found], index, near: Callable[[int, tuple[str, ...]], Found | None],
           hops: tuple[str, ...]) -> None:
    """Set ``heartbeat_interval_s`` and ``idle_timeout_s`` on the parts they belong to."""
    gateways = [f for f in found if f.kind == "gateway"]
    only_brokers = not gateways and brokered(text, found)  # once per text: no gateway, clients speak to a broker
    weak: list[tuple[int, float]] = []
    for n, match in enumerate(_DURATION.finditer(text)):
        if n >= CAP:
            break
        value = seconds(match)
        if not value:
            continue
        a, b = clause(text, match.start(), match.end())
        before = text[max(a, match.start() - 70):match.start()]
        after = text[match.end():min(b, match.end() + 40)]
        if NOT_TIMING.search(text[max(a, match.start() - 30):match.start()]) or NOT_TIMING.match(after.strip()):
            continue
        kind = _what(before, after, text[a:b])
        if negated(text, match.start()) and not (kind == "idle" and _NO_TRAFFIC.search(before)):
            continue  # "with no traffic for 2 minutes" states an idle timeout, it does not deny one
        if kind is None and _BARE_TIMEOUT.search(before):  # "the load balancer's timeout is 60 s": on a hop, idle
            hop = _setting_owner(before, found) or _subject(index, a, match.start(), hops) or near(match.start(), hops)
            if hop is not None:
                hop.attrs.setdefault("idle_timeout_s", value)
            continue
        if kind == "heartbeat?":  # read after every stated heartbeat, so that one wins
            weak.append((match.start(), value))
        elif kind == "heartbeat":
            target = broker_keepalive(text, a, b, match.start(), found, near, only_brokers) or \
                _subject(index, a, match.start(), ("gateway", "service")) or near(match.start(), ("gateway",)) or \
                (gateways[0] if gateways else None)
            if target is not None and target.kind == "service" and gateways and _PINGS.search(before) and \
                    "comment" not in before and "`:" not in before:  # "dome-bridge pings every 10 s": a part
                target = near(match.start(), ("gateway",)) or (gateways[0] if len(gateways) == 1 else target)  # that dials in
            if target is not None:  # "board-feed writes `: hb` every 15 s": the part that sends it, though not yet a gateway
                target.attrs.setdefault("heartbeat_interval_s", value)
        elif kind == "idle":
            target = _setting_owner(before, found) or _subject(index, a, match.start(), (*hops, "gateway")) or \
                near(match.start(), hops) or near(match.start(), ("gateway",))
            if target is not None:
                target.attrs.setdefault("idle_timeout_s", value)
    for position, value in weak:
        a, b = clause(text, position, position)
        target = broker_keepalive(text, a, b, position, found, near, only_brokers) or \
            near(position, ("gateway",)) or (gateways[0] if gateways else None)
        if target is not None:
            target.attrs.setdefault("heartbeat_interval_s", value)


_BARE_TIMEOUT = re.compile(r"\btime-?outs?\b`?(?:[^.;]{0,40}?\b(?:of|is|at|to|=)|\s*[:=(])?\s*"
                           r"(?:(?:about|roughly|only|just|the|default|its|of|still|now|currently|is|at)\s+)*$", I)
_KEY_MS = re.compile(r"\b(?P<key>ping_?interval|heartbeat_?interval|heartbeat_?interval_?ms|ping_?interval_?ms|keep_?alive)"
                     r"\s*[:=]\s*(?P<value>\d{2,7})(?!\s*(?:ms|s|sec|seconds?|minutes?|min)\b)", I)


def config_heartbeats(text: str, near: Callable[[int, tuple[str, ...]], Found | None]) -> None:
    """'pingInterval: 25000': a setting written without a unit (milliseconds when it is large)."""
    for match in _KEY_MS.finditer(text):
        value = int(match["value"])
        seconds_value = value / 1000 if value >= 1000 or match["key"].lower().endswith("ms") else float(value)
        target = near(match.start(), ("gateway",))
        if target is not None:
            target.attrs.setdefault("heartbeat_interval_s", seconds_value)


_BROKER_PROTOCOL = re.compile(r"\b(?:MQTT|STOMP|CONNECT)\b")
_OTHER_HEARTBEAT = re.compile(r"\b(?:sse|websockets?|sockets?|ping\w*|comments?|events?|browsers?|pages?)\b", I)


def _mqtt_broker(f: Found) -> bool:
    entry = f.entry if f.entry is not None else lookup(f.technology) if f.technology else None  # "our **Mosquitto** broker"
    return f.kind == "pubsub" and speaks_mqtt(entry)


def brokered(text: str, found: list[Found]) -> bool:
    """Whether some clients speak to a broker itself: the text names MQTT or STOMP, or a broker
    that speaks MQTT (Mosquitto, EMQX) is one of the parts."""
    return bool(re.search(r"\b(?:MQTT|STOMP)\b", text)) or any(_mqtt_broker(f) for f in found)


def broker_keepalive(text: str, a: int, b: int, position: int, found: list[Found],
                     near: Callable[[int, tuple[str, ...]], Found | None], only_brokers: bool) -> Found | None:
    """The broker whose clients keep alive: an MQTT keep alive or STOMP heart-beats ("MQTT
    keepalive 20 s", "keepalive 90 s" in the lines about the devices), or any heartbeat in a
    design whose clients only speak MQTT to a broker (``only_brokers``: no gateway at all)."""
    if not any(f.kind == "pubsub" for f in found):
        return None
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    words = text[max(a, line_start):min(b, line_end if line_end >= 0 else b)]  # bullets run on without a full stop
    window = max(0, position - 300)
    mqtt_before = [m.start() + window for m in re.finditer(r"\bMQTT\b", text[window:position])]
    mqtt_broker_before = [s for f in found if _mqtt_broker(f) for s, _ in f.spans if window <= s < position]
    keep = re.search(r"\bkeep-?\s?alive\b", words, I)
    if _BROKER_PROTOCOL.search(words) or only_brokers or (keep and (mqtt_before or mqtt_broker_before) and not
                                                          _OTHER_HEARTBEAT.search(words, max(0, keep.start() - 40), keep.end() + 40)):
        # the broker named by the MQTT mention, not a stream that happens to sit nearer
        return near(max(mqtt_before + mqtt_broker_before, default=position), ("pubsub",))
    return None


def _setting_owner(before: str, found: list[Found]) -> Found | None:
    """"nginx hands it to websockify, proxy_read_timeout is 3600s": the product whose setting it is
    (the knowledge base names each product's timeout settings)."""
    tail = before[-45:].lower()
    for name, owner in timeout_settings().items():
        if name in tail and re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", tail):
            return next((f for f in found if f.technology == owner or f.entry is not None and f.entry.id == owner), None)
    return None


def _what(before: str, after: str, whole: str) -> str | None:
    if _PINGS_WHEN_QUIET.search(before):
        return "heartbeat"  # "pusher-js pings after 120 s without traffic": the ping comes when the line is quiet
    heartbeat = HEARTBEAT_BEFORE.search(before) or HEARTBEAT_AFTER.match(after)
    if not heartbeat and HEARTBEAT_EVERY.search(before) and re.search(_PING, whole, I):
        heartbeat = HEARTBEAT_EVERY.search(before)  # "every 10 s … and a comment line": a weaker reading
        if not IDLE_BEFORE.search(before) and not IDLE_AFTER.match(after):
            return "heartbeat?"
    idle = IDLE_BEFORE.search(before) or IDLE_AFTER.match(after)
    if heartbeat and idle:  # the cue nearer to the number decides
        h = len(before) - heartbeat.start() if heartbeat.re is not HEARTBEAT_AFTER else 0
        i = len(before) - idle.start() if idle.re is not IDLE_AFTER else 0
        return "heartbeat" if h <= i else "idle"
    return "heartbeat" if heartbeat else "idle" if idle else None


def _subject(index, a: int, position: int, kinds: tuple[str, ...]) -> Found | None:
    """The hop or gateway named last before the duration in its clause: the one that cuts."""
    if index is None:
        return None
    return index.last_before(a, position, lambda f: f.kind in kinds and f.alias is None)
