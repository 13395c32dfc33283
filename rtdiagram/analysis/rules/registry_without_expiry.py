"""
## What it does
Flags a shared connection registry whose entries never expire, or that relies only on
disconnect events to remove them.

## Why is this bad?
Disconnect callbacks are not guaranteed: a node crashes, the network drops, and API Gateway's
`$disconnect` is explicitly best-effort. Entries leak, and sends go to connections that no
longer exist (410 Gone). DynamoDB's TTL deletes items "typically within two days" and expired
items still come back in reads.

## Example
```yaml
system: {name: Game}
components:
  - {id: apigw, kind: gateway, technology: apigw_websocket}
  - {id: connections, kind: registry, store: dynamodb, cleanup: on_disconnect_only}
links:
  - {from: apigw, to: connections, protocol: dynamodb}
```

## Use instead
```yaml
system: {name: Game}
components:
  - {id: apigw, kind: gateway, technology: apigw_websocket}
  - {id: connections, kind: registry, store: dynamodb, ttl_s: 7500, cleanup: ttl_and_disconnect, filter_expired_on_read: true}
links:
  - {from: apigw, to: connections, protocol: dynamodb}
```

## References
- AWS, API Gateway WebSocket `$connect`/`$disconnect` route keys ($disconnect is best-effort)
- AWS, DynamoDB TTL: expired items
- Centrifugo, FAQ: disconnect hooks
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule

SHARED = {"redis", "dynamodb", "sql"}


@rule("CR001", "registry-without-expiry", "warning", checklist=("C3",))
def check(ctx: Context):
    model = ctx.model
    for registry in model.of_kind("registry"):
        if registry.store not in SHARED:
            continue
        if registry.ttl_s is None or registry.cleanup == "on_disconnect_only":
            why = ("only disconnect events remove entries" if registry.cleanup == "on_disconnect_only"
                   else "entries have no TTL")
            yield Problem(
                component_path(model, registry.id, "cleanup" if registry.cleanup else "store"),
                f"registry {registry.id!r}: {why}, so connections that die without a clean "
                "disconnect stay listed forever",
                hint="refresh a TTL with the heartbeat (about 2–3 × the interval), delete ids "
                "that answer 410 Gone, and sweep entries of dead nodes",
                component=registry.id,
            )
        elif registry.store == "dynamodb" and not registry.filter_expired_on_read:
            yield Problem(
                component_path(model, registry.id, "ttl_s"),
                f"registry {registry.id!r} relies on DynamoDB TTL, which deletes late: expired "
                "connections still appear in reads",
                hint="filter on ttl > now when reading (filter_expired_on_read: true)",
                component=registry.id,
            )
