"""Assembling components from mentions: names first, then role-head phrases, products, clients;
later mentions of the same part (a plural, the bare name, "the registry") join it."""

from __future__ import annotations

import bisect
import itertools
import re

from rtdiagram.knowledge.technologies import canonical
from rtdiagram.prose.catalogue import TRANSPORT_LOWER, TRANSPORT_RES, WEAK_HEADS, I
from rtdiagram.prose.clients import Clients
from rtdiagram.prose.devices import Devices
from rtdiagram.prose.finishing import Finishing
from rtdiagram.prose.nameforms import (_ACTING_AS, GENERIC_WORDS, NOT_OWN_PART, NOT_PARTS, QUEUE_NAME,
                                       STREAMING_WORD, TABLE_NAME, THEIR_SIDE, VERB_BASES, VERB_HEADS, used_as_verb)
from rtdiagram.prose.naming import Naming
from rtdiagram.prose.phrases import (_HEAD_FORMS, _HEAD_LOWER, _HEAD_RE, REALTIME, Found, Product, SpanIndex, Spans, clause,
                                     head_kind, heads, lowered, modifiers, negated, products, rejected_after, singular, slug,
                                     strong)
from rtdiagram.prose.references import References
from rtdiagram.prose.roles import (ACTS, ON_DEVICE, PART_OF, PART_OF_NEXT, SURFACE_MODS, SURFACES,
                                   product_stem)

PART_CAP = 2000  # parts found before role phrases stop adding more (the model keeps the 80 named most)
_COLLECTIVE = ("tier", "layer", "tiers", "layers")  # "the API Gateway layer" is the API gateway
_BYGONE = {"previous", "former", "legacy", "retired", "deprecated", "decommissioned", "earlier", "original", "old-style"}
_OR_BEFORE = re.compile(r"\bor\s+$")
_NEGATED_NAME = re.compile(r"[\w.-]+,\s*(?:the|an?|our)\s+$")
_WITHIN = re.compile(r"\b(?:inside|within) (?:that|the|each|every|its|a|one) (?:\w+ )?(?:server|node|process|instance|worker|pod)\b", I)
_INSIDE = {"in-process", "inprocess", "built-in", "builtin", "in-app"}
_AS_BEFORE = re.compile(r"\bas (?:(?:the|an?|its|our|their)\s+)?$|\w \((?:(?:the|an?|its|our|their)\s+)?$")  # "Redis (session store)"


