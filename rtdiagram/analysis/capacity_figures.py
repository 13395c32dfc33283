"""The capacity sheet (domain-rules §4): connections, gateway nodes, deliveries and egress.

:func:`estimate` builds every figure of a model; pub/sub, reconnect storms and heartbeats are
in ``capacity_flows``. Each figure carries its formula, its inputs and their sources, and the
inputs the model does not give, by name.
"""

from __future__ import annotations

import math
from typing import Any

from rtdiagram.analysis.capacity import (
    ASSUMPTION, CONSTANT, Builder, Figure, Input, Sheet, assumed, component_path, connections_input,
    num, stated,
)
from rtdiagram.analysis.capacity_flows import heartbeat_figures, pubsub_figures, reconnect_figures, tls_input
from rtdiagram.analysis.ruleset import Thresholds
from rtdiagram.analysis.topology import hops_before, is_managed, tech
from rtdiagram.knowledge.defaults import LINUX_FD_LIMIT, Default
from rtdiagram.model.document import Model

SECTIONS = {
    "connections": "Connections and gateway nodes (§4.1)",
    "fanout": "Fan-out (§4.2)",
    "egress": "Egress bandwidth (§4.3)",
    "pubsub": "Pub/sub load and buffer headroom (§4.4)",
    "reconnect": "Reconnect storms (§4.6)",
    "heartbeat": "Heartbeat traffic (§4.3, §4.7)",
}
EPHEMERAL_PORTS = Default(28232, "ip_local_port_range 32768–60999 (ports per proxy address and backend)", "Linux")
SOURCE_IPS = Default(1, "one source address per proxy instance", "proxy")
PROXIES = frozenset({"nginx", "ingress_nginx", "envoy", "haproxy", "traefik", "apache", "kong"})
SSE_FRAMING = Input("sse_framing", 8, "bytes", CONSTANT, "'data: ' + blank line per event")


def estimate(model: Model, thresholds: Thresholds = Thresholds()) -> Sheet:
    build = Builder(model, thresholds)
    total = _connections(build)
    deliveries = _deliveries(build)
    for gateway in model.of_kind("gateway"):
        per_node = _nodes(build, gateway, total)
        hb_egress = heartbeat_figures(build, gateway, total)
        if deliveries is not None:
            _per_node(build, "deliveries_per_node", "fanout", "Deliveries per gateway node", deliveries,
                      gateway, "deliveries/s", "D_node = D / N")
        _egress(build, gateway, deliveries, hb_egress)
        reconnect_figures(build, gateway, total, per_node)
    for pubsub in model.of_kind("pubsub"):
        pubsub_figures(build, pubsub)
    order = list(SECTIONS)
    build.sheet.figures.sort(key=lambda f: order.index(f.section))
    return build.sheet


def _connections(build: Builder) -> Figure:
    value, inputs, missing, formula = connections_input(build.model)
    working = " × ".join(num(float(i.value)) for i in inputs) + f" = {num(value)}" if value is not None else ""
    return build.add(Figure("connections", "connections", "Peak concurrent connections", value,
                            "connections", formula, inputs, missing, working=working))


def _deliveries(build: Builder) -> Figure | None:
    expected = build.model.system.expected
    inputs, missing = [], []
    for symbol, attr, unit in (("P", "publish_rate_per_s", "msgs/s"), ("R", "avg_recipients", "recipients")):
        value = getattr(expected, attr)
        if value is None:
            missing.append(f"system.expected.{attr}")
        else:
            inputs.append(stated(build.model, symbol, value, ("system", "expected", attr), unit))
    value = inputs[0].value * inputs[1].value if not missing else None
    working = f"{num(inputs[0].value)} × {num(inputs[1].value)} = {num(value)}" if value is not None else ""
    return build.add(Figure("deliveries", "fanout", "Deliveries per second", value, "deliveries/s",
                            "D = P × R (every publish reaches R online recipients)", tuple(inputs),
                            tuple(missing), working=working))


def _instances(build: Builder, gateway: Any) -> Input:
    if gateway.replicas_stated:
        return stated(build.model, "N", gateway.instance_count,
                      component_path(build.model, gateway.id, "replicas"), "nodes")
    return Input("N", 1, "nodes", ASSUMPTION, f"replicas of {gateway.id!r} not stated: one node")


def _per_node(build: Builder, kind: str, section: str, title: str, whole: Figure | None, gateway: Any,
              unit: str, formula: str) -> Figure | None:
    if whole is None or whole.value is None:
        return None
    nodes = _instances(build, gateway)
    value = whole.value / nodes.value
    return build.add(Figure(f"{kind}.{gateway.id}", section, title, value, unit, formula,
                            (Builder.ref(whole, formula.split("=")[1].split("/")[0].strip()), nodes),
                            scope=gateway.id, working=f"{num(whole.value)} / {num(nodes.value)} = {num(value)}"))


