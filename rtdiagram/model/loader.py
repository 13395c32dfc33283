"""LOAD: a file or text → a validated, frozen :class:`~rtdiagram.model.document.Model`.

Every problem becomes a :class:`~rtdiagram.model.diagnostics.Diagnostic` at ``file:line:col`` with
a plain-words message and, where possible, a "did you mean" hint. All problems of a file are
reported together in one :class:`~rtdiagram.model.errors.ModelError`.

Codes: ``M00x`` reading (syntax, duplicates, bombs, encoding), ``M1xx`` schema (unknown key,
missing key, unknown kind, bad value), ``M2xx`` references (duplicate id, unknown component).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from rtdiagram.model.diagnostics import Diagnostic, Path
from rtdiagram.model.errors import ModelError
from rtdiagram.model.document import STEP_RE, Model
from rtdiagram.model.suggest import did_you_mean
from rtdiagram.model.translate import at, from_pydantic, listing, short
from rtdiagram.model.files import read_limited
from rtdiagram.model.limits import check_sizes, precheck
from rtdiagram.model.suggest import Suggester
from rtdiagram.model.yamlsource import MAX_BYTES, SourceMap, YamlProblems, build, compose, decode


@dataclass(frozen=True)
class Loaded:
    """A validated model and where it came from."""

    model: Model
    source: SourceMap
    file: str
    text: str

    def locate(self, path: Path, *, key: bool = True) -> Any:
        return self.source.locate(path, key=key)


def display_path(path: str | FsPath) -> str:
    """Relative to the working directory when below it, so outputs carry no absolute paths."""
    fs_path = FsPath(path)
    try:
        return fs_path.resolve().relative_to(FsPath.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return fs_path.as_posix()


def load_file(path: str | FsPath) -> Loaded:
    shown = display_path(path)
    data = read_limited(path, MAX_BYTES, shown)
    return load_bytes(data, shown)


def load_text(text: str, file: str = "<input>") -> Loaded:
    return load_bytes(text.encode("utf-8"), file)


def load_bytes(data: bytes, file: str) -> Loaded:
    try:
        text = decode(data, file)
        precheck(text, file)
        root = compose(text, file)
        check_sizes(root, file)
        raw, soft_problems = build(root, file)
    except YamlProblems as problems:
        raise ModelError(problems.diagnostics) from None
    source = SourceMap(file, root)
    if not isinstance(raw, dict):
        found = "a list" if isinstance(raw, list) else f"a single value ({short(raw)})"
        raise ModelError(soft_problems + [at(source, (), "M008", f"expected a mapping at the top level, found {found}",
                              hint="a model starts with `system:` and `components:` keys")])
    try:
        model = Model.model_validate(raw)
    except ValidationError as exc:
        diagnostics = soft_problems + from_pydantic(exc, raw, source)
        diagnostics += check_references(raw, source)
        raise ModelError(_dedupe(diagnostics)) from None
    problems = soft_problems + check_references(raw, source)
    if problems:
        raise ModelError(problems)
    return Loaded(model=model, source=source, file=file, text=text)


@dataclass(frozen=True)
class FileCheck:
    """One file's validation: its diagnostics, or the error that kept it from being read."""

    file: str
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None        # missing or unreadable
    text: str = ""                  # the source, for code frames

    @property
    def valid(self) -> bool:
        return not self.diagnostics and self.error is None

    def to_json(self) -> dict:
        if self.error is not None:
            return {"file": self.file, "valid": False, "error": self.error}
        return {"file": self.file, "valid": self.valid, "diagnostics": [d.to_json() for d in self.diagnostics]}


# --------------------------------------------------------------------------------------------
# Reference checks (outside pydantic: they need paths, and run even when fields are invalid)


def check_references(raw: dict, source: SourceMap) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    components = raw.get("components")
    ids: dict[str, int] = {}
    if isinstance(components, list):
        for index, component in enumerate(components):
            if not isinstance(component, dict) or not isinstance(component.get("id"), str):
                continue
            cid = component["id"]
            if cid in ids:
                first = source.locate(("components", ids[cid], "id"), key=False)[0]
                problems.append(at(
                    source, ("components", index, "id"), "M201",
                    f"duplicate component id {cid!r} (first used at line {first.line})",
                    hint="ids must be unique; rename one of them", key=False,
                    related=(("first used here", first),),
                ))
            else:
                ids[cid] = index
    known = list(ids)
    suggest = Suggester(known)

    def check(path: Path, value: Any, what: str, code: str = "M202") -> None:
        if isinstance(value, str) and value not in ids and known:
            problems.append(at(
                source, path, code, f"{what} {short(value)} is not a component id",
                hint=suggest(value) or f"known ids: {listing(known)}", key=False,
            ))

    for index, link in enumerate(_list_of_dicts(raw.get("links"))):
        check(("links", index, "from"), link.get("from"), "link source")
        check(("links", index, "to"), link.get("to"), "link target")
    group_ids: list[str] = []
    for index, group in enumerate(_list_of_dicts(raw.get("groups"))):
        if isinstance(group.get("id"), str):
            group_ids.append(group["id"])
        members = group.get("members")
        if isinstance(members, list):
            for position, member in enumerate(members):
                check(("groups", index, "members", position), member, "group member", "M204")
    for index, component in enumerate(components if isinstance(components, list) else []):
        if isinstance(component, dict) and _is_number(component.get("group")):
            problems.append(at(
                source, ("components", index, "group"), "M204",
                f"group {short(component['group'])} is a number, not a group id",
                hint="quote it if it is a name (YAML reads .nan, .inf and digits as numbers)",
                key=False,
            ))
        elif isinstance(component, dict) and isinstance(component.get("group"), str):
            if component["group"] not in group_ids:
                problems.append(at(
                    source, ("components", index, "group"), "M204",
                    f"group {component['group']!r} is not defined under 'groups'",
                    hint=did_you_mean(component["group"], group_ids)
                    or "add it under `groups:` or remove the key", key=False,
                ))
    for index, flow in enumerate(_list_of_dicts(raw.get("flows"))):
        steps = flow.get("steps")
        for position, step in enumerate(steps if isinstance(steps, list) else []):
            step_path = ("flows", index, "steps", position)
            ends = _step_ends(step)
            for end, name in zip(("from", "to"), ends):
                if name is not None:
                    check(step_path if isinstance(step, str) else step_path + (end,), name,
                          f"flow step {'sender' if end == 'from' else 'receiver'}", "M203")
    for index, waiver in enumerate(_list_of_dicts(raw.get("waivers"))):
        check(("waivers", index, "component"), waiver.get("component"), "waived component", "M205")
        expires = waiver.get("expires")
        if isinstance(expires, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", expires):
            try:
                date.fromisoformat(expires)
            except ValueError:
                problems.append(at(
                    source, ("waivers", index, "expires"), "M105",
                    f"waivers[{index}].expires: {expires!r} is not a calendar date",
                    hint="write a real date as YYYY-MM-DD", key=False,
                ))
    return problems


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _step_ends(step: Any) -> tuple[Any, Any]:
    if isinstance(step, dict):
        return step.get("from"), step.get("to")
    if isinstance(step, str) and (match := STEP_RE.match(step)):
        return match["from"], match["to"]
    return None, None


def _list_of_dicts(value: Any) -> list[dict]:
    return [item if isinstance(item, dict) else {} for item in value] if isinstance(value, list) else []


# --------------------------------------------------------------------------------------------
# pydantic errors → diagnostics


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    unique = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, diagnostic.start, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique
