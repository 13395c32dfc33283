"""Commands about model files themselves: validate, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from rtdiagram.cli.app import ColorOption, Color, ForceOption, TextOrJson, app


@app.command(epilog="Example: rtdiagram validate examples/*.yaml --format json")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Model files to check.", show_default=False)],
    format: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    color: ColorOption = Color.auto,
) -> None:
    """Check that model files are valid: syntax, keys, values and references.

    Every problem of every file is reported at once, as file:line:col with a hint.
    Exit code 0 when all files are valid, 2 otherwise.
    """
    from rtdiagram.cli.console import print_checks
    from rtdiagram.model.loader import validate_files

    checks = validate_files(files)
    if format is TextOrJson.json:
        typer.echo(json.dumps([c.to_json() for c in checks], indent=2, ensure_ascii=False))
    else:
        print_checks(checks, color.value)
    if not all(check.valid for check in checks):
        raise typer.Exit(2)


@app.command(epilog="Example: rtdiagram schema -o rtdiagram.schema.json")
def schema(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write to this file instead of stdout.")] = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of the model, for editors.

    Point the Red Hat YAML language server at it with a first line such as
    "# yaml-language-server: $schema=rtdiagram.schema.json".
    """
    from rtdiagram.model.files import write_atomic
    from rtdiagram.model.jsonschema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force=force)
        typer.echo(f"wrote {output}", err=True)
