"""
## What it does
Flags Socket.IO connection state recovery combined with an adapter that cannot support it.

## Why is this bad?
Recovery replays the packets a client missed, so the adapter must persist them. The Redis
Pub/Sub, Postgres and cluster adapters do not: recovery never succeeds (`socket.recovered`
stays false) while the design looks protected.

## Example
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: web, kind: client}
  - {id: io, kind: gateway, technology: socketio, replicas: 2, connection_state_recovery: true, transports: [websocket]}
  - {id: bus, kind: pubsub, technology: redis_pubsub}
links:
  - {from: web, to: io, protocol: websocket}
  - {from: io, to: bus, protocol: pubsub}
```

## Use instead
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: web, kind: client}
  - {id: io, kind: gateway, technology: socketio, replicas: 2, connection_state_recovery: true, transports: [websocket]}
  - {id: bus, kind: pubsub, technology: redis_streams}
links:
  - {from: web, to: io, protocol: websocket}
  - {from: io, to: bus, protocol: pubsub}
```

## References
- Socket.IO, "Connection state recovery": adapter compatibility table
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import linked, tech

UNSUPPORTED = {"redis_pubsub", "redis_sharded_pubsub", "postgres", "in_memory"}


@rule("FO003", "socketio-recovery-unsupported-adapter", "error", checklist=("C7",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if tech(gateway) != "socketio" or not gateway.connection_state_recovery:
            continue
        for pubsub in linked(model, gateway.id, "pubsub"):
            if tech(pubsub) in UNSUPPORTED:
                yield Problem(
                    component_path(model, gateway.id, "connection_state_recovery"),
                    f"connection state recovery on {gateway.id!r} cannot work with the "
                    f"{pubsub.technology} adapter of {pubsub.id!r}, which keeps no packets",
                    hint="use the Redis Streams or MongoDB adapter, or app-level offsets",
                    component=gateway.id,
                )
