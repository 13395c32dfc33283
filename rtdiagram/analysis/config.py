"""Lint configuration: ``[tool.rtdiagram]`` in pyproject.toml, or rtdiagram.toml / .rtdiagram.toml.

The nearest file to the model wins (searching upwards from the model's folder), as in ruff;
``--config PATH`` overrides discovery and command-line options override the file::

    [tool.rtdiagram]
    select = ["ALL"]
    ignore = ["TR009", "SC"]
    fail-on = "warning"

    [tool.rtdiagram.severity]
    AU001 = "error"

    [tool.rtdiagram.thresholds]
    heartbeat_margin = 0.4
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from rtdiagram.model.diagnostics import Severity
from rtdiagram.model.errors import ConfigError
from rtdiagram.analysis.ruleset import LintConfig, Thresholds
from rtdiagram.analysis.catalogue import validate_selectors
from rtdiagram.model.suggest import hint

KEYS = ("select", "ignore", "severity", "thresholds", "fail-on")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Settings:
    lint: LintConfig = LintConfig()
    fail_on: str = "error"
    source: str | None = None   # the file the settings came from, for messages


def find_config(start: Path) -> Path | None:
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate_dir in (folder, *folder.parents):
        for name in ("rtdiagram.toml", ".rtdiagram.toml"):
            if (candidate_dir / name).is_file():
                return candidate_dir / name
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file() and "rtdiagram" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def load_settings(model_path: Path | None, explicit: Path | None = None) -> Settings:
    path = explicit or (find_config(model_path) if model_path else None)
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    data = _read(path)
    table = data.get("tool", {}).get("rtdiagram", {}) if path.name == "pyproject.toml" else data
    return parse_settings(table, str(path))


def parse_settings(table: dict[str, Any], source: str) -> Settings:
    where = f"{source} [tool.rtdiagram]" if source.endswith("pyproject.toml") else source
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}",
                              hint=hint(key, list(KEYS), f"keys: {', '.join(KEYS)}"))
    select = _strings(table.get("select", ["ALL"]), f"{where}: select")
    ignore = _strings(table.get("ignore", []), f"{where}: ignore")
    validate_selectors(select, f"{where}: select")
    validate_selectors(ignore, f"{where}: ignore")
    severity: dict[str, Severity] = {}
    for code, level in dict(table.get("severity", {})).items():
        validate_selectors([code], f"{where}: severity")
        if level == "off":
            ignore.append(code)
            continue
        try:
            severity[code] = Severity(level)
        except ValueError:
            raise ConfigError(f"{where}: severity of {code} is {level!r}",
                              hint="use error, warning, info or off") from None
    thresholds = _thresholds(dict(table.get("thresholds", {})), where)
    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail-on is {fail_on!r}", hint=f"one of: {', '.join(FAIL_ON)}")
    return Settings(LintConfig(tuple(select), tuple(ignore), severity, thresholds), fail_on, source)


def _strings(value: Any, what: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what} must be a list of rule codes or names")
    return list(value)


def _thresholds(values: dict[str, Any], where: str) -> Thresholds:
    known = {f.name: f for f in fields(Thresholds)}
    updates: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown threshold {key!r}",
                              hint=hint(key, list(known), f"thresholds: {', '.join(known)}"))
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{where}: threshold {key} must be a number, found {value!r}")
        updates[key] = value
    return replace(Thresholds(), **updates)


def with_options(settings: Settings, select: list[str] | None, ignore: list[str] | None,
                 fail_on: str | None) -> Settings:
    """Command-line options override the file."""
    lint = settings.lint
    if select:
        validate_selectors(select, "--select")
        lint = replace(lint, select=tuple(select))
    if ignore:
        validate_selectors(ignore, "--ignore")
        lint = replace(lint, ignore=lint.ignore + tuple(ignore))
    return replace(settings, lint=lint, fail_on=fail_on or settings.fail_on)
