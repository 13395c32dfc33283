"""
## What it does
Notes an nginx ingress controller in front of long-lived connections.

## Why is this bad?
ingress-nginx can reload nginx on Kubernetes changes, and a reload closes the WebSockets it
holds: every deploy anywhere in the cluster can reconnect all clients at once.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ingress, kind: ingress, technology: ingress_nginx, idle_timeout_s: 3600}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: ingress, protocol: websocket}
  - {from: ingress, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ingress, kind: ingress, technology: envoy, idle_timeout_s: 3600, websocket_upgrade: true}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: ingress, protocol: websocket}
  - {from: ingress, to: ws, protocol: websocket}
```
Or keep ingress-nginx and give real-time traffic its own ingress class.

## References
- Centrifugo blog, "Scaling WebSocket in Go and beyond" (ingress reloads)
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths, tech


@rule("LB007", "ingress-reload-drops-websockets", "info", checklist=("C4",))
def check(ctx: Context):
    model = ctx.model
    seen: set[str] = set()
    for path in network_paths(model):
        if not path.protocols & {"websocket", "sse"}:
            continue
        for hop in path.hops:
            if tech(hop) == "ingress_nginx" and hop.id not in seen:
                seen.add(hop.id)
                yield Problem(
                    component_path(model, hop.id, "technology"),
                    f"{hop.id!r} is an nginx ingress: a config reload closes the long-lived "
                    "connections it holds",
                    hint="give real-time traffic a separate ingress class, or an Envoy-based ingress",
                    component=hop.id,
                )
