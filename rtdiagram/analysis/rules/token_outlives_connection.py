"""
## What it does
Flags connections that last longer than the token that opened them, with nothing that checks
the token again.

## Why is this bad?
Authentication happens once, at the handshake. The socket stays authorised after the token
expires, after logout, after the account is revoked.

## Example
```yaml
system: {name: Chat, expected: {session_duration_s: 28800}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws}
  - {id: auth, kind: auth, method: jwt, token_location: first_message, token_ttl_s: 900}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, expected: {session_duration_s: 28800}}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws}
  - {id: auth, kind: auth, method: jwt, token_location: first_message, token_ttl_s: 900, reauth: in_band_refresh}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet: session management
- Microsoft Learn, SignalR `CloseOnAuthenticationExpiration`
- Centrifugo, "Connection expiration"
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("AU003", "token-outlives-connection", "warning", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    session = model.system.expected.session_duration_s
    for auth in model.of_kind("auth"):
        if auth.reauth not in (None, "none") or auth.token_ttl_s is None or session is None:
            continue
        if auth.token_ttl_s < session:
            yield Problem(
                component_path(model, auth.id, "token_ttl_s"),
                f"tokens of {auth.id!r} expire after {auth.token_ttl_s:g} s but connections last "
                f"{session:g} s, and nothing re-checks them",
                hint="close on expiry, refresh in band, or revalidate periodically (reauth: ...)",
                severity=Severity.ERROR if auth.revocation_required else None,
                component=auth.id,
            )
