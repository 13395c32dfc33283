"""
## What it does
Flags clients that reconnect immediately, at a fixed interval, without jitter, or with
exponential backoff that has no cap.

Satisfied by `reconnect: {strategy: exponential, jitter: …, max_ms: …}`. Severity: a stated
immediate or fixed-interval reconnect, or backoff stated without jitter, is an error; a
backoff whose jitter or cap the model does not state is info.

## Why is this bad?
After a deploy, a balancer reload or a CDN restart every client disconnects at the same
moment. Retries that are not spread out hit the servers together again and again, a
thundering herd that turns a blip into an outage. An uncapped backoff leaves clients waiting
minutes once the service is back.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client, reconnect: {strategy: fixed, base_ms: 1000}}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client, reconnect: {strategy: exponential, base_ms: 1000, max_ms: 30000, jitter: 0.5}}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- AWS Architecture Blog, "Exponential Backoff And Jitter"
- Socket.IO, client options (randomizationFactor 0.5)
- Centrifugo blog, "Scaling WebSocket in Go and beyond": massive reconnect
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.model.diagnostics import Severity


@rule("HB006", "reconnect-without-backoff-jitter", "error", checklist=("C6",))
def check(ctx: Context):
    model = ctx.model
    for client in model.of_kind("client"):
        reconnect = client.reconnect
        if reconnect is None or reconnect.strategy in (None, "none"):
            continue
        severity = None
        if reconnect.strategy in ("immediate", "fixed"):
            problem = f"reconnects {reconnect.strategy.replace('immediate', 'immediately')}"
            if reconnect.strategy == "fixed":
                problem = "reconnects at a fixed interval"
        elif reconnect.jitter in (False, 0, 0.0):
            problem = "backs off without jitter"
        elif reconnect.jitter is None:
            problem, severity = "does not say whether its backoff is jittered", Severity.INFO
        elif reconnect.max_ms is None:
            problem, severity = "does not say what caps its backoff delay", Severity.INFO
        else:
            continue
        yield Problem(
            component_path(model, client.id, "reconnect"),
            f"client {client.id!r} {problem}, so a mass disconnect returns as a synchronised herd",
            hint="use exponential backoff with full jitter and a cap (e.g. 1 s base, 30 s cap, jitter 0.5)",
            severity=severity, component=client.id,
        )
