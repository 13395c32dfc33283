"""LOAD: a file or text → a validated, frozen :class:`~rtdiagram.model.document.Model`.

Every problem becomes a :class:`~rtdiagram.model.diagnostics.Diagnostic` at ``file:line:col`` with
a plain-words message and, where possible, a "did you mean" hint. All problems of a file are
reported together in one :class:`~rtdiagram.model.errors.ModelError`.

Codes: ``M00x`` reading (syntax, duplicates, bombs, encoding), ``M1xx`` schema (unknown key,
missing key, unknown kind, bad value), ``M2xx`` references (duplicate id, unknown component).
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from rtdiagram.model.diagnostics import Diagnostic, Path, format_path
from rtdiagram.model.errors import ModelError, RtdiagramError
from rtdiagram.model.components import KINDS
from rtdiagram.model.document import STEP_RE, Model
from rtdiagram.model.suggest import did_you_mean
from rtdiagram.model.yamlsource import SourceMap, YamlProblems, build, compose, decode


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
    except (ValueError, OSError):
        return fs_path.as_posix()


def load_file(path: str | FsPath) -> Loaded:
    shown = display_path(path)
    try:
        data = FsPath(path).read_bytes()
    except FileNotFoundError:
        raise RtdiagramError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise RtdiagramError(f"{shown}: is a directory, not a model file") from None
    except OSError as exc:
        raise RtdiagramError(f"{shown}: cannot read ({exc.strerror})") from None
    return load_bytes(data, shown)


def load_text(text: str, file: str = "<input>") -> Loaded:
    return load_bytes(text.encode("utf-8"), file)


def load_bytes(data: bytes, file: str) -> Loaded:
    try:
        text = decode(data, file)
        root = compose(text, file)
        raw, soft_problems = build(root, file)
    except YamlProblems as problems:
        raise ModelError(problems.diagnostics) from None
    source = SourceMap(file, root)
    if not isinstance(raw, dict):
        found = "a list" if isinstance(raw, list) else f"a single value ({_short(raw)})"
        raise ModelError(soft_problems + [_at(source, (), "M008", f"expected a mapping at the top level, found {found}",
                              hint="a model starts with `system:` and `components:` keys")])
    try:
        model = Model.model_validate(raw)
    except ValidationError as exc:
        diagnostics = soft_problems + _from_pydantic(exc, raw, source)
        diagnostics += check_references(raw, source)
        raise ModelError(_dedupe(diagnostics)) from None
    problems = soft_problems + check_references(raw, source)
    if problems:
        raise ModelError(problems)
    return Loaded(model=model, source=source, file=file, text=text)


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
                problems.append(_at(
                    source, ("components", index, "id"), "M201",
                    f"duplicate component id {cid!r} (first used at line {first.line})",
                    hint="ids must be unique; rename one of them", key=False,
                    related=(("first used here", first),),
                ))
            else:
                ids[cid] = index
    known = list(ids)

    def check(path: Path, value: Any, what: str, code: str = "M202") -> None:
        if isinstance(value, str) and value not in ids and known:
            problems.append(_at(
                source, path, code, f"{what} {value!r} is not a component id",
                hint=did_you_mean(value, known) or f"known ids: {_list(known)}", key=False,
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
        if isinstance(component, dict) and isinstance(component.get("group"), str):
            if component["group"] not in group_ids:
                problems.append(_at(
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
    return problems


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


def _from_pydantic(exc: ValidationError, raw: dict, source: SourceMap) -> list[Diagnostic]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = _data_path(loc, raw)
        problems.append(_translate(error, loc, path, raw, source))
    return problems


def _data_path(loc: tuple, data: Any) -> Path:
    """Drop loc parts that are not in the data (union tags, validator names)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path)


