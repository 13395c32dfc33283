"""
## What it does
Flags a pub/sub broker, connection registry or presence store that runs as one instance with
no high-availability mode while several gateway nodes depend on it.

It also flags a self-hosted gateway or hop that is stated to run as one instance
(`replicas: 1`) on the only path clients have: a single hub is a single point of failure
too. These satisfy it: replicas, an HA mode (`ha: sentinel | cluster | managed |
replicated`, `cluster_mode`), or a managed service (the knowledge base says which are).
A gateway or backplane whose count and HA are unset is reported as info, saying that one
instance was assumed; a stated single instance (`replicas: 1`, `ha: none`) is a warning.

## Why is this bad?
Every cross-node message and every connection lookup goes through it. When the single Redis
restarts, broadcasts reach only the local node's clients (Socket.IO says so for its Redis
adapter), lookups fail and presence empties: the gateway tier's redundancy is moot.

## Example
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: bus, kind: pubsub, technology: redis_pubsub}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## Use instead
```yaml
system: {name: Chat, features: [rooms]}
components:
  - {id: ws, kind: gateway, technology: ws, replicas: 3}
  - {id: bus, kind: pubsub, technology: redis_pubsub, ha: sentinel}
links:
  - {from: ws, to: bus, protocol: pubsub}
```

## References
- Socket.IO, "Redis adapter": what happens when the Redis server is down
"""
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import (
    entry_of, is_managed, is_multi_node, linked, network_paths, paths_to, tech,
)
from rtdiagram.model.diagnostics import Severity

HA = {"sentinel", "cluster", "managed", "replicated"}
SHARED_STORES = {"redis", "dynamodb", "sql", "other"}


def _single(component) -> bool:
    if component.kind == "pubsub" and tech(component) in ("none", "in_memory", "managed", "google_pubsub", "sns"):
        return False
    if component.kind in ("registry", "presence") and component.store not in SHARED_STORES \
            and not component.technology:
        return False
    if getattr(component, "store", None) == "dynamodb" or tech(component) == "dynamodb":
        return False  # a managed, replicated service
    entry = entry_of(component)
    if entry is not None and entry.managed:
        return False
    if component.instance_count > 1 or getattr(component, "ha", None) in HA:
        return False
    return getattr(component, "cluster_mode", None) not in HA


def _only_path(model, component) -> bool:
    paths = network_paths(model)
    return bool(paths) and all(component in path.hops or component is path.gateway for path in paths)


@rule("FO008", "single-point-backplane", "warning", checklist=("C2",))
def check(ctx: Context):
    model = ctx.model
    reported: set[str] = set()
    for gateway in model.of_kind("gateway"):
        if is_managed(gateway):
            continue
        if not is_multi_node(gateway) and not (gateway.autoscaling and gateway.autoscaling.max):
            if paths_to(model, gateway) and _only_path(model, gateway) and gateway.id not in reported:
                reported.add(gateway.id)
                stated = gateway.replicas == 1
                yield Problem(
                    component_path(model, gateway.id, "replicas" if stated else "kind"),
                    f"gateway {gateway.id!r} is the only way clients connect and runs "
                    + ("one instance" if stated else "one instance as far as the model says "
                       "(replicas unset: assumed 1)")
                    + ": when it restarts every connection drops",
                    hint="run two or more instances behind the load balancer (or state replicas)",
                    severity=None if stated else Severity.INFO, component=gateway.id,
                )
            continue
        for hop in dict.fromkeys(h for p in paths_to(model, gateway) for h in p.hops):
            if hop.replicas == 1 and _single(hop) and _only_path(model, hop) and hop.id not in reported:
                reported.add(hop.id)
                yield Problem(
                    component_path(model, hop.id, "replicas"),
                    f"{hop.kind.replace('_', ' ')} {hop.id!r} runs one instance on the only path to "
                    f"the {gateway.nodes_text} of {gateway.id!r}",
                    hint="run it with replicas and failover, or use a managed load balancer",
                    component=hop.id,
                )
        for backplane in linked(model, gateway.id, "pubsub", "registry", "presence"):
            if backplane.id in reported or backplane.kind in ("gateway", "client") or not _single(backplane):
                continue
            reported.add(backplane.id)
            stated = backplane.replicas == 1 or getattr(backplane, "ha", None) == "none"
            yield Problem(
                component_path(model, backplane.id),
                f"{backplane.kind} {backplane.id!r} is "
                + ("a single instance with no HA" if stated else
                   "a single instance as far as the model says (replicas and ha unset: assumed one)")
                + f", and all {gateway.nodes_text} of {gateway.id!r} depend on it",
                hint="run it with replicas and failover (ha: sentinel, cluster or managed)",
                severity=None if stated else Severity.INFO, component=backplane.id,
            )
