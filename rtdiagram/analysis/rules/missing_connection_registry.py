"""
## What it does
Flags designs that send to particular users or connections across several gateway nodes (or
through API Gateway WebSocket) with no shared connection registry.

These satisfy it:
- a shared registry: a `registry` component (or any component with `roles: [registry]`) in
  Redis, DynamoDB, SQL or another stated store;
- delivery to every node: a broker or cluster mesh fan-out (`fanout: broker` /
  `cluster_mesh`, or a linked pub/sub) — each node receives the message for user U and
  delivers it to U's local connections, so nobody needs to know where U is;
- owner routing (`fanout: owner_routing`): the user's node follows from their id;
- a managed service that addresses users itself (`fanout: managed`, Ably, Pusher, Azure
  Web PubSub…).

API Gateway WebSocket is the exception: it can only send to a connection id that the
application stored, so it always needs a registry.

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
from rtdiagram.analysis.topology import acting_as, fanout_mechanism, is_multi_node, targeted_delivery, tech
from rtdiagram.analysis.rules.no_cross_node_fanout import needs_fanout

SHARED = {"redis", "dynamodb", "sql", "other"}
EVERY_NODE = {"broker", "cluster_mesh", "owner_routing", "managed"}


def _shared(component) -> bool:
    if component.kind != "registry":
        return True  # a datastore or broker that states the registry role is shared by nature
    store = component.store
    return store in SHARED or (store is None and bool(component.technology))


@rule("CR002", "missing-connection-registry", "error", checklist=("C3",))
def check(ctx: Context):
    model = ctx.model
    if any(_shared(r) for r in acting_as(model, "registry")):
        return
    for gateway in model.of_kind("gateway"):
        apigw = tech(gateway) == "apigw_websocket"
        if not (apigw and needs_fanout(model) or is_multi_node(gateway) and targeted_delivery(model)):
            continue
        mechanism, _ = fanout_mechanism(model, gateway)
        if not apigw and mechanism in EVERY_NODE:
            continue
        yield Problem(
            component_path(model, gateway.id),
            f"messages go to particular users or connections through {gateway.id!r}, but no "
            "shared registry maps users to connections"
            + (" (API Gateway needs the connection ids to send)" if apigw else
               f" across its {gateway.nodes_text}, and no fan-out reaches every node"),
            hint="add a registry (Redis or DynamoDB) with a TTL linked to the gateway, or deliver "
            "through a pub/sub channel per user that every node subscribes to",
            component=gateway.id,
        )
