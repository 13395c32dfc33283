"""Entry point: registers every command group on the app, then runs it."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):  # answered before typer is imported: ~20 ms, not ~80
        from rtdiagram._version import __version__

        print(f"rtdiagram {__version__}")
        return
    if "--help" in sys.argv or "-h" in sys.argv:  # the same text typer prints, without importing it
        from rtdiagram.cli.helptext import lookup

        text = lookup(sys.argv[1:])
        if text is not None:
            try:
                sys.stdout.write(text)
                sys.stdout.flush()
            except OSError as error:  # as run() does: one line, exit 2 (see cli/app.py)
                from rtdiagram.cli.app import _stdout_failed

                _stdout_failed(error)
            return
    from rtdiagram.cli.app import run
    from rtdiagram.cli.commands import register

    register()

    run()
