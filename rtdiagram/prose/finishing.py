"""The last passes over the parts found: a framework or language names the technology of the part
it is in, a part named only by its product takes its name from what is routed to it, and with no
gateway found, the server that speaks real-time transports becomes it.

A mixin of :class:`~rtdiagram.prose.parts.Parts`; it relies on its bookkeeping and span index.
"""

from __future__ import annotations

import re

from rtdiagram.knowledge.technologies import lookup
from rtdiagram.prose.catalogue import LANGUAGES, STREAMING_TRANSPORTS, TRANSPORT_RES
from rtdiagram.prose.phrases import Found, clause, singular, slug
from rtdiagram.prose.roles import HOSTS, MOBILE_PUSH
from rtdiagram.prose.stacks import Stacks

_LANGUAGE_WORDS = set(LANGUAGES)
_HOPS = ("cdn", "load_balancer", "proxy", "ingress")
_HOST_KEY = re.compile(r"=(?:[a-z0-9-]+\.)+[a-z]{2,}")  # a part named by its host name ("stream.example.com")
_HOSTED_ON = re.compile(r"\s+(?:on|in|hosted on|running on|via)\s+(?:the\s+|an?\s+|amazon\s+|aws\s+|managed\s+)?|\s*\(\s*",
                        re.I)
_HOSTED_FOR = re.compile(r"\s+(?:for|running)\s+|\s+", re.I)
_EACH_RUNNING = re.compile(r"\beach (?:one )?(?:running|runs|with|hosting)\s+[^.;]{1,60}", re.I)
_RUN_AS = re.compile(r"\b(?:run|runs|ran|start|starts|started|deploy|deploys|deployed)\s+(?:it|them)\s+(?:now\s+)?(?:as|on|with|under)\s+"
                     r"(?:\S+\s+)?$", re.I)  # "I start it as three daphne processes"
_STRAIGHT_TO_BROKER = re.compile(r"\b(?:connects?|talks?|subscribes?|goes|go)\s+(?:direct(?:ly)?|straight)\b[^.;\n]{0,40}\b(?:browser|broker|"
                                 r"NATS|MQTT|cluster)|\bno (?:server|service|gateway|backend) (?:of ours )?in (?:the )?(?:middle|between)\b",
                                 re.I)
_REDIS = {"redis", "redis_pubsub", "valkey"}
_HOST_WORDS = {"node", "server", "instance", "pod", "machine", "box", "process", "host", "vm", "container", "cluster"}
_ROUTED = re.compile(r"(?P<subject>\b[A-Za-z][\w-]*(?: [a-z][\w-]*)?) (?:\([^()]{0,40}\) )?(?:are|is|get|gets) "
                     r"(?:routed|sent|forwarded|dispatched|handed|delivered) to (?:the |a |an |\w+ )?")


_STREAMS_OUT = re.compile(r"\b(?:streams?|pushes|sends) (?:server-sent events|sse|events|updates|them|it)? ?(?:over (?:sse|web ?sockets?|"
                          r"server-sent events) )?to (?:the |all |every |connected )?(?:browsers?|clients?|apps?|viewers?|"
                          r"subscribers?|users?|pages?)\b", re.I)
_HOLDS_AFTER = re.compile(r"\s+(?:each |all |also |then )?(?:hold|terminate|keep|maintain|own|accept)s? (?:the |all |every |each |"
                          r"their |its |client |open |long-lived )*(?:web ?sockets?|sockets?|sse streams?|event ?streams?)\b", re.I)
_SERVES_STREAM = re.compile(r"\s+(?:\w+ ){0,12}?(?:and )?(?:serves|exposes|offers|emits) [^.;\n]{0,60}?\b(?:as|over|via|with) "
                           r"(?:server-sent events|sse\b|web ?sockets?|an? (?:sse|websocket|eventsource) (?:stream|endpoint))",
                           re.I)  # "event-hub keeps the last 50 events … and serves `GET /stream/<topic>` as Server-Sent Events"
_STREAMED = re.compile(r"(?:web ?sockets?|\bsse\b|server-sent events|eventsource|event ?stream|\bsockets?|\bstreams?)"
                       r"(?: connection| stream| channel)?(?: (?:open|opened|held))? (?:to|from|with|against|into) "
                       r"(?:the |an? |our )?(?:\*\*|`)?$", re.I)  # "streams SSE from", "holds a WebSocket to"


