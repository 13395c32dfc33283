"""AsyncAPI 3 documents (YAML or JSON) of a WebSocket or SSE API.

- ``servers``: ``ws``/``wss`` become WebSocket gateways; ``http``/``https`` servers whose
  messages are ``text/event-stream`` become SSE gateways (``wss``/``https``: TLS). Clients
  connect to each (the shared ``users`` client).
- ``channels``: their ``address`` (parameters named in the description) become channels.
- ``operations``: one flow each. ``action`` is what the described application does; the
  document is read as describing the server (``send`` → the gateway sends to clients) unless
  ``info.x-rtdiagram-perspective: client`` says otherwise.
- A token in the WebSocket binding's ``query`` (or a security scheme ``in: query``) becomes an
  auth component with ``token_location: query``.

The document is checked for the structure these need (version 3, mappings, resolvable
``$ref``s, ``action``), with located errors; validation against the full AsyncAPI JSON Schema
is not done at run time (rtdiagram does not ship the schema): the tests check the sample and
``rtdiagram export asyncapi`` output against the official one (tests/schemas/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rtdiagram.importers.facts import Edge, ImportResult, Part, Source, slug
from rtdiagram.importers.sources import Doc, json_document, problem, read_text, yaml_documents

CLIENT = "users"
TOKEN = re.compile(r"token|jwt|auth|access|ticket|key", re.I)


def _ref(doc: Doc, value: Any, where: tuple) -> tuple[str, ...]:
    """``{$ref: '#/channels/room'}`` → ('channels', 'room'), checked to exist."""
    if not isinstance(value, dict) or "$ref" not in value:
        return ()
    ref = str(value["$ref"])
    path = tuple(p.replace("~1", "/").replace("~0", "~") for p in ref.removeprefix("#/").split("/"))
    data: Any = doc.data
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    if not ref.startswith("#/") or data is None:
        raise problem(doc.file, f"$ref {ref!r} does not resolve in this document", doc.line(*where), code="I041")
    return path


def _get(doc: Doc, path: tuple) -> Any:
    data: Any = doc.data
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _mapping(doc: Doc, key: str) -> dict:
    value = doc.data.get(key) or {}
    if not isinstance(value, dict):
        raise problem(doc.file, f"'{key}' must be a mapping", doc.line(key), code="I040")
    return value


def _content_types(doc: Doc) -> set[str]:
    found = {str(doc.data.get("defaultContentType") or "")}
    for message in (_get(doc, ("components", "messages")) or {}).values():
        if isinstance(message, dict) and message.get("contentType"):
            found.add(str(message["contentType"]))
    return found


def read_doc(doc: Doc) -> ImportResult:
    version = str(doc.data.get("asyncapi") or "")
    if not version.startswith("3."):
        raise problem(doc.file, f"AsyncAPI {version or '(no version)'}: only AsyncAPI 3 documents are imported",
                      doc.line("asyncapi"), code="I040", hint="convert it with the AsyncAPI converter first")
    result = ImportResult(files=[doc.file])
    client = result.add(Part(CLIENT, "client", Source(doc.file, doc.line("servers"), "servers"), label="Clients"))
    sse = "text/event-stream" in _content_types(doc)
    gateways: dict[str, str] = {}
    for key, server in _mapping(doc, "servers").items():
        at = Source(doc.file, doc.line("servers", key), f"servers.{key}")
        if not isinstance(server, dict):
            raise problem(doc.file, f"server {key!r} must be a mapping", at.line or 1, code="I040")
        protocol = str(server.get("protocol") or "").lower()
        transport = "websocket" if protocol in ("ws", "wss") else "sse" if protocol in ("http", "https") and sse else None
        if transport is None:
            result.warnings.append(f"{at}: protocol {protocol!r} is neither WebSocket nor SSE; skipped")
            continue
        part = result.add(Part(slug(key), "gateway", at, label=f"{key} ({server.get('host', '')}{server.get('pathname', '')})"))
        part.set("transports", [transport], Source(doc.file, doc.line("servers", key, "protocol"), f"protocol {protocol}"))
        part.set("tls", protocol in ("wss", "https"), Source(doc.file, doc.line("servers", key, "protocol"), f"protocol {protocol}"))
        gateways[key] = part.id
        result.link(Edge(client.id, part.id, transport, at))
        query = _get(doc, ("servers", key, "bindings", "ws", "query", "properties")) or {}
        for name in query if isinstance(query, dict) else []:
            if TOKEN.search(str(name)):
                auth(result, doc, part.id, "query", Source(doc.file, doc.line("servers", key, "bindings", "ws", "query", "properties", name),
                                                          f"ws binding query {name}"))
    schemes = _get(doc, ("components", "securitySchemes")) or {}
    for name, scheme in schemes.items() if isinstance(schemes, dict) else []:
        where = scheme.get("in") if isinstance(scheme, dict) else None
        if where in ("query", "header", "cookie") or (isinstance(scheme, dict) and scheme.get("type") == "http"):
            for gateway in gateways.values():
                auth(result, doc, gateway, where or "header",
                     Source(doc.file, doc.line("components", "securitySchemes", name), f"securitySchemes.{name}"))
    channels(result, doc)
    operations(result, doc, gateways)
    return result


def auth(result: ImportResult, doc: Doc, gateway: str, where: str, source: Source) -> None:
    part = result.add(Part("auth", "auth", source, label="Connection auth"))
    part.set("token_location", where, source)
    result.link(Edge(gateway, part.id, "internal", source))


def channels(result: ImportResult, doc: Doc) -> None:
    for key, channel in _mapping(doc, "channels").items():
        if not isinstance(channel, dict):
            raise problem(doc.file, f"channel {key!r} must be a mapping", doc.line("channels", key), code="I040")
        name = str(channel.get("address") or key)
        entry: dict[str, Any] = {"name": name}
        if "user" in name.lower():
            entry["visibility"] = "user"
        words = [str(channel.get("description") or channel.get("summary") or "").strip()]
        params = channel.get("parameters") or {}
        if isinstance(params, dict) and params:
            words.append("Parameters: " + ", ".join(params) + ".")
        if any(words):
            entry["description"] = " ".join(w for w in words if w)
        result.channels.append((entry, Source(doc.file, doc.line("channels", key), f"channels.{key}")))


def operations(result: ImportResult, doc: Doc, gateways: dict[str, str]) -> None:
    client_view = (_get(doc, ("info", "x-rtdiagram-perspective")) or "server") == "client"
    for key, op in _mapping(doc, "operations").items():
        where = ("operations", key)
        if not isinstance(op, dict) or op.get("action") not in ("send", "receive"):
            raise problem(doc.file, f"operation {key!r} needs action: send or receive", doc.line(*where, "action"), code="I040")
        channel = _ref(doc, op.get("channel"), (*where, "channel"))
        if not channel:
            raise problem(doc.file, f"operation {key!r} needs channel: {{$ref: '#/channels/…'}}", doc.line(*where), code="I040")
        servers = [_ref(doc, s, (*where, "channel")) for s in (_get(doc, channel) or {}).get("servers") or []]
        targets = [gateways[s[-1]] for s in servers if s and s[-1] in gateways] or list(gateways.values())[:1]
        if not targets:
            continue
        names = []
        for m, message in enumerate(op.get("messages") or []):
            path = _ref(doc, message, (*where, "messages", m))
            names.append(path[-1] if path else "message")
        if not names:
            names = list((_get(doc, channel) or {}).get("messages") or {}) or ["message"]
        server_sends = (op["action"] == "send") != client_view
        text = ", ".join(names)
        step = f"{targets[0]} -> {CLIENT}: {text}" if server_sends else f"{CLIENT} -> {targets[0]}: {text}"
        address = (_get(doc, channel) or {}).get("address") or channel[-1]
        flow = {"name": key, "description": str(op.get("summary") or op.get("description") or f"{op['action']} on {address}"),
                "steps": [step]}
        result.flows.append((flow, Source(doc.file, doc.line(*where), f"operations.{key} action {op['action']}")))


def read(paths: list[Path]) -> ImportResult:
    result = ImportResult()
    for path in paths:
        shown, text = read_text(path)
        docs = [json_document(text, shown)] if path.suffix == ".json" else yaml_documents(text, shown)
        if not docs or not isinstance(docs[0].data, dict):
            raise problem(shown, "an AsyncAPI document is a mapping", code="I040")
        result.extend(read_doc(docs[0]))
    return result