def _value(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _translate(error: dict, loc: tuple, path: Path, raw: dict, source: SourceMap) -> Diagnostic:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    where = format_path(path) or "the top level"
    if kind == "extra_forbidden":
        key = loc[-1]
        parent = _value(raw, path[:-1]) if path and path[-1] == key else None
        candidates = _field_names(loc[:-1], raw)
        hint = did_you_mean(str(key), candidates) or (
            f"allowed here: {_list(candidates)}" if candidates else None
        )
        if isinstance(parent, dict) and parent.get(key) is None and not (hint or "").startswith("did"):
            hint = ("this key has no value: if it belongs to the previous value, quote that "
                    "value (a comma separates entries inside `{…}`)")
        owner = format_path(path[:-1]) or "the top level"
        if isinstance(parent, dict) and "kind" in parent:
            owner += f" (kind {parent['kind']!r})"
        return _at(source, path, "M101", f"unknown key {str(key)!r} in {owner}", hint=hint)
    if kind == "missing":
        key = loc[-1]
        owner = format_path(path) or "the top level"
        return _at(source, path + (key,), "M102", f"missing required key {key!r} in {owner}",
                   hint=_missing_hint(str(key)))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = re.findall(r"'([^']*)'", ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            return _at(source, path, "M102", f"missing required key 'kind' in {where}",
                       hint=f"one of: {_list(list(KINDS))}")
        tag = ctx.get("tag")
        return _at(source, path + ("kind",), "M103", f"unknown kind {tag!r} in {where}",
                   hint=did_you_mean(str(tag), tags) or f"one of: {_list(tags)}", key=False)
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        found = _value(raw, path) if path else error.get("input")
        return _at(source, path, "M104", f"invalid value {_short(found)} for {where}",
                   hint=did_you_mean(str(found), expected) or f"one of: {_list(expected)}",
                   key=False)
    found = error.get("input")
    message, hint = _plain(kind, ctx, found, error["msg"])
    return _at(source, path, "M105", f"{where}: {message}", hint=hint, key=False)


def _plain(kind: str, ctx: dict, found: Any, fallback: str) -> tuple[str, str | None]:
    """pydantic's wording → ours."""
    shown = _short(found)
    table = {
        "int_parsing": (f"expected an integer, found {shown}", None),
        "int_type": (f"expected an integer, found {shown}", None),
        "int_from_float": (f"expected a whole number, found {shown}", None),
        "float_parsing": (f"expected a number, found {shown}", None),
        "float_type": (f"expected a number, found {shown}", None),
        "bool_type": (f"expected true or false, found {shown}", "write true or false, unquoted"),
        "bool_parsing": (f"expected true or false, found {shown}", "write true or false, unquoted"),
        "string_type": (f"expected text, found {shown}", None),
        "list_type": (f"expected a list, found {shown}", "write a YAML list: `- item` or `[a, b]`"),
        "dict_type": (f"expected a mapping, found {shown}", "write `key: value` pairs"),
        "model_type": (f"expected a mapping, found {shown}", "write `key: value` pairs"),
        "model_attributes_type": (f"expected a mapping, found {shown}", "write `key: value` pairs"),
        "greater_than_equal": (f"must be ≥ {ctx.get('ge')}, found {shown}", None),
        "greater_than": (f"must be > {ctx.get('gt')}, found {shown}", None),
        "less_than_equal": (f"must be ≤ {ctx.get('le')}, found {shown}", None),
        "too_short": (f"needs at least {ctx.get('min_length')} item(s)", None),
        "string_too_short": ("must not be empty", None),
        "string_too_long": (f"is longer than {ctx.get('max_length')} characters", None),
        "finite_number": (f"must be a finite number, found {shown}", None),
    }
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == r"^[a-z][a-z0-9_-]*$":
            suggestion = re.sub(r"[^a-z0-9_-]+", "-", str(found).lower()).strip("-_")
            suggestion = re.sub(r"^[^a-z]+", "", suggestion) or "component"
            return (f"{shown} is not a valid id",
                    f"ids use lowercase letters, digits, '-' and '_' and start with a letter, "
                    f"e.g. {suggestion!r}")
        return f"{shown} does not match the expected form", f"expected pattern {ctx.get('pattern')}"
    if kind == "value_error":
        return str(ctx.get("error", fallback)), None
    return table.get(kind, (fallback[:1].lower() + fallback[1:], None))


def _missing_hint(key: str) -> str | None:
    return {
        "system": "add `system: {name: ...}`",
        "components": "add a `components:` list with at least one component",
        "id": "every component needs an `id`",
        "name": "add a `name`",
    }.get(key)


def _field_names(loc: tuple, raw: dict) -> list[str]:
    """Field names (aliases) allowed at ``loc``, resolving union members by their tag."""
    model: Any = Model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = _resolve(model, part)
        if annotation is None:
            return []
        model = annotation
    classes = _model_classes(model)
    if len(classes) == 1:
        return [info.alias or name for name, info in classes[0].model_fields.items()]
    return []


def _resolve(model: Any, part: str) -> Any:
    """The model class reached by taking ``part`` (a field name or a union tag) from ``model``."""
    candidates = _model_classes(model)
    for candidate in candidates:
        kind_field = candidate.model_fields.get("kind")
        if kind_field is not None and part in typing.get_args(kind_field.annotation):
            return candidate
    for candidate in candidates:
        for name, info in candidate.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
    return None


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _model_classes(arg)
    return found


# --------------------------------------------------------------------------------------------
# Helpers


def _list(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items) - limit} more)" if len(items) > limit else "")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def _at(source: SourceMap, path: Path, code: str, message: str, *, hint: str | None = None,
        key: bool = True, related: tuple = ()) -> Diagnostic:
    start, end = source.locate(path, key=key)
    return Diagnostic(code=code, message=message, hint=hint, file=source.file, start=start,
                      end=end, path=path, related=related)


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    unique = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, diagnostic.start, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique
