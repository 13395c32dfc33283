"""
## What it does
Flags HTTP/2 server push listed as a real-time transport.

It reads every place push can be configured: a gateway transport, and `server_push: true`
on a gateway or on a hop (a proxy or CDN that pushes). Nothing satisfies it but not using
push for real-time data: SSE over HTTP/2 or 3, WebSocket or WebTransport.

## Why is this bad?
Server push never reached page JavaScript: pushed responses land in a cache the page may or
may not use. Chrome disabled it in version 106, most HTTP/3 stacks never implemented it, and
nginx removed it in 1.25.1.

## Example
```yaml
system: {name: Feed}
components:
  - {id: web, kind: client}
  - {id: feed, kind: gateway, technology: custom, transports: [http2_push]}
links:
  - {from: web, to: feed, protocol: http}
```

## Use instead
```yaml
system: {name: Feed}
components:
  - {id: web, kind: client}
  - {id: feed, kind: gateway, technology: custom, transports: [sse], heartbeat: {mechanism: sse_comment, interval_s: 15}, sse: {event_ids: true}}
links:
  - {from: web, to: feed, protocol: sse}
```

## References
- Chrome for Developers, "Removing HTTP/2 Server Push from Chrome"
- Jake Archibald, "HTTP/2 push is tougher than I thought"
"""
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.model.components import HOP_KINDS

WHY = "browsers never deliver pushes to page code and Chrome has removed push"


@rule("TR005", "http2-push-as-transport", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    for component in model.components:
        if component.kind == "gateway" and component.transports and "http2_push" in component.transports:
            yield Problem(
                component_path(model, component.id, "transports", component.transports.index("http2_push")),
                f"{component.id!r} lists HTTP/2 server push as a transport, but {WHY}",
                hint="use SSE over HTTP/2 or HTTP/3, WebSocket, or WebTransport",
                component=component.id,
            )
        elif (component.kind == "gateway" or component.kind in HOP_KINDS) and component.server_push:
            yield Problem(
                component_path(model, component.id, "server_push"),
                f"{component.id!r} has HTTP/2 server push configured, but {WHY}: pushed "
                "events never reach the application",
                hint="turn push off and stream events over SSE (HTTP/2 or 3) or WebSocket",
                component=component.id,
            )
