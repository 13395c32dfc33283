"""Safe YAML reading with source positions.

PyYAML composes the document into nodes (libyaml's C parser when present); this module then
builds plain Python data from the nodes itself instead of using PyYAML's constructor, because
in the same single walk it can:

* reject duplicate keys, naming both positions (PyYAML silently keeps the last);
* count alias expansion once per unique node, so a "billion laughs" document is refused in
  microseconds instead of being expanded later by validation;
* cap nesting depth and refuse recursive aliases and non-standard tags (``!!python/...``);
* read scalars the YAML 1.2 way: only ``true``/``false`` are booleans, ``010`` is ten, ``1:30``
  stays a string, dates stay strings;
* bound every number and text when it is read (:mod:`~rtdiagram.model.scalars`): a 5,000-digit
  integer, ``!!int abc`` or a control character in a label is an error at its position;
* measure depth and alias expansion iteratively, so 999 levels of nesting cannot exhaust the
  Python stack before the depth limit speaks.

Positions are not recorded during the walk. :class:`SourceMap` keeps the node tree and finds a
path's position on demand, which costs nothing on the (common) valid path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from rtdiagram.model.diagnostics import Diagnostic, Path, Position
from rtdiagram.model.scalars import (
    ScalarProblem, check_text, read_bool, read_float, read_int, read_null,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# Nodes that aliases may add on top of those written out; a model never needs many.
MAX_ALIAS_NODES = 100_000

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes only; scalar typing follows YAML 1.2's core schema."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regexp), list(_first))

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_READERS = {
    _STR: lambda tag, value: check_text(value), _INT: read_int, _FLOAT: read_float,
    _BOOL: read_bool, _NULL: read_null,
}


def position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _error(code: str, message: str, file: str, mark: Any = None, hint: str | None = None,
           **extra: Any) -> Diagnostic:
    start = position(mark) if mark is not None else Position(1, 1)
    return Diagnostic(code=code, message=message, hint=hint, file=file, start=start, **extra)


class YamlProblems(Exception):
    """Raised with every problem found while reading; the loader wraps it in ModelError."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics)
        self.diagnostics = diagnostics


def decode(data: bytes, file: str) -> str:
    """Bytes → text, refusing what is clearly not a YAML model."""
    if len(data) > MAX_BYTES:
        raise YamlProblems([_error(
            "M007", f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit", file,
            hint="split the model, or check that this is the file you meant",
        )])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            return text
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data[:at].count(b"\n") + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        raise YamlProblems([Diagnostic(
            code="M006", message="file contains NUL bytes: this looks like a binary file, not YAML",
            file=file, start=Position(line, column),
        )])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems([Diagnostic(
            code="M006", message=f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            hint="save the file as UTF-8", file=file, start=Position(line, column),
        )]) from None
    if not text.strip():
        raise YamlProblems([_error(
            "M008", "file is empty", file,
            hint="a model needs at least `system:` and `components:`",
        )])
    return text


def compose(text: str, file: str) -> yaml.Node:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context and "expected a single document" in exc.context:
            problem = "the file holds several YAML documents; a model is one document"
        raise YamlProblems([_error(
            "M001", f"YAML syntax error: {problem}", file, mark, hint=_syntax_hint(problem),
        )]) from None
    except yaml.YAMLError as exc:
        raise YamlProblems([_error("M001", f"YAML error: {exc}", file)]) from None
    except RecursionError:
        raise YamlProblems([_error(
            "M004", f"nesting deeper than {MAX_DEPTH} levels", file,
        )]) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlProblems([_error("M008", "file holds no YAML document (only comments?)", file)])
    return node


def _syntax_hint(problem: str) -> str | None:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "quote values that start with @ or `"
    return None


