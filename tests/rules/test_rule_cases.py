"""Edge cases as data (sqlfluff style): tests/rules/cases/<rule name>.yaml, one file per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rtdiagram import load_text
from rtdiagram.analysis.catalogue import all_rules, find_rule
from rtdiagram.analysis.engine import run_rules

CASES_DIR = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def test_every_rule_has_a_case_file() -> None:
    files = {p.stem for p in CASES_DIR.glob("*.yaml")}
    assert {r.name.replace("-", "_") for r in all_rules()} <= files
    for path in CASES_DIR.glob("*.yaml"):
        rule = find_rule(yaml.safe_load(path.read_text())["rule"])
        assert rule is not None and rule.name.replace("-", "_") == path.stem


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_case(code: str, case: dict) -> None:
    rule = find_rule(code)
    loaded = load_text(yaml.safe_dump(case["model"]), f"{case['name']}.yaml")
    found = [f for f in run_rules(loaded, rules=[rule]) if f.code == code]
    assert len(found) == case["expect"], [f.diagnostic.message for f in found]
