"""rtdiagram benchmarks, each against its baseline in the same run, printed as ratios.

    python bench/run.py              # all benchmarks
    python bench/run.py load         # only the loader
    python bench/run.py load draft   # several, by name: load, render, lint, startup, draft, agreement

Medians of several runs; ratios are what to read (the machine is shared and noisy).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from rtdiagram.model.loader import load_file  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="rtdiagram-bench-"))


def median_time(fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def model_file(n: int) -> Path:
    path = WORK / f"synthetic-{n}.yaml"
    if not path.exists():
        path.write_text(generate(n))
    return path


def bench_load() -> None:
    print("## load + validate vs bare yaml.load(CSafeLoader)")
    print(f"{'N':>7} {'bytes':>10} {'yaml.load s':>12} {'rtdiagram s':>12} {'ratio':>7}")
    for n in (100, 1000, 10000):
        path = model_file(n)
        text = path.read_text()
        load_file(path)  # warm imports and caches
        bare = median_time(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        ours = median_time(lambda: load_file(path))
        print(f"{n:>7} {len(text):>10,} {bare:>12.3f} {ours:>12.3f} {ours / bare:>6.2f}×")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{chr(ord(c) - 1)}"] * 9) + "]\n" for c in "bcdefghi"
    )
    path = WORK / "bomb.yaml"
    path.write_text(bomb)

    def load_bomb() -> None:
        try:
            load_file(path)
        except Exception:
            pass

    print(f"alias bomb (9 levels × 9 refs) rejected in {median_time(load_bomb) * 1000:.2f} ms")


def run_process(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{result.stderr.decode()[-2000:]}")


def peak_rss_mb(args: list[str]) -> float:
    """Peak resident memory of a child process, in MiB (Linux ru_maxrss is KiB)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
            "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def bench_render() -> None:
    dot = shutil.which("dot")
    rtdiagram = [sys.executable, "-m", "rtdiagram"]
    print("## render SVG vs raw `dot -Tsvg` on the DOT rtdiagram emits (whole process, medians)")
    if not dot:
        print("(no system Graphviz: raw-dot baseline and --engine dot skipped)")
    print(f"{'N':>6} {'raw dot s':>10} {'render dot s':>13} {'ratio':>7} {'embedded s':>11} {'ratio':>7}")
    for n in (12, 100, 500, 2000):
        model = model_file(n)
        dot_file = WORK / f"synthetic-{n}.dot"
        run_process(rtdiagram + ["render", str(model), "-f", "dot", "-o", str(dot_file), "--force"])
        repeat = 5 if n <= 500 else 3
        out = WORK / f"out-{n}.svg"
        # warm the embedded engine's compiled-module cache once
        run_process(rtdiagram + ["render", str(model), "--engine", "embedded", "-o", str(out), "--force"])
        embedded = median_time(lambda: run_process(
            rtdiagram + ["render", str(model), "--engine", "embedded", "-o", str(out), "--force"]), repeat)
        if dot:
            raw = median_time(lambda: run_process([dot, "-Tsvg", str(dot_file), "-o", str(WORK / "raw.svg")]), repeat)
            ours = median_time(lambda: run_process(
                rtdiagram + ["render", str(model), "--engine", "dot", "-o", str(out), "--force"]), repeat)
            print(f"{n:>6} {raw:>10.3f} {ours:>13.3f} {ours / raw:>6.2f}× {embedded:>11.3f} {embedded / raw:>6.2f}×")
        else:
            print(f"{n:>6} {'-':>10} {'-':>13} {'-':>7} {embedded:>11.3f} {'-':>7}")
    model = model_file(500)
    png = WORK / "out-500.png"
    started = time.perf_counter()
    peak = peak_rss_mb(rtdiagram + ["render", str(model), "-f", "png", "-o", str(png), "--force",
                                    "--engine", "embedded"])
    print(f"PNG of N=500 (embedded engine + resvg): {time.perf_counter() - started:.2f} s, "
          f"peak {peak:.0f} MiB")
    cold = WORK / "cold-cache"
    env_args = ["env", f"RTDIAGRAM_CACHE_DIR={cold}"]
    first = median_time(lambda: (shutil.rmtree(cold, ignore_errors=True), run_process(
        env_args + rtdiagram + ["render", str(model_file(12)), "--engine", "embedded", "-o", str(WORK / "c.svg"), "--force"])), 3)
    warm = median_time(lambda: run_process(
        env_args + rtdiagram + ["render", str(model_file(12)), "--engine", "embedded", "-o", str(WORK / "c.svg"), "--force"]), 5)
    print(f"embedded engine, N=12, whole process: cold module cache {first:.3f} s, warm {warm:.3f} s")


