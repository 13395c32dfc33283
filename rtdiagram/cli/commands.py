"""Every command group, registered on the app by importing it: the one list of them."""

from __future__ import annotations


def register() -> None:
    # The order is the order of `rtdiagram --help`: the main job first.
    from rtdiagram.cli import render, lint, review, modelfile, prose, importing  # noqa: F401, I001
