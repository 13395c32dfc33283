"""Entry point: registers every command group on the app, then runs it."""

from __future__ import annotations

from rtdiagram.cli import lint, modelfile, prose, render  # noqa: F401  (each registers its commands)
from rtdiagram.cli.app import app, run

__all__ = ["app", "main"]


def main() -> None:
    run()
