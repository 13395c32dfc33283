"""Starting models for `rtdiagram new`, shipped in templates/patterns/."""

from __future__ import annotations

from rtdiagram.model.errors import RtdiagramError
from rtdiagram.model.resources import data_dir
from rtdiagram.model.suggest import hint


def pattern_names() -> list[tuple[str, str]]:
    folder = data_dir("templates") / "patterns"
    result = []
    for path in sorted(folder.glob("*.yaml")):
        summary = next((line[2:].strip() for line in path.read_text().splitlines()[1:3] if line.startswith("# ")), "")
        result.append((path.stem, summary))
    return result


def pattern_text(name: str) -> str:
    folder = data_dir("templates") / "patterns"
    path = folder / f"{name}.yaml"
    if not path.is_file() or "/" in name:
        names = [n for n, _ in pattern_names()]
        raise RtdiagramError(f"no pattern {name!r}", hint=hint(name, names, f"patterns: {', '.join(names)}"))
    return path.read_text(encoding="utf-8")
