"""Capacity figures over time: pub/sub load and buffer headroom, reconnect storms, heartbeats.

Domain-rules §4.4, §4.6 and §4.7. Called by ``capacity_figures.estimate``.
"""

from __future__ import annotations

from typing import Any

from rtdiagram.analysis.capacity import (
    ASSUMPTION, CONSTANT, Builder, Figure, Input, assumed, component_path, first_retry_window_s, node_share,
    num, path_text, stated, subscribed_nodes,
)
from rtdiagram.analysis.effective import gateway_value
from rtdiagram.analysis.topology import clients_of, hops_before, tech
from rtdiagram.knowledge.defaults import REDIS_OUTPUT_BUFFER_HARD_MB, Default, technology_default

REDIS = frozenset({"redis_pubsub", "redis_sharded_pubsub"})
REDIS_SOFT = Default(8, "client-output-buffer-limit pubsub (soft limit, 60 s)", "Redis")
MIB = 1024 * 1024
PING = 2            # a control frame with an empty payload (RFC 6455 §5.5.2)
PONG = 2 + 4        # a client → server frame adds a 4-byte mask (RFC 6455 §5.3)
TLS_RECORD = Input("tls_overhead", 22, "bytes", CONSTANT,
                   "TLS 1.3 record: 5-byte header + content type + 16-byte AEAD tag (RFC 8446 §5.2)")


def tls_input(build: Builder, gateway: Any) -> Input:
    """TLS record overhead per message: 22 bytes where TLS is terminated, stated or assumed."""
    model = build.model
    terminating = [h for h in hops_before(model, gateway) if h.tls] + ([gateway] if gateway.tls else [])
    if terminating:
        where = component_path(model, terminating[0].id, "tls")
        return Input("tls_overhead", 22, "bytes", TLS_RECORD.source, f"{TLS_RECORD.where}; tls at "
                     f"{path_text(model, where)}", tuple(where))
    if gateway.tls is False:
        return stated(model, "tls_overhead", 0, component_path(model, gateway.id, "tls"), "bytes")
    return Input("tls_overhead", 22, "bytes", ASSUMPTION,
                 "tls not stated: counted as wss:// (22-byte TLS 1.3 record overhead, the upper bound)")


# --------------------------------------------------------------------------------------------
# Heartbeats


def heartbeat_figures(build: Builder, gateway: Any, total: Figure) -> Figure | None:
    """Packets and bytes per second of ping/pong; returns the egress (ping) figure."""
    model, gid = build.model, gateway.id
    mechanism = gateway_value(gateway, "heartbeat_mechanism").value
    if mechanism == "none":
        return None
    interval = gateway_value(gateway, "heartbeat_interval_s")
    if not interval.value:   # unknown, or 0 (no interval to divide by)
        build.add(Figure(f"heartbeat_packets.{gid}", "heartbeat", "Heartbeat packets per second", None,
                         "packets/s", "2 × C / I (a ping and a pong per connection and interval)",
                         missing=(f"components[{gid}].heartbeat.interval_s",), scope=gid))
        return None
    if interval.assumed:
        i = Input("I", interval.value, "s", "default", interval.assumed)
    else:
        i = stated(model, "I", interval.value, component_path(model, gid, "heartbeat", "interval_s"), "s")
    c = Builder.ref(total, "C")
    if total.value is None:
        build.add(Figure(f"heartbeat_packets.{gid}", "heartbeat", "Heartbeat packets per second", None,
                         "packets/s", "2 × C / I", (i,), total.missing, scope=gid))
        return None
    packets = 2 * total.value / i.value
    build.add(Figure(f"heartbeat_packets.{gid}", "heartbeat", "Heartbeat packets per second", packets,
                     "packets/s", "2 × C / I (a ping and a pong per connection and interval)", (c, i), scope=gid,
                     working=f"2 × {num(total.value)} / {num(i.value)} = {num(packets)}",
                     note=f"{num(packets / max(1, gateway.instance_count))} per node"))
    tls = tls_input(build, gateway)
    ping = Input("ping", PING, "bytes", CONSTANT, "WebSocket ping with an empty payload (RFC 6455 §5.5.2)")
    pong = Input("pong", PONG, "bytes", CONSTANT, "client pong: 2-byte header + 4-byte mask (RFC 6455 §5.3)")
    both = total.value / i.value * (PING + PONG + 2 * tls.value)
    build.add(Figure(f"heartbeat_bytes.{gid}", "heartbeat", "Heartbeat bytes per second (both ways)", both,
                     "bytes/s", "C / I × (ping + pong + 2 × tls_overhead)", (c, i, ping, pong, tls), scope=gid,
                     working=f"{num(total.value)} / {num(i.value)} × ({PING} + {PONG} + 2 × {num(tls.value)}) = {num(both)}",
                     note="a library heartbeat's own payload adds a few bytes per packet"))
    egress = total.value / i.value * (PING + tls.value)
    return build.add(Figure(f"heartbeat_egress.{gid}", "heartbeat", "Heartbeat egress (server pings)", egress,
                            "bytes/s", "C / I × (ping + tls_overhead)", (c, i, ping, tls), scope=gid,
                            working=f"{num(total.value)} / {num(i.value)} × ({PING} + {num(tls.value)}) = {num(egress)}"))


