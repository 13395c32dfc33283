"""What a container is, from its image, env and labels, through the knowledge base.

``redis:7.2`` is Redis, ``centrifugo/centrifugo:v5`` is Centrifugo, an app whose env or labels
mention Socket.IO is a Socket.IO gateway. Anything else is a plain ``service``: the importer
never invents a technology. Links from env vars that name another part's host
(``REDIS_URL=redis://redis:6379``) are guesses, and marked so.
"""

from __future__ import annotations

import re
from typing import Any

from rtdiagram.importers.facts import Edge, Part, Source
from rtdiagram.knowledge.technologies import Technology, lookup

# Categories an image name may decide on its own; runtimes ("node", "python") say nothing.
IMAGE_CATEGORIES = frozenset({"gateway_server", "managed_realtime", "proxy", "load_balancer",
                              "broker", "coordination", "datastore", "media"})
GATEWAY_HINT = re.compile(r"socket[._-]?io|engine[._-]?io", re.I)
PROTOCOLS = {"redis": "redis", "postgres": "sql", "mysql": "sql", "cockroachdb": "sql",
             "nats": "pubsub", "nats_jetstream": "pubsub", "kafka": "kafka", "rabbitmq": "amqp",
             "dynamodb": "dynamodb", "centrifugo": "http"}
HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\s]*@)?([a-z0-9][a-z0-9.-]*?)(?::\d+)?(?:[/?].*)?$", re.I)


def image_name(image: str) -> str:
    """``docker.io/bitnami/redis:7.2@sha256:…`` → ``bitnami/redis``."""
    name = image.split("@", 1)[0]
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    last = parts[-1].split(":", 1)[0]
    return "/".join([*parts[:-1], last])


def recognise_image(image: str) -> Technology | None:
    name = image_name(image)
    for text in (name.rsplit("/", 1)[-1], name):
        entry = lookup(text)
        if entry and entry.category in IMAGE_CATEGORIES:
            return entry
    return None


def kind_of(entry: Technology) -> str:
    if entry.category == "coordination" and "pubsub" in entry.kinds:
        return "pubsub"
    return entry.kinds[0] if entry.kinds else "service"


def classify(part: Part, image: str, hints: list[str], source: Source) -> None:
    """Set the part's kind and technology from its image, else from env/label hints."""
    entry = recognise_image(image) if image else None
    if entry:
        part.kind, part.technology = kind_of(entry), entry.id
        part.notes.append(f"image {image}: recognised as {entry.name} ({source})")
        return
    hint = next((h for h in hints if GATEWAY_HINT.search(h)), None)
    if hint:
        part.kind, part.technology = "gateway", "socketio"
        part.notes.append(f"Socket.IO recognised from {hint!r} ({source})")
    elif image:
        part.notes.append(f"image {image} ({source})")


def protocol_for(part: Part) -> str:
    if part.kind == "gateway":
        return "websocket"
    return PROTOCOLS.get(part.technology or "", "http")


def host_of(value: Any) -> str | None:
    """The host an env value names, if it looks like a URL or host:port."""
    if not isinstance(value, str) or not value or len(value) > 500 or " " in value:
        return None
    match = HOST.match(value.strip())
    if not match or ("://" not in value and ":" not in value):
        return None
    return match.group(1).split(".")[0].lower()


def env_links(owner: str, env: list[tuple[str, Any, Source]], parts: dict[str, Part]) -> list[Edge]:
    """Links from ``owner`` to parts whose host an env var names (guesses)."""
    edges = []
    for name, value, source in env:
        host = host_of(value)
        target = parts.get(host) if host else None
        if target and target.id != owner:
            edges.append(Edge(owner, target.id, protocol_for(target), source, guessed=True,
                              why=f"env {name} names host {host!r}"))
    return edges
