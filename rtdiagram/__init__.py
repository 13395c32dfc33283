"""rtdiagram: understand, draw and review real-time system designs.

The data flows one way: load → model → analyse → render. The public API mirrors it::

    from rtdiagram import load_file
    loaded = load_file("examples/collab-editor.yaml")
    loaded.model.components
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "Loaded", "RtdiagramError", "load_file", "load_text"]


def __getattr__(name: str) -> Any:
    # Imported on first use: `rtdiagram --help` and `--version` need neither pydantic nor yaml.
    if name in ("Loaded", "load_file", "load_text"):
        from rtdiagram import loader

        return getattr(loader, name)
    if name == "RtdiagramError":
        from rtdiagram.errors import RtdiagramError

        return RtdiagramError
    raise AttributeError(f"module 'rtdiagram' has no attribute {name!r}")
