"""
## What it does
Compares the heartbeat interval with the idle timeout of every hop on the path and with the
gateway's own `idle_timeout_s`, using platform defaults where the model is silent. A broker
that clients reach directly (MQTT devices through a load balancer) is judged by its client
keep-alive (`heartbeat` on the pubsub component) the same way.

## Why is this bad?
If the heartbeat comes less often than the idle timeout, the intermediary closes the
connection first: every quiet client is disconnected on a fixed schedule. Equal values race
(a load test with a 60 s ALB and a 60 s ping saw most connections time out). Socket.IO's docs
require nginx's `proxy_read_timeout` to exceed pingInterval + pingTimeout.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: alb, kind: load_balancer, technology: alb}
  - {id: ws, kind: gateway, technology: ws, heartbeat: {mechanism: ws_ping, interval_s: 60, timeout_s: 120}}
links:
  - {from: web, to: alb, protocol: websocket}
  - {from: alb, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: alb, kind: load_balancer, technology: alb}
  - {id: ws, kind: gateway, technology: ws, heartbeat: {mechanism: ws_ping, interval_s: 25, timeout_s: 50}}
links:
  - {from: web, to: alb, protocol: websocket}
  - {from: alb, to: ws, protocol: websocket}
```

## References
- nginx, "WebSocket proxying" (60 s default); Socket.IO, "Using multiple nodes" (nginx caution)
- AWS, ALB idle timeout (60 s) and NLB TCP idle timeout (350 s)
- ingress-nginx, "WebSockets"; Heroku, "Request Timeout"
- AWS, "Connection idle timeout" for NLB listeners (MQTT keep-alive through an NLB)
"""

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.effective import Value, gateway_value, hop_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before, hops_to, tech


@rule("HB002", "heartbeat-exceeds-idle-timeout", "error", checklist=("C5",))
def check(ctx: Context):
    model = ctx.model
    margin = ctx.thresholds.heartbeat_margin
    for gateway in model.of_kind("gateway"):
        interval = gateway_value(gateway, "heartbeat_interval_s")
        mechanism = gateway_value(gateway, "heartbeat_mechanism")
        if interval.value is None or mechanism.value in (None, "none") or (
                gateway.heartbeat is not None and gateway.heartbeat.carrier == "http_call"):
            continue
        timeout = gateway_value(gateway, "heartbeat_timeout_s")
        socketio = tech(gateway) in ("socketio", "engineio")
        hops = [(hop, hop_value(hop, "idle_timeout_s")) for hop in hops_before(model, gateway)]
        hops.append((gateway, gateway_value(gateway, "idle_timeout_s")))
        for hop, idle in hops:
            if idle.value is None:
                continue
            whose = f"{hop.id!r} itself" if hop is gateway else f"{hop.id!r}"
            notes = "".join(v.note() for v in (interval, idle) if v.assumed)
            if socketio and tech(hop) in ("nginx", "ingress_nginx") and timeout.value is not None \
                    and interval.value + timeout.value >= idle.value:
                severity, what = Severity.ERROR, (
                    f"Socket.IO waits pingInterval + pingTimeout = {interval.value + timeout.value:g} s, "
                    f"not below the idle timeout of {whose}, {idle.value:g} s")
            elif judged := _judge(interval, idle, margin):
                severity, relation = judged
                what = f"heartbeat every {interval.value:g} s {relation} the idle timeout of {whose}, {idle.value:g} s"
            else:
                continue
            if severity is Severity.ERROR and (interval.assumed or idle.assumed):
                severity = Severity.WARNING  # it rests on a platform default the model did not state
            yield Problem(
                component_path(model, gateway.id, "heartbeat"),
                f"{what}{notes}",
                hint=f"send heartbeats at most every {idle.value * margin:g} s, or raise "
                f"the idle timeout of {whose}",
                severity=severity, component=gateway.id,
            )
    yield from _brokers(ctx)


def _judge(interval: Value, idle: Value, margin: float) -> tuple[Severity, str] | None:
    """How a heartbeat compares with an idle timeout: (severity, relation), or None when it is safe."""
    if interval.value >= idle.value:
        return (Severity.WARNING if interval.assumed or idle.assumed else Severity.ERROR), "is not below"
    if interval.value > idle.value * margin:
        return Severity.WARNING, "leaves little margin under"
    return None


def _brokers(ctx: Context):
    """MQTT devices keep their connection to the broker alive with the keep-alive they ask for;
    a load balancer on the way that times out first cuts every quiet device."""
    model, margin = ctx.model, ctx.thresholds.heartbeat_margin
    for broker in model.of_kind("pubsub"):
        if broker.heartbeat is None or not broker.heartbeat.interval_s or broker.heartbeat.mechanism == "none":
            continue
        interval = Value(broker.heartbeat.interval_s)
        for hop in hops_to(model, broker):
            idle = hop_value(hop, "idle_timeout_s")
            if idle.value is None or not (judged := _judge(interval, idle, margin)):
                continue
            severity, relation = judged
            yield Problem(
                component_path(model, broker.id, "heartbeat"),
                f"client keep-alive of {interval.value:g} s {relation} the idle timeout of {hop.id!r}, "
                f"{idle.value:g} s{idle.note()}",
                hint=f"have clients keep alive at most every {idle.value * margin:g} s, or raise the idle "
                f"timeout of {hop.id!r}",
                severity=severity, component=broker.id,
            )
