"""Diagnostics as terminal text: concise lines, or a code frame with colour on a terminal.

User text is never passed to rich as markup (a YAML flow list like ``[a, b]`` would vanish):
everything is assembled from ``Text`` parts. When the output is not coloured (piped, NO_COLOR,
--color never) rich is not imported at all: plain lines are the same text, and importing rich
is a sixth of a short command's run time.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rtdiagram.model.diagnostics import Diagnostic, Severity
from rtdiagram.model.safetext import escape_controls as esc, line_start

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}


def concise_plain(diagnostic: Diagnostic) -> str:
    """``file:line:col: CODE severity: message (help: hint)`` — the concise line without colour."""
    line = (f"{line_start(diagnostic.file)}:{diagnostic.start.line}:{diagnostic.start.column}: {diagnostic.code} "
            f"{diagnostic.severity.value}: {esc(diagnostic.message)}")
    return line + (f" (help: {esc(diagnostic.hint)})" if diagnostic.hint else "") + esc(diagnostic.origin_note())


def concise_line(diagnostic: Diagnostic) -> Text:
    from rich.text import Text

    text = Text.assemble(
        (f"{line_start(diagnostic.file)}:{diagnostic.start.line}:{diagnostic.start.column}:", "bold"),
        " ",
        (diagnostic.code, STYLE[diagnostic.severity]),
        " ",
        (f"{diagnostic.severity.value}:", STYLE[diagnostic.severity]),
        " ",
        esc(diagnostic.message),
    )
    if diagnostic.hint:
        text.append(" (help: ")
        text.append(esc(diagnostic.hint), "cyan")
        text.append(")")
    text.append(esc(diagnostic.origin_note()), "dim")
    return text


def code_frame(diagnostic: Diagnostic, source_text: str | None) -> Text:
    """rustc-style: header, ``-->`` location, the line with carets, note and help."""
    from rich.text import Text

    colour = STYLE[diagnostic.severity]
    out = Text.assemble(
        (f"{diagnostic.severity.value}[{diagnostic.code}]", colour), (": ", "bold"),
        (esc(diagnostic.message), "bold"), "\n",
    )
    line_no, column = diagnostic.start.line, diagnostic.start.column
    width = len(str(line_no + 1))
    out.append_text(Text.assemble(
        (f"{' ' * width}--> ", "bold blue"),
        f"{esc(diagnostic.file)}:{line_no}:{column}\n",
    ))
    lines = source_text.splitlines() if source_text else []
    if 0 < line_no <= len(lines):
        source_line = esc(lines[line_no - 1], keep="\t")
        end = diagnostic.end
        span = (end.column - column) if end and end.line == line_no else len(source_line) - column + 1
        span = max(1, min(span, max(1, len(source_line) - column + 1)))
        out.append_text(Text.assemble((f"{' ' * width} |\n", "bold blue")))
        out.append_text(Text.assemble((f"{line_no:>{width}} | ", "bold blue"), source_line, "\n"))
        out.append_text(Text.assemble(
            (f"{' ' * width} | ", "bold blue"), " " * (column - 1), ("^" * span, colour), "\n",
        ))
    for label, position in diagnostic.related:
        out.append_text(Text.assemble(
            (f"{' ' * width} = ", "bold blue"), ("note", "bold"),
            f": {esc(label)} at line {position.line}, column {position.column}\n",
        ))
    for origin in diagnostic.origins:
        out.append_text(Text.assemble(
            (f"{' ' * width} = ", "bold blue"), ("note", "bold"),
            f": imported from {esc(origin.describe())}\n",
        ))
    if diagnostic.hint:
        out.append_text(Text.assemble(
            (f"{' ' * width} = ", "bold blue"), ("help", "bold cyan"), f": {esc(diagnostic.hint)}\n",
        ))
    return out


def summary(diagnostics: Iterable[Diagnostic], files: int) -> str:
    counts = Counter(d.severity for d in diagnostics)
    total = sum(counts.values())
    if not total:
        return f"All checks passed ({files} file{'s' if files != 1 else ''})."
    parts = [
        f"{counts[severity]} {severity.value}{'s' if counts[severity] != 1 else ''}"
        for severity in Severity
        if counts[severity]
    ]
    noun = "problem" if total == 1 else "problems"
    return f"Found {total} {noun} ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}."


class PlainConsole:
    """What a rich Console does for us, for uncoloured output: write the plain text."""

    is_terminal = False
    rich = False

    def __init__(self, stderr: bool = False) -> None:
        self.stream = sys.stderr if stderr else sys.stdout

    def print(self, *objects: Any, **_: Any) -> None:
        self.stream.write(" ".join(getattr(o, "plain", None) or str(o) for o in objects) + "\n")


def coloured(stderr: bool = False, color: str = "auto") -> bool:
    """Whether output is styled: on a terminal unless NO_COLOR, or when forced."""
    if color != "auto":
        return color == "always"
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    stream = sys.stderr if stderr else sys.stdout
    return stream.isatty()


def diagnostic_line(console: Any, diagnostic: Diagnostic):
    return concise_line(diagnostic) if getattr(console, "rich", True) else concise_plain(diagnostic)


def make_console(stderr: bool = False, color: str = "auto", plain_ok: bool = False) -> Console:
    """A rich Console; with ``plain_ok``, a PlainConsole when the output is not coloured."""
    if plain_ok and not coloured(stderr, color):
        return PlainConsole(stderr)  # type: ignore[return-value]
    from rich.console import Console

    force = {"always": True, "never": False}.get(color)
    return Console(
        stderr=stderr,
        highlight=False,
        soft_wrap=True,
        force_terminal=force,
        no_color=True if color == "never" else None,
    )


def checklist_table(file: str, items: list) -> Table:
    from rich.table import Table
    from rich.text import Text

    from rtdiagram.analysis.checklist import MARK

    colours = {"addressed": "green", "partially": "yellow", "missing": "red", "not stated": "cyan",
               "not applicable": "dim"}
    table = Table(title=Text(f"Horizontal-scaling checklist — {esc(file)}"), show_lines=True, expand=False)
    table.add_column("#", no_wrap=True)
    table.add_column("Item")
    table.add_column("Status", no_wrap=True)
    table.add_column("Evidence / what to do")
    for item in items:
        detail = Text(esc("; ".join(item.evidence)))
        if item.todo:
            if item.evidence:
                detail.append("\n")
            detail.append("→ " + esc(item.todo), "cyan")
        mark = f"{MARK.get(item.status, '?')} {item.status}"
        table.add_row(item.id, Text(esc(item.title)), Text(mark, colours.get(item.status, "")), detail)
    return table


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


MAX_FRAMES = 200  # code frames on a terminal; 30k framed diagnostics took 21 s to print


def _print_diagnostics(console: Any, items: list[tuple[Diagnostic, str | None]], frames: bool) -> None:
    """Framed (at most MAX_FRAMES, then a count) or one line each."""
    for diagnostic, source in items[:MAX_FRAMES] if frames else items:
        console.print(code_frame(diagnostic, source) if frames else diagnostic_line(console, diagnostic))
    if frames and len(items) > MAX_FRAMES:
        console.print(f"… {len(items) - MAX_FRAMES} more not shown; use --format concise or redirect "
                      "the output to see every one")


def print_checks(checks: list, color: str = "auto") -> None:
    """validate's text output: every diagnostic (framed on a terminal), then one summary line."""
    console = make_console(color=color, plain_ok=True)
    frames = console.is_terminal and os.environ.get("RTDIAGRAM_OUTPUT_FORMAT") != "concise"
    diagnostics = [d for check in checks for d in check.diagnostics]
    _print_diagnostics(console, [(d, check.text) for check in checks for d in check.diagnostics], frames)
    errors = make_console(stderr=True, color=color, plain_ok=True)
    for check in checks:
        if check.error is not None:
            errors.print(f"error: {esc(check.error)}", markup=False, highlight=False)
    if diagnostics:
        console.print(summary(diagnostics, len(checks)))
    elif all(check.error is None for check in checks):
        console.print(f"{_plural(len(checks), 'file')} valid.")


