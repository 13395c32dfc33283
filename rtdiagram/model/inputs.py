"""Where a model comes from: a file, or ``-`` for standard input.

``rtdiagram lint -`` reads the model from stdin; ``--stdin-filename NAME`` names it in messages
and is where the configuration search starts (as in ruff). Without it the name is ``<stdin>``
and the search starts in the working directory. Stdin is read once, and never more than the
loader's size limit plus one byte, so an endless stream costs at most that much memory and
ends in the loader's "over the limit" error.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rtdiagram.model.errors import ModelError, RtdiagramError
from rtdiagram.model.loader import FileCheck, Loaded, display_path, load_bytes, load_file
from rtdiagram.model.yamlsource import MAX_BYTES

STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class ModelInput:
    """A model file, or the bytes read from stdin under the name they are shown with."""

    path: Path | None            # None: stdin
    name: str                    # shown in messages
    data: bytes | None = None    # stdin's bytes (or git's)
    config_path: Path | None = None  # where a git-sourced model lives, for the configuration search

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def config_start(self) -> Path:
        """Where the configuration search starts: the file, or the name given to stdin."""
        if self.path is not None:
            return self.path
        if self.config_path is not None:
            return self.config_path
        return Path(self.name) if self.name != STDIN_NAME else Path.cwd() / STDIN_NAME

    def require_output(self, output: object) -> ModelInput:
        """Outputs named after the model need a name: stdin has one only with --stdin-filename."""
        if self.path is None and self.config_path is None and self.name == STDIN_NAME and output is None:
            raise RtdiagramError("the model comes from stdin, so there is no file to name the output after",
                                 hint="pass -o FILE (or -o - for stdout), or --stdin-filename NAME")
        return self

    def load(self) -> Loaded:
        if self.path is not None:
            return load_file(self.path)
        return load_bytes(self.data or b"", self.name)


def read_stdin(stream: BinaryIO | None = None) -> bytes:
    stream = stream if stream is not None else sys.stdin.buffer
    try:
        return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise RtdiagramError(f"{STDIN_NAME}: cannot read ({exc.strerror or exc})") from None


def resolve_inputs(files: list[Path] | list[str], stdin_filename: str | None = None,
                   stream: BinaryIO | None = None) -> list[ModelInput]:
    """The command line's model arguments; ``-`` reads stdin (at most once)."""
    inputs: list[ModelInput] = []
    dashes = [str(f) for f in files].count(STDIN)
    if dashes > 1:
        raise RtdiagramError("- (stdin) is given more than once", hint="stdin can be read only once")
    if stdin_filename is not None and not dashes:
        raise RtdiagramError("--stdin-filename names stdin, but no - was given",
                             hint="pass - as the model to read it from stdin")
    for file in files:
        if str(file) == STDIN:
            name = display_path(stdin_filename) if stdin_filename else STDIN_NAME
            inputs.append(ModelInput(None, name, read_stdin(stream)))
        else:
            inputs.append(ModelInput(Path(file), display_path(file)))
    return inputs


def resolve_one(file: Path | str, stdin_filename: str | None = None) -> ModelInput:
    return resolve_inputs([file], stdin_filename)[0]


GIT_PREFIX = "git:"


def from_git(spec: str) -> ModelInput:
    """``git:REV:path``: the file as committed in REV (path relative to the working directory).

    Runs ``git show``, which reads and never changes the repository."""
    import subprocess

    rev, sep, path = spec[len(GIT_PREFIX):].partition(":")
    if not (rev and sep and path):
        raise RtdiagramError(f"{spec!r} is not git:REV:PATH", hint="e.g. git:main:design.yaml or git:HEAD~1:design.yaml")
    where = path if path.startswith("/") else "./" + path
    try:
        done = subprocess.run(["git", "show", f"{rev}:{where}"], capture_output=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RtdiagramError(f"{spec}: cannot run git ({getattr(exc, 'strerror', None) or exc})") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RtdiagramError(f"{spec}: git cannot show it ({reason[0] if reason else 'exit ' + str(done.returncode)})")
    if len(done.stdout) > MAX_BYTES:
        done.stdout = done.stdout[:MAX_BYTES + 1]
    return ModelInput(None, f"{rev}:{display_path(path)}", done.stdout, config_path=Path(path))


def resolve_spec(spec: str) -> ModelInput:
    """A diff side: a file, ``-`` (stdin) or ``git:REV:path``."""
    return from_git(spec) if spec.startswith(GIT_PREFIX) else resolve_one(spec)


def validate_inputs(inputs: list[ModelInput]) -> list[FileCheck]:
    """Every input checked, every problem kept: an unreadable file does not stop the rest."""
    checks = []
    for item in inputs:
        try:
            loaded = item.load()
            checks.append(FileCheck(loaded.file))
        except ModelError as error:
            checks.append(FileCheck(error.diagnostics[0].file, tuple(error.diagnostics), text=_text(item)))
        except RtdiagramError as error:
            checks.append(FileCheck(item.name, error=error.message))
    return checks


def _text(item: ModelInput) -> str:
    if item.data is not None:
        return item.data.decode("utf-8", errors="replace")
    try:
        return item.path.read_text(encoding="utf-8", errors="replace") if item.path else ""
    except OSError:
        return ""
