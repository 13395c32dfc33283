"""
## What it does
Notes fan-out through API Gateway WebSocket, which has no broadcast: every recipient is a
separate `POST @connections/{id}` call.

## Why is this bad?
API calls per second equal deliveries per second (publishes × recipients). The sender pays
the latency and cost of each call, and connection ids that went away answer 410 Gone.

## Example
```yaml
system: {name: Game, features: [rooms], expected: {publish_rate_per_s: 100, avg_recipients: 50}}
components:
  - {id: player, kind: client}
  - {id: apigw, kind: gateway, technology: apigw_websocket}
links:
  - {from: player, to: apigw, protocol: websocket}
```

## Use instead
```yaml
system: {name: Game, features: [rooms], expected: {publish_rate_per_s: 100, avg_recipients: 50}}
components:
  - {id: player, kind: client}
  - {id: hub, kind: gateway, technology: centrifugo, replicas: 2}
  - {id: bus, kind: pubsub, technology: redis_streams, ha: sentinel}
links:
  - {from: player, to: hub, protocol: websocket}
  - {from: hub, to: bus, protocol: pubsub}
```
Or keep API Gateway and budget the calls: batch sends, and delete ids on 410.

## References
- AWS, API Gateway WebSocket: `@connections` API and 410 GoneException
"""

from rtdiagram.analysis.capacity import deliveries_per_s
from rtdiagram.analysis.topology import tech
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.rules.no_cross_node_fanout import needs_fanout


@rule("FO007", "apigw-no-broadcast", "info", checklist=("C2",))
def check(ctx: Context):
    model = ctx.model
    if not needs_fanout(model):
        return
    deliveries = deliveries_per_s(model)
    for gateway in model.of_kind("gateway"):
        if tech(gateway) != "apigw_websocket":
            continue
        rate = f": about {deliveries:,.0f} calls/s at the expected load" if deliveries else ""
        yield Problem(
            component_path(model, gateway.id, "technology"),
            f"{gateway.id!r} has no broadcast; each recipient costs one @connections call{rate}",
            hint="budget the calls, send in parallel, and delete connection ids that answer 410 Gone",
            component=gateway.id,
        )
