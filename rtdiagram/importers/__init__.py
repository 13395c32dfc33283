"""IMPORT: infrastructure files → a commented, validated model with provenance on every fact.

``import_sources(["k8s/", "nginx.conf"])`` reads Kubernetes manifests, docker-compose files,
nginx configuration, Terraform plan JSON and AsyncAPI 3 documents, merges what they say about
each component (one id per workload, service or upstream host, so the compose service ``chat``
and the nginx upstream server ``chat:3000`` are one component), and writes YAML in which every
value says where it came from. ``into=`` merges into a hand-written model instead: its values
stay, imported ones are added, and disagreements are reported as conflicts.

Each format is one module with the same signature, ``read(paths) -> ImportResult``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rtdiagram.importers import asyncapi, compose, kubernetes, nginx, terraform
from rtdiagram.importers.emit import document, write
from rtdiagram.importers.facts import ImportResult
from rtdiagram.importers.into import merge_into
from rtdiagram.importers.sources import expand, json_document, read_text, yaml_documents
from rtdiagram.model.errors import RtdiagramError
from rtdiagram.model.loader import Loaded, load_text

READERS = {"kubernetes": kubernetes.read, "compose": compose.read, "nginx": nginx.read,
           "terraform": terraform.read, "asyncapi": asyncapi.read}


@dataclass(frozen=True)
class Imported:
    text: str                      # the model, commented YAML
    loaded: Loaded                 # the same, validated
    files: list[str]               # every file read, as shown in the comments
    warnings: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)   # with --into: hand-written values kept


def detect(path: Path) -> str | None:
    """The format of one file, from its suffix and its first document; None: not importable."""
    if path.suffix == ".conf" or path.name == "nginx.conf":
        return "nginx"
    shown, text = read_text(path)
    if path.suffix == ".json":
        data = json_document(text, shown).data
        if isinstance(data, dict) and ("planned_values" in data or "terraform_version" in data):
            return "terraform"
        return "asyncapi" if isinstance(data, dict) and "asyncapi" in data else None
    docs = yaml_documents(text, shown)
    first = docs[0].data if docs else None
    if isinstance(first, dict) and "asyncapi" in first:
        return "asyncapi"
    if any(kubernetes.is_manifest(d) for d in docs):
        return "kubernetes"
    if isinstance(first, dict) and isinstance(first.get("services"), dict):
        return "compose"
    return None


def read_sources(sources: Sequence[str | Path]) -> ImportResult:
    """Every importable file below the sources, each read by its format's module."""
    by_format: dict[str, list[Path]] = {}
    skipped = []
    named = {Path(s) for s in sources}
    for path in expand([Path(s) for s in sources]):
        kind = detect(path)
        if kind:
            by_format.setdefault(kind, []).append(path)
        elif path in named:
            raise RtdiagramError(f"{path}: not a Kubernetes manifest, docker-compose file, nginx.conf, "
                                 "Terraform plan JSON or AsyncAPI document")
        else:
            skipped.append(str(path))
    result = ImportResult()
    for kind in READERS:  # a fixed order, so the output does not depend on the arguments' order
        if by_format.get(kind):
            result.extend(READERS[kind](by_format[kind]))
    if not result.parts:
        raise RtdiagramError("nothing to import: no component found in the sources")
    result.warnings += [f"{s}: skipped, not a format rtdiagram imports" for s in skipped]
    return result


def import_sources(sources: Sequence[str | Path], *, name: str | None = None,
                   into: str | Path | None = None) -> Imported:
    """Read, merge and write the model; validate it with the model loader.

    ``name`` is the system's name (default: the first source's name). ``into`` is an existing
    model to merge into. Writing the result is the caller's: the text is returned.
    """
    result = read_sources(sources)
    first = Path(sources[0]).resolve()
    system = name or (first.name if first.is_dir() else first.stem) or "Imported system"
    doc = document(result, system)
    conflicts: list[str] = []
    target = "<import>"
    if into is not None:
        doc, conflicts = merge_into(Path(into), doc)
        target = str(into)
    text = write(doc)
    loaded = load_text(text, target)
    return Imported(text, loaded, sorted(set(result.files)), result.warnings, conflicts)
