"""
## What it does
Flags a WebSocket or SSE gateway with no heartbeat: neither configured nor provided by its
library.

These satisfy it: a stated heartbeat (`mechanism: ws_ping | app_ping | sse_comment |
library`) that travels on the connection itself (`carrier: protocol_ping` or
`app_message`), or a technology whose documented default pings (Socket.IO, SignalR,
Centrifugo, Phoenix…). A framework's WebSocket ping does not cover an SSE-only gateway.

Severity: `heartbeat: none` (or `mechanism: none`) is an error, and so is a heartbeat that
travels as a separate HTTP call (`carrier: http_call`) — the connection itself stays idle;
silence on a server whose documented default is no ping (Node `ws`) is a warning naming
that default; silence about an unknown technology is info.

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
from rtdiagram.model.diagnostics import Severity

CONSEQUENCE = "so idle connections are cut by intermediaries and dead ones go unnoticed"
HINT = ("send a WebSocket ping or an SSE comment every ~15–25 s, below half of the smallest "
        "idle timeout on the path")


@rule("HB001", "missing-heartbeat", "error", checklist=("C5",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        transports = set(gateway.effective_transports)
        if not transports & {"websocket", "sse"}:
            continue
        heartbeat = gateway.heartbeat
        if heartbeat is not None and heartbeat.carrier == "http_call" and heartbeat.mechanism != "none":
            yield Problem(
                component_path(model, gateway.id, "heartbeat", "carrier"),
                f"gateway {gateway.id!r} sends its heartbeat as a separate HTTP call, so the "
                f"connection itself carries nothing while idle, {CONSEQUENCE}",
                hint=HINT, component=gateway.id,
            )
            continue
        mechanism = gateway_value(gateway, "heartbeat_mechanism")
        if mechanism.assumed and mechanism.value == "library" and "websocket" not in transports:
            mechanism = type(mechanism)(None)  # a WebSocket ping default does not cover SSE
        if mechanism.value not in (None, "none"):
            continue
        stated = heartbeat is not None and heartbeat.mechanism == "none"
        if stated:
            reason, severity = "has its heartbeat turned off", None
        elif mechanism.assumed:
            reason, severity = f"has no heartbeat{mechanism.note()}", Severity.WARNING
        else:
            reason, severity = "does not say how it keeps connections alive", Severity.INFO
        yield Problem(
            component_path(model, gateway.id, "heartbeat"),
            f"gateway {gateway.id!r} {reason}, {CONSEQUENCE}",
            hint=HINT, severity=severity, component=gateway.id,
        )
