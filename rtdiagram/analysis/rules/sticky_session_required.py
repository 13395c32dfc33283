"""
## What it does
Flags a multi-node gateway whose clients can fall back to long polling while no hop in front
of it keeps a client on the same node.

## Why is this bad?
Long polling (and SignalR's negotiate-then-connect) sends several HTTP requests per session,
and every one of them must reach the process that holds the session. Without affinity a
round-robin balancer spreads them over the nodes: Socket.IO answers HTTP 400 "Session ID
unknown" and SignalR fails to connect. A Redis adapter or backplane does not remove this need;
it only carries broadcasts between nodes.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: lb, kind: load_balancer, technology: alb}
  - {id: ws, kind: gateway, technology: socketio, replicas: 3, transports: [websocket, long_polling]}
links:
  - {from: web, to: lb, protocol: websocket}
  - {from: lb, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: lb, kind: load_balancer, technology: alb, affinity: cookie}
  - {id: ws, kind: gateway, technology: socketio, replicas: 3, transports: [websocket, long_polling]}
links:
  - {from: web, to: lb, protocol: websocket}
  - {from: lb, to: ws, protocol: websocket}
```
Or make clients WebSocket-only (`transports: [websocket]`), which needs no affinity.

## References
- Socket.IO, "Using multiple nodes" (sticky sessions; disabling long polling)
- Socket.IO, "Redis adapter" FAQ: sticky sessions are still required
- Microsoft Learn, ASP.NET Core SignalR "Hosting and scaling": sticky sessions
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import clients_of, hops_before, is_multi_node

STICKY = {"cookie", "session_id", "ip_hash", "consistent_hash", "header"}


@rule("LB001", "sticky-session-required", "error", checklist=("C1",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if not is_multi_node(gateway) or "long_polling" not in gateway.effective_transports:
            continue
        if any(hop.affinity in STICKY for hop in hops_before(model, gateway)):
            continue
        clients = clients_of(model, gateway)
        if clients and all(c.lb_strategy == "client_side" for c in clients):
            continue
        assumed = "" if gateway.transports else f" (assumed {gateway.technology} default transports: polling, then WebSocket)"
        where = "transports" if gateway.transports else "technology"
        yield Problem(
            component_path(model, gateway.id, where),
            f"gateway {gateway.id!r} runs {gateway.max_instances} nodes with long polling, but no "
            f"hop in front of it has session affinity{assumed}",
            hint="enable cookie or session-id affinity on the load balancer, or make clients "
            "WebSocket-only (transports: [websocket])",
            component=gateway.id,
        )
