"""
## What it does
Flags a pub/sub broker, connection registry or presence store that runs as one instance with
no high-availability mode while several gateway nodes depend on it.

## Why is this bad?
Every cross-node message and every connection lookup goes through it. When the single Redis
restarts, broadcasts reach only the local node's clients (Socket.IO says so for its Redis
adapter), lookups fail and presence empties: the gateway tier's redundancy is moot.

## Example
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: bus, kind: pubsub, technology: redis_pubsub}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## Use instead
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: bus, kind: pubsub, technology: redis_pubsub, ha: sentinel}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## References
- Socket.IO, "Redis adapter": what happens when the Redis server is down
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import is_multi_node, linked

HA = {"sentinel", "cluster", "managed", "replicated"}
SHARED_STORES = {"redis", "dynamodb", "sql", "other"}


def _single(component) -> bool:
    if component.kind == "pubsub" and component.technology in ("none", "in_memory", "managed", "google_pubsub", "sns"):
        return False
    if component.kind in ("registry", "presence") and component.store not in SHARED_STORES:
        return False
    if getattr(component, "store", None) == "dynamodb":
        return False  # a managed, replicated service
    if component.instance_count > 1 or getattr(component, "ha", None) in HA:
        return False
    return getattr(component, "cluster_mode", None) not in HA


@rule("FO008", "single-point-backplane", "warning", checklist=("C2",))
def check(ctx: Context):
    model = ctx.model
    reported: set[str] = set()
    for gateway in model.of_kind("gateway"):
        if not is_multi_node(gateway):
            continue
        for backplane in linked(model, gateway.id, "pubsub", "registry", "presence"):
            if backplane.id in reported or not _single(backplane):
                continue
            reported.add(backplane.id)
            yield Problem(
                component_path(model, backplane.id),
                f"{backplane.kind} {backplane.id!r} is a single instance with no HA, and all "
                f"{gateway.max_instances} nodes of {gateway.id!r} depend on it",
                hint="run it with replicas and failover (ha: sentinel, cluster or managed)",
                component=backplane.id,
            )
