"""EDGE OUT: a model → prose, through jinja2 templates in prompts/.

The templates receive plain, precomputed facts (who connects to whom, how auth, fan-out,
presence and disconnects work, the checklist), so they stay readable and users can write
their own without knowing the model's internals.
"""

from __future__ import annotations

from typing import Any

from rtdiagram.analysis.checklist import build_checklist
from rtdiagram.analysis.engine import lint
from rtdiagram.model.loader import Loaded
from rtdiagram.model.document import Model
from rtdiagram.knowledge.names import TRANSPORT_NAMES, technology_label
from rtdiagram.prose.templates import render_template

KIND_PHRASE = {
    "client": "{platform} client", "load_balancer": "load balancer", "proxy": "reverse proxy",
    "cdn": "CDN", "ingress": "ingress", "gateway": "real-time gateway",
    "registry": "connection registry", "pubsub": "pub/sub broker", "service": "service",
    "datastore": "datastore", "auth": "auth component", "presence": "presence store",
    "queue": "queue", "external": "external service", "monitoring": "monitoring service",
    "turn": "TURN relay", "stun": "STUN server",
}
PROTOCOL_PHRASE = {
    "websocket": "over WebSocket", "sse": "over Server-Sent Events", "long_polling": "with long polling",
    "http": "over HTTP", "grpc": "over gRPC", "pubsub": "through pub/sub", "sql": "with SQL",
    "webrtc": "over WebRTC", "tcp": "over TCP", "udp": "over UDP", "amqp": "over AMQP", "mqtt": "over MQTT",
    "kafka": "through Kafka", "redis": "with key-value commands", "dynamodb": "with key-value calls",
    "internal": "directly",
}


def describe(component: Any) -> dict[str, Any]:
    phrase = KIND_PHRASE[component.kind].format(platform=getattr(component, "platform", ""))
    technology = technology_label(component)
    facts: list[str] = []
    if component.kind == "gateway":
        facts.append(" with fallback to ".join(TRANSPORT_NAMES[t] for t in component.effective_transports))
        if component.instance_count > 1:
            facts.append(f"{component.instance_count} nodes")
        if component.heartbeat and component.heartbeat.interval_s:
            facts.append(f"a heartbeat every {component.heartbeat.interval_s:g} seconds")
    elif getattr(component, "replicas", None) and component.instance_count > 1:
        facts.append(f"{component.instance_count} instances")
    if component.kind == "pubsub" and component.heartbeat and component.heartbeat.interval_s:
        facts.append(f"a client keep-alive of {component.heartbeat.interval_s:g} seconds")
    if getattr(component, "affinity", None) not in (None, "none"):
        facts.append(f"sticky sessions by {component.affinity.replace('_', ' ')}")
    return {
        "id": component.id, "name": component.display_name, "kind": component.kind,
        "phrase": phrase.strip(), "technology": technology, "facts": facts,
        "description": component.description,
    }


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeio" else "a"


def connection_sentences(model: Model, components: dict[str, dict[str, Any]]) -> list[str]:
    """'X, a load balancer with …, connects over WebSocket to Y, a …': each part introduced once."""
    introduced: set[str] = set()

    def mention(component: dict[str, Any]) -> str:
        name = component["name"][:1].upper() + component["name"][1:]
        if component["id"] in introduced:
            return name
        introduced.add(component["id"])
        text = f"{name}, {_article(component['phrase'])} {component['phrase']}"
        if component["technology"]:
            text += f" built on {component['technology']}"
        if component["facts"]:
            text += " with " + ", ".join(component["facts"])
        return text + ","

    sentences: list[str] = []
    previous = None
    for link in model.links:
        source, target = components[link.from_], components[link.to]
        carrying = f" carrying {link.label}" if link.label else ""
        if previous == link.from_:
            sentence = f"It also connects {PROTOCOL_PHRASE[link.protocol]} to {mention(target)}{carrying}"
        else:
            sentence = f"{mention(source)} connects {PROTOCOL_PHRASE[link.protocol]} to {mention(target)}{carrying}"
        sentences.append(sentence.rstrip(",") + ".")
        previous = link.from_
    for component in components.values():
        if component["id"] not in introduced:
            sentences.append(f"The design also includes {mention(component).rstrip(',')}.")
    return sentences


def context(loaded: Loaded) -> dict[str, Any]:
    model: Model = loaded.model
    components = {c.id: describe(c) for c in model.components}
    links = [{
        "source": components[l.from_], "target": components[l.to], "protocol": l.protocol,
        "how": PROTOCOL_PHRASE[l.protocol], "label": l.label,
    } for l in model.links]
    result = lint(loaded)
    checklist = build_checklist(model, result)
    auth = [c for c in model.of_kind("auth")] + [c for c in model.components
                                                 if c.kind in ("gateway", "pubsub") and c.token_location]
    return {
        "system": model.system,
        "components": list(components.values()),
        "by_kind": {kind: [components[c.id] for c in model.of_kind(kind)] for kind in KIND_PHRASE},
        "links": links,
        "channels": model.channels,
        "flows": model.flows,
        "auth": auth,
        "presence": model.of_kind("presence"),
        "checklist": checklist,
        "findings": [f.diagnostic for f in result.findings],
        "by_id": components,
        "connections": connection_sentences(model, components),
    }


def write_prompt(loaded: Loaded, template: str = "architecture") -> str:
    return render_template("prompts", template, **context(loaded))
