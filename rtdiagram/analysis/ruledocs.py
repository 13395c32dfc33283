"""Rule documentation for people: the `rules` table, `explain`, and docs/rules.md."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from rtdiagram.model.errors import ConfigError
from rtdiagram.analysis.ruleset import META, Rule
from rtdiagram.analysis.catalogue import all_rules, find_rule
from rtdiagram.analysis.formats import rule_url
from rtdiagram.model.suggest import hint

CATEGORIES = {
    "LB": "Load balancing, proxies and deploys", "FO": "Fan-out and pub/sub",
    "CR": "Connection registry", "AU": "Authentication and authorisation",
    "HB": "Heartbeats, presence and reconnects", "TR": "Transports and fallbacks",
    "SC": "Scale, capacity and abuse controls", "KB": "Knowledge base",
}


META_DOCS = {
    "X100": """## What it does
Reports an inline suppression (`# rtdiagram: ignore[...]`) or a waiver that silenced nothing:
no finding of the named rules is on the lines it covers, or on the waived component.

## Why is this bad?
A stale suppression hides the next real finding at that place without anyone deciding so, and
it tells a reader that a problem exists where none does. It usually means the design was fixed
or the rule's finding moved.

## Example
```yaml
replicas: 1  # rtdiagram: ignore[FO001] -- single node for now
```

## Use instead
Delete the comment (or the waiver) once the finding is gone.
""",
    "X101": """## What it does
Reports a suppression that gives no reason: `# rtdiagram: ignore[FO001]` without `-- why`.

## Why is this bad?
A reason is what makes a suppression reviewable. Without one the suppression does not apply,
and the original finding is reported as well.

## Example
```yaml
replicas: 3  # rtdiagram: ignore[FO001]
```

## Use instead
```yaml
replicas: 3  # rtdiagram: ignore[FO001] -- one room per node by design
```
""",
    "X102": """## What it does
Reports a waiver in the model's `waivers:` list whose `expires` date has passed.

## Why is this bad?
A waiver is a decision with a deadline; after it the finding it covered is reported again, and
this error says why it came back.

## Example
```yaml
waivers:
  - {rule: FO001, component: gateway, reason: migrating to Redis, expires: 2024-01-31}
```

## Use instead
Fix the finding, or renew the waiver with a new date and a reason that still holds.
""",
    "X103": """## What it does
Reports a suppression or waiver naming a rule code or name that does not exist.

## Why is this bad?
It suppresses nothing, most often because of a typo, so the finding it was meant for is still
reported (or a later one is not covered as intended).

## Example
```yaml
replicas: 3  # rtdiagram: ignore[FO01] -- one room per node
```

## Use instead
Use a code or name from `rtdiagram rules`, e.g. `FO001` or `no-cross-node-fanout`.
""",
}


def meta_rule(code: str) -> Rule:
    """A tool meta-code (X100…) as a Rule, so explain, SARIF and the docs treat it like one."""
    name, severity = META[code]
    return Rule(code, name, severity, check=lambda context: (), doc=META_DOCS[code])


def meta_rules() -> list[Rule]:
    return [meta_rule(code) for code in sorted(META)]


def lookup(key: str) -> Rule:
    found = find_rule(key) or next((r for r in meta_rules() if key.upper() == r.code or key.lower() == r.name), None)
    if found is None:
        names = [r.code for r in all_rules()] + [r.name for r in all_rules()] + list(META)
        raise ConfigError(f"no rule {key!r}", hint=hint(key, names, "see `rtdiagram rules`"))
    return found


def rules_table() -> Table:
    table = Table(title="rtdiagram lint rules", show_lines=False)
    for column in ("Code", "Name", "Severity", "What it checks"):
        table.add_column(column, no_wrap=column in ("Code", "Severity"))
    for rule in all_rules():
        table.add_row(rule.code, rule.name, rule.severity.value, Text(rule.summary))
    return table


def rules_json() -> str:
    return json.dumps([
        {"code": r.code, "name": r.name, "severity": r.severity.value, "category": CATEGORIES[r.category],
         "summary": r.summary, "checklist": list(r.checklist), "url": rule_url(r.code)}
        for r in all_rules()
    ], indent=2, ensure_ascii=False) + "\n"


def explain_markdown(rule: Rule) -> str:
    about = f"Checklist: {', '.join(rule.checklist)}." if rule.checklist else \
        "A tool meta-code: it judges suppressions and waivers, not the design."
    return f"# {rule.name} ({rule.code})\n\nDefault severity: **{rule.severity.value}**. {about}\n\n{rule.doc}\n"


def explain_json(rule: Rule) -> str:
    return json.dumps({
        "code": rule.code, "name": rule.name, "severity": rule.severity.value,
        "summary": rule.summary, "checklist": list(rule.checklist),
        "sections": {h: rule.section(h) for h in ("What it does", "Why is this bad?", "Example", "Use instead", "References")},
    }, indent=2, ensure_ascii=False) + "\n"


def rules_markdown() -> str:
    rules = all_rules()
    out = [
        "# rtdiagram lint rules", "",
        "<!-- generated by rtdiagram: `rtdiagram rules --format markdown > docs/rules.md`; a test keeps it in sync -->",
        "", f"{len(rules)} rules. Select or ignore them by code (`FO001`), prefix (`FO`) or name.", "",
        "| Code | Name | Severity | What it checks |", "| --- | --- | --- | --- |",
    ]
    out += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.summary} |" for r in rules]
    for prefix, title in {**CATEGORIES, "X": "Tool meta-codes: suppressions and waivers"}.items():
        members = [r for r in rules if r.category == prefix] if prefix != "X" else meta_rules()
        if not members:
            continue
        out += ["", f"## {title} ({prefix})"]
        for rule in members:
            body = rule.doc.replace("\n## ", "\n#### ")
            body = body[3:] if body.startswith("## ") else body
            checklist = f" · checklist: {', '.join(rule.checklist)}" if rule.checklist else ""
            out += ["", f'### {rule.code}', "", f"**{rule.name}** · default severity: {rule.severity.value}"
                    f"{checklist}", "", "#### " + body]
    return "\n".join(out) + "\n"
