"""Text from a model (or a file name) made safe to print.

A model is untrusted input: a label or file name can carry ESC sequences that repaint a
terminal, a newline that starts a fake finding, or a line beginning ``::error`` that GitHub
Actions runs as a workflow command. Everything a model contributes to a line of output goes
through :func:`escape_controls`; file names starting a line also go through :func:`line_start`.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_WORKFLOW = re.compile(r"^::", re.M)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def escape_controls(text: str, keep: str = "") -> str:
    """C0 and C1 control characters, DEL and ESC as visible escapes; ``keep`` lists exceptions."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)


def terminal_text(text: str) -> str:
    """A multi-line text for a terminal: newlines and tabs stay, every other control is escaped,
    and no line starts with ``::`` (GitHub Actions would run it as a workflow command)."""
    return _WORKFLOW.sub(r"\\::", escape_controls(text, keep="\n\t"))


def line_start(name: str) -> str:
    """A file name that begins a line: escaped, and never starting with ``::`` (a workflow command)."""
    name = escape_controls(name)
    return "./" + name if name.startswith(":") else name
