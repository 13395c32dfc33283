"""
## What it does
Flags an SSE stream whose events carry no `id:`.

Satisfied by `sse: {event_ids: true}` (with replay from `Last-Event-ID`). Severity: stated
`event_ids: false` is a warning; silence is info.

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

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("TR004", "sse-without-event-ids", "warning", checklist=("C7", "C13"))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if "sse" in gateway.effective_transports and not (gateway.sse and gateway.sse.event_ids):
            stated = gateway.sse is not None and gateway.sse.event_ids is False
            yield Problem(
                component_path(model, gateway.id, "sse" if gateway.sse else "transports"),
                (f"SSE events from {gateway.id!r} carry no ids" if stated else
                 f"the model does not say whether SSE events from {gateway.id!r} carry ids")
                + ", so a reconnecting client may not be able to say where it stopped",
                hint="number events per stream (sse: {event_ids: true}) and replay from Last-Event-ID",
                severity=None if stated else Severity.INFO, component=gateway.id,
            )