class _Builder:
    """Builds Python data from a node tree, collecting problems instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []
        self.expanded = 0
        self._sizes: dict[int, int] = {}
        self._heights: dict[int, int] = {}
        self._active: set[int] = set()

    def fail(self, code: str, message: str, mark: Any, hint: str | None = None, **kw: Any) -> None:
        self.problems.append(_error(code, message, self.file, mark, hint, **kw))

    def measure(self, root: yaml.Node) -> tuple[int, yaml.Node | None]:
        """(nodes ``root`` stands for after alias expansion, the first node nested deeper than
        MAX_DEPTH or None). Iterative and once per unique node: neither deep nesting nor an
        alias bomb can exhaust the stack or the time."""
        sizes, heights, on_path = self._sizes, self._heights, set()
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            key = id(node)
            if not leaving:
                if key in sizes or key in on_path:
                    continue  # done already, or recursion (reported by build())
                on_path.add(key)
                stack.append((node, True))
                stack.extend((child, False) for child in _children(node))
                continue
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes.get(id(child), 0) for child in children)
            heights[key] = 1 + max((heights.get(id(child), 0) for child in children), default=0)
        deep = None
        if heights[id(root)] > MAX_DEPTH + 1:
            deep = root
            for _ in range(MAX_DEPTH + 1):
                deep = max(_children(deep), key=lambda child: heights.get(id(child), 0))
        return sizes[id(root)], deep

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            self.fail("M004", f"nesting deeper than {MAX_DEPTH} levels", node.start_mark)
            raise _Abort
        key = id(node)
        if key in self._active:
            self.fail("M005", "recursive alias: a node contains itself", node.start_mark,
                      hint="remove the alias that refers to its own parent")
            raise _Abort
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self._active.add(key)
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _SEQ:
                    self.unsupported_tag(node)
                return [self.build(child, depth + 1) for child in node.value]
            if node.tag != _MAP:
                self.unsupported_tag(node)
            return self.mapping(node, depth)
        finally:
            self._active.discard(key)

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[Any, yaml.Node] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self.merge_source(value_node, depth))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail("M001", "mapping keys must be plain scalars", key_node.start_mark)
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):
                key = key_node.value  # `1: x` or `true: x` keys are still names to us
            if key in first_seen:
                earlier = position(first_seen[key].start_mark)
                self.fail(
                    "M002",
                    f"duplicate key {key!r} (first defined at line {earlier.line})",
                    key_node.start_mark,
                    hint="remove one of the two, or merge them",
                    related=(("first defined here", earlier),),
                )
                continue
            first_seen[key] = key_node
            result[key] = self.build(value_node, depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def merge_source(self, node: yaml.Node, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            value = self.build(source, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
            else:
                self.fail("M001", "'<<' merges only mappings", source.start_mark)
        return merged

    def scalar(self, node: yaml.ScalarNode) -> Any:
        reader = _READERS.get(node.tag)
        if reader is None:
            self.unsupported_tag(node)
            return node.value
        try:
            return reader(node.tag, node.value)
        except ScalarProblem as problem:
            self.fail(problem.code, problem.message, node.start_mark, problem.hint)
            return None

    def unsupported_tag(self, node: yaml.Node) -> None:
        self.fail(
            "M001", f"unsupported YAML tag {node.tag!r}", node.start_mark,
            hint="models use plain YAML: remove the tag",
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


class _Abort(Exception):
    """A problem that makes the rest of the walk meaningless."""


def build(node: yaml.Node, file: str) -> tuple[Any, list[Diagnostic]]:
    """Data and the problems that did not stop the walk (duplicate keys: the first value is
    kept, so validation can still report everything else in the same run)."""
    builder = _Builder(file)
    expanded, too_deep = builder.measure(node)
    if too_deep is not None:
        raise YamlProblems([_error(
            "M004", f"nesting deeper than {MAX_DEPTH} levels", file, too_deep.start_mark,
        )])
    added = expanded - len(builder._sizes)
    if added > MAX_ALIAS_NODES:
        raise YamlProblems([_error(
            "M003",
            f"aliases expand the document by {added:,} nodes (limit {MAX_ALIAS_NODES:,})",
            file, node.start_mark, hint="this looks like an alias bomb; remove the aliases",
        )])
    try:
        data = builder.build(node)
    except _Abort:
        pass
    except RecursionError:
        builder.fail("M004", f"nesting deeper than {MAX_DEPTH} levels", node.start_mark)
    if any(problem.code != "M002" for problem in builder.problems):
        raise YamlProblems(builder.problems)
    return data, builder.problems


@dataclass
class SourceMap:
    """Finds the file position of a data path in the composed node tree."""

    file: str
    root: yaml.Node

    def _descend(self, path: Path) -> tuple[yaml.Node, yaml.Node | None, int]:
        """Deepest (value node, key node) reached along ``path``, and how many parts matched."""
        node, key_node, matched = self.root, None, 0
        for part in path:
            found = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for knode, vnode in node.value:  # the first one wins, as in the built data
                    if isinstance(knode, yaml.ScalarNode) and knode.value == part:
                        found = (vnode, knode)
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    found = (node.value[part], None)
            if found is None:
                break
            node, key_node = found
            matched += 1
        return node, key_node, matched

    def locate(self, path: Path, *, key: bool = True) -> tuple[Position, Position | None]:
        """Start and end of the node at ``path``; its key when ``key`` and the key exists.

        A path that does not exist in the file (a missing key) anchors at its nearest
        existing ancestor, so the user is sent to the mapping that lacks it.
        """
        node, key_node, matched = self._descend(path)
        target = key_node if key and key_node is not None and matched == len(path) else node
        if matched < len(path) and isinstance(node, yaml.MappingNode) and node.value:
            target = node.value[0][0]  # first key of the mapping that lacks the key
        return position(target.start_mark), position(target.end_mark)
