"""
## What it does
Flags designs where messages can arrive twice or out of order and nothing identifies them:
Kafka keyed by something other than the channel when ordering matters, or any retry, replay
or resume path without message ids.

Satisfied by message ids (`system.messages.id: sequence` or `uuid`), by clients that resume
by re-fetching a snapshot or through a library that de-duplicates (`resume: snapshot |
library`), and by best-effort, unordered requirements. Severity: `messages: {id: none}` with
replay or at-least-once delivery is a warning; not saying how messages are identified is
info.

## Why is this bad?
Kafka orders messages only within a partition. Retries, replays and resumes deliver some
messages twice; without a per-channel sequence or unique ids the client cannot tell, and
applies an edit or a payment twice.

## Example
```yaml
system: {name: Chat, requirements: {ordered: true}}
components:
  - {id: web, kind: client, resume: offset}
  - {id: ws, kind: gateway, technology: ws}
  - {id: log, kind: pubsub, technology: kafka, partition_key: random}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: log, protocol: kafka}
```

## Use instead
```yaml
system: {name: Chat, requirements: {ordered: true}, messages: {id: sequence}}
components:
  - {id: web, kind: client, resume: offset}
  - {id: ws, kind: gateway, technology: ws}
  - {id: log, kind: pubsub, technology: kafka, partition_key: channel_id}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: log, protocol: kafka}
```

## References
- Apache Kafka documentation: ordering within a partition
- Socket.IO, "Delivery guarantees"
- Centrifugo, "History and recovery" (offset and epoch)
"""

from rtdiagram.analysis.topology import tech, delivery_of
from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


# Resume modes that replay messages (and so can deliver one twice). A snapshot re-fetch
# replaces state and a library resume de-duplicates itself.
REPLAYS = {"replay", "offset", "last_event_id"}


@rule("FO005", "ordering-or-dedupe-undefined", "warning", checklist=("C7",))
def check(ctx: Context):
    model = ctx.model
    if model.system.requirements.ordered:
        for pubsub in model.of_kind("pubsub"):
            if tech(pubsub) == "kafka" and pubsub.partition_key not in ("channel_id", "room_id"):
                key = pubsub.partition_key or "unset"
                yield Problem(
                    component_path(model, pubsub.id, "partition_key"),
                    f"ordering is required but Kafka topic {pubsub.id!r} is keyed by {key}, and "
                    "Kafka orders only within a partition",
                    hint="key messages by channel or room id (partition_key: channel_id)",
                    component=pubsub.id,
                )
    if model.system.messages.id not in (None, "none"):
        return
    requirements = model.system.requirements
    if requirements.delivery == "best_effort" and not requirements.ordered:
        return
    clients = model.of_kind("client")
    replays = [c for c in clients if (c.retries or 0) > 0 or c.resume in REPLAYS]
    at_least_once = [p for p in model.of_kind("pubsub") if delivery_of(p) == "at_least_once"]
    if replays or at_least_once:
        stated = model.system.messages.id == "none"
        cause = (f"client {replays[0].id!r} retries or resumes" if replays
                 else f"{at_least_once[0].id!r} delivers at least once")
        yield Problem(
            ("system", "messages") if "messages" in model.system.model_fields_set else ("system",),
            f"{cause}, so messages can arrive twice, but messages carry no id",
            hint="give messages a per-channel sequence or a unique id (system.messages.id: "
            "sequence) and apply them idempotently",
            severity=None if stated else Severity.INFO,
        )
