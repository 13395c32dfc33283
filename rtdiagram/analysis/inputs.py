"""Lint and analyse :class:`~rtdiagram.model.inputs.ModelInput` (files or stdin).

Load, find the configuration from the input's ``config_start`` (the ``--stdin-filename`` for
stdin), lint.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rtdiagram.analysis.config import Settings, load_settings, with_options
from rtdiagram.analysis.engine import LintRun, lint
from rtdiagram.analysis.ruleset import LintResult
from rtdiagram.model.errors import ModelError
from rtdiagram.model.inputs import ModelInput
from rtdiagram.model.loader import Loaded


def analyse_input(item: ModelInput, settings: Settings | None = None, explicit_config: Path | None = None,
                  today: date | None = None) -> tuple[Loaded, LintResult, Settings]:
    loaded = item.load()
    settings = settings or load_settings(item.config_start, explicit_config)
    return loaded, lint(loaded, settings.lint, today), settings


def lint_inputs(inputs: list[ModelInput], config: Path | None = None, select: list[str] | None = None,
                ignore: list[str] | None = None, fail_on: str | None = None) -> LintRun:
    """Each input with the configuration nearest to it, command-line options on top."""
    results, sources, invalid = [], {}, []
    settings = None
    for item in inputs:
        try:
            settings = with_options(load_settings(item.config_start, config), select, ignore, fail_on)
            loaded, result, settings = analyse_input(item, settings)
        except ModelError as error:
            invalid += error.diagnostics
            continue
        results.append(result)
        sources[loaded.file] = loaded.text
    threshold = fail_on or (settings.fail_on if results and settings else "error")
    return LintRun(results, sources, invalid, threshold)
