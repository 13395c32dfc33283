"""The offline drafting provider: a deterministic extractor built on the knowledge base and on
how architects write.

No network and no model. Parts come from products the knowledge base knows (whole words,
negations and rejected options skipped), role-head noun phrases ("Envoy proxies", "the fan-out
tier", "a message processor") and names (an appositive, "called", hyphenated service names,
lower-case names that never take an article, clients) — ``parts.py``, ``naming.py``,
``barenames.py``, ``phrases.py``; counts and attributes from ordinary phrasing (``facts.py``,
where credentials travel in ``credentials.py``); links from what each clause says
(``relations.py``, what a link speaks in ``protocols.py``, which broker carries a topic in
``topicroutes.py``). Every mention is filed once in a span index (``mentions.py``), so a 1 MB
description drafts in under 2 s.
Everything inferred rather than read is recorded as a guess, which the drafted YAML shows as a
comment.

It produces the same :class:`~rtdiagram.prose.extraction.Extraction` as the LLM provider, with
verbatim evidence quotes, so both go through the same grounding check and mapping.
"""

from __future__ import annotations

import functools
import gc
import re
from dataclasses import dataclass
from typing import Any

from rtdiagram.model.components import LONG_POLLING_BY_DEFAULT
from rtdiagram.model.errors import DraftError
from rtdiagram.prose.catalogue import STREAMING_TRANSPORTS
from rtdiagram.prose.extraction import ExtractedComponent, ExtractedLink, Extraction
from rtdiagram.prose.credentials import gateway_by_name
from rtdiagram.prose.facts import attributes, counts
from rtdiagram.prose.parts import Parts
from rtdiagram.prose.phrases import Found, lowered, negated, slug  # noqa: F401  (slug: public helper)
from rtdiagram.prose.protocols import protocol
from rtdiagram.prose.relations import HTTP_CALLS, HOPS, TIER, Linker

MAX_INPUT_BYTES = 1_000_000
MAX_COMPONENTS, MAX_LINKS = 80, 160  # Extraction's limits


@dataclass
class OfflineDraft:
    extraction: Extraction
    extras: dict[str, dict[str, Any]]       # attributes the extraction model has no field for
    guesses: dict[str, list[str]]           # component id → what was guessed (shown as comments)


MESHED = re.compile(r"without (?:any |a |an )?(?:external )?(?:broker|pub/?sub)|no (?:\w+ )?(?:broker|adapter|backplane)\b"
                    r"|rather than an? (?:external )?broker|rooms are (?:per node|(?:just )?in memory)")
OWNED = re.compile(r"(?:lives?|exactly) on (?:exactly )?one|one owning|consistent[- ]hash|owner (?:node|host|server|process)|"
                   r"owning (?:node|host|server|process)|(?:one|a single|the same) (?:node|host|server|instance|object|process|"
                   r"actor) (?:per|for each|for every|owns) (?:room|channel|document|board|sheet|match|game|session|conversation)|"
                   r"(?:same|each|every) (?:room|channel|document|board|sheet|match|game)(?: name| id)? (?:always )?"
                   r"(?:to the same|lives on|has (?:one|its own|a single)) (?:instance|node|host|server|owner|object)")
_CLUSTER_WORDS = ("erlang", "cluster", "gossip", "hazelcast", "akka", "pg adapter", "phoenix.pubsub", "horde")
CLUSTERED = re.compile(r"distributed erlang|erlang distribution|cluster messaging|\bgossip|hazelcast|akka cluster|"
                       r"libcluster|\bpg adapter|phoenix\.pubsub|\bhorde\b|cluster pub/?sub")


