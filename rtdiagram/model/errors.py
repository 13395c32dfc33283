"""The one exception tree of rtdiagram.

    RtdiagramError                 anything the CLI reports as a clear message and exit code 2
    ├── ModelError                 the input is not a valid model; carries every Diagnostic found
    ├── ConfigError                bad configuration (pyproject.toml / rtdiagram.toml) or options
    ├── OutputError                refusing to overwrite a file, or unable to write one
    ├── RenderError                a layout engine failed or is missing
    │   └── EngineUnavailable      the requested engine (system dot, embedded) cannot run here
    └── DraftError                 the LLM path failed (no key, HTTP error, unusable answer)

The core never prints and never exits: it raises these, and ``cli.py`` turns them into text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rtdiagram.model.diagnostics import Diagnostic


class RtdiagramError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ModelError(RtdiagramError):
    """The input could not be turned into a model. ``diagnostics`` lists every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: d.sort_key)
        count = len(self.diagnostics)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the model")


class ConfigError(RtdiagramError):
    """Configuration or option values that cannot be used."""


class OutputError(RtdiagramError):
    """An output file could not be written, or would overwrite a user's file."""


class RenderError(RtdiagramError):
    """A diagram could not be laid out or converted."""


class EngineUnavailable(RenderError):
    """The requested layout engine is not available on this machine."""


class DraftError(RtdiagramError):
    """Drafting a model from prose failed."""
