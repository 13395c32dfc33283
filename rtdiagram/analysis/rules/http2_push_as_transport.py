"""
## What it does
Flags HTTP/2 server push listed as a real-time transport.

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


@rule("TR005", "http2-push-as-transport", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if gateway.transports and "http2_push" in gateway.transports:
            yield Problem(
                component_path(model, gateway.id, "transports", gateway.transports.index("http2_push")),
                f"{gateway.id!r} lists HTTP/2 server push as a transport, but browsers never "
                "deliver pushes to page code and Chrome has removed it",
                hint="use SSE over HTTP/2 or HTTP/3, WebSocket, or WebTransport",
                component=gateway.id,
            )