def _fanout(found: list[Found], links: list[ExtractedLink], text: str, guesses: dict[str, list[str]]) -> None:
    by_id = {f.id: f for f in found}
    neighbours: dict[str, set[str]] = {}
    for l in links:
        neighbours.setdefault(l.source, set()).add(l.target)
        neighbours.setdefault(l.target, set()).add(l.source)
    low = lowered(text) or text.lower()
    meshed = MESHED.search(low)
    clustered = meshed and re.search(r"PubSub|cluster|Akka|Erlang|Phoenix", text)
    owned = functools.cache(lambda: OWNED.search(low))  # read only when no broker or mesh decided it (slow on 1 MB)
    cluster_talk = any(w in low for w in _CLUSTER_WORDS) and CLUSTERED.search(low)  # once: many gateways in a long text
    any_pubsub = any(f.kind == "pubsub" for f in found)
    for gateway in (f for f in found if f.kind == "gateway"):
        linked = neighbours.get(gateway.id, set())
        entry = gateway.entry
        linked_pubsub = any(by_id[c].kind == "pubsub" for c in linked if c in by_id)
        if entry and entry.managed and entry.fanout in (None, "managed"):
            gateway.attrs["fanout"] = "managed"
        elif entry and entry.managed:  # API Gateway holds the sockets; the code sends to each stored connection id
            registries = any(f.kind == "registry" for f in found)
            gateway.attrs["fanout"] = "registry_direct" if registries else "managed"
        elif meshed:
            gateway.attrs["fanout"] = "cluster_mesh" if clustered else "none"
        elif cluster_talk and not linked_pubsub:
            gateway.attrs["fanout"] = "cluster_mesh"  # "over distributed Erlang", "cluster messaging on the gossip port"
        elif linked_pubsub:
            gateway.attrs["fanout"] = "broker"
        elif owned():
            gateway.attrs["fanout"] = "owner_routing"
        elif any(by_id[c].kind == "registry" for c in linked if c in by_id):
            gateway.attrs["fanout"] = "registry_direct"
        elif any_pubsub:
            gateway.attrs["fanout"] = "broker"
            gateway.attrs.setdefault("_guess", []).append("fan-out through the pub/sub named in the text")
            broker = next(f for f in found if f.kind == "pubsub")  # and drawn: a fan-out through a broker it has no link to
            links.append(ExtractedLink(source=gateway.id, target=broker.id, protocol=protocol(gateway, broker, None),
                                       label=None, evidence=[]))  # would be the contradiction lint reports (FO001)
            guesses.setdefault(f"{gateway.id}->{broker.id}", []).append("its fan-out goes through the text's pub/sub")
        elif not any(f.kind == "registry" for f in found):
            gateway.attrs["fanout"] = "none"  # nothing in the text carries a message to another node
            gateway.attrs.setdefault("_guess", []).append("no broker, registry or clustering named: fan-out stays on the node")


_STRUCTURAL = re.compile(r"\s*(?:$|[-*•+|#>]|\d+[.)]\s|[\w /&'-]{1,30}(?: \([^()\n]{0,60}\))?:(?:\s|$))")


def _named_gateways(found: list[Found], links: list[ExtractedLink], guesses: dict[str, list[str]]) -> None:
    """A part called a gateway only by its name ("push-gateway", "the ADS-B receiver gateway") that the
    text never has a client reach, while clients stream to another gateway, is a back-end service; so is
    any other gateway nothing on the way in (client, CDN, balancer, proxy) reaches at all, even by a guess
    ("pour-core … holds a shared subscription" beside "site-feed … serves the tablet page")."""
    kinds = {f.id: f.kind for f in found}
    way_in = [l for l in links if kinds.get(l.source) in ("client", *HOPS)]
    reached = {l.target for l in way_in if f"{l.source}->{l.target}" not in guesses}
    touched = {l.target for l in way_in}  # by a guess too
    if not any(f.kind == "gateway" and f.id in reached for f in found):
        return
    for f in found:
        if f.id not in reached and gateway_by_name(f) or f.kind == "gateway" and f.id not in touched:
            f.kind = "service"
            token = f.attrs.pop("token_location", None)
            holders = [g for g in found if g.kind == "gateway" and g.id in reached]
            if token and len(holders) == 1:
                holders[0].attrs.setdefault("token_location", token)  # read beside the wrong one of two servers
            links[:] = [l for l in links if not (l.target == f.id and f"{l.source}->{l.target}" in guesses
                                                 and kinds.get(l.source) == "client")]  # the guess that clients reach it


