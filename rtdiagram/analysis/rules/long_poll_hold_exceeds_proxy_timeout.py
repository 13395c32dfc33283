"""
## What it does
Flags long polls held open longer than the shortest response timeout on the path.

## Why is this bad?
The intermediary gives up before the server answers: clients see 504 (nginx), 524
(Cloudflare) or H12 (Heroku) errors instead of empty polls, and retry in a loop.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: router, kind: proxy, technology: heroku_router}
  - {id: app, kind: gateway, technology: custom, transports: [long_polling], long_polling: {hold_s: 45}}
links:
  - {from: web, to: router, protocol: long_polling}
  - {from: router, to: app, protocol: long_polling}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: router, kind: proxy, technology: heroku_router}
  - {id: app, kind: gateway, technology: custom, transports: [long_polling], long_polling: {hold_s: 20}}
links:
  - {from: web, to: router, protocol: long_polling}
  - {from: router, to: app, protocol: long_polling}
```

## References
- RFC 6202 (long polling timeouts, via secondary quotation)
- Heroku, "Request Timeout"; nginx `proxy_read_timeout`; Envoy timeouts; Cloudflare connection limits
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.effective import gateway_value, hop_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before, tech


@rule("TR001", "long-poll-hold-exceeds-proxy-timeout", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if "long_polling" not in gateway.effective_transports:
            continue
        hold = gateway.long_polling.hold_s if gateway.long_polling else None
        note = ""
        if hold is None:
            interval = gateway_value(gateway, "heartbeat_interval_s")
            if tech(gateway) in ("socketio", "engineio") and interval.value is not None:
                hold = interval.value
                note = f" ({interval.assumed or 'Socket.IO'}: a poll completes at every ping)"
        if hold is None:
            continue
        for hop in hops_before(model, gateway):
            timeout = hop_value(hop, "request_timeout_s")
            if timeout.value is not None and hold >= timeout.value:
                yield Problem(
                    component_path(model, gateway.id, "long_polling"),
                    f"long polls on {gateway.id!r} are held {hold:g} s{note}, but {hop.id!r} "
                    f"answers with an error after {timeout.value:g} s{timeout.note()}",
                    hint=f"hold polls for less than {timeout.value:g} s, or raise the timeout of {hop.id!r}",
                    severity=Severity.ERROR, component=gateway.id,
                )
