"""Review commands: lint, rules, explain, checklist."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import (Color, ColorOption, ConfigOption, StdinFilenameOption, TextOrJson, app,
                               split_selectors)
from rtdiagram.cli.help import examples
from rtdiagram.model.errors import RtdiagramError


class LintFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


LINT_EPILOG = examples(
    "Examples",
    "rtdiagram lint examples/*.yaml",
    "rtdiagram lint design.yaml --format sarif > rtdiagram.sarif      # GitHub code scanning",
    "rtdiagram lint design.yaml --format github                       # annotations in Actions logs",
    "rtdiagram lint design.yaml --select HB,LB --ignore LB006 --fail-on warning",
    "cat design.yaml | rtdiagram lint - --stdin-filename design.yaml",
    "rtdiagram lint models/*.yaml --write-baseline .rtdiagram-baseline.json",
    "rtdiagram lint models/*.yaml --baseline .rtdiagram-baseline.json  # only new findings",
) + "\n\n" + examples(
    "Suppress a finding with a reason, on the line at fault or on its own line above a block",
    "# rtdiagram: ignore[FO001] -- one room per node by design",
)

RootOption = Annotated[Optional[Path], typer.Option(
    "--root", metavar="DIR", help="Paths in SARIF, GitHub annotations and baselines are relative to this. "
    "Default: the git root above the working directory.")]


@app.command(epilog=LINT_EPILOG)
def lint(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Models to lint; - reads stdin.", show_default=False)],
    format: Annotated[Optional[LintFormat], typer.Option("--format", envvar="RTDIAGRAM_OUTPUT_FORMAT", help="Output format. Default: text (code frames on a terminal, one line per finding otherwise).")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity. Default: error (or fail-on in the config).")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even with findings (invalid input still exits 2).")] = False,
    select: Annotated[Optional[list[str]], typer.Option("--select", metavar="RULES", help="Only these rules: codes, prefixes (HB) or names; comma-separated or repeated.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", metavar="RULES", help="Skip these rules: codes, prefixes or names.")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", metavar="FILE", help="Report only findings not recorded in this baseline.")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", metavar="FILE", help="Record the current findings in this baseline file and exit 0.")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Print one line per rule: count, code, name.")] = False,
    root: RootOption = None,
    stdin_filename: StdinFilenameOption = None,
    config: ConfigOption = None,
    color: ColorOption = Color.auto,
) -> None:
    """Review designs: real-time lint rules with file:line:col findings and fixes.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 invalid model or usage.
    """
    from rtdiagram.analysis.baseline import use_baseline
    from rtdiagram.analysis.formats import WRITERS, find_root
    from rtdiagram.analysis.inputs import lint_inputs
    from rtdiagram.cli.console import print_invalid, print_lint, print_statistics
    from rtdiagram.model.inputs import resolve_inputs

    inputs = resolve_inputs(files, stdin_filename)
    run = lint_inputs(inputs, config, split_selectors(select), split_selectors(ignore), fail_on.value if fail_on else None)
    run, known = use_baseline(run, root or find_root(), baseline, write_baseline)
    print_invalid(run.invalid, color.value)
    chosen = format.value if format else "text"
    if write_baseline or statistics:
        print_statistics(run, write_baseline, color.value)
    elif chosen in WRITERS:
        typer.echo(WRITERS[chosen](run.results, run.sources, root or find_root()), nl=False)
    else:
        print_lint(run, chosen, color.value, known)
    raise typer.Exit(2 if run.invalid else 0 if write_baseline else run.exit_code(exit_zero))


class RulesFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(epilog="Examples: rtdiagram rules · rtdiagram rules --format markdown > docs/rules.md")
def rules(
    format: Annotated[RulesFormat, typer.Option("--format", help="table, json or markdown.")] = RulesFormat.table,
) -> None:
    """List every lint rule: code, name, default severity and what it checks."""
    from rtdiagram.analysis.ruledocs import rules_json, rules_markdown, rules_table

    if format is RulesFormat.table:
        from rtdiagram.cli.console import make_console

        make_console().print(rules_table())
    else:
        typer.echo(rules_json() if format is RulesFormat.json else rules_markdown(), nl=False)


@app.command(epilog="Examples: rtdiagram explain FO001 · rtdiagram explain sticky-session-required")
def explain(
    rule: Annotated[str, typer.Argument(metavar="CODE|NAME", help="A rule code or name.", show_default=False,
                                        autocompletion=lambda incomplete: _rule_keys(incomplete))],
    format: Annotated[TextOrJson, typer.Option("--format", help="text or json.")] = TextOrJson.text,
) -> None:
    """Show a rule's documentation: what it does, why it matters, examples, the fix, sources."""
    from rtdiagram.analysis.ruledocs import explain_json, explain_markdown, lookup
    from rtdiagram.cli.console import print_markdown

    found = lookup(rule)
    if format is TextOrJson.json:
        typer.echo(explain_json(found), nl=False)
    else:
        print_markdown(explain_markdown(found))


