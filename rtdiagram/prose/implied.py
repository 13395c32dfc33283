"""Links no single clause states, mixed into :class:`~rtdiagram.prose.relations.Linker`: users
reach the auth part a login clause names; a part that subscribes or publishes with no broker in
its clause uses the broker named before (or the only one); WebRTC media goes to the media server,
else peer to peer."""

from __future__ import annotations

import re

from rtdiagram.knowledge.technologies import lookup
from rtdiagram.prose.catalogue import I
from rtdiagram.prose.phrases import Found
from rtdiagram.prose.phrases import clause as clause_of
from rtdiagram.prose.protocols import protocol

DOERS = ("gateway", "service")
PRONOUN = re.compile(r"\b(?:it|they|the service|the server|this service)\b", I)
SUBSCRIBES = re.compile(r"\b(?:subscri(?:be|bes|bed|bing|ption|ptions)|re-?subscribes)\b", I)
_LOGIN = re.compile(r"\b(?:log(?:s|ged)? ?in|login|sign(?:s|ed)?[ -]in|authenticates? (?:with|against|through|via)|"
                    r"(?:gets?|obtains?|fetch(?:es)?|requests?) (?:a |an |the |their |its )?(?:\w+ )?(?:token|JWT)|"
                    r"(?:tokens?|JWTs?|credentials?) (?:comes?|are issued|is issued) (?:from|by)|"  # "tokens come from Zitadel"
                    r"(?:access|id|bearer) tokens?)\b", I)  # "with its Keycloak access token"
_AND_THEN = re.compile(r"\band (?:then )?(?:re)?(?:publish|forward|push|writ|send|stor|put)\w*", I)
_TOPIC_VERBS = re.compile(r"\b(?:subscri(?:b|pt)\w*|consum\w*|publish\w*|listens? (?:on|to)|reads? (?:from )?the (?:same |\w+ )?(?:topic|queue|stream))", I)
_SFU = re.compile(r"\bSFU\b|media server|video ?bridge|\bMCU\b", I)


class ImpliedLinks:
    """The passes of :class:`~rtdiagram.prose.relations.Linker` that read more than the clause at hand."""

    def subscriber(self, a: int, b: int, mentions: list[tuple[int, Found]]) -> None:
        """"curva subscribes to forno/#", "forno-bot is a Python script, also subscribed", "tank-api has
        its own plain subscription": with one broker in the text, a subscription is to that broker."""
        doer = next((f for _, f in mentions if f.kind in DOERS), None)
        first = mentions[0][0] if mentions else b
        if doer is None and (not any(f.kind == "client" for _, f in mentions) or PRONOUN.search(self.text, a, first)):
            opener = self.line_subject(a)
            doer = opener[1] if opener is not None else \
                self.subject_before(a) if PRONOUN.search(self.text, a, first) else None
        if doer is not None:
            self.link(doer, self.broker, protocol(doer, self.broker, None), " ".join(self.text[a:b].split())[:160])

    def logins(self, by_tier: list[Found]) -> None:
        """"Login goes through auth-svc", "associates sign in through Okta": the clients reach the
        auth part that a login clause names, when no clause links them already."""
        clients = [f for f in by_tier if f.kind == "client" and not f.attrs.get("_publishes")]  # people, not sensors
        for auth in (f for f in by_tier if f.kind == "auth"):
            if any(self._kind(l.source) == "client" for l in self.links if l.target == auth.id):
                continue
            if any(_LOGIN.search(self.text, *clause_of(self.text, s, e)) for s, e in sorted(auth.spans)[:10]):
                for client in clients:
                    self.link(client, auth, "http", None, "users log in through it")

    def topics(self, by_tier: list[Found]) -> None:
        """"The bridge subscribes to those topics": a part that publishes, subscribes or consumes in
        a clause naming no broker uses the broker named last before it (or the only one)."""
        brokers = [f for f in by_tier if f.kind in ("pubsub", "queue")]
        if not brokers:
            return
        linked = {(l.source, l.target) for l in self.links} | {(l.target, l.source) for l in self.links}
        for f in (f for f in by_tier if f.kind in DOERS):
            for s, e in sorted(f.spans)[:20]:
                a, b = clause_of(self.text, s, e)
                if then := _AND_THEN.search(self.text, e, b):
                    b = then.start()  # "subscribes to those topics and republishes onto Redis": two targets
                if not _TOPIC_VERBS.search(self.text, a, b) or any(h[2].kind in ("pubsub", "queue") for h in self.index.starting_in(a, b)):
                    continue
                before = [(hs, h) for hs, _, h in self.index.starting_in(0, s) if h.kind in ("pubsub", "queue")] \
                    if len(brokers) > 1 else [(0, brokers[0])]
                if before:
                    broker = max(before, key=lambda t: t[0])[1]
                    if (f.id, broker.id) not in linked:
                        self.link(f, broker, protocol(f, broker, None), None, "it subscribes or publishes: to the broker named before")
                    break

    def media(self, by_tier: list[Found]) -> None:
        """WebRTC media: every client sends it to the media server (an SFU) when there is one, else
        to the other clients, peer to peer. A second link beside the signalling one."""
        sfus = [f for f in by_tier if f.kind in ("gateway", "service") and (_SFU.search(f.name) or f.technology and
                "sfu" in getattr(lookup(f.technology), "roles", ()))]  # the knowledge base knows the media servers
        clients = [f for f in by_tier if f.kind == "client"]
        for client in clients:
            for sfu in sfus[:1]:
                self.extra(client, sfu, "webrtc", "WebRTC media goes to the media server")
        if not sfus:
            for a, b in zip(clients, clients[1:]):
                self.extra(a, b, "webrtc", "WebRTC media goes peer to peer")
