"""
## What it does
Notes WebSocket per-message compression (permessage-deflate).

## Why is this bad?
Compression costs CPU and, above all, memory per connection (a compression context each way),
which is why Socket.IO turned it off by default in v3. Compressing secrets next to
attacker-controlled text can leak them (CRIME/BREACH-style attacks).

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, compression: permessage_deflate}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, compression: none}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- Socket.IO, server options (perMessageDeflate off by default)
- OWASP, WebSocket Security Cheat Sheet
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("TR009", "permessage-deflate-enabled", "info", checklist=("C8",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if gateway.compression == "permessage_deflate":
            yield Problem(
                component_path(model, gateway.id, "compression"),
                f"{gateway.id!r} compresses every message, costing memory per connection and "
                "risking secret leaks when secrets and user text share a message",
                hint="enable only for large, compressible, non-secret payloads, after measuring",
                component=gateway.id,
            )
