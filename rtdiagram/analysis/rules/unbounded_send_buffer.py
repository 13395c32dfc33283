"""
## What it does
Flags a gateway with no cap on what it queues for a slow client.

Satisfied by `send_buffer: {max_bytes: N}` or an overflow policy (`disconnect`,
`drop_oldest`, `coalesce`), and by managed services (they bound buffers themselves).
Severity: a stated `on_overflow: unbounded` is an error; silence is info — most servers
buffer without limit by default, but the model cannot tell us.

## Why is this bad?
A slow consumer (a phone on a bad network, a stalled tab) cannot keep up, and every message for
it waits in server memory. The browser WebSocket API has no backpressure either. A few stuck
clients in a busy room can take a node down: OWASP lists this as a memory-exhaustion vector.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, send_buffer: {max_bytes: 1048576, on_overflow: disconnect}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet: denial of service
- WebSocketStream explainer (no backpressure in the WebSocket API)
- Microsoft Learn, SignalR buffer options
"""
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import is_managed
from rtdiagram.model.diagnostics import Severity


@rule("SC001", "unbounded-send-buffer", "info", checklist=("C8",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if is_managed(gateway) or not set(gateway.effective_transports) & {"websocket", "sse", "long_polling"}:
            continue
        buffer = gateway.send_buffer
        if buffer is not None and buffer.on_overflow == "unbounded":
            yield Problem(
                component_path(model, gateway.id, "send_buffer", "on_overflow"),
                f"{gateway.id!r} states an unbounded send buffer: one slow client can grow the "
                "node's memory until it is killed",
                hint="cap each connection's send buffer and disconnect, drop oldest or coalesce",
                severity=Severity.ERROR, component=gateway.id,
            )
        elif buffer is None or (buffer.max_bytes is None and buffer.on_overflow is None):
            yield Problem(
                component_path(model, gateway.id, "send_buffer"),
                f"{gateway.id!r} does not say what it queues for a slow client",
                hint="state send_buffer: {max_bytes: N, on_overflow: disconnect|drop_oldest|coalesce}",
                component=gateway.id,
            )
