"""The rule catalogue: every rule module in ``analysis/rules/``, found once and looked up by code."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from operator import attrgetter

from rtdiagram.analysis.ruleset import REGISTERED, META, Rule
from rtdiagram.model.errors import ConfigError
from rtdiagram.model.suggest import hint


_loaded_rules = False


def all_rules() -> list[Rule]:
    global _loaded_rules
    if not _loaded_rules:
        import rtdiagram.analysis.rules as package

        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"rtdiagram.analysis.rules.{module.name}")
        _loaded_rules = True
    return sorted(REGISTERED.values(), key=attrgetter("code"))


def find_rule(key: str) -> Rule | None:
    for candidate in all_rules():
        if key.upper() == candidate.code or key.lower() == candidate.name:
            return candidate
    return None


def validate_selectors(selectors: Iterable[str], what: str) -> None:
    """Unknown codes in config or options are errors, with a "did you mean"."""
    known_codes = [r.code for r in all_rules()] + list(META)
    known_names = [r.name for r in all_rules()] + [n for n, _ in META.values()]
    prefixes = {re.match(r"[A-Z]+", c).group(0) for c in known_codes}  # type: ignore[union-attr]
    for selector in selectors:
        text = selector.strip()
        if text.upper() == "ALL" or text.lower() in known_names:
            continue
        if any(code.startswith(text.upper()) for code in known_codes) and (
            text.upper() in prefixes or re.fullmatch(r"[A-Z]+\d+", text.upper())
        ):
            continue
        raise ConfigError(f"{what}: unknown rule {text!r}",
                          hint=hint(text, known_codes + known_names, "see `rtdiagram rules`"))
