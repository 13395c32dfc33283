"""The Typer application, the options several commands share, and the error boundary.

Exit codes: 0 success; 1 lint findings at or above ``--fail-on``; 2 invalid input, bad usage,
or any other error. Errors never end in a traceback (set ``RTDIAGRAM_DEBUG=1`` to see one).
"""

from __future__ import annotations

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


ColorOption = Annotated[
    Color, typer.Option("--color", help="Colour output: auto (terminal, honours NO_COLOR), always, never.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite a file rtdiagram did not write.")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="Use this configuration file instead of discovering one.")]


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


def write_or_print(text: str, output: Path | None, force: bool, note: str = "") -> None:
    """Text to stdout, or atomically to a file (never replacing a user's file without --force)."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from rtdiagram.model.files import write_atomic

    write_atomic(output, text, force=force, replace_generated=False)
    typer.echo(f"wrote {output}{note}", err=True)


def status(message: str):
    """A spinner on stderr while slow work runs, only when stderr is a terminal."""
    import contextlib

    if not sys.stderr.isatty():  # skip importing rich when nobody watches: it is start-up time
        return contextlib.nullcontext(None)
    from rtdiagram.cli.console import make_console

    console = make_console(stderr=True)
    return console.status(message, spinner="dots") if console.is_terminal else contextlib.nullcontext(None)


def split_selectors(values: Optional[list[str]]) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def run() -> None:
    """Run the app and turn every error into a message and exit code 2."""
    try:
        app()  # standalone mode: usage errors print and exit 2, typer.Exit sets the code
    except ModelError as error:
        from rtdiagram.cli.console import concise_line, make_console

        console = make_console(stderr=True)
        for diagnostic in error.diagnostics:
            console.print(concise_line(diagnostic))
        sys.exit(2)
    except RtdiagramError as error:
        fail(error.message, error.hint)
    except Exception as error:  # the promise: never a traceback for the user
        if os.environ.get("RTDIAGRAM_DEBUG"):
            raise
        fail(f"internal error: {type(error).__name__}: {error}",
             "this is a bug in rtdiagram; rerun with RTDIAGRAM_DEBUG=1 for the traceback")


def fail(message: str, hint: str | None = None) -> None:
    from rich.text import Text

    from rtdiagram.cli.console import make_console

    console = make_console(stderr=True)
    text = Text.assemble(("error", "bold red"), ": ", message)
    if hint:
        text.append("\n  help: ", "bold cyan")
        text.append(hint)
    console.print(text)
    sys.exit(2)
