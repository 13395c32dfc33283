"""THE VIEW: a model → a drawable graph (nodes, edges, clusters) with semantic style tokens.

This is the only place that decides *what* is drawn; the format modules decide *how*. The
model is never mutated: replicas, tiers and annotations are computed into new objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rtdiagram.model.components import HOP_KINDS
from rtdiagram.model.document import Model
from rtdiagram.knowledge.names import TRANSPORT_NAMES, technology_label
from rtdiagram.render.theme import KINDS
from rtdiagram.render.options import shorten

# Default tiers, left to right. User groups in the model win over these.
TIERS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("tier-clients", "Clients", frozenset({"client"})),
    ("tier-edge", "Edge", frozenset(HOP_KINDS | {"turn", "stun"})),
    ("tier-gateway", "Real-time gateway", frozenset({"gateway"})),
    ("tier-messaging", "Messaging & connection state", frozenset({"pubsub", "registry", "presence", "queue"})),
    ("tier-services", "Services", frozenset({"service", "auth"})),
    ("tier-data", "Data", frozenset({"datastore"})),
    ("tier-external", "External", frozenset({"external", "monitoring"})),
)
PERSISTENT = frozenset({"websocket", "sse", "long_polling", "webrtc"})


@dataclass(frozen=True)
class Node:
    id: str
    component: str          # model id it stands for (several nodes when replicas expand)
    kind: str
    title: str
    technology: str | None
    details: tuple[str, ...] = ()
    replicas: int = 1       # drawn as a stack with a ×N badge when > 1
    severity: str | None = None
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    protocol: str
    label: str = ""
    direction: str = "forward"  # forward, back, both
    severity: str | None = None
    # --expand-replicas: the edge stands for the whole replica group at that end (drawn from or
    # to the group's frame, once), not for the one replica whose id is source/target.
    source_group: str | None = None
    target_group: str | None = None


@dataclass(frozen=True)
class Cluster:
    id: str
    label: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Graph:
    title: str
    direction: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...]
    protocols: tuple[str, ...]        # used, in first-use order: the legend shows only these
    panel: tuple[str, ...] = ()       # extra lines (e.g. the checklist) drawn as a side note
    replica_groups: tuple[Cluster, ...] = ()  # --expand-replicas: a frame around each component's replicas


@dataclass(frozen=True)
class ViewOptions:
    direction: str = "LR"
    expand_replicas: bool = False
    collapse: bool = False            # merge look-alike components of a tier into one stacked node
    # findings: component id → (worst severity, codes); edge keys (from, to) → severity
    component_findings: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    link_findings: dict[tuple[str, str], str] = field(default_factory=dict)
    panel: tuple[str, ...] = ()


def build_graph(model: Model, options: ViewOptions = ViewOptions()) -> Graph:
    auth_note = _auth_note(model)
    nodes: list[Node] = []
    replicas_of: dict[str, list[str]] = {}
    taken = set(model.by_id)
    for component in model.components:
        severity, codes = options.component_findings.get(component.id, (None, ()))
        count = getattr(component, "instance_count", 1)
        base = Node(
            id=component.id,
            component=component.id,
            kind=component.kind,
            title=component.display_name,
            technology=technology_label(component),
            details=_details(component),
            replicas=count,
            severity=severity,
            codes=codes,
        )
        if options.expand_replicas and count > 1:
            # At most MAX_EXPANDED nodes are drawn; the last one stands for the rest (×N).
            drawn = min(count, MAX_EXPANDED)
            ids = [_replica_id(component.id, i, taken) for i in range(1, drawn + 1)]
            replicas_of[component.id] = ids
            for number, node_id in enumerate(ids, start=1):
                rest = count - drawn + 1 if number == drawn else 1
                nodes.append(Node(
                    id=node_id, component=component.id, kind=component.kind,
                    title=f"{component.display_name} #{number}" + (f"–{count}" if rest > 1 else ""),
                    technology=base.technology, details=base.details if number == 1 else (),
                    replicas=rest, severity=severity, codes=codes,
                ))
        else:
            replicas_of[component.id] = [component.id]
            nodes.append(base)

    edges: list[Edge] = []
    protocols: list[str] = []
    for link in model.links:
        label = shorten(link.label or "", 80)
        source = model.by_id[link.from_]
        if auth_note and source.kind == "client" and link.protocol in PERSISTENT:
            label = f"{label}\n{auth_note}" if label else auth_note
        severity = options.link_findings.get((link.from_, link.to))
        for index, (source, dest, groups) in enumerate(_replica_pairs(model, link, replicas_of)):
            edges.append(Edge(source, dest, link.protocol, label if index == 0 else "",
                              link.effective_direction, severity, *groups))
        if link.protocol not in protocols:
            protocols.append(link.protocol)

    graph = Graph(
        title=model.system.name,
        direction=options.direction,
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=_clusters(model, replicas_of),
        protocols=tuple(protocols),
        panel=options.panel,
        replica_groups=tuple(
            Cluster(_group_id(cid), f"{model.by_id[cid].display_name} ×{model.by_id[cid].instance_count:,}", tuple(ids))
            for cid, ids in replicas_of.items() if len(ids) > 1),
    )
    return collapse_similar(graph) if options.collapse else graph


# The real-time path: a replica's own links to these are drawn per replica (LB → each node,
# each node ↔ the pub/sub layer), so cross-node fan-out, or its absence, is visible.
PER_REPLICA = frozenset(HOP_KINDS | {"client", "pubsub"})


def _group_id(component_id: str) -> str:
    return f"replicas-{component_id}"


def _replica_pairs(model: Model, link: Any, replicas_of: dict[str, list[str]]) -> list[tuple[str, str, tuple]]:
    """(source, target, (source_group, target_group)) for one model link in the view."""
    sources, targets = replicas_of[link.from_], replicas_of[link.to]
    if len(sources) == 1 and len(targets) == 1:
        return [(sources[0], targets[0], (None, None))]
    kinds = {model.by_id[link.from_].kind, model.by_id[link.to].kind}
    if kinds & PER_REPLICA:
        if len(sources) > 1 and len(targets) > 1:
            return [(s, t, (None, None)) for s, t in zip(sources, targets)]  # i ↔ i, not a mesh
        return [(s, t, (None, None)) for s in sources for t in targets]
    # any other link is drawn once, from (or to) the replica group's frame
    return [(sources[0], targets[0], (_group_id(link.from_) if len(sources) > 1 else None,
                                      _group_id(link.to) if len(targets) > 1 else None))]


COLLAPSE_AT = 3  # this many look-alike components in a tier become one stacked node


def collapse_similar(graph: Graph) -> Graph:
    """Merge components of the same kind and technology within a cluster into one ×N node,
    so a model of hundreds of components stays legible. Edges are merged the same way."""
    from dataclasses import replace

    cluster_of = {node_id: cluster.id for cluster in graph.clusters for node_id in cluster.nodes}
    families: dict[tuple, list[Node]] = {}
    for node in graph.nodes:
        key = (cluster_of.get(node.id), node.kind, node.technology)
        families.setdefault(key, []).append(node)
    representative: dict[str, str] = {}
    nodes: list[Node] = []
    for members in families.values():
        head = members[0]
        if len(members) < COLLAPSE_AT:
            nodes += members
            representative.update({m.id: m.id for m in members})
            continue
        representative.update({m.id: head.id for m in members})
        worst = max((m for m in members if m.severity), default=None,
                    key=lambda m: {"info": 0, "warning": 1, "error": 2}[m.severity or "info"])
        codes = tuple(sorted({c for m in members for c in m.codes}))

        instances = sum(m.replicas for m in members)
        details = (f"{head.id} … {members[-1].id}",) + ((f"{instances} instances",) if instances > len(members) else ())
        tag = KINDS[head.kind].tag
        nodes.append(replace(
            head, title=tag[:1].upper() + tag[1:], details=details, replicas=len(members),
            severity=worst.severity if worst else None, codes=codes,
        ))
    edges: list[Edge] = []
    seen: dict[tuple, int] = {}
    for edge in graph.edges:
        key = (representative[edge.source], representative[edge.target], edge.protocol)
        if key[0] == key[1] and edge.source != edge.target:
            continue  # a call inside a merged family
        if key in seen:
            kept = edges[seen[key]]
            if kept.label != edge.label:
                edges[seen[key]] = replace(kept, label="")
            continue
        seen[key] = len(edges)
        edges.append(replace(edge, source=key[0], target=key[1]))
    kept_ids = {node.id for node in nodes}
    clusters = tuple(replace(c, nodes=tuple(n for n in c.nodes if n in kept_ids)) for c in graph.clusters)
    return replace(graph, nodes=tuple(nodes), edges=tuple(edges), clusters=clusters)


MAX_EXPANDED = 8  # replicas drawn one by one; a model may say 10^12


def _replica_id(component_id: str, number: int, taken: set[str]) -> str:
    candidate = f"{component_id}-r{number}"
    while candidate in taken:
        candidate += "_"
    taken.add(candidate)
    return candidate


def _clusters(model: Model, replicas_of: dict[str, list[str]]) -> tuple[Cluster, ...]:
    placed: dict[str, str] = {}
    clusters: list[Cluster] = []
    for group in model.groups:
        members = [m for m in group.members if m not in placed]
        for member in members:
            placed[member] = group.id
    for component in model.components:
        if component.group and component.id not in placed:
            placed[component.id] = component.group
    for group in model.groups:
        ids = [n for c in model.components if placed.get(c.id) == group.id for n in replicas_of[c.id]]
        if ids:
            clusters.append(Cluster(f"group-{group.id}", group.label or group.id, tuple(ids)))
    for tier_id, label, kinds in TIERS:
        ids = [
            n for c in model.components
            if c.kind in kinds and c.id not in placed for n in replicas_of[c.id]
        ]
        if ids:
            clusters.append(Cluster(tier_id, label, tuple(ids)))
    return tuple(clusters)


def _details(component: Any) -> tuple[str, ...]:
    """Short facts worth seeing on the diagram, by kind."""
    lines: list[str] = []
    kind = component.kind
    if kind in HOP_KINDS:
        if component.affinity and component.affinity != "none":
            lines.append(f"sticky: {component.affinity.replace('_', ' ')}")
        if component.idle_timeout_s is not None:
            lines.append(f"idle timeout {_seconds(component.idle_timeout_s)}")
        if component.buffering is False:
            lines.append("buffering off")
        if component.rate_limit_per_user_per_min:
            lines.append(f"rate limit {component.rate_limit_per_user_per_min}/min/user")
    elif kind == "gateway":
        lines.append(" → ".join(TRANSPORT_NAMES[t] for t in component.effective_transports))
        heartbeat = component.heartbeat
        if heartbeat and heartbeat.interval_s is not None:
            lines.append(f"heartbeat {_seconds(heartbeat.interval_s)}")
        if component.autoscaling and component.autoscaling.max:
            lines.append(f"autoscale ≤ {component.autoscaling.max}")
        if component.drain and component.drain.enabled:
            lines.append("drains on deploy")
        if component.idle_timeout_s is not None:
            lines.append(f"idle timeout {_seconds(component.idle_timeout_s)}")
        if component.token_location:
            lines.append(f"token in {component.token_location.replace('_', ' ')}")
    elif kind == "pubsub":
        delivery = component.effective_delivery
        if delivery:
            lines.append(delivery.replace("_", "-"))
        if component.heartbeat and component.heartbeat.interval_s is not None:  # clients connect to it directly
            lines.append(f"keep-alive {_seconds(component.heartbeat.interval_s)}")
        if component.token_location:
            lines.append(f"login in {component.token_location.replace('_', ' ')}")
    elif kind == "registry":
        if component.ttl_s is not None:
            lines.append(f"TTL {_seconds(component.ttl_s)}")
    elif kind == "presence":
        if component.offline_grace_s is not None:
            lines.append(f"grace {_seconds(component.offline_grace_s)}")
    elif kind == "auth":
        if component.token_location:
            lines.append(f"token in {component.token_location.replace('_', ' ')}")
    return tuple(lines)


def _auth_note(model: Model) -> str:
    for component in (*model.of_kind("auth"), *model.of_kind("gateway")):
        if component.token_location:
            return f"auth: {component.token_location.replace('_', ' ')}"
    return ""


def _seconds(value: float) -> str:
    return f"{value:g} s"
