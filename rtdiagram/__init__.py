"""rtdiagram: understand, draw and review real-time system designs.

The data flows one way: load → model → analyse → render. The public API mirrors it::

    from rtdiagram import load_file
    loaded = load_file("examples/collab-editor.yaml")
    loaded.system.components
"""

__version__ = "0.1.0"

from rtdiagram.errors import RtdiagramError  # noqa: E402
from rtdiagram.loader import Loaded, load_file, load_text  # noqa: E402

__all__ = ["__version__", "Loaded", "RtdiagramError", "load_file", "load_text"]
