"""
## What it does
Flags a gateway with no cap on how many connections one user or one address may hold.

These satisfy it: `rate_limit: {connections_per_user: N}` or `{connections_per_ip: N}`, a
handshake rate (`rate_limit: {handshakes_per_s: N}`), or a managed service (its account
quotas cap connections). Message rates are a separate concept: see `no-message-rate-limit`.

Severity: `rate_limit: none` states that nothing is capped and is an error; silence is info.

## Why is this bad?
A script can open thousands of sockets from one account or address and exhaust file
descriptors and memory on every node; each idle socket costs almost nothing to the attacker.

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
  - {id: ws, kind: gateway, technology: ws, rate_limit: {connections_per_user: 10, connections_per_ip: 50}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- OWASP, WebSocket Security Cheat Sheet: denial of service and rate limiting
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.rules.no_message_rate_limit import stated_unlimited
from rtdiagram.analysis.topology import is_managed
from rtdiagram.model.diagnostics import Severity

PERSISTENT = {"websocket", "sse", "long_polling", "webtransport"}


@rule("SC008", "no-connection-cap", "info", checklist=("C11",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if is_managed(gateway) or not set(gateway.effective_transports) & PERSISTENT:
            continue
        if stated_unlimited(gateway):
            yield Problem(
                component_path(model, gateway.id, "rate_limit"),
                f"{gateway.id!r} states rate_limit: none, so one user or address may open any "
                "number of connections",
                hint="cap connections per user and per IP (rate_limit: {connections_per_user: 10})",
                severity=Severity.ERROR, component=gateway.id,
            )
            continue
        limits = gateway.rate_limit
        if limits and (limits.connections_per_user or limits.connections_per_ip or limits.handshakes_per_s):
            continue
        yield Problem(
            component_path(model, gateway.id, "rate_limit"),
            f"{gateway.id!r} does not cap connections per user or address",
            hint="state rate_limit: {connections_per_user: N, connections_per_ip: M}",
            component=gateway.id,
        )
