"""
## What it does
Flags peer-to-peer mesh calls larger than the threshold (4 participants by default).

## Why is this bad?
In a mesh every participant sends its media to every other one: n(n−1)/2 connections, and
each client encodes and uploads n−1 streams. Beyond a handful of people, uplinks and CPUs
saturate.

## Example
```yaml
system: {name: Calls, webrtc: {topology: mesh, max_participants: 12, signaling: websocket}}
components:
  - {id: web, kind: client}
  - {id: signal, kind: gateway, technology: ws}
  - {id: turn, kind: turn, transports: [udp, tls]}
links:
  - {from: web, to: signal, protocol: websocket}
```

## Use instead
```yaml
system: {name: Calls, webrtc: {topology: sfu, max_participants: 12, signaling: websocket}}
components:
  - {id: web, kind: client}
  - {id: signal, kind: gateway, technology: ws}
  - {id: turn, kind: turn, transports: [udp, tls]}
links:
  - {from: web, to: signal, protocol: websocket}
```

## References
- Derived: mesh connection count n(n−1)/2 (no primary source)
"""

from rtdiagram.analysis.ruleset import Context, Problem, rule


@rule("TR007", "webrtc-mesh-large-room", "warning", checklist=("C13",))
def check(ctx: Context):
    webrtc = ctx.model.system.webrtc
    limit = ctx.thresholds.mesh_max_participants
    if webrtc and webrtc.topology == "mesh" and webrtc.max_participants and webrtc.max_participants > limit:
        n = webrtc.max_participants
        yield Problem(
            ("system", "webrtc", "topology"),
            f"a mesh call of {n} people needs {n * (n - 1) // 2} peer connections and {n - 1} "
            f"uploads per client (threshold {limit} participants)",
            hint="route media through an SFU for larger rooms",
        )
