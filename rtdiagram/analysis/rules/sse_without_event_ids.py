"""
## What it does
Flags an SSE stream whose events carry no `id:`.

## Why is this bad?
EventSource reconnects by itself and sends the last id it saw in `Last-Event-ID`. Without ids
the server cannot tell where the client stopped, and every event sent during the gap is lost.

## Example
```yaml
system: {name: Feed}
components:
  - {id: web, kind: client}
  - {id: feed, kind: gateway, technology: express, transports: [sse]}
links:
  - {from: web, to: feed, protocol: sse}
```

## Use instead
```yaml
system: {name: Feed}
components:
  - {id: web, kind: client, resume: last_event_id}
  - {id: feed, kind: gateway, technology: express, transports: [sse], sse: {event_ids: true, retry_ms: 3000}}
links:
  - {from: web, to: feed, protocol: sse}
```

## References
- WHATWG HTML, server-sent events §9.2 (`id`, `Last-Event-ID`, `retry`)
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("TR004", "sse-without-event-ids", "warning", checklist=("C7", "C13"))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if "sse" in gateway.effective_transports and not (gateway.sse and gateway.sse.event_ids):
            yield Problem(
                component_path(model, gateway.id, "sse" if gateway.sse else "transports"),
                f"SSE events from {gateway.id!r} carry no ids, so a reconnecting client cannot "
                "say where it stopped",
                hint="number events per stream (sse: {event_ids: true}) and replay from Last-Event-ID",
                component=gateway.id,
            )
