"""``rtdiagram capacity``: the sheet as a text table, Markdown or JSON. Deterministic text."""

from __future__ import annotations

import json
from pathlib import Path

from rtdiagram.analysis.capacity import Figure, Input, Sheet, num
from rtdiagram.analysis.capacity_figures import SECTIONS, estimate
from rtdiagram.analysis.config import load_settings
from rtdiagram.model.inputs import ModelInput, resolve_one
from rtdiagram.model.loader import Loaded

FORMATS = ("table", "markdown", "json")
SOURCE_MARK = {"model": "", "default": "assumed", "threshold": "", "constant": "constant",
               "derived": "", "assumption": "assumed"}


def capacity_report(source: Path | ModelInput, fmt: str = "table", config: Path | None = None) -> str:
    """The whole command: load the model (a file, or stdin) and its settings, estimate, format."""
    item = source if isinstance(source, ModelInput) else resolve_one(source)
    loaded = item.load()
    sheet = estimate(loaded.model, load_settings(item.config_start, config).lint.thresholds)
    return format_sheet(sheet, fmt, loaded)


def format_sheet(sheet: Sheet, fmt: str, loaded: Loaded | None = None) -> str:
    if fmt == "json":
        return to_json(sheet, loaded)
    if fmt == "markdown":
        return to_markdown(sheet, loaded)
    if fmt == "table":
        return to_table(sheet, loaded)
    raise ValueError(f"unknown capacity format {fmt!r}: one of {', '.join(FORMATS)}")


def line_of(loaded: Loaded | None, item: Input) -> int | None:
    if loaded is None or not item.path:
        return None
    try:
        return loaded.locate(item.path)[0].line
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "unknown"
    text = f"{num(value)} {unit}".strip()
    if unit == "bytes/s" and value >= 1000:
        text += f" ({num(value * 8 / 1e6)} Mbit/s)"
    return text


def input_text(item: Input, loaded: Loaded | None = None) -> str:
    value = item.value if isinstance(item.value, str) else num(float(item.value)) if item.value is not None else "?"
    where = item.where
    line = line_of(loaded, item)
    if line is not None:
        where += f" (line {line})"
    mark = SOURCE_MARK.get(item.source, "")
    label = f"{mark}: " if mark and not where.startswith("assumed") else ""
    return f"{item.symbol} = {value}{' ' + item.unit if item.unit else ''} ← {label}{where}"


def grouped(sheet: Sheet) -> list[tuple[str, list[Figure]]]:
    return [(title, [f for f in sheet.figures if f.section == key]) for key, title in SECTIONS.items()
            if any(f.section == key for f in sheet.figures)]


def missing_inputs(sheet: Sheet) -> list[str]:
    seen: dict[str, None] = {}
    for figure in sheet.figures:
        for name in figure.missing:
            seen.setdefault(name, None)
    return list(seen)


def to_table(sheet: Sheet, loaded: Loaded | None = None) -> str:
    out = [f"Capacity of {sheet.system}", ""]
    for title, figures in grouped(sheet):
        out += [title, "-" * len(title)]
        for figure in figures:
            scope = f" [{figure.scope}]" if figure.scope else ""
            out.append(f"{figure.title}{scope}: {value_text(figure.value, figure.unit)}")
            out.append(f"    formula: {figure.formula}")
            if figure.working:
                out.append(f"    = {figure.working}")
            for item in figure.inputs:
                out.append(f"    {input_text(item, loaded)}")
            for name in figure.missing:
                out.append(f"    missing: {name}")
            if figure.note:
                out.append(f"    note: {figure.note}")
        out.append("")
    missing = missing_inputs(sheet)
    if missing:
        out.append("Missing inputs (state them in the model to complete the sheet):")
        out += [f"  - {name}" for name in missing]
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    """Table-cell text: pipes escaped, one line, no HTML for GitHub to interpret."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\n", " "))


def to_markdown(sheet: Sheet, loaded: Loaded | None = None, heading: str = "##") -> str:
    out = [f"{heading} Capacity of {_cell(sheet.system)}", ""]
    for title, figures in grouped(sheet):
        out += [f"{heading}# {title}", "", "| figure | value | formula | inputs |", "| --- | --- | --- | --- |"]
        for figure in figures:
            scope = f" (`{figure.scope}`)" if figure.scope else ""
            formula = f"`{figure.formula}`" + (f"<br>= {figure.working}" if figure.working else "")
            inputs = [input_text(i, loaded) for i in figure.inputs]
            inputs += [f"**missing:** `{name}`" for name in figure.missing]
            if figure.note:
                inputs.append(f"*{figure.note}*")
            out.append(f"| {_cell(figure.title)}{scope} | **{_cell(value_text(figure.value, figure.unit))}** | "
                       f"{_cell(formula)} | {_cell('<br>'.join(inputs))} |")
        out.append("")
    missing = missing_inputs(sheet)
    if missing:
        out += ["**Missing inputs** (state them in the model to complete the sheet):", ""]
        out += [f"- `{name}`" for name in missing]
        out.append("")
    return "\n".join(out)


def figure_json(figure: Figure, loaded: Loaded | None = None) -> dict:
    value = figure.value
    if isinstance(value, float):
        value = int(value) if value.is_integer() else round(value, 4)
    return {"id": figure.id, "section": figure.section, "title": figure.title, "scope": figure.scope,
            "value": value, "unit": figure.unit, "formula": figure.formula, "working": figure.working,
            "inputs": [i.to_json(line_of(loaded, i)) for i in figure.inputs],
            "missing": list(figure.missing), "note": figure.note}


def to_json(sheet: Sheet, loaded: Loaded | None = None) -> str:
    data = {"system": sheet.system, "file": loaded.file if loaded else None,
            "figures": [figure_json(f, loaded) for f in sheet.figures],
            "missing": missing_inputs(sheet)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