def _served_behind_hops(found: list[Found], links: list[ExtractedLink], guesses: dict[str, list[str]]) -> None:
    """Clients that stream to a load balancer or proxy reach the part behind it: when no gateway stands
    behind that hop and one plain service does, the service holds the streams ("each board holds an
    SSE stream …", "board-feed: Node, 2 instances behind haproxy")."""
    by_id = {f.id: f for f in found}
    hops = {l.target: l.protocol for l in links if by_id[l.source].kind == "client" and by_id[l.target].kind in HOPS
            and l.protocol in STREAMING_TRANSPORTS}
    for hop, carried in hops.items():
        behind = [l for l in links if l.source == hop and by_id[l.target].kind not in HOPS]
        if len(behind) == 1 and by_id[behind[0].target].kind == "service" and by_id[behind[0].target].entry is None:
            by_id[behind[0].target].kind = "gateway"
            behind[0].protocol = carried
        elif not any(by_id[l.target].kind in ("service", "gateway") for l in behind) and not any(f.kind == "gateway" for f in found):  # "druckschlange is a PHP app on the web
            # server (Apache + PHP-FPM)": the one service named with the hop is what stands behind it
            near = {f.id for s, e in by_id[hop].spans for f in found if f.kind == "service" and f.entry is None and
                    any(0 < s - fe <= 60 or 0 < fs - e <= 60 for fs, fe in f.spans)}
            if not near and len(ours := [f for f in found if f.kind == "service" and f.entry is None]) == 1:
                near = {ours[0].id}  # "Whole festival domain behind Cloudflare" with one server of ours: that server
            if len(near) == 1:
                served = by_id[near.pop()]
                served.kind = "gateway"
                links.append(ExtractedLink(source=hop, target=served.id, protocol=carried, label=None, evidence=[]))
                guesses.setdefault(f"{hop}->{served.id}", []).append("named with the hop: it stands behind it")


def _one_way_in(found: list[Found], links: list[ExtractedLink], text: str) -> None:
    """A client that reaches a hop whose way on to the gateway is a stream speaks that stream to the hop
    too ("Five Node.js socket servers behind an AWS NLB … push to the browsers over Socket.IO"); a plain
    HTTP link stays beside it only when the text names HTTP requests."""
    by_id = {f.id: f for f in found}
    onward = {l.source: l.protocol for l in links if by_id[l.source].kind in HOPS and by_id[l.target].kind == "gateway"
              and l.protocol in STREAMING_TRANSPORTS}
    for link in list(links):
        carried = onward.get(link.target)
        if carried and by_id[link.source].kind == "client" and link.protocol == "http" and not any(
                l.source == link.source and l.target == link.target and l.protocol in STREAMING_TRANSPORTS for l in links):
            if HTTP_CALLS.search(text):
                links.append(link.model_copy(update={"protocol": carried}))
            else:
                link.protocol = carried


def unwrap(text: str) -> str:
    """Join soft-wrapped lines, so that a phrase broken across a line reads as one.

    A line break stays where it carries structure: blank lines, bullets, headings, tables,
    "Label:" lines, after a heading or a line ending with a colon, and after a short unpunctuated first line
    (a title). Every whitespace run inside a line becomes one space. The evidence check compares
    quotes with whitespace normalised, so quotes taken from the unwrapped text stay verbatim.
    """
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for number, line in enumerate(lines):
        if not out:
            out.append(line)
            continue
        previous = out[-1]
        title = number == 1 and len(previous) < 60 and not re.search(r"[.!?:;,]$", previous)
        if (not line or not previous or _STRUCTURAL.match(line) or previous.endswith(":") or previous.startswith("#")
                or title):
            out.append(line)
        else:
            out[-1] = f"{previous} {line}"
    return "\n".join(out)


def extract_offline(text: str, title: str | None = None) -> OfflineDraft:
    enabled = gc.isenabled()
    gc.disable()  # the extractor allocates many small objects and frees none until it returns
    try:
        return _extract(text, title)
    finally:
        if enabled:
            gc.enable()


