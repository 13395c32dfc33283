"""
## What it does
Flags presence kept in each gateway node's memory when there are several nodes.

These satisfy it: presence in a shared store (`placement: shared_store`, or a shared
`store:` such as Redis), a dedicated presence service (`placement: service` — one service
that every gateway node reports to, even if it keeps the state in its own memory), CRDT replication between nodes
(`replication: crdt`, as Phoenix.Presence does), or a managed service. A presence service
may shard users over several instances; it is trusted to own its consistency.

Severity: `placement: gateway_memory` on a multi-node gateway is a stated fact and an
error; an in-memory store whose placement is not stated is a warning that says it assumed
each gateway node keeps its own presence.

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
from rtdiagram.model.diagnostics import Severity

HINT = "keep presence in a shared store with a TTL, in one presence service, or replicate it as a CRDT"


@rule("HB004", "presence-not-shared", "error", checklist=("C12",))
def check(ctx: Context):
    model = ctx.model
    multi = [g for g in model.of_kind("gateway") if is_multi_node(g)]
    if not multi:
        return
    nodes = max(multi, key=lambda g: g.max_instances).nodes_text
    for presence in model.of_kind("presence"):
        if presence.replication == "crdt" or presence.placement == "shared_store":
            continue
        in_memory = presence.store in ("memory", "none")
        if presence.placement == "gateway_memory":
            yield Problem(
                component_path(model, presence.id, "placement"),
                f"presence {presence.id!r} lives in each gateway node's memory while the gateway "
                f"runs {nodes}, so users on other nodes look offline",
                hint=HINT, component=presence.id,
            )
        elif presence.placement == "service":
            continue  # one service owns presence and its consistency, however it shards it
        elif in_memory:
            yield Problem(
                component_path(model, presence.id, "store"),
                f"presence {presence.id!r} is kept in memory while the gateway runs {nodes} "
                "(placement unset: assumed each gateway node keeps its own), so users on other "
                "nodes look offline",
                hint=HINT + "; or state placement: service if one service holds it",
                severity=Severity.WARNING, component=presence.id,
            )
