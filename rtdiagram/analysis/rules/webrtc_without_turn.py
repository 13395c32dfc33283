"""
## What it does
Flags WebRTC without a TURN relay, a TURN relay reachable only over UDP, or WebRTC with no
signalling channel.

## Why is this bad?
A direct peer-to-peer path is often impossible: symmetric NAT, carrier-grade NAT and
firewalls that block UDP defeat STUN. Field data puts the share of calls that need a relay
around 10–20 %. Those calls simply fail without TURN, and corporate networks often allow only
TCP/TLS on port 443. WebRTC also defines no signalling: something must carry the offers.

## Example
```yaml
system: {name: Calls, webrtc: {topology: sfu, signaling: websocket}}
components:
  - {id: web, kind: client}
  - {id: signal, kind: gateway, technology: ws, transports: [websocket, webrtc]}
  - {id: stun, kind: stun}
links:
  - {from: web, to: signal, protocol: websocket}
  - {from: web, to: stun, protocol: udp}
```

## Use instead
```yaml
system: {name: Calls, webrtc: {topology: sfu, signaling: websocket}}
components:
  - {id: web, kind: client}
  - {id: signal, kind: gateway, technology: ws, transports: [websocket, webrtc]}
  - {id: turn, kind: turn, technology: coturn, transports: [udp, tcp, tls], port: 443}
links:
  - {from: web, to: signal, protocol: websocket}
  - {from: web, to: turn, protocol: udp}
```

## References
- webrtc.org, "TURN server"
- Relay-share estimates from open-easyrtc and callstats (field data)
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


def uses_webrtc(model) -> bool:
    return (model.system.webrtc is not None
            or any(l.protocol == "webrtc" for l in model.links)
            or any("webrtc" in g.effective_transports for g in model.of_kind("gateway")))


@rule("TR006", "webrtc-without-turn", "error", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    if not uses_webrtc(model):
        return
    turns = model.of_kind("turn")
    if not turns:
        yield Problem(
            ("system", "webrtc") if model.system.webrtc else ("components",),
            "WebRTC is used but there is no TURN relay, so calls behind symmetric NAT or "
            "UDP-blocking firewalls fail",
            hint="add a turn component (coturn or a managed service) over UDP and TCP/TLS on 443",
        )
    for turn in turns:
        if not set(turn.transports) & {"tcp", "tls"}:
            yield Problem(
                component_path(model, turn.id, "transports"),
                f"TURN relay {turn.id!r} offers only UDP; networks that block UDP cannot reach it",
                hint="also offer TURN over TCP and TLS on port 443",
                severity=Severity.WARNING, component=turn.id,
            )
    signaling = model.system.webrtc.signaling if model.system.webrtc else None
    if signaling == "none":
        yield Problem(
            ("system", "webrtc", "signaling"),
            "WebRTC has no signalling channel to exchange offers and ICE candidates",
            hint="carry signalling over the WebSocket or an HTTP endpoint",
            severity=Severity.WARNING,
        )
