"""pydantic's validation errors → our diagnostics: plain words, the YAML position, a hint.

pydantic reports locations inside its own data (union tags, aliases); these helpers map them
back to the path in the user's document and phrase the problem the way a reviewer would.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from rtdiagram.model.diagnostics import Diagnostic, Path, format_path
from rtdiagram.model.components import KINDS
from rtdiagram.model.document import Model
from rtdiagram.model.suggest import did_you_mean
from rtdiagram.model.yamlsource import SourceMap

def from_pydantic(exc: ValidationError, raw: dict, source: SourceMap) -> list[Diagnostic]:
    problems, seen = [], set()
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = _data_path(loc, raw)
        if path in seen and len(path) > 1:
            continue  # a union's other members failing too ("a platform, or a list of them"): one problem, said once
        seen.add(path)
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
            f"allowed here: {listing(candidates)}" if candidates else None
        )
        if isinstance(parent, dict) and parent.get(key) is None and not (hint or "").startswith("did"):
            hint = ("this key has no value: if it belongs to the previous value, quote that "
                    "value (a comma separates entries inside `{…}`)")
        owner = format_path(path[:-1]) or "the top level"
        if isinstance(parent, dict) and "kind" in parent:
            owner += f" (kind {parent['kind']!r})"
        return at(source, path, "M101", f"unknown key {str(key)!r} in {owner}", hint=hint)
    if kind == "missing":
        key = loc[-1]
        owner = format_path(path) or "the top level"
        return at(source, path + (key,), "M102", f"missing required key {key!r} in {owner}",
                   hint=_missing_hint(str(key)))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = re.findall(r"'([^']*)'", ctx.get("expected_tags", ""))
        if kind == "union_tag_not_found":
            return at(source, path, "M102", f"missing required key 'kind' in {where}",
                       hint=f"one of: {listing(list(KINDS))}")
        tag = ctx.get("tag")
        return at(source, path + ("kind",), "M103", f"unknown kind {tag!r} in {where}",
                   hint=did_you_mean(str(tag), tags) or f"one of: {listing(tags)}", key=False)
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        found = _value(raw, path) if path else error.get("input")
        return at(source, path, "M104", f"invalid value {short(found)} for {where}",
                   hint=did_you_mean(str(found), expected) or f"one of: {listing(expected)}",
                   key=False)
    found = error.get("input")
    message, hint = _plain(kind, ctx, found, error["msg"])
    return at(source, path, "M105", f"{where}: {message}", hint=hint, key=False)


def _plain(kind: str, ctx: dict, found: Any, fallback: str) -> tuple[str, str | None]:
    """pydantic's wording → ours."""
    shown = short(found)
    table = {
        "int_parsing": (f"expected an integer, found {shown}", None),
        "int_type": (f"expected an integer, found {shown}", None),
        "int_from_float": (f"expected a whole number, found {shown}", None),
        "float_parsing": (f"expected a number, found {shown}", None),
        "float_type": (f"expected a number, found {shown}", None),
        "bool_type": (f"expected true or false, found {shown}", "write true or false, unquoted"),
        "bool_parsing": (f"expected true or false, found {shown}", "write true or false, unquoted"),
        "string_type": (f"expected text, found {shown}", _number_hint(found)),
        "list_type": (f"expected a list, found {shown}", "write a YAML list: `- item` or `[a, b]`"),
        "dict_type": (f"expected a mapping, found {shown}", "write `key: value` pairs"),
        "model_type": (f"expected a mapping, found {shown}", "write `key: value` pairs"),
        "model_attributes_type": (f"expected a mapping, found {shown}", "write `key: value` pairs"),
        "greater_than_equal": (f"must be ≥ {_bound(ctx.get('ge'))}, found {shown}", None),
        "greater_than": (f"must be > {_bound(ctx.get('gt'))}, found {shown}", None),
        "less_than_equal": (f"must be ≤ {_bound(ctx.get('le'))}, found {shown}", None),
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


def _bound(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _number_hint(found: Any) -> str | None:
    if isinstance(found, (int, float)) and not isinstance(found, bool):
        return "YAML read this as a number (.nan, .inf and digits are numbers): quote it if it is text"
    return None


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


def listing(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items) - limit} more)" if len(items) > limit else "")


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "...'"


def at(source: SourceMap, path: Path, code: str, message: str, *, hint: str | None = None,
        key: bool = True, related: tuple = ()) -> Diagnostic:
    start, end = source.locate(path, key=key)
    return Diagnostic(code=code, message=message, hint=hint, file=source.file, start=start,
                      end=end, path=path, related=related)
