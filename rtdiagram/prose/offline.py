"""The offline drafting provider: a deterministic extractor driven by a technology catalogue.

No network and no model: it recognises the products and the phrases architects use ("3 nodes
behind", "sticky sessions", "broadcasts via", "stores the mapping in", "every 25 seconds"),
fills in kinds, technologies, replicas, transports, affinity, token location and heartbeat
figures where the text states them, and wires links along the tiers. Everything it infers
rather than reads is recorded as a guess, which the drafted YAML shows as a comment.

It produces the same :class:`~rtdiagram.prose.extraction.Extraction` as the LLM provider, with
verbatim evidence quotes, so both go through the same grounding check and mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rtdiagram.prose.catalogue import CATALOGUE, KIND_WORDS, I
from rtdiagram.prose.extraction import ExtractedComponent, ExtractedLink, Extraction

_WORD = r"[\w$@/+#&'-]+(?:\.[\w]+)*"  # Socket.IO and Node.js are words; a full stop is not
_GLUE = r"(?!(?:to|over|with|via|from|and|or|the|a|an|of|on|through|by|for|into|carrying|connects|also)\b)"
APPOSITIVE = re.compile(
    rf"(?P<name>(?=[A-Z$]){_WORD}(?: {_GLUE}{_WORD}){{0,5}}?(?: \([^()]{{1,40}}\))?), (?:an?|the) "
    r"(?P<desc>(?:[^,.;:]|\.(?=\w)){2,120})", re.UNICODE)
NOT_A_NAME = re.compile(r"^(?:On|In|At|When|After|Before|For|If|Then|Once|During|Via|With|From|To|By|As|"
                        r"Each|Every|Here|There|This|That|It|Users|Clients)(?:\s|$)")

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "twelve": 12, "a dozen": 12}
REPLICAS = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve) "
                      r"(?:nodes|instances|replicas|servers|pods|containers)\b", I)
STICKY = re.compile(r"sticky[- ]sessions?|session affinity|\bsticky\b|ip[_ ]hash(?:ing)?|consistent hashing", I)
HEARTBEAT = re.compile(r"(?:ping|heartbeat|keep-?alive)s?\b[^.]{0,60}?\bevery (\d+(?:\.\d+)?) ?(?:s\b|sec|seconds)"
                       r"|every (\d+(?:\.\d+)?) ?(?:s\b|sec|seconds)[^.]{0,40}?\b(?:ping|heartbeat)", I)
TRANSPORTS = (("websocket", r"\bweb ?sockets?\b"), ("sse", r"server-sent events|\bSSE\b|EventSource"),
              ("long_polling", r"long[- ]polling"), ("webrtc", r"\bWebRTC\b"))
NEGATED = re.compile(r"\b(?:not|no|instead of|rather than|without)\s+$", I)
TIER = {"client": 0, "cdn": 1, "load_balancer": 2, "ingress": 3, "proxy": 3, "gateway": 4, "turn": 4,
        "stun": 4, "auth": 5, "registry": 5, "pubsub": 5, "presence": 5, "queue": 5, "service": 6,
        "datastore": 7, "external": 8, "monitoring": 8}
HOPS = ("cdn", "load_balancer", "proxy", "ingress")


@dataclass
class Found:
    id: str
    kind: str
    name: str
    technology: str | None
    start: int
    evidence: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class OfflineDraft:
    extraction: Extraction
    extras: dict[str, dict[str, Any]]       # attributes the extraction model has no field for
    guesses: dict[str, list[str]]           # component id → what was guessed (shown as comments)


def normalise_name(text: str) -> str:
    return " ".join(text.lower().split())


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    value = re.sub(r"^[^a-z]+", "", value)
    return value[:40].strip("-") or "component"


def _quote(text: str, start: int, end: int) -> str:
    """The matched words, widened to whole words: a verbatim quote from the input."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].strip()


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"[.!?](?=\s+[A-Z\"'(])|\n\s*\n|\n[-*] ", text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _registry_context(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 90):end + 40].lower()
    return bool(re.search(r"connection ?ids?|connections? (?:to|→|->)|mapping|registry|connection id and", window))


