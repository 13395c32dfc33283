"""
## What it does
Notes WebSockets proxied through Cloudflare.

## Why is this bad?
Cloudflare restarts edge servers when it releases code, which terminates WebSocket
connections. Clients must reconnect with jitter and resume, or those restarts become outages.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: cf, kind: cdn, technology: cloudflare}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: cf, protocol: websocket}
  - {from: cf, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client, reconnect: {strategy: exponential, base_ms: 1000, max_ms: 10000, jitter: 0.5}, resume: offset}
  - {id: cf, kind: cdn, technology: cloudflare}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: cf, protocol: websocket}
  - {from: cf, to: ws, protocol: websocket}
```

## References
- Cloudflare, "WebSockets" (restarts terminate connections)
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths, tech


@rule("LB009", "cdn-restarts-drop-connections", "info", checklist=("C6",))
def check(ctx: Context):
    model = ctx.model
    seen: set[str] = set()
    for path in network_paths(model):
        client = path.client
        recovers = (client.reconnect and client.reconnect.strategy == "exponential"
                    and client.resume not in (None, "none"))
        if "websocket" not in path.protocols or recovers:
            continue
        for hop in path.hops:
            if tech(hop) == "cloudflare" and hop.id not in seen:
                seen.add(hop.id)
                yield Problem(
                    component_path(model, hop.id, "technology"),
                    f"{hop.id!r} (Cloudflare) restarts edge servers, dropping WebSockets, and "
                    f"client {client.id!r} does not both back off and resume",
                    hint="give clients exponential backoff with jitter and resume from an offset",
                    component=hop.id,
                )