def _extract(text: str, title: str | None) -> OfflineDraft:
    if len(text.encode("utf-8", "replace")) > MAX_INPUT_BYTES:
        raise DraftError(f"the description is {len(text.encode('utf-8', 'replace')):,} bytes; the offline "
                         f"drafter reads at most {MAX_INPUT_BYTES:,} bytes (1 MB)",
                         hint="draft one part of the design at a time")
    text = unwrap(text)
    parts = Parts(text)
    found = parts.run()
    if len(found) > MAX_COMPONENTS:  # the model's limit: keep the parts mentioned most, drop the rest now
        kept = sorted(found, key=lambda f: (-len(f.spans), f.start))[:MAX_COMPONENTS]
        found = sorted(kept, key=lambda f: f.order)
    counts(text, found, parts.index)
    attributes(text, found, parts.transports, parts.index)
    guesses: dict[str, list[str]] = {}
    for f in found:
        if f.kind == "gateway" and parts.transports and "transports" not in f.attrs:
            offered = [t for t in parts.transports if t in STREAMING_TRANSPORTS]
            tech = re.sub(r"[^a-z0-9]", "", (f.technology or "").lower())
            by_default = {"websocket", "long_polling"} if tech in LONG_POLLING_BY_DEFAULT else {"websocket"}
            if offered and not set(offered) < by_default:  # "Socket.IO over WebSocket" keeps its fallback
                f.attrs["transports"] = offered
        guesses.setdefault(f.id, []).extend(f.attrs.pop("_guess", []))
    links = Linker(text, found, parts.index, parts.transports, guesses).run()
    for f in found:
        f.attrs.pop("_publishes", None)
        f.attrs.pop("_listed", None)
    _served_behind_hops(found, links, guesses)
    _one_way_in(found, links, text)
    _named_gateways(found, links, guesses)
    _fanout(found, links, text, guesses)
    for f in found:
        if f.attrs.get("_guess"):
            guesses.setdefault(f.id, []).extend(f.attrs.pop("_guess"))
    components, extras = [], {}
    for f in sorted(found, key=lambda f: (TIER[f.kind], f.start)):
        attrs = dict(f.attrs)
        replicas = attrs.pop("replicas", None)
        heartbeat = attrs.pop("heartbeat_interval_s", None)
        components.append(ExtractedComponent(
            id=f.id, name=f.name.replace("**", "").strip("*_` ") or f.name, kind=f.kind, technology=f.technology,
            replicas=replicas if isinstance(replicas, int) else None, transports=attrs.pop("transports", None),
            affinity=None,
            token_location=attrs.pop("token_location", None) if f.kind in ("auth", "gateway", "pubsub") else None,
            heartbeat_interval_s=heartbeat if f.kind in ("gateway", "pubsub") else None, evidence=f.evidence(text),
        ))
        if replicas == "many" and f.kind not in ("client", "auth", "external", "monitoring", "stun"):
            attrs["replicas"] = "many"
        if f.kind in HOPS and "affinity" in attrs:
            pass
        elif "affinity" in attrs:
            attrs.pop("affinity")
        if f.kind != "gateway":
            for key in ("rate_limit", "max_message_bytes", "drain", "fanout"):
                attrs.pop(key, None)
        if f.kind not in HOPS and f.kind != "gateway":
            attrs.pop("idle_timeout_s", None)
            attrs.pop("http_version", None)
        if f.technology:
            attrs["technology"] = f.technology  # free text (v2); the KB canonicalises known names
        if f.kind != "client":
            attrs.pop("platform", None)
        if attrs:
            extras[f.id] = attrs
    extraction = Extraction.model_validate(
        {"title": title, "components": [c.model_dump() for c in components],
         "links": [l.model_dump() for l in links[:MAX_LINKS]]},
        context={"source_text": text},
    )
    return OfflineDraft(extraction, extras, {k: v for k, v in guesses.items() if v})
