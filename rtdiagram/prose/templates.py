"""The one jinja2 environment factory, for packaged prompts and users' own templates.

Users' templates run in a sandbox (they are files from anywhere); undefined variables fail
loudly instead of printing nothing.
"""

from __future__ import annotations

import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from rtdiagram.model.errors import RtdiagramError
from rtdiagram.model.resources import data_dir
from rtdiagram.model.suggest import hint


def environment(folder: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # plain text and Markdown, not HTML
    )


def builtin(kind: str) -> list[str]:
    """Names of the packaged templates of a kind ('prompts')."""
    folder = data_dir(kind)
    return sorted(p.name.removesuffix(".md.j2") for p in folder.glob("*.md.j2"))


MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_OUTPUT_CHARS = 10 * 1024 * 1024
MAX_SECONDS = 10.0


class _OutOfTime(Exception):
    pass


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """SIGALRM after ``seconds`` (main thread only): a template loop cannot run for ever."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _user_template(path: Path) -> bool:
    """Whether ``name_or_path`` names a template file of the user's (never a FIFO or device)."""
    try:
        if path.suffix not in (".j2", ".jinja", ".md", ".txt") or not path.exists():
            return False
        info = path.stat()
    except OSError as exc:
        raise RtdiagramError(f"{path}: cannot read the template ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise RtdiagramError(f"{path}: is not a regular file", hint="give the path of a template file")
    if info.st_size > MAX_TEMPLATE_BYTES:
        raise RtdiagramError(f"{path}: {info.st_size:,} bytes is too large for a template "
                             f"(limit {MAX_TEMPLATE_BYTES:,})")
    return True


def render_template(kind: str, name_or_path: str, **context: object) -> str:
    path = Path(name_or_path)
    if _user_template(path):
        try:
            folder, name = path.resolve().parent, path.name
        except (OSError, RuntimeError) as exc:
            raise RtdiagramError(f"{path}: cannot read the template ({exc})") from None
    else:
        folder, name = data_dir(kind), f"{name_or_path}.md.j2"
        if not (folder / name).exists():
            names = builtin(kind)
            raise RtdiagramError(f"no template {name_or_path!r}",
                                 hint=hint(name_or_path, names, f"built-in: {', '.join(names)}; or give a path"))
    try:
        with _deadline(MAX_SECONDS):
            parts, size = [], 0
            for part in environment(folder).get_template(name).generate(**context):
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    raise RtdiagramError(f"template {name}: output over {MAX_OUTPUT_CHARS:,} characters",
                                         hint="check the template for a runaway loop")
                parts.append(part)
            return "".join(parts)
    except TemplateNotFound:
        raise RtdiagramError(f"template {name_or_path!r} not found") from None
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RtdiagramError(f"template {name}{where}: {exc.message}") from None
    except _OutOfTime:
        raise RtdiagramError(f"template {name}: still running after {MAX_SECONDS:g} s; stopped",
                             hint="check the template for a runaway loop") from None
    except RtdiagramError:
        raise
    except (UnicodeDecodeError, OSError) as exc:
        raise RtdiagramError(f"template {name}: cannot read it ({exc})") from None
    except (Exception, RecursionError) as exc:  # the sandbox's own errors: OverflowError, TypeError…
        raise RtdiagramError(f"template {name}: {type(exc).__name__}: {str(exc)[:200]}",
                             hint="the template failed while rendering; fix the expression it names") from None
