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
from rtdiagram.model.files import check_target, write_atomic
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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "flow"


def plan_outputs(loaded: Loaded, formats: list[str], view: str, flows: list[str] | None,
                 output: str | None, theme: str) -> list[Job]:
    model = loaded.model
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

    def name_for(fmt: str, flow: str | None) -> str:
        middle = f".{_slug(flow)}" if flow else ""
        return f"{stem}{middle}.{SUFFIX[fmt]}"

    if output == STDOUT:
        if count != 1:
            raise RenderError("-o - writes one output to stdout, but this run makes "
                              f"{count}", hint="choose one format (and one --flow), or an output folder")
        return [Job(formats[0], STDOUT, flow_names[0])]
    if output is None:
        folder = model_path.parent
    else:
        target = Path(output)
        is_folder = output.endswith(("/", "\\")) or target.is_dir() or count > 1
        if not is_folder:
            return [Job(formats[0], str(target), flow_names[0])]
        folder = target
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
    for job, _ in results:  # every target is checked before the first write: nothing partial
        if job.target != STDOUT:
            check_target(Path(job.target), force=force)
    for job, data in results:
        if job.target == STDOUT:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            write_atomic(Path(job.target), data, force=True)
            print(f"wrote {job.target}", file=sys.stderr)
