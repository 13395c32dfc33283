"""
## What it does
Flags presence kept in each gateway node's memory when there are several nodes.

## Why is this bad?
Each node only knows its own members, so users connected to other nodes look offline, and
who-is-here lists differ depending on which node answers.

## Example
```yaml
system: {name: Chat, features: [presence]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: presence, kind: presence, store: memory}
links:
  - {from: ws, to: presence, protocol: internal}
```

## Use instead
```yaml
system: {name: Chat, features: [presence]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: presence, kind: presence, store: redis, replication: shared_store, offline_grace_s: 10, ha: sentinel}
links:
  - {from: ws, to: presence, protocol: redis}
```

## References
- Phoenix, `Phoenix.Tracker` and the Presence guide (CRDT replication)
- Centrifugo, "Online presence" (Redis hash and sorted set)
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import is_multi_node


@rule("HB004", "presence-not-shared", "error", checklist=("C12",))
def check(ctx: Context):
    model = ctx.model
    nodes = max((g.max_instances for g in model.of_kind("gateway") if is_multi_node(g)), default=1)
    if nodes <= 1:
        return
    for presence in model.of_kind("presence"):
        if presence.store in ("memory", "none") and presence.replication != "crdt":
            yield Problem(
                component_path(model, presence.id, "store"),
                f"presence {presence.id!r} lives in each node's memory while the gateway runs "
                f"{nodes} nodes, so users on other nodes look offline",
                hint="keep presence in a shared store with a TTL, or replicate it as a CRDT",
                component=presence.id,
            )
