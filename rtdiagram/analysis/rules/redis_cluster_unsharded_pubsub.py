"""
## What it does
Flags classic Redis Pub/Sub on a Redis Cluster without sharded channels.

## Why is this bad?
In a cluster every classic PUBLISH is forwarded to every node, so adding shards adds no
pub/sub capacity: each node carries all the traffic. Sharded Pub/Sub (Redis 7,
`SPUBLISH`/`SSUBSCRIBE`) keeps a channel's traffic inside its shard.

## Example
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 4}
  - {id: bus, kind: pubsub, technology: redis_pubsub, cluster_mode: cluster}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## Use instead
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 4}
  - {id: bus, kind: pubsub, technology: redis_sharded_pubsub, cluster_mode: cluster, sharded: true}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## References
- Redis, "Pub/Sub": sharded Pub/Sub; "PUBLISH" (cluster forwarding)
- Socket.IO, "Redis adapter": sharded adapter recommended for new developments
"""

from rtdiagram.analysis.topology import tech
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("FO004", "redis-cluster-unsharded-pubsub", "warning", checklist=("C2",))
def check(ctx: Context):
    model = ctx.model
    for pubsub in model.of_kind("pubsub"):
        if tech(pubsub) == "redis_pubsub" and pubsub.cluster_mode == "cluster" and not pubsub.sharded:
            yield Problem(
                component_path(model, pubsub.id, "cluster_mode"),
                f"{pubsub.id!r} uses classic Pub/Sub on a Redis Cluster: every message is "
                "copied to every cluster node, so shards add no capacity",
                hint="use sharded Pub/Sub (technology: redis_sharded_pubsub, sharded: true)",
                component=pubsub.id,
            )
