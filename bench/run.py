"""rtdiagram benchmarks, each against its baseline in the same run, printed as ratios.

    python bench/run.py              # all benchmarks
    python bench/run.py load         # only the loader

Medians of several runs; ratios are what to read (the machine is shared and noisy).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from rtdiagram.loader import load_file  # noqa: E402

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


BENCHES = {"load": bench_load}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(BENCHES)
    for name in wanted:
        BENCHES[name]()
        print()
