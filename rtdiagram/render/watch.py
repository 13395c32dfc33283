"""WATCH: live preview — rebuild on every save of a model, in one long-running process.

``watch(path, build)`` runs ``build()`` once, then again after every change to ``path``
(`watchfiles <https://watchfiles.helpmanual.io>`_, Rust's notify, imported only here). The
process stays up, so the embedded Graphviz stays compiled and a rebuild costs only the work
itself; each one is timed. An invalid intermediate state (a half-typed key, a broken indent, the
file briefly gone while an editor renames its temporary copy into place) is printed as
``file:line:col`` diagnostics and the loop waits for the next save, keeping the last good output.

The loop watches the model's folder and keeps only events for the model's own name, so editors
that save through a rename are followed, and outputs written next to the model (their
temporary files included) do not trigger another build.

``preview`` is what ``render --watch`` and ``report --watch --serve`` call; tests drive
``watch`` directly with a stop event or ``max_builds``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rtdiagram.model.errors import ModelError, RtdiagramError
from rtdiagram.model.safetext import escape_controls

STDIN = "-"
DEBOUNCE_MS = 300      # at most this long to gather the events of one save
STEP_MS = 30           # a save is complete after this long without another event
TIMEOUT_MS = 300       # how often the loop looks at its stop event


@dataclass(frozen=True)
class Build:
    number: int           # 1 for the first build
    ok: bool
    seconds: float        # the build alone, not the wait for the save
    value: Any = None     # what build() returned
    problem: str = ""     # the diagnostics or the error, one per line


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def problem_text(error: RtdiagramError) -> str:
    """The error as the CLI prints it: one ``file:line:col`` line per diagnostic, or the message."""
    if isinstance(error, ModelError) and error.diagnostics:
        return "\n".join(escape_controls(d.concise()) for d in error.diagnostics)
    text = f"error: {escape_controls(error.message)}"
    return text + (f"\n  help: {escape_controls(error.hint)}" if getattr(error, "hint", None) else "")


def run_build(number: int, build: Callable[[], Any]) -> Build:
    """One build, timed; an rtdiagram error becomes a failed :class:`Build` instead of raising."""
    start = time.perf_counter()
    try:
        value = build()
    except RtdiagramError as error:
        return Build(number, False, time.perf_counter() - start, problem=problem_text(error))
    return Build(number, True, time.perf_counter() - start, value=value)


def watch(path: Path, build: Callable[[], Any], *, stop: threading.Event | None = None,
          max_builds: int | None = None, on_build: Callable[[Build], None] | None = None,
          log: Callable[[str], None] = _log, ready: threading.Event | None = None) -> list[Build]:
    """Build now and after every change to ``path`` until ``stop`` is set, ``max_builds`` builds
    have run, or Ctrl-C. Returns the builds. ``ready`` is set (and "watching" logged) once the
    watcher has listened for a first while: a save after that is seen."""
    import watchfiles

    path = Path(path)
    name, folder = path.name, path.parent if str(path.parent) else Path(".")
    builds: list[Build] = []

    def once() -> None:
        result = run_build(len(builds) + 1, build)
        builds.append(result)
        if result.ok:
            log(f"[{time.strftime('%H:%M:%S')}] built {path} in {result.seconds * 1000:.0f} ms")
        else:
            log(f"{result.problem}\n[{time.strftime('%H:%M:%S')}] {path} is not valid yet: "
                "kept the last good output; waiting for the next save")
        if on_build is not None:
            on_build(result)

    def matches(change: Any, changed: str) -> bool:
        return Path(changed).name == name

    stop = stop or threading.Event()
    ready = ready or threading.Event()
    try:
        once()
        if max_builds is not None and len(builds) >= max_builds:
            return builds
        changes = watchfiles.watch(folder, watch_filter=matches, debounce=DEBOUNCE_MS, step=STEP_MS,
                                   stop_event=stop, rust_timeout=TIMEOUT_MS, yield_on_timeout=True, recursive=False)
        for batch in changes:
            if ready is not None and not ready.is_set():   # the first wait is over: events are seen
                ready.set()
                log(f"watching {path} for changes (Ctrl-C to stop)")
            if not batch:        # a timeout: only a chance to see ``stop``
                continue
            once()
            if max_builds is not None and len(builds) >= max_builds:
                break
    except KeyboardInterrupt:
        log("stopped watching")
    return builds


def preview(path: Path | str, build: Callable[[], Any], *, serve: bool = False,
            stop: threading.Event | None = None, max_builds: int | None = None,
            log: Callable[[str], None] = _log) -> list[Build]:
    """``--watch`` (and ``--serve``): watch the model file; with ``serve``, also serve the last
    good HTML that ``build()`` returned on 127.0.0.1 with live reload."""
    if str(path) == STDIN:
        raise RtdiagramError("--watch needs a model file: stdin cannot be watched",
                             hint="save the model to a file and pass its path")
    if not serve:
        return watch(Path(path), build, stop=stop, max_builds=max_builds, log=log)
    from rtdiagram.render.report.serve import LiveServer

    with LiveServer() as server:
        log(f"serving the review on {server.url} (live reload)")
        return watch(Path(path), build, stop=stop, max_builds=max_builds, log=log, on_build=server.on_build)
