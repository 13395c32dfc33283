"""
## What it does
Flags an nginx ingress controller that sits behind a cloud load balancer terminating HTTP.

## Why is this bad?
ingress-nginx's own guidance is that the protocol between the cloud load balancer and NGINX
must be TCP for WebSockets: an HTTP listener in front adds its own idle timeout and upgrade
handling, and two layers of HTTP timeouts must then be aligned.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: alb, kind: load_balancer, technology: alb, idle_timeout_s: 3600}
  - {id: ingress, kind: ingress, technology: ingress_nginx, idle_timeout_s: 3600}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: alb, protocol: websocket}
  - {from: alb, to: ingress, protocol: websocket}
  - {from: ingress, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: nlb, kind: load_balancer, technology: nlb, idle_timeout_s: 3600}
  - {id: ingress, kind: ingress, technology: ingress_nginx, idle_timeout_s: 3600}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: nlb, protocol: websocket}
  - {from: nlb, to: ingress, protocol: websocket}
  - {from: ingress, to: ws, protocol: websocket}
```

## References
- ingress-nginx, "Miscellaneous → WebSockets"
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths, tech

HTTP_LBS = {"alb", "gcp_https_lb", "azure_appgw", "clb"}


@rule("LB008", "ingress-behind-l4-must-be-tcp", "warning", checklist=("C5",))
def check(ctx: Context):
    model = ctx.model
    seen: set[str] = set()
    for path in network_paths(model):
        for before, hop in zip(path.hops, path.hops[1:]):
            if tech(hop) == "ingress_nginx" and tech(before) in HTTP_LBS and hop.id not in seen:
                seen.add(hop.id)
                yield Problem(
                    component_path(model, hop.id, "technology"),
                    f"nginx ingress {hop.id!r} sits behind {before.id!r}, an HTTP load balancer",
                    hint="put a TCP (layer 4) load balancer such as an NLB in front of the ingress",
                    component=hop.id,
                )
