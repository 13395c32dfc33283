"""
## What it does
Flags a WebSocket or SSE gateway with no heartbeat: neither configured nor provided by its
library.

## Why is this bad?
Proxies and load balancers close connections that look idle, and they count only application
bytes. TCP keepalive is off by default and, when on, probes every two hours. Without a
heartbeat, quiet connections are cut and half-open ones are never noticed, leaking registry
and presence entries.

## Example
```yaml
system: {name: Feed}
components:
  - {id: web, kind: client}
  - {id: sse, kind: gateway, technology: express, transports: [sse]}
links:
  - {from: web, to: sse, protocol: sse}
```

## Use instead
```yaml
system: {name: Feed}
components:
  - {id: web, kind: client}
  - {id: sse, kind: gateway, technology: express, transports: [sse], heartbeat: {mechanism: sse_comment, interval_s: 15}}
links:
  - {from: web, to: sse, protocol: sse}
```

## References
- RFC 6455 §5.5.2–5.5.3 (Ping and Pong)
- WHATWG HTML, server-sent events: a comment line every 15 seconds or so
- Python websockets, "Keepalive and latency"
"""

from rtdiagram.analysis.effective import gateway_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("HB001", "missing-heartbeat", "error", checklist=("C5",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if not set(gateway.effective_transports) & {"websocket", "sse"}:
            continue
        mechanism = gateway_value(gateway, "heartbeat_mechanism")
        if mechanism.value not in (None, "none"):
            continue
        stated = gateway.heartbeat is not None and gateway.heartbeat.mechanism == "none"
        reason = ("has its heartbeat turned off" if stated else
                  f"has no heartbeat{mechanism.note()}" if mechanism.assumed else
                  "has no heartbeat configured")
        yield Problem(
            component_path(model, gateway.id, "heartbeat"),
            f"gateway {gateway.id!r} {reason}, so idle connections are cut by intermediaries "
            "and dead ones go unnoticed",
            hint="send a WebSocket ping or an SSE comment every ~15–25 s, below half of the "
            "smallest idle timeout on the path",
            component=gateway.id,
        )
