"""A seeded mutation fuzzer: every input must end in a result or one located error.

    python bench/fuzz.py                         # the issue's scale: 10,000 validate, 2,000 each other
    python bench/fuzz.py --scale 0.05 --seed 7   # a quick run
    python bench/fuzz.py --jobs 2 --timeout 30 --report docs/reliability.md

Inputs are the examples and the models of the rule case files, mutated structurally (a value
replaced by a huge, hex, non-finite, control-character, injection or wrong-typed one; a key
dropped, renamed or added; a reference broken; an item duplicated; nesting deepened) or as text
(tags, anchors, tabs, truncation, byte noise). Input ``i`` of a command is generated from
``(seed, command, i)`` alone, so any failure is reproduced by its number.

Each input runs in-process through the CLI entry ``rtdiagram.cli.main.main`` (``sys.argv``
set, output captured) inside worker processes; a worker that does not answer within
``--timeout`` is killed and the input counted as a hang. Failures: "internal error" or a
traceback on stderr, an uncaught exception, an exit code outside the command's contract, a
hang, an SVG that is not well-formed XML, or a failed run that left output files behind.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree


ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from fuzz_inputs import file_name, make_input, seeds  # noqa: E402

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "{model}"],
    "lint": ["lint", "{model}"],
    "checklist": ["checklist", "{model}"],
    "prompt": ["prompt", "{model}"],
    "render-svg": ["render", "{model}", "-f", "svg", "-o", "{out}/"],
    "render-text": ["render", "{model}", "-f", "mermaid", "-f", "d2", "-f", "dot", "-o", "{out}/"],
}
EXIT_CODES = {"validate": {0, 2}, "lint": {0, 1, 2}}
DEFAULT_COUNTS = {"validate": 10_000, "lint": 2_000, "checklist": 2_000, "prompt": 2_000,
                  "render-svg": 2_000, "render-text": 2_000}

# --------------------------------------------------------------------------------------------
# Running one input


@dataclass
class Outcome:
    command: str
    index: int
    code: int | None
    problem: str | None = None      # None: a valid outcome
    stderr: str = ""
    seconds: float = 0.0


def _run_cli(argv: list[str]) -> tuple[int | None, str, str, str | None]:
    from rtdiagram.cli.main import main

    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True)
    code: int | None = 0
    crash = None
    old_argv = sys.argv
    sys.argv = ["rtdiagram", *argv]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BaseException as exc:  # noqa: BLE001 - anything escaping main() is a failure
        crash = "".join(traceback.format_exception(exc))
        code = None
    finally:
        sys.argv = old_argv
    return code, out_bytes.getvalue().decode("utf-8", "replace"), err_bytes.getvalue().decode("utf-8", "replace"), crash


def run_one(command: str, index: int, data: bytes, work: Path, name: str = "model.yaml") -> Outcome:
    case = work / f"{command}-{index}"
    shutil.rmtree(case, ignore_errors=True)
    out = case / "out"
    out.mkdir(parents=True)
    model = case / name
    model.write_bytes(data)
    argv = [part.format(model=model, out=out) for part in COMMANDS[command]]
    started = time.perf_counter()
    code, _stdout, stderr, crash = _run_cli(argv)
    outcome = Outcome(command, index, code, stderr=stderr[-2000:], seconds=time.perf_counter() - started)
    written = sorted(out.iterdir())
    if crash:
        outcome.problem, outcome.stderr = "uncaught exception", crash[-2000:]
    elif "internal error" in stderr:
        outcome.problem = "internal error"
    elif "Traceback" in stderr or "Exception ignored" in stderr:
        outcome.problem = "traceback"
    elif code not in EXIT_CODES.get(command, {0, 2}):
        outcome.problem = f"exit code {code}"
    elif code == 2 and written:
        outcome.problem = "partial output after an error"
    elif code == 2 and not (stderr.strip() or _stdout.strip()):
        outcome.problem = "error without a message"
    else:
        for path in written:
            if path.suffix == ".svg":
                try:
                    ElementTree.fromstring(path.read_bytes())
                except ElementTree.ParseError as exc:
                    outcome.problem = f"SVG is not well-formed XML: {exc}"
    if outcome.problem is None:
        shutil.rmtree(case, ignore_errors=True)
    return outcome


# --------------------------------------------------------------------------------------------
# Workers: one input at a time over a pipe, so a hang is detected and killed


def _worker(conn, seed: int, work: str) -> None:  # pragma: no cover - runs in a child
    os.environ["NO_COLOR"] = "1"
    os.environ.setdefault("COLUMNS", "100")
    pool = seeds()
    while True:
        job = conn.recv()
        if job is None:
            return
        command, index = job
        data = make_input(seed, command, index, pool)
        outcome = run_one(command, index, data, Path(work), file_name(seed, command, index))
        if outcome.problem:
            (Path(work) / f"{command}-{index}" / "stderr.txt").write_text(outcome.stderr, "utf-8")
        conn.send(outcome)


@dataclass
class Report:
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[Outcome] = field(default_factory=list)
    exits: dict[str, dict[int, int]] = field(default_factory=dict)
    seconds: float = 0.0
    svgs: int = 0

    def kinds(self, command: str) -> dict[str, int]:
        table = {"internal error": 0, "traceback": 0, "hang": 0, "xml": 0, "other": 0}
        for failure in self.failures:
            if failure.command != command:
                continue
            problem = failure.problem or ""
            key = ("internal error" if problem == "internal error" else
                   "traceback" if problem in ("traceback", "uncaught exception") else
                   "hang" if problem.startswith("hang") else "xml" if problem.startswith("SVG") else "other")
            table[key] += 1
        return table


def run_fuzz(counts: dict[str, int], seed: int = 1, jobs: int = 2, timeout: float = 30.0,
             work: Path | None = None, deadline: float | None = None, progress: bool = False) -> Report:
    """Run every input; ``jobs=0`` runs in this process (no hang detection beyond an alarm)."""
    work = work or Path(tempfile.mkdtemp(prefix="rtdiagram-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    report = Report(seed)
    queue = [(command, index) for command, count in counts.items() for index in range(count)]
    random.Random(seed).shuffle(queue)  # mix cheap and slow commands across workers
    started = time.monotonic()

    def record(outcome: Outcome) -> None:
        report.counts[outcome.command] = report.counts.get(outcome.command, 0) + 1
        bucket = report.exits.setdefault(outcome.command, {})
        bucket[outcome.code if outcome.code is not None else -1] = bucket.get(outcome.code if outcome.code is not None else -1, 0) + 1
        if outcome.problem:
            report.failures.append(outcome)
            if progress:
                print(f"FAIL {outcome.command} #{outcome.index}: {outcome.problem}: "
                      f"{outcome.stderr.strip().splitlines()[-1:] if outcome.stderr.strip() else ''}", file=sys.stderr)

    if jobs == 0:
        pool = seeds()
        for command, index in queue:
            if deadline and time.monotonic() - started > deadline:
                break
            record(run_one(command, index, make_input(seed, command, index, pool), work,
                           file_name(seed, command, index)))
        report.seconds = time.monotonic() - started
        return report

    context = multiprocessing.get_context("fork")
    workers: list[dict] = []

    def spawn() -> dict:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, seed, str(work)), daemon=True)
        process.start()
        return {"process": process, "conn": parent, "job": None, "since": 0.0}

    workers = [spawn() for _ in range(jobs)]
    done = 0
    seed_pool = seeds()

    def keep(command: str, index: int) -> None:  # a dead worker left no input behind
        case = work / f"{command}-{index}"
        case.mkdir(parents=True, exist_ok=True)
        try:
            (case / file_name(seed, command, index)).write_bytes(make_input(seed, command, index, seed_pool))
        except Exception as exc:  # noqa: BLE001 - the generator itself failed
            (case / "generator-error.txt").write_text(repr(exc), "utf-8")
    from multiprocessing.connection import wait

    while queue or any(w["job"] for w in workers):
        out_of_time = deadline is not None and time.monotonic() - started > deadline
        for slot, worker in enumerate(workers):
            if worker["job"] is None and queue and not out_of_time:
                worker["job"] = queue.pop()
                worker["since"] = time.monotonic()
                worker["conn"].send(worker["job"])
        busy = [w for w in workers if w["job"]]
        if not busy:
            break
        ready = wait([w["conn"] for w in busy], timeout=1.0)
        now = time.monotonic()
        for slot, worker in enumerate(workers):
            if worker["job"] is None:
                continue
            if worker["conn"] in ready:
                try:
                    record(worker["conn"].recv())
                except EOFError:  # the worker died (a crash in native code)
                    command, index = worker["job"]
                    record(Outcome(command, index, None, "worker died"))
                    keep(command, index)
                    workers[slot] = spawn()
                    continue
                worker["job"] = None
                done += 1
            elif now - worker["since"] > timeout:
                command, index = worker["job"]
                worker["process"].kill()
                worker["process"].join()
                record(Outcome(command, index, None, f"hang (> {timeout:g} s)"))
                keep(command, index)
                workers[slot] = spawn()
        if progress and done and done % 500 == 0:
            print(f"… {done} inputs, {len(report.failures)} failures, "
                  f"{time.monotonic() - started:.0f} s", file=sys.stderr)
    for worker in workers:
        with contextlib.suppress(Exception):
            worker["conn"].send(None)
        worker["process"].join(timeout=5)
        if worker["process"].is_alive():
            worker["process"].kill()
    report.seconds = time.monotonic() - started
    return report


# --------------------------------------------------------------------------------------------
# Command line


def markdown(report: Report, jobs: int, timeout: float) -> str:
    lines = [
        "| command | inputs | exit 0 | exit 1 | exit 2 | internal errors | tracebacks | hangs | SVG not XML | other |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for command in COMMANDS:
        if command not in report.counts:
            continue
        exits = report.exits.get(command, {})
        kinds = report.kinds(command)
        lines.append(f"| `{' '.join(COMMANDS[command][:1] + [a for a in COMMANDS[command][2:] if not a.startswith('{')])}` "
                     f"| {report.counts[command]:,} | {exits.get(0, 0):,} | {exits.get(1, 0):,} | {exits.get(2, 0):,} "
                     f"| {kinds['internal error']} | {kinds['traceback']} | {kinds['hang']} | {kinds['xml']} | {kinds['other']} |")
    lines.append("")
    lines.append(f"Seed {report.seed}, {jobs} worker processes, {timeout:g} s per input, "
                 f"{report.seconds:.0f} s in all.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before an input is a hang")
    parser.add_argument("--max-seconds", type=float, default=25 * 60, help="stop starting new inputs after this")
    parser.add_argument("--only", action="append", choices=list(COMMANDS), help="run only these commands")
    parser.add_argument("--work", type=Path, help="keep failing inputs here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="write the counts and failures as JSON")
    parser.add_argument("--input", metavar="COMMAND:INDEX", help="print one input and exit")
    args = parser.parse_args(argv)
    if args.input:
        command, index = args.input.rsplit(":", 1)
        sys.stdout.buffer.write(make_input(args.seed, command, int(index), seeds()))
        return 0
    counts = {c: max(1, round(n * args.scale)) for c, n in DEFAULT_COUNTS.items() if not args.only or c in args.only}
    work = args.work or Path(tempfile.mkdtemp(prefix="rtdiagram-fuzz-"))
    report = run_fuzz(counts, args.seed, args.jobs, args.timeout, work, args.max_seconds, progress=True)
    print(markdown(report, args.jobs, args.timeout))
    for failure in report.failures[:50]:
        print(f"- {failure.command} #{failure.index}: {failure.problem} ({work / f'{failure.command}-{failure.index}'})")
    if args.json:
        args.json.write_text(json.dumps({
            "seed": report.seed, "counts": report.counts, "seconds": report.seconds,
            "exits": {c: {str(k): v for k, v in e.items()} for c, e in report.exits.items()},
            "failures": [{"command": f.command, "index": f.index, "problem": f.problem, "stderr": f.stderr[-500:]}
                         for f in report.failures],
        }, indent=2), "utf-8")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
