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

from rtdiagram import __version__
from rtdiagram.errors import ModelError, RtdiagramError

HELP = """Diagrams, design lint and scaling checklists for real-time systems.

Reads a YAML model of a WebSocket / SSE / long-polling / WebRTC architecture.

[bold]Examples[/bold]

  rtdiagram validate examples/*.yaml
  rtdiagram render examples/collab-editor.yaml -f svg -f png
  rtdiagram render examples/collab-editor.yaml --view sequence --flow connect
  rtdiagram schema -o rtdiagram.schema.json
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
    from rtdiagram.console import code_frame, concise_line, make_console, summary
    from rtdiagram.loader import load_file

    results: list[dict] = []
    diagnostics = []
    sources: dict[str, str] = {}
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
        console.print(summary(diagnostics, len(files)) if diagnostics else
                      f"{len(files)} file{'s' if len(files) != 1 else ''} valid.")
    if diagnostics:
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
    from rtdiagram.output import write_atomic
    from rtdiagram.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force or _is_our_schema(output))
        typer.echo(f"wrote {output}", err=True)


def _is_our_schema(path: Path) -> bool:
    try:
        return json.loads(path.read_text()).get("title") == "rtdiagram model"
    except (OSError, ValueError, AttributeError):
        return False


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
        from rtdiagram.console import concise_line, make_console

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

    from rtdiagram.console import make_console

    console = make_console(stderr=True)
    text = Text.assemble(("error", "bold red"), ": ", message)
    if hint:
        text.append("\n  help: ", "bold cyan")
        text.append(hint)
    console.print(text)
    sys.exit(2)
