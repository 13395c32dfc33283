"""
## What it does
Flags a WebSocket gateway used from browsers that does not check the `Origin` header against
an exact allow-list.

## Why is this bad?
WebSockets are not covered by the same-origin policy or CORS. Any page a user visits can open
a socket to your gateway, and the browser attaches the user's cookies: Cross-Site WebSocket
Hijacking (CWE-1385). With cookie authentication the attacker acts as the user.

What satisfies it: an exact `origin_allowlist` (or `origin_check: allowlist`) on the
gateway; and it only matters much when cookies authenticate the socket. Token
authentication in a header, subprotocol, first message or short-lived query ticket is not
attached by the browser to a foreign page's socket.

Severity: cookies authenticate the socket (`token_location: cookie` or `method: session` on
an auth component, or the gateway's own `token_location: cookie`; a gateway that states its
own `token_location` is judged by it alone) and origins are stated open (`origin_check:
none`/`any`, a wildcard) → error; cookies and the origin check is not stated → warning (most
servers accept any Origin unless told otherwise); no cookie authentication → info.

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


def _weak(gateway) -> tuple[str | None, bool]:
    """(weakness, stated)."""
    allowlist = gateway.origin_allowlist
    if gateway.origin_check in ("none", "any"):
        return f"states origin_check: {gateway.origin_check}", True
    if allowlist and any("*" in origin for origin in allowlist):
        return "allows origins by wildcard", True
    if allowlist or gateway.origin_check == "allowlist":
        return None, False
    return "does not say that it checks Origin", False


def cookie_auth(model, gateway=None) -> bool:
    """Whether cookies authenticate sockets (to ``gateway``): its own token_location when it
    states one, else the auth components'."""
    if gateway is not None and gateway.token_location is not None:
        return gateway.token_location == "cookie"
    return any(a.token_location == "cookie" or a.method == "session" for a in model.of_kind("auth"))


@rule("AU001", "origin-not-validated", "warning", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if "websocket" not in gateway.effective_transports:
            continue
        if not any("browser" in c.platforms for c in clients_of(model, gateway)):
            continue
        weakness, stated = _weak(gateway)
        if not weakness:
            continue
        cookie = cookie_auth(model, gateway)
        severity = (Severity.ERROR if cookie and stated else Severity.WARNING if cookie else Severity.INFO)
        yield Problem(
            component_path(model, gateway.id, "origin_check" if gateway.origin_check else "origin_allowlist"),
            f"browser-facing gateway {gateway.id!r} {weakness}"
            + (", and authentication rides on cookies the browser sends from any page" if cookie
               else "; no cookie authenticates the socket, so this is hygiene"),
            hint="check Origin against an exact list on every handshake and reject others with 403",
            severity=severity, component=gateway.id,
        )
