"""Issue 11: a bounded run of bench/fuzz.py in the suite, and every input the suite itself uses
(examples, invalid goldens, rule cases) through every command: never an internal error."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from tests.conftest import EXAMPLES, GOLDEN, ROOT

sys.path.insert(0, str(ROOT / "bench"))

import fuzz  # noqa: E402

COUNTS = {"validate": 150, "lint": 40, "checklist": 30, "prompt": 30, "render-text": 30, "render-svg": 15}


def test_bounded_fuzz(tmp_path: Path) -> None:
    started = time.monotonic()
    report = fuzz.run_fuzz(COUNTS, seed=11, jobs=0, work=tmp_path, deadline=25)
    assert time.monotonic() - started < 30
    assert sum(report.counts.values()) >= 150, report.counts  # 295 unless the machine is very busy
    assert [(f.command, f.index, f.problem, f.stderr[-300:]) for f in report.failures] == []


def suite_inputs() -> list[tuple[str, bytes, tuple[str, ...]]]:
    """(name, content, commands): the examples through everything, invalid models through the
    loading commands, every rule case through lint, checklist and prompt."""
    every = tuple(fuzz.COMMANDS)
    inputs = [(path.name, path.read_bytes(), every) for path in EXAMPLES]
    inputs += [(path.name, path.read_bytes(), ("validate", "lint", "render-text"))
               for path in sorted((GOLDEN / "invalid").glob("*.yaml"))]
    for path in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        for number, case in enumerate(yaml.safe_load(path.read_text("utf-8"))["cases"]):
            commands = ("lint", "checklist", "prompt") + (("render-text",) if number == 0 else ())
            inputs.append((f"{path.stem}-{number}.yaml", yaml.safe_dump(case["model"], sort_keys=False).encode(), commands))
    return inputs


def test_no_suite_input_is_an_internal_error(tmp_path: Path) -> None:
    failures = []
    for index, (name, data, commands) in enumerate(suite_inputs()):
        for command in commands:
            outcome = fuzz.run_one(command, index, data, tmp_path, name)
            if outcome.problem:
                failures.append((name, command, outcome.problem, outcome.stderr[-300:]))
    assert failures == []
