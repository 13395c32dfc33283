"""
## What it does
Reports a `technology:` the knowledge base does not know (see `rtdiagram tech`).

The name is kept as written and drawn on the diagram, but no documented defaults are known
for it — no heartbeat, idle timeout or lifetime cap is assumed — so rules use only what the
model states. One info finding per distinct name; clients, externals and monitoring are not
reported (no rule reads defaults for them). Known names match case-insensitively and
through aliases ("Socket.IO", "AWS ALB", "redis streams"); the generic words of version 1
(`custom`, `other`, `in_memory`, `managed`, `none`) are not reported.

## Why is this bad?
It is not bad in itself. It tells the reviewer that findings about timeouts and heartbeats
for this component rest only on stated values, so unstated ones are not checked.

## Example
```yaml
system: {name: Feed}
components:
  - {id: hub, kind: gateway, technology: Acme Realtime Server}
```

## Use instead
```yaml
system: {name: Feed}
components:
  - {id: hub, kind: gateway, technology: Centrifugo}
```

## References
- rtdiagram knowledge base: rtdiagram/knowledge/technologies.yaml (`rtdiagram tech`)
"""

from rtdiagram.analysis.ruleset import Context, Problem, component_path, rule
from rtdiagram.analysis.topology import tech


NOT_JUDGED = {"client", "external", "monitoring"}   # their technology sets no default lint uses


@rule("TR010", "unknown-technology", "info", checklist=("C13",))
def check(ctx: Context):
    model = ctx.model
    seen: set[str] = set()
    for component in model.components:
        if component.kind in NOT_JUDGED:
            continue
        text = component.technology
        if not text or tech(component) is not None or text.lower() in seen:
            continue
        seen.add(text.lower())
        yield Problem(
            component_path(model, component.id, "technology"),
            f"technology {text!r} of {component.id!r} is not in the knowledge base: no documented "
            "defaults are known, so rules use only what the model states",
            hint="check the spelling against `rtdiagram tech`, or state the timeouts and heartbeat",
            component=component.id,
        )
