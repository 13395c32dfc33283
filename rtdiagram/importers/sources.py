"""Reading infrastructure files: safe reads, YAML documents that know their lines, located errors.

A :class:`Doc` is one YAML (or JSON) document as plain data plus the line of every key, so an
importer can say ``k8s/ingress.yaml:12`` for the annotation it read. Malformed input raises a
:class:`~rtdiagram.model.errors.ModelError` whose diagnostics carry ``file:line:col``, as the
model loader's do (codes ``I0xx``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rtdiagram.model.diagnostics import Diagnostic, Position
from rtdiagram.model.errors import ModelError, RtdiagramError
from rtdiagram.model.files import read_limited
from rtdiagram.model.loader import display_path
from rtdiagram.model.yamlsource import MAX_BYTES, decode

MAX_FILES = 2000
YAML_SUFFIXES = (".yaml", ".yml")
SUFFIXES = (*YAML_SUFFIXES, ".json", ".conf")


def problem(file: str, message: str, line: int = 1, column: int = 1, code: str = "I001",
            hint: str | None = None) -> ModelError:
    return ModelError([Diagnostic(code=code, message=message, hint=hint, file=file,
                                  start=Position(max(line, 1), max(column, 1)))])


@dataclass
class Doc:
    """One document: its data, its file, and where each key path starts."""

    data: Any
    file: str
    lines: dict[tuple, int] = field(default_factory=dict)
    start: int = 1

    def line(self, *path: Any) -> int:
        """The line of the deepest known prefix of ``path`` (the document start at worst)."""
        for end in range(len(path), 0, -1):
            hit = self.lines.get(tuple(path[:end]))
            if hit:
                return hit
        return self.start

    def sub(self, *path: Any) -> Doc:
        """The document below ``path`` (a List item of ``kubectl get -o yaml``, for instance)."""
        data: Any = self.data
        for key in path:
            data = data[key]
        size = len(path)
        lines = {k[size:]: v for k, v in self.lines.items() if k[:size] == tuple(path)}
        return Doc(data, self.file, lines, self.line(*path))


def read_text(path: Path) -> tuple[str, str]:
    """(display name, text) of a regular file, UTF-8, size-limited."""
    shown = display_path(path)
    data = read_limited(path, MAX_BYTES, shown)
    if len(data) > MAX_BYTES:
        raise RtdiagramError(f"{shown}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return shown, decode(data, shown)
    except Exception as exc:  # YamlProblems carries a located diagnostic
        diagnostics = getattr(exc, "diagnostics", None)
        if diagnostics:
            raise ModelError(diagnostics) from None
        raise


def _record(node: yaml.Node, path: tuple, lines: dict[tuple, int], seen: set[int], depth: int = 0) -> None:
    if depth > 100 or id(node) in seen:  # an alias is walked once: no billion laughs
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*path, key.value)
                lines[child] = key.start_mark.line + 1
                _record(value, child, lines, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            _record(item, child, lines, seen, depth + 1)


def yaml_documents(text: str, file: str) -> list[Doc]:
    """Every document of a (multi-document) YAML file; JSON is YAML too."""
    loader = yaml.SafeLoader(text)
    docs: list[Doc] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            lines: dict[tuple, int] = {}
            _record(node, (), lines, set())
            data = loader.construct_document(node)
            if data is not None:
                docs.append(Doc(data, file, lines, node.start_mark.line + 1))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise problem(file, f"not valid YAML: {exc.problem or exc.context}",
                      (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, "I002") from None
    except yaml.YAMLError as exc:
        raise problem(file, f"not valid YAML: {exc}", code="I002") from None
    finally:
        loader.dispose()
    return docs


def json_document(text: str, file: str) -> Doc:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise problem(file, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno, "I002") from None
    return Doc(data, file)


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and the importable files below folders named (sorted, hidden ones skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            raise RtdiagramError(f"{display_path(path)}: no such file or folder")
        if len(found) > MAX_FILES:
            raise RtdiagramError(f"more than {MAX_FILES} files to import", hint="name fewer folders")
    return found
