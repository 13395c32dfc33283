"""The model's edges to prose: draft (text → model), prompt (model → text), new (a pattern)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import StdinFilenameOption, app, status, write_or_print
from rtdiagram.cli.help import examples
from rtdiagram.model.errors import RtdiagramError


class Provider(str, Enum):
    openai = "openai"
    offline = "offline"


DRAFT_EPILOG = examples(
    "Examples",
    'rtdiagram draft "Browsers connect over WebSocket to 3 Socket.IO nodes behind an ALB..."',
    "rtdiagram draft design.txt -o design.yaml",
    "cat design.txt | rtdiagram draft --provider openai --model gpt-4o-mini",
    "rtdiagram draft -f design.txt --base-url http://localhost:11434/v1 --model llama3.1",
    "rtdiagram draft -f design.txt --base-url http://127.0.0.1:8080/v1 --model smollm2 --max-tokens 2048",
    note="Without OPENAI_API_KEY or a base URL the offline extractor is used: no network, deterministic.",
)


@app.command(epilog=DRAFT_EPILOG)
def draft(
    text: Annotated[Optional[str], typer.Argument(metavar="TEXT", help="The description, a file that holds it, or - for stdin. Or -f FILE, or pipe it in.", show_default=False)] = None,
    file: Annotated[Optional[Path], typer.Option("-f", "--file", help="Read the description from this file.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the YAML here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    provider: Annotated[Optional[Provider], typer.Option("--provider", help="openai (any OpenAI-compatible server) or offline. Default: openai when a key or base URL is configured, else offline.")] = None,
    model: Annotated[Optional[str], typer.Option("--model", envvar="RTDIAGRAM_MODEL", help="Model name (required with --base-url).")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="OpenAI-compatible server, e.g. http://localhost:11434/v1. Default: OPENAI_BASE_URL.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the server.")] = 120.0,
    retries: Annotated[int, typer.Option("--retries", min=0, max=10, help="Times to re-ask the model after an invalid answer.")] = 2,
    max_tokens: Annotated[int, typer.Option("--max-tokens", min=0, help="Output token budget sent to the server (0: none). A cut-off answer is re-asked once, shorter.")] = 4096,
    temperature: Annotated[float, typer.Option("--temperature", min=0.0, max=2.0, help="Sampling temperature; 0 is the most repeatable. Dropped if the model refuses it.")] = 0.0,
    passes: Annotated[int, typer.Option("--passes", min=1, max=2, help="LLM requests per draft: 1 (everything at once) or 2 (the components, then the links between them).")] = 1,
    name: Annotated[Optional[str], typer.Option("--name", help="System name for the model.")] = None,
    lint_after: Annotated[bool, typer.Option("--lint/--no-lint", help="Print lint findings about the draft on stderr.")] = True,
) -> None:
    """Draft a YAML model from a prose description (LLM or offline extractor).

    The draft validates, carries the schema modeline, quotes where each component came from
    and marks what was guessed. An existing file is only replaced with --force.
    """
    from rtdiagram.model.files import check_target
    from rtdiagram.model.jsonschema import schema_ref, with_modeline
    from rtdiagram.model.loader import display_path
    from rtdiagram.prose.drafting import choose_provider, draft as make_draft
    from rtdiagram.prose.llm import LLMSettings

    description = _read_description(text, file)
    output = None if output is not None and str(output) == "-" else output  # "-o -": stdout, as for render
    if output is not None:  # before asking a model anything
        check_target(output, force=force, replace_generated=False)
    settings = LLMSettings(model=model, base_url=base_url, timeout=timeout, retries=retries,
                           max_tokens=max_tokens or None, temperature=temperature, passes=passes)
    chosen = choose_provider(provider.value if provider else None, settings)
    with status(f"drafting with {chosen}…") as spinner:
        result = make_draft(description, provider=chosen, settings=settings, name=name,
                            on_progress=_progress(spinner, chosen), file=display_path(output) if output else "<stdout>")
    yaml_text = with_modeline(result.yaml_text, schema_ref())  # a modeline that resolves on this machine
    write_or_print(yaml_text, output, force, f" ({len(result.loaded.model.components)} components, {chosen})")
    if lint_after:
        _lint_draft(result.loaded)


def _lint_draft(loaded) -> None:
    from rtdiagram.analysis.engine import lint as run_lint
    from rtdiagram.cli.console import print_draft_findings

    print_draft_findings(run_lint(loaded).findings)


def _progress(spinner, provider: str):
    def progress(count: int) -> None:
        if spinner is not None:
            spinner.update(f"drafting with {provider}… {count} component{'s' if count != 1 else ''} found so far")

    return progress


DESCRIPTION_LIMIT = 1_000_000  # bytes: larger input is refused, never read whole
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".rst", ".adoc", ".org", ".yaml", ".yml", ".json", ".html"}


def _looks_like_a_path(word: str) -> bool:
    """One word that names a file nobody would mean as a description: a path or a text file's name."""
    return "/" in word or "\\" in word or Path(word).suffix.lower() in TEXT_SUFFIXES


