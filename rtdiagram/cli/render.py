"""The render command: a model → diagrams in one or more formats."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import ConfigOption, StdinFilenameOption, app, status
from rtdiagram.cli.help import examples


class Format(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    mermaid = "mermaid"
    d2 = "d2"
    drawio = "drawio"


class View(str, Enum):
    architecture = "architecture"
    sequence = "sequence"


class Direction(str, Enum):
    LR = "LR"
    TB = "TB"


class Theme(str, Enum):
    light = "light"
    dark = "dark"


class Engine(str, Enum):
    auto = "auto"
    embedded = "embedded"
    dot = "dot"


RENDER_EPILOG = examples(
    "Examples",
    "rtdiagram render examples/collab-editor.yaml               # → examples/collab-editor.svg",
    "rtdiagram render model.yaml -f svg -f png -f d2 -o docs/    # several formats into a folder",
    "rtdiagram render model.yaml -f mermaid -o -                 # Mermaid text on stdout",
    "rtdiagram render model.yaml --view sequence --flow connect  # → model.connect.svg",
    "rtdiagram render model.yaml --expand-replicas --theme dark",
    "rtdiagram render big.yaml --collapse                        # one node per family",
    "cat model.yaml | rtdiagram render - -o model.svg",
    "rtdiagram render model.yaml --watch                         # again on every save",
)


@app.command(epilog=RENDER_EPILOG)
def render(
    model_file: Annotated[Path, typer.Argument(metavar="MODEL", help="The model to draw; - reads stdin.", show_default=False)],
    formats: Annotated[Optional[list[Format]], typer.Option("-f", "--format", help="Output format; repeat for several. Default: the -o file's extension, else svg.")] = None,
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Output file, folder (for several outputs), or - for stdout. Default: next to the model.")] = None,
    view: Annotated[View, typer.Option("--view", help="architecture: components and links; sequence: the model's flows.")] = View.architecture,
    flow: Annotated[Optional[list[str]], typer.Option("--flow", help="Sequence view: only this flow (repeatable). Default: every flow.")] = None,
    direction: Annotated[Direction, typer.Option("--direction", help="Layout direction.")] = Direction.LR,
    theme: Annotated[Theme, typer.Option("--theme", help="Colour theme.")] = Theme.light,
    engine: Annotated[Engine, typer.Option("--engine", help="Layout: system dot when on PATH (auto), embedded Graphviz, or dot.")] = Engine.auto,
    expand_replicas: Annotated[bool, typer.Option("--expand-replicas", help="Draw every replica as its own node, wired to the pub/sub layer.")] = False,
    collapse: Annotated[bool, typer.Option("--collapse", help="Large models: merge look-alike components of a tier (same kind and technology) into one ×N node.")] = False,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="Draw the legend of line styles.")] = True,
    findings: Annotated[bool, typer.Option("--findings", help="Mark components with lint findings (colour by severity, codes) and add the scaling checklist.")] = False,
    config: ConfigOption = None,
    stdin_filename: StdinFilenameOption = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files not written by rtdiagram.")] = False,
    watch: Annotated[bool, typer.Option("--watch", help="Render again on every save of the model; print the errors of an invalid state and keep going.")] = False,
) -> None:
    """Draw a model: architecture view (tiers, replicas, transports) or sequence diagrams.

    No system Graphviz is needed (PDF falls back to it where svg2pdf-py has no wheel). Outputs
    are written atomically and never
    replace a file rtdiagram did not write unless --force is given. --watch keeps rendering
    on every save (Ctrl-C stops it).
    """
    from rtdiagram.model.inputs import resolve_one
    from rtdiagram.render.graph import ViewOptions
    from rtdiagram.render.options import RenderOptions
    from rtdiagram.render.outputs import plan_outputs, produce, write_outputs
    from rtdiagram.render.watch import preview

    def build() -> None:
        loaded = resolve_one(model_file, stdin_filename).require_output(output).load()
        options = RenderOptions(theme=theme.value, source_name=Path(loaded.file).name, legend=legend, engine=engine.value)
        view_options = ViewOptions(direction=direction.value, expand_replicas=expand_replicas, collapse=collapse)
        if findings:  # imported only here: it loads the lint engine
            from rtdiagram.render.overlay import findings_view
            view_options = findings_view(loaded, view_options, config)
        chosen = [f.value for f in dict.fromkeys(formats)] if formats else None
        with status(f"rendering {loaded.file}"):
            results = produce(loaded.model, plan_outputs(loaded, chosen, view.value, flow, output, theme.value),
                              view_options, options)
        write_outputs(results, force=force)

    preview(model_file, build) if watch else build()