_WHOSE = {"vendor", "vendor's", "external", "third-party", "upstream", "partner"}  # whose a part is, not what it is


_REACHED_OVER = re.compile(r"\s*,?\s*(?:which|that|where) (?:the )?(?:\w+ ){0,2}(?:reach|connect(?:s)? to|open|hold|talk to|"
                           r"subscribe to)\w* (?:it )?(?:over|via|with|through) (?:a |an |the )?(?:web ?sockets?|sse|"
                           r"server-sent events|eventsource|long[- ]poll\w*)", re.I)  # "which players reach over WebSocket"
_THE_STREAM = re.compile(r"\s+(?:is|are)\s+(?:the|our)\s+(?:\w+\s+)?(?:SSE|WebSockets?|socket|streaming|push|real-?time)\b", re.I)
_IT = re.compile(r"\s*(?:It|They|This service|The service|Both(?: instances| nodes| of them)?|Each instance|"
                 r"Every instance|The instances)\b")  # a sentence about the part named just before


_ISSUES = re.compile(r"\s+(?:issued|issues|mints|minted|signs|signed)\b(?! (?:up|in|off)\b)")
_ISSUED_BY = re.compile(r"\b(?:tokens?|JWTs?) (?:is |are )?(?:issued|minted|signed) by (?:the )?$", re.I)


_MQTT_BEFORE = re.compile(r"\bMQTT(?:[- ]over[- ]|\s+via\s+|\s+on\s+)(?:secure\s+|TLS\s+)?$", re.I)


_MOBILE_PUSH_IN = re.compile(rf"\b(?:{MOBILE_PUSH}|Firebase Cloud Messaging)\b")

