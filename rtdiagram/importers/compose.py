"""docker-compose files (the Compose Specification).

Reads, each with its file and line: every service (kind and technology from its image through
the knowledge base, Socket.IO from env or labels), ``deploy.replicas`` (or the legacy
``scale``), ``stop_grace_period`` (the SIGTERM → SIGKILL window), published ``ports`` (an
entry point), ``depends_on`` and env vars naming another service's host (both guessed links).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rtdiagram.importers.classify import classify, env_links, protocol_for
from rtdiagram.importers.facts import Edge, ImportResult, Part, Source, seconds, slug, whole
from rtdiagram.importers.sources import Doc, problem, read_text, yaml_documents


def _env(spec: dict, doc: Doc, name: str) -> list[tuple[str, Any, Source]]:
    env = spec.get("environment")
    items: list[tuple[str, Any]] = []
    if isinstance(env, dict):
        items = [(str(k), v) for k, v in env.items()]
    elif isinstance(env, list):
        items = [tuple(str(e).split("=", 1)) if "=" in str(e) else (str(e), None) for e in env]
    found = []
    for index, (key, value) in enumerate(items):
        where = doc.line("services", name, "environment", key if isinstance(env, dict) else index)
        found.append((key, value, Source(doc.file, where, f"environment {key}")))
    return found


def _published(ports: Any) -> list[str]:
    shown = []
    for port in ports if isinstance(ports, list) else []:
        if isinstance(port, dict) and port.get("published"):
            shown.append(f"{port['published']}:{port.get('target')}")
        elif isinstance(port, (str, int)) and ":" in str(port):
            shown.append(str(port))
    return shown


def read_doc(doc: Doc) -> ImportResult:
    result = ImportResult()
    services = doc.data.get("services")
    if not isinstance(services, dict):
        raise problem(doc.file, "'services' is not a mapping", doc.line("services"), code="I010")
    envs: dict[str, list] = {}
    for name, spec in services.items():
        if not isinstance(spec, dict):
            raise problem(doc.file, f"service {name!r} is not a mapping", doc.line("services", name), code="I010")
        part = Part(slug(str(name)), "service", Source(doc.file, doc.line("services", name), "service"), label=str(name))
        envs[part.id] = _env(spec, doc, name)
        labels = spec.get("labels") or {}
        hints = [f"{k}={v}" for k, v, _ in envs[part.id]]
        hints += [str(x) for x in (labels.items() if isinstance(labels, dict) else labels)]
        image = str(spec.get("image") or "")
        classify(part, image, hints, Source(doc.file, doc.line("services", name, "image"), "image"))
        replicas = (spec.get("deploy") or {}).get("replicas") if isinstance(spec.get("deploy"), dict) else None
        if isinstance(replicas, int) and replicas >= 1:
            part.set("replicas", replicas, Source(doc.file, doc.line("services", name, "deploy", "replicas"), "deploy.replicas"))
        elif isinstance(spec.get("scale"), int) and spec["scale"] >= 1:
            part.set("replicas", spec["scale"], Source(doc.file, doc.line("services", name, "scale"), "scale"))
        grace = seconds(spec.get("stop_grace_period"))
        if grace is not None:
            part.set("termination_grace_period_s", whole(grace),
                     Source(doc.file, doc.line("services", name, "stop_grace_period"), "stop_grace_period"))
        published = _published(spec.get("ports"))
        if published:
            part.entry = True
            part.notes.append(f"publishes ports {', '.join(published)} ({doc.file}:{doc.line('services', name, 'ports')})")
        result.add(part)
    for name, spec in services.items():
        owner = slug(str(name))
        depends = spec.get("depends_on") or []
        for dep in depends if isinstance(depends, (list, dict)) else []:
            target = result.parts.get(slug(str(dep)))
            if target:
                result.link(Edge(owner, target.id, protocol_for(target),
                                 Source(doc.file, doc.line("services", name, "depends_on", dep if isinstance(depends, dict) else list(depends).index(dep)), "depends_on"),
                                 guessed=True, why=f"depends_on {dep}"))
        for edge in env_links(owner, envs[owner], result.parts):
            result.link(edge)
    return result


def read(paths: list[Path]) -> ImportResult:
    result = ImportResult()
    for path in paths:
        shown, text = read_text(path)
        docs = yaml_documents(text, shown)
        if not docs or not isinstance(docs[0].data, dict):
            raise problem(shown, "a compose file is a mapping with 'services'", code="I010")
        result.extend(read_doc(docs[0]))
        result.files.append(shown)
    return result
