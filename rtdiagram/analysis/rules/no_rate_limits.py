"""
## What it does
Flags a gateway that accepts client messages with no per-connection message rate limit, or
no cap on connections per user or address.

## Why is this bad?
A persistent connection lets one client send messages as fast as the network allows, and a
script can open thousands of connections. Without limits, a single abuser or buggy client
degrades the service for everyone. OWASP suggests about 100 messages per minute as a start.

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
  - {id: ws, kind: gateway, technology: ws, rate_limit: {messages_per_s: 5, connections_per_user: 10, connections_per_ip: 50}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet: denial of service and rate limiting
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before


@rule("SC005", "no-rate-limits", "warning", checklist=("C11",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if not set(gateway.effective_transports) & {"websocket", "long_polling", "webtransport"}:
            continue
        if any(hop.rate_limit_per_user_per_min for hop in hops_before(model, gateway)):
            continue
        limits = gateway.rate_limit
        missing = []
        if not limits or limits.messages_per_s is None:
            missing.append("messages per connection")
        if not limits or (limits.connections_per_user is None and limits.connections_per_ip is None):
            missing.append("connections per user or address")
        if missing:
            yield Problem(
                component_path(model, gateway.id, "rate_limit"),
                f"{gateway.id!r} limits neither {' nor '.join(missing)}",
                hint="add a token bucket per connection and user, and cap connections per user/IP",
                component=gateway.id,
            )
