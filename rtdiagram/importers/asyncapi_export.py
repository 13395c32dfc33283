"""EXPORT: a model → an AsyncAPI 3.0 contract stub of its real-time API.

The document describes the server (the gateways), as :mod:`rtdiagram.importers.asyncapi` reads
one, so an exported stub imports back into the same gateways and flows:

- ``servers``: one per gateway and streaming transport — WebSocket as ``ws``/``wss``,
  Server-Sent Events as ``http``/``https`` (its messages are ``text/event-stream``). ``wss`` and
  ``https`` unless the gateway or a hop before it says ``tls: false`` and none says ``true``.
  The host is the gateway's id: a placeholder to replace.
- ``channels``: one per gateway (the connection: ``address: null``, messages told apart by
  payload), holding the messages of its operations; the model's ``channels`` (rooms, topics)
  follow with their ``{parameters}``.
- ``operations``: one per flow step that crosses the API — a client (directly or through the
  hops of its network path) to a gateway is ``receive``, a gateway to a client is ``send``. A
  client's step to an SSE-only gateway is a plain HTTP request and is left out.
- ``components.messages``: named from the steps' text (``OT delta`` → ``ot-delta``), with an
  open ``payload: {type: object}`` to fill in.

Checked in the tests against the official AsyncAPI 3.0.0 JSON Schema (from @asyncapi/specs).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from rtdiagram.analysis.topology import hops_before, paths_to
from rtdiagram.model.document import Model
from rtdiagram.model.errors import RtdiagramError

KEY = re.compile(r"[^A-Za-z0-9_-]+")
PARAM = re.compile(r"\{([A-Za-z0-9_-]+)\}")
STREAMING = {"websocket": ("wss", "ws"), "sse": ("https", "http")}
BIDIRECTIONAL = {"websocket", "webtransport"}


def key(text: str, fallback: str = "item") -> str:
    """A key AsyncAPI accepts (``^[A-Za-z0-9_-]+$``): ``OT delta`` → ``ot-delta``."""
    return KEY.sub("-", text.strip().lower()).strip("-")[:60].strip("-") or fallback


def unique(name: str, taken: dict) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def secure(model: Model, gateway: Any) -> bool:
    stated = [c.tls for c in (gateway, *hops_before(model, gateway)) if getattr(c, "tls", None) is not None]
    return True in stated or not stated


def servers(model: Model) -> tuple[dict, dict[str, list[str]], dict[str, set[str]]]:
    """The servers, each gateway's server keys, and each gateway's streaming transports."""
    out: dict[str, Any] = {}
    by_gateway: dict[str, list[str]] = {}
    transports: dict[str, set[str]] = {}
    for gateway in model.of_kind("gateway"):
        offered = [t for t in gateway.effective_transports if t in STREAMING]
        transports[gateway.id] = set(offered)
        for transport in offered:
            name = unique(key(gateway.id, "gateway") + ("" if transport == offered[0] else f"-{transport}"), out)
            protocol = STREAMING[transport][0 if secure(model, gateway) else 1]
            what = "WebSocket" if transport == "websocket" else "Server-Sent Events (text/event-stream)"
            others = [t for t in gateway.effective_transports if t not in STREAMING]
            out[name] = {"host": gateway.id, "protocol": protocol,
                         "description": f"{what} at gateway {gateway.label or gateway.id!r}"
                         + (f" ({gateway.technology})" if gateway.technology else "")
                         + (f"; falls back to {', '.join(others)}" if others else "")
                         + ". Replace host with the public host name."}
            by_gateway.setdefault(gateway.id, []).append(name)
    return out, by_gateway, transports


def entry_gateway(model: Model, client: str, target: str) -> str | None:
    """The gateway a client's step to ``target`` reaches: the gateway itself or one behind a hop."""
    if model.by_id[target].kind == "gateway":
        return target
    for gateway in model.of_kind("gateway"):
        if any(p.client.id == client and p.hops and p.hops[0].id == target for p in paths_to(model, gateway)):
            return gateway.id
    return None


def crossings(model: Model, transports: dict[str, set[str]]):
    """(flow, step, gateway, action) for every step between a client and a gateway."""
    for flow in model.flows:
        for step in flow.steps:
            source, target = model.by_id[step.from_], model.by_id[step.to]
            if source.kind == "client":
                gateway = entry_gateway(model, step.from_, step.to)
                if gateway in transports and transports[gateway] & BIDIRECTIONAL:
                    yield flow, step, gateway, "receive"
            elif target.kind == "client" and source.kind == "gateway" and transports.get(source.id):
                yield flow, step, source.id, "send"


def export(model: Model, source: str = "the model") -> dict[str, Any]:
    server_map, by_gateway, transports = servers(model)
    if not server_map:
        raise RtdiagramError("nothing to export: no gateway offers WebSocket or Server-Sent Events",
                             hint="an AsyncAPI contract describes a gateway's streaming API")
    refs = {g: [{"$ref": f"#/servers/{s}"} for s in names] for g, names in by_gateway.items()}
    channels: dict[str, Any] = {key(g): {"address": None, "title": f"Connection to {g}",
                                         "description": f"One connection to gateway {g!r}; its messages are told apart by their payload.",
                                         "servers": refs[g], "messages": {}} for g in by_gateway}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for flow, step, gateway, action in crossings(model, transports):
        name = key(step.message, f"{flow.name}-message")
        channel = channels[key(gateway)]
        sse = "sse" in transports[gateway] and not transports[gateway] & BIDIRECTIONAL
        messages.setdefault(name, {"name": name, "title": step.message or name, "summary": f"Flow {flow.name}: "
                                   f"{step.from_} -> {step.to}", "payload": {"type": "object"},
                                   **({"contentType": "text/event-stream"} if sse else {})})
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        operation = {"action": action, "channel": {"$ref": f"#/channels/{key(gateway)}"},
                     "summary": f"{step.from_} -> {step.to}: {step.message}".rstrip(": "),
                     "messages": [{"$ref": f"#/channels/{key(gateway)}/messages/{name}"}]}
        if flow.description:
            operation["description"] = flow.description
        operations[unique(key(f"{flow.name}-{action}", action), operations)] = operation
    every_server = [ref for refs_ in refs.values() for ref in refs_]
    for channel in model.channels:
        entry: dict[str, Any] = {"address": channel.name, "servers": every_server}
        if channel.description:
            entry["description"] = channel.description
        params = PARAM.findall(channel.name)
        if params:
            entry["parameters"] = {p: {"description": f"{p} in {channel.name}"} for p in dict.fromkeys(params)}
        entry["x-rtdiagram-visibility"] = channel.visibility
        channels[unique(key(channel.name, "channel"), channels)] = entry
    info = {"title": model.system.name, "version": "0.1.0",
            "description": (model.system.description + "\n\n" if model.system.description else "")
            + f"Contract stub exported by rtdiagram from {source}: servers from its gateways, operations "
            "from its flows, from the server's point of view. Fill in hosts and payload schemas.",
            "x-rtdiagram-perspective": "server"}
    return {"asyncapi": "3.0.0", "info": info, "defaultContentType": "application/json",
            "servers": server_map, "channels": channels, "operations": operations,
            "components": {"messages": messages}}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:   # no &id001 anchors: plain YAML for any reader
        return True


def export_text(model: Model, source: str = "the model") -> str:
    document = export(model, source)
    header = f"# AsyncAPI 3.0 contract stub exported by rtdiagram from {source}; review it before publishing.\n"
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
