"""Issue 13, live preview: ``render --watch`` and ``report --watch --serve``, with real file changes.

The watch loop runs in a thread (``render.watch.watch`` with a stop event) or as the CLI in a
subprocess; each test edits the model on disk, waits (bounded) for the rebuild, makes an
invalid edit, checks the error is reported and the loop goes on. The server is reached on
127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rtdiagram.model.loader import load_file
from rtdiagram.render.graph import ViewOptions
from rtdiagram.render.options import RenderOptions
from rtdiagram.render.pipeline import render_architecture
from rtdiagram.render.report import build_report
from rtdiagram.render.report.serve import LiveServer, live_page
from rtdiagram.render.watch import Build, preview, watch

from tests.conftest import ROOT

pytest.importorskip("watchfiles")

EDITOR = ROOT / "examples" / "collab-editor.yaml"
DEADLINE = 20.0
BROKEN = "components:\n  - {id: ws, kind: gatway\n"       # a half-typed save: bad YAML


@pytest.fixture
def model(tmp_path: Path) -> Path:
    target = tmp_path / "design.yaml"
    shutil.copy(EDITOR, target)
    return target


def rename(model: Path, name: str) -> None:
    text = model.read_text("utf-8")
    model.write_text(re.sub(r"(?m)^  name: .*$", f"  name: {name}", text, count=1), encoding="utf-8")


def wait_for(condition, what: str, timeout: float = DEADLINE) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Loop:
    """``watch`` in a thread, with its builds and log lines."""

    def __init__(self, model: Path, build, **kwargs) -> None:
        self.stop, self.ready = threading.Event(), threading.Event()
        self.builds: list[Build] = []
        self.lines: list[str] = []
        self.thread = threading.Thread(target=watch, args=(model, build), daemon=True, kwargs=dict(
            stop=self.stop, ready=self.ready, on_build=self.builds.append, log=self.lines.append, **kwargs))

    def __enter__(self) -> Loop:
        self.thread.start()
        assert self.ready.wait(DEADLINE), "the watcher never started"
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(DEADLINE)
        assert not self.thread.is_alive(), "the watch loop did not stop"


def svg_build(model: Path, out: Path):
    def build() -> None:
        loaded = load_file(model)
        out.write_bytes(render_architecture(loaded.model, "svg", ViewOptions(), RenderOptions(source_name=model.name)))
    return build


def test_watch_rebuilds_on_save_and_survives_an_invalid_state(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "design.svg"
    with Loop(model, svg_build(model, out)) as loop:
        assert [b.ok for b in loop.builds] == [True] and b"Live collaborative editor" in out.read_bytes()
        rename(model, "Renamed editor one")
        wait_for(lambda: len(loop.builds) >= 2, "the rebuild after a save")
        assert loop.builds[-1].ok and b"Renamed editor one" in out.read_bytes()

        good = model.read_text("utf-8")
        model.write_text(BROKEN, encoding="utf-8")
        wait_for(lambda: not loop.builds[-1].ok, "the invalid state to be reported")
        problem = loop.builds[-1].problem
        assert re.search(r"design\.yaml:\d+:\d+: M\d+ error: ", problem), problem
        assert any("not valid yet" in line for line in loop.lines)
        assert b"Renamed editor one" in out.read_bytes()            # the last good output is kept

        count = len(loop.builds)
        model.write_text(good.replace("Renamed editor one", "Fixed editor"), encoding="utf-8")
        wait_for(lambda: len(loop.builds) > count and loop.builds[-1].ok, "the rebuild after the fix")
        assert b"Fixed editor" in out.read_bytes()


def test_an_editor_that_saves_by_rename_is_followed(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "design.svg"
    with Loop(model, svg_build(model, out)) as loop:
        temporary = model.with_name(".design.yaml.swp")
        temporary.write_text(model.read_text("utf-8").replace("Live collaborative editor", "Renamed in place"), "utf-8")
        temporary.replace(model)
        wait_for(lambda: b"Renamed in place" in out.read_bytes(), "the rebuild after an atomic save")
        before = len(loop.builds)
        (tmp_path / "unrelated.yaml").write_text("x: 1\n", encoding="utf-8")   # not the model: no build
        out.write_bytes(out.read_bytes())                                      # nor an output
        time.sleep(0.6)
        assert len(loop.builds) == before


def test_max_builds_and_a_missing_file_do_not_hang(model: Path) -> None:
    builds = watch(model, lambda: 1, max_builds=1, log=lambda line: None)
    assert [(b.number, b.ok, b.value) for b in builds] == [(1, True, 1)]
    missing = model.with_name("gone.yaml")
    failed = watch(missing, lambda: load_file(missing), max_builds=1, log=lambda line: None)
    assert not failed[0].ok and "gone.yaml: no such file" in failed[0].problem


def test_rerender_in_the_running_process_is_well_under_100_ms(model: Path, tmp_path: Path) -> None:
    """The number the issue asks for: one warm re-render (load + layout + SVG) inside the loop."""
    out = tmp_path / "design.svg"
    build = svg_build(model, out)
    build()                                       # warm: the embedded Graphviz is compiled once
    times = []
    with Loop(model, build) as loop:
        for n in range(5):
            count = len(loop.builds)
            rename(model, f"Editor {n}")
            wait_for(lambda: len(loop.builds) > count, "a rebuild")
            times.append(loop.builds[-1].seconds)
    assert all(b.ok for b in loop.builds)
    best = min(times)
    print(f"\nre-render in the watch loop: best {best * 1000:.0f} ms, median {sorted(times)[2] * 1000:.0f} ms")
    assert best < 0.5      # generous for a loaded CI machine; measured ~15-40 ms here (see the notes)


# --------------------------------------------------------------------------------------------
# --serve: the page on 127.0.0.1 and its event stream


def get(port: int, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
    connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, body


class EventReader:
    """A Server-Sent Events client on a thread: events arrive on a queue."""

    def __init__(self, port: int, version: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
        self.connection.request("GET", f"/events?v={version}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream"
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event, data = "", ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif not line and event:
                    self.events.put((event, data))
                    event, data = "", ""
        except (OSError, ValueError):
            pass

    def next(self, kind: str) -> str:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            try:
                event, data = self.events.get(timeout=0.2)
            except queue.Empty:
                continue
            if event == kind:
                return data
        raise AssertionError(f"no {kind!r} event")

    def close(self) -> None:
        self.connection.close()


def test_serve_reloads_after_a_save_and_shows_an_invalid_state(model: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.html"

    def build() -> str:
        text = build_report(model, out)
        out.write_text(text, encoding="utf-8")
        return text

    stop, lines = threading.Event(), []
    with LiveServer() as server:
        thread = threading.Thread(target=watch, args=(model, build), daemon=True,
                                  kwargs={"stop": stop, "on_build": server.on_build, "log": lines.append})
        thread.start()
        wait_for(lambda: any(line.startswith("watching") for line in lines), "the watcher")
        status, page = get(server.port, "/")
        assert status == 200 and "Live collaborative editor" in page
        assert "new EventSource('/events?v=1')" in page and "connect-src 'self'" in page
        assert "EventSource" not in out.read_text("utf-8")              # the file on disk stays offline
        assert get(server.port, "/", host="evil.example:80")[0] == 403  # DNS rebinding
        assert get(server.port, "/x.js")[0] == 404

        events = EventReader(server.port, 1)
        try:
            rename(model, "Served editor")
            assert events.next("reload") == "2"
            assert "Served editor" in get(server.port, "/")[1]

            model.write_text(BROKEN, encoding="utf-8")
            problem = json.loads(events.next("problem"))
            assert re.search(r"design\.yaml:\d+:\d+: M\d+ error", problem), problem
            assert "Served editor" in get(server.port, "/")[1]           # the last good page stays
        finally:
            events.close()
            stop.set()
            thread.join(DEADLINE)
    assert not thread.is_alive()


def test_live_page_extends_the_policy_with_the_script_hash() -> None:
    page = build_report(EDITOR, "r.html")
    live = live_page(page, 7)
    scripts = re.findall(r"<script>(.*?)</script>", live, re.S)
    from rtdiagram.render.report.html import csp_hash

    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', live).group(1)
    assert all(f"'{csp_hash(s)}'" in policy for s in scripts) and len(scripts) == 2
    assert "connect-src 'self'" in policy and "default-src 'none'" in policy
    assert live.count("<script") == page.count("<script") + 1


# --------------------------------------------------------------------------------------------
# The commands, in a subprocess


class Cli:
    def __init__(self, *args: str, cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "rtdiagram", *args], cwd=cwd, text=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_line(self, pattern: str, after: int = 0) -> re.Match:
        found: list[re.Match] = []

        def seen() -> bool:
            found[:] = [m for line in self.lines[after:] if (m := re.search(pattern, line))]
            return bool(found) or self.process.poll() is not None

        wait_for(seen, pattern)
        assert found, f"{pattern!r} not printed; the command ended: {self.lines}"
        return found[0]

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(DEADLINE)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def test_cli_render_watch(model: Path) -> None:
    cli = Cli("render", model.name, "--watch", "-o", "out.svg", cwd=model.parent)
    try:
        cli.wait_line(r"^watching design\.yaml")
        assert "Live collaborative editor" in (model.parent / "out.svg").read_text("utf-8")
        mark = len(cli.lines)
        model.write_text(BROKEN, encoding="utf-8")
        cli.wait_line(r"^design\.yaml:\d+:\d+: M\d+ error", mark)
        cli.wait_line(r"not valid yet", mark)
        shutil.copy(EDITOR, model)
        rename(model, "Watched from the CLI")
        wait_for(lambda: "Watched from the CLI" in (model.parent / "out.svg").read_text("utf-8"), "the CLI rebuild")
        assert cli.process.poll() is None
    finally:
        code = cli.interrupt()
    assert code == 0, cli.lines
    assert any(line.startswith("stopped watching") for line in cli.lines)


def test_cli_report_watch_serve(model: Path) -> None:
    cli = Cli("report", model.name, "-o", "review.html", "--watch", "--serve", cwd=model.parent)
    try:
        port = int(cli.wait_line(r"serving the review on http://127\.0\.0\.1:(\d+)/").group(1))
        cli.wait_line(r"^watching design\.yaml")
        events = EventReader(port, 1)
        rename(model, "Served from the CLI")
        assert events.next("reload") == "2"
        assert "Served from the CLI" in get(port, "/")[1]
        assert "Served from the CLI" in (model.parent / "review.html").read_text("utf-8")
        events.close()
    finally:
        code = cli.interrupt()
    assert code == 0, cli.lines


def test_watch_refuses_stdin() -> None:
    from rtdiagram.model.errors import RtdiagramError

    with pytest.raises(RtdiagramError, match="stdin cannot be watched"):
        preview("-", lambda: None)
