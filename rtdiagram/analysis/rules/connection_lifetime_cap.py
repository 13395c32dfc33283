"""
## What it does
Flags a hop that ends every connection after a fixed time shorter than the sessions the system
expects, whatever the traffic.

Satisfied by a cap longer than the wanted session (`system.expected.session_duration_s`),
or by clients that reconnect with backoff and resume (`resume:` replay, offset, snapshot…).

Envoy: the route `timeout` (default 15 s) ends non-upgraded streams — SSE and long polls —
and must be disabled for them. For an upgraded WebSocket it only bounds the wait for the
101 response (Envoy 1.36 and later; some older releases cut sockets at 15 s); after the
upgrade only `stream_idle_timeout`, `max_stream_duration` and `max_connection_duration`
apply, and the last two are unset by default. So the assumed 15 s is applied to SSE and
long-polling paths only. If your Envoy does end upgraded sockets, state it:
`max_duration_s: 15` on the Envoy hop.

Severity: a stated cap of 60 s or less on a persistent path is an error; a cap that rests on
an assumed platform default is a warning naming the default.

## Why is this bad?
Some intermediaries cap a connection's whole life, not its idle time: API Gateway WebSocket
closes at 2 hours, a GCP HTTP(S) load balancer's backend timeout (30 s by default) is the
entire WebSocket lifetime, and an Envoy route timeout (15 s) cuts streaming responses.
Heartbeats do not help. Clients that do not reconnect and resume lose their stream.

## Example
```yaml
system: {name: Feed, expected: {session_duration_s: 3600}}
components:
  - {id: web, kind: client}
  - {id: glb, kind: load_balancer, technology: gcp_https_lb}
  - {id: feed, kind: gateway, technology: ws}
links:
  - {from: web, to: glb, protocol: websocket}
  - {from: glb, to: feed, protocol: websocket}
```

## Use instead
```yaml
system: {name: Feed, expected: {session_duration_s: 3600}}
components:
  - {id: web, kind: client, reconnect: {strategy: exponential, base_ms: 1000, max_ms: 10000, jitter: 0.5}, resume: offset}
  - {id: glb, kind: load_balancer, technology: gcp_https_lb, max_duration_s: 86400}
  - {id: feed, kind: gateway, technology: ws}
links:
  - {from: web, to: glb, protocol: websocket}
  - {from: glb, to: feed, protocol: websocket}
```

## References
- AWS, API Gateway WebSocket quotas (2 h connection duration)
- Envoy, "How do I configure timeouts?" (route timeout and streaming)
- Google Cloud, backend service timeout as WebSocket lifetime (secondary sources)
"""
from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.effective import gateway_value, hop_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths, tech

PERSISTENT = {"websocket", "sse", "long_polling"}
UPGRADE_AWARE = {"envoy", "istio"}   # route timeout bounds only the upgrade response


def _recovers(clients) -> bool:
    return all(c.reconnect and c.reconnect.strategy not in (None, "none") and c.resume not in (None, "none")
               for c in clients)


@rule("LB004", "connection-lifetime-cap", "warning", checklist=("C5",))
def check(ctx: Context):
    model = ctx.model
    wanted = model.system.expected.session_duration_s
    reported: set[str] = set()
    for path in network_paths(model):
        if not (path.protocols & PERSISTENT):
            continue
        upgraded_only = path.protocols & PERSISTENT == {"websocket"}
        capped = [(hop, hop_value(hop, "max_duration_s")) for hop in path.hops]
        capped.append((path.gateway, gateway_value(path.gateway, "max_duration_s")))
        for component, cap in capped:
            if cap.value is None or component.id in reported:
                continue
            if cap.assumed and upgraded_only and tech(component) in UPGRADE_AWARE:
                continue
            short = cap.value <= 60
            if not short and (wanted is None or cap.value >= wanted):
                continue
            if not short and _recovers([path.client]):
                continue
            reported.add(component.id)
            expected = f" while sessions last {wanted:g} s" if wanted else ""
            yield Problem(
                component_path(model, component.id, "max_duration_s"),
                f"{component.id!r} ends every connection after {cap.value:g} s{expected}{cap.note()}",
                hint="raise the cap, or have clients reconnect with backoff and resume from an offset",
                severity=Severity.ERROR if short and not cap.assumed else None,
                component=component.id,
            )
