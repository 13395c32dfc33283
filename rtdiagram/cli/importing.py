"""The import command: a model from the infrastructure files that run the system."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import app, write_or_print
from rtdiagram.cli.help import examples

IMPORT_EPILOG = examples(
    "Examples",
    "rtdiagram import k8s/ -o model.yaml && rtdiagram lint model.yaml",
    "rtdiagram import docker-compose.yaml nginx.conf -o model.yaml",
    "terraform show -json plan.out > plan.json && rtdiagram import plan.json asyncapi.yaml",
    "rtdiagram import k8s/ --into design.yaml          # show the diff; --yes writes it",
)


@app.command("import", epilog=IMPORT_EPILOG)
def import_(
    sources: Annotated[list[Path], typer.Argument(metavar="SOURCE...", help="Kubernetes manifests or folders, docker-compose files, nginx.conf, Terraform plan JSON (terraform show -json), AsyncAPI 3 documents.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE", help="Write the model here. Default: stdout (or, with --into, that model).")] = None,
    into: Annotated[Optional[Path], typer.Option("--into", metavar="MODEL", help="Merge into this hand-written model: its values win, conflicts are listed on stderr.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="The system's name. Default: the first source's name.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="With --into: write the merge instead of showing its diff.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """Import a model from infrastructure files; every imported fact names its file and line."""
    from rtdiagram.importers import import_sources
    from rtdiagram.importers.into import merge_diff
    from rtdiagram.model.jsonschema import schema_ref, with_modeline

    result = import_sources(sources, name=name, into=into)
    for line in [*result.warnings, *(f"conflict: {c}" for c in result.conflicts)]:
        typer.echo(f"rtdiagram import: {line}", err=True)
    text = with_modeline(result.text, schema_ref())
    target = output or into
    if into is not None and target == into and not yes:
        typer.echo(merge_diff(into, text), nl=False)
        typer.echo("rtdiagram import: nothing written; run again with --yes to apply", err=True)
        return
    write_or_print(text, target, force or target == into,
                   f" ({len(result.loaded.model.components)} components from {len(result.files)} files)")


class ExportFormat(str, Enum):
    asyncapi = "asyncapi"


EXPORT_EPILOG = examples(
    "Examples",
    "rtdiagram export asyncapi design.yaml -o api.asyncapi.yaml",
    "rtdiagram export asyncapi design.yaml              # to stdout",
    note="A stub from the server's point of view: servers from the gateways (ws/wss, http for SSE), "
         "one operation per flow step between a client and a gateway. Fill in hosts and payloads.",
)


@app.command("export", epilog=EXPORT_EPILOG)
def export(
    format_: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="What to write: asyncapi (an AsyncAPI 3.0 contract stub).", show_default=False)],
    model_file: Annotated[Path, typer.Argument(metavar="MODEL", help="The model to export; - reads stdin.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE", help="Write here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
) -> None:
    """Export a model's real-time API as a contract: an AsyncAPI 3.0 document of its gateways and flows."""
    from rtdiagram.importers.asyncapi_export import export_text
    from rtdiagram.model.inputs import resolve_one

    loaded = resolve_one(model_file).load()
    write_or_print(export_text(loaded.model, loaded.file), output, force)
