"""Property-based: for any input, the loader returns a model or raises ModelError — nothing else."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rtdiagram import load_text
from rtdiagram.model.errors import ModelError
from rtdiagram.model.components import KINDS
from tests.conftest import ROOT

BASE = yaml.safe_load((ROOT / "examples/collab-editor.yaml").read_text())

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=False),
    st.text(max_size=12), st.sampled_from(list(KINDS) + ["on", "yes", "010", "1:30", "~"]),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def outcome(text: str) -> None:
    try:
        load_text(text)
    except ModelError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.start.line >= 1 and diagnostic.start.column >= 1
            assert diagnostic.code.startswith("M")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    outcome(text)


@settings(max_examples=150, deadline=None)
@given(values)
def test_random_yaml_documents(data) -> None:
    outcome(yaml.safe_dump(data))


@st.composite
def near_valid(draw) -> str:
    """The collaborative editor with one part replaced, deleted or renamed."""
    data = yaml.safe_load(yaml.safe_dump(BASE))
    section = draw(st.sampled_from(["components", "links", "flows", "system"]))
    target = data[section]
    if isinstance(target, list):
        index = draw(st.integers(0, len(target) - 1))
        item = target[index]
        key = draw(st.sampled_from(sorted(item))) if isinstance(item, dict) and item else None
    else:
        item, key = target, draw(st.sampled_from(sorted(target)))
    action = draw(st.sampled_from(["replace", "delete", "rename"]))
    if key is None:
        return yaml.safe_dump(data)
    if action == "replace":
        item[key] = draw(values)
    elif action == "delete":
        del item[key]
    else:
        item[key + draw(st.text(min_size=1, max_size=3))] = item.pop(key)
    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=200, deadline=None)
@given(near_valid())
def test_near_valid_models(text: str) -> None:
    outcome(text)