# --------------------------------------------------------------------------------------------
# Pub/sub


def pubsub_figures(build: Builder, pubsub: Any) -> None:
    model, pid = build.model, pubsub.id
    if not any(g.kind == "gateway" for g in model.neighbours(pid)):
        return
    expected = model.system.expected
    path = component_path(model, pid)
    nodes = subscribed_nodes(model, pubsub)
    n = Input("N", nodes, "nodes", "derived", f"gateway nodes linked to {pid!r}")
    missing = [] if expected.publish_rate_per_s is not None else ["system.expected.publish_rate_per_s"]
    p = stated(model, "P", expected.publish_rate_per_s, ("system", "expected", "publish_rate_per_s"), "msgs/s")
    if pubsub.channel_granularity:
        g = stated(model, "granularity", pubsub.channel_granularity, (*path, "channel_granularity"))
    else:
        g = Input("granularity", "global", "", ASSUMPTION,
                  "channel_granularity not stated: every node receives every publish (the upper bound)")
    per_key = g.value in ("per_room", "per_user") and expected.avg_recipients
    inputs: list[Input] = [p, g]
    if per_key:
        inputs += [stated(model, "R", expected.avg_recipients, ("system", "expected", "avg_recipients")), n]
        formula = "M_node = P × (1 − (1 − 1/N)^R)"
    else:
        formula = "M_node = P (every subscribed node receives every publish)"
    share = node_share(model, pubsub)
    m_value = p.value * share if not missing else None
    working = ""
    if m_value is not None:
        working = (f"{num(p.value)} × (1 − (1 − 1/{nodes})^{num(expected.avg_recipients)}) = {num(m_value)}"
                   if per_key else f"{num(m_value)}")
    msgs = build.add(Figure(f"pubsub_node_msgs.{pid}", "pubsub", "Messages per gateway node from the broker",
                            m_value, "msgs/s", formula, tuple(inputs), tuple(missing), scope=pid, working=working))
    broker = p.value * nodes * share if m_value is not None else None
    build.add(Figure(f"broker_deliveries.{pid}", "pubsub", "Broker deliveries per second", broker, "msgs/s",
                     "P × N × share (the subscribers are gateway nodes, not users)",
                     (p, n, Input("share", round(share, 6), "", "derived", f"pubsub_node_msgs.{pid} / P")),
                     tuple(missing), scope=pid,
                     working=f"{num(p.value)} × {nodes} × {num(share)} = {num(broker)}" if broker is not None else ""))
    size = expected.avg_message_bytes
    s = stated(model, "S", size, ("system", "expected", "avg_message_bytes"), "bytes")
    b_missing = tuple(missing) + (() if size is not None else ("system.expected.avg_message_bytes",))
    b_value = m_value * size if m_value is not None and size is not None else None
    ingress = build.add(Figure(
        f"pubsub_node_bytes.{pid}", "pubsub", "Bytes per gateway node from the broker", b_value, "bytes/s",
        "B_node = M_node × S", (Builder.ref(msgs, "M_node"), s), b_missing, scope=pid,
        working=f"{num(m_value)} × {num(size)} = {num(b_value)}" if b_value is not None else ""))
    if tech(pubsub) in REDIS:
        _stall(build, pubsub, ingress)


