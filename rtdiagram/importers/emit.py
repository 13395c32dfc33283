"""Merged facts → commented YAML that :func:`rtdiagram.model.loader.load_text` accepts.

Every imported value carries a trailing ``# from FILE:LINE (setting)`` comment. A documented
default the sources do not set is written as a commented-out line (``# idle_timeout_s: 60 #
default, …``): the model stays silent, so lint keeps reporting the default it assumed. Links
the sources only imply are marked ``# guessed``. A fact the component's kind has no field for
is kept as a comment rather than dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from rtdiagram.importers.facts import Edge, ImportResult, Part
from rtdiagram.model import components as kinds
from rtdiagram.model.jsonschema import MODELINE

CLASSES = {"client": kinds.Client, "load_balancer": kinds.LoadBalancer, "proxy": kinds.Proxy,
           "cdn": kinds.CDN, "ingress": kinds.Ingress, "gateway": kinds.Gateway,
           "registry": kinds.Registry, "pubsub": kinds.PubSub, "service": kinds.Service,
           "datastore": kinds.Datastore, "auth": kinds.Auth, "presence": kinds.Presence,
           "queue": kinds.Queue, "external": kinds.External, "monitoring": kinds.Monitoring,
           "turn": kinds.Turn, "stun": kinds.Stun}
CLIENT_ID = "users"


def inline(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True,
                          sort_keys=False).strip().removesuffix("\n...").removesuffix("...").strip()


@dataclass
class Block:
    """One component as written: values in order, a comment per value, comment lines."""

    values: dict[str, Any]
    comments: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


@dataclass
class Document:
    system: dict[str, Any]
    blocks: list[Block]
    links: list[tuple[dict[str, Any], str]]
    channels: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    flows: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    rest: dict[str, Any] = field(default_factory=dict)    # groups, waivers: written as they are
    intro: list[str] = field(default_factory=list)


def fields_of(kind: str) -> set[str]:
    cls = CLASSES.get(kind)
    return set(cls.model_fields) if cls else set()


def block(part: Part) -> Block:
    values: dict[str, Any] = {"id": part.id, "kind": part.kind}
    if part.label and part.label != part.id:
        values["label"] = part.label
    if part.technology:
        values["technology"] = part.technology
    allowed = fields_of(part.kind)
    out = Block(values, header=[f"from {part.source}"])
    for attr, fact in part.facts.items():
        if attr == "replicas" and isinstance(fact.value, dict) and not fact.value.get("max"):
            fact = type(fact)(attr, {"min": fact.value["min"]}, fact.source, fact.default, fact.note)
        if attr not in allowed and fact.default:
            continue
        if attr not in allowed:
            out.footer.append(f"{attr}: {inline(fact.value)} — {fact.comment()} (a {part.kind} has no such field)")
        elif fact.default:
            out.footer.append(f"{attr}: {inline(fact.value)}  # {fact.comment()}")
        else:
            values[attr] = fact.value
            out.comments[attr] = fact.comment()
    out.footer += [f"note: {note}" for note in part.notes]
    return out


def _reaches_gateway(start: str, result: ImportResult) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        part = result.parts.get(node)
        if part and part.kind == "gateway":
            return True
        todo += [e.to for e in result.edges if e.from_ == node]
    return False


HOPS = frozenset({"load_balancer", "proxy", "cdn", "ingress"})


def realtime_hops(result: ImportResult) -> None:
    """A plain link into a hop that leads to a gateway carries the gateway's protocol."""
    for index, edge in enumerate(result.edges):
        target = result.parts.get(edge.to)
        if edge.protocol == "http" and target and target.kind in HOPS and _reaches_gateway(edge.to, result):
            result.edges[index] = Edge(edge.from_, edge.to, "websocket", edge.source, edge.guessed, edge.why, edge.label)


def add_clients(result: ImportResult) -> None:
    """Entry points (an ingress, a public load balancer) imply clients: one guessed client."""
    realtime_hops(result)
    reached = {e.to for e in result.edges if result.parts.get(e.from_) and result.parts[e.from_].kind == "client"}
    entries = [p for p in result.parts.values() if p.entry and p.id not in reached]
    if not entries:
        return
    if CLIENT_ID not in result.parts:
        client = Part(CLIENT_ID, "client", entries[0].source, label="Clients")
        client.notes.append("guessed: the imported files have public entry points, so something connects to them")
        result.add(client)
    for part in entries:
        protocol = "websocket" if _reaches_gateway(part.id, result) else "http"
        result.link(Edge(CLIENT_ID, part.id, protocol, part.source, guessed=True,
                         why=f"{part.id} is an entry point"))


def edge_line(edge: Edge) -> tuple[dict[str, Any], str]:
    link = {"from": edge.from_, "to": edge.to, "protocol": edge.protocol}
    if edge.label:
        link["label"] = edge.label
    comment = f"guessed: {edge.why} ({edge.source})" if edge.guessed else f"from {edge.source}"
    return link, comment


def document(result: ImportResult, name: str) -> Document:
    add_clients(result)
    order = sorted(result.parts.values(), key=lambda p: (p.kind != "client", p.id))
    files = sorted(set(result.files))
    intro = ["Imported by rtdiagram from: " + ", ".join(files),
             "'# from' comments say where each value was read; commented-out '# default' lines are",
             "documented platform defaults the sources do not set (lint assumes them too); '# guessed'",
             "links were inferred. Review them, then run: rtdiagram lint <this file>"]
    return Document(
        system={"name": name}, blocks=[block(p) for p in order],
        links=[edge_line(e) for e in result.edges if e.from_ in result.parts and e.to in result.parts],
        channels=[(c, f"from {s}") for c, s in result.channels],
        flows=[(f, f"from {s}") for f, s in result.flows], intro=intro)


def _comment(text: str) -> str:
    return "  # " + " ".join(text.split()) if text else ""


def write(doc: Document) -> str:
    out = [MODELINE.format("rtdiagram.schema.json")] + [f"# {line}" for line in doc.intro]
    out += ["version: 2", "system:"]
    out += ["  " + line for line in yaml.safe_dump(doc.system, sort_keys=False, allow_unicode=True, width=100).splitlines()]
    out.append("components:")
    for item in doc.blocks:
        out += [f"  # {line}" for line in item.header]
        first = True
        for key, value in item.values.items():
            out.append(f"  {'- ' if first else '  '}{key}: {inline(value)}{_comment(item.comments.get(key, ''))}")
            first = False
        out += [f"    # {' '.join(line.split())}" for line in item.footer]
    out.append("links:" if doc.links else "links: []")
    out += [f"  - {inline(link)}{_comment(comment)}" for link, comment in doc.links]
    if doc.channels:
        out.append("channels:")
        out += [f"  - {inline(channel)}{_comment(comment)}" for channel, comment in doc.channels]
    if doc.flows:
        out.append("flows:")
        for flow, comment in doc.flows:
            out.append(f"  # {comment}")
            out.append(f"  - name: {inline(flow['name'])}")
            if flow.get("description"):
                out.append(f"    description: {inline(flow['description'])}")
            out.append("    steps:")
            out += [f"      - {inline(step)}" for step in flow["steps"]]
    for key, value in doc.rest.items():
        if value:
            out.append(f"{key}:")
            out += ["  " + line for line in yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100).splitlines()]
    return "\n".join(out) + "\n"
