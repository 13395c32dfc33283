"""ANALYSE: load a model and run lint with the configuration that applies to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rtdiagram.config import Settings, load_settings
from rtdiagram.linter import LintResult, lint
from rtdiagram.loader import Loaded, load_file


def analyse(path: Path, settings: Settings | None = None, explicit_config: Path | None = None,
            today: date | None = None) -> tuple[Loaded, LintResult, Settings]:
    loaded = load_file(path)
    settings = settings or load_settings(path, explicit_config)
    return loaded, lint(loaded, settings.lint, today), settings


def fails(results: list[LintResult], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = {"error": 2, "warning": 1, "info": 0}[fail_on]
    return any(f.severity.rank >= threshold for r in results for f in r.findings)
