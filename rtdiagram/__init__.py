"""rtdiagram: understand, draw and review real-time system designs.

The data flows one way, one package per stage: ``model`` (load a YAML file into frozen data)
→ ``knowledge`` (technology facts) → ``analysis`` (lint, checklist, capacity) → ``render`` and
``prose`` (diagrams; drafts and prompts) → ``cli``. The public API mirrors it::

    import rtdiagram

    loaded = rtdiagram.load_file("examples/collab-editor.yaml")
    result = rtdiagram.lint(loaded)                    # LintResult: findings, suppressed
    items = rtdiagram.checklist(loaded)                # the 13 scaling checklist items
    svg = rtdiagram.render(loaded, "svg")              # bytes; also png, pdf, dot, mermaid, d2
    draft = rtdiagram.draft("Browsers connect over WebSocket to three Socket.IO nodes…")
    draft.yaml_text, draft.loaded.model

Every function also accepts a path where it takes a loaded model. Errors are
:class:`RtdiagramError` (a :class:`ModelError` carries every problem of an invalid file).
"""

from __future__ import annotations

from typing import Any

import rtdiagram.render as _render_stage  # noqa: F401  (loaded first, so `render` below stays the function)
from rtdiagram._version import __version__

__all__ = [
    "__version__", "Loaded", "ModelError", "RtdiagramError",
    "checklist", "draft", "lint", "load_file", "load_text", "render",
]

_LAZY = {
    "Loaded": "rtdiagram.model.loader", "load_file": "rtdiagram.model.loader",
    "load_text": "rtdiagram.model.loader", "ModelError": "rtdiagram.model.errors",
    "RtdiagramError": "rtdiagram.model.errors", "lint": "rtdiagram.api",
    "checklist": "rtdiagram.api", "draft": "rtdiagram.api",
}


def render(model: Any, format: str = "svg", **options: Any) -> bytes:
    """One diagram as bytes; see :func:`rtdiagram.api.render`.

    Defined here rather than looked up lazily: the stage package ``rtdiagram.render`` would
    otherwise take this name the first time one of its modules is imported.
    """
    from rtdiagram.api import render as render_model

    return render_model(model, format, **options)


def __getattr__(name: str) -> Any:
    # Imported on first use: `rtdiagram --help` and `--version` need neither pydantic nor yaml.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rtdiagram' has no attribute {name!r}")
