"""Components: one frozen class per kind, joined into the ``Component`` union by ``kind``.

Unset values (``None``) mean "the model does not say": lint reports the platform default it
assumed instead of inventing one here.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import Field

from rtdiagram.model.base import (
    Affinity, ClusterMode, ComponentId, Delivery, Flag, Frozen, HAMode, NonNegativeInt,
    PositiveInt, PresenceStore, RegistryStore, Seconds, TokenLocation, Transport,
)
from rtdiagram.model.settings import (
    FANOUT_HELP, LEGACY_CLEANUP, SSE, Autoscaling, Capacity, CleanupMode, Drain, Fanout,
    Heartbeat, HttpVersion, LongPolling, OutputBuffer, RateLimit, Reconnect, Role, Scaled,
    SendBuffer, stated_none, AT_MOST_ONCE, AT_LEAST_ONCE, TECHNOLOGY_HELP, Platform,
)

# --------------------------------------------------------------------------------------------
# Components


class ComponentBase(Frozen):
    id: ComponentId
    label: str | None = Field(
        None, max_length=200, description="Display name. Defaults to the id."
    )
    technology: str | None = Field(
        None, max_length=100, description=TECHNOLOGY_HELP,
        examples=["Socket.IO", "nginx", "Redis Streams", "AWS API Gateway WebSocket"],
    )
    roles: tuple[Role, ...] = Field(
        (),
        description="Further roles this component plays besides its kind, e.g. a Redis that is "
        "both pub/sub and connection registry, or a gateway that also keeps presence.",
    )
    description: str | None = Field(None, description="Free text for reviewers.")
    group: str | None = Field(
        None, description="Id of a group (tier) to draw this component in; overrides the default."
    )

    @property
    def display_name(self) -> str:
        return self.label or self.id


class Client(ComponentBase):
    """A browser, mobile app or server process that holds real-time connections."""

    kind: Literal["client"]
    platform: Platform | tuple[Platform, ...] = Field(
        "browser", description="Where the client runs, or a list when one client model covers "
        "several platforms. Default: browser."
    )
    origin: str | None = Field(None, description="Page origin, for cross-origin checks.")
    with_credentials: Flag | None = Field(
        None, description="Whether cross-origin requests send cookies."
    )
    reconnect: Reconnect | None = Field(None, description="Reconnect behaviour.")
    resume: Literal["none", "offset", "replay", "last_event_id", "library", "snapshot"] | None = Field(
        None, description="How the client catches up after reconnecting: replay from a "
        "sequence or offset ('replay', 'offset', 'last_event_id', 'library'), re-fetch a "
        "snapshot ('snapshot'), or 'none'."
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

    @property
    def platforms(self) -> tuple[str, ...]:
        return self.platform if isinstance(self.platform, tuple) else (self.platform,)


class Hop(ComponentBase, Scaled):
    """Shared attributes of everything between a client and a gateway."""
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
    http_version: HttpVersion | None = Field(
        None, description="HTTP version towards clients: '1.1', '2' or '3'."
    )
    server_push: Flag | None = Field(
        None, description="Whether HTTP/2 server push is configured on this hop."
    )
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


LONG_POLLING_BY_DEFAULT = frozenset({"socketio", "engineio", "sockjs", "signalr", "aspnetcoresignalr"})


class Gateway(ComponentBase, Scaled):
    """The connection manager: accepts and holds real-time connections."""

    kind: Literal["gateway"]
    fanout: Fanout | None = Field(None, description=FANOUT_HELP)
    routing_key: str | None = Field(
        None, description="With owner routing: what decides the owning node (room, document, "
        "user id), e.g. 'room_id via consistent hash'."
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
    fallback_polling: Literal["long", "short", "none"] | None = Field(
        None, description="Polling used when streaming is unavailable: 'long', 'short' or 'none'."
    )
    http_version: HttpVersion | None = Field(None, description="HTTP version served: '1.1', '2', '3'.")
    server_push: Flag | None = Field(None, description="Whether HTTP/2 server push is used.")
    in_memory_session: Flag | None = Field(
        None, description="Whether sessions live in one process's memory."
    )
    heartbeat: stated_none(Heartbeat) | None = Field(
        None, description="Liveness checks; `heartbeat: none` states that there are none."
    )
    idle_timeout_s: Seconds | None = Field(
        None, description="Idle timeout of the gateway server itself, in seconds: it closes a "
        "connection that carries no traffic for this long. Unset: the technology's default is "
        "assumed."
    )
    max_connections_per_node: PositiveInt | None = None
    memory_per_connection_kb: float | None = Field(None, gt=0)
    node_memory_mb: PositiveInt | None = None
    fd_limit: PositiveInt | None = None
    handshake_rate_per_node_per_s: PositiveInt | None = None
    max_message_bytes: PositiveInt | None = Field(None, description="Largest accepted message.")
    rate_limit: stated_none(RateLimit) | None = Field(
        None, description="Per-connection message rate and connection caps; `rate_limit: none` "
        "states that nothing is limited."
    )
    origin_allowlist: list[str] | None = Field(
        None, description="Exact origins allowed to open connections."
    )
    origin_check: Literal["allowlist", "none", "any"] | None = Field(
        None, description="How the Origin header is checked on handshakes; 'none' or 'any' "
        "states that every origin is accepted."
    )
    authentication: Literal["required", "optional", "none"] | None = Field(
        None, description="Whether connecting needs a credential; 'none' states anonymous access."
    )
    token_location: TokenLocation | None = Field(
        None, description="Where clients put their credential when connecting, for a gateway "
        "that checks it itself (no separate auth component needed), e.g. 'query' for a JWT in "
        "the URL. Same values as an auth component's token_location."
    )
    priorities: tuple[str, ...] | None = Field(
        None, description="Message priority classes, highest first (e.g. [control, chat, bulk])."
    )
    send_buffer: SendBuffer | None = None
    compression: Literal["none", "permessage_deflate"] | None = None
    tls: Flag | None = Field(None, description="wss:// / https:// only.")
    drain: stated_none(Drain) | None = Field(
        None, description="Draining on deploy; `drain: none` states that connections are simply cut."
    )
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
        if re.sub(r"[^a-z0-9]", "", (self.technology or "").lower()) in LONG_POLLING_BY_DEFAULT:
            return ["websocket", "long_polling"]
        return ["websocket"]

    @property
    def max_instances(self) -> int:
        scale = self.autoscaling.max if self.autoscaling and self.autoscaling.max else 0
        return max(self.instance_count, scale)

    @property
    def nodes_text(self) -> str:
        if self.autoscaling and self.autoscaling.max and self.autoscaling.max > self.instance_count:
            return f"up to {self.autoscaling.max} nodes"
        return self.replicas_text


class Registry(ComponentBase, Scaled):
    """Maps connection ids to users, sessions and nodes."""

    kind: Literal["registry"]
    store: RegistryStore | None = Field(None, description="Where the mapping lives.")
    ttl_s: Seconds | None = Field(None, description="Entry time-to-live.")
    refresh_interval_s: Seconds | None = Field(None, description="How often entries refresh.")
    cleanup: CleanupMode | tuple[CleanupMode, ...] | None = Field(
        None, description="How stale entries go: 'ttl' (expiry; ttl_s optional), "
        "'on_disconnect', 'on_send_failure' (410 Gone / GoneException removes the entry), "
        "'node_sweep', or a list of these."
    )
    filter_expired_on_read: Flag | None = None
    ha: HAMode | None = Field(None, description="High availability of the store.")

    @property
    def cleanup_modes(self) -> frozenset[str]:
        stated = self.cleanup if isinstance(self.cleanup, tuple) else [self.cleanup] if self.cleanup else []
        return frozenset(m for mode in stated for m in LEGACY_CLEANUP.get(mode, (mode,)))


class PubSub(ComponentBase, Scaled):
    """Carries messages between gateway nodes and services (cross-node fan-out)."""

    kind: Literal["pubsub"]
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
    # A broker that clients reach directly (MQTT devices, STOMP over WebSocket) is their
    # connection endpoint too: the keep-alive and the credential belong to it.
    heartbeat: stated_none(Heartbeat) | None = Field(
        None, description="For a broker clients connect to directly (MQTT, STOMP): the keep-alive "
        "they negotiate; `heartbeat: none` states that there is none."
    )
    token_location: TokenLocation | None = Field(
        None, description="For a broker clients connect to directly: where they put their "
        "credential ('first_message' for credentials in an MQTT or STOMP CONNECT)."
    )

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
    method: Literal["jwt", "session", "api_key", "oauth", "authorizer", "mtls", "other", "none"] | None = Field(
        None, description="How clients prove who they are; 'none' states anonymous access."
    )
    deadline_s: Seconds | None = Field(
        None, description="Time after connect within which a first-message credential must "
        "arrive before the server closes the connection."
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
    placement: Literal["gateway_memory", "shared_store", "service"] | None = Field(
        None, description="Where presence state lives: each gateway's memory, a shared store, "
        "or a dedicated presence service."
    )
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
