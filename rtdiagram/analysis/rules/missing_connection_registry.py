"""
## What it does
Flags designs that send to particular users or connections across several gateway nodes (or
through API Gateway WebSocket) with no shared connection registry.

## Why is this bad?
To push to user U the application must know which connections U holds and where. With
several nodes an in-process map only knows the local connections; API Gateway needs the
connection ids stored somewhere before it can `POST @connections/{id}`.

## Example
```yaml
system: {name: Notifications, features: [user_push]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Notifications, features: [user_push]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: registry, kind: registry, store: redis, ttl_s: 90, cleanup: ttl_and_disconnect}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: registry, protocol: redis}
```

## References
- The seed article's horizontal-scaling challenges: connection registry
- AWS, API Gateway WebSocket `@connections` API
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import is_multi_node, targeted_delivery
from rtdiagram.analysis.rules.no_cross_node_fanout import needs_fanout

SHARED = {"redis", "dynamodb", "sql", "other"}


@rule("CR002", "missing-connection-registry", "error", checklist=("C3",))
def check(ctx: Context):
    model = ctx.model
    shared = [r for r in model.of_kind("registry") if r.store in SHARED or (r.store is None and r.technology)]
    if shared:
        return
    for gateway in model.of_kind("gateway"):
        apigw = gateway.technology == "apigw_websocket"
        if apigw and needs_fanout(model) or is_multi_node(gateway) and targeted_delivery(model):
            yield Problem(
                component_path(model, gateway.id),
                f"messages go to particular users or connections through {gateway.id!r}, but no "
                "shared registry maps users to connections"
                + (" (API Gateway needs the connection ids to send)" if apigw else
                   f" across its {gateway.max_instances} nodes"),
                hint="add a registry component (Redis or DynamoDB) with a TTL, linked to the gateway",
                component=gateway.id,
            )
