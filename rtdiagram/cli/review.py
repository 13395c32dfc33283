"""Design-review commands: capacity (the napkin maths, with sources) and report (one artefact)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rtdiagram.cli.app import ConfigOption, ForceOption, StdinFilenameOption, app, write_or_print
from rtdiagram.cli.help import examples


class CapacityFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


CAPACITY_EPILOG = examples(
    "Examples",
    "rtdiagram capacity examples/collab-editor.yaml",
    "rtdiagram capacity design.yaml --format markdown >> review.md",
    "rtdiagram capacity design.yaml --format json | jq '.figures[] | select(.value == null) | .missing'",
    "cat design.yaml | rtdiagram capacity - --stdin-filename design.yaml",
)


@app.command(epilog=CAPACITY_EPILOG)
def capacity(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The model to estimate; - reads stdin.", show_default=False)],
    format: Annotated[CapacityFormat, typer.Option("--format", help="table, markdown or json.")] = CapacityFormat.table,
    stdin_filename: StdinFilenameOption = None,
    config: ConfigOption = None,
) -> None:
    """Capacity figures from the expected load: gateway nodes (N+1), deliveries/s, egress,
    pub/sub load and buffer headroom, reconnect-storm recovery, heartbeat traffic.

    Each figure shows its formula and inputs, and where each input came from (a model path, an
    assumed platform default, a threshold or a protocol constant). Missing inputs are named,
    never invented. Exit codes: 0, or 2 for an invalid model or usage.
    """
    from rtdiagram.analysis.capacity_format import capacity_report
    from rtdiagram.model.inputs import resolve_one

    write_or_print(capacity_report(resolve_one(file, stdin_filename), format.value, config), None, False)


REPORT_EPILOG = examples(
    "Examples",
    "rtdiagram report design.yaml -o review.html     # one self-contained page: open it in a browser",
    "rtdiagram report design.yaml -o review.md       # a pull-request comment (Mermaid, tables)",
    "gh pr comment 42 --body-file review.md",
    "rtdiagram report design.yaml --watch --serve    # live preview on 127.0.0.1, reloads on save",
    "cat design.yaml | rtdiagram report - --stdin-filename design.yaml -o review.md",
)


@app.command(epilog=REPORT_EPILOG)
def report(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The model to review; - reads stdin.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="review.html (interactive page) or review.md (PR comment); the suffix picks the format.")] = Path("review.html"),
    watch: Annotated[bool, typer.Option("--watch", help="Rewrite the report on every save of the model; print the errors of an invalid state and keep going.")] = False,
    serve: Annotated[bool, typer.Option("--serve", help="With --watch (implied): serve the HTML report on 127.0.0.1 (a free port, printed) with live reload.")] = False,
    stdin_filename: StdinFilenameOption = None,
    config: ConfigOption = None,
    force: ForceOption = False,
) -> None:
    """The design-review artefact: diagram with findings, sequence diagrams, findings with their
    rule docs, the checklist, capacity figures and the model source, in one file.

    The HTML page is self-contained (no network, no server) and interactive: click a component
    or a finding, toggle expanded replicas, step through a flow. A file rtdiagram did not write
    is replaced only with --force. Exit codes: 0, or 2 for an invalid model or usage.
    """
    from rtdiagram.model.inputs import resolve_one
    from rtdiagram.render.report import report_format, report_text, save_report
    from rtdiagram.render.watch import preview

    if serve and report_format(output) != "html":
        raise typer.BadParameter("--serve shows the HTML report: name the output *.html", param_hint="'-o'")

    def build() -> str:
        item = resolve_one(file, stdin_filename)
        text = report_text(item.load(), output, item.config_start, config)
        typer.echo(f"wrote {save_report(text, output, force=force)}", err=True)
        return text

    preview(file, build, serve=serve) if watch or serve else build()
