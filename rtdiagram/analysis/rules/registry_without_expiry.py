"""
## What it does
Flags a shared connection registry whose entries never expire, or that relies only on
disconnect events to remove them.

These satisfy it (`cleanup:` takes one mode or a list): `ttl` (a stated `ttl_s` is
optional — an expiry whose value the model does not give still expires), `on_send_failure`
(a send that answers 410 Gone / GoneException removes the entry), and `node_sweep` (a job
removes the entries of dead nodes). `on_disconnect` alone is not enough. Components that
state `roles: [registry]` are judged too.

Severity: a stated cleanup that only reacts to disconnect events is an error; saying nothing
about cleanup is info. DynamoDB TTL read without filtering expired items is a warning.

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
from rtdiagram.analysis.topology import acting_as, tech
from rtdiagram.model.diagnostics import Severity

SHARED = {"redis", "dynamodb", "sql", "other"}
ENOUGH = {"ttl", "on_send_failure", "node_sweep"}
HINT = ("refresh a TTL with the heartbeat (about 2–3 × the interval), delete ids that answer "
        "410 Gone, and sweep entries of dead nodes")


@rule("CR001", "registry-without-expiry", "warning", checklist=("C3",))
def check(ctx: Context):
    model = ctx.model
    for registry in acting_as(model, "registry"):
        store = getattr(registry, "store", None) or tech(registry)
        if registry.kind == "registry" and store not in SHARED and not registry.technology:
            continue
        modes = getattr(registry, "cleanup_modes", frozenset())
        ttl = getattr(registry, "ttl_s", None)
        if ttl is not None or modes & ENOUGH:
            if store == "dynamodb" and ("ttl" in modes or ttl is not None) and not registry.filter_expired_on_read:
                yield Problem(
                    component_path(model, registry.id, "ttl_s" if ttl is not None else "cleanup"),
                    f"registry {registry.id!r} relies on DynamoDB TTL, which deletes late: expired "
                    "connections still appear in reads",
                    hint="filter on ttl > now when reading (filter_expired_on_read: true)",
                    component=registry.id,
                )
            continue
        if modes:
            yield Problem(
                component_path(model, registry.id, "cleanup"),
                f"registry {registry.id!r}: only disconnect events remove entries, so connections "
                "that die without a clean disconnect stay listed forever",
                hint=HINT, severity=Severity.ERROR, component=registry.id,
            )
        else:
            yield Problem(
                component_path(model, registry.id, "store" if registry.kind == "registry" else "roles"),
                f"registry {registry.id!r} does not say how entries of dead connections go away "
                "(no ttl_s or cleanup)",
                hint=HINT, severity=Severity.INFO, component=registry.id,
            )
