"""
## What it does
Flags a gateway that runs on several nodes and broadcasts to rooms or users, with no pub/sub
layer carrying messages between its nodes.

## Why is this bad?
Each node only holds its own connections. A message published on node A reaches the clients
connected to node A and nobody else: with three nodes, two thirds of a room silently miss it.

## Example
```yaml
system: {name: Chat, features: [rooms, broadcast]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, features: [rooms, broadcast]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: bus, kind: pubsub, technology: redis_streams, ha: sentinel}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: bus, protocol: pubsub, direction: both}
```

## References
- Socket.IO, "Using multiple nodes": forwarding messages between the servers
- Heroku Dev Center, "WebSockets on Heroku": process and application state
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import is_multi_node, linked

NO_BROKER = {"none", "in_memory"}


def needs_fanout(model) -> bool:
    return bool(set(model.system.features) & {"broadcast", "rooms", "user_push"}) or bool(model.channels)


@rule("FO001", "no-cross-node-fanout", "error", checklist=("C2",))
def check(ctx: Context):
    model = ctx.model
    if not needs_fanout(model):
        return
    for gateway in model.of_kind("gateway"):
        if not is_multi_node(gateway):
            continue
        brokers = [p for p in linked(model, gateway.id, "pubsub") if p.technology not in NO_BROKER]
        if brokers:
            continue
        yield Problem(
            component_path(model, gateway.id, "replicas"),
            f"gateway {gateway.id!r} runs {gateway.max_instances} nodes, but nothing carries a "
            "broadcast from one node to the clients of the others",
            hint="link the gateway to a pub/sub component (Redis Streams, NATS, Kafka…), or route "
            "each message through the connection registry to the owning node",
            component=gateway.id,
        )
