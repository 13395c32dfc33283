"""Settings nested inside components: heartbeat, reconnect, drain, rate limits, buffers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Discriminator, Field, Tag
from rtdiagram.model.base import Flag, Frozen, NonNegativeInt, PositiveInt, Seconds


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
    carrier: Literal["protocol_ping", "app_message", "http_call"] | None = Field(
        None, description="Where the heartbeat travels: WebSocket ping/pong frames, an "
        "application message on the connection, or a separate HTTP call (which does not keep "
        "the connection itself alive on intermediaries)."
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
    enabled: Flag | None = Field(
        None, description="false (or `rate_limit: none`) states that nothing is limited."
    )
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


class OutputBuffer(Frozen):
    hard_mb: NonNegativeInt | None = None
    soft_mb: NonNegativeInt | None = None
    soft_s: NonNegativeInt | None = None


# --------------------------------------------------------------------------------------------
# Version 2: mechanisms, roles, counts that can be unknown, and explicit negatives.

Role = Literal[
    "gateway", "pubsub", "registry", "presence", "history", "queue", "datastore", "auth",
    "turn", "sfu", "lb", "proxy", "cdn",
]
Fanout = Literal[
    "broker", "owner_routing", "registry_direct", "cluster_mesh", "managed", "single_node", "none",
]
FANOUT_HELP = (
    "How a message published on one node reaches clients held by the others: 'broker' (a "
    "linked pub/sub), 'owner_routing' (each room, document or user lives on one node and the "
    "router or load balancer sends its clients there by key or consistent hash), "
    "'registry_direct' (the publisher looks the owning node up in the registry and sends to it), "
    "'cluster_mesh' (in-runtime distributed pub/sub: Phoenix.PubSub, Erlang pg, Akka), "
    "'managed' (the service fans out), 'single_node' or 'none'. Unset: inferred from the links "
    "and the technology."
)
def _version_text(value: Any) -> Any:
    """``http_version: 2`` and ``1.1`` are YAML numbers; compare them as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(value, "g")
    return value


HttpVersion = Annotated[
    Literal["1.1", "2", "3"],
    BeforeValidator(_version_text, json_schema_input_type=Literal["1.1", "2", "3", 1.1, 2, 3]),
]
CleanupMode = Literal[
    "ttl", "on_disconnect", "on_send_failure", "node_sweep",
    "on_disconnect_only", "ttl_and_disconnect",  # version 1 spellings
]
LEGACY_CLEANUP = {"on_disconnect_only": ("on_disconnect",), "ttl_and_disconnect": ("ttl", "on_disconnect")}


class ReplicaRange(Frozen):
    """An instance count known only as a range: ``{min: 3}``."""

    min: PositiveInt = Field(..., description="Fewest instances.")
    max: PositiveInt | None = Field(None, description="Most instances, if known.")


def _replicas_form(value: Any) -> str:
    """One branch per input shape, so a wrong value gets one error, not three."""
    if isinstance(value, dict) or hasattr(value, "min"):
        return "range"
    if isinstance(value, str) and value.strip().lower() == "many":
        return "many"
    return "count"


Replicas = Annotated[
    Union[
        Annotated[PositiveInt, Tag("count")],
        Annotated[Literal["many"], Tag("many")],
        Annotated[ReplicaRange, Tag("range")],
    ],
    Discriminator(_replicas_form),
]
REPLICAS_HELP = ("Number of instances: a number, 'many' (several, count unknown) or {min: N}. "
                 "Unset: not stated — rules that need a count say what they assumed.")


class Scaled(Frozen):
    replicas: Replicas | None = Field(None, description=REPLICAS_HELP)

    @property
    def instance_count(self) -> int:
        """The stated count, or its lower bound ('many' → 2); 1 when unset."""
        replicas = self.replicas
        if isinstance(replicas, ReplicaRange):
            return replicas.min
        if replicas == "many":
            return 2
        return replicas or 1

    @property
    def replicas_stated(self) -> bool:
        return self.replicas is not None

    @property
    def replicas_text(self) -> str:
        """'3 nodes', 'many nodes', 'at least 4 nodes' — for messages."""
        replicas = self.replicas
        if isinstance(replicas, ReplicaRange):
            return f"at least {replicas.min} nodes"
        if replicas == "many":
            return "many nodes"
        return f"{replicas or 1} node" + ("s" if (replicas or 1) > 1 else "")


AT_MOST_ONCE = frozenset(
    {"in_memory", "redis_pubsub", "redis_sharded_pubsub", "nats", "postgres", "none"}
)
AT_LEAST_ONCE = frozenset(
    {"redis_streams", "kafka", "nats_jetstream", "rabbitmq", "google_pubsub", "mongo"}
)


TECHNOLOGY_HELP = (
    "Product or technology, free text. Known names (any case, or an alias such as "
    "'Socket.IO', 'AWS ALB', 'Redis Streams') select the documented defaults lint assumes; "
    "unknown names are kept as written and lint uses only what the model states."
)
Platform = Literal["browser", "mobile", "server", "desktop", "device"]  # device: embedded or IoT hardware

def none_means(replacement: dict[str, Any]) -> Callable[[Any], Any]:
    """``drain: none`` reads as the explicit negative ``{enabled: false}`` (not as silence)."""

    def convert(value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("none", "off", "disabled"):
            return dict(replacement)
        return value

    return convert


def stated_none(model: Any) -> Annotated[Any, ...]:
    """A settings block that also accepts the word ``none``."""
    replacement = {"heartbeat": {"mechanism": "none"}}.get(model.__name__.lower(), {"enabled": False})
    return Annotated[model, BeforeValidator(none_means(replacement),
                                            json_schema_input_type=model | Literal["none"])]
