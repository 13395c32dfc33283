"""Capacity estimates from the expected load (domain-rules §4). Pure functions of the model."""

from __future__ import annotations

from typing import Any

from rtdiagram.model.document import Model


def connections(model: Model) -> float | None:
    """C = peak connections, or peak users × connections per user."""
    expected = model.system.expected
    if expected.peak_connections is not None:
        return float(expected.peak_connections)
    if expected.peak_users is None:
        return None
    return expected.peak_users * (expected.connections_per_user or 1.0)


def connections_per_node(model: Model, gateway: Any) -> float | None:
    total = connections(model)
    if total is None:
        return None
    return total / max(1, gateway.instance_count)


def deliveries_per_s(model: Model) -> float | None:
    expected = model.system.expected
    if expected.publish_rate_per_s is None or expected.avg_recipients is None:
        return None
    return expected.publish_rate_per_s * expected.avg_recipients


def pubsub_ingress_per_node(model: Model, pubsub: Any) -> float | None:
    """Bytes/s each subscribed gateway node receives from the broker (§4.4)."""
    expected = model.system.expected
    rate, size = expected.publish_rate_per_s, expected.avg_message_bytes
    if rate is None or size is None:
        return None
    nodes = max((g.instance_count for g in model.neighbours(pubsub.id) if g.kind == "gateway"), default=1)
    if pubsub.channel_granularity in ("per_room", "per_user") and expected.avg_recipients:
        share = 1 - (1 - 1 / nodes) ** expected.avg_recipients
        return rate * share * size
    return rate * size