def bench_lint() -> None:
    from rtdiagram.analysis.checklist import build_checklist
    from rtdiagram.analysis.engine import lint

    print("## lint + checklist after loading (in process, medians); target ≤ 1 s at N=10,000")
    print(f"{'N':>7} {'findings':>9} {'seconds':>9} {'µs/component':>13}")
    for n in (1000, 2500, 5000, 10000):
        # topology is cached per model, so every round lints a freshly loaded model
        samples = []
        for _ in range(3):
            model = load_file(model_file(n))
            started = time.perf_counter()
            result = lint(model)
            build_checklist(model.model, result)
            samples.append(time.perf_counter() - started)
        seconds = statistics.median(samples)
        print(f"{n:>7} {len(result.findings):>9} {seconds:>9.3f} {seconds / n * 1e6:>13.1f}")


def cpu_seconds(args: list[str], repeat: int = 7) -> float:
    """Median user+system CPU time of a child process: steadier than wall time on a busy machine."""
    import resource

    samples = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(samples)


def bench_startup() -> None:
    """Whole-process start-up against baselines run side by side (wall and CPU medians)."""
    example = str(ROOT / "examples" / "collab-editor.yaml")
    out = WORK / "startup.svg"
    rtdiagram = [sys.executable, "-m", "rtdiagram"]
    dot_file = WORK / "collab.dot"
    run_process(rtdiagram + ["render", example, "-f", "dot", "-o", str(dot_file), "--force"])
    run_process(rtdiagram + ["render", example, "--engine", "embedded", "-o", str(out), "--force"])  # warm cache
    cases = [
        ("python -c pass (baseline)", [sys.executable, "-c", "pass"], None),
        ("rtdiagram --version", rtdiagram + ["--version"], 0.06),
        ("rtdiagram --help", rtdiagram + ["--help"], 0.06),
        ("rtdiagram lint example", rtdiagram + ["lint", example], 0.12),
        ("rtdiagram render example (embedded)", rtdiagram + ["render", example, "--engine", "embedded", "-o", str(out), "--force"], 0.18),
    ]
    if shutil.which("dot"):
        cases.append(("raw dot -Tsvg on our DOT (baseline)", ["dot", "-Tsvg", str(dot_file), "-o", str(WORK / "raw.svg")], None))
    if shutil.which("d2"):
        d2_file = WORK / "collab.d2"
        run_process(rtdiagram + ["render", example, "-f", "d2", "-o", str(d2_file), "--force"])
        cases.append(("d2 on our D2 (baseline)", ["d2", str(d2_file), str(WORK / "d2.svg")], None))
    print("## start-up, whole process (medians of 7); targets from issue 8")
    print(f"{'command':<40} {'wall s':>7} {'cpu s':>7} {'× python':>9} {'target':>7}")
    base = None
    for label, args, target in cases:
        wall = median_time(lambda: subprocess.run(args, capture_output=True), 7)
        cpu = cpu_seconds(args)
        base = base or wall
        shown = f"{target:.2f}" if target else "-"
        print(f"{label:<40} {wall:>7.3f} {cpu:>7.3f} {wall / base:>8.1f}× {shown:>7}")
    from rtdiagram.render.graph import ViewOptions
    from rtdiagram.render.options import RenderOptions
    from rtdiagram.render.pipeline import render_architecture

    loaded = load_file(example)
    options = RenderOptions(engine="embedded")
    render_architecture(loaded.model, "svg", ViewOptions(), options)  # first render pays the engine's start
    again = median_time(lambda: render_architecture(load_file(example).model, "svg", ViewOptions(), options), 9)
    print(f"in-process re-render of the example (load + layout + SVG), as a watch mode would: {again * 1000:.0f} ms (target ≤ 40 ms)")


def bench_draft() -> None:
    """The offline drafter on the prose corpus, per half (tune / holdout): see bench/draft.py; and
    the time to draft a 1 MB description (target: under 2 s), as written and on one line, best of three."""
    import draft

    draft.main([])
    sys.path.insert(0, str(ROOT / "tests"))
    from test_offline_extractor import one_megabyte

    from rtdiagram.prose.offline import extract_offline

    text = one_megabyte()
    # the same text as one line with no full stops: no look-ahead or look-back may run to its end
    for shape, sample in (("", text), (" on one line", text.replace("\n", " ").replace(". ", ", "))):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            extract_offline(sample)
            times.append(time.perf_counter() - started)
        print(f"offline draft of a {len(sample.encode()) / 1e6:.2f} MB description{shape}: {min(times):.2f} s (target < 2 s)")


def bench_agreement() -> None:
    """Independent annotators and the offline drafter on the same 40 tune texts: see bench/agreement.py."""
    import agreement
    agreement.main()


BENCHES = {"load": bench_load, "render": bench_render, "lint": bench_lint, "startup": bench_startup,
           "draft": bench_draft, "agreement": bench_agreement}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(BENCHES)
    if any(name.startswith("-") for name in wanted):
        print(__doc__)
        sys.exit(0 if set(wanted) & {"-h", "--help"} else 2)
    unknown = [name for name in wanted if name not in BENCHES]
    if unknown:
        sys.exit(f"bench/run.py: unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    for name in wanted:
        BENCHES[name]()
        print()
