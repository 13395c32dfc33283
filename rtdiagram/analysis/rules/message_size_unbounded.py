"""
## What it does
Flags a gateway with no message size limit (or one above 1 MiB), and expected messages larger
than API Gateway WebSocket accepts.

Satisfied by a stated `max_message_bytes` within the threshold (1 MiB by default), a
technology whose documented default is within it, or a managed service (it enforces its own
limit). Severity: a limit above the threshold is a warning (naming the default when it was
assumed); a gateway that says nothing and has no known default is info.

## Why is this bad?
One oversized message can exhaust a node's memory; `ws` accepts 100 MiB by default. OWASP
suggests 64 KB or less. API Gateway WebSocket rejects messages over 128 KB and frames over
32 KB, closing the connection.

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
  - {id: ws, kind: gateway, technology: ws, max_message_bytes: 65536}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet (64 KB)
- `ws` API docs (maxPayload 100 MiB); Socket.IO server options (maxHttpBufferSize 1 MB)
- AWS, API Gateway WebSocket quotas (128 KB message, 32 KB frame)
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.effective import gateway_value
from rtdiagram.analysis.topology import is_managed, tech
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("SC004", "message-size-unbounded", "warning", checklist=("C11",))
def check(ctx: Context):
    model = ctx.model
    expected = model.system.expected.max_message_bytes
    for gateway in model.of_kind("gateway"):
        if not set(gateway.effective_transports) & {"websocket", "long_polling", "webtransport"}:
            continue
        if tech(gateway) == "apigw_websocket":
            if expected and expected > 128 * 1024:
                yield Problem(
                    ("system", "expected", "max_message_bytes"),
                    f"messages of up to {expected:,} bytes exceed API Gateway WebSocket's 128 KB "
                    "message quota, which cannot be raised",
                    hint="upload large payloads over HTTP and send a notification instead",
                    severity=Severity.ERROR, component=gateway.id,
                )
            continue
        if is_managed(gateway):
            continue  # the service enforces its own documented message limit
        limit = gateway_value(gateway, "max_message_bytes")
        if limit.value is None:
            yield Problem(
                component_path(model, gateway.id, "max_message_bytes"),
                f"{gateway.id!r} does not say how large a message it accepts",
                hint="set an explicit limit (e.g. 64 KB) and close with 1009 above it",
                severity=Severity.INFO, component=gateway.id,
            )
        elif limit.value > ctx.thresholds.max_message_bytes:
            yield Problem(
                component_path(model, gateway.id, "max_message_bytes"),
                f"{gateway.id!r} accepts messages of {limit.value:,} bytes{limit.note()}",
                hint="lower the limit (e.g. 64 KB); move large payloads to HTTP",
                component=gateway.id,
            )
