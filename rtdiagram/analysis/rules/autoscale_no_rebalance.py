"""
## What it does
Notes an autoscaled gateway whose long-lived connections are never moved to new nodes.

## Why is this bad?
A connection stays on the node that accepted it until it closes. After a scale-out the new
nodes receive only new connections, while the old ones stay hot; scaling on CPU makes it
worse. Envoy's `max_connection_duration` exists precisely to rebalance such connections.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 2, autoscaling: {min: 2, max: 10, metric: cpu}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: lb, kind: load_balancer, technology: envoy, max_duration_s: 3600, websocket_upgrade: true}
  - {id: ws, kind: gateway, technology: ws, replicas: 2, autoscaling: {min: 2, max: 10, metric: connections}}
links:
  - {from: web, to: lb, protocol: websocket}
  - {from: lb, to: ws, protocol: websocket}
```

## References
- Envoy, "How do I configure timeouts?" (max_connection_duration to rebalance)
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before, is_managed


@rule("LB006", "autoscale-no-rebalance", "info", checklist=("C9",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        scaling = gateway.autoscaling
        if is_managed(gateway) or not scaling or not scaling.max or scaling.max <= gateway.instance_count:
            continue
        if any(hop.max_duration_s for hop in hops_before(model, gateway)):
            continue
        metric = f" and scales on {scaling.metric}" if scaling.metric and scaling.metric != "connections" else ""
        yield Problem(
            component_path(model, gateway.id, "autoscaling"),
            f"gateway {gateway.id!r} autoscales{metric}, but nothing moves existing connections "
            "to new nodes",
            hint="scale on connection count and cap connection lifetime at a hop (e.g. Envoy "
            "max_connection_duration) so clients rebalance",
            component=gateway.id,
        )
