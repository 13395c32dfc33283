"""Pure queries over the model's graph that lint and the checklist share.

The network path of a client is found by following links from the client through the hops
(CDN, load balancer, proxy, ingress) until a gateway is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from rtdiagram.knowledge.defaults import GENERIC, is_managed_technology
from rtdiagram.knowledge.technologies import Technology, lookup
from rtdiagram.model.components import HOP_KINDS, Client, Gateway
from rtdiagram.model.document import Link, Model


@dataclass(frozen=True)
class NetPath:
    client: Client
    hops: tuple[Any, ...]      # in order from the client towards the gateway
    gateway: Gateway
    links: tuple[Link, ...]    # client→hop₁, hop₁→hop₂, …, hopₙ→gateway

    @property
    def protocols(self) -> set[str]:
        return {link.protocol for link in self.links}


def network_paths(model: Model) -> list[NetPath]:
    return _topology(model).paths


def paths_to(model: Model, gateway: Gateway) -> list[NetPath]:
    return _topology(model).by_gateway.get(gateway.id, [])


def hops_before(model: Model, gateway: Gateway) -> list[Any]:
    seen: dict[str, Any] = {}
    for path in paths_to(model, gateway):
        for hop in path.hops:
            seen.setdefault(hop.id, hop)
    return list(seen.values())


def hops_to(model: Model, target: Any) -> list[Any]:
    """The hops on the way from any client to ``target`` (a broker that devices reach over MQTT
    through a load balancer, for example), in first-seen order."""
    seen: dict[str, Any] = {}
    for _, hops, _, _ in _walk(model, lambda component: component is target):
        for hop in hops:
            seen.setdefault(hop.id, hop)
    return list(seen.values())


def clients_of(model: Model, gateway: Gateway) -> list[Client]:
    seen: dict[str, Client] = {}
    for path in paths_to(model, gateway):
        seen.setdefault(path.client.id, path.client)
    if not seen:  # a model without links still has clients that use the gateway
        return list(model.of_kind("client"))
    return list(seen.values())


class _Topology:
    """Every client → gateway path, computed once per model (rules ask for it many times)."""

    def __init__(self, model: Model) -> None:
        self.paths = [NetPath(*path) for path in _walk(model, lambda component: component.kind == "gateway")]
        self.by_gateway: dict[str, list[NetPath]] = {}
        for path in self.paths:
            self.by_gateway.setdefault(path.gateway.id, []).append(path)


def _topology(model: Model) -> _Topology:
    # Cached in the instance dict, like functools.cached_property: the model stays frozen data.
    cached = model.__dict__.get("_topology_cache")
    if cached is None:
        cached = model.__dict__["_topology_cache"] = _Topology(model)
    return cached


def _walk(model: Model, ends: Callable[[Any], bool]):
    """Every (client, hops, end, links) from a client through hops to a component that ``ends``."""
    for client in model.of_kind("client"):
        stack: list[tuple[str, tuple, tuple]] = [(client.id, (), ())]
        while stack:
            current, hops, links = stack.pop()
            for link in reversed(model.links_from(current)):
                target = model.by_id[link.to]
                if ends(target):
                    yield client, hops, target, links + (link,)
                elif target.kind in HOP_KINDS and target not in hops:
                    stack.append((target.id, hops + (target,), links + (link,)))


def tech(component: Any) -> str | None:
    """The canonical knowledge-base id of a component's free-text technology, or None.

    Generic words the version 1 enums used ('custom', 'in_memory', 'none'…) stay as written so
    rules can still test them.
    """
    text = getattr(component, "technology", None)
    if not text:
        return None
    if text in GENERIC:
        return text
    entry = lookup(text, component.kind)
    return entry.id if entry else None


def entry_of(component: Any) -> Technology | None:
    text = getattr(component, "technology", None)
    return lookup(text, component.kind) if text and text not in GENERIC else None


def is_managed(gateway: Gateway) -> bool:
    return gateway.fanout == "managed" or is_managed_technology(gateway.technology, "gateway")


def is_multi_node(gateway: Gateway) -> bool:
    return gateway.max_instances > 1 and not is_managed(gateway)


def acting_as(model: Model, role: str) -> list[Any]:
    """Components of that kind, plus those that state it among their roles."""
    return [c for c in model.components if c.kind == role or role in c.roles]


def linked(model: Model, component_id: str, *kinds: str) -> list[Any]:
    """Neighbours of these kinds, or that play one of these roles."""
    return [c for c in model.neighbours(component_id) if c.kind in kinds or set(kinds) & set(c.roles)]


def targeted_delivery(model: Model) -> bool:
    """Messages addressed to particular users or connections."""
    return "user_push" in model.system.features or any(
        channel.visibility == "user" for channel in model.channels
    )


NO_BROKER = {"none", "in_memory"}


def fanout_mechanism(model: Model, gateway: Gateway) -> tuple[str | None, str]:
    """(mechanism, evidence): what carries a message from one node to the others' clients.

    Stated ``fanout:`` wins; otherwise a linked pub/sub means 'broker', a managed service
    'managed', and a technology whose knowledge-base entry fans out in-runtime
    'cluster_mesh'. None when nothing is stated or implied.
    """
    if gateway.fanout:
        return gateway.fanout, f"fanout: {gateway.fanout}"
    brokers = [p for p in linked(model, gateway.id, "pubsub") if tech(p) not in NO_BROKER]
    if brokers:
        return "broker", f"linked pub/sub {brokers[0].id!r}"
    if is_managed(gateway):
        return "managed", f"managed service {gateway.technology!r}"
    entry = entry_of(gateway)
    if entry and entry.fanout in ("cluster_mesh", "managed", "owner_routing"):
        return entry.fanout, f"{entry.name} provides {entry.fanout.replace('_', ' ')} fan-out"
    return None, ""


AT_MOST_ONCE_IDS = {"in_memory", "redis_pubsub", "redis_sharded_pubsub", "redis", "valkey",
                    "dragonfly", "nats", "postgres", "none", "zeromq"}
AT_LEAST_ONCE_IDS = {"redis_streams", "kafka", "nats_jetstream", "rabbitmq", "google_pubsub",
                     "mongo", "pulsar", "redpanda", "kinesis", "azure_event_hubs", "sqs",
                     "azure_service_bus", "activemq"}


def delivery_of(pubsub: Any) -> str | None:
    """Stated delivery, else what the (normalised) technology gives."""
    if getattr(pubsub, "delivery", None):
        return pubsub.delivery
    canonical = tech(pubsub)
    if canonical in AT_MOST_ONCE_IDS:
        return "at_most_once"
    if canonical in AT_LEAST_ONCE_IDS:
        return "at_least_once"
    return None