def _stall(build: Builder, pubsub: Any, ingress: Figure) -> None:
    model, pid = build.model, pubsub.id
    buffer = pubsub.output_buffer
    path = component_path(model, pid, "output_buffer")
    if buffer and buffer.hard_mb:
        hard = stated(model, "hard_limit", buffer.hard_mb, (*path, "hard_mb"), "MB")
    else:
        default = technology_default(pubsub.technology, "output_buffer_hard_mb", "pubsub") or REDIS_OUTPUT_BUFFER_HARD_MB
        hard = assumed("hard_limit", default, "MB")
    soft = stated(model, "soft_limit", buffer.soft_mb, (*path, "soft_mb"), "MB") if buffer and buffer.soft_mb \
        else assumed("soft_limit", REDIS_SOFT, "MB")
    value = hard.value * MIB / ingress.value if ingress.value else None
    note = ""
    if ingress.value:
        note = (f"the backlog passes the soft limit after {num(soft.value * MIB / ingress.value)} s and is "
                "dropped if it stays there for 60 s")
    build.add(Figure(f"stall_headroom.{pid}", "pubsub", "Stall a gateway node survives before Redis drops it",
                     value, "s", "t_stall = hard_limit × 1,048,576 / B_node",
                     (hard, soft, Builder.ref(ingress, "B_node")), ingress.missing, scope=pid,
                     working=f"{num(hard.value)} × 1,048,576 / {num(ingress.value)} = {num(value)}" if value else "",
                     note=note))


# --------------------------------------------------------------------------------------------
# Reconnect storms


def _window(build: Builder, gateway: Any) -> Figure:
    """The narrowest first-retry window among the gateway's clients (the worst storm)."""
    model, gid = build.model, gateway.id
    best: tuple[float, tuple[Input, ...]] | None = None
    for client in clients_of(model, gateway):
        width = first_retry_window_s(client)
        if width is None:
            continue
        path = component_path(model, client.id, "reconnect")
        inputs = (stated(model, "base_ms", client.reconnect.base_ms, (*path, "base_ms"), "ms"),
                  stated(model, "jitter", client.reconnect.jitter, (*path, "jitter")))
        if best is None or width < best[0]:
            best = (width, inputs)
    if best is None:
        spread = build.threshold("window", "reconnect_spread_s", "s")
        return build.add(Figure(f"retry_window.{gid}", "reconnect", "First-retry window of returning clients",
                                spread.value, "s", "clients' reconnect base_ms and jitter not stated: threshold",
                                (spread,), scope=gid, working=f"{num(spread.value)}"))
    width, inputs = best
    return build.add(Figure(f"retry_window.{gid}", "reconnect", "First-retry window of returning clients", width,
                            "s", "w = 2 × jitter × base_ms / 1,000 (first attempt in base × [1 − j, 1 + j])",
                            inputs, scope=gid,
                            working=f"2 × {num(float(inputs[1].value))} × {num(inputs[0].value)} / 1,000 = {num(width)}",
                            note="no jitter: every client returns at the same instant" if width == 0 else ""))


