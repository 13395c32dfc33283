"""
## What it does
Flags a gateway or hop explicitly serving real-time traffic without TLS (`ws://`, `http://`).

## Why is this bad?
Unencrypted connections can be read and altered on the way; long-lived ones carry a whole
session's worth of messages and credentials. Some networks also break or block plain-text
WebSockets.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, tls: false}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, tls: true}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet: always use WSS
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths


@rule("AU005", "plaintext-transport", "error", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if gateway.tls is False:
            yield Problem(
                component_path(model, gateway.id, "tls"),
                f"gateway {gateway.id!r} serves real-time connections without TLS",
                hint="serve wss:// and https:// only (tls: true)", component=gateway.id,
            )
    seen: set[str] = set()
    for path in network_paths(model):
        if path.hops and path.hops[0].tls is False and path.hops[0].id not in seen:
            seen.add(path.hops[0].id)
            yield Problem(
                component_path(model, path.hops[0].id, "tls"),
                f"{path.hops[0].id!r} faces clients without TLS",
                hint="terminate TLS at the first hop (tls: true)", component=path.hops[0].id,
            )
