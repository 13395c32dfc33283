"""The command line: a thin layer that parses options, calls the core and prints.

Exit codes: 0 success; 1 lint findings at or above ``--fail-on``; 2 invalid input, bad usage,
or any other error. Errors never end in a traceback (set ``RTDIAGRAM_DEBUG=1`` to see one).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram._version import __version__
from rtdiagram.model.errors import ModelError, RtdiagramError

HELP = """Diagrams, design lint and scaling checklists for real-time systems.

Reads a YAML model of a WebSocket / SSE / long-polling / WebRTC architecture.

[bold]Examples[/bold]

  rtdiagram render examples/collab-editor.yaml -f svg -f png
  rtdiagram render examples/collab-editor.yaml --view sequence --flow connect
  rtdiagram lint examples/flawed-chat.yaml --format sarif > rtdiagram.sarif
  rtdiagram checklist examples/flawed-chat.yaml
  rtdiagram draft -f brief.txt -o design.yaml
  rtdiagram new --pattern chat -o chat.yaml
  rtdiagram validate examples/*.yaml
"""

app = typer.Typer(
    help=HELP,
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rtdiagram {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Diagrams, design lint and scaling checklists for real-time systems."""


ColorOption = Annotated[
    Color, typer.Option("--color", help="Colour output: auto (terminal, honours NO_COLOR), always, never.")
]


@app.command(epilog="Example: rtdiagram validate examples/*.yaml --format json")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Model files to check.", show_default=False)],
    format: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    color: ColorOption = Color.auto,
) -> None:
    """Check that model files are valid: syntax, keys, values and references.

    Every problem of every file is reported at once, as file:line:col with a hint.
    Exit code 0 when all files are valid, 2 otherwise.
    """
    from rtdiagram.cli.console import code_frame, concise_line, make_console, summary
    from rtdiagram.model.loader import load_file

    results: list[dict] = []
    diagnostics = []
    sources: dict[str, str] = {}
    unreadable = []
    for file in files:
        try:
            loaded = load_file(file)
            results.append({"file": loaded.file, "valid": True, "diagnostics": []})
        except ModelError as error:
            diagnostics += error.diagnostics
            sources[error.diagnostics[0].file] = _read_text(file)
            results.append({
                "file": error.diagnostics[0].file,
                "valid": False,
                "diagnostics": [d.to_json() for d in error.diagnostics],
            })
        except RtdiagramError as error:  # missing or unreadable: report it and go on to the rest
            unreadable.append(error.message)
            results.append({"file": str(file), "valid": False, "error": error.message})
    if format is TextOrJson.json:
        typer.echo(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        console = make_console(color=color.value)
        rich_frames = console.is_terminal and os.environ.get("RTDIAGRAM_OUTPUT_FORMAT") != "concise"
        for diagnostic in diagnostics:
            if rich_frames:
                console.print(code_frame(diagnostic, sources.get(diagnostic.file)))
            else:
                console.print(concise_line(diagnostic))
        for message in unreadable:
            make_console(stderr=True, color=color.value).print(f"error: {message}", markup=False, highlight=False)
        if diagnostics:
            console.print(summary(diagnostics, len(files)))
        elif not unreadable:
            console.print(f"{len(files)} file{'s' if len(files) != 1 else ''} valid.")
    if diagnostics or unreadable:
        raise typer.Exit(2)


@app.command(epilog="Example: rtdiagram schema -o rtdiagram.schema.json")
def schema(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a file not written by rtdiagram.")] = False,
) -> None:
    """Print the JSON Schema of the model, for editors.

    Point the Red Hat YAML language server at it with a first line such as
    "# yaml-language-server: $schema=rtdiagram.schema.json".
    """
    from rtdiagram.model.files import write_atomic
    from rtdiagram.model.jsonschema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force)
        typer.echo(f"wrote {output}", err=True)


class Format(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"
    d2 = "d2"


class View(str, Enum):
    architecture = "architecture"
    sequence = "sequence"


class Direction(str, Enum):
    LR = "LR"
    TB = "TB"


class Theme(str, Enum):
    light = "light"
    dark = "dark"


class Engine(str, Enum):
    auto = "auto"
    embedded = "embedded"
    dot = "dot"


RENDER_EPILOG = """[bold]Examples[/bold]

  rtdiagram render examples/collab-editor.yaml                 # → examples/collab-editor.svg
  rtdiagram render model.yaml -f svg -f png -f d2 -o docs/      # several formats into a folder
  rtdiagram render model.yaml -f mermaid -o -                   # Mermaid text on stdout
  rtdiagram render model.yaml --view sequence --flow connect    # → model.connect.svg
  rtdiagram render model.yaml --expand-replicas --theme dark
  rtdiagram render big.yaml --collapse                          # hundreds of components, one node per family
"""


@app.command(epilog=RENDER_EPILOG)
def render(
    model_file: Annotated[Path, typer.Argument(metavar="MODEL", help="The model to draw.", show_default=False)],
    formats: Annotated[list[Format], typer.Option("-f", "--format", help="Output format; repeat for several.")] = [Format.svg],  # noqa: B006
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Output file, folder (for several outputs), or - for stdout. Default: next to the model.")] = None,
    view: Annotated[View, typer.Option("--view", help="architecture: components and links; sequence: the model's flows.")] = View.architecture,
    flow: Annotated[Optional[list[str]], typer.Option("--flow", help="Sequence view: only this flow (repeatable). Default: every flow.")] = None,
    direction: Annotated[Direction, typer.Option("--direction", help="Layout direction.")] = Direction.LR,
    theme: Annotated[Theme, typer.Option("--theme", help="Colour theme.")] = Theme.light,
    engine: Annotated[Engine, typer.Option("--engine", help="Layout: system dot when on PATH (auto), embedded Graphviz, or dot.")] = Engine.auto,
    expand_replicas: Annotated[bool, typer.Option("--expand-replicas", help="Draw every replica as its own node, wired to the pub/sub layer.")] = False,
    collapse: Annotated[bool, typer.Option("--collapse", help="Large models: merge look-alike components of a tier (same kind and technology) into one ×N node.")] = False,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="Draw the legend of line styles.")] = True,
    findings: Annotated[bool, typer.Option("--findings", help="Mark components with lint findings (colour by severity, codes) and add the scaling checklist.")] = False,
    config: Annotated[Optional[Path], typer.Option("--config", help="Lint configuration for --findings.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files not written by rtdiagram.")] = False,
) -> None:
    """Draw a model: architecture view (tiers, replicas, transports) or sequence diagrams.

    SVG and PNG need no system Graphviz; PDF does. Outputs are written atomically and never
    replace a file rtdiagram did not write unless --force is given.
    """
    from rtdiagram.model.loader import load_file
    from rtdiagram.render.graph import ViewOptions
    from rtdiagram.render.options import RenderOptions
    from rtdiagram.render.outputs import plan_outputs, produce, write_outputs

    loaded = load_file(model_file)
    options = RenderOptions(theme=theme.value, source_name=Path(loaded.file).name,
                            legend=legend, engine=engine.value)
    view_options = ViewOptions(direction=direction.value, expand_replicas=expand_replicas, collapse=collapse)
    if findings:
        from rtdiagram.render.overlay import findings_view

        view_options = findings_view(loaded, view_options, config)
    names = [f.value for f in dict.fromkeys(formats)]
    jobs = plan_outputs(loaded, names, view.value, flow, output, theme.value)
    with _status(f"rendering {loaded.file}"):
        results = produce(loaded.model, jobs, view_options, options)
    write_outputs(results, force=force)


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
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file instead of discovering one.")] = None,
    color: ColorOption = Color.auto,
) -> None:
    """Review designs: real-time lint rules with file:line:col findings and fixes.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 invalid model or usage.
    """
    from rtdiagram.analysis.engine import analyse, fails
    from rtdiagram.analysis.config import load_settings, with_options
    from rtdiagram.cli.console import code_frame, concise_line, make_console, summary
    from rtdiagram.analysis.formats import WRITERS

    results, sources, invalid = [], {}, []
    for file in files:
        try:
            settings = with_options(load_settings(file, config), _split(select), _split(ignore),
                                    fail_on.value if fail_on else None)
            loaded, result, settings = analyse(file, settings)
        except ModelError as error:
            invalid += error.diagnostics
            continue
        results.append(result)
        sources[loaded.file] = loaded.text
    chosen = format.value if format else "text"
    console = make_console(color=color.value)
    if invalid:
        err = make_console(stderr=True, color=color.value)
        for diagnostic in invalid:
            err.print(concise_line(diagnostic))
    if chosen in WRITERS:
        typer.echo(WRITERS[chosen](results, sources), nl=False)
    else:
        frames = chosen == "text" and console.is_terminal
        for result in results:
            for finding in result.findings:
                if frames:
                    console.print(code_frame(finding.diagnostic, sources.get(result.file)))
                else:
                    console.print(concise_line(finding.diagnostic))
        everything = [f.diagnostic for r in results for f in r.findings]
        line = summary(everything, len(results)) if results else ""
        suppressed = sum(len(r.suppressed) for r in results)
        if suppressed:
            line = line.rstrip(".") + f"; {suppressed} suppressed with a reason."
        if invalid:
            count = len({d.file for d in invalid})
            line = (line + " " if line else "") + (
                f"{count} file{'s are' if count != 1 else ' is'} not a valid model (errors above).")
        console.print(line)
    if invalid:
        raise typer.Exit(2)
    threshold = fail_on.value if fail_on else (settings.fail_on if results else "error")
    if not exit_zero and fails(results, threshold):
        raise typer.Exit(1)


def _split(values: Optional[list[str]]) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


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

    found = lookup(rule)
    if format is TextOrJson.json:
        typer.echo(explain_json(found), nl=False)
        return
    from rich.markdown import Markdown

    from rtdiagram.cli.console import make_console

    console = make_console()
    if console.is_terminal:
        console.print(Markdown(explain_markdown(found)))
    else:
        typer.echo(explain_markdown(found), nl=False)


class ChecklistFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


@app.command(epilog="Example: rtdiagram checklist examples/collab-editor.yaml --format markdown")
def checklist(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The model to assess.", show_default=False)],
    format: Annotated[ChecklistFormat, typer.Option("--format", help="table, markdown or json.")] = ChecklistFormat.table,
    config: Annotated[Optional[Path], typer.Option("--config", help="Configuration file (as for lint).")] = None,
) -> None:
    """The horizontal-scaling checklist: 13 items, each addressed / partially / missing / n.a.

    Derived from the same rule results as lint, with the evidence and what to do.
    """
    from rtdiagram.analysis.engine import analyse
    from rtdiagram.analysis.checklist import build_checklist, to_json, to_markdown

    loaded, result, _ = analyse(file, explicit_config=config)
    items = build_checklist(loaded.model, result)
    if format is ChecklistFormat.json:
        typer.echo(to_json(loaded.file, items), nl=False)
    elif format is ChecklistFormat.markdown:
        typer.echo(to_markdown(loaded.file, items), nl=False)
    else:
        from rtdiagram.cli.console import checklist_table, make_console

        make_console().print(checklist_table(loaded.file, items))


class Provider(str, Enum):
    openai = "openai"
    offline = "offline"


DRAFT_EPILOG = """[bold]Examples[/bold]

  rtdiagram draft "Browsers connect over WebSocket to 3 Socket.IO nodes behind an ALB with sticky sessions..."
  rtdiagram draft -f design.txt -o design.yaml
  cat design.txt | rtdiagram draft --provider openai --model gpt-4o-mini
  rtdiagram draft -f design.txt --base-url http://localhost:11434/v1 --model llama3.1   # Ollama

Without OPENAI_API_KEY or a base URL the offline extractor is used: no network, deterministic.
"""


@app.command(epilog=DRAFT_EPILOG)
def draft(
    text: Annotated[Optional[str], typer.Argument(metavar="[TEXT]", help="The description. Or -f FILE, or stdin.", show_default=False)] = None,
    file: Annotated[Optional[Path], typer.Option("-f", "--file", help="Read the description from this file.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the YAML here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    provider: Annotated[Optional[Provider], typer.Option("--provider", help="openai (any OpenAI-compatible server) or offline. Default: openai when a key or base URL is configured, else offline.")] = None,
    model: Annotated[Optional[str], typer.Option("--model", envvar="RTDIAGRAM_MODEL", help="Model name (required with --base-url).")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="OpenAI-compatible server, e.g. http://localhost:11434/v1. Default: OPENAI_BASE_URL.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the server.")] = 120.0,
    retries: Annotated[int, typer.Option("--retries", min=0, max=10, help="Times to re-ask the model after an invalid answer.")] = 2,
    name: Annotated[Optional[str], typer.Option("--name", help="System name for the model.")] = None,
    lint_after: Annotated[bool, typer.Option("--lint/--no-lint", help="Print lint findings about the draft on stderr.")] = True,
) -> None:
    """Draft a YAML model from a prose description (LLM or offline extractor).

    The draft validates, carries the schema modeline, quotes where each component came from
    and marks what was guessed. An existing file is only replaced with --force.
    """
    from rtdiagram.prose.drafting import choose_provider
    from rtdiagram.prose.drafting import draft as make_draft
    from rtdiagram.prose.llm import LLMSettings
    from rtdiagram.model.files import check_target, write_atomic

    description = _read_description(text, file)
    if output is not None:  # before asking a model anything
        check_target(output, force=force, replace_generated=False)
    settings = LLMSettings(model=model, base_url=base_url, timeout=timeout, retries=retries)
    chosen = choose_provider(provider.value if provider else None, settings)
    status = _status(f"drafting with {chosen}…")
    with status as spinner:
        def progress(count: int) -> None:
            if spinner is not None:
                spinner.update(f"drafting with {chosen}… {count} component{'s' if count != 1 else ''} found so far")

        from rtdiagram.model.loader import display_path

        result = make_draft(description, provider=chosen, settings=settings, name=name,
                            on_progress=progress, file=display_path(output) if output else "<stdout>")
    if output is None:
        typer.echo(result.yaml_text, nl=False)
    else:
        write_atomic(output, result.yaml_text, force=force, replace_generated=False)
        typer.echo(f"wrote {output} ({len(result.loaded.model.components)} components, {chosen})", err=True)
    if lint_after:
        from rtdiagram.cli.console import concise_line, make_console, summary
        from rtdiagram.analysis.engine import lint as run_lint

        findings = run_lint(result.loaded).findings
        err = make_console(stderr=True)
        for finding in findings:
            err.print(concise_line(finding.diagnostic))
        err.print(summary([f.diagnostic for f in findings], 1).replace("All checks passed", "Lint: all checks passed"))


def _read_description(text: Optional[str], file: Optional[Path]) -> str:
    if text and file:
        raise RtdiagramError("give the description as TEXT or with -f, not both")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RtdiagramError(f"{file}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    if text is not None:
        return text
    if not sys.stdin.isatty():
        return sys.stdin.read()
    raise RtdiagramError("no description given", hint="pass TEXT, -f FILE, or pipe it on stdin")


@app.command(epilog="Examples: rtdiagram prompt examples/collab-editor.yaml · rtdiagram prompt model.yaml --template review · rtdiagram prompt --list")
def prompt(
    model_file: Annotated[Optional[Path], typer.Argument(metavar="MODEL", help="The model to describe.", show_default=False)] = None,
    template: Annotated[str, typer.Option("--template", "-t", help="Built-in template name, or a path to your own jinja2 template.")] = "architecture",
    list_: Annotated[bool, typer.Option("--list", help="List the built-in templates.")] = False,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """Write prose from a model: an architecture brief, a design-review request, or a summary."""
    from rtdiagram.prose.templates import builtin

    if list_:
        for name in builtin("prompts"):
            typer.echo(name)
        return
    if model_file is None:
        raise RtdiagramError("no model given", hint="rtdiagram prompt MODEL [--template NAME]")
    from rtdiagram.model.loader import load_file
    from rtdiagram.model.files import write_atomic
    from rtdiagram.prose.prompts import write_prompt

    text = write_prompt(load_file(model_file), template)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force, replace_generated=False)
        typer.echo(f"wrote {output}", err=True)


@app.command(epilog="Examples: rtdiagram new --list · rtdiagram new --pattern chat -o chat.yaml")
def new(
    pattern: Annotated[Optional[str], typer.Option("--pattern", "-p", help="Starting pattern; see --list.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write the model. Default: stdout.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the patterns.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a model from a commented pattern (collab-editor, llm-streaming, multiplayer, live-dashboard, chat)."""
    from rtdiagram.prose.patterns import pattern_names, pattern_text

    if list_ or pattern is None:
        for name, summary_line in pattern_names():
            typer.echo(f"{name:16} {summary_line}")
        if pattern is None and not list_:
            raise typer.Exit(2)
        return
    text = pattern_text(pattern)
    if output is None:
        typer.echo(text, nl=False)
        return
    from rtdiagram.model.files import write_atomic

    write_atomic(output, text, force=force, replace_generated=False)
    typer.echo(f"wrote {output}; next: rtdiagram render {output}", err=True)


def _status(message: str):
    """A spinner on stderr while slow work runs, only when stderr is a terminal."""
    import contextlib

    if not sys.stderr.isatty():  # skip importing rich when nobody watches: it is start-up time
        return contextlib.nullcontext(None)
    from rtdiagram.cli.console import make_console

    console = make_console(stderr=True)
    return console.status(message, spinner="dots") if console.is_terminal else contextlib.nullcontext(None)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def main() -> None:
    """Entry point: run the app and turn every error into a message and exit code 2."""
    try:
        app()  # standalone mode: usage errors print and exit 2, typer.Exit sets the code
    except ModelError as error:
        from rtdiagram.cli.console import concise_line, make_console

        console = make_console(stderr=True)
        for diagnostic in error.diagnostics:
            console.print(concise_line(diagnostic))
        sys.exit(2)
    except RtdiagramError as error:
        _fail(error.message, error.hint)
    except Exception as error:  # the promise: never a traceback for the user
        if os.environ.get("RTDIAGRAM_DEBUG"):
            raise
        _fail(f"internal error: {type(error).__name__}: {error}",
              "this is a bug in rtdiagram; rerun with RTDIAGRAM_DEBUG=1 for the traceback")


def _fail(message: str, hint: str | None = None) -> None:
    from rich.text import Text

    from rtdiagram.cli.console import make_console

    console = make_console(stderr=True)
    text = Text.assemble(("error", "bold red"), ": ", message)
    if hint:
        text.append("\n  help: ", "bold cyan")
        text.append(hint)
    console.print(text)
    sys.exit(2)
