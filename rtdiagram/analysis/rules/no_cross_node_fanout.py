"""
## What it does
Flags a gateway that runs on several nodes and broadcasts to rooms or users, with no mechanism
carrying a message from the node it arrives on to the clients held by the others.

These mechanisms satisfy it (`fanout:` on the gateway states one; unset, it is inferred):
- `broker`: a linked pub/sub component (or a component with `roles: [pubsub]`);
- `owner_routing`: each room, document or user lives on one node and the router or load
  balancer sends its clients there (consistent hash, `affinity: consistent_hash` or `header`,
  or a stated `routing_key`);
- `registry_direct`: the publisher looks the owning node up in a registry and sends to it;
- `cluster_mesh`: in-runtime distributed pub/sub (Phoenix.PubSub, Erlang `pg`, Akka), stated
  or known from the technology;
- `managed`: a managed service that fans out for you.

A stated `fanout: none` or `single_node` on a multi-node gateway is an error; so is a stated
mechanism whose parts are missing (a broker with no pub/sub linked, registry routing with no
registry). Unset `replicas` is not a count: only a stated count, `many` or `{min: N}` above
one, or autoscaling, makes a gateway multi-node here.

## Why is this bad?
Each node only holds its own connections. A message published on node A reaches the clients
connected to node A and nobody else: with three nodes, two thirds of a room silently miss it.

## Example
```yaml
system: {name: Chat, features: [rooms, broadcast]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat, features: [rooms, broadcast]}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: bus, kind: pubsub, technology: redis_streams, ha: sentinel}
links:
  - {from: web, to: ws, protocol: websocket}
  - {from: ws, to: bus, protocol: pubsub, direction: both}
```

## References
- Socket.IO, "Using multiple nodes": forwarding messages between the servers
- Heroku Dev Center, "WebSockets on Heroku": process and application state
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import acting_as, fanout_mechanism, hops_before, is_multi_node, linked

HINT = ("state how messages cross nodes: link a pub/sub (Redis Streams, NATS, Kafka…), route "
        "each room to one owning node (fanout: owner_routing), send through the registry to "
        "the owning node (fanout: registry_direct), or use the runtime's cluster pub/sub "
        "(fanout: cluster_mesh)")


def needs_fanout(model) -> bool:
    return bool(set(model.system.features) & {"broadcast", "rooms", "user_push"}) or bool(model.channels)


def _missing_parts(model, gateway, mechanism: str) -> str | None:
    if mechanism == "broker" and not linked(model, gateway.id, "pubsub"):
        return "states fanout: broker, but no pub/sub component is linked to it"
    if mechanism == "registry_direct" and not acting_as(model, "registry"):
        return "states fanout: registry_direct, but the model has no registry to look owners up in"
    if mechanism == "owner_routing" and not gateway.routing_key and not any(
            hop.affinity in ("consistent_hash", "header") for hop in hops_before(model, gateway)):
        return None  # routing may live in the application; nothing contradicts it
    return None


@rule("FO001", "no-cross-node-fanout", "error", checklist=("C2",))
def check(ctx: Context):
    model = ctx.model
    if not needs_fanout(model):
        return
    for gateway in model.of_kind("gateway"):
        if not is_multi_node(gateway):
            continue
        mechanism, _ = fanout_mechanism(model, gateway)
        if mechanism in ("none", "single_node"):
            yield Problem(
                component_path(model, gateway.id, "fanout"),
                f"gateway {gateway.id!r} runs {gateway.nodes_text} but states fanout: "
                f"{mechanism}, so a broadcast reaches only the clients of the node it arrives on",
                hint=HINT, component=gateway.id,
            )
        elif mechanism is None:
            yield Problem(
                component_path(model, gateway.id, "replicas"),
                f"gateway {gateway.id!r} runs {gateway.nodes_text}, but nothing carries a "
                "broadcast from one node to the clients of the others",
                hint=HINT, component=gateway.id,
            )
        else:
            missing = _missing_parts(model, gateway, mechanism)
            if missing:
                yield Problem(component_path(model, gateway.id, "fanout"),
                              f"gateway {gateway.id!r} {missing}", hint=HINT, component=gateway.id)
