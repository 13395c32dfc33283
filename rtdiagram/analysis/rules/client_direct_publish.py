"""
## What it does
Flags clients that publish straight into channels.

## Why is this bad?
A publish that never passes through the backend skips its validation, authorisation and
persistence: any connected client can inject messages into any channel it can reach.

## Example
```yaml
system: {name: Chat, client_publish: direct}
components:
  - {id: web, kind: client}
  - {id: hub, kind: gateway, technology: centrifugo}
links:
  - {from: web, to: hub, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, client_publish: via_backend}
components:
  - {id: web, kind: client}
  - {id: hub, kind: gateway, technology: centrifugo}
links:
  - {from: web, to: hub, protocol: websocket}
```

## References
- Centrifugo, FAQ: client-side publications
- OWASP, WebSocket Security Cheat Sheet: input validation
"""

from rtdiagram.analysis.ruleset import Context, Problem, rule


@rule("FO009", "client-direct-publish", "warning", checklist=("C10",))
def check(ctx: Context):
    if ctx.model.system.client_publish == "direct":
        yield Problem(
            ("system", "client_publish"),
            "clients publish straight into channels, bypassing backend validation and authorisation",
            hint="publish through the backend (HTTP, or a publish proxy that validates)",
        )