class Finishing(Stacks):
    def one_part_named_twice(self) -> None:
        """The passes that find one part found twice: a framework and its server, one product in two
        roles, a database and its managed host, what each node runs, a runtime and its framework."""
        self.twins()
        self.runs_inside()
        self.same_role()
        self.one_product()
        self.hosted_stores()
        self.each_running()
        self.run_as()
        self.runtimes()

    def same_role(self) -> None:
        """"three Node.js socket servers … The socket servers keep …": the same role words, once with
        the stack and once without, are one part."""
        seen: dict[tuple[str, ...], object] = {}
        for f in list(self.found):
            words = tuple(singular(w) for w in re.findall(r"[\w.+#-]+", f.name.lower())
                          if w not in _LANGUAGE_WORDS and w not in _WHOSE and w != (f.technology or "")
                          and not (f.entry and w in f.entry.name.lower()))
            if len(words) < 2 or f.kind not in ("gateway", "service", "external") or f.key.startswith("="):
                continue
            other = seen.setdefault(words, f)
            if other is not f and other.alias is None:  # "the vendor RTLS server" … "the RTLS server's feed"
                gone, into = (other, f) if f.kind == "external" and other.kind != "external" else (f, other)
                self.merge(gone, into)
                seen[words] = into

    def twins(self) -> None:
        """A framework named on its own ("over Action Cable, the WebSocket engine") and the server
        said to run it ("Action Cable runs inside the Puma workers") are one part: the server."""
        for made in [f for f in self.found if f.key.endswith(":gateway") and f.entry is not None
                     and f.entry.category == "framework"]:
            runner = next((f for f in self.found if f is not made and f.technology == made.technology
                           and f.kind in ("service", "gateway") and not f.key.endswith(":gateway")), None)
            if runner is not None:
                self.merge(made, runner)
                if runner.kind != "gateway":
                    runner.kind = "gateway"
                    self.kind_changes += 1

    def one_product(self) -> None:
        """"Who is in which room we keep in Redis … and publish room events through Redis pub/sub":
        one product in two roles is one part; a Redis is drawn as the pub/sub it also is, anything
        else as what it was named first. A registry stays a part of its own: the design's
        connection map is worth its own box."""
        by_product: dict[str, list] = {}
        for f in self.found:
            if f.kind in ("pubsub", "datastore") and f.entry is not None and f.technology and \
                    (f.technology in _REDIS or f.key.startswith(f.technology + ":")):  # named by its product alone
                by_product.setdefault("redis" if f.technology in _REDIS else f.technology, []).append(f)
        for same in (parts for parts in by_product.values() if len(parts) > 1):
            keep = next((f for f in same if f.kind == "pubsub"), same[0]) if same[0].technology in _REDIS else same[0]
            for f in same:
                if f is not keep:
                    self.merge(f, keep)  # Hazelcast as the price cache and as what subscribers read: one Hazelcast

    def hosted_stores(self) -> None:
        """"MySQL on RDS", "Postgres (Aurora)", "RDS for PostgreSQL": the managed service hosting a
        database engine the text names is that database, one part."""
        stores = [f for f in self.found if f.kind in ("datastore", "registry", "pubsub")]
        for host in [f for f in stores if f.entry is not None and f.entry.hosting == "managed"]:
            for s, e in sorted(host.spans):
                engine = next((f for f in stores if f is not host and f.alias is None and any(
                    _HOSTED_ON.fullmatch(self.text, fe, s) or _HOSTED_FOR.fullmatch(self.text, e, fs)
                    for fs, fe in f.spans)), None)
                if engine is not None:
                    self.merge(host, engine)
                    break

    def each_running(self) -> None:
        """"bid-api, a Flask app on three VMs, each running Gunicorn with eight sync workers": what
        each of a part's nodes runs (and its worker processes) is inside that part."""
        for m in _EACH_RUNNING.finditer(self.text):
            host = next((f for f in reversed(self.found) if f.kind in ("service", "gateway") and f.alias is None
                         and any(s < m.start() and m.start() - s < 160 for s, _ in f.spans)), None)
            if host is None:
                continue
            for f in [f for f in self.found if f is not host and f.alias is None and f.kind in ("service", "gateway")
                      and any(m.start() <= s < m.end() for s, _ in f.spans) and not f.attrs.get("_listed")]:
                host.technology = host.technology or f.technology
                self.merge(f, host)

    def run_as(self) -> None:
        """"kloppbaum, a Django app with Channels … We run it as three Daphne processes": processes of an
        application server that a named part is run as are that part."""
        for f in [f for f in self.found if f.kind in ("service", "gateway") and f.technology and
                  getattr(f.entry or lookup(f.technology), "category", "") == "framework" and not f.key.startswith("=") and
                  singular(f.name.split()[-1].lower()) in _HOST_WORDS | {"worker"}]:
            s = min(f.spans)[0]
            said = _RUN_AS.search(self.text, max(0, s - 40), s)
            host = self.named_before(said.start()) if said else None
            if host is not None and host is not f:
                if (f.kind == "gateway" or (f.entry or lookup(f.technology)).kinds[:1] == ("gateway",)) and host.kind != "gateway":
                    host.kind = "gateway"
                    self.kind_changes += 1
                host.technology = host.technology or f.technology
                self.merge(f, host)

    def runtimes(self) -> None:
        """"Three Elixir nodes" beside a Phoenix gateway are the nodes that gateway runs on: one part,
        when the framework runs on that language (the knowledge base's ``runs_on``). "touche-hub runs
        where? — one Go process on the DT laptop": a language and a host word describe the part
        named just before."""
        for f in [f for f in self.found if f.kind in ("service", "gateway") and f.technology in _LANGUAGE_WORDS and
                  not f.key.startswith("=") and {singular(w.lower()) for w in f.name.split()} <= _HOST_WORDS | _LANGUAGE_WORDS]:
            s = f.spans[0][0]
            named = [(e, g) for g in self.found if g is not f and g.key.startswith("=") and g.kind in ("service", "gateway")
                     for _, e in g.spans if s - 250 <= e <= s]
            if named:
                host = max(named, key=lambda t: t[0])[1]
                host.technology = host.technology or f.technology
                self.merge(f, host)
        gateways = [f for f in self.found if f.kind == "gateway" and f.technology]
        if len(gateways) != 1:
            return
        gateway = gateways[0]
        entry = lookup(gateway.technology)
        if entry is None or not entry.runs_on:
            return
        for f in [f for f in self.found if f.kind == "service" and f.technology in entry.runs_on]:
            words = {singular(w.lower()) for w in re.findall(r"[\w.]+", f.name)}
            if words and words <= _HOST_WORDS | set(entry.runs_on) | _LANGUAGE_WORDS:
                self.merge(f, gateway)  # its count and mentions move with it

    def purposes(self) -> None:
        """A part named only by its product ("dedicated Lambda functions") takes its name from what
        the clause sends to it: "Game actions are routed to dedicated Lambda functions"."""
        for f in self.found:
            if ":" not in f.key or f.kind != "service" or len(f.spans) != 1:
                continue
            a, _ = clause(self.text, f.spans[0][0], f.spans[0][1])
            m = _ROUTED.search(self.text, a, f.spans[0][0] + 1)
            if m and m.end() >= f.spans[0][0] - 12:
                subject = " ".join(m["subject"].split())
                f.name = f"{subject[:1].upper()}{subject[1:]} {self.text[f.spans[0][0]:f.spans[0][1]]}"
                self.reidentify(f, slug(subject))

    def issuers(self) -> None:
        """A service named as the one that issues the tokens is the auth part: "the JWT that account-svc
        issued at sign-in", "tokens are minted by session-api"."""
        for f in self.found:
            if f.kind == "service" and f.key.startswith("=") and any(
                    _ISSUES.match(self.text, e) or _ISSUED_BY.search(self.text, max(0, s - 40), s) for s, e in f.spans[:10]):
                f.kind = "auth"
                self.kind_changes += 1

    def streamed_from(self) -> None:
        """A service a client holds a stream to is a gateway, whatever else the text has: "the customer
        app streams SSE from track-api", "browsers keep an EventSource open to feed-svc"."""
        for f in self.found:
            if f.kind != "service" or f.entry is not None and "gateway" not in f.entry.kinds:
                continue
            for s, e in f.spans[:20]:
                a, b = clause(self.text, s, e)
                if _STREAMED.search(self.text, max(a, s - 60), s) and any(
                        c.kind == "client" for c in self.mentioned(a, s, ("client",))) or _REACHED_OVER.match(self.text, e) or \
                        _STREAMS_OUT.search(self.text, e, min(b, e + 160)) or _SERVES_STREAM.match(self.text, e, min(b, e + 200)) or \
                        _HOLDS_AFTER.match(self.text, e, min(b, e + 80)):  # "Edge workers terminate the sockets"
                    f.kind = "gateway"
                    self.kind_changes += 1
                    break

    def promote(self) -> None:
        """With no gateway, the server that speaks real-time transports (or runs a real-time framework
        such as Socket.IO) is the gateway; failing that, the first service a clause names after a
        proxy or load balancer, when the text names a streaming transport."""
        addresses = [f for f in self.found if f.kind == "gateway" and _HOST_KEY.fullmatch(f.key)]
        if any(f.kind == "gateway" and f not in addresses for f in self.found):
            return
        for f in addresses:  # "wss://stream.example.com" stands in for the gateway until one is found
            f.kind = "service"
        self._promote()
        promoted = next((f for f in self.found if f.kind == "gateway"), None)
        self._bare_gateway(promoted, addresses)
        if not addresses or promoted is None:
            return
        if promoted.entry is None and promoted.technology:  # a service we build (a language, a framework)
            for f in addresses:  # the public address of the edge the text describes and deploys
                self.merge(f, promoted)
            return
        promoted.kind = "service"  # nothing of ours behind the address: a public API is the gateway
        for f in addresses:
            f.kind = "gateway"

    def _bare_gateway(self, promoted: Found | None, addresses: list[Found]) -> None:
        """"Browsers reach the gateway through HAProxy": the promoted server, else a gateway of its own."""
        if not self.bare_gateway:
            return
        named = [span for span in self.bare_gateway if singular(self.text[span[0]:span[1]].split()[-1].lower()) not in HOSTS]
        if promoted is None and not addresses and named:  # "the gateway", not only "a pair of pods"
            promoted = self.add("gateway", "Gateway", "gateway", None, named[0])
            stacks = [p for span in self.bare_gateway for p in self.prods_in(span[1], clause(self.text, *span)[1])
                      if p.entry and p.entry.category in ("runtime", "language", "framework")]
            promoted.technology = stacks[0].tech if stacks else None  # "our gateway is a Node.js app"
        for span in self.bare_gateway:
            if promoted is not None and span not in promoted.spans:
                promoted.spans.append(span)

    def _streams_to_clients(self, f: Found) -> bool:
        """Whether a sentence about this part (or the "It …" sentence after it) names a client and a
        streaming transport: "caption-hub is FastAPI … It … streams lines to viewers as Server-Sent Events"."""
        text = self.text
        for s, e in f.spans[:10]:
            if _THE_STREAM.match(text, e) or _STREAMED.search(text, max(0, s - 60), s):
                return True  # "push-svc is the SSE thing", "keeps a Server-Sent Events stream open to gate-feed"
            start = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s)) + 1
            end = min((i for i in (text.find(". ", e, e + 400), text.find("\n", e, e + 400)) if i >= 0), default=e + 400)
            if _IT.match(text, end + 1):
                end = min((i for i in (text.find(". ", end + 2, end + 400), text.find("\n", end + 2, end + 400)) if i >= 0),
                          default=end + 400)
            if self.mentioned(start, end, ("client",)) and any(
                    pattern.search(text, start, end) for name, pattern in TRANSPORT_RES if name in STREAMING_TRANSPORTS):
                return True
        return False

    def _names_a_stream(self, f: Found) -> bool:
        """Whether a clause about this part names a streaming transport (SSE, WebSocket, long polling)."""
        for s, e in f.spans[:10]:
            a, b = clause(self.text, s, e)
            if any(pattern.search(self.text, a, b) for name, pattern in TRANSPORT_RES if name in STREAMING_TRANSPORTS):
                return True
        return False

    def _promote(self) -> None:
        managed = next((f for f in self.found if f.kind == "pubsub" and f.entry is not None and f.entry.category ==
                        "managed_realtime" and "gateway" in f.entry.kinds and self.transports), None)
        if managed is not None:  # "AWS IoT Core … pushes them over MQTT-over-WebSockets to the apps": it holds them
            managed.kind = "gateway"
            self.kind_changes += 1
            return
        streaming = [t for t in self.transports if t in STREAMING_TRANSPORTS]
        if streaming == ["websocket"] and all(_MQTT_BEFORE.search(self.text, max(0, s - 20), s)
                                              for s in self.transport_mentions.get("websocket", ())):
            streaming = []  # "MQTT over WebSocket straight to EMQX": the browsers are the broker's clients
        if "mqtt" in self.transports and not streaming and any(f.kind == "pubsub" for f in self.found):
            return  # devices and services all talk MQTT to the broker: no gateway to promote
        if streaming == ["websocket"] and any(f.kind == "pubsub" for f in self.found) and _STRAIGHT_TO_BROKER.search(self.text):
            return  # "the tablets connect direct from the browser (nats.ws), no server of ours in the middle"
        realtime_tech = {p.tech for p in self.prods if p.entry and p.entry.kinds[:1] == ("gateway",)
                         and p.entry.category in ("framework", "gateway_server", "managed_realtime")}
        candidates = [f for f in self.found if f.kind == "service" and (f.technology in realtime_tech or self.transports and (
            any(self.realtime(s, e) and not _MOBILE_PUSH_IN.search(self.text, *clause(self.text, s, e)) for s, e in f.spans) or
            (f.entry and "gateway" in f.entry.kinds) or
            f.entry is None and self._streams_to_clients(f)))]  # "waitboard … Both instances hold SSE streams for …"
        if candidates:  # the first, unless another is the one said to stream to the clients
            best = max(candidates, key=lambda f: (not _HOST_KEY.fullmatch(f.key) and self._streams_to_clients(f),
                                                  not _HOST_KEY.fullmatch(f.key) and self._names_a_stream(f),
                                                  -candidates.index(f)))
            # an address stands in only for want of one; "tank-api: REST … + SSE /v1/live" over a service that only subscribes
            best.kind = "gateway"
            self.kind_changes += 1
            return
        if not any(t in STREAMING_TRANSPORTS for t in self.transports):
            return
        hops = [s for f in self.found if f.kind in _HOPS for s, _ in f.spans]
        for f in (f for f in self.found if f.kind == "service"):  # "Envoy hashes the path, so editors land on a sheet-host"
            for s, e in sorted(f.spans):
                a, _ = clause(self.text, s, e)
                if any(a <= h < s for h in hops):
                    f.kind = "gateway"
                    self.kind_changes += 1
                    return
