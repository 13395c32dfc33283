"""
## What it does
Flags an event stream (SSE) passing through a hop that buffers responses.

Satisfied by `buffering: false` on every hop of the stream's path, or by the gateway sending
`X-Accel-Buffering: no` (`sse: {x_accel_buffering_no: true}`). Severity: a hop stated to
buffer is an error; a hop that buffers by its documented default (nginx `proxy_buffering
on`) is a warning naming that default.

## Why is this bad?
A buffering proxy collects the response before forwarding it, so events arrive late and in
bursts, or only when the buffer fills. Nothing logs an error; the feature just feels broken.
nginx buffers by default.

## Example
```yaml
system: {name: Dashboard}
components:
  - {id: web, kind: client}
  - {id: nginx, kind: proxy, technology: nginx}
  - {id: sse, kind: gateway, technology: express, transports: [sse], heartbeat: {mechanism: sse_comment, interval_s: 15}}
links:
  - {from: web, to: nginx, protocol: sse}
  - {from: nginx, to: sse, protocol: sse}
```

## Use instead
```yaml
system: {name: Dashboard}
components:
  - {id: web, kind: client}
  - {id: nginx, kind: proxy, technology: nginx, buffering: false}
  - {id: sse, kind: gateway, technology: express, transports: [sse], heartbeat: {mechanism: sse_comment, interval_s: 15}}
links:
  - {from: web, to: nginx, protocol: sse}
  - {from: nginx, to: sse, protocol: sse}
```
Or send `X-Accel-Buffering: no` from the server (`sse: {x_accel_buffering_no: true}`).

## References
- nginx, `proxy_buffering` and `X-Accel-Buffering`
- Cloudflare, "Response Buffering"; Envoy, "HTTP upgrades" (buffering and streaming)
"""

from rtdiagram.analysis.effective import hop_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths
from rtdiagram.model.diagnostics import Severity


@rule("TR002", "sse-buffered-by-proxy", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    seen: set[str] = set()
    for path in network_paths(model):
        gateway = path.gateway
        if "sse" not in gateway.effective_transports and "sse" not in path.protocols:
            continue
        if gateway.sse and gateway.sse.x_accel_buffering_no:
            continue
        for hop in path.hops:
            buffering = hop_value(hop, "buffering")
            if buffering.value is True and hop.id not in seen:
                seen.add(hop.id)
                yield Problem(
                    component_path(model, hop.id, "buffering"),
                    f"{hop.id!r} buffers responses{buffering.note()}, so events from "
                    f"{gateway.id!r} arrive late and in bursts",
                    hint="turn buffering off for the stream (nginx: proxy_buffering off), or send "
                    "X-Accel-Buffering: no",
                    severity=Severity.WARNING if buffering.assumed else None, component=hop.id,
                )
