"""
## What it does
Flags a reverse proxy on the WebSocket path that does not forward the `Upgrade` handshake.

## Why is this bad?
`Upgrade` and `Connection` are hop-by-hop headers: a reverse proxy drops them unless told to
forward them. The handshake then fails, or the client silently falls back to long polling
and every message pays an HTTP round trip.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: nginx, kind: proxy, technology: nginx}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: nginx, protocol: websocket}
  - {from: nginx, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: nginx, kind: proxy, technology: nginx, websocket_upgrade: true}
  - {id: ws, kind: gateway, technology: ws}
links:
  - {from: web, to: nginx, protocol: websocket}
  - {from: nginx, to: ws, protocol: websocket}
```
In nginx: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
proxy_set_header Connection $connection_upgrade;`. Envoy: `upgrade_configs: websocket`.

## References
- nginx, "WebSocket proxying"
- Envoy, "HTTP upgrades"
- Cloudflare, "WebSockets"
"""

from rtdiagram.analysis.effective import hop_value
from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import network_paths, tech

NEEDS_CONFIG = {"nginx", "apache", "envoy", "haproxy", "cloudflare"}


@rule("LB003", "websocket-upgrade-not-proxied", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    reported: set[str] = set()
    for path in network_paths(model):
        if "websocket" not in path.gateway.effective_transports or "websocket" not in path.protocols:
            continue
        for hop in path.hops:
            if hop.id in reported:
                continue
            if tech(hop) not in NEEDS_CONFIG and hop.websocket_upgrade is not False:
                continue
            upgrade = hop_value(hop, "websocket_upgrade")
            if upgrade.value is False:
                reported.add(hop.id)
                yield Problem(
                    component_path(model, hop.id, "websocket_upgrade"),
                    f"{hop.id!r} is on the WebSocket path to {path.gateway.id!r} but does not "
                    f"forward the Upgrade handshake{upgrade.note()}",
                    hint="configure WebSocket proxying on it and set websocket_upgrade: true",
                    # stated false: an error; the product's default: a warning that names it
                    severity=Severity.WARNING if upgrade.assumed else None, component=hop.id,
                )
