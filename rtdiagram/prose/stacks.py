"""What a part is built with: a framework or language names the technology of the part it is in or
beside ("ingest-svc (Kotlin, Spring Boot)", "the site is Django"), a real-time framework a server
sends over makes it the gateway ("callbridge … sends every press over Socket.IO"), and an
application server that requests go on to is a part. Mixed into
:class:`~rtdiagram.prose.finishing.Finishing`."""

from __future__ import annotations

import re

from rtdiagram.prose.catalogue import LANGUAGES, WHERE_IT_RUNS
from rtdiagram.prose.phrases import Product, clause

_ACTS_ON = re.compile(r"\s+(?:then\s+|also\s+)?(?:makes?|sends?|posts?|calls?|publish(?:es)?|writes?|pushes|notif(?:y|ies)|"
                     r"triggers?|enqueues?|puts?|emits?)\b", re.I)  # "Django make a POST to the hub": it acts, it is the app
LANGUAGE_IDS = set(LANGUAGES.values()) | {"erlang_otp", "jvm"}
_SENT_ON_TO = re.compile(r"\b(?:go|goes|went|passed|passes|forwarded|forwards|proxied|proxies|sent|routed|routes)\s+(?:on\s+)?to\s+$")
_CARRIED_OVER = re.compile(r"\b(?:over|via|with|using)\s+$")


class Stacks:
    """The stack pass of :class:`~rtdiagram.prose.parts.Parts`."""

    def frameworks(self, prods: list[Product]) -> None:
        """A framework or language names the technology of the part it is in or beside."""
        for p in prods:
            carried = _CARRIED_OVER.search(self.text, max(0, p.start - 6), p.start)
            if self.dead and self.is_dead(p.start) or carried and not (
                    carried.group(0)[:1] in "wu" and p.entry is not None and p.entry.category == "framework"
                    and (p.entry.kinds == ("gateway",) or any(q.end == carried.start() - 1 and q.entry is None and q.tech in LANGUAGE_IDS
                                                            for q in self.prods_in(max(0, carried.start() - 20), carried.start())))
                    and not re.search(r"\bships?\s+$", self.text[max(0, p.start - 20):carried.start()])):
                if not (self.dead and self.is_dead(p.start)) and p.entry is not None and p.entry.category == "framework" \
                        and p.entry.kinds[:1] == ("gateway",):
                    self.sent_over(p)  # "callbridge … sends every press over Socket.IO to the staff iPods"
                continue  # "calls those nodes over gRPC": the way a call travels, not what a part is built with
                # ("ASP.NET Core with SignalR" is)
            if p.kind == "client" and not self.covering(p.start, p.end):
                a, b = clause(self.text, p.start, p.end)
                near = self.mentioned(a, b, ("client",), untyped=True)
                if near:
                    near[0].technology = p.tech
                    near[0].spans.append((p.start, p.end))
                continue
            if p.entry is not None and p.entry.category == "credential":
                a, b = clause(self.text, p.start, p.end)
                for auth in self.mentioned(a, b, ("auth",), untyped=True)[:1]:  # "the auth service checks JWTs"
                    auth.technology = p.tech
                continue  # a JWT is what a part checks, not a part
            if p.standalone or p.kind == "client" or p.tech in WHERE_IT_RUNS or self.covering(p.start, p.end) and \
                    self.covering(p.start, p.end).technology:
                continue  # "8 pods on Kubernetes": where a part runs is not what it is built with
            a, b = clause(self.text, p.start, p.end)
            near = self.mentioned(a, b, ("gateway", "service", "presence", "pubsub"), untyped=True) or \
                [f for f in (self.pointed_at(a),) if f is not None and (not f.technology or f.technology in LANGUAGE_IDS and
                                                                        p.entry is not None and p.entry.category == "framework")]
            # "oee-board. This is Python with FastAPI": what the sentence before named
            framework = p.entry is not None and "gateway" in p.entry.kinds
            if p.entry is not None and p.entry.category == "framework":
                # "ingest-svc (Kotlin, Spring Boot)": the framework says more than the language
                near += [f for f in self.mentioned(a, b, ("gateway", "service")) if f.technology in LANGUAGE_IDS
                         and f not in near]
            own = [f for f in self.found if f.technology == p.tech and f.kind in ("gateway", "service") and f not in near
                   and f.entry is None]  # built with it ("the Django API"), not the product named as a part
            if not near and framework:  # "the site is Django": the gateway, unless the Django app is another part
                near = [t[2] for t in sorted(self.of_kind("gateway"), key=lambda t: t[1])]
                near = own[:1] if near and own else near
            if own and near and _ACTS_ON.match(self.text, p.end) and \
                    not any(s < p.start for s, _, f in self.index.starting_in(a, p.start) if f in near):
                own[0].spans.append((p.start, p.end))  # "Django make a POST to the Mercure hub": the Django app does,
                continue  # the hub is not built with Django
            if near:
                nearest: dict[int, int] = {}
                for s, _, f in self.index.starting_in(a, b):
                    nearest[f.order] = min(nearest.get(f.order, 1 << 30), abs(s - p.start))
                target = min(near, key=lambda f: (nearest.get(f.order, abs(f.start - p.start)), f.order))
                if not target.technology or framework:
                    target.technology = p.tech
                target.spans.append((p.start, p.end))
            elif p.entry is not None and p.entry.kinds == ("service",) and _SENT_ON_TO.search(self.text, max(0, p.start - 30), p.start):
                self.add("service", self.text[p.start:p.end], p.tech + ":service", p.tech, (p.start, p.end), p.entry)
                # "API calls go on to uWSGI on port 8050": an application server that requests reach is a part
            elif framework and p.entry and p.entry.category == "framework":
                running = [f for f in self.found if f.technology == p.tech and f.kind in ("gateway", "service")]
                if running:  # "Action Cable runs in the Puma workers", then "Action Cable" again
                    running[0].spans.append((p.start, p.end))
                    if running[0].kind != "gateway" and (p.entry.kinds == ("gateway",) or self.realtime(p.start, p.end)):
                        running[0].kind = "gateway"
                        self.kind_changes += 1
                    continue
                built = self.mentioned(a, b, ("gateway", "service"))
                if built:  # "ward-board is ASP.NET Core with SignalR": the real-time framework of that part
                    built[0].spans.append((p.start, p.end))
                    if p.entry.kinds == ("gateway",):  # SignalR says more about it than ASP.NET Core
                        built[0].technology = p.tech
                    if built[0].kind != "gateway" and (p.entry.kinds == ("gateway",) or self.realtime(p.start, p.end)):
                        built[0].kind = "gateway"
                        self.kind_changes += 1
                    continue
                self.add("gateway", self.text[p.start:p.end], p.tech + ":gateway", p.tech, (p.start, p.end), p.entry)

    def sent_over(self, p: Product) -> None:
        """"callbridge … sends every press over Socket.IO to the staff iPods": the server that sends over
        a real-time framework is built with it and holds the clients' connections."""
        a, b = clause(self.text, p.start, p.end)
        senders = [f for f in self.mentioned(a, p.start, ("service", "gateway")) if f.entry is None]
        if len(senders) == 1 and (not senders[0].technology or senders[0].technology in LANGUAGE_IDS):
            sender = senders[0]
            sender.technology = p.tech
            sender.spans.append((p.start, p.end))
            if sender.kind != "gateway":
                sender.kind = "gateway"
                self.kind_changes += 1
