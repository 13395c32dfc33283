"""Where the packaged data lives: templates/, prompts/ and schemas/.

In a wheel they are inside the package (``rtdiagram/_data/…``, placed there by the build's
force-include). In a source checkout they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rtdiagram.model.errors import RtdiagramError

_PACKAGE = Path(__file__).resolve().parent.parent  # rtdiagram/


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise RtdiagramError(f"rtdiagram's data folder {name!r} is missing from this installation",
                         hint="reinstall rtdiagram (pip install --force-reinstall rtdiagram)")
