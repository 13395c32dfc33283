"""Finding the clients a description names: browsers, apps, devices and the people who use them,
folded into one client where they are one ("the phones" the "driver apps" run on). Mixed into
:class:`~rtdiagram.prose.parts.Parts`."""

from __future__ import annotations

import re

from rtdiagram.prose.catalogue import CLIENT_HEAD, CLIENT_MODS, CLIENT_WORDS, I
from rtdiagram.prose.nameforms import (
    _CLIENT_LOWER, DETERMINER_BEFORE, DEVICES, _MACHINES, NOT_MODS, NOT_PARTS, NOUN_MOD, _PEOPLE, PLATFORMS,
    SERVER_SIDE_APP, _DEVICE_BEFORE, _DEVICE_RUNS, _PROPER_NAME, _COUNTED, _DESCRIBED, _LINE_START, _CONNECTS, _NOT_PAGES, _IN_A,
    _HANDHELD,
)
from rtdiagram.prose.mentions import slug
from rtdiagram.prose.modifiers import modifiers
from rtdiagram.prose.phrases import Product, lowered, negated, rejected_after, singular
from rtdiagram.prose.roles import VENDORS


_DESCRIBED_PHRASE = re.compile(r"\b(?:the|our|The|Our) (?P<name>[a-z][\w-]*(?: [a-z][\w-]*)?)\s*\(\s*(?:an?|the|our)\s+(?:\w+\s+)?$")
_QUOTED_AFTER = re.compile(r",? (?:the|our|called|named) [\"“](?P<name>[\w][\w .-]{1,28}[\w])[\"”]")
_DOC_PAGE = re.compile(r"s?\s+(?:of|in|on) (?:the|our|their|its|\w+['’]s) (?:\w+ )?(?:wiki|docs?|documentation|manual|guide|"
                       r"readme|handbook|spec|specification)\b", re.I)  # "the reverse-proxy page of the wiki"
_OPENS = re.compile(r"[^.;\n]{0,30}?\b(?:opens?|loads?|shows?|displays?|runs?|browses?|visits?)\b[^.;\n]*$", re.I)
_NATIVE_APP = re.compile(r",? (?:an?|our|the) (?:\w+ )?(?:desktop|native|Electron|iOS|Android|mobile) (?:\w+ )?app\b", re.I)
_RUNS_LIBRARY = re.compile(r"\b(?:running|runs|using|uses|with|built (?:on|with)|embeds?|ships?)\s+(?:\S+\s+){0,4}$", re.I)
_COPULA_SUBJECT = re.compile(r"\b(?:[Tt]he|[Oo]ur) (?P<name>[a-z][\w-]*(?: [a-z][\w-]*)?s) are (?:\w+ ){0,1}$")
_GENERALISED = re.compile(r"\b(?:like|unlike|as with|as in) (?:every|any|all|most|other)\s+(?:[\w.-]+\s+){0,2}$", re.I)
_IS_BUILT = re.compile(r"\s+(?:is|are)\s+(?:(?:built|written) (?:on|with|in)\s+|an?\s+)?")
_WEB_PAGE = re.compile(r"\b(?:pages?|sites?|dashboards?|boards?|screens?|displays?)$", re.I)


# Kinds of device: a bare "tablet" after "the TV screens" is another client, a bare "screen" after
# "the wall screens" the same one.
_DEVICE_CLASS = {"phone": "phone", "smartphone": "phone", "handset": "phone", "iphone": "phone", "tablet": "tablet",
                 "ipad": "tablet", "ipod": "phone", "laptop": "laptop", "chromebook": "laptop", "tv": "screen", "screen": "screen",
                 "display": "screen", "wallboard": "screen", "wall board": "screen", "kiosk": "kiosk", "terminal": "terminal",
                 "handheld": "handheld", "wearable": "wearable", "till": "till"}


_PROPER_DEVICES = {"android", "ios", "iphone", "iphones", "ipad", "ipads", "ipod", "ipods", "windows", "chromebook", "chromebooks", "mac", "macs",
                   "linux", "zebra", "raspberry"}
