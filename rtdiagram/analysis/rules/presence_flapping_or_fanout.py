"""
## What it does
Flags presence that reports "left" the moment a connection drops, and join/leave events
broadcast to rooms larger than the threshold (100 by default).

Satisfied by an `offline_grace_s` before a leave is announced, and for large rooms by not
broadcasting every join and leave. Severity: a stated grace of 0 is a warning; not stating
the grace is info.

## Why is this bad?
Every reconnect, network blip or deploy emits a leave and a join. Each event fans out to the
whole room, so a mass reconnect costs O(N²) messages per room exactly when the system is
under stress.

## Example
```yaml
system: {name: Chat, features: [presence]}
components:
  - {id: ws, kind: gateway, technology: ws}
  - {id: presence, kind: presence, store: redis, offline_grace_s: 0}
links:
  - {from: ws, to: presence, protocol: redis}
```

## Use instead
```yaml
system: {name: Chat, features: [presence]}
components:
  - {id: ws, kind: gateway, technology: ws}
  - {id: presence, kind: presence, store: redis, offline_grace_s: 15}
links:
  - {from: ws, to: presence, protocol: redis}
```

## References
- Ably, "Presence" (leave after a minute unresumed) and "Connection state and recovery"
- Pusher, "Presence channels" (100 members)
- Centrifugo, FAQ (presence at scale)
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


@rule("HB005", "presence-flapping-or-fanout", "warning", checklist=("C12",))
def check(ctx: Context):
    model = ctx.model
    room = model.system.expected.avg_recipients
    limit = ctx.thresholds.presence_max_room_size
    for presence in model.of_kind("presence"):
        if not presence.offline_grace_s:
            yield Problem(
                component_path(model, presence.id, "offline_grace_s"),
                f"presence {presence.id!r} reports users gone as soon as a connection drops, "
                "so every reconnect flaps leave/join" if presence.offline_grace_s == 0 else
                f"presence {presence.id!r} does not say how long it waits before reporting a "
                "disconnected user gone",
                hint="wait a grace period (10–60 s) before announcing a leave",
                severity=None if presence.offline_grace_s == 0 else Severity.INFO,
                component=presence.id,
            )
        size = presence.max_room_size or room
        if presence.join_leave_events and size and size > limit:
            yield Problem(
                component_path(model, presence.id, "join_leave_events"),
                f"presence {presence.id!r} broadcasts joins and leaves to rooms of about "
                f"{size:g} members (threshold {limit})",
                hint="debounce and batch presence diffs, or show counts only for large rooms",
                component=presence.id,
            )
