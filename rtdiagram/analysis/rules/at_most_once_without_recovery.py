"""
## What it does
Flags an at-most-once pub/sub layer (Redis Pub/Sub, NATS core, an in-memory bus) when clients
have no way to catch up on what they missed.

Satisfied by a broker with replay (`retention_s`, `max_len`, or an at-least-once technology
such as Redis Streams, Kafka, JetStream), by every client resuming (`resume:` replay, offset,
snapshot, library), or by a stated best-effort requirement
(`system.requirements.delivery: best_effort`). Severity: error when at-least-once delivery is
required, warning when the requirement is not stated.

## Why is this bad?
Redis Pub/Sub forgets a message as soon as it is sent: a gateway node that is disconnected or
too slow loses it for good, and so do its clients. Reconnecting clients come back to a gap.
Where the business needs at-least-once delivery (chat, collaboration) this is data loss.

## Example
```yaml
system: {name: Chat, requirements: {delivery: at_least_once}, features: [rooms]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 2}
  - {id: bus, kind: pubsub, technology: redis_pubsub}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: bus, protocol: pubsub}
```

## Use instead
```yaml
system: {name: Chat, requirements: {delivery: at_least_once}, features: [rooms], messages: {id: sequence}}
components:
  - {id: web, kind: client, resume: offset}
  - {id: ws, kind: gateway, technology: ws, replicas: 2}
  - {id: bus, kind: pubsub, technology: redis_streams, max_len: 10000}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: bus, protocol: pubsub}
```

## References
- Redis, "Pub/Sub": delivery semantics (at-most-once)
- Socket.IO, "Redis Streams adapter" and "Delivery guarantees"
- Ably, "Connection state and recovery"
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.topology import tech, delivery_of
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("FO002", "at-most-once-without-recovery", "warning", checklist=("C2", "C7"))
def check(ctx: Context):
    model = ctx.model
    if model.system.requirements.delivery == "best_effort":
        return  # losing a message during a disconnect is accepted
    clients = model.of_kind("client")
    resumes = bool(clients) and all(c.resume not in (None, "none") for c in clients)
    for pubsub in model.of_kind("pubsub"):
        if delivery_of(pubsub) != "at_most_once" or tech(pubsub) == "none":
            continue
        if resumes or pubsub.retention_s or pubsub.max_len:
            continue
        strict = model.system.requirements.delivery == "at_least_once"
        yield Problem(
            component_path(model, pubsub.id, "technology"),
            f"{pubsub.id!r} delivers at most once and clients cannot resume, so messages "
            "sent during a disconnect are lost"
            + (" although the system requires at-least-once delivery" if strict else ""),
            hint="use a log with replay (Redis Streams, Kafka, JetStream) and let clients resume "
            "from an offset (resume: offset)",
            severity=Severity.ERROR if strict else None,
            component=pubsub.id,
        )
