"""REPORT: the design-review artefact — one HTML page or one Markdown PR comment.

``build_report(model_path, output_name)`` picks the format from the output's suffix
(``.html``/``.htm`` or ``.md``); ``write_report`` writes it. Both gather lint, the checklist
and the capacity sheet once (``collect``) and format them (``html``, ``markdown``).
"""

from __future__ import annotations

from pathlib import Path

from rtdiagram.model.errors import RenderError

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def report_format(output: str | Path) -> str:
    fmt = FORMATS.get(Path(str(output)).suffix.lower())
    if fmt is None:
        raise RenderError(f"cannot tell the report format from {str(output)!r}",
                          hint="name the output review.html or review.md")
    return fmt


def build_report(path: Path, output: str | Path = "review.html", config: Path | None = None) -> str:
    """The report of the model at ``path`` as text, in the format ``output`` names."""
    from rtdiagram.render.report.collect import collect

    fmt = report_format(output)
    review = collect(path, config)
    if fmt == "html":
        from rtdiagram.render.report.html import render_html

        return render_html(review)
    from rtdiagram.render.report.markdown import render_markdown

    return render_markdown(review)


def write_report(path: Path, output: Path, config: Path | None = None) -> Path:
    """Write the report next to nothing else: atomically, UTF-8. Returns the path written."""
    text = build_report(path, output, config)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)
    return output
