"""`rtdiagram validate`, `schema`, `--version` and `--help` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rtdiagram._version import __version__
from tests.conftest import EXAMPLES, ROOT


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rtdiagram", *args], cwd=cwd, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100"},
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"rtdiagram {__version__}"


def test_help_has_examples() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "rtdiagram validate" in result.stdout and "Examples" in result.stdout


def test_validate_examples_exit_zero() -> None:
    result = run("validate", *[str(p.relative_to(ROOT)) for p in EXAMPLES])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(EXAMPLES)} files valid." in result.stdout


def test_validate_invalid_exit_two_with_locations(golden) -> None:
    result = run("validate", "tests/golden/invalid/unknown-key.yaml", "examples/minimal.yaml")
    assert result.returncode == 2
    golden(result.stdout, "cli/validate-invalid.txt")


def test_validate_json() -> None:
    result = run("validate", "--format", "json", "tests/golden/invalid/bad-enum.yaml")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report[0]["valid"] is False
    assert report[0]["diagnostics"][0]["location"] == {"line": 5, "column": 15}


def test_missing_file_is_a_clear_error() -> None:
    result = run("validate", "nope.yaml")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: nope.yaml: no such file"
    assert "Traceback" not in result.stderr


def test_usage_error_exit_two() -> None:
    assert run("validate").returncode == 2
    assert run("no-such-command").returncode == 2


def test_schema_to_file_refuses_user_file(tmp_path) -> None:
    target = tmp_path / "mine.json"
    target.write_text("{}")
    result = run("schema", "-o", str(target))
    assert result.returncode == 2 and "--force" in result.stderr
    assert target.read_text() == "{}"
    assert run("schema", "-o", str(target), "--force").returncode == 0
    assert json.loads(target.read_text())["$id"].endswith("/rtdiagram.schema.json")
    assert run("schema", "-o", str(target)).returncode == 0  # our own output may be refreshed


@pytest.mark.parametrize("module", ["openai"])
def test_validate_does_not_import_heavy_modules(module: str) -> None:
    code = (
        "import sys; from rtdiagram.cli.main import main; sys.argv=['rtdiagram','validate','examples/minimal.yaml'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        f"print({module!r} in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip().endswith("False"), result.stdout + result.stderr
