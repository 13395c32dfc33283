"""
## What it does
Flags designs that send client-to-server messages over Server-Sent Events: an SSE link drawn
from the client's side, or an SSE-only gateway in a system where clients publish, with no
other channel from the client.

## Why is this bad?
SSE is one-way: the server writes, the client reads. Client messages need a separate HTTP
request (or a WebSocket). A design that assumes otherwise has no path for half its traffic.

## Example
```yaml
system: {name: Chat, features: [client_publish]}
components:
  - {id: web, kind: client}
  - {id: feed, kind: gateway, technology: express, transports: [sse]}
links:
  - {from: web, to: feed, protocol: sse}
```

## Use instead
```yaml
system: {name: Chat, features: [client_publish]}
components:
  - {id: web, kind: client}
  - {id: feed, kind: gateway, technology: express, transports: [sse]}
links:
  - {from: web, to: feed, protocol: sse}
  - {from: web, to: feed, protocol: http, label: POST /messages}
```

## References
- WHATWG HTML, server-sent events (server-to-client only)
- The seed article's transport comparison
"""

from rtdiagram.analysis.ruleset import Context, Problem, link_path, rule

TWO_WAY = {"http", "grpc", "websocket", "long_polling", "webrtc", "tcp", "udp"}


@rule("TR008", "sse-used-for-client-to-server", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    for link in model.links:
        if link.protocol == "sse" and link.direction in ("forward", "both") \
                and model.by_id[link.from_].kind == "client":
            yield Problem(
                link_path(model, link, "direction"),
                f"SSE link {link.from_!r} → {link.to!r} carries data from the client, but SSE "
                "only goes from server to client",
                hint="send client messages over HTTP POST or a WebSocket; draw SSE as server → client",
                link=(link.from_, link.to), component=link.from_,
            )
    publishes = "client_publish" in model.system.features or (
        model.system.expected.client_msgs_per_s_per_conn or 0) > 0
    if not publishes:
        return
    for client in model.of_kind("client"):
        outgoing = model.links_from(client.id)
        sse_only = [l for l in outgoing if l.protocol == "sse"]
        if sse_only and not any(l.protocol in TWO_WAY for l in outgoing):
            yield Problem(
                link_path(model, sse_only[0]),
                f"client {client.id!r} publishes messages but its only connection is SSE, "
                "which cannot carry them",
                hint="add an HTTP (or WebSocket) link for client → server messages",
                component=client.id, link=(sse_only[0].from_, sse_only[0].to),
            )
