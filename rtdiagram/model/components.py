"""Components: one frozen class per kind, joined into the ``Component`` union by ``kind``.

Unset values (``None``) mean "the model does not say": lint reports the platform default it
assumed instead of inventing one here.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from rtdiagram.model.base import (
    Affinity,
    ClusterMode,
    ComponentId,
    Delivery,
    Flag,
    Frozen,
    GatewayTechnology,
    HAMode,
    HopTechnology,
    NonNegativeInt,
    PositiveInt,
    PresenceStore,
    PubSubTechnology,
    RegistryStore,
    Seconds,
    TokenLocation,
    Transport,
)
from rtdiagram.model.settings import (
    SSE,
    Autoscaling,
    Capacity,
    Drain,
    Heartbeat,
    LongPolling,
    OutputBuffer,
    RateLimit,
    Reconnect,
    SendBuffer,
)

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
