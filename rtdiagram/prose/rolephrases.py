"""The role-phrase pass of :class:`~rtdiagram.prose.parts.Parts`: parts named by a head noun and
the words before it ("the fan-out tier", "Envoy proxies", "a message processor"), or a later mention
of a part already found ("the broker nodes", "any REST Proxy instance")."""

from __future__ import annotations

import bisect
import re

from rtdiagram.knowledge.technologies import canonical
from rtdiagram.prose.catalogue import WEAK_HEADS, I
from rtdiagram.prose.nameforms import (_ACTING_AS, GENERIC_WORDS, NOT_OWN_PART, NOT_PARTS, QUEUE_NAME,
                                       STREAMING_WORD, TABLE_NAME, THEIR_SIDE, VERB_BASES, VERB_HEADS, used_as_verb)
from rtdiagram.prose.modifiers import modifiers, strong
from rtdiagram.prose.phrases import (_HEAD_FORMS, _HEAD_LOWER, _HEAD_RE, Found, Product, clause, head_kind, heads, lowered,
                                     negated, rejected_after, singular)
from rtdiagram.prose.roles import ACTS, PART_OF, PART_OF_NEXT, SURFACE_MODS, SURFACES

PART_CAP = 2000  # parts found before role phrases stop adding more (the model keeps the 80 named most)
_COLLECTIVE = ("tier", "layer", "tiers", "layers")  # "the API Gateway layer" is the API gateway
_BYGONE = {"previous", "former", "legacy", "retired", "deprecated", "decommissioned", "earlier", "original", "old-style"}
_OR_BEFORE = re.compile(r"\bor\s+$")
_VENDOR_GATEWAYS = {"sms", "payment", "payments", "email", "e-mail", "mail", "fax", "voice", "telephony", "pager"}
_NEGATED_NAME = re.compile(r"[\w.-]+,\s*(?:the|an?|our)\s+$")
_WITHIN = re.compile(r"\b(?:inside|within) (?:that|the|each|every|its|a|one) (?:\w+ )?(?:server|node|process|instance|worker|pod)\b", I)
_INSIDE = {"in-process", "inprocess", "built-in", "builtin", "in-app"}
_AS_BEFORE = re.compile(r"\bas (?:(?:the|an?|its|our|their)\s+)?$|\w \((?:(?:the|an?|its|our|their)\s+)?$")  # "Redis (session store)"


class RolePhrases:
    """The role-phrase pass, mixed into :class:`~rtdiagram.prose.parts.Parts`."""

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
            if kind == "gateway" and head == "gateway" and any(w.lower() in _VENDOR_GATEWAYS for w in words):
                kind = "external"  # "the SMS gateway's REST API", "a payment gateway": a provider's, not our socket tier
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
