"""
## What it does
Estimates how long a gateway node may stall before Redis drops its pub/sub connection, from
the expected publish rate, message size and channel layout, and flags headroom below the
tolerance (5 s by default), or buffer limits switched off.

## Why is this bad?
Redis disconnects a pub/sub subscriber at once when its output buffer passes 32 MB, or when it
stays above 8 MB for 60 s. The node then misses every message until it resubscribes. With the
limits disabled, one stuck node can exhaust Redis's memory instead.

## Example
```yaml
system: {name: Ticker, features: [broadcast], expected: {publish_rate_per_s: 20000, avg_message_bytes: 2000, avg_recipients: 1000}}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 4}
  - {id: bus, kind: pubsub, technology: redis_pubsub, channel_granularity: global}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## Use instead
```yaml
system: {name: Ticker, features: [broadcast], expected: {publish_rate_per_s: 20000, avg_message_bytes: 2000, avg_recipients: 1000}}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 4}
  - {id: bus, kind: pubsub, technology: redis_pubsub, channel_granularity: global, output_buffer: {hard_mb: 512, soft_mb: 256, soft_s: 60}}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## References
- Redis, `redis.conf`: client-output-buffer-limit pubsub 32mb 8mb 60
- Redis, "Pub/Sub"
"""

from rtdiagram.analysis.capacity import pubsub_ingress_per_node
from rtdiagram.knowledge.defaults import REDIS_OUTPUT_BUFFER_HARD_MB
from rtdiagram.analysis.topology import tech
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule

REDIS = {"redis_pubsub", "redis_sharded_pubsub"}


@rule("FO006", "redis-pubsub-output-buffer-headroom", "warning", checklist=("C2", "C8"))
def check(ctx: Context):
    model = ctx.model
    for pubsub in model.of_kind("pubsub"):
        if tech(pubsub) not in REDIS:
            continue
        buffer = pubsub.output_buffer
        if buffer and buffer.hard_mb == 0 and buffer.soft_mb == 0:
            yield Problem(
                component_path(model, pubsub.id, "output_buffer"),
                f"{pubsub.id!r} has pub/sub output buffer limits disabled: one stuck gateway "
                "node can grow Redis memory without bound",
                hint="set deliberate limits and pair them with fast resubscription and recovery",
                component=pubsub.id,
            )
            continue
        ingress = pubsub_ingress_per_node(model, pubsub)
        if not ingress:
            continue
        hard_mb = buffer.hard_mb if buffer and buffer.hard_mb else REDIS_OUTPUT_BUFFER_HARD_MB.value
        stall = hard_mb * 1024 * 1024 / ingress
        if stall < ctx.thresholds.stall_tolerance_s:
            note = "" if buffer and buffer.hard_mb else " (assumed Redis default client-output-buffer-limit pubsub 32 MB)"
            yield Problem(
                component_path(model, pubsub.id, "technology"),
                f"each gateway node receives about {ingress / 1024:,.0f} KB/s from {pubsub.id!r}, so "
                f"Redis drops a node that stalls for {stall:.1f} s{note}",
                hint="publish per room rather than globally, raise the hard limit deliberately, "
                "and pair it with recovery (replay) for the messages a dropped node misses",
                component=pubsub.id,
            )