_BY_PHONE = re.compile(r"\b(?:by|via|over the|on the|per) $", re.I)  # a telephone call, not a device that connects
_ON_SCREEN = re.compile(r"\b(?:on|off)[ -]$", re.I)
_GENERIC_CLIENT = re.compile(r"(?:browsers?|clients?|users?|web clients?|the browser)", re.I)


class Clients:
    """The client pass of :class:`~rtdiagram.prose.parts.Parts`."""

    def clients(self, prods: list[Product]) -> None:
        text = self.text
        low = lowered(text)
        for match in (_CLIENT_LOWER.finditer(low) if low is not None else CLIENT_HEAD.finditer(text)):
            s, e = match.span()
            if self.headings[s] or self.covering(s, e) or s > 0 and text[s - 1:s] in ("-", "/") or text[e:e + 1] == "/" or negated(text, s) or re.match(
                    r"[\s-]+(?:ip|side|id|library|code|lib|urls?|sdks?|certificates?|certs?|secrets?|tokens?|versions?|config|credentials?|keys?|jwts?|mode)\b",
                                                                 text[e:e + 16], I):
                continue
            if text[s:s + 1].isupper() and re.match(r" [A-Z][a-z]", text[e:e + 3]) or \
                    any(p.start == e + 1 for p in self.prods_in(e, e + 2)):
                continue  # "App Service", "App Engine": a product's name; "kiosk Chromium": a mode of it
            if match.group(0).lower().startswith("sdk") and _RUNS_LIBRARY.search(text, max(0, s - 50), s):
                continue  # "a camera box running Amazon's WebRTC C SDK": code inside the device, not a client
            if _ON_SCREEN.search(text, max(0, s - 5), s) and match.group(0).lower() == "screen" or \
                    match.group(0).lower() == "phone" and _BY_PHONE.search(text, max(0, s - 12), s):
                continue  # "changes on screen in under a second", "planned by phone": idioms, not devices
            if _GENERALISED.search(text, max(0, s - 40), s):
                continue  # "Like every Vaadin app, …": apps in general, not a part
            if (copula := _IS_BUILT.match(text, e)) and any(p.start == copula.end() and p.entry is not None and p.entry.category in (
                    "framework", "gateway_server") for p in self.prods_in(copula.end(), copula.end() + 1)):
                continue  # "The app is Vaadin Flow with Spring Boot": the server side
            if re.search(r"\b(?:to|server|node)[\s-]*$", text[max(0, s - 12):s], I) and \
                    re.search(r"server", text[max(0, s - 12):s], I):
                continue  # "server to client": a direction
            if any(p.end >= s - 2 and not text[p.end:s].strip() and p.kind != "client" and p.entry and (p.entry.category == "framework" or
                   p.entry.category in ("runtime", "language") and SERVER_SIDE_APP.search(text, max(0, p.start - 12), p.start))
                   for p in self.prods_in(max(0, s - 40), s)):
                continue  # "a FastAPI app" is the server, not a client; "the gateway is a Node.js app" too
            prev = re.search(r"(\w+)\s+$", text[max(0, s - 20):s])
            if prev and f"{prev.group(1).lower()} {singular(match.group(0))}" in NOT_PARTS:
                continue  # "a file browser"
            start, words = modifiers(text, s)
            mods = [w for w in words if w.lower() in CLIENT_MODS or w.lower().endswith(("'s", "s'")) and w.lower() not in NOT_MODS
                    or any(p.kind == "client" for p in self.prods_in(start, s))]
            if not mods and words and NOUN_MOD.fullmatch(words[-1]) and words[-1].lower() not in NOT_MODS and \
                    (DETERMINER_BEFORE.search(text, max(0, s - len(words[-1]) - 13), text.rfind(words[-1], 0, s)) or
                     _LINE_START.search(text, max(0, s - len(words[-1]) - 8), text.rfind(words[-1], 0, s)) or
                     _COUNTED.search(text, max(0, s - len(words[-1]) - 14), text.rfind(words[-1], 0, s)) or
                     words[-1][:1].isupper() and not words[-1].isupper() and len(words) == 1 and
                     words[-1].lower() not in VENDORS and not re.match(r"\s+[A-Z]", text[e:e + 2])) and \
                    not self.prods_in(text.rfind(words[-1], 0, s), s):
                mods = words[-1:]  # "the pharmacist console", "- haulier app (Flutter)", "1,100 seat-back screens", "Libretto app"
            if mods:
                start = max(0, text.rfind(mods[0], max(0, s - 200), s))
            else:
                start = s  # "routes client traffic": the words before are not the client's
            head = singular(match.group(0))
            if head == "page" and (not mods and not _CONNECTS.match(text, e) or self.prods_in(start, s) or
                                   any(w.lower() in _NOT_PAGES for w in mods) or _DOC_PAGE.match(text, e)):
                continue  # "the host page", "the build page" are clients; "a page", "the Jira page", "the old page" are not
            mobile = head in ("phone", "smartphone") or any(w.lower() in ("mobile", "ios", "android") for w in mods)
            key = "mobile" if mobile else " ".join(singular(w) for w in mods) or ""
            name = " ".join(text[start:e].split())
            if (subject := _COPULA_SUBJECT.search(text, max(0, start - 40), start)) and not self.covering(*subject.span("name")):
                name, start = subject["name"], subject.start("name")  # "The scanners are handheld Android devices"
            clients = [t[2] for t in sorted(self.of_kind("client"), key=lambda t: t[1])]
            if not key and clients:
                heads = {singular(c.name.split()[-1].lower()) for c in clients}
                hosted = head == "browser" and _IN_A.search(text, max(0, s - 12), s)  # "a wall board running in a browser"
                clients = sorted(clients, key=lambda c: -max((ce for _, ce in c.spans if ce <= s), default=-1)) if hosted else clients
                handheld = all(_HANDHELD.search(c.name) or head == "browser" and any(
                    _NATIVE_APP.match(text, ce) for _, ce in c.spans[:3]) for c in clients)  # "plow-desk, a desktop Electron app"
                classes = {_DEVICE_CLASS.get(h) for h in heads} | {"phone" for c in clients if c.attrs.get("platform") == "mobile"}
                if not (head == "browser" and (heads <= _MACHINES or handheld and not hosted) or
                        head in ("screen", "display", "tv", "wallboard", "monitor") and heads <= _MACHINES or  # after "sensors"
                        head in _MACHINES - {"device"} and not heads & _MACHINES or
                        head in _DEVICE_CLASS and _DEVICE_CLASS[head] not in classes and _DEVICE_CLASS[head] in ("tablet", "laptop", "phone")):  # "browsers" after
                    # "Couriers' app"; "the tablet in the control room" after "the managers' phones": another device
                    same = [c for c in clients if singular(c.name.split()[-1].lower()) == head and not hosted]
                    joined = (same or clients)[0]
                    joined.spans.append((s, e))  # "the client", "the browser": the one named before; "the app": the app
                    if not same and head in _DEVICE_CLASS and _GENERIC_CLIENT.fullmatch(joined.name):
                        joined.name = " ".join(text[start:e].split()).capitalize()  # "pushes to browsers … The wallboards open it"
                        self.reidentify(joined, slug(head))
                    continue
                key = head  # "browser" after "field devices", "sensors" after "browser dashboard": two kinds
            if rejected_after(text, e):
                continue  # "now that the old table terminals are retired": checked only for a new client (costly)
            tech = next((p.tech for p in self.prods_in(start, e) if p.kind == "client"), None)
            found = self.add("client", name[:1].upper() + name[1:], "client:" + (key or head), tech, (start, e))
            if mobile:
                self.reidentify(found, "mobile")
                found.attrs["platform"] = "mobile"
        everyone = [t[2] for t in sorted(self.of_kind("client"), key=lambda t: t[1])]
        people = [f for f in everyone if singular(f.name.split()[-1].lower()) in _PEOPLE and not f.technology]
        hosting = {f.id for f in everyone if any(_DEVICE_BEFORE.search(self.text, max(0, s - 30), s) or _DEVICE_RUNS.match(self.text, e)
                                                 for s, e in f.spans)}  # "on visitors' phones", "the laptop runs CueDesk"
        devices = [f for f in everyone if singular(f.name.split()[-1].lower()) in DEVICES and (f.id in hosting or
                   {w.lower() for w in f.name.split()[:-1]} <= PLATFORMS and
                   not any(re.match(r"[ \t]*:", self.text[e:e + 2]) for _, e in f.spans))]  # "handhelds: drivers POST …"
        software = [f for f in everyone if f not in people and f not in devices and
                    singular(f.name.split()[-1].lower()) not in DEVICES]
        for person in people:
            if software or devices:  # "players" use the "game client": one client; "members" the "member app"
                who = singular(person.name.split()[-1].lower())
                self.merge(person, next((c for c in software + devices if who in (singular(w) for w in
                                                                            c.name.lower().replace("'s", "").split())),
                                        (software or devices)[0]))
        for device in devices:
            if software:  # "the phones" the "driver apps" run on: one client; "Libretto app on visitors' phones": that app
                near = [(ds - ce, c) for c in software for ds, _ in device.spans for _, ce in c.spans if 0 <= ds - ce <= 30
                        and _DEVICE_BEFORE.search(self.text, max(0, ds - 30), ds)]
                host = min(near, key=lambda t: t[0])[1] if near else None  # the app named just before "on visitors' phones"
                if host is None:  # a page is not what "the phones" run, unless they open it: "the phone open our page"
                    host = next((c for c in software if not _WEB_PAGE.search(c.name) or any(
                        _OPENS.match(self.text, de, cs) for _, de in device.spans[:5] for cs, _ in c.spans if 0 < cs - de <= 60)), None)
                if host is None:
                    continue
                self.merge(device, host)
                if singular(device.name.split()[-1].lower()) not in host.name.lower() and " on " not in host.name:
                    first = device.name.split()[0]
                    bare = re.sub(r"['’]s?$", "", first)  # "SM's laptop" keeps its capitals
                    on = device.name if bare.lower() in _PROPER_DEVICES or bare.isupper() else first.lower() + device.name[len(first):]
                    host.name = f"{host.name} on {on}"  # "Web app on tablet": what runs, and where
                if device.attrs.get("platform"):
                    host.attrs.setdefault("platform", device.attrs["platform"])
        for f in [t[2] for t in sorted(self.of_kind("client"), key=lambda t: t[1])]:
            s = f.spans[0][0]
            described = _DESCRIBED_PHRASE.search(self.text, max(0, s - 60), s) or \
                _DESCRIBED.search(self.text, max(0, s - 60), s) or \
                next((q for _, e in f.spans[:3] if (q := _QUOTED_AFTER.match(self.text, e))), None)  # 'a tablet, the "consola"'
            owner = self.covering(described.start("name"), described.end("name")) if described else None
            library = f.key in ("client:javascript", "client:js", "client:typescript")  # "the JS client sends the token"
            others = [c for c in self.of_kind("client") if c[2] is not f]
            if owner is not None and owner is not f and owner.kind == "client":
                self.merge(f, owner)
            elif described and owner is None and (_PROPER_NAME.fullmatch(described["name"]) or described.re is not _DESCRIBED) and \
                    not self.prods_in(described.start("name"), described.end("name")):
                f.name = described["name"] if described.re is not _DESCRIBED_PHRASE else \
                    described["name"][:1].upper() + described["name"][1:]  # "SurCue (our Electron app)", "the city map (…)"
                self.reidentify(f, slug(f.name))
                for again in re.finditer(rf"(?<![\w-]){re.escape(described['name'])}(?![\w-])", self.text):
                    if not self.covering(*again.span()):
                        f.spans.append(again.span())
            elif library and others:
                self.merge(f, min(others, key=lambda t: t[1])[2])
        bare = {"client:" + singular(w) for w in CLIENT_WORDS.replace("?", "").split("|")}
        clients = [t[2] for t in sorted(self.of_kind("client"), key=lambda t: t[1])]
        named = [f for f in clients if f.key not in bare]
        for f in clients:
            if f.key in bare and named and not f.technology:  # "the client" is the client named elsewhere
                same = [n for n in named if f.key[7:] in ("client", "user") or f.key[7:] in singular(n.name).split()
                        or f.key[7:] in n.key]
                if same or len(named) == 1 and f.key[7:] in ("client", "user", "app", "device", "frontend", "front-end"):
                    self.merge(f, (same or named)[0])
