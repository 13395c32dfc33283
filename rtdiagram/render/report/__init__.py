"""REPORT: the design-review artefact — one HTML page or one Markdown PR comment.

``build_report(model_path, output_name)`` picks the format from the output's suffix
(``.html``/``.htm`` or ``.md``), ``report_text`` does the same for a loaded model (stdin too);
``write_report`` / ``save_report`` write it under the overwrite policy of ``model/files.py``. Both gather lint, the checklist
and the capacity sheet once (``collect``) and format them (``html``, ``markdown``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rtdiagram.model.errors import RenderError

if TYPE_CHECKING:
    from rtdiagram.model.loader import Loaded

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def report_format(output: str | Path) -> str:
    fmt = FORMATS.get(Path(str(output)).suffix.lower())
    if fmt is None:
        raise RenderError(f"cannot tell the report format from {str(output)!r}",
                          hint="name the output review.html or review.md")
    return fmt


def report_text(loaded: Loaded, output: str | Path = "review.html", config_start: Path | None = None,
                config: Path | None = None) -> str:
    """The report of a loaded model (a file or stdin) as text, in the format ``output`` names.

    ``config_start`` is where the configuration search starts (the model file, or the name
    given to stdin); ``config`` an explicit configuration file."""
    from rtdiagram.render.report.collect import review_of

    fmt = report_format(output)
    review = review_of(loaded, config_path=config_start, config=config)
    if fmt == "html":
        from rtdiagram.render.report.html import render_html

        return render_html(review)
    from rtdiagram.render.report.markdown import render_markdown

    return render_markdown(review)


def build_report(path: Path, output: str | Path = "review.html", config: Path | None = None) -> str:
    """The report of the model at ``path`` as text, in the format ``output`` names."""
    from rtdiagram.model.loader import load_file

    report_format(output)   # a bad suffix fails before the model is analysed
    return report_text(load_file(path), output, path, config)


def save_report(text: str, output: Path, *, force: bool = False) -> Path:
    """Write a report atomically; a file rtdiagram did not write is replaced only with ``force``
    (the report's marker: the line after ``<!DOCTYPE html>``, or a Markdown report's last line)."""
    from rtdiagram.model.files import write_atomic

    write_atomic(output, text, force=force)
    return output


def write_report(path: Path, output: Path, config: Path | None = None, *, force: bool = False) -> Path:
    """Build and write the report of the model at ``path``. Returns the path written."""
    return save_report(build_report(path, output, config), output, force=force)
