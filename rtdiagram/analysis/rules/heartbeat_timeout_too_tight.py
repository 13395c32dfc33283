"""
## What it does
Flags a heartbeat whose dead-peer timeout is shorter than its interval.

Servers whose timeout is a deadline for the pong after each ping (Socket.IO pingTimeout,
Centrifugo pong_timeout, Python websockets ping_timeout) are not judged: a timeout shorter
than the interval is normal for them.

## Why is this bad?
A healthy connection is declared dead between two pings, and the client falls into a
reconnect loop (a SignalR report shows exactly this with a 5 s client timeout against a 12 s
keep-alive). The timeout should be about twice the interval. Socket.IO is exempt: its
pingTimeout is added to pingInterval.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: hub, kind: gateway, technology: signalr, transports: [websocket], heartbeat: {mechanism: library, interval_s: 15, timeout_s: 5}}
links:
  - {from: web, to: hub, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: hub, kind: gateway, technology: signalr, transports: [websocket], heartbeat: {mechanism: library, interval_s: 15, timeout_s: 30}}
links:
  - {from: web, to: hub, protocol: websocket}
```

## References
- Microsoft Learn, SignalR `HubOptions` (KeepAliveInterval 15 s, ClientTimeoutInterval 30 s)
- dotnet/aspnetcore#44197 (timeout shorter than keep-alive)
"""

from rtdiagram.analysis.effective import gateway_value
from rtdiagram.analysis.topology import tech
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule


# Their timeout is a pong deadline counted from each ping, not a silence window.
PONG_DEADLINE = {"socketio", "engineio", "centrifugo", "python_websockets"}


@rule("HB003", "heartbeat-timeout-too-tight", "warning", checklist=("C5",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if tech(gateway) in PONG_DEADLINE:
            continue
        interval = gateway_value(gateway, "heartbeat_interval_s")
        timeout = gateway_value(gateway, "heartbeat_timeout_s")
        if interval.value is None or timeout.value is None:
            continue
        if timeout.value < interval.value:
            yield Problem(
                component_path(model, gateway.id, "heartbeat", "timeout_s"),
                f"{gateway.id!r} declares a peer dead after {timeout.value:g} s, sooner than its "
                f"{interval.value:g} s heartbeat interval",
                hint=f"set the timeout to about twice the interval ({2 * interval.value:g} s)",
                component=gateway.id,
            )
