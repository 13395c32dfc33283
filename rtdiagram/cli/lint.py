"""Review commands: lint, rules, explain, checklist."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import Color, ColorOption, ConfigOption, TextOrJson, app, split_selectors


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


LINT_EPILOG = """[bold]Examples[/bold]

  rtdiagram lint examples/*.yaml
  rtdiagram lint design.yaml --format sarif > rtdiagram.sarif      # GitHub code scanning
  rtdiagram lint design.yaml --format github                       # annotations in Actions logs
  rtdiagram lint design.yaml --select HB,LB --ignore LB006 --fail-on warning

Suppress a finding with a reason, on the line at fault or on its own line above a block:
  # rtdiagram: ignore[FO001] -- one room per node by design
"""


@app.command(epilog=LINT_EPILOG)
def lint(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Models to lint.", show_default=False)],
    format: Annotated[Optional[LintFormat], typer.Option("--format", envvar="RTDIAGRAM_OUTPUT_FORMAT", help="Output format. Default: text (code frames on a terminal, one line per finding otherwise).")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity. Default: error (or fail-on in the config).")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even with findings (invalid input still exits 2).")] = False,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only these rules: codes, prefixes (HB) or names; comma-separated or repeated.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Skip these rules: codes, prefixes or names.")] = None,
    config: ConfigOption = None,
    color: ColorOption = Color.auto,
) -> None:
    """Review designs: real-time lint rules with file:line:col findings and fixes.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 invalid model or usage.
    """
    from rtdiagram.analysis.engine import lint_files
    from rtdiagram.analysis.formats import WRITERS
    from rtdiagram.cli.console import print_invalid, print_lint

    run = lint_files(files, config, split_selectors(select), split_selectors(ignore), fail_on.value if fail_on else None)
    print_invalid(run.invalid, color.value)
    chosen = format.value if format else "text"
    if chosen in WRITERS:
        typer.echo(WRITERS[chosen](run.results, run.sources), nl=False)
    else:
        print_lint(run, chosen, color.value)
    raise typer.Exit(run.exit_code(exit_zero))


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
    rule: Annotated[str, typer.Argument(metavar="CODE|NAME", help="A rule code or name.", show_default=False)],
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


class ChecklistFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


@app.command(epilog="Example: rtdiagram checklist examples/collab-editor.yaml --format markdown")
def checklist(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The model to assess.", show_default=False)],
    format: Annotated[ChecklistFormat, typer.Option("--format", help="table, markdown or json.")] = ChecklistFormat.table,
    config: ConfigOption = None,
) -> None:
    """The horizontal-scaling checklist: 13 items, each addressed / partially / missing / n.a.

    Derived from the same rule results as lint, with the evidence and what to do.
    """
    from rtdiagram.analysis.checklist import build_checklist, to_json, to_markdown
    from rtdiagram.analysis.engine import analyse

    loaded, result, _ = analyse(file, explicit_config=config)
    items = build_checklist(loaded.model, result)
    if format is ChecklistFormat.json:
        typer.echo(to_json(loaded.file, items), nl=False)
    elif format is ChecklistFormat.markdown:
        typer.echo(to_markdown(loaded.file, items), nl=False)
    else:
        from rtdiagram.cli.console import checklist_table, make_console

        make_console().print(checklist_table(loaded.file, items))
