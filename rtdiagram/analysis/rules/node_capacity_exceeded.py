"""
## What it does
Estimates memory per gateway node from the expected connections and the memory each one
takes, and flags use above 70 % of the node's memory, or more than 100,000 connections per
node with no load test on record.

## Why is this bad?
Memory grows linearly with connections (about 30–50 KB per WebSocket in Centrifugo's
measurements). When a node fails, its connections land on the survivors, which must have room
for them. Vendors advise measuring before going beyond 50–100 k clients per node.

## Example
```yaml
system: {name: Chat, expected: {peak_users: 400000}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 2, memory_per_connection_kb: 40, node_memory_mb: 8192, fd_limit: 1048576}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, expected: {peak_users: 400000}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 8, memory_per_connection_kb: 40, node_memory_mb: 8192, fd_limit: 1048576}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- Socket.IO, "Memory usage"
- Centrifugo, FAQ and "Million connections with Centrifugo"
"""

from rtdiagram.analysis.capacity import connections_per_node
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import is_managed


@rule("SC003", "node-capacity-exceeded", "warning", checklist=("C9",))
def check(ctx: Context):
    model = ctx.model
    share = ctx.thresholds.memory_utilisation
    untested = ctx.thresholds.untested_conns_per_node
    for gateway in model.of_kind("gateway"):
        per_node = connections_per_node(model, gateway)
        if per_node is None or is_managed(gateway):
            continue
        if gateway.memory_per_connection_kb and gateway.node_memory_mb:
            used_mb = per_node * gateway.memory_per_connection_kb / 1024
            if used_mb > share * gateway.node_memory_mb:
                yield Problem(
                    component_path(model, gateway.id, "node_memory_mb"),
                    f"connections alone need about {used_mb:,.0f} MB on each node of "
                    f"{gateway.id!r}, over {share:.0%} of its {gateway.node_memory_mb:,} MB",
                    hint="add nodes (N+1 per zone), or shrink per-connection buffers",
                    component=gateway.id,
                )
        tested = gateway.capacity.load_tested_conns_per_node if gateway.capacity else None
        if per_node > untested and not tested:
            yield Problem(
                component_path(model, gateway.id, "capacity"),
                f"each node of {gateway.id!r} would hold about {per_node:,.0f} connections, with no "
                "load test on record",
                hint="load-test a node and record it (capacity: {load_tested_conns_per_node: N})",
                component=gateway.id,
            )