class _Extractor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, Found] = {}
        self.claimed: list[tuple[int, int]] = []
        self.guesses: dict[str, list[str]] = {}
        self.names: dict[str, str] = {}   # a name introduced in the text → its component id

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.claimed)

    def add(self, entry_kind: str, cid: str, name: str, technology: str | None, start: int, end: int,
            quote: str | None = None) -> Found:
        quote = quote or _quote(self.text, start, end)
        existing = self.found.get(cid)
        if existing:
            if existing.kind != entry_kind:
                cid = f"{cid}-{entry_kind.replace('_', '-')}"
                existing = self.found.get(cid)
        if existing:
            if quote not in existing.evidence and len(existing.evidence) < 3:
                existing.evidence.append(quote)
            return existing
        found = Found(cid, entry_kind, name, technology, start, [quote])
        self.found[cid] = found
        return found

    def run(self) -> None:
        text = self.text
        for match in APPOSITIVE.finditer(text):
            name = re.sub(r"^(?:The|A|An|And) ", "", match["name"]).strip()
            if not name or NOT_A_NAME.match(name):
                continue
            # the kind word must open the description: "X, a load balancer with…", not a later clause
            head = " ".join(match["desc"].lower().split()[:5])
            kind = next((k for word, k in KIND_WORDS if re.search(rf"\b{re.escape(word)}\b", head)), None)
            if kind is None:
                continue
            desc = match["desc"].lower()
            technology = self._technology_in(desc, kind)
            found = self.add(kind, slug(name), name, technology, match.start("name"), match.end("name"),
                             _quote(text, match.start("name"), match.end("desc")))
            self._attributes_from(desc, found)
            self.names[normalise_name(name)] = found.id
            self.claimed.append((match.start("name"), match.end("desc")))
        for entry in CATALOGUE:
            for match in re.finditer(entry.pattern, text, entry.flags):
                start, end = match.span()
                if not self.free(start, end) or self._negated(start):
                    continue
                kind, cid = entry.kind, entry.id
                matched = match.group(0).strip()
                known = self._known_name(start, end)
                if known:  # a later mention of a part introduced by name: more evidence, no new part
                    self.claimed.append((start, end))
                    continue
                if entry.fallback and any(f.kind == kind for f in self.found.values()):
                    continue
                name = entry.name or matched[:1].upper() + matched[1:]
                technology = {"$0": matched, "$framework": matched.split()[0]}.get(entry.technology or "", entry.technology)
                if cid == "$slug":
                    cid = slug(matched)
                if cid == "dynamodb" and _registry_context(text, start, end) or \
                        kind == "datastore" and "in-memory" in matched.lower():
                    kind, cid, name = "registry", "connections", "Connection registry"
                if kind == "gateway" and cid in ("express", "fastapi") and not self._mentions_realtime():
                    kind = "service"
                single = next((f for f in self.found.values() if f.kind == kind and f.id in self.names.values()), None)
                if kind in ("auth", "registry", "presence") and single:
                    # usually one of each: a product named later belongs to the part introduced by name
                    quote = _quote(text, start, end)
                    if quote not in single.evidence and len(single.evidence) < 3:
                        single.evidence.append(quote)
                    self.claimed.append((start, end))
                    continue
                found = self.add(kind, cid, name, technology, start, end)
                if cid == "mobile":
                    found.attrs["platform"] = "mobile"
                self.claimed.append((start, end))
        self._registry_phrases()
        self._client_fallback()

    def _known_name(self, start: int, end: int) -> str | None:
        """The id of an introduced part whose name covers this span ('Redis Pub/Sub' again)."""
        for name, cid in self.names.items():
            for match in re.finditer(re.escape(name), self.text.lower()):
                if match.start() <= start and end <= match.end():
                    return cid
        return None

    def _negated(self, start: int) -> bool:
        return bool(NEGATED.search(self.text[max(0, start - 14):start]))

    def _mentions_realtime(self) -> bool:
        return any(re.search(p, self.text, I) for _, p in TRANSPORTS)

    def _technology_in(self, desc: str, kind: str) -> str | None:
        for entry in CATALOGUE:
            if entry.kind == kind and entry.technology and not entry.technology.startswith("$"):
                if re.search(entry.pattern, desc, entry.flags):
                    return entry.technology
        return None

    def _attributes_from(self, desc: str, found: Found) -> None:
        if match := re.search(r"(\d+) nodes?", desc):
            found.attrs["replicas"] = int(match.group(1))
        if "sticky" in desc:
            mechanism = re.search(r"\b(ip hash|cookie|session id|consistent hash)\b", desc)
            found.attrs["affinity"] = (mechanism.group(1).replace(" ", "_") if mechanism else "cookie")

    def _registry_phrases(self) -> None:
        """'adds the connection ID → user ID mapping to Redis': Redis used as the registry."""
        text = self.text
        pattern = re.compile(r"(?:connection ?IDs?|connections?)[^.]{0,60}?\b(?:in|to|from) (Redis|DynamoDB|memory)"
                             r"|in-memory registry(?: of [\w ]+? connections)?", I)
        for match in pattern.finditer(text):
            if not self.free(*match.span()) or any(f.kind == "registry" and f.id in self.names.values()
                                                   for f in self.found.values()):
                continue
            store = (match.group(1) or "in-memory").strip()
            if "connections" in self.found and self.found["connections"].kind == "registry":
                found = self.found["connections"]
                quote = _quote(text, *match.span())
                if quote not in found.evidence and len(found.evidence) < 3:
                    found.evidence.append(quote)
                continue
            technology = {"redis": "Redis", "dynamodb": "DynamoDB"}.get(store.lower(), "in-memory")
            self.add("registry", "connections", "Connection registry", technology, *match.span())

    def _client_fallback(self) -> None:
        if any(f.kind == "client" for f in self.found.values()):
            return
        match = re.search(r"\b(?:users?|clients?|customers?|subscribers?|viewers?|devices?)\b", self.text, I)
        if match:
            self.add("client", "client", "Client", None, *match.span())

    # -- attributes -------------------------------------------------------------------------

    def nearest(self, position: int, *kinds: str, span: tuple[int, int] | None = None) -> Found | None:
        candidates = [f for f in self.found.values() if f.kind in kinds]
        if span:
            inside = [f for f in candidates if any(span[0] <= self.text.find(q) < span[1] for q in f.evidence if q)]
            candidates = inside or candidates
        if not candidates:
            return None
        return min(candidates, key=lambda f: min(abs(self.text.find(q) - position) for q in f.evidence if q))

    def attributes(self) -> None:
        text = self.text
        sentences = _sentences(text)

        def sentence_of(position: int) -> tuple[int, int]:
            return next(((a, b) for a, b in sentences if a <= position < b), (0, len(text)))

        for match in REPLICAS.finditer(text):
            raw = match.group(1).lower()
            count = int(raw) if raw.isdigit() else NUMBERS[raw]
            target = self.nearest(match.start(), "gateway", span=sentence_of(match.start())) or \
                self.nearest(match.start(), "service", span=sentence_of(match.start()))
            if target and count > 1:
                target.attrs.setdefault("replicas", count)
        for match in STICKY.finditer(text):
            lb = self.nearest(match.start(), *HOPS, span=sentence_of(match.start()))
            if lb is None or "affinity" in lb.attrs:
                continue
            window = text[max(0, match.start() - 40):match.end() + 40].lower()
            if re.search(r"ip[_ ]hash|source ip|client ip", window):
                lb.attrs["affinity"] = "ip_hash"
            elif "consistent hash" in window:
                lb.attrs["affinity"] = "consistent_hash"
            elif "cookie" in window:
                lb.attrs["affinity"] = "cookie"
            elif lb.technology == "AWS NLB" or lb.id == "nlb":
                lb.attrs["affinity"] = "ip_hash"
                self.guesses.setdefault(lb.id, []).append("'sticky sessions' on an NLB: source-IP affinity assumed")
            else:
                lb.attrs["affinity"] = "cookie"
                self.guesses.setdefault(lb.id, []).append("'sticky sessions': cookie affinity assumed")
        transports = [t for t, pattern in TRANSPORTS
                      if any(not self._negated(m.start()) for m in re.finditer(pattern, text, I))]
        for gateway in (f for f in self.found.values() if f.kind == "gateway"):
            if transports and "transports" not in gateway.attrs:
                if gateway.technology == "API Gateway WebSocket":
                    gateway.attrs["transports"] = ["websocket"]
                else:
                    gateway.attrs["transports"] = [t for t in transports if t != "webrtc"] or ["websocket"]
        for match in HEARTBEAT.finditer(text):
            seconds = float(match.group(1) or match.group(2))
            gateway = self.nearest(match.start(), "gateway")
            if gateway:
                gateway.attrs.setdefault("heartbeat_interval_s", seconds)
        for auth in (f for f in self.found.values() if f.kind == "auth"):
            window = " ".join(text[max(0, text.find(q) - 120):text.find(q) + len(q) + 120] for q in auth.evidence).lower()
            if re.search(r"http-?only cookie|in an? [\w-]* ?cookie|\bcookies?\b", window):
                auth.attrs["token_location"] = "cookie"
            elif re.search(r"query (?:param|parameter|string)|\?token=|in the url", window):
                auth.attrs["token_location"] = "query"
            elif re.search(r"bearer|authorization header|\bheader\b", window):
                auth.attrs["token_location"] = "header"
            elif re.search(r"first message|auth payload|connect payload", window):
                auth.attrs["token_location"] = "first_message"
        self._proxy_settings()
        self._presence_and_limits()

    def _proxy_settings(self) -> None:
        text = self.text
        for hop in (f for f in self.found.values() if f.kind in HOPS):
            if re.search(r"proxy_buffering off|buffering (?:off|disabled)", text, I):
                if hop.id == "nginx":
                    hop.attrs["buffering"] = False
            if match := re.search(r"(?:keepalive_timeout|proxy_read_timeout|idle timeout(?: of)?) (\d+) ?s", text, I):
                if hop.id == "nginx" or hop.kind == "load_balancer":
                    hop.attrs.setdefault("idle_timeout_s", float(match.group(1)))
            if match := re.search(r"(\d+) requests per minute per user", text, I):
                if hop.kind == "proxy":
                    hop.attrs["rate_limit_per_user_per_min"] = int(match.group(1))

    def _presence_and_limits(self) -> None:
        presence = self.found.get("presence")
        if presence and (match := re.search(r"(\d+)[- ]second grace period|grace period of (\d+) ?s", self.text, I)):
            presence.attrs["offline_grace_s"] = float(match.group(1) or match.group(2))
        if presence and re.search(r"joined|left|join/leave", self.text, I):
            presence.attrs["join_leave_events"] = True

    # -- links ------------------------------------------------------------------------------

    def links(self) -> list[ExtractedLink]:
        found = sorted(self.found.values(), key=lambda f: f.start)
        by_kind = lambda *kinds: [f for f in found if f.kind in kinds]  # noqa: E731
        gateways = by_kind("gateway")
        services = by_kind("service")
        hops = sorted(by_kind(*HOPS), key=lambda f: (TIER[f.kind], f.start))
        links: list[ExtractedLink] = []

        def link(source: Found, target: Found, protocol: str, label: str | None = None, guessed: str = "") -> None:
            if source.id == target.id or any(l.source == source.id and l.target == target.id for l in links):
                return
            links.append(ExtractedLink(source=source.id, target=target.id, protocol=protocol, label=label, evidence=[]))
            if guessed:
                self.guesses.setdefault(f"{source.id}->{target.id}", []).append(guessed)

        front = gateways[0] if gateways else (services[0] if services else None)
        transport = "websocket"
        if front and front.attrs.get("transports"):
            transport = front.attrs["transports"][0]
        for client in by_kind("client"):
            chain = [client, *hops, *( [front] if front else [])]
            for source, target in zip(chain, chain[1:]):
                link(source, target, transport if target.kind in HOPS + ("gateway",) else "http",
                     guessed="follows the tiers (client → edge → gateway)")
        sentences = _sentences(self.text)
        backends = [f for f in found if f.kind in ("auth", "registry", "pubsub", "presence", "datastore",
                                                   "external", "monitoring", "queue", "turn", "stun")]
        for target in backends:
            position = self.text.find(target.evidence[0])
            span = next(((a, b) for a, b in sentences if a <= position < b), (0, len(self.text)))
            in_sentence = [f for f in gateways + services
                           if any(span[0] <= self.text.find(q) < span[1] for q in f.evidence)]
            sources = in_sentence or ([front] if front else [])
            for source in sources[:2]:
                link(source, target, _protocol(target), guessed="" if in_sentence else "no sentence names its caller: wired from the gateway")
        for service in services:
            if front and service is not front and not any(l.target == service.id or l.source == service.id for l in links):
                link(front, service, "internal", guessed="the gateway is assumed to hand work to it")
        return links


