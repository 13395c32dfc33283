"""Finding parts by what the text calls them: a name with an appositive ("Courier, our push
service"), "called"/"named" ("ring managers called CHARMs"), hyphenated service names
("bid-api", "notify-ws"), the clients that connect, and definite references ("the lobby").

A mixin of :class:`~rtdiagram.prose.parts.Parts`; it relies on its bookkeeping (``add``,
``covering``, ``of_kind``, ``merge``) and on its span index.
"""

from __future__ import annotations

import re

from rtdiagram.prose.catalogue import CLIENT_HEAD, I
from rtdiagram.prose.nameforms import (
    _ACRONYM, ADDRESS_OF, after_preposition, LABEL_BEFORE, line_labels, appositives, _AUTH_NAMES, bracketed_names, _PROGRAM_NAMED, _called, camel_role_names,
    CLAUSE_DESC, _CREDENTIAL_DESC, _defined, _EXAMPLE_HOST, GENERIC_WORDS, _HOLDS, _HOST, NOT_A_NAME,
    _ORDINARY_HYPHEN, _PRESENCE_AFTER, _PRESENCE_BEFORE, _PROGRAM, _PROPER, PROTOCOL_NAME, _QUOTED,
    ROLE_CUES_PUBSUB, set_off_names, SIGNED_IN_THROUGH, _STREAM_TO, THE_SYSTEM, _WORDISH, _STACK_AFTER, _CODE_WORDS,
    _DESC_CUT, _LEAD_IN, named_head_kind,
)
from rtdiagram.prose.phrases import _HEAD_FORMS, _HEAD_RE, Found, Product, clause, head_kind, negated, singular, trie_pattern
from rtdiagram.prose.roles import HARDWARE, MOBILE_PUSH



_AGENT_LABEL = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?\**(?P<name>[A-Z][a-z]+(?: [a-z]+)?(?:er|or))\**:[ \t]+\S", re.M)
_NOT_AGENTS = {"trigger", "answer", "layer", "number", "other", "order", "header", "error", "user", "owner", "member",
               "customer", "partner", "counter", "cluster", "filter", "folder", "buffer", "matter", "letter", "chapter",
               "later", "earlier", "after", "never", "however", "whether", "together", "rather", "either", "neither",
               "cover", "power", "paper", "poster", "sticker", "marker", "banner", "trailer", "teaser", "monitor",
               "color", "colour", "factor", "vector", "sector", "mirror", "behavior", "behaviour", "editor",
               "operator", "vendor", "visitor", "actor", "author", "doctor", "major", "minor", "floor", "door", "tutor"}
_DEFINITE_ROLE = re.compile(r"(?P<role>(?:[A-Za-z][\w-]* ){0,2}(?:server|service|gateway|hub|broker|backend|API|api|proxy|"
                            r"worker|relay|bridge))$")  # the whole description, nothing after it
_AUTH_SUFFIXES = ("-auth", "-sso", "-login", "-identity", "-iam", "-oauth", "-oidc")
_MOBILE_PUSH = re.compile(rf"[^.;\n]*?\b(?:{MOBILE_PUSH})\b")  # "nest-push -> APNs / FCM"
_HOSTED_ON = re.compile(r"\b(?:runs? |running |hosted |lives? )?on (?:a|an|one|our)\s+$", I)
_LIBRARY_NEAR = re.compile(r"\b(?:sub-?protocol|library|package|npm|crate|gem|module)\s+`?$", I)  # "sub-protocol graphql-transport-ws"
_LIBRARY_AFTER = re.compile(r"`?\s+(?:library|package|module|crate|gem|sub-?protocol|adapter|plugin|npm)\b", I)
_DOC_AFTER = re.compile(r"\s+(?:page|docs?|documentation|guide|article|section|chapter|tutorial)\b", I)
_EXAMPLE_AFTER = re.compile(r"\s*\((?:e\.g\.,? |here |in our case |ours is |we use )?[\w .-]{2,30}\)")


