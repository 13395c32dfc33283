"""The one jinja2 environment factory, for packaged prompts and users' own templates.

Users' templates run in a sandbox (they are files from anywhere); undefined variables fail
loudly instead of printing nothing.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from rtdiagram.model.errors import RtdiagramError
from rtdiagram.model.resources import data_dir
from rtdiagram.model.suggest import hint


def environment(folder: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # plain text and Markdown, not HTML
    )


def builtin(kind: str) -> list[str]:
    """Names of the packaged templates of a kind ('prompts')."""
    folder = data_dir(kind)
    return sorted(p.name.removesuffix(".md.j2") for p in folder.glob("*.md.j2"))


def render_template(kind: str, name_or_path: str, **context: object) -> str:
    path = Path(name_or_path)
    if path.suffix in (".j2", ".jinja", ".md", ".txt") and path.exists():
        folder, name = path.resolve().parent, path.name
    else:
        folder, name = data_dir(kind), f"{name_or_path}.md.j2"
        if not (folder / name).exists():
            names = builtin(kind)
            raise RtdiagramError(f"no template {name_or_path!r}",
                                 hint=hint(name_or_path, names, f"built-in: {', '.join(names)}; or give a path"))
    try:
        return environment(folder).get_template(name).render(**context)
    except TemplateNotFound:
        raise RtdiagramError(f"template {name_or_path!r} not found") from None
    except TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RtdiagramError(f"template {name}{where}: {exc.message}") from None
