"""The real-time system model: frozen pydantic v2 data, unknown keys rejected.

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

import re
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
ComponentId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(
        description="Stable identifier: lowercase letters, digits, '-' and '_', starting with a "
        "letter. Used as the node id in every diagram format.",
        examples=["ws-gateway"],
    ),
]
Seconds = Annotated[float, Field(ge=0)]
PositiveInt = Annotated[int, Field(ge=1)]
NonNegativeInt = Annotated[int, Field(ge=0)]
# Booleans are strict: only true/false, so `tls: yes` is an error rather than a guess.
Flag = Annotated[bool, Field(strict=True)]


class Frozen(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=False, coerce_numbers_to_str=True
    )


# --------------------------------------------------------------------------------------------
# Enumerations (Literal types: precise JSON Schema enums and "did you mean" hints)

Transport = Literal["websocket", "sse", "long_polling", "webrtc", "http2_push", "webtransport"]
Protocol = Literal[
    "websocket", "sse", "long_polling", "http", "grpc", "pubsub", "sql", "webrtc", "tcp",
    "udp", "amqp", "kafka", "redis", "dynamodb", "internal",
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
    connections_per_user: float | None = Field(
        None, ge=0, description="Connections per user (tabs, devices). Unset means 1.0."
    )
    peak_connections: NonNegativeInt | None = Field(
        None, description="Concurrent connections at peak, if known directly."
    )
    publish_rate_per_s: float | None = Field(
        None, ge=0, description="Messages published into channels per second."
    )
    avg_recipients: float | None = Field(
        None, ge=0, description="Average online recipients of one published message."
    )
    avg_message_bytes: NonNegativeInt | None = Field(None, description="Average payload size.")
    max_message_bytes: NonNegativeInt | None = Field(None, description="Largest payload size.")
    session_duration_s: Seconds | None = Field(
        None, description="Typical lifetime wanted for one connection, in seconds."
    )
    client_msgs_per_s_per_conn: float | None = Field(
        None, ge=0, description="Client → server messages per second per connection."
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


# --------------------------------------------------------------------------------------------
# Components


class ComponentBase(Frozen):
    id: ComponentId
    label: str | None = Field(
        None, max_length=200, description="Display name. Defaults to the id."
    )
    technology: str | None = Field(
        None, max_length=100, description="Technology shown under the label."
    )
    description: str | None = Field(None, description="Free text for reviewers.")
    group: str | None = Field(
        None, description="Id of a group (tier) to draw this component in; overrides the default."
    )

    @property
    def display_name(self) -> str:
        return self.label or self.id


class Scaled(Frozen):
    replicas: PositiveInt | None = Field(
        None, description="Number of instances. Unset means a single instance."
    )

    @property
    def instance_count(self) -> int:
        return self.replicas or 1


class Reconnect(Frozen):
    strategy: Literal["none", "immediate", "fixed", "exponential"] | None = Field(
        None, description="How the client retries after a disconnect."
    )
    base_ms: NonNegativeInt | None = Field(None, description="First retry delay.")
    max_ms: NonNegativeInt | None = Field(None, description="Cap on the retry delay.")
    multiplier: float | None = Field(None, ge=1, description="Growth factor per attempt.")
    jitter: float | Flag | None = Field(
        None, description="Randomisation: a factor 0–1, or true/false."
    )
    max_attempts: NonNegativeInt | None = Field(None, description="0 or unset: unlimited.")


class Client(ComponentBase):
    """A browser, mobile app or server process that holds real-time connections."""

    kind: Literal["client"]
    platform: Literal["browser", "mobile", "server", "desktop"] = Field(
        "browser", description="Where the client runs. Default: browser."
    )
    origin: str | None = Field(None, description="Page origin, for cross-origin checks.")
    with_credentials: Flag | None = Field(
        None, description="Whether cross-origin requests send cookies."
    )
    reconnect: Reconnect | None = Field(None, description="Reconnect behaviour.")
    resume: Literal["none", "offset", "last_event_id", "library"] | None = Field(
        None, description="How the client catches up on missed messages after reconnecting."
    )
    retries: NonNegativeInt | None = Field(
        None, description="Client → server send retries (at-least-once from the client)."
    )
    lb_strategy: Literal["lb", "client_side"] | None = Field(
        None, description="Whether the client picks a server itself ('client_side')."
    )
    multi_tab_sharing: Flag | None = Field(
        None, description="Whether tabs share one connection (SharedWorker, BroadcastChannel)."
    )
    transports: list[Transport] | None = Field(
        None, description="Transports the client allows, in order of preference."
    )


class Hop(ComponentBase, Scaled):
    """Shared attributes of everything between a client and a gateway."""

    technology: HopTechnology | None = Field(  # type: ignore[assignment]
        None, description="Product; selects the platform defaults lint assumes."
    )
    idle_timeout_s: Seconds | None = Field(
        None, description="Idle timeout in seconds. Unset: the product default is assumed."
    )
    max_duration_s: Seconds | None = Field(
        None, description="Absolute cap on a connection or response, in seconds."
    )
    request_timeout_s: Seconds | None = Field(
        None, description="Time allowed for an HTTP response (first byte), in seconds."
    )
    affinity: Affinity | None = Field(
        None, description="Session affinity (sticky sessions). Unset means none."
    )
    hash_on_forwarded_ip: Flag | None = Field(
        None, description="ip_hash keyed on X-Forwarded-For rather than the peer address."
    )
    websocket_upgrade: Flag | None = Field(
        None, description="Whether Upgrade/Connection headers are forwarded."
    )
    buffering: Flag | None = Field(None, description="Whether responses are buffered.")
    h2: Flag | None = Field(None, description="HTTP/2 towards clients.")
    tls: Flag | None = Field(None, description="Terminates TLS.")
    deregistration_delay_s: Seconds | None = Field(
        None, description="Time a deregistered target keeps its connections."
    )
    slow_start_s: Seconds | None = Field(None, description="Slow start for new targets.")
    fd_limit: PositiveInt | None = Field(None, description="Open file descriptor limit.")
    worker_connections: PositiveInt | None = Field(None, description="nginx worker_connections.")
    source_ips: PositiveInt | None = Field(None, description="Source IPs towards backends.")
    new_conn_rate_per_s: PositiveInt | None = Field(None, description="New connections/s cap.")
    rate_limit_per_user_per_min: PositiveInt | None = Field(
        None, description="Requests per minute per user enforced here."
    )


class LoadBalancer(Hop):
    kind: Literal["load_balancer"]


class Proxy(Hop):
    kind: Literal["proxy"]


class CDN(Hop):
    kind: Literal["cdn"]


class Ingress(Hop):
    kind: Literal["ingress"]


class Autoscaling(Frozen):
    min: PositiveInt | None = Field(None, description="Fewest instances.")
    max: PositiveInt | None = Field(None, description="Most instances.")
    metric: Literal["cpu", "memory", "connections", "custom"] | None = Field(
        None, description="What scaling follows."
    )


class Heartbeat(Frozen):
    mechanism: Literal["ws_ping", "app_ping", "sse_comment", "library", "none"] | None = Field(
        None, description="How liveness is checked. 'library' means the framework's own ping."
    )
    interval_s: Seconds | None = Field(None, description="Seconds between heartbeats.")
    timeout_s: Seconds | None = Field(
        None, description="Seconds without an answer before the peer is considered dead."
    )


class Drain(Frozen):
    enabled: Flag | None = Field(None, description="Whether connections are drained on deploy.")
    timeout_s: Seconds | None = Field(None, description="Time the drain may take.")
    close_code: int | None = Field(
        None, ge=1000, le=4999, description="WebSocket close code sent (1001 or 1012)."
    )
    batch_size: PositiveInt | None = Field(None, description="Connections closed per wave.")


class RateLimit(Frozen):
    messages_per_s: float | None = Field(None, ge=0, description="Per connection.")
    connections_per_user: PositiveInt | None = None
    connections_per_ip: PositiveInt | None = None
    handshakes_per_s: PositiveInt | None = None


class SendBuffer(Frozen):
    max_bytes: PositiveInt | None = Field(None, description="Per-connection send buffer cap.")
    on_overflow: Literal["disconnect", "drop_oldest", "coalesce", "unbounded"] | None = None


class LongPolling(Frozen):
    hold_s: Seconds | None = Field(None, description="How long a poll is held open.")


class SSE(Frozen):
    event_ids: Flag | None = Field(None, description="Whether events carry 'id:' lines.")
    x_accel_buffering_no: Flag | None = Field(
        None, description="Whether responses send 'X-Accel-Buffering: no'."
    )
    retry_ms: PositiveInt | None = Field(None, description="'retry:' hint sent to clients.")


class Capacity(Frozen):
    load_tested_conns_per_node: PositiveInt | None = Field(
        None, description="Connections per node reached in a load test."
    )


LONG_POLLING_BY_DEFAULT = frozenset({"socketio", "engineio", "sockjs", "signalr"})


class Gateway(ComponentBase, Scaled):
    """The connection manager: accepts and holds real-time connections."""

    kind: Literal["gateway"]
    technology: GatewayTechnology | None = Field(  # type: ignore[assignment]
        None, description="Server or managed service; selects the defaults lint assumes."
    )
    autoscaling: Autoscaling | None = None
    transports: list[Transport] | None = Field(
        None,
        min_length=1,
        description="Transports offered, in fallback order. Unset: the technology's default "
        "(Socket.IO, SockJS and SignalR fall back to long polling; others: websocket only).",
    )
    fallback_policy: Literal["auto", "none_accepted"] | None = Field(
        None, description="'none_accepted' states that no fallback is wanted."
    )
    in_memory_session: Flag | None = Field(
        None, description="Whether sessions live in one process's memory."
    )
    heartbeat: Heartbeat | None = None
    max_connections_per_node: PositiveInt | None = None
    memory_per_connection_kb: float | None = Field(None, gt=0)
    node_memory_mb: PositiveInt | None = None
    fd_limit: PositiveInt | None = None
    handshake_rate_per_node_per_s: PositiveInt | None = None
    max_message_bytes: PositiveInt | None = Field(None, description="Largest accepted message.")
    rate_limit: RateLimit | None = None
    origin_allowlist: list[str] | None = Field(
        None, description="Exact origins allowed to open connections."
    )
    send_buffer: SendBuffer | None = None
    compression: Literal["none", "permessage_deflate"] | None = None
    tls: Flag | None = Field(None, description="wss:// / https:// only.")
    drain: Drain | None = None
    termination_grace_period_s: Seconds | None = Field(
        None, description="Time between SIGTERM and SIGKILL (Kubernetes default 30 s)."
    )
    connection_state_recovery: Flag | None = Field(
        None, description="Socket.IO connection state recovery."
    )
    long_polling: LongPolling | None = None
    sse: SSE | None = None
    capacity: Capacity | None = None

    @property
    def effective_transports(self) -> list[str]:
        if self.transports:
            return list(self.transports)
        if self.technology in LONG_POLLING_BY_DEFAULT:
            return ["websocket", "long_polling"]
        return ["websocket"]

    @property
    def max_instances(self) -> int:
        scale = self.autoscaling.max if self.autoscaling and self.autoscaling.max else 0
        return max(self.instance_count, scale)


class Registry(ComponentBase, Scaled):
    """Maps connection ids to users, sessions and nodes."""

    kind: Literal["registry"]
    store: RegistryStore | None = Field(None, description="Where the mapping lives.")
    ttl_s: Seconds | None = Field(None, description="Entry time-to-live.")
    refresh_interval_s: Seconds | None = Field(None, description="How often entries refresh.")
    cleanup: Literal["ttl", "on_disconnect_only", "ttl_and_disconnect", "node_sweep"] | None = (
        None
    )
    filter_expired_on_read: Flag | None = None
    ha: HAMode | None = Field(None, description="High availability of the store.")


class OutputBuffer(Frozen):
    hard_mb: NonNegativeInt | None = None
    soft_mb: NonNegativeInt | None = None
    soft_s: NonNegativeInt | None = None


AT_MOST_ONCE = frozenset(
    {"in_memory", "redis_pubsub", "redis_sharded_pubsub", "nats", "postgres", "none"}
)
AT_LEAST_ONCE = frozenset(
    {"redis_streams", "kafka", "nats_jetstream", "rabbitmq", "google_pubsub", "mongo"}
)


class PubSub(ComponentBase, Scaled):
    """Carries messages between gateway nodes and services (cross-node fan-out)."""

    kind: Literal["pubsub"]
    technology: PubSubTechnology | None = Field(None, description="Broker or adapter.")  # type: ignore[assignment]
    delivery: Delivery | None = Field(
        None, description="Delivery guarantee. Unset: derived from the technology."
    )
    retention_s: Seconds | None = Field(None, description="Replay window in seconds.")
    max_len: PositiveInt | None = Field(None, description="Replay window in messages.")
    cluster_mode: ClusterMode | None = None
    sharded: Flag | None = None
    ha: HAMode | None = Field(None, description="High availability of the broker.")
    channel_granularity: Literal["global", "per_namespace", "per_room", "per_user"] | None = None
    partition_key: Literal["channel_id", "room_id", "user_id", "random", "none"] | None = None
    output_buffer: OutputBuffer | None = None

    @property
    def effective_delivery(self) -> Delivery | None:
        if self.delivery:
            return self.delivery
        if self.technology in AT_MOST_ONCE:
            return "at_most_once"
        if self.technology in AT_LEAST_ONCE:
            return "at_least_once"
        return None


class Service(ComponentBase, Scaled):
    kind: Literal["service"]
    runtime: Literal["container", "vm", "serverless", "process"] | None = None


class Datastore(ComponentBase, Scaled):
    kind: Literal["datastore"]
    ha: HAMode | None = None


class Auth(ComponentBase):
    """How connections are authenticated and channels authorised."""

    kind: Literal["auth"]
    method: Literal["jwt", "session", "api_key", "oauth", "authorizer", "mtls", "other"] | None = (
        None
    )
    token_location: TokenLocation | None = Field(
        None, description="Where the client puts its credential on connect."
    )
    token_ttl_s: Seconds | None = None
    single_use: Flag | None = None
    reauth: Literal["none", "close_on_expiry", "in_band_refresh", "server_revalidate"] | None = (
        None
    )
    revalidate_interval_s: Seconds | None = None
    revocation_required: Flag | None = None
    channel_authz: Literal["none", "on_subscribe", "per_message"] | None = Field(
        None, description="How access to private channels is checked."
    )
    logs_redact_query: Flag | None = None
    csrf_on_handshake: Flag | None = None
    cookie_samesite: Literal["none", "lax", "strict"] | None = None


class Presence(ComponentBase, Scaled):
    kind: Literal["presence"]
    store: PresenceStore | None = None
    replication: Literal["shared_store", "crdt", "none"] | None = None
    offline_grace_s: Seconds | None = Field(
        None, description="Delay before a disconnected user is reported as gone."
    )
    join_leave_events: Flag | None = None
    max_room_size: PositiveInt | None = None
    ha: HAMode | None = Field(None, description="High availability of the store.")


class Queue(ComponentBase, Scaled):
    kind: Literal["queue"]


class External(ComponentBase):
    kind: Literal["external"]


class Monitoring(ComponentBase):
    kind: Literal["monitoring"]


class Turn(ComponentBase, Scaled):
    kind: Literal["turn"]
    transports: list[Literal["udp", "tcp", "tls"]] = Field(
        default_factory=lambda: ["udp"], description="Relay transports offered."
    )
    port: PositiveInt | None = None


class Stun(ComponentBase):
    kind: Literal["stun"]


Component = Annotated[
    Union[
        Client, LoadBalancer, Proxy, CDN, Ingress, Gateway, Registry, PubSub, Service,
        Datastore, Auth, Presence, Queue, External, Monitoring, Turn, Stun,
    ],
    Field(discriminator="kind"),
]
HOP_KINDS = frozenset({"load_balancer", "proxy", "cdn", "ingress"})
KINDS: tuple[str, ...] = (
    "client", "load_balancer", "proxy", "cdn", "ingress", "gateway", "registry", "pubsub",
    "service", "datastore", "auth", "presence", "queue", "external", "monitoring", "turn",
    "stun",
)


# --------------------------------------------------------------------------------------------
# Links, groups, channels, flows, waivers


class Link(Frozen):
    from_: ComponentId = Field(..., alias="from", description="Id of the source component.")
    to: ComponentId = Field(..., description="Id of the target component.")
    protocol: Protocol = Field("http", description="Protocol on this link. Default: http.")
    label: str | None = Field(None, max_length=200, description="What travels on the link.")
    direction: Literal["forward", "back", "both"] | None = Field(
        None,
        description="Arrow direction, following the data. Unset: both for websocket/webrtc, "
        "back (server → client) for sse, forward otherwise. Links are written from the side "
        "that connects to the side that accepts.",
    )

    @property
    def effective_direction(self) -> str:
        if self.direction:
            return self.direction
        if self.protocol in ("websocket", "webrtc"):
            return "both"
        return "back" if self.protocol == "sse" else "forward"


class Group(Frozen):
    id: ComponentId
    label: str | None = Field(None, description="Title drawn on the group.")
    members: list[ComponentId] = Field(..., min_length=1, description="Component ids.")


class Channel(Frozen):
    name: str = Field(..., min_length=1, description="Channel or room name pattern.")
    visibility: Literal["public", "private", "presence", "user"] = Field(
        "public", description="Who may subscribe."
    )
    description: str | None = None


STEP_RE = re.compile(r"^\s*(?P<from>[^\s:>-][^\s:>]*)\s*(?P<arrow>-->|->)\s*(?P<to>[^\s:]+)\s*(?::\s*(?P<message>.*))?$")


def _parse_step(value: Any) -> Any:
    """Accept ``"a -> b: message"`` (``-->`` for a reply) as well as the mapping form."""
    if not isinstance(value, str):
        return value
    match = STEP_RE.match(value)
    if not match:
        raise ValueError("a step reads 'from -> to: message' (use '-->' for a reply)")
    return {
        "from": match["from"],
        "to": match["to"],
        "message": (match["message"] or "").strip(),
        "reply": match["arrow"] == "-->",
    }


class Step(Frozen):
    from_: ComponentId = Field(..., alias="from")
    to: ComponentId
    message: str = Field("", description="What is sent.")
    reply: Flag = Field(False, description="Drawn as a dashed return arrow.")


StepText = Annotated[
    str,
    Field(
        pattern=r"^\s*[^\s:>-][^\s:>]*\s*--?>\s*[^\s:]+\s*(:.*)?$",
        description="'from -> to: message', or 'from --> to: message' for a reply.",
    ),
]


class Flow(Frozen):
    name: str = Field(..., min_length=1, description="Flow name, e.g. connect, publish.")
    description: str | None = None
    steps: list[Annotated[Step, BeforeValidator(_parse_step, json_schema_input_type=StepText | Step)]] = Field(
        ...,
        min_length=1,
        description="Ordered steps, each 'from -> to: message' ('-->' for a reply).",
        examples=[["client -> gateway: connect", "gateway --> client: ack"]],
    )


class Waiver(Frozen):
    rule: str = Field(..., description="Rule code or name being waived.")
    component: ComponentId | None = Field(None, description="Component it applies to.")
    reason: str = Field(..., min_length=1, description="Why the finding is accepted.")
    ticket: str | None = None
    expires: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Expiry date, YYYY-MM-DD."
    )


# --------------------------------------------------------------------------------------------
# The document


class Model(Frozen):
    """A real-time system design."""

    version: Literal[1] = Field(1, description="Model format version.")
    system: System
    components: list[Component] = Field(..., min_length=1)
    links: list[Link] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    # Pure queries. cached_property works on frozen models: it writes __dict__ directly.

    @cached_property
    def by_id(self) -> dict[str, Any]:
        return {component.id: component for component in self.components}

    @cached_property
    def index_of(self) -> dict[str, int]:
        return {component.id: index for index, component in enumerate(self.components)}

    @cached_property
    def _by_kind(self) -> dict[str, list[Any]]:
        table: dict[str, list[Any]] = {}
        for component in self.components:
            table.setdefault(component.kind, []).append(component)
        return table

    def of_kind(self, *kinds: str) -> list[Any]:
        """Components of these kinds, in model order."""
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        return [component for component in self.components if component.kind in kinds]

    @cached_property
    def _outgoing(self) -> dict[str, list[Link]]:
        table: dict[str, list[Link]] = {}
        for link in self.links:
            table.setdefault(link.from_, []).append(link)
        return table

    @cached_property
    def _incoming(self) -> dict[str, list[Link]]:
        table: dict[str, list[Link]] = {}
        for link in self.links:
            table.setdefault(link.to, []).append(link)
        return table

    def links_from(self, component_id: str) -> list[Link]:
        return self._outgoing.get(component_id, [])

    def links_to(self, component_id: str) -> list[Link]:
        return self._incoming.get(component_id, [])

    def neighbours(self, component_id: str) -> list[Any]:
        """Components linked to or from this one, in link order, without repeats."""
        seen: dict[str, Any] = {}
        for link in self.links_from(component_id):
            seen.setdefault(link.to, self.by_id[link.to])
        for link in self.links_to(component_id):
            seen.setdefault(link.from_, self.by_id[link.from_])
        return list(seen.values())
