"""
## What it does
Estimates the reconnect storm after a mass disconnect — every client back within the first
retry window — and compares it with the rate at which the system can accept connections
(handshake rate of the nodes, new-connection limits on the path, API Gateway's 500 per
second).

## Why is this bad?
A deploy, a balancer reload or a network blip disconnects everybody at once. If the storm is
far above what the system accepts, handshakes time out, clients retry, and the storm feeds
itself. The time to bring everybody back is roughly connections ÷ accept rate.

## Example
```yaml
system: {name: Game, expected: {peak_users: 100000}}
components:
  - {id: player, kind: client, reconnect: {strategy: exponential, base_ms: 1000, max_ms: 5000, jitter: 0.5}}
  - {id: apigw, kind: gateway, technology: apigw_websocket}
links:
  - {from: player, to: apigw, protocol: websocket}
```

## Use instead
```yaml
system: {name: Game, expected: {peak_users: 100000}}
components:
  - {id: player, kind: client, reconnect: {strategy: exponential, base_ms: 1000, max_ms: 300000, jitter: 1.0}}
  - {id: apigw, kind: gateway, technology: apigw_websocket}
links:
  - {from: player, to: apigw, protocol: websocket}
```

## References
- AWS, API Gateway WebSocket quotas (500 new connections per second)
- AWS Architecture Blog, "Exponential Backoff And Jitter"
- Centrifugo blog, "Scaling WebSocket in Go and beyond": massive reconnect
"""

from rtdiagram.analysis.capacity import connections
from rtdiagram.analysis.effective import gateway_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import clients_of, hops_before


def spread_s(clients, default: float) -> float:
    """How widely the returning clients spread, from their backoff settings."""
    spreads = []
    for client in clients:
        reconnect = client.reconnect
        if not reconnect or reconnect.strategy != "exponential" or not reconnect.max_ms:
            continue
        jitter = reconnect.jitter if isinstance(reconnect.jitter, (int, float)) else 0.5
        spreads.append(max(reconnect.max_ms / 1000 * max(jitter, 0.1), default))
    return min(spreads) if spreads else default


@rule("SC006", "reconnect-storm-exceeds-accept-rate", "warning", checklist=("C6",))
def check(ctx: Context):
    model = ctx.model
    total = connections(model)
    if not total:
        return
    for gateway in model.of_kind("gateway"):
        limits = []
        quota = gateway_value(gateway, "new_conn_rate_per_s")
        if quota.value:
            limits.append((quota.value, f"the new-connection quota of {gateway.id!r}{quota.note()}"))
        if gateway.handshake_rate_per_node_per_s:
            limits.append((gateway.handshake_rate_per_node_per_s * gateway.instance_count,
                           f"the handshake rate of {gateway.id!r}"
                           + ("" if gateway.replicas_stated else " (replicas not stated: assumed 1 node)")))
        for hop in hops_before(model, gateway):
            if hop.new_conn_rate_per_s:
                limits.append((hop.new_conn_rate_per_s, f"the new-connection limit of {hop.id!r}"))
        if not limits:
            continue
        accept, source = min(limits)
        spread = spread_s(clients_of(model, gateway), ctx.thresholds.reconnect_spread_s)
        arrival = total / spread
        if arrival > accept:
            yield Problem(
                component_path(model, gateway.id),
                f"after a mass disconnect about {arrival:,.0f} clients/s return to {gateway.id!r}, "
                f"but {source} admits {accept:,.0f}/s: restoring everyone takes at least "
                f"{total / accept:,.0f} s",
                hint="widen the reconnect jitter window (cap ≥ connections ÷ accept rate), rate-limit "
                "handshakes at the edge, or raise the quota",
                component=gateway.id,
            )