def _accept(build: Builder, gateway: Any, survivors: int) -> Figure:
    model, gid = build.model, gateway.id
    path = component_path(model, gid)
    options: list[tuple[float, Input]] = []
    if gateway.handshake_rate_per_node_per_s:
        rate = stated(model, "handshakes_per_node", gateway.handshake_rate_per_node_per_s,
                      (*path, "handshake_rate_per_node_per_s"), "/s")
        options.append((rate.value * survivors, rate))
    quota = gateway_value(gateway, "new_conn_rate_per_s")
    if quota.value:
        item = (Input("quota", quota.value, "/s", "default", quota.assumed) if quota.assumed
                else stated(model, "quota", quota.value, (*path, "new_conn_rate_per_s"), "/s"))
        options.append((float(quota.value), item))
    for hop in hops_before(model, gateway):
        if hop.new_conn_rate_per_s:
            options.append((float(hop.new_conn_rate_per_s), stated(
                model, f"{hop.id}_new_conns", hop.new_conn_rate_per_s,
                component_path(model, hop.id, "new_conn_rate_per_s"), "/s")))
    missing = () if options else (f"components[{gid}].handshake_rate_per_node_per_s (or new_conn_rate_per_s "
                                  "on a hop in front)",)
    value = min(o[0] for o in options) if options else None
    inputs = tuple(o[1] for o in options) + (Input("survivors", survivors, "nodes", "derived", "N − 1, or N"),)
    return build.add(Figure(f"accept_rate.{gid}", "reconnect", "Connections accepted per second", value, "/s",
                            "A = min(survivors × handshakes_per_node, quotas, hop limits)", inputs, missing,
                            scope=gid, working=f"{num(value)}" if value is not None else ""))


def reconnect_figures(build: Builder, gateway: Any, total: Figure, per_node: Figure | None) -> None:
    model, gid = build.model, gateway.id
    window = _window(build, gateway)
    nodes = gateway.instance_count
    accept = _accept(build, gateway, max(1, nodes - 1))
    drain = gateway.drain
    scenarios = [("node_failure", "a node dies", per_node, None)]
    if drain and drain.enabled and drain.timeout_s:
        spread = stated(model, "drain_timeout", drain.timeout_s, component_path(model, gid, "drain", "timeout_s"), "s")
        scenarios.append(("deploy", "a deploy drains a node", per_node, spread))
    else:
        scenarios.append(("deploy", "a deploy stops a node (no drain: as if it died)", per_node, None))
    scenarios.append(("mass", "every connection drops at once (balancer reload, network blip)", total, None))
    for key, what, affected, drain_spread in scenarios:
        _scenario(build, gateway, key, what, affected, window, accept, drain_spread)


def _scenario(build: Builder, gateway: Any, key: str, what: str, affected: Figure | None, window: Figure,
              accept: Figure, drain_spread: Input | None) -> None:
    gid = gateway.id
    if affected is None or affected.value is None:
        build.add(Figure(f"recovery_{key}.{gid}", "reconnect", f"Recovery when {what}", None, "s",
                         "T = affected / A", missing=("system.expected.peak_users",), scope=gid))
        return
    spread = max(window.value or 0, drain_spread.value if drain_spread else 0)
    inputs = [Builder.ref(affected, "affected"), Builder.ref(window, "w")] + ([drain_spread] if drain_spread else [])
    formula = "arrivals = affected / " + ("max(w, drain_timeout)" if drain_spread else "w")
    arrival = affected.value / spread if spread else None
    build.add(Figure(f"arrivals_{key}.{gid}", "reconnect", f"Reconnects per second when {what}", arrival, "/s",
                     formula, tuple(inputs), scope=gid,
                     working=f"{num(affected.value)} / {num(spread)} = {num(arrival)}" if arrival else "",
                     note="" if arrival else f"all {num(affected.value)} at the same instant"))
    value = None
    working, note = "", ""
    if accept.value:
        value = max(spread, affected.value / accept.value)
        working = f"max({num(spread)}, {num(affected.value)} / {num(accept.value)}) = {num(value)}"
        reconnect = next((c.reconnect for c in clients_of(build.model, gateway) if c.reconnect), None)
        if reconnect and reconnect.max_ms is not None and reconnect.max_ms / 1000 < affected.value / accept.value:
            note = (f"the backoff cap {num(reconnect.max_ms / 1000)} s is below affected / A: clients retry "
                    "before there is room; choose cap ≥ affected / A")
    build.add(Figure(f"recovery_{key}.{gid}", "reconnect", f"Time to reconnect everyone when {what}", value, "s",
                     "T = max(spread, affected / A)", (*inputs, Builder.ref(accept, "A")), accept.missing,
                     scope=gid, working=working, note=note))
