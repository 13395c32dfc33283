"""Reading a mention as a part found already: "the broker is NATS", "a proxy in front (NGINX in
the docs)", "coturn on two EC2 instances", "every app server runs an in-process hub", "the
servers". A bare role word names a part of its own only when nothing plays that role.

A mixin of :class:`~rtdiagram.prose.parts.Parts`; it relies on its bookkeeping and span index.
"""

from __future__ import annotations

import bisect
import re

from rtdiagram.prose.catalogue import WHERE_IT_RUNS
from rtdiagram.prose.nearby import scan_lower
from rtdiagram.prose.phrases import Found, Product, clause, singular
from rtdiagram.prose.roles import CALL_PROTOCOLS, HOSTS, SURFACE_MODS, THEIR_API

_HOSTS = HOSTS - {"server"}  # "the server" alone is usually a role, not a machine
_HOSTED = ("gateway", "service", "turn", "stun", "pubsub", "registry", "datastore", "presence", "queue", "proxy",
           "load_balancer", "ingress")
_TARGET_BEFORE = re.compile(r"\b(?:over|across|between|among|to|into|onto)\s+(?:all\s+)?(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?$")
_NO_BROKER = re.compile(r"\b(?:no|without (?:a|an|any)) (?:external |separate |dedicated )?(?:message )?(?:broker|pub/?sub|backplane)\b", re.I)
_STACKS = ("language", "runtime", "framework")
_RUNS_ON = re.compile(r"(?:\b(?:runs?|running|deployed|hosted|lives?) (?:on|as|in|across)|\b(?:fleet|set|pool|cluster|group) of"
                      r"(?: them as)?|, (?:an?|\d+|two|three|four|five|six|seven|eight|nine|ten|twelve))"
                      r" (?:\w+ ){0,2}$", re.I)  # what introduces a part's hosts: "chat-gw, three Go pods"
_SUBJECT = re.compile(r"\s*(?:[-*•]\s+)?(?:it|they|each|each one|this|we run)\b", re.I)  # the part the sentence before named
_LINE_LABEL = re.compile(r"[ \t]*(?:[-*•][ \t]+)?(?P<label>\**[\w.-]+\**)(?: \([^()\n]{0,60}\))?:\s")
_CREATABLE = ("pubsub", "datastore", "queue", "registry", "proxy", "load_balancer", "cdn", "presence", "ingress")
_RELATED = {"queue": ("pubsub",), "pubsub": ("queue",), "registry": ("datastore",), "datastore": ("registry", "presence"),
            "presence": ("registry", "datastore")}
_EXAMPLE_BEFORE = re.compile(r"(?<=[\w)])(?:\s+(?:in front|behind|at the edge|up front))?\s*(?:\(\s*(?:e\.g\.,?\s*|i\.e\.,?\s*|"
                             r"like\s+|such as\s+|we use\s+|here\s+|(?:the )?(?:docs?|documentation|guide|example)s? (?:shows?|uses?)\s+)?"
                             r"|,?\s+(?:such as|e\.g\.,?|like|i\.e\.,?|usually|typically|normally|for example|for instance)"
                             r"\s+(?:the\s+|an?\s+)?)$")  # "an MQTT broker, usually the Mosquitto add-on"


_INSIDE = re.compile(r"(?:[^.;\n]{0,90}?\b(?:runs?|running|lives?|living|mounted|embedded|hosted|sits?)\b(?:(?! to | from | via )[^.;\n]){0,50}?"
                     r"|[^.;,\n]{0,25}?)\b(?:inside|within|in-process in|embedded in) (?:the |our |each |every )?\**(?=[\w-])", re.I)
_INSIDE_CUE = re.compile(r"inside|within|in-process|embedded", re.I)  # no \b: a fast gate only
_STORE_INSIDE = re.compile(r"[^.;\n]{0,60}?\b(?:is|are)\s+(?:\w+\s+)?(?:schemas?|tables?|databases?|keyspaces?|collections?)\s+"
                           r"(?:inside|in|within|on)\s+(?:the\s+|our\s+)?(?:same\s+)?\**(?=[\w-])", re.I)

