"""Commands about model files themselves: validate, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import ColorOption, Color, ForceOption, StdinFilenameOption, TextOrJson, app
from rtdiagram.cli.help import examples


@app.command(epilog=examples("Examples", "rtdiagram validate examples/*.yaml --format json",
                             "cat design.yaml | rtdiagram validate - --stdin-filename design.yaml"))
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Model files to check; - reads stdin.", show_default=False)],
    format: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    stdin_filename: StdinFilenameOption = None,
    color: ColorOption = Color.auto,
) -> None:
    """Check that model files are valid: syntax, keys, values and references.

    Every problem of every file is reported at once, as file:line:col with a hint.
    Exit code 0 when all files are valid, 2 otherwise.
    """
    from rtdiagram.cli.console import print_checks
    from rtdiagram.model.inputs import resolve_inputs, validate_inputs

    checks = validate_inputs(resolve_inputs(files, stdin_filename))
    if format is TextOrJson.json:
        typer.echo(json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False))
    else:
        print_checks(checks, color.value)
    if not all(check.valid for check in checks):
        raise typer.Exit(2)


SCHEMA_EPILOG = examples(
    "Examples",
    "rtdiagram schema -o rtdiagram.schema.json",
    "rtdiagram schema --path            # the schema installed with rtdiagram",
    "rtdiagram schema --catalog         # a SchemaStore entry for *.rtdiagram.yaml files",
    note="Editors: a first line \"# yaml-language-server: $schema=PATH\" (rtdiagram new writes one), or in "
    "VS Code settings \"yaml.schemas\": {\"PATH\": \"*.rtdiagram.yaml\"}, with PATH from --path.",
)


@app.command(epilog=SCHEMA_EPILOG)
def schema(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", metavar="FILE", help="Write to this file instead of stdout.")] = None,
    path: Annotated[bool, typer.Option("--path", help="Print the path of the schema installed with rtdiagram.")] = False,
    catalog: Annotated[bool, typer.Option("--catalog", help="Print a SchemaStore catalog entry (file pattern *.rtdiagram.yaml).")] = False,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of the model, for completion and hover help in editors."""
    from rtdiagram.model.files import write_atomic
    from rtdiagram.model.jsonschema import catalog_json, json_schema_text, schema_path

    if path or catalog:
        typer.echo(str(schema_path()) if path else catalog_json(), nl=not catalog)
        return
    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force)
        typer.echo(f"wrote {output}", err=True)
