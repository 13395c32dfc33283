"""Settings nested inside components: heartbeat, reconnect, drain, rate limits, buffers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
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


class OutputBuffer(Frozen):
    hard_mb: NonNegativeInt | None = None
    soft_mb: NonNegativeInt | None = None
    soft_s: NonNegativeInt | None = None
