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

import math
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from rtdiagram.model.diagnostics import Severity
from rtdiagram.model.errors import ConfigError, RtdiagramError
from rtdiagram.model.files import read_limited
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


MAX_CONFIG_BYTES = 1024 * 1024
FRACTIONS = ("heartbeat_margin", "memory_utilisation")   # shares of something: 0 to 1
MAX_THRESHOLD = 10**12


def find_config(start: Path) -> Path | None:
    """The nearest configuration above ``start``. Folders that cannot be searched are skipped,
    and so is a pyproject.toml that is not ours (it cannot break lint, however broken it is)."""
    try:
        folder = start.resolve()
        if folder.is_file():
            folder = folder.parent
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        folder = start.parent.absolute()
    for candidate_dir in (folder, *folder.parents):
        for name in ("rtdiagram.toml", ".rtdiagram.toml"):
            if _is_file(candidate_dir / name):
                return candidate_dir / name
        pyproject = candidate_dir / "pyproject.toml"
        if _is_file(pyproject) and _mentions_us(pyproject) and "rtdiagram" in _tool(_read(pyproject), pyproject):
            return pyproject
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may not search
        return False


def _mentions_us(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a [tool.rtdiagram…] table at all, without parsing it."""
    try:
        data = read_limited(pyproject, MAX_CONFIG_BYTES)
    except RtdiagramError:
        return False
    return b"rtdiagram" in data


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_limited(path, MAX_CONFIG_BYTES)
    except RtdiagramError as exc:
        message = exc.message.replace(": no such file", ": no such configuration file")
        raise ConfigError(message, exc.hint) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: over {MAX_CONFIG_BYTES:,} bytes; is this a configuration file?")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte {exc.start})", hint="save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, nesting too deep
        raise ConfigError(f"{path}: unreadable TOML: {exc}") from None


def _tool(data: dict[str, Any], path: Path) -> dict[str, Any]:
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table")
    return tool


def load_settings(model_path: Path | None, explicit: Path | None = None) -> Settings:
    path = explicit or (find_config(model_path) if model_path else None)
    if path is None:
        return Settings()
    data = _read(path)
    table = _tool(data, path).get("rtdiagram", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.rtdiagram] must be a table", hint="write it as [tool.rtdiagram]")
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
    for code, level in _table(table.get("severity", {}), f"{where}: severity").items():
        validate_selectors([code], f"{where}: severity")
        if not isinstance(level, str):
            raise ConfigError(f"{where}: severity of {code} must be text, found {_short(level)}",
                              hint="use error, warning, info or off")
        if level == "off":
            ignore.append(code)
            continue
        try:
            severity[code] = Severity(level)
        except ValueError:
            raise ConfigError(f"{where}: severity of {code} is {_short(level)}",
                              hint="use error, warning, info or off") from None
    thresholds = _thresholds(_table(table.get("thresholds", {}), f"{where}: thresholds"), where)
    fail_on = table.get("fail-on", "error")
    if not isinstance(fail_on, str) or fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: fail-on is {_short(fail_on)}", hint=f"one of: {', '.join(FAIL_ON)}")
    return Settings(LintConfig(tuple(select), tuple(ignore), severity, thresholds), fail_on, source)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _table(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{what} must be a table, found {_short(value)}",
                          hint="write it as its own [tool.rtdiagram.…] table, or as {key = value}")
    return value


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
            raise ConfigError(f"{where}: threshold {key} must be a number, found {_short(value)}")
        top = 1 if key in FRACTIONS else MAX_THRESHOLD
        if not (isinstance(value, int) and 0 <= value <= top) and not (
                isinstance(value, float) and math.isfinite(value) and 0 <= value <= top):
            raise ConfigError(f"{where}: threshold {key} must lie between 0 and {top:,}, found {_short(value)}")
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