def _rule_keys(incomplete: str) -> list[str]:
    """Shell completion for explain: rule codes and names, and the meta-codes."""
    from rtdiagram.analysis.ruledocs import all_rules, meta_rules

    keys = [key for r in all_rules() + meta_rules() for key in (r.code, r.name)]
    return [key for key in keys if key.lower().startswith(incomplete.lower())]


@app.command(epilog=examples("Examples", "rtdiagram tech", "rtdiagram tech socket.io",
                             "rtdiagram tech 'AWS API Gateway WebSocket'", "rtdiagram tech --category broker"))
def tech(
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="A technology name or alias (any case). Without it: every entry.", show_default=False)] = None,
    category: Annotated[Optional[str], typer.Option("--category", metavar="CATEGORY", help="Only this category (broker, proxy, managed_realtime...).")] = None,
) -> None:
    """Show what rtdiagram knows about a technology: hosting, what it provides, documented defaults."""
    from rtdiagram.knowledge.technologies import describe_technology, list_technologies, technology_table
    from rtdiagram.model.suggest import hint

    if name:
        typer.echo(describe_technology(name), nl=False)
    elif category:
        known = sorted({entry.category for entry in list_technologies()})
        if category not in known:
            raise RtdiagramError(f"no technology category {category!r}", hint=hint(category, known, f"categories: {', '.join(known)}"))
        typer.echo("\n".join(f"{e.id:<28} {e.name}" for e in list_technologies(category)))
    else:
        typer.echo(technology_table(), nl=False)


class ChecklistFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


class ChecklistFailOn(str, Enum):
    missing = "missing"
    not_stated = "not-stated"
    partially = "partially"
    never = "never"


CHECKLIST_EPILOG = examples(
    "Examples",
    "rtdiagram checklist examples/collab-editor.yaml --format markdown",
    "rtdiagram checklist design.yaml --fail-on missing      # exit 1 when an item is missing",
    "rtdiagram checklist design.yaml --fail-on partially    # ... or not fully addressed",
)


@app.command(epilog=CHECKLIST_EPILOG)
def checklist(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The model to assess; - reads stdin.", show_default=False)],
    format: Annotated[ChecklistFormat, typer.Option("--format", help="table, markdown or json.")] = ChecklistFormat.table,
    fail_on: Annotated[ChecklistFailOn, typer.Option("--fail-on", help="Exit 1 when an item is at this verdict or worse (missing > not stated > partially).")] = ChecklistFailOn.never,
    stdin_filename: StdinFilenameOption = None,
    config: ConfigOption = None,
) -> None:
    """The horizontal-scaling checklist: 13 items, each addressed / partially / missing / not stated / n.a.

    Derived from the same rule results as lint, with the evidence and what to do.
    Exit codes: 0, or 1 when --fail-on finds an item; 2 invalid model or usage.
    """
    from rtdiagram.analysis.checklist import build_checklist, to_json, to_markdown
    from rtdiagram.analysis.gating import checklist_exit_code
    from rtdiagram.analysis.inputs import analyse_input
    from rtdiagram.model.inputs import resolve_one
    from rtdiagram.model.safetext import terminal_text

    loaded, result, _ = analyse_input(resolve_one(file, stdin_filename), explicit_config=config)
    items = build_checklist(loaded.model, result)
    if format is ChecklistFormat.table:
        from rtdiagram.cli.console import checklist_table, make_console

        make_console().print(checklist_table(loaded.file, items))
    elif format is ChecklistFormat.json:
        typer.echo(to_json(loaded.file, items), nl=False)
    else:
        typer.echo(terminal_text(to_markdown(loaded.file, items)), nl=False)
    raise typer.Exit(checklist_exit_code(items, fail_on.value))


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


DIFF_EPILOG = examples(
    "Examples",
    "rtdiagram diff old.yaml design.yaml",
    "rtdiagram diff git:main:design.yaml design.yaml --format markdown > comment.md   # a PR comment",
    "git show HEAD~1:design.yaml | rtdiagram diff - design.yaml",
)


@app.command(epilog=DIFF_EPILOG)
def diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The design before: a file, git:REV:PATH, or - (stdin).", show_default=False)],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The design after: a file, git:REV:PATH, or -.", show_default=False)],
    format: Annotated[DiffFormat, typer.Option("--format", help="text, markdown (fits a PR comment) or json.")] = DiffFormat.text,
    config: ConfigOption = None,
) -> None:
    """Compare two versions of a design: components, links and attributes, findings, checklist.

    Exit codes: 0, or 1 when the new design has error findings the old one did not; 2 invalid
    model or usage.
    """
    from rtdiagram.analysis.diff import WRITERS, diff_inputs
    from rtdiagram.model.inputs import resolve_spec

    result = diff_inputs(resolve_spec(old), resolve_spec(new), config)
    typer.echo(WRITERS[format.value](result), nl=False)
    raise typer.Exit(result.exit_code)
