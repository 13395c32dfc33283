"""
## What it does
Flags expected peak connections above what the gateway nodes are configured to hold
(replicas × max connections per node, using the autoscaling maximum when set).

## Why is this bad?
At peak the extra clients are refused or the nodes fall over, and there is no headroom left
for a node failure, whose clients reconnect onto the others.

## Example
```yaml
system: {name: Chat, expected: {peak_users: 50000}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 2, max_connections_per_node: 20000}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, expected: {peak_users: 50000}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 4, max_connections_per_node: 20000}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- Capacity formula N = ⌈C / conns_per_node⌉, plus failure headroom (domain-rules §4.1)
"""

from rtdiagram.analysis.capacity import connections
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("SC007", "connections-exceed-capacity", "error", checklist=("C9",))
def check(ctx: Context):
    model = ctx.model
    total = connections(model)
    if not total:
        return
    for gateway in model.of_kind("gateway"):
        if not gateway.max_connections_per_node:
            continue
        capacity = gateway.max_instances * gateway.max_connections_per_node
        if total > capacity:
            needed = -(-total // gateway.max_connections_per_node)
            yield Problem(
                component_path(model, gateway.id, "max_connections_per_node"),
                f"about {total:,.0f} connections are expected at peak, but {gateway.max_instances} "
                f"nodes of {gateway.id!r} hold at most {capacity:,}",
                hint=f"run at least {needed:.0f} nodes, plus one for failures",
                component=gateway.id,
            )
