"""The LLM-facing model of a drafted design, kept apart from the YAML model.

Strict structured output wants a flat, closed schema: every field required (nullable when
unknown), no discriminated unions, bounded arrays. Both drafting providers — the LLM and the
offline extractor — produce this :class:`Extraction`; :func:`to_document` maps it onto the
YAML model, where it is validated like any hand-written file.

Grounding: every component and link carries verbatim quotes from the input. The validator
checks them against the text (passed as validation context), so an invented component is
rejected and, with an LLM, re-asked.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from rtdiagram.knowledge.technologies import canonical

Kind = Literal[
    "client", "load_balancer", "proxy", "cdn", "ingress", "gateway", "registry", "pubsub",
    "service", "datastore", "auth", "presence", "queue", "external", "monitoring", "turn", "stun",
]
ProtocolName = Literal[
    "websocket", "sse", "long_polling", "http", "grpc", "pubsub", "sql", "webrtc", "tcp", "udp",
    "amqp", "kafka", "redis", "dynamodb", "mqtt", "internal",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractedComponent(_Strict):
    id: str = Field(description="Short lowercase slug, unique: letters, digits, '-', e.g. 'ws-gateway'.",
                    json_schema_extra={"pattern": "^[a-z][a-z0-9_-]*$"})  # under a grammar, no id like "1"
    name: str = Field(description="The component's name as the text gives it.")
    kind: Kind = Field(description="What the component is in a real-time architecture.")
    technology: Optional[str] = Field(description="Product or technology named in the text, else null.")
    replicas: Optional[int] = Field(description="Number of nodes or instances if the text states it, else null.")
    transports: Optional[list[Literal["websocket", "sse", "long_polling", "webrtc"]]] = Field(
        description="For gateways: real-time transports the text names, else null.")
    affinity: Optional[Literal["cookie", "session_id", "ip_hash", "consistent_hash"]] = Field(
        description="For load balancers: sticky-session mechanism if stated, else null.")
    token_location: Optional[Literal["query", "cookie", "header", "subprotocol", "first_message", "connect_payload"]] = Field(
        description="For auth, or a gateway or broker that checks the credential itself: where the "
        "client sends its credential (MQTT CONNECT credentials: first_message), if stated, else null.")
    heartbeat_interval_s: Optional[float] = Field(
        description="For gateways, or brokers clients connect to (MQTT keep alive): seconds between "
        "pings or heartbeats if stated, else null.")
    evidence: list[str] = Field(
        description="One to three short quotes (3-15 words) copied verbatim from the text that mention "
        "this component.", max_length=3)


class ExtractedLink(_Strict):
    source: str = Field(description="Id of the component that connects or sends.")
    target: str = Field(description="Id of the component that accepts or receives.")
    protocol: Optional[ProtocolName] = Field(description="Protocol if stated or obvious, else null.")
    label: Optional[str] = Field(description="What travels over the link, in a few words, else null.")
    evidence: list[str] = Field(description="Short verbatim quotes from the text supporting this link.",
                                max_length=3)


class Extraction(_Strict):
    title: Optional[str] = Field(description="A short name for the system, else null.")
    components: list[ExtractedComponent] = Field(max_length=80)
    links: list[ExtractedLink] = Field(max_length=160)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Extraction:
        ids = [c.id for c in self.components]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate component ids: {duplicates}")
        for component in self.components:
            if not re.fullmatch(r"[a-z][a-z0-9_-]*", component.id):
                raise ValueError(f"component id {component.id!r} must be a lowercase slug like 'ws-gateway'")
        known = set(ids)
        for index, link in enumerate(self.links):
            for end in (link.source, link.target):
                if end not in known:
                    raise ValueError(f"links[{index}] names unknown component id {end!r}; known ids: {sorted(known)}")
        text = (info.context or {}).get("source_text")
        if text:
            haystack = normalise(text)
            for component in self.components:
                if not any(normalise(quote) in haystack for quote in component.evidence if quote.strip()):
                    raise ValueError(
                        f"component {component.id!r} has no evidence quote that appears verbatim in the "
                        "text; quote the text exactly or drop the component")
            for index, link in enumerate(self.links):
                if link.evidence and not any(normalise(q) in haystack for q in link.evidence if q.strip()):
                    raise ValueError(f"links[{index}] evidence does not appear verbatim in the text")
        return self


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


# --------------------------------------------------------------------------------------------
# Extraction → YAML model document

GATEWAY_TECH = {
    "socket.io": "socketio", "socketio": "socketio", "engine.io": "engineio", "ws": "ws",
    "uwebsockets": "uwebsockets", "signalr": "signalr", "sockjs": "sockjs", "centrifugo": "centrifugo",
    "phoenix": "phoenix", "api gateway websocket": "apigw_websocket", "aws api gateway websocket": "apigw_websocket",
    "ably": "ably", "pusher": "pusher", "azure signalr": "azure_signalr", "mercure": "mercure",
    "action cable": "actioncable", "express": "express", "node.js express": "express",
    "fastapi": "fastapi", "node.js": "nodejs", "go": "go", "spring": "spring",
}
HOP_TECH = {
    "aws alb": "alb", "alb": "alb", "aws nlb": "nlb", "nlb": "nlb", "clb": "clb", "nginx": "nginx",
    "ingress-nginx": "ingress_nginx", "envoy": "envoy", "haproxy": "haproxy", "traefik": "traefik",
    "apache": "apache", "cloudflare": "cloudflare", "cloudfront": "cloudfront", "fastly": "fastly",
    "api gateway": "api_gateway", "kong": "kong", "heroku router": "heroku_router",
    "gcp https lb": "gcp_https_lb",
}
PUBSUB_TECH = {
    "redis pub/sub": "redis_pubsub", "redis pubsub": "redis_pubsub", "redis streams": "redis_streams",
    "redis": "redis_pubsub", "kafka": "kafka", "nats jetstream": "nats_jetstream", "nats": "nats",
    "rabbitmq": "rabbitmq", "google pub/sub": "google_pubsub", "sns": "sns", "postgres": "postgres",
    "in-memory": "in_memory",
}
STORES = {"redis": "redis", "dynamodb": "dynamodb", "postgresql": "sql", "postgres": "sql", "mysql": "sql",
          "in-memory": "memory", "memory": "memory"}


def _enum(table: dict[str, str], technology: str | None) -> tuple[str | None, str | None]:
    """(enum value, display technology) for a free-text technology."""
    if not technology:
        return None, None
    key = normalise(technology)
    for name, value in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if key == name or key.startswith(name + " ") or key.endswith(" " + name):
            return value, None
    known = canonical(technology)  # a knowledge-base name or id ("AWS Network Load Balancer", "nlb")
    if known and known in table.values():
        return known, None
    return None, technology


def to_document(extraction: Extraction, guesses: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The YAML model as plain data. ``guesses`` collects, per component id, what was guessed."""
    guesses = guesses if guesses is not None else {}
    components: list[dict[str, Any]] = []
    for item in extraction.components:
        component: dict[str, Any] = {"id": item.id, "kind": item.kind}
        if item.name and item.name != item.id:
            component["label"] = item.name
        kind = item.kind
        if kind == "gateway":
            value, free = _enum(GATEWAY_TECH, item.technology)
            component["technology"] = value or free or "custom"  # v2 technology is free text
            if item.transports:
                component["transports"] = list(dict.fromkeys(item.transports))
            if item.heartbeat_interval_s:
                component["heartbeat"] = {"mechanism": "library", "interval_s": item.heartbeat_interval_s}
            if item.token_location:  # a gateway that checks the credential itself
                component["token_location"] = item.token_location
        elif kind in ("load_balancer", "proxy", "cdn", "ingress"):
            value, free = _enum(HOP_TECH, item.technology)
            if value or free:
                component["technology"] = value or free  # free text since v2: the knowledge base canonicalises it
            if item.affinity:
                component["affinity"] = item.affinity
        elif kind == "pubsub":
            value, free = _enum(PUBSUB_TECH, item.technology)
            component["technology"] = value or free or "other"
            if item.heartbeat_interval_s:  # a broker clients reach directly: their MQTT keep alive
                component["heartbeat"] = {"carrier": "protocol_ping", "interval_s": item.heartbeat_interval_s}
            if item.token_location:
                component["token_location"] = item.token_location
        elif kind in ("registry", "presence"):
            store, _ = _enum(STORES, item.technology)
            if store:
                component["store"] = store
            if item.technology:
                component["technology"] = item.technology
        elif kind == "auth":
            if item.technology:
                component["technology"] = item.technology
            if item.token_location:
                component["token_location"] = item.token_location
        elif item.technology:
            component["technology"] = item.technology
        if item.replicas and item.replicas >= 1 and kind not in ("client", "auth", "external", "monitoring", "stun"):
            component["replicas"] = item.replicas
        components.append(component)
    links = []
    seen: set[tuple[str, str, str | None]] = set()
    for link in extraction.links:
        key = (link.source, link.target, link.protocol)
        if key in seen or link.source == link.target:
            continue
        seen.add(key)
        entry: dict[str, Any] = {"from": link.source, "to": link.target, "protocol": link.protocol or "http"}
        if link.label:
            entry["label"] = link.label
        links.append(entry)
    return {
        "version": 1,
        "system": {"name": extraction.title or "Drafted system"},
        "components": components,
        "links": links,
    }