class Naming:
    """The passes that find parts by name: appositives, "called", hyphenated tokens, clients and
    definite references. Mixed into :class:`~rtdiagram.prose.parts.Parts`."""

    def names(self, prods: list[Product]) -> None:
        text = self.text
        named: list[tuple[str, str, int, int, str | None]] = []
        described: list[tuple[str, str]] = []  # a name and the role phrase its appositive gave it
        for match in appositives(text):
            name = match["name"].replace("**", "").strip("*")
            name = re.sub(r"^(?:The|A|An|And) ", "", name)
            if tail := re.search(r"\s[a-z]+\s(?P<tail>[a-z][a-z0-9]*-[a-z0-9-]+)$", name):
                name = tail["tail"]  # "Dispatchers use plow-desk, a desktop Electron app": the name is plow-desk
            elif (tail := re.search(r"\s(?P<tail>[a-z][a-z0-9_]{2,})$", name)) and _PROGRAM_NAMED.match(text, match.end("name") - len(tail["tail"])):
                name = tail["tail"]  # "It reaches lightd, a FastAPI service on the Ubuntu box": the name is lightd
            if not name.strip() or PROTOCOL_NAME.fullmatch(name):
                continue  # "**, a chat server": emphasis marks, no name; "over HTTP/1.1, the server sent…"
            if _HOSTED_ON.search(text, max(0, match.start("name") - 14), match.start("name")):
                continue  # "a small Go server on a Raspberry Pi 5, the only server we run": the machine it runs on
            if re.search(r"\b(?:previous|former|legacy|retired|deprecated|old)\s+$",
                         text[max(0, match.start() - 20):match.start()], I):
                self.dead.append((match.start(), match.end()))
                continue  # "the previous WebSocket server, a Tornado app": gone, and so is what it ran
            if NOT_A_NAME.match(name.split()[0]) or name.lower() in _HEAD_FORMS and \
                    re.search(r"[A-Z][\w-]*\s$", text[max(0, match.start("name") - 25):match.start("name")]) or negated(text, match.start()) or \
                    name[:1].isupper() and after_preposition(text, match.start(), match["desc"]):
                continue
            inside = self.prods_in(match.start("name"), match.end("name"))
            if inside and inside[0].start == match.start("name") and inside[0].end >= match.end("name") and \
                    (inside[0].entry is not None and inside[0].entry.category in ("framework", "language", "runtime") or
                     inside[0].entry is None and not inside[0].standalone) and \
                    (re.search(r"[:(]\s*$", text[max(0, match.start() - 3):match.start()]) or
                     re.search(r"\b(?:is|are|on|with|in|uses?)\s+$", text[max(0, match.start("name") - 8):match.start("name")])):
                continue  # "events-api: FastAPI, a pair of replicas", "beat-gw is Kotlin on Ktor, a pair of instances":
                # the framework is what it is built with
            if singular(name.split()[-1].lower()) in _HEAD_FORMS and re.search(r"(?:,| and) the ", match["desc"]):
                continue  # "The API server, the controller and the repo server all use Redis": a list, not an apposition
            if CLAUSE_DESC.match(match["desc"]):
                continue  # "over the company SSO, the browser receives a cookie": two clauses, not an apposition
            if _CREDENTIAL_DESC.match(match["desc"]):
                continue  # "Access Token, a short-lived JWT": a credential, not a part
            heads = list(_HEAD_RE.finditer(match["desc"]))
            clients = CLIENT_HEAD.search(match["desc"].split(" with ")[0])
            built = clients and any(p.entry.category in ("framework", "runtime", "language") and p.kind != "client"
                                    if p.entry is not None else p.kind == "service"  # a language; not React
                                    for p in self.prods_in(match.start("desc"), match.start("desc") + clients.start()))
            if clients and built and not heads:  # "bid-api, a Flask app": the server built with it
                kind = "gateway" if self.realtime(match.start(), match.end(), match["desc"]) and self.transports else "service"
            elif clients and (not heads or clients.start() < heads[0].start() and not
                              re.fullmatch(r"[\s-]*", match["desc"][clients.end():heads[0].start()])):
                kind = "client"  # "a front-end proxy", "the app gateway": the client word only qualifies the head
            elif heads:
                kind = named_head_kind(heads[0]["head"], match["desc"])
                if kind == "?":
                    kind = "gateway" if self.realtime(match.start(), match.end(), match["desc"]) else "service"
            elif _PROGRAM_NAMED.match(text, match.start("name")):  # "foalwatch, our Python program"
                kind = "gateway" if self.realtime(match.start(), match.end(), match["desc"]) else "service"
            else:
                continue
            if kind in ("service", "gateway") and (name.startswith(_AUTH_NAMES) or name.endswith(_AUTH_SUFFIXES)):
                kind = "auth"  # "cam-auth, a Lambda function that checks the technician's login"
            if kind == "service" and re.match(r"(?:external|third[- ]party|outside|vendor)\b", match["desc"], I):
                kind = "external"  # "Datadog API, an external service"
            d0 = match.start("desc")
            cut = _DESC_CUT.search(text, d0, match.end("desc"))  # "a fleet of Go pods behind (an) HAProxy": HAProxy is not its
            behind = _LEAD_IN.match(text, cut.end()).end() if cut else 0
            d1 = cut.start() if cut and any(p.standalone for p in self.prods_in(behind, behind + 1)) else match.end("desc")
            stack = self.prods_in(d0, d1)  # "a Node.js app with Socket.IO": the framework says more than the runtime
            best = next((p for p in stack if p.entry is not None and p.entry.category in ("gateway_server", "framework")), None)
            tech = best.tech if best is not None else next((p.tech for p in stack), None)
            if best is not None and kind == "service" and best.entry.kinds[0] == "gateway" and \
                    self.realtime(match.start(), match.end(), match["desc"]):
                kind = "gateway"
            named.append((name, kind, match.end("name") - len(name) if tail else match.start("name"), d1, tech))
            self.claimed.append((d0, d1))
            if text[max(0, d0 - 4):d0].lower() == "the " and singular(name.split()[-1].lower()) not in _HEAD_FORMS and \
                    (role := _DEFINITE_ROLE.match(match["desc"])):  # not in a list: "the client API, the room server"
                # "argocd-server, the API server" … "the API server" again
                described.append((name, singular(role["role"].lower())))
        for match in _QUOTED.finditer(text):  # 'the service "windbridge"', '"leitstand-gw", a Phoenix application'
            name = match["name"]
            if not (match["head"] or match["desc"]) or self.prods_in(match.start("name"), match.end("name")) or \
                    any(n == name for n, *_ in named):
                continue  # a quoted word alone is a term, not a name
            desc = match["desc"] or match["head"] or ""
            if match["desc"] and CLAUSE_DESC.match(match["desc"]):
                continue  # 'press "next", the host page send it': a quoted word, then a clause
            heads = list(_HEAD_RE.finditer(desc))
            kind = head_kind(heads[-1]["head"])[1] if heads else "?"
            if kind in ("?", "service") or _PROGRAM.search(desc):
                kind = "gateway" if self.holds(match.start(), match.end(), name) else "service"
            if kind != "client":
                tech = next((p.tech for p in self.prods_in(match.start(), match.end())), None)
                named.append((name, kind, match.start("name"), match.end("name"), tech))
                if match["desc"] and heads:  # '"ora-esame", a small Go service': the description is the name's
                    self.claimed.append((match.start("desc"), match.start("desc") + heads[0].end()))
        for match in _ACRONYM.finditer(text):  # "RENO (Rapid Event Notification System)"
            if self.prods_in(match.start("name"), match.end("name")) or NOT_A_NAME.match(match["name"]) or \
                    negated(text, match.start()):
                continue
            last = match["desc"].split()[-1].lower()
            kind = named_head_kind(last) if last in _HEAD_FORMS else "?"
            if kind in ("?", "service"):
                kind = "gateway" if self.holds(match.start(), match.end(), match["name"]) else "service"
            if kind != "client":
                named.append((match["name"], kind, match.start("name"), match.end(), None))
                self.claimed.append((match.start("desc"), match.end("desc")))
        for match in _PROPER.finditer(text):  # "the Netflix Customer Messaging Platform"
            if self.prods_in(match.start(), match.end()) and not self.prods_in(match.start(), match.end())[0].start > \
                    match.start() or negated(text, match.start()) or NOT_A_NAME.match(match.group(0).split()[0]) or \
                    any(a <= match.start() < b for a, b in self.claimed):
                continue
            kind = "gateway" if self.holds(match.start(), match.end(), match.group(0)) else "service"
            named.append((match.group(0), kind, match.start(), match.end(), None))
        for match in _STREAM_TO.finditer(text):  # "subscribes over a WebSocket to LiveGraph"
            name = match["name"]
            if NOT_A_NAME.match(name) or self.prods_in(match.start("name"), match.end("name")) or \
                    CLIENT_HEAD.fullmatch(name) or name.lower() in _HEAD_FORMS or negated(text, match.start()) or \
                    _HEAD_RE.match(text, match.end("name") + 1) or name.split()[-1].lower() in _HEAD_FORMS:
                continue  # "to Beacon servers": the role phrase names it
            named.append((name, "gateway", match.start("name"), match.end("name"), None))
        opening = re.search(r"[.!?](?:\s|$)|\n\s*\n", text)
        for match in _defined(text):  # "Home Assistant Core is a Python program …"
            name = match["name"]
            if opening and match.start() < opening.start() and THE_SYSTEM.match(match["desc"]):
                self.claimed.append((match.start("desc"), match.end("desc")))
                continue  # "Stackyard is a hosted CI service whose …": the system described, not a part of it
            if NOT_A_NAME.match(name.split()[0]) or self.prods_in(match.start("name"), match.end("name")) or \
                    name.lower() in _HEAD_FORMS or any(a <= match.start() < b for a, b in self.claimed):
                continue
            if any(n == name for n, *_ in named):  # "Flannel is an application-level cache": named already
                self.claimed.append((match.start("desc"), match.end("desc")))
                continue
            heads = list(_HEAD_RE.finditer(match["desc"]))
            if heads:
                kind = named_head_kind(heads[-1]["head"])
            elif _PROGRAM.search(match["desc"]):
                kind = "?"
            else:
                continue
            if kind == "?":
                kind = "gateway" if self.realtime(match.start(), match.end(), match["desc"]) else "service"
            if kind == "client":
                continue
            tech = next((p.tech for p in self.prods_in(match.start("desc"), match.end("desc"))), None)
            named.append((name, kind, match.start("name"), match.end("name"), tech))
            self.claimed.append((match.start("desc"), match.end("desc")))  # its description is not a second part
        for match in _called(text):
            heads = list(_HEAD_RE.finditer(match["desc"]))
            _, kind = head_kind(heads[-1]["head"]) if heads else ("", "?")  # "ring managers called CHARMs"
            kind = ("gateway" if self.realtime(match.start(), match.end()) else "service") if kind == "?" else kind
            if kind != "client":
                tech = next((p.tech for p in self.prods_in(match.start("desc"), match.end("desc"))), None)
                named.append((match["name"], kind, match.start("name"), match.end("name"), tech))
                self.claimed.append((match.start("desc"), match.end("desc")))
        by_name: dict[str, Found] = {}
        for name, kind, start, end, tech in named:
            own = _HEAD_FORMS.get(name.lower())
            if own and own[1] in ("pubsub", "registry", "presence", "queue", "auth") and kind in ("service", "gateway"):
                kind = own[1]  # "a service called Pubsub": the name says the role
            by_name[name] = self.add(kind, name, "=" + name.lower(), tech, (start, end))
        for name, role in described:
            self.by_key.setdefault("=" + role, [by_name[name]])  # a later role phrase with those words is that part
        for name in [n for n in by_name if n[:1].islower() and len(n) >= 4]:
            by_name.setdefault(name[:1].upper() + name[1:], by_name[name])  # "windbridge" opening a sentence
        if by_name:  # every later mention of every name, in one pass over the text
            seen = {(s, e) for f in by_name.values() for s, e in f.spans}
            for again in re.finditer(rf"(?:{trie_pattern(by_name)})(?![\w-])", text):  # no look-behind in front: faster
                if again.start() and _WORDISH.match(text, again.start() - 1):
                    continue
                if again.span() not in seen and again.group(0) in by_name:
                    by_name[again.group(0)].spans.append(again.span())

    def holds(self, start: int, end: int, name: str) -> bool:
        """Whether the clause says this named part holds the connections ("holds one WebSocket per
        handset") or ends the client's path ("WebSocket to X", "… → NLB → X")."""
        a, b = clause(self.text, start, end)
        return bool(_HOLDS.search(self.text, a, b) or re.search(
            rf"(?:(?:web ?sockets?|sse|eventsource|long[- ]?poll\w*|stream)\b[^.;]{{0,30}}?\b(?:to|on|with|from) |(?:→|->)\s*)"
            rf"\**{re.escape(name)}\**(?!\s*(?:→|->))", self.text[a:b], I))

    def label_of_line(self, start: int):
        """The "label:" a line opens with, when the phrase at ``start`` follows it directly."""
        line = self.text.rfind("\n", 0, start) + 1
        return LABEL_BEFORE.search(self.text, line, start) if ":" in self.text[max(line, start - 80):start] else None

    def named_elsewhere(self, label, kind: str, tech: str | None, start: int, end: int) -> bool:
        """Whether a role phrase is a part named by its line's label, or the product in brackets right
        after it ("the internal SSO (Authentik)"): then that part takes the phrase."""
        if label and tech and kind in ("service", "gateway") and self.named_by_label(label, kind, tech, (start, end)):
            return True
        bracket = _EXAMPLE_AFTER.match(self.text, end)
        example = next((p for p in self.prods_in(end, bracket.end()) if p.kind == kind and p.standalone), None) \
            if bracket else None
        if example is not None:
            self.surfaces.append((example, (start, end)))
        return example is not None

    def named_by_label(self, label, kind: str, tech: str | None, span: tuple[int, int]) -> bool:
        """"- **nacelle**: Go service, two instances": the label is the name of the part the line describes,
        unless it is a role word, a client word or a heading of its own ("Broker:", "Backend:", "Apps:")."""
        name = label["label"].strip("*")
        if name.lower() in _HEAD_FORMS or singular(name.lower()) in _HEAD_FORMS or CLIENT_HEAD.fullmatch(name) or \
                NOT_A_NAME.match(name) or self.prods_in(*label.span("label")) or len(name) < 3 or \
                line_labels(self.text)[name] > 1:
            return False  # a speaker in a chat ("tom: booking-api pushes it") opens many lines
        found = self.add(kind, name, "=" + name.lower(), tech, span)
        found.spans.append(label.span("label"))
        return True

    def tokens(self) -> None:
        """Hyphenated service names: 'bid-api', 'auth-svc', 'notify-ws'."""
        pattern = (r"(?<![\w./-])([a-z][a-z0-9]*(?:-[a-z0-9]+)*-(api|svc|service|ws|gw|gateway|push|worker|server|host|node|"
                   r"edge|router|relay|hub|stream|streamer|ingest|ingester|bridge|sync|broker|apiserver|scheduler|manager|"
                   r"controller|writer|updater|indexer|planner|tracker|collector|notifier|sender|fetcher|dispatcher|"
                   r"watcher|listener|poller|consumer|producer|publisher|processor|daemon|reaper|auth))(?:s|es)?(?![\w-])")
        tokens: dict[str, Found] = {}
        for match in re.finditer(pattern, self.text):
            owner = self.covering(*match.span())
            if owner is not None and owner.key == "=" + match.group(1).lower() and owner.kind == "service" and \
                    match.group(2) in ("ws", "gw", "gateway"):
                owner.kind = "gateway"  # "tail-gw, a Node.js service": the name says what the service is
                self.kind_changes += 1
            if negated(self.text, match.start()) or owner is not None or \
                    _ORDINARY_HYPHEN.fullmatch(match.group(1)) or re.match(r"\.[a-z]", self.text[match.end():match.end() + 2]) or \
                    _DOC_AFTER.match(self.text, match.end()) or _LIBRARY_NEAR.search(self.text, max(0, match.start() - 16), match.start()) or \
                    _LIBRARY_AFTER.match(self.text, match.end()):
                continue  # "single-node", "cross-node"; "pubsub-edge.twitch.tv" is a host name; "the jobs-and-workers page"
            name, suffix = match.group(1), match.group(2)
            kind = "auth" if name.startswith(_AUTH_NAMES) or name.endswith(_AUTH_SUFFIXES) else \
                "gateway" if suffix in ("ws", "gw", "gateway") or suffix == "push" and not _MOBILE_PUSH.search(
                    self.text, match.end(), match.end() + 60) else "pubsub" if suffix == "broker" else "service"
            if suffix in ("host", "node", "edge", "relay", "hub", "stream", "streamer", "sync") and kind == "service" and \
                    self.holds(match.start(), match.end(), match.group(0)):
                kind = "gateway"  # "all editors of a sheet land on the same sheet-host"
            tokens.setdefault(name, self.add(kind, name, "=" + name, None, match.span()))
        families = {name.split("-")[0] for name in tokens if len(name.split("-")[0]) >= 4 and
                    name.split("-")[0] not in _HEAD_FORMS and name.split("-")[0] not in GENERIC_WORDS}
        if families:  # "immich-server" named, then "immich-microservices": a sibling of the same family
            for match in re.finditer(rf"(?<![\w./#`-])((?:{'|'.join(map(re.escape, sorted(families)))})(?:-[a-z0-9]+)+)(?![\w./`-])",
                                     self.text):
                name = match.group(1)
                if name not in tokens and not self.covering(*match.span()) and not negated(self.text, match.start()) and \
                        not _ORDINARY_HYPHEN.fullmatch(name):
                    tokens[name] = self.add("auth" if name.endswith(_AUTH_SUFFIXES) else "service", name, "=" + name, None,
                                            match.span())
        set_off = [(m[group], *m.span(group), group in ("name", "name2")) for m in set_off_names(self.text)
                   for group in [next(g for g in ("name", "name2", "name3", "name4") if m[g])]]  # **Telegraf**: in bold
        for name, start, end, hyphenated in sorted([*set_off, *bracketed_names(self.text)], key=lambda t: t[1]):
            if not hyphenated and (name.lower() in _HEAD_FORMS or singular(name.lower()) in _HEAD_FORMS or
                                   self.text.startswith("**", end) and (_HEAD_RE.match(self.text, end + 3) or
                                                                         name.isupper() and self.text.startswith("** (", end)) or
                                   CLIENT_HEAD.fullmatch(name) or NOT_A_NAME.match(name) or name.lower() in _CODE_WORDS):
                continue  # "workers (Go)", "clients (Kotlin)": a role word, read as a phrase
            if name in tokens or self.covering(start, end) or negated(self.text, start) or \
                    self.prods_in(start, end) or _ORDINARY_HYPHEN.fullmatch(name) or line_labels(self.text)[name] > 1:
                continue
            kind = "auth" if name.startswith(_AUTH_NAMES) or name.endswith(_AUTH_SUFFIXES) or \
                SIGNED_IN_THROUGH.search(self.text, max(0, start - 60), start) \
                else "client" if re.fullmatch(HARDWARE, name, re.I) else "gateway" if self.holds(start, end, name) else "service"
            described = _STACK_AFTER.match(self.text, end)  # "- alarmist, a Go service: …": the description is its
            stack = next((p.tech for p in self.prods_in(end, described.end())), None) if described else None
            tokens[name] = self.add(kind, name, "=" + name, stack, (start, end))
            if described:
                self.claimed.append((end, described.end()))
                for p in self.prods_in(end, described.end()):
                    tokens[name].spans.append((p.start, p.end))
        for match in camel_role_names(self.text):  # "MessagingService", "PresenceServer"
            name = match.group(0)
            if name in tokens or self.covering(*match.span()) or negated(self.text, match.start()) or \
                    self.prods_in(*match.span()) or self.text[match.start() - 1:match.start()] in ("@", ".", "`"):
                continue  # "@ManagedService", "app.MessagingService", "`ProtocolTypeRouter`": code
            kind = head_kind(match["role"].lower())[1]
            if kind in ("?", "service") and ROLE_CUES_PUBSUB.search(self.text, *clause(self.text, *match.span())):
                kind = "pubsub"  # "PublishAsync … SubscribeAsync on this topic"
            tokens[name] = self.add("service" if kind in ("?", "client") else kind, name, "=" + name.lower(), None,
                                    match.span())
        for match in _HOST.finditer(self.text):  # "wss://stream.binance.com", "notify.dropboxapi.com"
            host = match["host"]
            if host in tokens or self.covering(*match.span("host")) or _EXAMPLE_HOST.search(host) or \
                    negated(self.text, match.start()):
                continue
            if ADDRESS_OF.search(self.text, max(0, match.start() - 40), match.start()):
                continue  # "Deribit WebSocket API, wss://www.deribit.com/ws/api/v2": the address of the part just named
            to = re.match(r"\S*\s+(?:to|on|via|through|at|which is)\s+(?:the\s+|our\s+)?", self.text[match.end():match.end() + 60])
            if to and self.prods_in(match.end() + to.end(), match.end() + to.end() + 1 + 20):
                continue  # "`wss://chat.sparkd.app/ws?token=…` to Kong": the address of a product the text names
            streaming = match["scheme"] in ("ws", "wss") or self.realtime(match.start(), match.end())
            tokens[host] = self.add("gateway" if streaming and not host.startswith("api.") else "service",
                                    host, "=" + host, None, match.span("host"))
        for name, found in tokens.items():  # "edge node ids" after "ws-edge": its last word names it too
            last = name.rsplit("-", 1)[-1] if "-" in name else ""
            if len(last) >= 4 and last not in _HEAD_FORMS and last not in GENERIC_WORDS and "=" + last not in self.by_key:
                self.by_key["=" + last] = [found]
        if tokens:  # later mentions of every such name, in one pass
            seen = {span for f in tokens.values() for span in f.spans}
            for again in re.finditer(rf"(?:{trie_pattern(tokens)})(?=(?:s|es)?(?![\w-]))", self.text):
                if again.start() and _WORDISH.match(self.text, again.start() - 1):
                    continue
                if again.span() not in seen and again.group(0) in tokens:
                    tokens[again.group(0)].spans.append(again.span())

    def extras(self, prods: list[Product]) -> None:
        text = self.text
        for match in re.finditer(r"\bpresence\b", text, I):
            if not self.covering(*match.span()) and not negated(text, match.start()) and (
                    _PRESENCE_AFTER.match(text, match.end()) or _PRESENCE_BEFORE.search(text, max(0, match.start() - 30),
                                                                                       match.start())) and not any(
                    p.standalone and p.kind in ("datastore", "pubsub", "registry", "presence")
                    for p in self.prods_in(*clause(text, match.start(), match.end()))):
                self.add("presence", "Presence", "presence", None, match.span())  # a presence subsystem, not the word
                # (unless a store in the same clause keeps it: "the presence data it keeps in Redis")
        if not any(f.kind == "client" for f in self.found):  # the people who use it stand for their client
            match = re.search(r"\b(?:users?|customers?|members?|people|readers?|fans|students?|drivers?|riders?|"
                              r"shoppers?|visitors?|bidders?|traders?|agents?|nurses?|operators?|patients?|guests?)\b", text, I)
            if match:
                word = match.group(0)
                self.add("client", word[:1].upper() + word[1:], "client", None, match.span())

    def labelled_agents(self) -> None:
        """"Committer: conflict check, then appends to the log", "Subscription manager: follows the log":
        a terse line labelled with an agent noun describes a back-end part of that name."""
        for m in _AGENT_LABEL.finditer(self.text):
            name, last = m["name"], m["name"].split()[-1].lower()
            if last in _NOT_AGENTS or last in _HEAD_FORMS or self.covering(m.start("name"), m.start("name") + 1) or \
                    self.prods_in(*m.span("name")) or \
                    line_labels(self.text)[name] > 1:
                continue  # "Trigger:", "Owner:", a chat speaker
            self.add("service", name, "=" + name.lower(), None, m.span("name"))

    def definites(self) -> None:
        """'the lobby', 'the bridge': a later mention of a part by the word that named its role."""
        by_word: dict[str, Found] = {}
        for f in self.found:
            word = f.key
            if f.kind != "client" and ":" not in word and not word.startswith("=") and " " not in word and \
                    len(word) >= 4 and word.isalpha() and word not in GENERIC_WORDS:
                by_word.setdefault(word, f)
        short = {f.name.split()[0]: f for f in self.found if len(f.name.split()) == 2 and f.name[:1].isupper() and
                 f.name.split()[0].isalpha() and len(f.name.split()[0]) >= 4 and f.name.split()[1].lower() in _HEAD_FORMS
                 and not PROTOCOL_NAME.fullmatch(f.name.split()[0]) and not NOT_A_NAME.match(f.name.split()[0])}
        for f in self.found:  # "four lockerlink pods (Go)" … "lockerlink saves them in Postgres": the name, bare
            word = f.key
            if f.kind != "client" and word.isalpha() and len(word) >= 5 and f.name.split()[0].lower() == word and \
                    len(f.name.split()) == 2 and word not in _HEAD_FORMS and word not in GENERIC_WORDS and \
                    not re.search(rf"\b(?:the|a|an|our|its|their|this|that) {word}\b", self.text, I):
                short.setdefault(word, f)  # never "the lockerlink": a name, not an ordinary word
        for name, f in short.items():  # "Apollo Server … Apollo uses a Redis PubSub": the name without its role word
            for match in re.finditer(rf"\b{re.escape(name)}\b(?![\w-])", self.text):
                if not self.covering(*match.span()):
                    f.spans.append(match.span())
        if not by_word:
            return
        alternation = "|".join(sorted(by_word, key=len, reverse=True))
        for match in re.finditer(rf"\bthe ({alternation})(?:e?s)?\b(?![\w-])", self.text, I):
            if not self.covering(*match.span(1)):
                by_word[match.group(1).lower()].spans.append(match.span(1))
