"""The Typer application, the options several commands share, and the error boundary.

Exit codes: 0 success; 1 lint findings at or above ``--fail-on``; 2 invalid input, bad usage,
or any other error. Errors never end in a traceback (set ``RTDIAGRAM_DEBUG=1`` to see one).
"""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram._version import __version__
from rtdiagram.model.errors import ModelError, RtdiagramError

from rtdiagram.cli.help import examples, install

install()

HELP = """Diagrams, design lint and scaling checklists for real-time systems.

Reads a YAML model of a WebSocket / SSE / long-polling / WebRTC architecture. Every command
that reads a model takes - for stdin (name it with --stdin-filename).

""" + examples(
    "Examples",
    "rtdiagram render examples/collab-editor.yaml -f svg -f png",
    "rtdiagram render examples/collab-editor.yaml --view sequence --flow connect",
    "rtdiagram lint examples/flawed-chat.yaml --format sarif > rtdiagram.sarif",
    "cat design.yaml | rtdiagram lint - --stdin-filename design.yaml",
    "rtdiagram checklist examples/flawed-chat.yaml --fail-on missing",
    "rtdiagram diff old.yaml new.yaml --format markdown",
    "rtdiagram draft -f brief.txt -o design.yaml",
    "rtdiagram new --pattern chat -o chat.rtdiagram.yaml",
    "rtdiagram validate examples/*.yaml",
    "rtdiagram --install-completion          # bash, zsh or fish",
)

app = typer.Typer(
    help=HELP,
    rich_markup_mode=None,  # plain click help: no Python types, and no rich import (see cli/help.py)
    no_args_is_help=True,
    add_completion=True,
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
ConfigOption = Annotated[Optional[Path], typer.Option("--config", metavar="FILE", help="Use this configuration file instead of discovering one.")]
StdinFilenameOption = Annotated[Optional[str], typer.Option(
    "--stdin-filename", metavar="NAME",
    help="The name of the model read from - (stdin): shown in messages, and where the configuration search starts.")]


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
    """Text to stdout (no output, or "-"), or atomically to a file (never replacing a user's file
    without --force)."""
    if output is None or str(output) == "-":
        from rtdiagram.model.safetext import terminal_text

        typer.echo(terminal_text(text), nl=False)
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
        try:
            app(prog_name="rtdiagram")  # standalone: usage errors exit 2; also names completion scripts
        finally:
            sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the boundary
    except OSError as error:
        if error.filename is not None or error.errno not in _STDOUT_ERRNOS:
            _internal(error)
        _stdout_failed(error)
    except ModelError as error:
        from rtdiagram.cli.console import diagnostic_line, make_console

        console = make_console(stderr=True, plain_ok=True)
        for diagnostic in error.diagnostics:
            console.print(diagnostic_line(console, diagnostic))
        sys.exit(2)
    except RtdiagramError as error:
        fail(error.message, error.hint)
    except Exception as error:  # the promise: never a traceback for the user
        _internal(error)
    except KeyboardInterrupt:
        print("rtdiagram: interrupted", file=sys.stderr)
        sys.exit(130)
    except BaseException as error:  # pyo3's PanicException (resvg, wasmtime) is not an Exception
        if type(error).__name__ != "PanicException":
            raise  # SystemExit, GeneratorExit: they pass through
        _internal(error)


_STDOUT_ERRNOS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EBADF}


def _stdout_failed(error: OSError) -> None:
    """stdout cannot be written (``> /dev/full``, a closed pipe): one line on stderr, exit 2."""
    try:  # Python flushes stdout again at exit: point it at /dev/null so that flush succeeds
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if error.errno == errno.EPIPE:  # the reader went away (`| head`): not worth a message
        os._exit(2)
    space = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    fail(f"cannot write the output: {error.strerror or error}",
         "check the free space where stdout goes" if space else None)


def _internal(error: BaseException) -> None:
    if os.environ.get("RTDIAGRAM_DEBUG"):
        raise error
    fail(f"internal error: {type(error).__name__}: {error}",
         "this is a bug in rtdiagram; rerun with RTDIAGRAM_DEBUG=1 for the traceback")


def fail(message: str, hint: str | None = None) -> None:
    from rtdiagram.cli.console import coloured
    from rtdiagram.model.safetext import escape_controls

    message, hint = escape_controls(message), escape_controls(hint) if hint else None
    if not coloured(stderr=True):  # no rich import for a plain error line
        sys.stderr.write(f"error: {message}" + (f"\n  help: {hint}" if hint else "") + "\n")
        sys.exit(2)
    from rich.text import Text

    from rtdiagram.cli.console import make_console

    text = Text.assemble(("error", "bold red"), ": ", message)
    if hint:
        text.append("\n  help: ", "bold cyan")
        text.append(hint)
    make_console(stderr=True).print(text)
    sys.exit(2)