def print_lint(run, text_format: str, color: str = "auto", baselined: int = 0) -> None:
    """lint's text and concise output: findings, then one summary line."""
    console = make_console(color=color, plain_ok=True)
    frames = text_format == "text" and console.is_terminal
    _print_diagnostics(console, [(f.diagnostic, run.sources.get(r.file)) for r in run.results for f in r.findings],
                       frames)
    everything = [f.diagnostic for r in run.results for f in r.findings]
    line = summary(everything, len(run.results)) if run.results else ""
    suppressed = sum(len(r.suppressed) for r in run.results)
    if suppressed:
        line = line.rstrip(".") + f"; {suppressed} suppressed with a reason."
    if baselined:
        line = line.rstrip(".") + f"; {baselined} known from the baseline not shown."
    if run.invalid:
        count = len({d.file for d in run.invalid})
        line = (line + " " if line else "") + (
            f"{count} file{'s are' if count != 1 else ' is'} not a valid model (errors above).")
    console.print(line)


def print_invalid(diagnostics: list[Diagnostic], color: str = "auto") -> None:
    """Files that are not valid models, on stderr, whatever the output format."""
    errors = make_console(stderr=True, color=color, plain_ok=True)
    for diagnostic in diagnostics:
        errors.print(diagnostic_line(errors, diagnostic))


def print_draft_findings(findings) -> None:
    errors = make_console(stderr=True, plain_ok=True)
    for finding in findings:
        errors.print(diagnostic_line(errors, finding.diagnostic))
    errors.print(summary([f.diagnostic for f in findings], 1).replace("All checks passed", "Lint: all checks passed"))


def print_markdown(text: str) -> None:
    """Rendered on a terminal, plain Markdown when piped."""
    console = make_console()
    if console.is_terminal:
        from rich.markdown import Markdown

        console.print(Markdown(text))
    else:
        import sys

        sys.stdout.write(text)


def print_statistics(run, baseline_written=None, color: str = "auto") -> None:
    """``count CODE name`` per rule, most frequent first (ruff's --statistics); or what a baseline got."""
    console = make_console(stderr=baseline_written is not None, color=color, plain_ok=True)
    counts = Counter((f.code, f.diagnostic.name) for r in run.results for f in r.findings)
    if baseline_written is not None:
        total = sum(counts.values())
        console.print(f"wrote {esc(str(baseline_written))}: {_plural(total, 'finding')} of "
                      f"{_plural(len(counts), 'rule')} in {_plural(len(run.results), 'file')}")
        return
    for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        console.print(f"{count:>5} {code:<6} {name}")
