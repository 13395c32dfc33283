"""Shared fixtures: golden files refreshed with ``pytest --update-goldens``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"

# Pin the terminal so console output is stable.
os.environ.setdefault("COLUMNS", "100")
os.environ["NO_COLOR"] = "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/*")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str | bytes, str], None]:
    def check(actual: str | bytes, name: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-goldens"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual if isinstance(actual, bytes) else actual.encode("utf-8"))
            return
        assert path.exists(), f"missing golden {name}: run pytest --update-goldens and review"
        expected = path.read_bytes() if isinstance(actual, bytes) else path.read_text("utf-8")
        assert actual == expected, f"output differs from golden {name}"

    return check


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository as working directory, so paths print relative to it."""
    monkeypatch.chdir(ROOT)
    return ROOT
