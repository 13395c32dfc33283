"""Loading: every example is valid; every broken input gets its exact, located error text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rtdiagram import load_file, load_text
from rtdiagram.model.errors import ModelError
from tests.conftest import EXAMPLES, GOLDEN, ROOT

INVALID = sorted((GOLDEN / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_are_valid(example: Path) -> None:
    loaded = load_file(example)
    assert loaded.model.components
    assert loaded.model.system.name


def test_there_are_five_examples() -> None:
    assert {p.stem for p in EXAMPLES} >= {
        "collab-editor", "llm-streaming", "multiplayer-game", "live-dashboard", "minimal"
    }


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_input_golden(case: Path, golden, in_root: Path) -> None:
    with pytest.raises(ModelError) as info:
        load_file(case.relative_to(ROOT))
    text = "".join(d.concise() + "\n" for d in info.value.diagnostics)
    assert all(":" in line.split(" ")[0] for line in text.splitlines())  # file:line:col first
    golden(text, f"invalid/{case.stem}.txt")


def test_invalid_cases_exist() -> None:
    assert len(INVALID) >= 12
    orphans = {p.stem for p in (GOLDEN / "invalid").glob("*.txt")} - {p.stem for p in INVALID}
    assert not orphans, f"golden files without a case: {orphans}"


def errors_of(text: str) -> list[str]:
    with pytest.raises(ModelError) as info:
        load_text(text, "m.yaml")
    return [d.concise() for d in info.value.diagnostics]


MINIMAL = "system: {name: x}\ncomponents:\n  - {id: a, kind: client}\n"


def test_all_errors_reported_at_once() -> None:
    text = MINIMAL + "  - {id: b, kind: gatway}\n  - {id: c, kind: gateway, replicas: x}\n"
    errors = errors_of(text)
    assert len(errors) == 2
    assert "M103" in errors[0] and "did you mean 'gateway'" in errors[0]
    assert errors[1].startswith("m.yaml:5:") and "expected an integer" in errors[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("on", "on"), ("no", "no"), ("yes", "yes"), ("1:30", "1:30"), ("2024-01-01", "2024-01-01")],
)
def test_no_yaml_11_surprises_in_text(value: str, expected: str) -> None:
    model = load_text(f"system: {{name: {value}}}\ncomponents: [{{id: a, kind: client}}]\n").model
    assert model.system.name == expected


def test_leading_zero_is_decimal_not_octal() -> None:
    text = "system: {name: x}\ncomponents: [{id: a, kind: gateway, replicas: 010}]\n"
    assert load_text(text).model.components[0].replicas == 10


def test_yes_is_not_a_boolean() -> None:
    errors = errors_of(MINIMAL.replace("kind: client}", "kind: client, with_credentials: yes}"))
    assert "expected true or false, found 'yes'" in errors[0]


def test_alias_bomb_rejected_fast() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    errors = errors_of("\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    assert "M003" in errors[0] and "aliases expand the document" in errors[0]
    assert elapsed < 0.1  # a functional bound: expansion must never actually happen


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("a: &x [*x]\n", "M005", "recursive alias"),
        ("a: " + "[" * 80 + "]" * 80 + "\n", "M004", "nesting deeper than 64"),
        ("a: !!python/object/apply:os.system [ls]\n", "M001", "unsupported YAML tag"),
        ("a: !Ref foo\n", "M001", "unsupported YAML tag"),
        ("a: 1\n---\nb: 2\n", "M001", "several YAML documents"),
        ("- 1\n- 2\n", "M008", "found a list"),
        ("just text\n", "M008", "found a single value"),
        ("", "M008", "empty"),
        ("# only a comment\n", "M008", "no YAML document"),
        ("a:\n\tb: 1\n", "M001", "YAML syntax error"),
    ],
)
def test_hostile_and_odd_inputs(text: str, code: str, fragment: str) -> None:
    errors = errors_of(text)
    assert code in errors[0] and fragment in errors[0], errors


def test_binary_and_encodings(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "l.yaml"
    latin.write_bytes("system: {name: caf\xe9}\n".encode("latin-1"))
    utf16 = tmp_path / "u.yaml"
    utf16.write_text(MINIMAL, encoding="utf-16")
    for path, fragment in ((binary, "NUL bytes"), (latin, "not valid UTF-8")):
        with pytest.raises(ModelError) as info:
            load_file(path)
        assert fragment in info.value.diagnostics[0].message
    assert load_file(utf16).model.system.name == "x"


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (6 * 1024 * 1024) + b"\n")
    with pytest.raises(ModelError) as info:
        load_file(big)
    assert info.value.diagnostics[0].code == "M007"


def test_model_is_frozen() -> None:
    model = load_text(MINIMAL).model
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="frozen"):
        model.components[0].label = "changed"  # type: ignore[misc]


def test_queries() -> None:
    model = load_file(ROOT / "examples/collab-editor.yaml").model
    assert model.by_id["ws"].instance_count == 3
    assert [link.to for link in model.links_from("editor")] == ["nlb"]
    assert {c.id for c in model.neighbours("cleanup")} == {"ws", "registry", "bus"}
    assert model.by_id["bus"].effective_delivery == "at_most_once"


def test_a_bad_value_for_a_field_that_takes_one_or_a_list_is_one_problem() -> None:
    from rtdiagram.model.errors import ModelError

    text = "version: 2\nsystem: {name: S}\ncomponents:\n  - {id: unit, kind: client, platform: iot}\n"
    with pytest.raises(ModelError) as caught:
        load_text(text, "m.yaml")
    problems = [d for d in caught.value.diagnostics if "platform" in d.message]
    assert len(problems) == 1 and "device" in (problems[0].hint or "")
