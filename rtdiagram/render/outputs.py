"""The render use case: which files to produce, produce them all, then write them all.

Everything is produced in memory before anything is written, and every target is checked
before the first write, so a failure never leaves a partial set of outputs behind.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from rtdiagram.model.errors import RenderError
from rtdiagram.model.loader import Loaded
from rtdiagram.model.document import Model
from rtdiagram.model.files import write_all
from rtdiagram.render.pipeline import FORMATS, SEQUENCE_FORMATS, SUFFIX, render_architecture, render_sequence
from rtdiagram.render.graph import ViewOptions
from rtdiagram.render.options import RenderOptions
from rtdiagram.model.suggest import hint

STDOUT = "-"


@dataclass(frozen=True)
class Job:
    fmt: str
    target: str          # a path, or "-" for stdout
    flow: str | None = None


# A file name's extension → the format it means (for -o without -f, and to catch contradictions).
EXTENSION_FORMAT = {"svg": "svg", "png": "png", "pdf": "pdf", "dot": "dot", "gv": "dot",
                    "mmd": "mermaid", "mermaid": "mermaid", "d2": "d2", "drawio": "drawio"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "flow"


def flow_slugs(names: list[str]) -> dict[str, str]:
    """Each flow's part of a file name, unique in the model: "Connect" and "connect!" would both
    be "connect", so the later one becomes "connect-2". Computed over every flow of the model,
    in model order, so a flow's file name does not depend on which flows a run selects."""
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = candidate = _slug(name)
        number = 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        slugs[name] = candidate
    return slugs


def _target(output: str | None) -> tuple[str | None, bool]:
    """(the format -o's extension names, or None; whether -o names a folder)."""
    if output is None or output == STDOUT:
        return None, False
    path = Path(output)
    try:
        is_dir = path.is_dir()
    except OSError:  # a folder that cannot be searched: check_target reports it, with its reason
        is_dir = False
    folder = output.endswith(("/", "\\")) or is_dir
    return (None if folder else EXTENSION_FORMAT.get(path.suffix.lower().lstrip("."))), folder


def plan_outputs(loaded: Loaded, formats: list[str] | None, view: str, flows: list[str] | None,
                 output: str | None, theme: str) -> list[Job]:
    """``formats`` None (no -f): the -o file's extension picks the format, else SVG."""
    model = loaded.model
    named, is_folder = _target(output)
    formats = list(formats or [named or "svg"])
    for fmt in formats:
        if fmt not in FORMATS:
            raise RenderError(f"unknown format {fmt!r}", hint=f"one of: {', '.join(FORMATS)}")
    flow_names: list[str | None] = [None]
    if view == "sequence":
        bad = [f for f in formats if f not in SEQUENCE_FORMATS]
        if bad:
            raise RenderError(f"the sequence view has no {bad[0]!r} output",
                              hint=f"use one of: {', '.join(SEQUENCE_FORMATS)}")
        known = [f.name for f in model.flows]
        if not known:
            raise RenderError(f"{loaded.file} defines no flows to draw",
                              hint="add a `flows:` section, e.g. steps like 'client -> gateway: connect'")
        for name in flows or []:
            if name not in known:
                raise RenderError(f"no flow named {name!r} in {loaded.file}",
                                  hint=hint(name, known, f"flows: {', '.join(known)}"))
        flow_names = list(flows or known)
    elif flows:
        raise RenderError("--flow applies to the sequence view", hint="add --view sequence")

    model_path = Path(loaded.file)
    stem = model_path.stem + (".dark" if theme == "dark" else "")
    count = len(formats) * len(flow_names)
    slugs = flow_slugs([f.name for f in model.flows])

    def name_for(fmt: str, flow: str | None) -> str:
        middle = f".{slugs[flow]}" if flow else ""
        return f"{stem}{middle}.{SUFFIX[fmt]}"

    if output == STDOUT:
        if count != 1:
            raise RenderError("-o - writes one output to stdout, but this run makes "
                              f"{count}", hint="choose one format (and one --flow), or an output folder")
        return [Job(formats[0], STDOUT, flow_names[0])]
    if output is None:
        folder = model_path.parent
    elif is_folder or (count > 1 and named is None):
        folder = Path(output)
    elif count > 1:
        raise RenderError(f"-o {output} names one {named} file, but this run makes {count} outputs",
                          hint="give a folder instead (e.g. -o out/), or one format"
                               + (" and one --flow" if len(flow_names) > 1 else ""))
    elif named is not None and named != formats[0]:
        raise RenderError(f"-o {output} names a {named} file, but the format is {formats[0]}",
                          hint=f"drop -f to write {named}, or name the file *.{SUFFIX[formats[0]]}")
    else:
        return [Job(formats[0], output, flow_names[0])]
    return [Job(fmt, str(folder / name_for(fmt, flow)), flow)
            for flow in flow_names for fmt in formats]


def produce(model: Model, jobs: list[Job], view: ViewOptions, options: RenderOptions) -> list[tuple[Job, bytes]]:
    flows = {flow.name: flow for flow in model.flows}
    results = []
    for job in jobs:
        if job.flow is None:
            data = render_architecture(model, job.fmt, view, options)
        else:
            data = render_sequence(model, flows[job.flow], job.fmt, options)
        results.append((job, data))
    return results


def write_outputs(results: list[tuple[Job, bytes]], *, force: bool) -> None:
    """All files or none: every target checked and staged, then renamed together (signals held)."""
    write_all([(Path(job.target), data) for job, data in results if job.target != STDOUT], force=force)
    for job, data in results:
        if job.target == STDOUT:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            print(f"wrote {job.target}", file=sys.stderr)
