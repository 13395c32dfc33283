"""
## What it does
Flags session affinity that will not hold: IP hashing behind another proxy, or cookie
stickiness for clients that do not send the cookie back.

## Why is this bad?
Behind a proxy or CDN every request arrives from the proxy's address, so IP hashing sends all
users to one backend (nginx's `ip_hash` also keys on only three octets). A stickiness cookie
only works when the client keeps and returns it: native mobile and server clients often have
no cookie jar, and cross-origin browsers send it only with credentials enabled.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: cdn, kind: cdn, technology: cloudflare}
  - {id: nginx, kind: proxy, technology: nginx, affinity: ip_hash, websocket_upgrade: true}
  - {id: ws, kind: gateway, technology: socketio, replicas: 2}
links:
  - {from: web, to: cdn, protocol: websocket}
  - {from: cdn, to: nginx, protocol: websocket}
  - {from: nginx, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: cdn, kind: cdn, technology: cloudflare}
  - {id: nginx, kind: proxy, technology: nginx, affinity: ip_hash, hash_on_forwarded_ip: true, websocket_upgrade: true}
  - {id: ws, kind: gateway, technology: socketio, replicas: 2}
links:
  - {from: web, to: cdn, protocol: websocket}
  - {from: cdn, to: nginx, protocol: websocket}
  - {from: nginx, to: ws, protocol: websocket}
```

## References
- Socket.IO, "Using multiple nodes": nginx and ingress sections, CORS note
- Microsoft Learn, SignalR security: credentials must be allowed for cookie-based sticky sessions
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths


@rule("LB002", "affinity-mechanism-fragile", "warning", checklist=("C1",))
def check(ctx: Context):
    model = ctx.model
    reported: set[tuple[str, str]] = set()
    for path in network_paths(model):
        for position, hop in enumerate(path.hops):
            key = None
            if hop.affinity == "ip_hash" and position > 0 and not hop.hash_on_forwarded_ip:
                key = (hop.id, "ip")
                message = (f"{hop.id!r} hashes on the client IP, but it sits behind "
                           f"{path.hops[position - 1].id!r}, so every request carries that proxy's address")
                hint = "hash on X-Forwarded-For (hash_on_forwarded_ip: true), or use cookie affinity"
            elif hop.affinity == "cookie" and set(path.client.platforms) & {"mobile", "server"}:
                key = (hop.id, f"cookie-{path.client.id}")
                message = (f"{hop.id!r} uses cookie affinity, but client {path.client.id!r} is a "
                           f"{path.client.platform} client that may not keep cookies")
                hint = "persist the balancer's cookie in the client, or make it WebSocket-only"
            elif hop.affinity == "cookie" and path.client.with_credentials is False:
                key = (hop.id, f"credentials-{path.client.id}")
                message = (f"{hop.id!r} uses cookie affinity, but client {path.client.id!r} sends "
                           "cross-origin requests without credentials, so the cookie never comes back")
                hint = "enable withCredentials on the client and CORS credentials on the server"
            if key and key not in reported:
                reported.add(key)
                yield Problem(component_path(model, hop.id, "affinity"), message, hint=hint,
                              component=hop.id)