def _nodes(build: Builder, gateway: Any, total: Figure) -> Figure | None:
    """Per-node limits (fd, memory, ports, configured, load-tested) → nodes needed with N+1."""
    model = build.model
    gid = gateway.id
    if is_managed(gateway):
        build.add(Figure(f"nodes_needed.{gid}", "connections", "Gateway nodes needed (N+1)", None, "nodes",
                         "managed service: the provider sizes the nodes", scope=gid,
                         note="see the provider's connection quotas instead"))
        return _per_node(build, "load_per_node", "connections", "Connections per node (as stated)", total,
                         gateway, "connections", "C_node = C / N")
    limits: list[Figure] = []
    missing: list[str] = []
    path = component_path(model, gid)
    reserve = build.threshold("reserve", "fd_reserve", "fds")
    if gateway.fd_limit:
        fd = stated(model, "fd_limit", gateway.fd_limit, (*path, "fd_limit"), "fds")
    else:
        fd = assumed("fd_limit", LINUX_FD_LIMIT, "fds")
    limits.append(build.add(Figure(
        f"limit_fd.{gid}", "connections", "Connections per node allowed by file descriptors",
        fd.value - reserve.value, "connections", "fd_limit − reserve", (fd, reserve), scope=gid,
        working=f"{num(fd.value)} − {num(reserve.value)} = {num(fd.value - reserve.value)}")))
    memory = _memory_limit(build, gateway)
    missing += memory.missing
    if memory.value is not None:
        limits.append(memory)
    ports = _port_limit(build, gateway)
    if ports is not None:
        limits.append(ports)
    inputs = [Builder.ref(f, f.id.split(".")[0]) for f in limits]
    for attr, symbol, where in (("max_connections_per_node", "configured", ("max_connections_per_node",)),
                                ("load_tested", "load_tested", ("capacity", "load_tested_conns_per_node"))):
        value = gateway.max_connections_per_node if attr == "max_connections_per_node" else (
            gateway.capacity.load_tested_conns_per_node if gateway.capacity else None)
        if value:
            inputs.append(stated(model, symbol, value, (*path, *where), "connections"))
    per_node = min(float(i.value) for i in inputs)
    cap = build.add(Figure(
        f"conns_per_node.{gid}", "connections", "Connections one node can hold", per_node, "connections",
        "conns_per_node = min(fd limit, memory limit, port limit, configured, load-tested)", tuple(inputs),
        tuple(missing), scope=gid, working=f"min({', '.join(num(float(i.value)) for i in inputs)}) = {num(per_node)}",
        note="a bound from the limits the model gives; the missing ones may lower it" if missing else ""))
    load = _per_node(build, "load_per_node", "connections", "Connections per node (as stated)", total,
                     gateway, "connections", "C_node = C / N")
    _needed(build, gateway, total, cap)
    return load


def _memory_limit(build: Builder, gateway: Any) -> Figure:
    model, gid = build.model, gateway.id
    path = component_path(model, gid)
    inputs, missing = [], []
    for attr, unit in (("node_memory_mb", "MB"), ("memory_per_connection_kb", "KB")):
        value = getattr(gateway, attr)
        if value is None:
            missing.append(f"components[{gid}].{attr}")
        else:
            inputs.append(stated(model, attr, value, (*path, attr), unit))
    share = build.threshold("u", "memory_utilisation")
    inputs.append(share)
    value = None
    working = ""
    if not missing:
        value = math.floor(inputs[0].value * 1024 * share.value / inputs[1].value)
        working = f"⌊{num(inputs[0].value)} × 1,024 × {num(share.value)} / {num(inputs[1].value)}⌋ = {num(value)}"
    figure = Figure(f"limit_memory.{gid}", "connections", "Connections per node allowed by memory", value,
                    "connections", "⌊node_memory_mb × 1,024 × u / memory_per_connection_kb⌋", tuple(inputs),
                    tuple(missing), scope=gid, working=working,
                    note="" if value is not None else "Centrifugo measured about 30–50 KB per WebSocket; measure yours")
    return build.add(figure)


