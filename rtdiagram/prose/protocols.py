"""What a link speaks: the transport a clause names, and the protocol between two parts given
their kinds and technologies (a consumer speaks Kafka to Kafka, a service SQL to Postgres)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from rtdiagram.knowledge.technologies import lookup
from rtdiagram.prose.catalogue import NAMES_A_TRANSPORT, TRANSPORT_LOWER, TRANSPORT_ORDER, transport_matches
from rtdiagram.prose.phrases import Found, lowered, negated
from rtdiagram.prose.roles import speaks_mqtt

HOPS = ("cdn", "load_balancer", "proxy", "ingress")


def transport(text: str, a: int, b: int, ranking: Sequence[str] = ()) -> str | None:
    """The transport a clause names; one it also refuses ("proxies that break WebSockets, so it is
    long polling: no WebSockets") is not it, and of several, the text's main one wins."""
    named, refused = set(), set()
    low = lowered(text)
    if low is None:  # a text whose lower case changes its length (rare): one pattern, IGNORECASE
        # a run-on "clause" need not be read to its end
        for m in itertools.islice(NAMES_A_TRANSPORT.finditer(text, a, b), 60):
            (refused if negated(text, m.start()) else named).add(m.lastgroup)
    else:  # one small pattern per transport on lower-cased text: several times faster than one big one
        for name, pattern in TRANSPORT_LOWER:
            if name == "persistent":
                continue  # it says a connection is held, not what it speaks
            for m in itertools.islice(transport_matches(pattern, low, a, b), 20):
                (refused if negated(text, m.start()) else named).add(name)
    named = [n for n in TRANSPORT_ORDER if n in named and n not in refused]
    return min(named, key=lambda n: ranking.index(n) if n in ranking else len(ranking)) if named else None


def protocol(source: Found, target: Found, carried: str | None) -> str:
    tech = (target.technology or "").lower()
    if source.kind == "client" and target.kind == "client":
        return "webrtc"
    if source.kind in ("client", *HOPS) and target.kind in (*HOPS, "gateway", "turn", "stun"):
        if target.kind == "stun":
            return "udp"
        if target.kind == "turn":
            return "webrtc"
        built = (target.entry or lookup(target.technology)) if target.kind == "gateway" and target.technology else None
        if carried == "mqtt" and built is not None and built.category == "framework" and not speaks_mqtt(built):
            return "websocket"  # the broker's side speaks MQTT; a Socket.IO or SignalR server does not
        if carried == "mqtt":
            return "mqtt"
        if carried == "webrtc" and (target.kind in HOPS or target.kind == "gateway" and (target.entry is None or "sfu" not in target.entry.roles)):
            return "websocket"  # a signalling server (and the hop before it): offers and ICE candidates, not media
        return carried or ("websocket" if target.kind == "gateway" else "http")
    if target.kind in ("pubsub", "queue"):
        if speaks_mqtt(target.entry):
            return "mqtt"  # devices and services speak MQTT to Mosquitto, EMQX, HiveMQ
        if "kafka" in tech or target.entry is not None and target.entry.provides.get("protocol") == "kafka":
            return "kafka"  # Kafka, and Redpanda, which speaks its protocol
        if tech in ("redis", "valkey", "redis_streams"):
            return "redis"  # Redis Streams too: XADD and XREAD are Redis commands
        if carried == "mqtt":
            return "mqtt"  # "publishes to RabbitMQ through the MQTT plugin"
        return "amqp" if "rabbit" in tech else "pubsub"
    if target.kind in ("registry", "presence", "datastore"):
        if "redis" in tech or "valkey" in tech:
            return "redis"
        entry = lookup(target.technology) if target.technology else None
        if entry is not None and entry.provides.get("protocol"):
            return entry.provides["protocol"]  # InfluxDB, Elasticsearch, S3: an HTTP API
        if "dynamo" in tech or tech == "s3":
            return "dynamodb" if "dynamo" in tech else "http"
        if target.kind == "datastore":
            return "sql" if re.search(r"postgres|mysql|maria|sql|cockroach|spanner|oracle|db2|tidb|vitess|yugabyte|aurora|timescale|"
                                      r"\brds\b|amazon_rds|planetscale|neon", tech) else "tcp"
        return "internal"
    if source.kind == "client" and carried in ("udp", "tcp"):
        return carried  # "the trackers send fixes as UDP datagrams to avl-ingest"
    if source.kind == "client" or target.kind == "external":
        return "http"
    return "internal"
