"""Every rule documents itself, and its documentation runs: Example is flagged, Use instead is not."""

from __future__ import annotations

import pytest

from rtdiagram import load_text
from rtdiagram.analysis.catalogue import all_rules
from rtdiagram.analysis.engine import run_rules
from rtdiagram.analysis.ruleset import yaml_blocks

RULES = all_rules()
HEADINGS = ["What it does", "Why is this bad?", "Example", "Use instead", "References"]


def codes_for(text: str, rule) -> list[str]:
    loaded = load_text(text, "example.yaml")
    return [f.code for f in run_rules(loaded, rules=[rule])]


def test_at_least_34_rules() -> None:
    assert len(RULES) >= 34


def test_codes_and_names_are_unique_and_well_formed() -> None:
    import re

    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"(LB|FO|CR|AU|HB|TR|SC)\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name), rule.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docstring_headings_in_order(rule) -> None:
    positions = [rule.doc.find(f"## {heading}\n") for heading in HEADINGS]
    assert all(p >= 0 for p in positions), f"{rule.code} misses a heading: {positions}"
    assert positions == sorted(positions)
    assert rule.section("References").startswith("- "), "References lists sources"
    assert rule.checklist, "every rule informs at least one checklist item"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_is_flagged(rule) -> None:
    blocks = yaml_blocks(rule.section("Example"))
    assert len(blocks) == 1
    assert rule.code in codes_for(blocks[0], rule)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_use_instead_is_not_flagged(rule) -> None:
    blocks = yaml_blocks(rule.section("Use instead"))
    assert len(blocks) == 1
    assert rule.code not in codes_for(blocks[0], rule)