def _read_description(text: Optional[str], file: Optional[Path]) -> str:
    if text and file:
        raise RtdiagramError("give the description as TEXT or with -f, not both")
    if text == "-" or file is not None and str(file) == "-":
        text, file = None, None  # "-" is stdin, as everywhere else in the CLI
        if sys.stdin.isatty():
            raise RtdiagramError("'-' reads the description from stdin, but nothing is piped in",
                                 hint="pipe it in (cat brief.txt | rtdiagram draft -), or pass TEXT or -f FILE")
    if text is not None and not any(space in text for space in " \t\n"):
        if Path(text).is_file():
            text, file = None, Path(text)  # "rtdiagram draft design.md" reads the file, as the other commands do
        elif _looks_like_a_path(text):
            raise RtdiagramError(f"{text}: no such file",
                                 hint="give the path of an existing file, or the description itself in quotes")
    if text is not None:
        return text
    if file is not None:
        from rtdiagram.model.files import read_limited

        data = read_limited(file, DESCRIPTION_LIMIT)  # refuses FIFOs and devices; bounded read
        shown = str(file)
    elif not sys.stdin.isatty():
        data, shown = sys.stdin.buffer.read(DESCRIPTION_LIMIT + 1), "stdin"
    else:
        raise RtdiagramError("no description given", hint="pass TEXT, -f FILE, or pipe it on stdin")
    if len(data) > DESCRIPTION_LIMIT:
        raise RtdiagramError(f"{shown}: the description is larger than {DESCRIPTION_LIMIT:,} bytes",
                             hint="draft from the part of the document that describes the architecture")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RtdiagramError(f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


@app.command(epilog=examples("Examples", "rtdiagram prompt examples/collab-editor.yaml",
                             "rtdiagram prompt model.yaml --template review", "rtdiagram prompt --list",
                             "cat model.yaml | rtdiagram prompt - --template summary"))
def prompt(
    model_file: Annotated[Optional[Path], typer.Argument(metavar="[MODEL]", help="The model to describe; - reads stdin.", show_default=False)] = None,
    template: Annotated[str, typer.Option("--template", "-t", help="Built-in template name, or a path to your own jinja2 template.")] = "architecture",
    list_: Annotated[bool, typer.Option("--list", help="List the built-in templates.")] = False,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    stdin_filename: StdinFilenameOption = None,
) -> None:
    """Write prose from a model: an architecture brief, a design-review request, or a summary."""
    from rtdiagram.prose.templates import builtin

    if list_:
        typer.echo("\n".join(builtin("prompts")))
        return
    if model_file is None:
        raise RtdiagramError("no model given", hint="rtdiagram prompt MODEL [--template NAME]")
    from rtdiagram.model.inputs import resolve_one
    from rtdiagram.prose.prompts import write_prompt

    write_or_print(write_prompt(resolve_one(model_file, stdin_filename).load(), template), output, force)


NEW_EPILOG = examples(
    "Examples",
    "rtdiagram new --list",
    "rtdiagram new --pattern chat -o chat.rtdiagram.yaml",
    "rtdiagram new -p chat --schema https://example.com/rtdiagram.schema.json",
    note="The first line points editors at the schema installed with rtdiagram (rtdiagram schema --path).",
)


@app.command(epilog=NEW_EPILOG)
def new(
    pattern: Annotated[Optional[str], typer.Option("--pattern", "-p", metavar="NAME", help="Starting pattern; see --list.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE", help="Where to write the model. Default: stdout.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the patterns.")] = False,
    schema: Annotated[Optional[str], typer.Option("--schema", metavar="PATH|URL", help="What the modeline points at. Default: the installed schema.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a model from a commented pattern (collab-editor, llm-streaming, multiplayer, live-dashboard, chat)."""
    from rtdiagram.model.jsonschema import schema_ref, with_modeline
    from rtdiagram.prose.patterns import pattern_names, pattern_text

    if list_ or pattern is None:
        for name, summary_line in pattern_names():
            typer.echo(f"{name:16} {summary_line}")
        if pattern is None and not list_:
            raise typer.Exit(2)
        return
    text = with_modeline(pattern_text(pattern), schema or schema_ref())
    write_or_print(text, output, force, f"; next: rtdiagram render {output}")
