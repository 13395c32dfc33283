"""
## What it does
Flags private, presence or per-user channels when nothing authorises each subscription.

## Why is this bad?
Being connected means authenticated, not authorised for room X. If subscribing is not checked,
any logged-in user can join any private room by guessing its name. API Gateway's authorizer,
for example, runs only on `$connect`.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws}
  - {id: auth, kind: auth, method: jwt, token_location: first_message}
links:
  - {from: web, to: ws, protocol: websocket}
channels:
  - {name: "dm:{user_a}:{user_b}", visibility: private}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws}
  - {id: auth, kind: auth, method: jwt, token_location: first_message, channel_authz: on_subscribe}
links:
  - {from: web, to: ws, protocol: websocket}
channels:
  - {name: "dm:{user_a}:{user_b}", visibility: private}
```

## References
- OWASP, WebSocket Security Cheat Sheet: message-level authorization
- AWS, API Gateway WebSocket Lambda authorizers ($connect only)
- Pusher, "Presence channels" (authorization endpoint)
"""

from rtdiagram.analysis.ruleset import Context, Problem, rule


@rule("AU004", "no-channel-authorization", "error", checklist=("C10",))
def check(ctx: Context):
    model = ctx.model
    if any(a.channel_authz in ("on_subscribe", "per_message") for a in model.of_kind("auth")):
        return
    for index, channel in enumerate(model.channels):
        if channel.visibility in ("private", "presence", "user"):
            yield Problem(
                ("channels", index, "visibility"),
                f"{channel.visibility} channel {channel.name!r} has no authorisation on subscribe",
                hint="authorise every subscribe (auth component with channel_authz: on_subscribe)",
            )
