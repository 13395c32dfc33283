"""The model's edges to prose: draft (text → model), prompt (model → text), new (a pattern)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import app, status, write_or_print
from rtdiagram.model.errors import RtdiagramError


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
    from rtdiagram.model.files import check_target
    from rtdiagram.model.loader import display_path
    from rtdiagram.prose.drafting import choose_provider, draft as make_draft
    from rtdiagram.prose.llm import LLMSettings

    description = _read_description(text, file)
    if output is not None:  # before asking a model anything
        check_target(output, force=force, replace_generated=False)
    settings = LLMSettings(model=model, base_url=base_url, timeout=timeout, retries=retries)
    chosen = choose_provider(provider.value if provider else None, settings)
    with status(f"drafting with {chosen}…") as spinner:
        result = make_draft(description, provider=chosen, settings=settings, name=name,
                            on_progress=_progress(spinner, chosen), file=display_path(output) if output else "<stdout>")
    write_or_print(result.yaml_text, output, force, f" ({len(result.loaded.model.components)} components, {chosen})")
    if lint_after:
        from rtdiagram.analysis.engine import lint as run_lint
        from rtdiagram.cli.console import print_draft_findings

        print_draft_findings(run_lint(result.loaded).findings)


def _progress(spinner, provider: str):
    def progress(count: int) -> None:
        if spinner is not None:
            spinner.update(f"drafting with {provider}… {count} component{'s' if count != 1 else ''} found so far")

    return progress


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
        typer.echo("\n".join(builtin("prompts")))
        return
    if model_file is None:
        raise RtdiagramError("no model given", hint="rtdiagram prompt MODEL [--template NAME]")
    from rtdiagram.model.loader import load_file
    from rtdiagram.prose.prompts import write_prompt

    write_or_print(write_prompt(load_file(model_file), template), output, force)


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
    write_or_print(pattern_text(pattern), output, force, f"; next: rtdiagram render {output}")
