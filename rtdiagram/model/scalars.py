"""Reading one YAML scalar the YAML 1.2 way, within the bounds a model can use.

* integers (decimal, ``0x`` hex, ``0o`` octal) and floats are bounded by :data:`MAX_NUMBER`
  before they are converted, so a 5,000-digit integer never reaches ``int()`` or ``str()``;
* an explicit tag on a value of the wrong form (``!!int abc``, ``!!float -.nan``) is an error,
  not a raw ``ValueError``;
* text may not hold control characters other than tab and newline: they break SVG, DOT,
  Mermaid and terminals, so the model refuses them with their position.

Each reader returns the value, or raises :class:`ScalarProblem` with the message and hint.
"""

from __future__ import annotations

import math
import re

MAX_NUMBER = 10**15
MAX_TEXT = 10_000           # characters in one text value

_INT_RE = re.compile(r"^(?P<sign>[-+]?)(?:0x(?P<hex>[0-9a-fA-F]+)|0o(?P<oct>[0-7]+)|(?P<dec>[0-9]+))$")
_BASES = {"hex": 16, "oct": 8, "dec": 10}
_MAX_DIGITS = {"hex": 13, "oct": 18, "dec": 16}  # more significant digits always exceed MAX_NUMBER
_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:e[-+]?[0-9]+)?$|^[-+]?\.(?:inf|nan)$")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
# C0 controls, DEL and C1 controls, except tab and newline (YAML turns CR LF into LF already).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ScalarProblem(Exception):
    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def _shown(value: str) -> str:
    return value if len(value) <= 24 else f"{value[:12]}…({len(value):,} characters)"


def _too_large(value: str) -> ScalarProblem:
    return ScalarProblem("M009", f"number {_shown(value)} is out of range: numbers in a model lie "
                         "within ±10^15", "check for a typo; quote the value if it is text")


def _wrong_form(tag: str, value: str, expected: str) -> ScalarProblem:
    return ScalarProblem("M001", f"!!{tag.rsplit(':', 1)[-1]} tag on {_shown(value)!r}, which is "
                         f"not {expected}", "remove the tag, or fix the value")


def read_int(tag: str, value: str) -> int:
    match = _INT_RE.match(value.replace("_", ""))
    if not match:
        raise _wrong_form(tag, value, "an integer")
    base = next(name for name in _BASES if match[name] is not None)
    digits = match[base].lstrip("0")
    if len(digits) > _MAX_DIGITS[base]:
        raise _too_large(value)
    number = int(digits or "0", _BASES[base])
    if abs(number) > MAX_NUMBER:
        raise _too_large(value)
    return -number if match["sign"] == "-" else number


def read_float(tag: str, value: str) -> float:
    lowered = value.replace("_", "").lower()
    if not _FLOAT_RE.match(lowered):
        raise _wrong_form(tag, value, "a number")
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered.endswith(".nan"):
        return math.nan
    number = float(lowered)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise _too_large(value)
    return number


def read_bool(tag: str, value: str) -> bool:
    if not _BOOL_RE.match(value):
        raise _wrong_form(tag, value, "true or false")
    return value.lower() == "true"


def read_null(tag: str, value: str) -> None:
    if not _NULL_RE.match(value):
        raise _wrong_form(tag, value, "null")
    return None


def check_text(value: str) -> str:
    if len(value) > MAX_TEXT:
        raise ScalarProblem("M009", f"text of {len(value):,} characters; the limit is {MAX_TEXT:,}",
                            "shorten it: a model's texts are names, labels and short notes")
    match = CONTROL_RE.search(value)
    if match is None:
        return value
    char = match.group()
    name = "NUL" if char == "\0" else f"U+{ord(char):04X}"
    where = f" (character {match.start() + 1} of the text)" if len(value) > 1 else ""
    raise ScalarProblem("M010", f"text contains the control character {name}{where}",
                        "remove it; only tab and newline are allowed in text")
