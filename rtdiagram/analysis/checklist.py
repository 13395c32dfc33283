"""ANALYSE: the horizontal-scaling checklist, derived from lint results.

Thirteen items — the seed's four (sticky sessions, cross-node fan-out, connection registry,
graceful shutdown) and nine more. Each is addressed, partially addressed, missing, not stated
or not applicable, decided mechanically from the same findings lint reports plus a few
attributes, so the checklist and lint can never disagree. "Addressed" needs positive
evidence — an attribute of the model, quoted — not merely the absence of findings: an item
the model is silent about is "not stated".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rtdiagram.model.diagnostics import Severity
from rtdiagram.analysis.ruleset import Finding, LintResult
from rtdiagram.model.document import Model
from rtdiagram.analysis.topology import (
    acting_as, delivery_of, fanout_mechanism, is_managed, is_multi_node, linked, network_paths, targeted_delivery, tech,
)

ADDRESSED, PARTIAL, MISSING, NOT_STATED, NA = (
    "addressed", "partially", "missing", "not stated", "not applicable")
MARK = {ADDRESSED: "✔", PARTIAL: "◐", MISSING: "✘", NOT_STATED: "?", NA: "–"}


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    status: str
    evidence: tuple[str, ...] = ()
    todo: str = ""
    findings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "status": self.status,
                "evidence": list(self.evidence), "todo": self.todo, "findings": list(self.findings)}


class _Findings:
    def __init__(self, findings: list[Finding]) -> None:
        self.by_code: dict[str, list[Finding]] = {}
        for finding in findings:
            self.by_code.setdefault(finding.code, []).append(finding)

    def any(self, *codes: str, severity: Severity | None = None) -> bool:
        """Findings of these codes; without a severity, warnings and errors only (an info
        finding is hygiene the model is silent about: it makes an item "not stated")."""
        return any(f.severity is severity if severity else f.severity is not Severity.INFO
                   for c in codes for f in self.by_code.get(c, []))

    def codes(self, *codes: str) -> tuple[str, ...]:
        return tuple(f"{f.code} {f.diagnostic.message}" for c in codes for f in self.by_code.get(c, [])
                     if f.severity is not Severity.INFO)

    def first_hint(self, *codes: str) -> str:
        for code in codes:
            for finding in self.by_code.get(code, []):
                if finding.diagnostic.hint:
                    return finding.diagnostic.hint
        return ""


def _item(id_: str, title: str, status: str, f: _Findings, codes: tuple[str, ...],
          evidence: list[str], todo: str = "") -> Item:
    if status == ADDRESSED and not evidence:
        status = NOT_STATED
        todo = todo or "the model says nothing about this: state the attributes that address it"
    if status in (MISSING, PARTIAL) and not todo:
        todo = f.first_hint(*codes)
    return Item(id_, title, status, tuple(evidence), todo, f.codes(*codes) if status in (MISSING, PARTIAL) else ())


def build_checklist(model: Model, result: LintResult) -> list[Item]:
    f = _Findings(list(result.findings))
    gateways = model.of_kind("gateway")
    multi = [g for g in gateways if is_multi_node(g)]
    managed = [g for g in gateways if is_managed(g)]
    items: list[Item] = []

    # C1 sticky sessions
    codes = ("LB001", "LB002")
    if not multi:
        items.append(_item("C1", "Connection affinity / sticky sessions", NA, f, codes,
                           ["single-node or managed gateway" if gateways else "no gateway"]))
    else:
        sticky = [h for p in network_paths(model) for h in p.hops if h.affinity not in (None, "none")]
        ws_only = all(g.effective_transports == ["websocket"] for g in multi)
        evidence = ([f"{h.id!r} affinity: {h.affinity}" for h in dict.fromkeys(sticky)]
                    or (["WebSocket-only transports need no affinity"] if ws_only else []))
        status = MISSING if f.any("LB001") else PARTIAL if f.any("LB002") else ADDRESSED
        items.append(_item("C1", "Connection affinity / sticky sessions", status, f, codes, evidence))

    # C2 cross-node fan-out
    codes = ("FO001", "FO002", "FO004", "FO006", "FO008")
    brokers = [p for g in gateways for p in linked(model, g.id, "pubsub")]
    if not multi and not brokers:
        items.append(_item("C2", "Cross-node message fan-out via pub/sub", NA, f, codes,
                           ["single gateway node" + (" (managed service)" if managed else "")]))
    else:
        status = (MISSING if f.any("FO001") else
                  PARTIAL if f.any("FO002", "FO004", "FO006", "FO008") else ADDRESSED)
        evidence = [f"{p.id!r}: {p.technology or 'pub/sub'}, {delivery_of(p) or 'delivery unstated'}"
                    for p in dict.fromkeys(brokers)]
        evidence += [f"{g.id!r}: {why}" for g in gateways
                     for mechanism, why in [fanout_mechanism(model, g)] if mechanism and mechanism != "broker"]
        items.append(_item("C2", "Cross-node message fan-out via pub/sub", status, f, codes, evidence))

    # C3 connection registry
    codes = ("CR001", "CR002")
    registries = acting_as(model, "registry")
    apigw = any(tech(g) == "apigw_websocket" for g in gateways)
    if not (targeted_delivery(model) and multi) and not apigw and not registries:
        items.append(_item("C3", "Connection registry", NA, f, codes,
                           ["no delivery to particular users across nodes"]))
    else:
        status = MISSING if f.any("CR002") else PARTIAL if f.any("CR001") else ADDRESSED
        evidence = [f"{r.id!r}: {getattr(r, 'store', None) or r.technology or 'store unstated'}"
                    + (f", ttl_s: {r.ttl_s:g}" if getattr(r, "ttl_s", None) else "")
                    + (f", cleanup: {', '.join(sorted(r.cleanup_modes))}" if getattr(r, "cleanup_modes", None) else "")
                    for r in registries]
        evidence += [f"{g.id!r}: {why}" for g in gateways
                     for mechanism, why in [fanout_mechanism(model, g)] if mechanism in ("broker", "cluster_mesh", "owner_routing", "managed")
                     and not registries and targeted_delivery(model)]
        items.append(_item("C3", "Connection registry", status, f, codes, evidence))

    # C4 graceful shutdown
    codes = ("LB005", "LB007")
    if not multi:
        items.append(_item("C4", "Graceful shutdown / draining on deploy", NA, f, codes,
                           ["managed gateway" if managed else "single-node gateway"]))
    else:
        undrained = [g for g in multi if g.drain is not None and g.drain.enabled is False]
        status = (MISSING if f.any("LB005", severity=Severity.ERROR) or undrained else
                  PARTIAL if f.any("LB005", "LB007", severity=Severity.WARNING) else ADDRESSED)
        evidence = [f"{g.id!r} drain: enabled" + (f", timeout_s: {g.drain.timeout_s:g}" if g.drain.timeout_s is not None else "")
                    + (f", close_code: {g.drain.close_code}" if g.drain.close_code else "")
                    for g in multi if g.drain and g.drain.enabled]
        items.append(_item("C4", "Graceful shutdown / draining on deploy", status, f, codes, evidence))

    # C5 keep-alive and timeouts
    codes = ("HB001", "HB002", "HB003", "LB004", "LB008")
    persistent = [g for g in gateways if set(g.effective_transports) & {"websocket", "sse", "long_polling"}]
    if not persistent:
        items.append(_item("C5", "Keep-alive and timeout alignment on every hop", NA, f, codes,
                           ["no persistent transport"]))
    else:
        status = (MISSING if f.any("HB001", "HB002", "LB004", severity=Severity.ERROR) else
                  PARTIAL if f.any("HB001", "HB002", "HB003", "LB004", "LB008") else ADDRESSED)
        evidence = [f"{g.id!r} heartbeat: " + (g.heartbeat.mechanism or "stated")
                    + (f", interval_s: {g.heartbeat.interval_s:g}" if g.heartbeat.interval_s else "")
                    + (f", idle_timeout_s: {g.idle_timeout_s:g}" if g.idle_timeout_s is not None else "")
                    for g in persistent if g.heartbeat and g.heartbeat.mechanism != "none"]
        evidence += [f"{b.id!r} client keep-alive: {b.heartbeat.interval_s:g} s" for b in model.of_kind("pubsub")
                     if b.heartbeat and b.heartbeat.interval_s]  # MQTT devices connect to the broker itself
        items.append(_item("C5", "Keep-alive and timeout alignment on every hop", status, f, codes, evidence))

    # C6 reconnect
    codes = ("HB006", "SC006", "LB009")
    clients = model.of_kind("client")
    stated = [c for c in clients if c.reconnect and c.reconnect.strategy]
    status = (MISSING if f.any("HB006") else
              PARTIAL if f.any("SC006", "LB009") or len(stated) < len(clients) else ADDRESSED)
    evidence = [f"{c.id!r}: {c.reconnect.strategy}" + (f", cap {c.reconnect.max_ms} ms" if c.reconnect.max_ms else "")
                for c in stated]
    todo = "" if status != PARTIAL or f.any("SC006", "LB009") else \
        "state each client's reconnect strategy (exponential backoff with jitter and a cap)"
    items.append(_item("C6", "Reconnect strategy and reconnect-storm capacity", status, f, codes, evidence, todo))

    # C7 delivery, ordering, resume
    codes = ("FO002", "FO003", "FO005", "TR004")
    requirements = model.system.requirements
    if requirements.delivery == "best_effort" and not requirements.ordered:
        items.append(_item("C7", "Delivery guarantees, ordering and resume", NA, f, codes,
                           ["requirements: best-effort delivery, no ordering"]))
    else:
        status = (MISSING if f.any("FO002", severity=Severity.ERROR) or f.any("FO003") else
                  PARTIAL if f.any("FO002", "FO005", "TR004") else ADDRESSED)
        evidence = [f"{c.id!r} resumes: {c.resume}" for c in clients if c.resume not in (None, "none")]
        if model.system.messages.id not in (None, "none"):
            evidence.append(f"message ids: {model.system.messages.id}")
        items.append(_item("C7", "Delivery guarantees, ordering and resume", status, f, codes, evidence))

    # C8 backpressure
    codes = ("SC001", "FO006", "TR009")
    both = f.any("SC001", severity=Severity.ERROR) or f.any("SC001") and f.any("FO006")
    status = MISSING if both else PARTIAL if f.any("FO006") else ADDRESSED
    evidence = [f"{g.id!r} send_buffer: " + ", ".join(
                    x for x in (f"max_bytes {g.send_buffer.max_bytes:,}" if g.send_buffer.max_bytes else "",
                                g.send_buffer.on_overflow or "") if x)
                for g in gateways if g.send_buffer and (g.send_buffer.max_bytes or g.send_buffer.on_overflow)]
    evidence += [f"{g.id!r}: managed service bounds buffers" for g in gateways if is_managed(g)]
    items.append(_item("C8", "Backpressure and slow consumers", status, f, codes, evidence))

    # C9 capacity
    codes = ("SC002", "SC003", "SC007", "LB006")
    known_load = model.system.expected.peak_users is not None or model.system.expected.peak_connections is not None
    status = (MISSING if f.any("SC002", "SC007") else
              PARTIAL if f.any("SC003", "LB006") or not known_load else ADDRESSED)
    evidence = [f"peak users {model.system.expected.peak_users:,}"] if model.system.expected.peak_users else []
    evidence += [f"{g.id!r} replicas: {g.replicas_text}" for g in gateways if g.replicas_stated]
    evidence += [f"{g.id!r} autoscaling max: {g.autoscaling.max}" for g in gateways
                 if g.autoscaling and g.autoscaling.max]
    todo = "" if known_load else "state the expected peak load (system.expected.peak_users) so capacity can be checked"
    items.append(_item("C9", "Per-node capacity and autoscaling", status, f, codes, evidence, todo))

    # C10 auth
    codes = ("AU001", "AU002", "AU003", "AU004", "AU005", "FO009")
    severe = f.any("AU001", "AU002", severity=Severity.ERROR) or f.any("AU004", "AU005")
    status = MISSING if severe else PARTIAL if f.any(*codes) else ADDRESSED
    gateway_placed = any(g.token_location for g in gateways)
    evidence = [f"{a.id!r}: token in "
                + (a.token_location or ("the place the gateway states" if gateway_placed else "unstated place"))
                + (f", channels authorised {a.channel_authz}" if a.channel_authz else "")
                for a in model.of_kind("auth")]
    evidence += [f"{g.id!r}: token in {g.token_location}" for g in gateways if g.token_location]
    items.append(_item("C10", "Authentication lifecycle and channel authorisation", status, f, codes, evidence))

    # C11 abuse controls
    codes = ("SC004", "SC005", "SC008")
    stated_none = f.any("SC005", "SC008", "SC004", severity=Severity.ERROR)
    status = MISSING if stated_none else PARTIAL if f.any("SC004", "SC005", "SC008") else ADDRESSED
    evidence = [f"{g.id!r} max_message_bytes: {g.max_message_bytes:,}" for g in gateways if g.max_message_bytes]
    evidence += [f"{g.id!r} rate_limit: " + ", ".join(f"{k} {v:g}" for k, v in g.rate_limit.model_dump().items()
                                                      if v is not None and k != "enabled")
                 for g in gateways if g.rate_limit and g.rate_limit.enabled is not False]
    items.append(_item("C11", "Abuse controls: message size, rates, connection caps", status, f, codes, evidence))

    # C12 presence
    codes = ("HB004", "HB005")
    presences = model.of_kind("presence")
    if not presences:
        items.append(_item("C12", "Presence at scale", NA, f, codes, ["no presence component"]))
    else:
        status = MISSING if f.any("HB004") else PARTIAL if f.any("HB005") else ADDRESSED
        evidence = [f"{p.id!r}: " + ", ".join(x for x in (
                        f"store: {p.store}" if p.store else "", f"placement: {p.placement}" if p.placement else "",
                        f"replication: {p.replication}" if p.replication else "",
                        f"offline_grace_s: {p.offline_grace_s:g}" if p.offline_grace_s else "") if x)
                    for p in presences if p.store or p.placement or p.replication]
        items.append(_item("C12", "Presence at scale", status, f, codes, evidence))

    # C13 fallbacks and intermediaries
    codes = ("LB003", "TR001", "TR002", "TR003", "TR005", "TR006", "TR007", "TR008")
    transports = {t for g in gateways for t in g.effective_transports}
    no_fallback = transports <= {"websocket"} and all(g.fallback_policy == "none_accepted" for g in gateways)
    if no_fallback or not gateways:
        items.append(_item("C13", "Fallback transports and intermediaries", NA, f, codes,
                           ["WebSocket only, no fallback wanted" if gateways else "no gateway"]))
    else:
        status = (MISSING if f.any("LB003", "TR001", "TR002", "TR005", "TR006", "TR008") else
                  PARTIAL if f.any("TR003", "TR007") else ADDRESSED)
        evidence = [f"{g.id!r}: {' → '.join(g.effective_transports)}" for g in gateways]
        items.append(_item("C13", "Fallback transports and intermediaries", status, f, codes, evidence))
    return items


def to_json(file: str, items: list[Item]) -> str:
    return json.dumps({"file": file, "items": [i.to_json() for i in items]}, indent=2, ensure_ascii=False) + "\n"


def to_markdown(file: str, items: list[Item]) -> str:
    counts = {status: sum(1 for i in items if i.status == status)
              for status in (ADDRESSED, PARTIAL, MISSING, NOT_STATED, NA)}
    out = [f"# Horizontal-scaling checklist: `{file}`", "",
           " · ".join(f"{MARK[s]} {n} {s}" for s, n in counts.items()), "",
           "| # | Item | Status | Evidence | What to do |", "| --- | --- | --- | --- | --- |"]
    for item in items:
        evidence = "; ".join(item.evidence).replace("|", "\\|")
        todo = item.todo.replace("|", "\\|")
        out.append(f"| {item.id} | {item.title} | {MARK[item.status]} {item.status} | {evidence} | {todo} |")
    return "\n".join(out) + "\n"


def panel_lines(items: list[Item]) -> tuple[str, ...]:
    """Short lines for the diagram's checklist panel."""
    return ("Scaling checklist",) + tuple(f"{MARK[i.status]} {i.id} {i.title}" for i in items)
