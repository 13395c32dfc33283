"""
## What it does
Flags a WebSocket gateway used from browsers that does not check the `Origin` header against
an exact allow-list.

## Why is this bad?
WebSockets are not covered by the same-origin policy or CORS. Any page a user visits can open
a socket to your gateway, and the browser attaches the user's cookies: Cross-Site WebSocket
Hijacking (CWE-1385). With cookie authentication the attacker acts as the user.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client, platform: browser}
  - {id: ws, kind: gateway, technology: ws}
  - {id: auth, kind: auth, token_location: cookie}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client, platform: browser}
  - {id: ws, kind: gateway, technology: ws, origin_allowlist: ["https://app.example.com"]}
  - {id: auth, kind: auth, token_location: cookie}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- RFC 6455 §10.2 (Origin considerations)
- OWASP, WebSocket Security Cheat Sheet: Origin header validation
- MITRE CWE-1385, Missing Origin Validation in WebSockets
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import clients_of


def _weak(allowlist) -> str | None:
    if not allowlist:
        return "has no origin allow-list"
    if any("*" in origin for origin in allowlist):
        return "allows origins by wildcard"
    return None


@rule("AU001", "origin-not-validated", "warning", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    cookie = any(a.token_location == "cookie" for a in model.of_kind("auth"))
    for gateway in model.of_kind("gateway"):
        if "websocket" not in gateway.effective_transports:
            continue
        if not any(c.platform == "browser" for c in clients_of(model, gateway)):
            continue
        weakness = _weak(gateway.origin_allowlist)
        if weakness:
            yield Problem(
                component_path(model, gateway.id, "origin_allowlist"),
                f"browser-facing gateway {gateway.id!r} {weakness}"
                + (", and authentication rides on cookies the browser sends to any page" if cookie else ""),
                hint="check Origin against an exact list on every handshake and reject others with 403",
                severity=Severity.ERROR if cookie else None,
                component=gateway.id,
            )
