"""
## What it does
Checks how a multi-node gateway drains its connections on deploy: that draining is on, fits
inside the termination grace period and the balancer's deregistration delay, and closes with
a "going away" code.

Satisfied by `drain: {enabled: true}` with a drain time inside the grace period and the
balancer's deregistration delay, closing with 1012 or 1001. Managed services drain for you.
Severity: `drain: none` (or `enabled: false`) on a multi-node gateway is an error; saying
nothing about draining is info; a drain longer than an assumed grace period or
deregistration delay is a warning naming the default, and longer than a stated one an error.

## Why is this bad?
Long-lived sockets never finish on their own. On deploy a pod gets SIGTERM and, when the grace
period ends (30 s by default on Kubernetes), SIGKILL: every socket drops at once and all
clients reconnect together. A drain longer than the grace period is cut short; one longer
than the deregistration delay sends clients errors.

## Example
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3, drain: {enabled: true, timeout_s: 60}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## Use instead
```yaml
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: ws, kind: gateway, technology: ws, replicas: 3, termination_grace_period_s: 90, drain: {enabled: true, timeout_s: 60, close_code: 1012}}
links:
  - {from: web, to: ws, protocol: websocket}
```

## References
- Kubernetes, "Termination of Pods" (grace period default 30 s)
- AWS, ALB target group attributes (deregistration delay 300 s)
- RFC 6455 §7.4.1 and the IANA close-code registry (1001 Going Away, 1012 Service Restart)
"""

from rtdiagram.knowledge.defaults import K8S_GRACE_PERIOD, describe
from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.effective import hop_value
from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import hops_before, is_multi_node


@rule("LB005", "drain-misconfigured", "warning", checklist=("C4",))
def check(ctx: Context):
    model = ctx.model
    for gateway in model.of_kind("gateway"):
        if not is_multi_node(gateway):
            continue
        drain = gateway.drain
        if drain is None or not drain.enabled:
            stated = drain is not None and drain.enabled is False
            yield Problem(
                component_path(model, gateway.id, "drain"),
                f"gateway {gateway.id!r} runs {gateway.nodes_text} but "
                + ("states that it does not drain connections on deploy" if stated else
                   "does not say whether it drains connections on deploy"),
                hint="on SIGTERM stop accepting, then close sockets in waves with code 1012 "
                "(drain: {enabled: true, timeout_s: 20, close_code: 1012})",
                severity=Severity.ERROR if stated else Severity.INFO, component=gateway.id,
            )
            continue
        if drain.timeout_s is not None:
            grace = gateway.termination_grace_period_s
            note = "" if grace is not None else f" ({describe(K8S_GRACE_PERIOD, ' s')})"
            grace = grace if grace is not None else K8S_GRACE_PERIOD.value
            if drain.timeout_s > grace:
                yield Problem(
                    component_path(model, gateway.id, "drain", "timeout_s"),
                    f"drain of {gateway.id!r} takes {drain.timeout_s:g} s but the process is "
                    f"killed after {grace:g} s{note}",
                    hint="set termination_grace_period_s above the drain time (plus any preStop)",
                    severity=Severity.ERROR, component=gateway.id,
                )
            for hop in hops_before(model, gateway):
                delay = hop_value(hop, "deregistration_delay_s")
                if delay.value is not None and drain.timeout_s > delay.value:
                    yield Problem(
                        component_path(model, gateway.id, "drain", "timeout_s"),
                        f"drain of {gateway.id!r} takes {drain.timeout_s:g} s, longer than "
                        f"the deregistration delay of {hop.id!r}, {delay.value:g} s{delay.note()}",
                        hint="align the balancer's deregistration delay with the drain time",
                        component=gateway.id,
                    )
        if drain.close_code not in (1001, 1012):
            shown = drain.close_code if drain.close_code is not None else "no close code"
            yield Problem(
                component_path(model, gateway.id, "drain"),
                f"drain of {gateway.id!r} closes with {shown}; clients cannot tell a restart from an error",
                hint="close with 1012 (Service Restart) or 1001 (Going Away)",
                severity=Severity.INFO, component=gateway.id,
            )