def _port_limit(build: Builder, gateway: Any) -> Figure | None:
    """A proxy opens one connection per client to the backend: ≈28 k ports per source address."""
    proxies = [h for h in hops_before(build.model, gateway)
               if h.kind in ("proxy", "ingress") or h.source_ips or tech(h) in PROXIES]
    if not proxies:
        return None
    best = None
    for hop in proxies:
        ports = assumed("ports", EPHEMERAL_PORTS, "ports")
        path = component_path(build.model, hop.id)
        ips = stated(build.model, "source_ips", hop.source_ips, (*path, "source_ips")) if hop.source_ips \
            else assumed("source_ips", SOURCE_IPS)
        count = stated(build.model, "instances", hop.instance_count, (*path, "replicas")) if hop.replicas_stated \
            else Input("instances", 1, "", ASSUMPTION, f"replicas of {hop.id!r} not stated: one")
        value = ports.value * ips.value * count.value
        if best is None or value < best[0]:
            best = (value, (ports, ips, count), hop.id)
    value, inputs, hop_id = best
    return build.add(Figure(
        f"limit_ports.{gateway.id}", "connections", f"Connections per node through {hop_id!r} (ports)", value,
        "connections", "ports × source_ips × proxy instances", inputs, scope=gateway.id,
        working=" × ".join(num(float(i.value)) for i in inputs) + f" = {num(value)}"))


def _needed(build: Builder, gateway: Any, total: Figure, cap: Figure) -> None:
    gid = gateway.id
    if total.value is None or cap.value <= 0:
        build.add(Figure(f"nodes_needed.{gid}", "connections", "Gateway nodes needed (N+1)", None, "nodes",
                         "N = ⌈C / conns_per_node⌉ + 1", (Builder.ref(cap, "conns_per_node"),),
                         total.missing, scope=gid,
                         note="a node can hold no connection at all" if cap.value <= 0 else ""))
        return
    base = math.ceil(total.value / cap.value)
    value = base + 1
    stated_nodes = gateway.max_instances if gateway.replicas_stated or gateway.autoscaling else None
    if stated_nodes is None:
        note = "replicas not stated"
    elif stated_nodes >= value:
        note = f"{gateway.nodes_text} stated: enough, with one node to spare"
    else:
        note = f"{gateway.nodes_text} stated: {value - stated_nodes} short of N+1"
    if stated_nodes and stated_nodes > 1:
        after = total.value / (stated_nodes - 1)
        note += f"; after one node fails each survivor holds {num(after)} connections"
    build.add(Figure(
        f"nodes_needed.{gid}", "connections", "Gateway nodes needed (N+1)", value, "nodes",
        "N = ⌈C / conns_per_node⌉ + 1 (one node of failure headroom)",
        (Builder.ref(total, "C"), Builder.ref(cap, "conns_per_node")), cap.missing, scope=gid,
        working=f"⌈{num(total.value)} / {num(cap.value)}⌉ + 1 = {num(value)}", note=note))


def ws_header(size: int) -> Input:
    """Server → client WebSocket frame header for a payload of this size (RFC 6455 §5.2)."""
    header = 2 if size <= 125 else 4 if size <= 65535 else 10
    return Input("ws_header", header, "bytes", CONSTANT,
                 f"WebSocket header for a {num(size)}-byte payload (RFC 6455 §5.2: 2, 4 or 10 bytes)")


def _egress(build: Builder, gateway: Any, deliveries: Figure | None, hb_egress: Figure | None) -> None:
    model, gid = build.model, gateway.id
    size = model.system.expected.avg_message_bytes
    transport = gateway.effective_transports[0]
    missing = [] if size is not None else ["system.expected.avg_message_bytes"]
    missing += deliveries.missing if deliveries else []
    tls = tls_input(build, gateway)
    framing = SSE_FRAMING if transport == "sse" else ws_header(size or 0) if transport == "websocket" else None
    if framing is None:
        missing.append(f"framing of {transport} (only websocket and sse are estimated)")
    frame = None
    if size is not None and framing is not None:
        s = stated(model, "S", size, ("system", "expected", "avg_message_bytes"), "bytes")
        frame = build.add(Figure(
            f"frame_bytes.{gid}", "egress", "Bytes on the wire per delivered message", size + framing.value + tls.value,
            "bytes", "S + framing + tls_overhead", (s, framing, tls), scope=gid,
            working=f"{num(size)} + {num(framing.value)} + {num(tls.value)} = {num(size + framing.value + tls.value)}"))
    inputs = ([Builder.ref(deliveries, "D")] if deliveries else []) + ([Builder.ref(frame, "frame")] if frame else [])
    hb = hb_egress.value if hb_egress and hb_egress.value is not None else 0
    if hb_egress is not None:
        inputs.append(Builder.ref(hb_egress, "heartbeat"))
    value = deliveries.value * frame.value + hb if frame and deliveries and deliveries.value is not None else None
    working = f"{num(deliveries.value)} × {num(frame.value)} + {num(hb)} = {num(value)}" if value is not None else ""
    total = build.add(Figure(
        f"egress.{gid}", "egress", "Egress to clients", value, "bytes/s",
        "E = D × (S + framing + tls_overhead) + heartbeat bytes", tuple(inputs), tuple(missing), scope=gid,
        working=working))
    _per_node(build, "egress_per_node", "egress", "Egress per gateway node", total, gateway, "bytes/s",
              "E_node = E / N")