class Parts(Naming, Clients, References, Finishing, Devices):
    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Found] = []
        self.claimed: list[tuple[int, int]] = []
        self.dead: list[tuple[int, int]] = []
        self.surfaces: list[tuple[Product, tuple[int, int]]] = []  # a managed service's API or SDK, named  # text about parts that are gone: no part comes from it
        self.index = SpanIndex()                      # mention spans by position
        self.by_key: dict[str, list[Found]] = {}      # part key → parts
        self.ids: set[str] = set()
        self.kind_changes = 0
        self._realtime: dict[tuple[int, int], bool] = {}
        self.roles: dict[int, tuple[str, tuple[int, int]]] = {}  # product start → (role kind, phrase span)
        self.bare_gateway: list[tuple[int, int]] = []  # "the gateway" while none is known
        self.hosts: list[tuple[str, tuple[int, int], bool]] = []  # "N instances": whose, decided after the products
        self._kinds: dict[str, list[tuple[int, int, Found]]] = {}
        self._kinds_state = -1
        self.headings = bytearray(len(text) + 1)  # "# Title" lines and a first line that is a title
        for line in re.finditer(r"^#+ .*$|\A(?![^\n]*\. |\s*[-*•] )[^\n]{3,120}(?<![.!?,;])(?=\n)|\A(?![^\n]*\. |\s*[-*•] )[^\n]{3,140}(?<![.!?,;:])(?=\n\s*\n)",
                               text, re.MULTILINE):
            self.headings[line.start():line.end()] = b"\x01" * (line.end() - line.start())
        mentions: dict[str, list[int]] = {}  # transport → where it is named (not negated)
        refused: set[str] = set()  # "no WebSockets, no SSE": named somewhere as not used
        low = lowered(text)  # matching lower-cased text is much faster than IGNORECASE; offsets are the same
        for name, pattern in (TRANSPORT_LOWER if low is not None else TRANSPORT_RES):
            for m in itertools.islice(pattern.finditer(low if low is not None else text), 200):  # enough to rank them
                if not negated(text, m.start()) and not rejected_after(text, m.end()):
                    mentions.setdefault(name, []).append(m.start())
                else:
                    refused.add(name)
        # The transport named most often comes first (on a tie, the one named first); one the text
        # also refuses somewhere ranks after those it never does.
        self.transports = sorted(mentions, key=lambda t: (t in refused, -len(mentions[t]), mentions[t][0]))

    # -- bookkeeping --------------------------------------------------------------------------
    def add(self, kind: str, name: str, key: str, tech: str | None, span: tuple[int, int], entry=None,
            ident: str | None = None) -> Found:
        for f in self.by_key.get(key, ()):
            if (f.kind == kind or kind in ("service", "gateway") and f.kind in ("service", "gateway")):
                f.spans.append(span)
                if kind == "gateway" and f.kind != "gateway":
                    f.kind = "gateway"
                    self.kind_changes += 1
                if tech and not f.technology:
                    f.technology = tech
                return f
        if ident:
            ident = slug(ident)
        elif key.startswith("="):
            ident = slug(name)
        elif key.startswith("client:"):
            ident = slug(key[7:]) if key[7:] else "client"
        elif ":" in key:
            ident = slug(key.split(":")[0])
        else:
            ident = slug(key)
        base, n = ident, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        found = Found(ident, kind, name, tech, span[0], key, entry=entry, order=len(self.found))
        found.spans = Spans(found, self.index, [span])
        self.found.append(found)
        self.by_key.setdefault(key, []).append(found)
        if self._kinds_state == self.kind_changes:
            bisect.insort(self._kinds.setdefault(kind, []), (found.start, found.order, found), key=lambda t: (t[0], t[1]))
        self.ids.add(ident)
        return found

    def covering(self, start: int, end: int) -> Found | None:
        return self.index.covering(start, end)

    def merge(self, gone: Found, into: Found) -> None:
        """One part found twice: its mentions move to the other, and it leaves the list."""
        gone.alias = into
        for span in list(gone.spans):
            into.spans.append(span)
        self.found.remove(gone)
        for i, f in enumerate(self.found):
            f.order = i
        self.kind_changes += 1

    def on_device(self, start: int, end: int) -> bool:
        """Whether the phrase around start..end puts it on the client ("in the app", "local cache")."""
        a, b = clause(self.text, start, end)
        left = max(a, start - 40, self.text.rfind(",", a, start) + 1)  # the same phrase, not the whole clause
        right = min(b, end + 40, *(i for i in (self.text.find(",", end, b),) if i >= 0))
        return bool(ON_DEVICE.search(self.text, left, right))

    def is_dead(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.dead)

    def prods_in(self, a: int, b: int) -> list[Product]:
        """Products that start between a and b (a binary search, not a scan)."""
        return self.prods[bisect.bisect_left(self.prod_starts, a):bisect.bisect_left(self.prod_starts, b)]

    def mentioned(self, a: int, b: int, kinds: tuple[str, ...], untyped: bool = False) -> list[Found]:
        """Parts of these kinds mentioned between a and b, in the order they were found."""
        hits = {f.order: f for _, _, f in self.index.starting_in(a, b)
                if f.kind in kinds and not (untyped and f.technology)}
        return [hits[k] for k in sorted(hits)]

    def realtime(self, start: int, end: int, words: str = "") -> bool:
        a, b = clause(self.text, start, end)
        if words and REALTIME.search(words):
            return True
        if (a, b) not in self._realtime:
            self._realtime[(a, b)] = bool(REALTIME.search(self.text, a, b))
        return self._realtime[(a, b)]

    # -- passes -------------------------------------------------------------------------------
    def run(self) -> list[Found]:
        text = self.text
        prods = products(text)
        self.prods, self.prod_starts = prods, [p.start for p in prods]
        self.names(prods)
        self.tokens()
        self.phrases(prods)
        self.standalone(prods)
        for product, span in self.surfaces:  # after the products became parts: join the one it names
            service = next((f for f in self.found if f.technology == product.tech), None) or self.add(
                product.kind, self.text[product.start:product.end], product.tech + ":" + product.kind, product.tech,
                (product.start, product.end), product.entry)
            service.spans.append(span)
        for kind, span, create in self.hosts:
            self.refer(kind, span, hosts_known=True, create=create)
        self.clients(prods)
        self.publishers()
        self.machines()
        self.extras(prods)
        self.frameworks(prods)
        self.one_part_named_twice()
        self.labelled_agents()
        self.definites()
        self.purposes()
        self.brokers_by_use()
        self.issuers()
        self.streamed_from()
        self.promote()
        return self.found

    def phrases(self, prods: list[Product]) -> None:
        text = self.text
        starts = [p.start for p in prods]
        heading = self.headings
        claimed = bytearray(len(text) + 1)
        for a, b in self.claimed:
            claimed[a:b] = b"\x01" * (b - a)
        names: dict[str, list[Found]] = {}  # a name's singular → the parts it names
        for key, parts in self.by_key.items():
            if key.startswith("="):
                names.setdefault(singular(key[1:]), []).extend(parts)
        low = lowered(text)
        previous_end = -2
        for hs, he, written in heads(text):
            after_head, previous_end = previous_end == hs - 1, he
            if claimed[hs] or len(self.found) >= PART_CAP or after_head and written.lower() in _COLLECTIVE:
                continue  # "the API Gateway layer" is the API gateway
            nxt = (_HEAD_LOWER.match(low, he + 1) if low is not None else _HEAD_RE.match(text, he + 1)) \
                if text[he:he + 1] == " " else None
            if nxt and head_kind(nxt["head"])[1] != "client" and nxt["head"].lower() not in _COLLECTIVE \
                    or written.lower() == "vendor" and re.match(r" [\w.-]+ (?:[\w.-]+ )?(?:server|service|api|feed|gateway|system)s?\b", text[he:he + 40], I):
                continue  # "collector service", "server cluster", "the vendor RTLS server": the last noun is the head
            owner = self.covering(hs, he)
            if owner and not owner.key.startswith("="):
                continue
            if any(p.start <= hs < p.end and p.standalone for p in self.prods_in(hs - 80, hs + 1)):
                continue  # the head word is part of a product name ("Redis Pub/Sub")
            head, kind = head_kind(written)
            if re.search(r"\b(?:off|on) the\s+$", text[max(0, hs - 8):hs]) and written.lower() == "table":
                continue  # "off the table"
            if written.lower() in VERB_HEADS and self.prods_in(hs - 40, hs) and \
                    self.prods_in(hs - 40, hs)[-1].end >= hs - 1 - (text[hs - 2:hs - 1] == "'"):
                continue  # "Fastly caches every URL": a product doing something, not a cache
            if written.lower() in VERB_HEADS | VERB_BASES and used_as_verb(text, hs, he):
                continue  # "while offline they queue up", "and queues the operations"
            if text.count("`", text.rfind("\n", 0, hs) + 1, hs) % 2 or text[hs - 1:hs] in ("/", "."):
                continue  # "HAProxy's `timeout server`", "wss://host/ws/api/v2": a setting or a path, not a part
            start, words = modifiers(text, hs)
            if NOT_OWN_PART.match(text, he) or _ACTING_AS.search(text, max(0, start - 20), start) or head in SURFACES and re.search(r"\b(?:its|their)\s+$", text[start - 7:start]):
                continue  # "by direct function call", "polls its event API": not a part of its own
            if kind == "proxy" and any(w.lower().strip("'’s") in THEIR_SIDE for w in
                                       [*words, *re.findall(r"[\w'’-]+", text[max(0, hs - 40):hs])[-3:]]):
                continue  # "buyers behind co-op proxies": the users' network, not a part of the system
            if negated(text, start) or any(w.lower() in _BYGONE for w in words) or rejected_after(text, he) or \
                    words[:1] and words[0].lower() in ("least", "most"):  # "the least busy process": one of many
                continue  # "the previous WebSocket server", "the old pub/sub is retired": gone
            if not words and (re.match(r"\s*:", text[he:he + 3]) and re.fullmatch(r"\s*(?:[-*•]\s*)?\**", text[
                    text.rfind("\n", 0, hs) + 1:hs]) or head == "stun" and any(
                    p.kind == "turn" for p in self.prods_in(*clause(text, hs, he)))):
                continue  # "- STUN: Google's public STUN server" labels a line; "for STUN … the same coturn"
            inside = prods[bisect.bisect_left(starts, start):bisect.bisect_left(starts, hs)]
            keep = strong(words, inside)
            if head in ("api", "feed", "endpoint") and self.outside_or_surface(start, he, head, words, keep):
                continue  # "the bookmaker's API" is someone else's; "the HTTP API of Pusher" is how Pusher is called
            if kind == "?" and len(keep) == 1 and len(words) == 1 and words[0][:1].islower() and _HEAD_FORMS.get(keep[0], ("", "?"))[1] \
                    not in ("?", "client") and self.of_kind(_HEAD_FORMS[keep[0]][1]):
                self.refer(_HEAD_FORMS[keep[0]][1], (start, he))
                continue  # "every gateway instance", "the broker nodes": the hosts of that role's part
            if kind == "queue" and not inside and QUEUE_NAME.match(text, he) and any(
                    p.kind in ("pubsub", "queue") and p.standalone for p in prods):
                continue  # "AMQP consumer on queue temp.collect": a queue inside the broker the text names
            if head == "table" and not inside and not TABLE_NAME.match(text, he) and not any("`" in w or "_" in w for w in words):
                continue  # "a six-player table", "the table lives on one SFU"; a store's table is named or has a product
            whole = singular(" ".join([*words, written]).lower())  # "Admin Server" named before
            owner = next((" ".join(words[:i + 1]) for i, w in enumerate(words) if w.endswith(("'s", "’s"))), "")
            hits = [f for w in [*words, whole, owner] if w for f in (*self.by_key.get("=" + re.sub(r"['’]s$", "", w.lower()), ()),
                                                         *names.get(singular(w), ()))]  # "Flannel's query API"
            named = min(hits, key=lambda f: f.order) if hits else self.said_to_be(start) or self.described_after(start)
            label = self.label_of_line(start)  # "- board-feed: Node, 2 instances", "- **nacelle**: Go service"
            if label and not named and kind not in ("client", "datastore", "pubsub", "queue"):
                named = next(iter(self.by_key.get("=" + label["label"].lower().strip("*"), ())), None)
            if named:  # "Flannel's query API"; "temp-collector (Kotlin): AMQP consumer …" describes its label
                named.spans.append((start, he))
                continue
            if head_kind(head)[1] == "?" and self.hosts_of_named_part(start, he, inside):
                continue  # "ingress-nginx (2 controller pods)", "it runs on four Go pods": that part's hosts
            product = next((p for p in inside if p.standalone), None)
            tech = product.tech if product else next((p.tech for p in inside), None)
            inner = [k for w in words for h, k in [_HEAD_FORMS.get(w.lower(), ("", "?"))] if k != "?"]
            if kind == "?":
                if product and product.kind not in ("service", "gateway"):
                    kind = product.kind
                elif inner and inner[-1] != "client":
                    kind = inner[-1]  # "the pubsub cluster", "WebSocket server instances"
                else:
                    kind = "gateway" if self.realtime(start, he, " ".join(words)) and self.transports else "service"
            elif product and kind == "service" and product.kind not in ("service", "gateway", "client"):
                kind = product.kind
            elif kind == "service" and head in ("api", "endpoint") and any(STREAMING_WORD.fullmatch(w) for w in words):
                kind = "gateway"  # "the Deribit WebSocket API", "the SSE endpoint"
            if self.named_elsewhere(label, kind, tech, start, he):  # "- **nacelle**: Go service", "the SSO (Keycloak)"
                continue
            part_of, described = PART_OF.match(text, he), self.described_in_brackets(start)
            if part_of and ("=" + part_of.group(1).lower()) in self.by_key or described is not None:
                owner = described or self.by_key["=" + part_of.group(1).lower()][0]
                owner.spans.append((start, he))
                owner.technology = owner.technology or (tech if described is not None else None)
                continue  # "our event handler (a route on lesson-api)"; "our signaling server (a small Go service)"
            if _NEGATED_NAME.search(text, max(0, start - 40), start) and \
                    negated(text, _NEGATED_NAME.search(text, max(0, start - 40), start).start()):
                continue  # "started life as ejabberd, the open-source Jabber server": the same rejected thing
            if (any(w.lower() in _INSIDE for w in words) or _WITHIN.search(text, clause(text, start, he)[0], start)) and \
                    kind in ("gateway", "pubsub", "registry", "service", "presence"):
                self.inside(kind, (start, he))
                continue  # "an in-process websocket hub": part of the server that runs it
            if kind == "datastore" and self.on_device(start, he):
                continue  # "a local SQLite cache on the device": the client's own storage
            if kind == "client" and (not keep or product and product.kind != "client"):
                continue  # "Datadog dashboards" are Datadog's
            if " ".join([*(w.lower() for w in words[-1:]), head]) in NOT_PARTS:
                continue  # "a garbage collector"
            if kind == "pubsub" and any(p.entry and p.entry.category == "framework" for p in inside):
                continue  # "Phoenix PubSub": the framework's own clustering, not a broker of its own
            if kind == "datastore" and "in-memory" in (w.lower() for w in words) and head in ("table", "cache"):
                continue  # an in-memory table is state inside a process, not a part of its own
            if heading[hs] or heading[start] or _OR_BEFORE.search(text, max(0, start - 4), start) and \
                    _HEAD_RE.search(text, max(0, start - 40), start):
                self.refer(kind if kind != "?" else "service", (start, he), create=False)
                continue  # a heading, or "a load balancer or reverse proxy": one part named two ways
            if _AS_BEFORE.search(text, max(0, start - 12), start):
                before = self.prods_in(max(0, start - 60), start)
                if before and before[-1].standalone and clause(text, before[-1].start, before[-1].end)[1] >= start:
                    self.roles[before[-1].start] = (kind if kind != "?" else before[-1].kind, (start, he))
                    continue  # "Redis as the message bus": the product plays this role
            covering = [p for p in sorted(inside, key=lambda p: (not p.standalone, not (p.entry and p.entry.category == "framework")))
                        if set(keep) <= {singular(w) for w in text[p.start:p.end].lower().split()}]
            named_by = (covering or [product] if product else covering or inside or [None])[0]
            if named_by is not None and (covering or not tech):
                tech = named_by.tech  # "Node.js Express server": the product its name comes from
            if tech is None and " " in head and (known := canonical(head, kind)):
                tech = known  # "the API gateway" names a product too
            if kind == "registry" and "in-memory" in (w.lower() for w in words):
                tech = tech or "in-memory"
            product_words = {singular(w) for w in text[named_by.start:named_by.end].lower().split()} if named_by else set()
            if named_by and head in SURFACES and named_by.standalone and \
                    not [w for w in keep if w not in product_words and w not in SURFACE_MODS]:
                self.surfaces.append((named_by, (start, he)))  # "centrifugo's HTTP server API": Centrifugo itself
                continue
            if named_by and not [w for w in keep if w not in product_words]:  # id from the knowledge base
                if named_by.entry is not None and head in SURFACES and (named_by.entry.managed or named_by.standalone):
                    self.surfaces.append((named_by, (start, he)))  # "the Web PubSub REST API": the service itself
                    continue
                key = named_by.tech + ":" + kind
            elif keep:
                key = " ".join(keep)
            elif (head in ("backend", "back-end") or head == "service" and {w.lower() for w in words} & {"backend", "back-end"}) \
                    and ACTS.search(text, *clause(text, start, he)) and not any(
                    singular(f.name.split()[-1].lower()) in ("backend", "back-end") for f in self.found):
                key = "backend"  # "backend services emit events", "our backend mints a token": an actor of its own
            elif head.lower() in WEAK_HEADS or head_kind(head)[1] == "?" or written.lower() in WEAK_HEADS or \
                    head == "worker" and not keep and not inside and not written[:1].isupper():
                if kind not in ("service", "gateway", "?") or not PART_OF_NEXT.match(text, he):  # "a consumer group in
                    # the notification service" is that service's
                    self.refer(kind, (start, he))
                continue
            else:  # "WebSocket servers" and "WebSocket server instances" are one part
                key = " ".join(w for w in head.split() if w not in GENERIC_WORDS) or head
                same = [f for f in self.found if f.kind == kind and singular(f.name.split()[-1].lower()) == head]
                if not words and len(same) == 1 and kind == "service":  # "the search indexer … the indexer": one part
                    same[0].spans.append((start, he))
                    continue
            if rejected_after(text, he):
                continue  # "Firestore was proposed as an alternative; not chosen"
            name = " ".join(text[start:he].replace("*", "").split())
            ident = named_by.tech if named_by is not None and named_by.standalone and keep and kind == "external" and \
                set(keep) & product_words else None  # "the OpenAI Responses API" is openai
            self.add(kind, name[:1].upper() + name[1:], key, tech, (start, he), ident=ident)

    def of_kind(self, kind: str) -> list[tuple[int, int, Found]]:
        """The parts of one kind as (first mention, order, part), sorted. Kept up to date as parts
        are added; rebuilt only after a part changes kind (rare)."""
        if self._kinds_state != self.kind_changes:
            self._kinds = {}
            for f in self.found:
                self._kinds.setdefault(f.kind, []).append((f.start, f.order, f))
            for v in self._kinds.values():
                v.sort(key=lambda t: (t[0], t[1]))
            self._kinds_state = self.kind_changes
        return self._kinds.get(kind, [])

    def standalone(self, prods: list[Product]) -> None:
        by_stem: dict[str, list[Found]] = {}  # technology's first word → parts, in order found
        for f in self.found:
            if f.technology:
                by_stem.setdefault(product_stem(f.technology), []).append(f)
        the_system = self.the_system(prods)
        for p in sorted(prods, key=lambda p: not p.cued):  # a product's stated roles first
            if not p.standalone or self.covering(p.start, p.end) or self.is_dead(p.start) or p.tech in the_system:
                continue
            if p.kind == "datastore" and self.on_device(p.start, p.end):
                continue  # "a local SQLite cache in the app": the client's own storage, not a part of the system
            if (owner := self.copula(p)) or (owner := self.exemplified(p)):  # "The registry is Dynomite"
                owner.spans.append((p.start, p.end))
                owner.technology = owner.technology or p.tech
                if owner.kind == "service" and p.kind not in ("service", "client", "gateway"):
                    owner.kind = p.kind  # "the tracking server is a Mosquitto broker"
                by_stem.setdefault(product_stem(p.tech), []).append(owner)  # later mentions join it
                continue
            role = self.roles.get(p.start)
            if role and role[0] in p.entry.kinds if p.entry else False:
                p.kind = role[0]
            same = by_stem.get(product_stem(p.tech), [])
            if p.entry is not None and p.entry.category == "managed_realtime" and any(f.technology == p.tech for f in same):
                same = [f for f in same if f.technology == p.tech][:1]  # a managed service is one part, whatever it does
                fit = same
                if p.kind == "gateway" and fit[0].kind != "gateway":  # and it holds the connections
                    fit[0].kind = "gateway"
                    self.kind_changes += 1
            else:
                fit = []
            fit = fit or [f for f in same if f.kind == p.kind] or \
                ([f for f in same if f.technology == p.tech] or same[:1] if not p.cued else [])  # no cue: the part this product already is
            if fit:
                fit[0].spans.append((p.start, p.end))
                if role:
                    fit[0].spans.append(role[1])
                    if fit[0].kind != p.kind:
                        fit[0].kind = p.kind
                        self.kind_changes += 1
                continue
            name = self.text[p.start:p.end]
            added = self.add(p.kind, name, p.tech + ":" + p.kind, p.tech, (p.start, p.end), p.entry)
            if role:
                added.spans.append(role[1])
            if added.technology and added not in by_stem.setdefault(product_stem(added.technology), []):
                by_stem[product_stem(added.technology)].append(added)
