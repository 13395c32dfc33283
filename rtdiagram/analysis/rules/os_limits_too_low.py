"""
## What it does
Compares the expected connections per gateway node with the node's file-descriptor limit
(1024 by default on Linux), and with the limits of the hops in front of it.

## Why is this bad?
Every socket is a file descriptor. With the default `ulimit -n` a node refuses new clients at
about a thousand connections, whatever its CPU and memory. Proxies have the same limit, plus
nginx's `worker_connections`.

## Example
```yaml
system: {name: Chat, expected: {peak_users: 20000}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 4}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, expected: {peak_users: 20000}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 4, fd_limit: 1048576}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- Socket.IO, "Performance tuning" (ulimit, ip_local_port_range)
- Centrifugo, "Load balancing" and the scaling blog (OS tuning)
"""

from rtdiagram.analysis.capacity import connections, connections_per_node
from rtdiagram.knowledge.defaults import LINUX_FD_LIMIT, describe
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before, is_managed


@rule("SC002", "os-limits-too-low", "error", checklist=("C9",))
def check(ctx: Context):
    model = ctx.model
    reserve = ctx.thresholds.fd_reserve
    total = connections(model)
    for gateway in model.of_kind("gateway"):
        per_node = connections_per_node(model, gateway)
        if per_node is None or is_managed(gateway):
            continue
        limit = gateway.fd_limit or LINUX_FD_LIMIT.value
        note = "" if gateway.fd_limit else f" ({describe(LINUX_FD_LIMIT)})"
        if per_node > limit - reserve:
            yield Problem(
                component_path(model, gateway.id, "fd_limit"),
                f"each node of {gateway.id!r} must hold about {per_node:,.0f} connections but may "
                f"open only {limit:,} file descriptors{note}",
                hint="raise nofile (e.g. 1048576) and record it (fd_limit), or add nodes",
                component=gateway.id,
            )
        for hop in hops_before(model, gateway):
            cap = min(v for v in (hop.fd_limit, hop.worker_connections, 10**12) if v)
            hop_load = (total or 0) / max(1, hop.instance_count)
            if cap < 10**12 and hop_load > cap:
                yield Problem(
                    component_path(model, hop.id, "worker_connections" if hop.worker_connections else "fd_limit"),
                    f"{hop.id!r} must carry about {hop_load:,.0f} connections per instance but is "
                    f"limited to {cap:,}" + ("" if hop.replicas_stated else " (replicas not stated: assumed 1)"),
                    hint="raise its limits or run more instances",
                    component=hop.id,
                )
