"""
## What it does
Flags Server-Sent Events served to browsers over HTTP/1.1.

Satisfied by HTTP/2 or 3 at the edge (`http_version: 2`, or `h2: true`), or by tabs sharing
one stream (`multi_tab_sharing: true`). Severity: a stated HTTP/1.1 edge is a warning; an
edge whose HTTP version is not stated is info.

## Why is this bad?
Over HTTP/1.1 a browser opens at most six connections per domain, across all tabs, and each
EventSource holds one for good. The seventh tab, or an ordinary request, waits. Browsers have
marked this "won't fix". Over HTTP/2 the streams share one connection (100 or more).

## Example
```yaml
system: {name: Dashboard}
components:
  - {id: web, kind: client, platform: browser}
  - {id: nginx, kind: proxy, technology: nginx, buffering: false}
  - {id: sse, kind: gateway, technology: express, transports: [sse]}
links:
  - {from: web, to: nginx, protocol: sse}
  - {from: nginx, to: sse, protocol: sse}
```

## Use instead
```yaml
system: {name: Dashboard}
components:
  - {id: web, kind: client, platform: browser}
  - {id: nginx, kind: proxy, technology: nginx, buffering: false, h2: true}
  - {id: sse, kind: gateway, technology: express, transports: [sse]}
links:
  - {from: web, to: nginx, protocol: sse}
  - {from: nginx, to: sse, protocol: sse}
```
Or share one stream between tabs (SharedWorker, BroadcastChannel: `multi_tab_sharing: true`).

## References
- MDN, EventSource (six connections per browser and domain over HTTP/1.1)
- RFC 9113 §6.5.2 (SETTINGS_MAX_CONCURRENT_STREAMS)
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths


@rule("TR003", "sse-http1-connection-cap", "warning", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    seen: set[str] = set()
    for path in network_paths(model):
        client = path.client
        if "sse" not in path.protocols or "browser" not in client.platforms or client.multi_tab_sharing:
            continue
        edge = path.hops[0] if path.hops else path.gateway
        version = getattr(edge, "http_version", None)
        if getattr(edge, "h2", None) or version in ("2", "3") or edge.id in seen:
            continue
        seen.add(edge.id)
        stated = version == "1.1" or getattr(edge, "h2", None) is False
        yield Problem(
            component_path(model, edge.id, "h2") if path.hops else component_path(model, edge.id),
            (f"browsers reach the event stream through {edge.id!r} over HTTP/1.1" if stated else
             f"the model does not say that {edge.id!r} serves the event stream over HTTP/2")
            + "; over HTTP/1.1 six connections per domain are shared by every tab",
            hint="serve the stream over HTTP/2 (h2: true), or share one stream between tabs",
            severity=None if stated else Severity.INFO, component=edge.id,
        )
