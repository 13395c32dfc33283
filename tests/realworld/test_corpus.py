"""The real-world corpus: documented architectures and deliberately flawed designs, linted.

Every expected code fires; no must-not-flag code fires at warning or above; and no rule fires
at warning or above on more than half of the real designs (a rule that flags nearly every
well-built system is noise). `pytest tests/realworld -s` prints the per-rule table.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from rtdiagram import load_text
from rtdiagram.analysis.engine import run_rules
from rtdiagram.model.diagnostics import Severity

CORPUS = Path(__file__).parent
FILES = sorted(CORPUS.glob("*.yaml"))
SERIOUS = (Severity.WARNING, Severity.ERROR)


@lru_cache(maxsize=None)
def entry(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def findings(path: Path) -> tuple:
    loaded = load_text(yaml.safe_dump(entry(path)["model"], sort_keys=False), path.name)
    return tuple(run_rules(loaded))


def real() -> list[Path]:
    return [p for p in FILES if entry(p)["kind"] == "real"]


def test_corpus_size() -> None:
    kinds = Counter(entry(p)["kind"] for p in FILES)
    assert kinds["real"] >= 15 and kinds["synthetic"] >= 8, kinds


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_entry_is_well_formed(path: Path) -> None:
    data = entry(path)
    assert data["kind"] in ("real", "synthetic")
    words = len(data["description"].split())
    if data["kind"] == "real":
        assert 100 <= words <= 200, f"{words} words"
        assert data["sources"], "a real design names its sources"
    assert set(data["expect"]).isdisjoint(data["must_not_flag"])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_expected_codes_fire(path: Path) -> None:
    fired = {f.code for f in findings(path)}
    assert set(entry(path)["expect"]) <= fired, sorted(fired)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_must_not_flag(path: Path) -> None:
    serious = [f for f in findings(path) if f.severity in SERIOUS and f.code in entry(path)["must_not_flag"]]
    assert not serious, [f"{f.code} {f.severity.value}: {f.diagnostic.message}" for f in serious]


def fire_table() -> Counter:
    """Rule → number of real designs where it fires at warning or above."""
    table: Counter = Counter()
    for path in real():
        table.update({f.code for f in findings(path) if f.severity in SERIOUS})
    return table


def test_no_rule_fires_on_more_than_half_of_the_real_designs() -> None:
    table, total = fire_table(), len(real())
    print(f"\nrule fires (warning+) on N of {total} real designs:")
    for code, count in sorted(table.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {code}  {count}")
    noisy = {code: count for code, count in table.items() if count > total / 2}
    assert not noisy, noisy
