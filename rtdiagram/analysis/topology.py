"""Pure queries over the model's graph that lint and the checklist share.

The network path of a client is found by following links from the client through the hops
(CDN, load balancer, proxy, ingress) until a gateway is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rtdiagram.knowledge.defaults import MANAGED_GATEWAYS
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
        self.paths = list(_walk(model))
        self.by_gateway: dict[str, list[NetPath]] = {}
        for path in self.paths:
            self.by_gateway.setdefault(path.gateway.id, []).append(path)


def _topology(model: Model) -> _Topology:
    # Cached in the instance dict, like functools.cached_property: the model stays frozen data.
    cached = model.__dict__.get("_topology_cache")
    if cached is None:
        cached = model.__dict__["_topology_cache"] = _Topology(model)
    return cached


def _walk(model: Model):
    for client in model.of_kind("client"):
        stack: list[tuple[str, tuple, tuple]] = [(client.id, (), ())]
        while stack:
            current, hops, links = stack.pop()
            for link in reversed(model.links_from(current)):
                target = model.by_id[link.to]
                if target.kind == "gateway":
                    yield NetPath(client, hops, target, links + (link,))
                elif target.kind in HOP_KINDS and target not in hops:
                    stack.append((target.id, hops + (target,), links + (link,)))


def is_managed(gateway: Gateway) -> bool:
    return gateway.technology in MANAGED_GATEWAYS


def is_multi_node(gateway: Gateway) -> bool:
    return gateway.max_instances > 1 and not is_managed(gateway)


def linked(model: Model, component_id: str, *kinds: str) -> list[Any]:
    return [c for c in model.neighbours(component_id) if c.kind in kinds]


def targeted_delivery(model: Model) -> bool:
    """Messages addressed to particular users or connections."""
    return "user_push" in model.system.features or any(
        channel.visibility == "user" for channel in model.channels
    )
