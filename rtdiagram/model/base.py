"""The model's vocabulary: frozen pydantic v2 base, field types, enumerations, system data.

A model is a graph: ``components`` (each with an ``id`` and a ``kind``) joined by ``links``,
plus ``groups`` for drawing, ``channels``, ``flows`` (ordered steps, the material of sequence
diagrams) and ``waivers`` for lint. Field descriptions are the documentation: they feed the
JSON Schema that editors use.

Values a lint rule may need to *assume* (nginx's 60 s read timeout, Socket.IO's 25 s ping) are
deliberately left unset here: ``None`` means "the model does not say", so lint can report the
platform default it assumed. Cross-reference checks (duplicate ids, dangling links) live in
``loader.py`` because they need file positions, which pydantic validators cannot give.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
# Strict: a YAML number (`.nan`, `.inf`) is not an id, even though its text would match.
ComponentId = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN, max_length=64),
    Field(
        description="Stable identifier: lowercase letters, digits, '-' and '_', starting with a "
        "letter. Used as the node id in every diagram format.",
        examples=["ws-gateway"],
    ),
]
# Every number in a model has a sane range, so no later arithmetic (capacity estimates, layout,
# str() of a 5,000-digit integer) can overflow or stall. yamlsource.MAX_NUMBER bounds every
# number at read time; these types bound each field by what it means.
MAX_COUNT = 10**12          # users, connections, bytes, instances, limits
MAX_SECONDS = 10**9         # about 31 years
MAX_FACTOR = 10**6          # rates per second, multipliers, per-user ratios
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False)]
PositiveInt = Annotated[int, Field(ge=1, le=MAX_COUNT)]
NonNegativeInt = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Rate = Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)]
Factor = Annotated[float, Field(ge=0, le=MAX_FACTOR, allow_inf_nan=False)]
# Booleans are strict: only true/false, so `tls: yes` is an error rather than a guess.
Flag = Annotated[bool, Field(strict=True)]


class Frozen(BaseModel):
    # allow_inf_nan=False: `.nan` and `.inf` are never a usable number in a model.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=False, coerce_numbers_to_str=True,
        allow_inf_nan=False,
    )


# --------------------------------------------------------------------------------------------
# Enumerations (Literal types: precise JSON Schema enums and "did you mean" hints)

Transport = Literal["websocket", "sse", "long_polling", "webrtc", "http2_push", "webtransport"]
Protocol = Literal[
    "websocket", "sse", "long_polling", "http", "grpc", "pubsub", "sql", "webrtc", "tcp",
    "udp", "amqp", "kafka", "redis", "dynamodb", "mqtt", "internal",
]
Affinity = Literal["none", "cookie", "session_id", "ip_hash", "consistent_hash", "header"]
HopTechnology = Literal[
    "alb", "nlb", "clb", "gcp_https_lb", "azure_appgw", "azure_lb", "nginx", "ingress_nginx",
    "envoy", "haproxy", "traefik", "apache", "heroku_router", "cloudflare", "cloudfront",
    "fastly", "cdn_other", "api_gateway", "kong", "k8s_service", "other",
]
GatewayTechnology = Literal[
    "socketio", "engineio", "ws", "uwebsockets", "signalr", "sockjs", "centrifugo", "phoenix",
    "apigw_websocket", "ably", "pusher", "azure_signalr", "mercure", "actioncable",
    "express", "fastapi", "nodejs", "go", "spring", "custom",
]
PubSubTechnology = Literal[
    "none", "in_memory", "redis_pubsub", "redis_sharded_pubsub", "redis_streams", "kafka",
    "nats", "nats_jetstream", "postgres", "mongo", "rabbitmq", "google_pubsub", "sns",
    "managed", "other",
]
Delivery = Literal["at_most_once", "at_least_once"]
ClusterMode = Literal["standalone", "sentinel", "cluster", "managed"]
HAMode = Literal["none", "sentinel", "cluster", "managed", "replicated"]
RegistryStore = Literal["none", "memory", "redis", "dynamodb", "sql", "other"]
PresenceStore = Literal["none", "memory", "redis", "dynamodb", "sql", "crdt", "managed", "other"]
TokenLocation = Literal[
    "query", "cookie", "header", "subprotocol", "first_message", "connect_payload"
]
Feature = Literal["broadcast", "rooms", "user_push", "presence", "client_publish"]


# --------------------------------------------------------------------------------------------
# System-level data


class Expected(Frozen):
    """Expected load at peak: the inputs of the capacity estimates."""

    peak_users: NonNegativeInt | None = Field(None, description="Concurrent users at peak.")
    connections_per_user: Factor | None = Field(
        None, description="Connections per user (tabs, devices). Unset means 1.0."
    )
    peak_connections: NonNegativeInt | None = Field(
        None, description="Concurrent connections at peak, if known directly."
    )
    publish_rate_per_s: Rate | None = Field(
        None, description="Messages published into channels per second."
    )
    avg_recipients: Rate | None = Field(
        None, description="Average online recipients of one published message."
    )
    avg_message_bytes: NonNegativeInt | None = Field(None, description="Average payload size.")
    max_message_bytes: NonNegativeInt | None = Field(None, description="Largest payload size.")
    session_duration_s: Seconds | None = Field(
        None, description="Typical lifetime wanted for one connection, in seconds."
    )
    client_msgs_per_s_per_conn: Factor | None = Field(
        None, description="Client → server messages per second per connection."
    )


class Requirements(Frozen):
    delivery: Literal["best_effort", "at_least_once"] | None = Field(
        None, description="Business delivery guarantee for real-time messages."
    )
    ordered: Flag | None = Field(None, description="Whether per-channel ordering is required.")


class Messages(Frozen):
    id: Literal["none", "uuid", "sequence"] | None = Field(
        None, description="How messages are identified, for de-duplication and resume."
    )


class WebRTC(Frozen):
    topology: Literal["mesh", "sfu", "mcu"] | None = Field(None, description="Media topology.")
    max_participants: PositiveInt | None = Field(None, description="Largest call size.")
    signaling: Literal["websocket", "sse", "http", "none"] | None = Field(
        None, description="Channel used for WebRTC signaling."
    )


class System(Frozen):
    name: str = Field(..., min_length=1, max_length=200, description="Name of the system.")
    description: str | None = Field(None, description="What the system does, in a sentence.")
    expected: Expected = Field(default_factory=Expected, description="Expected peak load.")
    requirements: Requirements = Field(default_factory=Requirements)
    features: list[Feature] = Field(
        default_factory=list, description="Real-time features the system uses."
    )
    messages: Messages = Field(default_factory=Messages)
    client_publish: Literal["direct", "via_backend", "none"] | None = Field(
        None,
        description="Whether clients publish straight into channels ('direct') or through "
        "the backend.",
    )
    webrtc: WebRTC | None = Field(None, description="WebRTC media settings, when used.")