def _protocol(target: Found) -> str:
    technology = (target.technology or "").lower()
    if target.kind == "pubsub":
        return "kafka" if "kafka" in technology else "pubsub"
    if target.kind in ("registry", "presence"):
        return "dynamodb" if "dynamo" in technology else "redis" if "redis" in technology else "internal"
    if target.kind == "datastore":
        return "dynamodb" if "dynamo" in technology else "sql"
    if target.kind in ("auth", "monitoring"):
        return "internal"
    return "http"


def extract_offline(text: str, title: str | None = None) -> OfflineDraft:
    extractor = _Extractor(text)
    extractor.run()
    extractor.attributes()
    links = extractor.links()
    components, extras = [], {}
    for found in sorted(extractor.found.values(), key=lambda f: (TIER[f.kind], f.start)):
        attrs = dict(found.attrs)
        components.append(ExtractedComponent(
            id=found.id, name=found.name, kind=found.kind, technology=found.technology,
            replicas=attrs.pop("replicas", None), transports=attrs.pop("transports", None),
            affinity=attrs.pop("affinity", None), token_location=attrs.pop("token_location", None),
            heartbeat_interval_s=attrs.pop("heartbeat_interval_s", None), evidence=found.evidence[:3],
        ))
        if attrs:
            extras[found.id] = attrs
    extraction = Extraction.model_validate(
        {"title": title, "components": [c.model_dump() for c in components],
         "links": [l.model_dump() for l in links]},
        context={"source_text": text},
    )
    return OfflineDraft(extraction, extras, extractor.guesses)
