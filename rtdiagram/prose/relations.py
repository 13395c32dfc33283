"""Links between the parts a description names, read clause by clause.

In one clause, the parts a request passes through on its way in (client, CDN, load balancer,
proxy, ingress, gateway) form a chain in that order: "clients connect over WebSocket to the
match servers behind a pair of Envoy proxies" is client → Envoy → match servers. Every other part
the clause names (a broker, a store, a registry, a service) is linked to the part that acts on it:
the nearest part before it that does things (a service or a gateway), else the nearest after it
("Redis holds the map the lobby reads"). The side that connects is the source: a consumer links
to its broker, a service to its store. A clause that names no such pair states no link.

When no clause states how a client gets in, the client is linked to the outermost hop and the
hops to the gateway, and a back-end part no clause links is wired from the gateway; both are
recorded as guesses. Each part's mentions come from the span index, so a clause costs the
mentions inside it, never a scan of every part.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rtdiagram.prose.catalogue import STREAMING_TRANSPORTS as STREAMING
from rtdiagram.prose.catalogue import I
from rtdiagram.prose.extraction import ExtractedLink
from rtdiagram.prose.implied import PRONOUN, SUBSCRIBES, DOERS, ImpliedLinks
from rtdiagram.prose.nearby import lower_version
from rtdiagram.prose.phrases import Found, SpanIndex, lowered
from rtdiagram.prose.phrases import clause as clause_of  # Linker has a clause() of its own
from rtdiagram.prose.protocols import HOPS, protocol, transport
from rtdiagram.prose.topicroutes import topic_routes
from rtdiagram.prose.roles import speaks_mqtt

TIER = {"client": 0, "cdn": 1, "load_balancer": 2, "ingress": 3, "proxy": 3, "gateway": 4, "turn": 4,
        "stun": 4, "service": 5, "auth": 6, "registry": 6, "pubsub": 6, "presence": 6, "queue": 6,
        "datastore": 7, "external": 8, "monitoring": 8}
FRONT = ("client", *HOPS, "gateway")
_AFTER_SEMICOLON = re.compile(r";\s*")  # "geo-indexer consumes it; last fix per scooter in Redis": the same doer
_IN_FRONT = re.compile(r"\b(?:in front(?: of)?|behind|forwards?|passes|routes?|proxies|upstream)\b", re.I)
_FORWARDS = re.compile(r"\b(?:forwards?|forwarding|sinks?|bridges?|persists?|writes?|inserts?|routes?)\b[^.;\n]{0,40}?\b(?:to|into)\b", re.I)
_STORES = ("datastore", "pubsub", "queue", "registry", "presence")
_PASSIVE = re.compile(r"\b(?:from|by|fed by|comes? from|receives?|consumed by|called by|read by)\b", I)
_PEER = re.compile(r"peer|webrtc|p2p|mesh", I)
HTTP_CALLS = re.compile(r"\b(?:REST(?:ful)?\b|(?:HTTPS?|API) (?:API|calls?|requests?|endpoints?)|(?-i:(?:POST|GET|PUT|PATCH)s?) (?:/|to\b|request|an? \w+ request)|"
                         r"(?:with|via|by) an? (?-i:POST|GET|PUT|PATCH)\b|static (?:files?|pages?|assets?|html|site)\b|"
                         r"(?:ordinary|normal|regular|other) pages\b|/api\b|"
                         r"(?:fetch|call)(?:es|s|ed)? (?:\w+ ){0,3}?over HTTPS?|(?:plain|normal|ordinary|regular) (?:HTTPS?|REST|(?-i:PATCH|POST|GET))\b)", I)
_OVER_HTTP = re.compile(r"\bover (?:plain )?HTTPS?\b|\bHTTPS? (?:POST|GET|PUT|request|call|webhook)s?\b|\bwebhooks?\b")
_SENT_TO = re.compile(r"\b(?:go|goes|are sent|is sent|are posted|is posted|are made|travel)\s+(?:straight\s+|directly\s+)?to\s+$", I)
_LINE_OPENING = re.compile(r"[ \t]*(?:[-*•][ \t]+)?\**")  # a bullet's marker and bold, before its first word
_ELIDED = re.compile(r"\s*(?:[-*•]\s+)?(?:and |then |also )?(?:writes|reads|stores|keeps|publishes|sends|pushes|"
                     r"subscribes|consumes|polls|calls|queries|persists|caches|forwards|loads|fetches|saves|puts|"
                     r"checks|looks up|emits|posts)\b")  # a clause whose subject is left out
_EVERY_PART = re.compile(r"\b(?:all|every|each) (?:of )?(?:the |our |its )?(?:\w+ )?(?:components?|services?|process(?:es)?|"
                         r"parts?|modules?|microservices?)\b", I)
_ARROW_GAP = re.compile(r"\**\s*(?:\([^()\n]{0,30}\)\s*)?(?:→|->|=>|⟶)\s*(?:the\s+)?\**")
_MQTT_WORD = re.compile(r"\bMQTT\b")
_BRIDGES = re.compile(r"\b(?:bridges?|bridged|bridging|mirrors?|mirrored|replicates?|replicated)\b[^.;\n]{0,60}?\b(?:to|into|with)\b", I)
_SERVES = re.compile(r"\b(?:hands?|gives?|returns?|serves?|answers?|issues?|mints?|signs?|redirects?|sets?)\b", I)
_PUBLISHES = re.compile(r"\bpublish|\bsubscrib", I)  # devices that talk to the broker themselves
_OUTSIDE_ACTS = re.compile(r"\**,?\s+(?:then\s+|also\s+|first\s+)?(?:opens?|connects?|calls?|fetches|posts?|sends?|pushes|"
                           r"streams?|delivers?|hits?|notifies|POSTs)\b")
_OVER_WEBSOCKET = re.compile(r"\bover (?:a |the )?web ?sockets?\b|\bwss?://", re.I)
_CLAUSE = re.compile(r"[.!?](?=\s)|;|\n\s*\n|\n\s*(?=[-*#|] |\d+[.)] |[\w -]{1,30}:)")


def clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


class Linker(ImpliedLinks):
    def __init__(self, text: str, found: list[Found], index: SpanIndex, transports: list[str],
                 guesses: dict[str, list[str]]) -> None:
        self.text, self.found, self.index, self.guesses = text, found, index, guesses
        named = [t for t in transports if t != "persistent"]
        self.main = named[0] if named else "tcp" if transports else None  # an unnamed held connection: raw TCP
        streaming = [t for t in named if t in STREAMING]  # what a gateway's clients speak, when the text names it
        self.way_in = streaming[0] if streaming and any(f.kind == "gateway" for f in found) else self.main
        self.transports = transports
        self.links: list[ExtractedLink] = []
        self.pairs: set[frozenset[str]] = set()
        self.sources: set[str] = set()
        self.linked: set[str] = set()

    def link(self, source: Found, target: Found, proto: str, quote: str | None, guessed: str = "") -> None:
        pair = frozenset((source.id, target.id))
        if source is target or pair in self.pairs:
            return
        self.pairs.add(pair)
        self.sources.add(source.id)
        self.linked.update(pair)
        self.links.append(ExtractedLink(source=source.id, target=target.id, protocol=proto, label=None,
                                        evidence=[quote] if quote else []))
        if guessed:
            self.guesses.setdefault(f"{source.id}->{target.id}", []).append(guessed)

    def pair(self, left: tuple[int, Found], right: tuple[int, Found], carried: str | None, quote: str | None) -> None:
        (ls, lf), (rs, rf) = sorted((left, right), key=lambda m: m[0])
        if lf.kind in ("external", "monitoring") and rf.kind in ("external", "monitoring"):
            return
        if lf.kind == "client" and rf.kind == "client" and not _PEER.search(self.text, ls, rs + 40):
            return
        if TIER[lf.kind] == TIER[rf.kind] == 6 or lf.kind in _STORES and rf.kind in _STORES and "datastore" in (lf.kind, rf.kind):
            if lf.kind in ("pubsub", "queue") and rf.kind == "datastore" and _FORWARDS.search(self.text, ls, rs):
                self.link(lf, rf, protocol(lf, rf, None), quote)  # "EMQX's rule engine forwards every reading to InfluxDB"
            return  # "snapshots go to S3 and the log lives in DynamoDB": two stores, neither calls the other
        source, target = sorted((lf, rf), key=lambda f: TIER[f.kind])  # stable: text order on a tie
        if TIER[lf.kind] == TIER[rf.kind] and _PASSIVE.search(self.text, ls, rs):
            source, target = rf, lf  # "events come from the Notifier service"
        if source.kind == "external" and target.kind != "external":
            source, target = target, source
        self.link(source, target, protocol(source, target, carried), quote)

    def clause(self, a: int, b: int) -> None:
        mentions: list[tuple[int, Found]] = []
        hits = self.index.starting_in(a, b)
        ends = {s: e for s, e, _ in hits}
        for s, _, f in sorted(hits, key=lambda h: (h[0], h[2].order)):
            if f.id not in self._by_id or self._by_id[f.id] is not f:
                continue  # a part left out (the model holds at most 80)
            if not mentions or mentions[-1][1] is not f:
                mentions.append((s, f))
        if len(mentions) == 2 and mentions[0][1].kind == mentions[1][1].kind == "pubsub" and \
                _BRIDGES.search(self.text, mentions[0][0], mentions[1][0]):  # "Mosquitto bridges farm/# over LTE to EMQX"
            self.link(mentions[0][1], mentions[1][1], protocol(mentions[0][1], mentions[1][1], None), None)
            return
        if mentions and not any(f.kind in DOERS or f.kind == "client" for _, f in mentions):
            pronoun = PRONOUN.search(self.text, a, mentions[0][0]) or _ELIDED.match(self.text, a, mentions[0][0]) or (
                _AFTER_SEMICOLON.match(self.text, max(0, a - 1)) if any(f.kind in _STORES for _, f in mentions) else None)
            if pronoun:  # "it reads the entries from MySQL", "…, 2 pods. writes every event to Postgres":
                # the part the sentence before was about
                doer = self.subject_before(a)
                listed = doer.attrs.get("_listed") if doer is not None and pronoun.group().lower() == "they" else None
                for doer in [g for g in self.found if g.attrs.get("_listed") == listed] if listed else [doer] if doer else []:
                    mentions.insert(0, (pronoun.start(), doer))  # "catalogue, basket and banner … They all publish …"
            elif (opener := self.line_subject(a)) is not None:  # "- alarm-svc (Python) … -> alarm row in Postgres":
                mentions.insert(0, opener)  # a later clause of a line that opens with a server is about that server
        if mentions and not any(f.kind in DOERS for _, f in mentions) and self.stores_without_doer(a, b, mentions):
            return
        if self.broker is not None and not any(f.kind == "pubsub" for _, f in mentions) and \
                SUBSCRIBES.search(self.text, a, b):
            self.subscriber(a, b, mentions)
        if len(mentions) == 1 and mentions[0][1].kind == "service" and \
                _SENT_TO.search(self.text, max(a, mentions[0][0] - 40), mentions[0][0]) and HTTP_CALLS.search(self.text, a, b):
            for client in [f for f in self.found if f.kind == "client"][:3]:  # "Orders go to order-api over REST":
                self.link(client, mentions[0][1], "http", " ".join(self.text[a:b].split())[:160])  # from the clients
        if len({id(f) for _, f in mentions}) < 2:
            return
        front_door = any(f.kind in FRONT for _, f in mentions)
        carried = (transport(self.text, a, b, self.transports) if front_door else None) or \
            ("mqtt" if _MQTT_WORD.search(self.text, a, b) else "http" if _OVER_HTTP.search(self.text, a, b) else self.way_in)
        # only the way in carries one; a broker is spoken to in MQTT; "sends an XML message over HTTPS to alarm-gateway"
        quote = " ".join(self.text[a:b].split())
        quote = quote if len(quote) <= 160 else None
        for (ls, lf), (rs, rf) in zip(mentions, mentions[1:]):  # "browser → ingress-nginx → rates-api": in that order
            if lf is not rf and _ARROW_GAP.fullmatch(self.text, ends.get(ls, ls), rs):
                spoken = protocol(lf, rf, carried)
                self.link(lf, rf, "http" if spoken == "internal" and HTTP_CALLS.search(self.text, a, b) else spoken, quote)
        front: dict[int, tuple[int, Found]] = {}
        for s, f in mentions:
            if f.kind in FRONT:
                front.setdefault(id(f), (s, f))
        chain = sorted(front.values(), key=lambda m: (TIER[m[1].kind], m[0]))
        for left, right in zip(chain, chain[1:]):
            if TIER[left[1].kind] < TIER[right[1].kind]:
                self.pair(left, right, carried, quote)
        if chain and chain[-1][1].kind in HOPS and _IN_FRONT.search(self.text, a, b):
            for m in mentions:  # "HAProxy in front of returns-api", "nginx passes it to lemmy-ui": no gateway here
                if m[1].kind == "service" and m[0] > a:
                    self.pair(chain[-1], m, carried if carried in ("http", "long_polling") else "http", quote)
        first = mentions[0]
        if first[1].kind == "external" and _OUTSIDE_ACTS.match(self.text, ends.get(first[0], first[0])):
            target = next((m for m in mentions[1:] if m[1].kind in (*HOPS, "gateway", "service")), None)
            if target is not None:  # "Twilio then opens a WebSocket to media-gateway": the outside service connects
                self.link(first[1], target[1], carried if target[1].kind != "service" and carried else "http", quote)
        doers = [m for m in mentions if m[1].kind in DOERS]
        for i, (s, f) in enumerate(mentions):
            if f.kind == "client":
                if self.text.startswith(("'s", "’s"), ends.get(s, s)):
                    continue  # "the player's session token": the client is not acting here
                after = next((m for m in mentions[i + 1:] if m[1].kind not in ("client", "monitoring")), None)
                if after is not None and (after[1].kind in ("service", "auth", "external") or after[1].kind == "pubsub"
                                          and (carried == "mqtt" or _PUBLISHES.search(self.text, a, b))):
                    if after[1].kind == "pubsub" and _OVER_WEBSOCKET.search(self.text, a, b):
                        self.link(f, after[1], "websocket", quote)  # "the web app talks MQTT over WebSockets to HiveMQ"
                        continue
                    self.pair((s, f), after, carried, quote)  # "the client calls the Webapp API"
                elif after is None and _SERVES.search(self.text, a, s):
                    before = next((m for m in reversed(mentions[:i]) if m[1].kind in ("service", "auth")), None)
                    if before is not None:  # "lesson-api hands each browser TURN credentials"
                        self.pair(before, (s, f), carried, quote)
                continue
            if f.kind in HOPS:
                continue
            if f.kind in DOERS:  # a service's partner: the part that acted just before it
                listed = f.attrs.get("_listed")  # "four services: catalogue, basket, …" are not each other's partners
                partner = next((m for m in reversed(mentions[:i]) if m[1].kind in DOERS and m[1] is not f and
                                not (listed and m[1].attrs.get("_listed") == listed)), None)
                if partner is not None and not (f.kind == "gateway" and partner[1].kind == "gateway"):
                    self.pair(partner, (s, f), carried, quote)
                continue
            actors = [m for m in doers if m[1] is not f]  # a store, broker or registry: everyone who uses it
            for actor in {id(m[1]): m for m in actors}.values():
                self.pair(actor, (s, f), carried, quote)
            if not actors:
                partner = next((m for m in reversed(mentions[:i]) if m[1] is not f and m[1].kind != "client"), None)
                if partner is not None:
                    self.pair(partner, (s, f), carried, quote)

    def fallback(self) -> None:
        by_tier = sorted(self.found, key=lambda f: (TIER[f.kind], f.start))
        hops = [f for f in by_tier if f.kind in HOPS]
        gateways = [f for f in by_tier if f.kind == "gateway"]
        front = gateways[0] if gateways else None
        chain = [*hops, *([front] if front else [])]
        # The way in carries the transport named most; with none named, a gateway speaks WebSocket.
        way_in = self.way_in or ("websocket" if front is not None else None)
        reaches_front = {l.source for l in self.links if self._kind(l.target) in (*HOPS, "gateway")}
        devices = {l.source for l in self.links if self._kind(l.target) in ("pubsub", "queue")}  # MQTT to the broker
        brokers = sorted((f for f in by_tier if ("mqtt" in self.transports or speaks_mqtt(f.entry)) and
                          (f.kind == "pubsub" or f.kind == "gateway" and f.entry is not None and "pubsub" in f.entry.kinds)),
                         key=lambda f: f.kind != "pubsub")  # the broker; a managed one that also holds sockets after it
        for device in (f for f in by_tier if f.kind == "client" and f.attrs.get("_publishes") and f.id not in devices):
            if brokers:  # "~9,000 scooters, LTE modem each. MQTT 3.1.1 over TLS to EMQX"
                self.link(device, brokers[0], "mqtt", None, "devices publish over MQTT to the broker the text names")
                devices.add(device.id)
        linked = {end for l in self.links for end in (l.source, l.target)}
        for client in (f for f in by_tier if f.kind == "client" and f.id not in devices):
            if not chain and brokers and client.id not in linked:  # "browsers load the Paho client and connect to the Web MQTT endpoint"
                own = transport(self.text, *clause_of(self.text, *client.spans[0]), self.transports)
                self.link(client, brokers[0], "websocket" if own == "websocket" else "mqtt", None,
                          "no gateway: the clients speak to the broker the text names")
            if chain and client.id not in reaches_front:  # an HTTP call elsewhere is not its way in
                own = transport(self.text, *clause_of(self.text, *client.spans[0]), self.transports)
                self.link(client, chain[0], protocol(client, chain[0], own if own in STREAMING else way_in), None,
                          "follows the tiers (client → edge → gateway)")  # "- Gate displays: SSE stream /board"
        reached = {l.target for l in self.links if self._kind(l.source) in ("client", *HOPS)}
        for gateway in gateways if len(gateways) > 1 else ():  # a second gateway (a collaboration server beside the
            if gateway.id not in reached:  # signalling one) holds client connections too, though no clause says whose
                for client in (f for f in by_tier if f.kind == "client"):
                    self.link(client, gateway, protocol(client, gateway, way_in), None, "clients connect to every gateway")
        inward = {l.source for l in self.links if TIER[self._kind(l.target)] > TIER[self._kind(l.source)]}
        for here, there in zip(chain, chain[1:]):
            if here.id not in inward:
                self.link(here, there, protocol(here, there, way_in), None, "follows the tiers (edge → gateway)")
        in_front: dict[str, Found] = {}
        for link in self.links:
            if self._by_id[link.source].kind in HOPS:
                in_front.setdefault(link.target, self._by_id[link.source])
        for link in list(self.links):  # a client that reaches the gateway goes through the hop in front of it
            source, target = self._by_id[link.source], self._by_id[link.target]
            if source.kind in ("client", "external") and target.kind == "gateway":
                hop, seen = in_front.get(target.id), {target.id}
                while hop is not None and hop.id in in_front and hop.id not in seen:  # the outermost hop
                    seen.add(hop.id)
                    hop = in_front[hop.id]
                if hop is not None:
                    self.link(source, hop, link.protocol or "http", None, "the client reaches the gateway through it")
                    if link.protocol in STREAMING:  # not past the hops as well: drawn and linted, that is a bypass
                        self.links.remove(link)
                        self.pairs.discard(frozenset((source.id, target.id)))
        if len(hops) == 1 and any(l.source == hops[0].id and self._kind(l.target) == "gateway" for l in self.links):
            hop = hops[0]  # one way in, in front of the gateway: an API call from a client passes it too
            for link in [l for l in self.links if self._kind(l.source) == "client" and self._kind(l.target) == "service"
                         and l.protocol == "http" and self._by_id[l.target].key.startswith("=")]:
                if frozenset((hop.id, link.target)) not in self.pairs and any(
                        l.source == link.source and l.target == hop.id for l in self.links):
                    self.link(hop, self._by_id[link.target], "http", None, "the client's requests take the same way in")
        self.topics(by_tier)
        topic_routes(self.text, clauses(self.text), self.index, lambda f: self._by_id.get(f.id) is f, self.link)
        if "webrtc" in self.transports:
            self.media(by_tier)
        if HTTP_CALLS.search(self.text):  # REST calls beside the socket take the same way in
            calls_elsewhere = {l.source for l in self.links if l.protocol == "http" and self._kind(l.target) == "service"}
            for link in [l for l in self.links if l.protocol in STREAMING]:
                source, target = self._by_id[link.source], self._by_id[link.target]
                if source.kind in ("client", *HOPS) and target.kind in HOPS or source.kind in HOPS and target.kind == "gateway" \
                        or source.kind == "client" and target.kind == "gateway" and source.id not in calls_elsewhere:
                    self.extra(source, target, "http", "the text also names HTTP requests: through the same hops")
        self.logins(by_tier)
        for relay in (f for f in by_tier if f.kind in ("turn", "stun")):
            for client in (f for f in by_tier if f.kind == "client"):  # WebRTC peers use STUN and TURN
                self.link(client, relay, protocol(client, relay, None), None, "clients use it for WebRTC")
        if front:
            for target in by_tier:
                if target.kind in ("auth", "registry", "pubsub", "presence", "datastore", "queue", "service") and \
                        target.id not in self.linked:
                    self.link(front, target, protocol(front, target, None), None,
                              "no clause names its caller: wired from the gateway")
        elif len(servers := [f for f in by_tier if f.kind == "service"]) == 1:  # "Bookings and trips are in MySQL"
            for target in (f for f in by_tier if f.kind in ("registry", "pubsub", "datastore", "queue", "external")):
                if target.id not in self.linked:
                    self.link(servers[0], target, protocol(servers[0], target, None), None,
                              "no clause names its caller: wired from the one server")
        for alone in (f for f in by_tier if f.kind in ("external", "datastore", "pubsub", "queue", "registry")
                      and f.id not in self.linked):
            s = min(alone.spans)[0]  # a part no clause links: used by the server named nearest before it
            caller = self.subject_before(s) or front
            if caller is not None and caller is not alone:
                self.link(caller, alone, "http" if alone.kind == "external" else protocol(caller, alone, None), None,
                          "no clause names who uses it: the server named before it")
        reached = [l.target for l in self.links if self._kind(l.source) == "client"]
        for client in (f for f in by_tier if f.kind == "client" and f.id not in self.linked):
            if reached:  # a client no clause links: it comes in the way the other clients do
                way = self._by_id[max(set(reached), key=reached.count)]
                self.link(client, way, protocol(client, way, self.way_in), None, "it comes in the way the other clients do")

    def line_subject(self, a: int) -> tuple[int, Found] | None:
        """The server a line (a bullet, a terse note) opens with, when ``a`` is in a later clause of it."""
        start = self.text.rfind("\n", 0, a) + 1
        opening = _LINE_OPENING.match(self.text, start)
        end = self.text.find("\n", a)
        if opening.end() >= a or not opening.group().strip() and (end if end >= 0 else len(self.text)) - start > 240:
            return None  # a paragraph is not a note: its later sentences have subjects of their own
        named = [(s, f) for s, _, f in self.index.starting_in(opening.end(), opening.end() + 1)
                 if f.kind in DOERS and self._by_id.get(f.id) is f]
        return named[0] if named else None

    def subject_before(self, a: int) -> Found | None:
        """The gateway or service named last in the 300 characters before ``a``."""
        return self.index.last_before(max(0, a - 300), a, lambda f: f.kind in DOERS and self._by_id.get(f.id) is f)

    def stores_without_doer(self, a: int, b: int, mentions: list[tuple[int, Found]]) -> bool:
        """A clause naming stores but no part that acts on them. "All components keep their tables
        in Postgres" links every service and gateway to the store (and says all the clause says);
        "a returning subscriber gets the price from Hazelcast" links the gateway, which reads it
        for the client."""
        low = lowered(self.text)  # the lower-cased pattern on lower-cased text: twice as fast as IGNORECASE
        if (lower_version(_EVERY_PART).search(low, a, b) if low is not None else _EVERY_PART.search(self.text, a, b)):
            quote = " ".join(self.text[a:b].split())[:160]
            for store in {id(f): f for _, f in mentions if f.kind in ("datastore", "pubsub", "registry", "queue")}.values():
                for doer in (f for f in self.found if f.kind in DOERS):
                    self.link(doer, store, protocol(doer, store, None), quote)
            return True
        gateway = next((f for f in self.found if f.kind == "gateway"), None) if any(f.kind == "client" for _, f in mentions) \
            else None
        if gateway is not None:
            for store in {id(f): f for _, f in mentions if f.kind in ("datastore", "registry")}.values():
                self.link(gateway, store, protocol(gateway, store, None), None, "a client reads it: through the gateway")
        return False

    def extra(self, source: Found, target: Found, proto: str, guessed: str) -> None:
        """A second link between two parts that are already linked, for another protocol."""
        if any({l.source, l.target} == {source.id, target.id} and l.protocol == proto for l in self.links):
            return
        self.pairs.discard(frozenset((source.id, target.id)))
        self.link(source, target, proto, None, guessed)

    def _kind(self, cid: str) -> str:
        return self._by_id[cid].kind

    def run(self, clause_spans: Callable[[str], list[tuple[int, int]]] = clauses) -> list[ExtractedLink]:
        self._by_id = {f.id: f for f in self.found}
        brokers = [f for f in self.found if f.kind == "pubsub"]
        self.broker = brokers[0] if len(brokers) == 1 and "subscri" in (lowered(self.text) or self.text.lower()) else None
        for a, b in clause_spans(self.text):
            self.clause(a, b)
        self.fallback()
        return self.links
