"""Diagnostic: one problem at one place in a model file.

Loader errors (``M…`` codes) and lint findings share this type, so every output format
(text, JSON, SARIF, GitHub annotations) prints both the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class Origin:
    """Where an imported fact came from: an infrastructure file's line, or a Terraform address.

    ``file`` is as it was resolved for this run (relative to the working directory when the file
    is found beside the model); ``line`` is None when the source has no line (Terraform plans)."""

    file: str
    line: int | None = None
    what: str = ""

    def __str__(self) -> str:
        """``k8s/ingress.yaml:10``; a source without lines names what was read: ``plan.json (aws_lb.x)``."""
        if self.line:
            return f"{self.file}:{self.line}"
        return f"{self.file} ({self.what})" if self.what else self.file

    def describe(self) -> str:
        """``k8s/ingress.yaml:10 (nginx.ingress.kubernetes.io/proxy-read-timeout)``."""
        return f"{self} ({self.what})" if self.line and self.what else str(self)

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "what": self.what}


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None
    file: str = "<input>"
    start: Position = Position(1, 1)
    end: Position | None = None
    path: Path = ()
    name: str = ""
    related: tuple[tuple[str, Position], ...] = field(default=())
    origins: tuple[Origin, ...] = field(default=())   # imported facts: the infrastructure lines

    def origin_note(self) -> str:
        """`` (from k8s/ingress.yaml:10)`` for a finding on imported facts, else empty."""
        return f" (from {', '.join(map(str, self.origins))})" if self.origins else ""

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.start.line, self.start.column, self.code, self.message)

    def concise(self) -> str:
        """``file:line:col: CODE severity: message (help: hint)`` — one greppable line."""
        text = (
            f"{self.file}:{self.start.line}:{self.start.column}: "
            f"{self.code} {self.severity.value}: {self.message}"
        )
        if self.hint:
            text += f" (help: {self.hint})"
        return text + self.origin_note()

    def to_json(self) -> dict:
        item = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "path": format_path(self.path),
            "location": {"line": self.start.line, "column": self.start.column},
            "end_location": (
                {"line": self.end.line, "column": self.end.column} if self.end else None
            ),
            "related": [
                {"message": msg, "line": pos.line, "column": pos.column}
                for msg, pos in self.related
            ],
        }
        if self.origins:
            item["origins"] = [origin.to_json() for origin in self.origins]
        return item


def format_path(path: Path) -> str:
    """``('components', 1, 'replicas')`` → ``components[1].replicas``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