def _capitalised(words: str) -> str:
    words = " ".join(words.split())
    return words[:1].upper() + words[1:]


_IT_IS = re.compile(r"(?:It|This|That)\s+(?:is|'s|runs)\s+(?:an?\s+)?")
_IT_IS_A = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:It|This|This one|That)\s+(?:is|'s)\s+(?:an? |the |our )$")
_BRACKET_BEFORE = re.compile(r"\s*\(\s*(?:(?:an?|the|our|just an?)\s+)?$")


_CALLED_BEFORE = re.compile(r"\b(?:listens? to|subscribes? to|calls?|polls?|connects? to|talks? to|posts? to|sends? \w+ to|"
                            r"reads? from|pulls? from|fetch(?:es)? from|queries|consumes)\s+(?:the\s+|its\s+)?$", re.I)
_SERVES_API = re.compile(r"\b(?:serves?|serving|exposes?|exposing|offers?|provides?)\b[^.;\n]{0,45}$", re.I)


class References:
    def copula(self, p: Product) -> Found | None:
        """The part a product is said to be: "the registry is Dynomite", "the broker is NATS"."""
        m = re.search(r"(\S)\s+(?:is|are)\s+(?:an? |the )?$", self.text[max(0, p.start - 20):p.start])
        if not m:
            return None
        at = max(0, p.start - 20) + m.start(1)
        owner = self.covering(at, at + 1)
        return owner if owner and not owner.technology and owner.kind not in ("client", "auth") else None

    def outside_or_surface(self, start: int, end: int, head: str, words: list[str], keep: list[str]) -> bool:
        """An API or feed that is no part of this system's own: an organisation's ("the bookmaker's
        API": an outside system, added here) or a protocol surface of a part named with it ("the
        HTTP API of Pusher", "its gRPC API": a mention of that part). Whether the phrase was one."""
        text = self.text
        if len(words) == 1 and THEIR_API.fullmatch(words[0]):
            name = " ".join(text[start:end].split())
            self.add("external", name[:1].upper() + name[1:], re.sub(r"['’]s?$", "", words[0].lower()) + " " + head,
                     None, (start, end))
            return True
        if head != "feed" and keep and set(keep) <= CALL_PROTOCOLS | SURFACE_MODS and (
                re.match(r"\s+of\s+(?:the\s+)?[A-Z\w]", text[end:end + 12]) or
                re.search(r"\b(?:its|their|our|own)\s+$", text[max(0, start - 7):start])):
            self.refer("service", (start, end))
            return True
        served = _SERVES_API.search(text, max(0, start - 60), start)
        if head == "api" and keep and set(keep) <= CALL_PROTOCOLS | {"websocket", "sse", "streaming"} and served:
            a = clause(text, served.start(), served.start())[0]  # "Two tb-core nodes serve the REST API and the WebSocket API"
            subject = [f for _, _, f in self.index.starting_in(a, served.start()) if f.kind in ("service", "gateway")]
            if subject:
                subject[-1].spans.append((start, end))
                return True
        return False

    def tails(self) -> None:
        """"the Salesforce Streaming API … The Streaming API is Bayeux": a product's part named
        without its brand word, which the role-phrase pass took for a part of its own."""
        for f in [f for f in self.found if f.technology and f.alias is None and f.kind in ("external", "gateway", "service", "proxy")]:
            for g in [g for g in self.found if g is not f and g.alias is None and g.kind in ("service", "gateway", "external")
                      and not g.key.startswith("=") and not g.technology and len(g.name.split()) >= 2 and
                      re.search(rf"\b(?:{re.escape(f.name)}|{re.escape(f.name.split()[0])})\s+{re.escape(g.name)}\b", self.text, re.I)]:
                self.merge(g, f)

    def the_system(self, prods: list[Product]) -> set[str]:
        """Outside services the text is about, not ones it calls: named first in the title as its
        setting ("# Flannel (Slack, 2017)", "Live updates in GitLab"), in a possessive that opens the
        text ("Slack's real-time delivery …") or as the first word of a name that opens it ("Shopify
        BFCM Live Map")."""
        firsts: dict[str, Product] = {}
        for p in prods:
            firsts.setdefault(p.tech, p)
        text = self.text
        called = {p.tech for p in prods if not self.headings[p.start] and
                  _CALLED_BEFORE.search(text, max(0, p.start - 30), p.start)}  # "order-sync listens to the Salesforce …"
        return {tech for tech, p in firsts.items() if p.entry is not None and p.entry.category == "external_service" and (
            self.headings[p.start] and re.search(r"(?:\(|\b(?:in|at|of|from) )$", text[max(0, p.start - 4):p.start]) or
            p.start == 0 and re.match(r"['’]s\b| [A-Z]", text[p.end:p.end + 2])) and tech not in called}

    def described_after(self, start: int) -> Found | None:
        """A verbless sentence that opens with the stack describes the part the sentence before was
        about: "booking-api pushes it. ASP.NET Core with a SignalR hub at /hubs/classes, 2 instances"."""
        text = self.text
        begin = max(text.rfind(". ", max(0, start - 120), start) + 2, text.rfind("\n", max(0, start - 120), start) + 1)
        pointed = _IT_IS.match(text, begin)  # "… to oee-board. This is Python with FastAPI, two copies behind nginx"
        stack = self.prods_in(begin, begin + 40)
        if begin <= 1 or not stack or stack[0].start > (pointed.end() if pointed else begin) + 1 or stack[0].entry is None or \
                stack[0].entry.category not in ("framework", "runtime", "language"):
            return None
        if pointed:
            return self.named_before(begin)
        before = text.rfind("\n", max(0, begin - 300), begin - 2) + 1
        label = re.match(r"[ \t]*(?:\*\*)?[\w.-]+(?:\*\*)?:\s+", text[before:begin])  # "tom: booking-api pushes it."
        subject = self.covering(before + (label.end() if label else 0), before + (label.end() if label else 0) + 1)
        return subject if subject is not None and subject.key.startswith("=") and subject.kind in ("service", "gateway") \
            else None

    def said_to_be(self, start: int) -> Found | None:
        """The named part a role phrase defines: "quayside is the socket tier", "Courier is our push service"."""
        which = re.search(r"(\S)\s*,\s+(?:which|that) (?:is|are)\s+(?:an? |the |our )$", self.text[max(0, start - 40):start])
        if which:  # "the score gateway, which is a Go service running on six EC2 instances"
            at = max(0, start - 40) + which.start(1)
            owner = self.covering(at, at + 1)
            return owner if owner is not None and owner.kind in ("gateway", "service") else None
        if pointed := _IT_IS_A.search(self.text, max(0, start - 40), start):
            return self.named_before(pointed.start())  # "… to oee-board. It is a Go service, two copies"
        m = re.search(r"(\S)\s+(?:is|are)\s+(?:an? |the |our )$", self.text[max(0, start - 40):start])
        if not m:
            if not re.search(r"\b(?:(?:which|what)\b[^.;,]{0,25}\bcalls?|calls? (?:it|them)|called|dubbed)\s+(?:an? |the |our )?$",
                             self.text[max(0, start - 50):start]):
                return None  # "Redis, which the author calls the critical middle layer": Redis
            a, _ = clause(self.text, start, start)
            before = [(s, f) for s, _, f in self.index.starting_in(a, start) if f.kind != "client"]
            return max(before, key=lambda t: t[0])[1] if before else None
        at = max(0, start - 40) + m.start(1)
        owner = self.covering(at, at + 1)  # "quayside is the socket tier", "the edge API is a Go service"
        return owner if owner is not None and owner.kind != "client" and (
            owner.key.startswith("=") or owner.kind in ("gateway", "service")) else None

    def pointed_at(self, a: int) -> Found | None:
        """The part a clause opening with "It is" or "This is" describes: the one named just before."""
        start = a + len(self.text[a:a + 12]) - len(self.text[a:a + 12].lstrip())
        return self.named_before(start) if _IT_IS.match(self.text, start) else None

    def named_before(self, position: int) -> Found | None:
        """The named server the sentence before ``position`` mentioned last: what "it" or "this" is."""
        return self.index.last_before(max(0, position - 300), position,
                                      lambda f: f.kind in ("service", "gateway") and f.key.startswith("="))

    def exemplified(self, p: Product) -> Found | None:
        """The role part a product is given as the example of: "a proxy in front (NGINX in the
        docs)", "a message broker such as RabbitMQ", "an object store, e.g. S3"."""
        before = self.text[max(0, p.start - 60):p.start]
        if "(" not in before and "such as" not in before and "e.g" not in before and "like" not in before and \
                "i.e" not in before and "ally" not in before and "for " not in before:
            return None  # the common case, decided without the regex
        m = _EXAMPLE_BEFORE.search(self.text, max(0, p.start - 60), p.start)
        if not m:
            return None
        a, _ = clause(self.text, m.start(), m.start())
        for _, _, owner in sorted(self.index.starting_in(max(a, m.start() - 80), m.start()), key=lambda h: -h[0]):
            if owner.technology or owner.kind in ("client", "auth") or owner.alias is not None:
                continue
            hops = ("proxy", "load_balancer", "ingress", "cdn")
            if p.entry is None or owner.kind in p.entry.kinds or p.kind == owner.kind or \
                    owner.kind in hops and p.kind in hops:
                return owner  # the nearest part before it that the product can be
        return None

    def runs_inside(self) -> None:
        """"our own PeerServer, mounted with ExpressPeerServer under /peerjs inside call-desk": a
        server said to run inside another part is that part (a framework's name is its technology)."""
        cues = [m.start() for m in scan_lower(_INSIDE_CUE, self.text)]  # found once: few texts say it
        if not cues:
            return
        for f in [f for f in self.found if f.kind in ("service", "gateway", "datastore")]:
            pattern, kinds = (_STORE_INSIDE, ("datastore",)) if f.kind == "datastore" else (_INSIDE, ("service", "gateway"))
            for s, e in sorted(f.spans)[:5]:  # "the CVR DB … are schemas inside the same Postgres": that Postgres
                i = bisect.bisect_left(cues, e)
                if i == len(cues) or cues[i] > e + 160:
                    continue
                into = next((g for m in (pattern.match(self.text, e),) if m for g in self.mentioned(m.end(), m.end() + 1, kinds)
                             if g is not f and g.alias is None), None)
                if into is not None and f.alias is None:
                    if f.kind == "gateway" and into.kind != "gateway":
                        into.kind = "gateway"
                    self.merge(f, into)
                    if f.entry is not None and f.entry.category in ("framework", "gateway_server") and not into.technology:
                        into.technology = f.technology
                    break

    def inside(self, kind: str, span: tuple[int, int]) -> None:
        """A role played inside another part ("every app server runs an in-process hub"): the
        server named before it in the clause plays it, and is the gateway when the role is one."""
        a, _ = clause(self.text, *span)
        runners = self.mentioned(a, span[0], ("service", "gateway"))
        if not runners:
            return
        runner = runners[-1]
        runner.spans.append(span)
        if kind == "gateway" and runner.kind != "gateway":
            runner.kind = "gateway"
            self.kind_changes += 1

    def refer(self, kind: str, span: tuple[int, int], hosts_known: bool = False, create: bool = True) -> None:
        """'the servers', 'the registry': a later mention of a part already found. Until the
        products are parts (``hosts_known``), hosts and role words with no part yet wait."""
        head = singular(self.text[span[0]:span[1]].split()[-1].lower()) if span[1] > span[0] else ""
        if not hosts_known and (head in _HOSTS or kind in (*_CREATABLE, "gateway") and not self.of_kind(kind)):
            self.hosts.append((kind, span, create))  # "on two EC2 instances", "the broker": read once products are parts
            return
        labelled = self._labelled(span) if head in _HOSTS or head in ("process", "server", "service") else None
        if labelled is None and not hosts_known and head in ("process", "server", "service") and self._label_of(span):
            self.hosts.append((kind, span, create))  # "Reverb: single process …": the label may be a product found later
            return
        if labelled is not None:
            owner = labelled  # "- call-relay: Rust/tokio, one process on the court-side server"
        elif head in _HOSTS:
            owner = self._hosted_by(span)
        elif hosts_known and create and kind in _CREATABLE and not self.of_kind(kind) and not self._brokerless(kind):
            owner = self._related(kind, span) or self.add(kind, _capitalised(self.text[span[0]:span[1]]), head, None, span)
        else:
            owner = None
        if owner is None and kind == "gateway" and hosts_known and not self.of_kind("gateway"):
            self.bare_gateway.append(span)  # "the gateway", before one is known: whichever is promoted, or one of its own
            return
        owner = owner or self._nearest(kind, head, span)
        if owner is not None and span not in owner.spans:
            owner.spans.append(span)

    def reidentify(self, f: Found, ident: str) -> None:
        """Give a part the id its name asks for, unless another part holds it."""
        if ident not in self.ids:
            self.ids.discard(f.id)
            f.id = ident
            self.ids.add(ident)

    def _label_of(self, span: tuple[int, int]) -> re.Match | None:
        """The "name:" that opens the line the span is on, if any."""
        line = self.text.rfind("\n", max(0, span[0] - 300), span[0]) + 1
        m = _LINE_LABEL.match(self.text, line)
        return m if m and m.end() <= span[0] else None

    def _labelled(self, span: tuple[int, int]) -> Found | None:
        """The named part a "name: …" line describes, when the span is on that line."""
        m = self._label_of(span)
        if m is None:
            return None
        owners = self.by_key.get("=" + m["label"].strip("*").lower())
        if owners:
            return owners[0]
        named = [f for _, _, f in self.index.starting_in(m.start("label"), m.end("label")) if f.alias is None]
        return named[0] if named else None  # "Reverb: single process on studio-srv-2" names Laravel Reverb

    def _brokerless(self, kind: str) -> bool:
        """"Over distributed Erlang; there is no external broker": no pub/sub part of its own."""
        if kind != "pubsub":
            return False
        if not hasattr(self, "_no_broker"):
            self._no_broker = bool(_NO_BROKER.search(self.text))  # once per text
        return self._no_broker

    def _related(self, kind: str, span: tuple[int, int]) -> Found | None:
        """"RabbitMQ: a fanout exchange with one queue per pod": the queue is RabbitMQ's."""
        a, b = clause(self.text, *span)
        related = self.mentioned(a, b, _RELATED.get(kind, ()))
        if not related and kind == "queue":  # a queue bound to the one broker the text names
            brokers = self.of_kind("pubsub")
            related = [brokers[0][2]] if len(brokers) == 1 else []
        return related[0] if related else None

    def _hosted_by(self, span: tuple[int, int]) -> Found | None:
        """The part whose hosts these are: the one the clause is about ("coturn on two EC2
        instances"), not a hop spreading traffic over them; else the only gateway."""
        a, _ = clause(self.text, *span)
        target = _TARGET_BEFORE.search(self.text, max(a, span[0] - 25), span[0])  # "spreads them over the instances"
        before = [(s, f) for s, _, f in self.index.starting_in(a, span[0]) if f.kind in _HOSTED and f.alias is None
                  and not (target and f.kind in ("proxy", "load_balancer", "ingress", "cdn"))]
        if before:
            return max(before, key=lambda t: t[0])[1]
        gateways = self.of_kind("gateway")
        return gateways[0][2] if len(gateways) == 1 else None  # "you run several instances"

    def hosts_of_named_part(self, start: int, end: int, inside: list[Product]) -> bool:
        """Servers, pods or nodes that only host a part named before them: inside its brackets
        ("ingress-nginx (2 controller pods)"), or running it with nothing but a language or
        platform to tell them apart ("it runs on four Go pods", "a fleet of them as Kubernetes
        pods", "the socket tier, a fleet of Elixir nodes"). Whether they were (and are now that
        part's mentions, with their count and stack)."""
        text = self.text
        phrase = text[start:end].replace("*", "").split()
        stem = " ".join(phrase[:-1]).lower()
        if not inside and singular(phrase[-1].lower()) in ("server", "machine", "box", "host", "vm") and \
                re.search(r"\b(?:runs? |running |lives? |sits? |one process |deployed |hosted )?on (?:the|a|an|one|our|its|their|"
                          r"the same)\s+(?:(?:single|small|cheap|dedicated|shared|little|tiny|big|virtual)\s+)?$", text[max(0, start - 40):start]):
            a, _ = clause(text, start, end)
            before = [(s, f) for s, _, f in self.index.starting_in(a, start) if f.kind not in ("client", "external")]
            if before:  # "call-relay: … one process on the court-side server": the machine it runs on
                max(before, key=lambda t: t[0])[1].spans.append((start, end))
                return True
            if any(p.standalone for p in self.prods_in(a, start)):
                return True  # "VerneMQ = 2-node cluster on the site servers" (the product is not a part yet)
        if not inside and len(stem) >= 4 and singular(phrase[-1].lower()) in _HOSTS:
            owner = next((f for f in self.found if f.kind != "client" and f.name.lower() != stem and
                          f.name.lower().endswith(" " + stem)), None)
            if owner is not None:  # "any REST Proxy instance" after "the Confluent REST Proxy"
                owner.spans.append((start, end))
                return True
        if not inside and re.search(r"\)\s*$|[\w.-]\s*\(\s*(?:\S+ ){0,1}$", text[max(0, start - 30):start]):
            owner = self.covering(max(0, text.rfind("(", 0, start) - 2), max(0, text.rfind("(", 0, start) - 1))
            if owner:
                owner.spans.append((start, end))
            return True
        if not inside or any(p.entry is None or p.entry.category not in _STACKS for p in inside) or \
                not _RUNS_ON.search(text, max(0, start - 40), start) or singular(text[start:end].split()[-1].lower()) \
                not in HOSTS | {"process"} or len(text[inside[-1].end:end].split()) != 1:
            return False
        a, _ = clause(text, start, end)
        before = [(s, f) for s, _, f in self.index.starting_in(max(0, a - 300), start) if f.kind in ("gateway", "service")
                  and f.alias is None and (s >= a or _SUBJECT.match(text, a))]
        if not before:
            return False
        owner = max(before, key=lambda t: t[0])[1]
        owner.spans.append((start, end))
        stack = next((p for p in inside if p.entry.category in _STACKS and p.tech not in WHERE_IT_RUNS), None)
        owner.technology = owner.technology or (stack.tech if stack else None)
        return True

    def _nearest(self, kind: str, head: str, span: tuple[int, int]) -> Found | None:
        """A part of that kind named with the same head ("app servers" are the "Mattermost
        server", not the "REST API" named nearer), else the one named nearest."""
        pool = [kind] if self.of_kind(kind) else ["gateway", "service"] if kind in ("gateway", "service") else []
        same_head = [f for k in pool for _, _, f in self.of_kind(k) if singular(f.name.split()[-1].lower()) == head]
        if same_head:
            return min(same_head, key=lambda f: abs(f.start - span[0]))
        best = None
        for k in pool:
            starts = self.of_kind(k)
            i = bisect.bisect_left(starts, (span[0],))
            for _, _, f in starts[max(0, i - 1):i + 1]:
                if best is None or abs(f.start - span[0]) < abs(best.start - span[0]):
                    best = f
        return best

    def described_in_brackets(self, start: int) -> Found | None:
        """"our signaling server (a small Go service)": a bracket right after a part describes it."""
        bracket = _BRACKET_BEFORE.search(self.text, max(0, start - 14), start)
        return self.covering(bracket.start() - 1, bracket.start()) if bracket and bracket.start() > 0 else None
