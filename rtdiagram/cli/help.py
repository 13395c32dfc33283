"""Plain ``--help``: click's formatter with click-style metavars, never Python types.

Typer's rich help costs ~55 ms of imports (``typer.rich_utils``) on every ``--help`` and prints
``<bool>``, ``<list[Path]>`` and ``{MODEL}``. The app uses plain formatting
(``rich_markup_mode=None``) and this module makes its metavars read like every other CLI:

* options: ``--format [svg|png|...]`` for choices, ``PATH``, ``TEXT``, ``INTEGER``, ``FLOAT``;
  flags show none;
* arguments: their metavar only (``MODEL``, ``FILE...``, ``[TEXT]``) in both the usage line
  and the arguments section.

Typer has no public hook for these, so two methods of its parameter classes are replaced; the
help goldens in tests/test_cli_help.py catch a Typer upgrade that changes them.
"""

from __future__ import annotations

from typer import core

_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "file": "FILE",
          "directory": "DIR", "datetime": "DATETIME"}


def _option_metavar(self: core.TyperOption, ctx) -> str | None:
    if self.metavar is not None:
        return self.metavar
    desc = self.type_descriptor
    if desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    label = self.display_type(ctx).strip("<>")
    if label.startswith("list[") and label.endswith("]"):
        label = label[5:-1]
    return _NAMES.get(label.lower(), label.upper())


def _argument_name(self: core.TyperArgument) -> str:
    name = self.metavar if self.metavar is not None else self.name.upper()
    if self.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


def _argument_usage(self: core.TyperArgument) -> str:
    name = _argument_name(self)
    if self.required or name.startswith("["):
        return name
    return f"[{name}]"


def install() -> None:
    """Patch Typer's parameter classes (idempotent)."""
    core.TyperOption.display_type_rich = _option_metavar  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    core.TyperArgument._rich_display_name = _argument_name  # type: ignore[method-assign]
    core.TyperArgument._usage_display_name = _argument_usage  # type: ignore[method-assign]


def examples(title: str, *lines: str, note: str = "") -> str:
    """An epilog click prints as written: ``\\b`` stops it from re-wrapping the example lines."""
    body = "\b\n" + title + ":\n" + "\n".join("  " + line for line in lines)
    return body + ("\n\n" + note if note else "")
