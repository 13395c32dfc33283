"""The editor schema: committed copy in sync, valid, accepts every example, rejects typos."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from rtdiagram.model.jsonschema import json_schema, json_schema_text
from tests.conftest import EXAMPLES, ROOT

COMMITTED = ROOT / "schemas" / "rtdiagram.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text() == json_schema_text(), "run: rtdiagram schema -o schemas/rtdiagram.schema.json --force"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_schema_accepts_example(example, validator) -> None:
    data = yaml.safe_load(example.read_text())
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_start_with_modeline(example) -> None:
    first = example.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/rtdiagram.schema.json"


def test_schema_rejects_typo_with_precise_path(validator) -> None:
    data = yaml.safe_load((ROOT / "examples/minimal.yaml").read_text())
    data["components"][1]["replikas"] = 3
    errors = list(validator.iter_errors(data))
    assert errors
    assert any("replikas" in e.message and list(e.absolute_path) == ["components", 1] for e in errors)


def test_schema_pins_kind_with_if_then(validator) -> None:
    data = {"system": {"name": "x"}, "components": [{"id": "a", "kind": "gateway", "replicas": "x"}]}
    errors = list(validator.iter_errors(data))
    assert [list(e.absolute_path) for e in errors] == [["components", 0, "replicas"]]


def test_schema_has_descriptions_and_no_auto_titles() -> None:
    text = json.dumps(json_schema())
    assert '"title": "Heartbeat Interval S"' not in text
    gateway = json_schema()["$defs"]["Gateway"]
    assert gateway["properties"]["replicas"]["description"]
    assert gateway["properties"]["replicas"]["markdownDescription"]
