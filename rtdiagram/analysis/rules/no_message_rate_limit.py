"""
## What it does
Flags a gateway that accepts client messages with no per-connection message rate limit.

These satisfy it: `rate_limit: {messages_per_s: N}` on the gateway, or a per-user request
limit on a hop in front of it (`rate_limit_per_user_per_min`). A gateway that only pushes
(SSE) accepts no client messages and is not judged. Connection caps are a separate concept:
see `no-connection-cap`.

Severity: `rate_limit: none` (or `enabled: false`) states that nothing is limited and is an
error; silence is info.

## Why is this bad?
A persistent connection lets one client send messages as fast as the network allows. Without
a limit, a single abuser or buggy client degrades the service for everyone. OWASP suggests
about 100 messages per minute as a start.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, rate_limit: none}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, rate_limit: {messages_per_s: 5}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet: denial of service and rate limiting
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before
from rtdiagram.model.diagnostics import Severity

ACCEPTS_MESSAGES = {"websocket", "long_polling", "webtransport"}


def stated_unlimited(gateway) -> bool:
    return gateway.rate_limit is not None and gateway.rate_limit.enabled is False


@rule("SC005", "no-message-rate-limit", "info", checklist=("C11",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if not set(gateway.effective_transports) & ACCEPTS_MESSAGES:
            continue
        if stated_unlimited(gateway):
            yield Problem(
                component_path(model, gateway.id, "rate_limit"),
                f"{gateway.id!r} states rate_limit: none, so one client can flood it with messages",
                hint="add a token bucket per connection (rate_limit: {messages_per_s: 5})",
                severity=Severity.ERROR, component=gateway.id,
            )
            continue
        if any(hop.rate_limit_per_user_per_min for hop in hops_before(model, gateway)):
            continue
        if gateway.rate_limit and gateway.rate_limit.messages_per_s is not None:
            continue
        yield Problem(
            component_path(model, gateway.id, "rate_limit"),
            f"{gateway.id!r} does not say how fast one connection may send messages",
            hint="state a per-connection limit (rate_limit: {messages_per_s: N}) or rate_limit: none",
            component=gateway.id,
        )
