"""Machines and brokers: devices that publish over MQTT or open connections are clients, and the
part they publish to is the broker. Mixed into :class:`~rtdiagram.prose.parts.Parts`."""

from __future__ import annotations

import itertools
import re

from rtdiagram.prose.catalogue import NUMBER
from rtdiagram.prose.phrases import _HEAD_FORMS, _HEAD_RE, clause, negated, singular
from rtdiagram.prose.roles import HARDWARE_SUBJECT, speaks_mqtt

_PUBLISHERS = re.compile(
    r"(?:^|(?<=[.!?;]\s)|(?<=\n))[ \t]*(?:[-*•][ \t]+)?(?:(?:a fleet of|fleets? of|each of (?:the|our)|all (?:of )?(?:the|our)|"
    r"our|the|every|each|some|about|around|roughly|approximately|nearly|almost|over|~?\d[\d,.]*k?|" + NUMBER + r"|"
    r"(?:every|each) \d+ ?(?:s|sec|seconds?|min|minutes?|ms),?)\s+)*"
    r"(?P<name>(?:[A-Za-z][\w-]*\s+){0,2}?[a-z][\w-]*)(?:\s*\([^)\n]{0,80}\))?(?:,[^,.;\n]{0,80},)?"
    r"(?:\s+(?:around|along|across|near|beside|at|on|in|inside) (?:the |each |every )?[\w-]+(?: [\w-]+)?(?=\s+(?:each\s+|also\s+)?"
    r"(?:publish|send|report|push|stream|emit)))?\s+"  # "Nine noise monitoring terminals around the runway publish"
    r"(?:each\s+|also\s+|then\s+|all\s+)?(?:is\s+|are\s+)?(?:publish|send|report|push|stream|emit|(?P<subscribes>subscribe))(?:es|s|ing)?\b", re.I)
_PUBLISHERS_WHICH = re.compile(r"\b(?:an?|the|each|every|one) (?P<name>(?:[A-Za-z][\w-]*\s+){0,2}?[a-z][\w-]*),? (?:which|that) "
                               r"(?:sends?|publish(?:es)?|reports?|push(?:es)?|streams?|emits?)\b", re.I)  # "a GPS box which send …"
_TOPIC_PATH = re.compile(r"\b(?:to|on) `?[\w<>{}#+$-]+/[\w<>{}#+/$-]+")  # "publish moisture to gh3/soil/<bed>"
_PUBLISHERS_TERSE = re.compile(r"^[ \t]*[-*•][ \t]+~?\d[\d,.]*k?[ \t]+(?P<name>[a-z][\w-]*(?:[ \t]+[a-z][\w-]*)?)\b(?=[^\n]{0,80}"
                               r"\bMQTT\b|[^\n]{0,160}\b[Ee]ach (?:one |of them )?publish(?:es)?\b)", re.M)  # "- 24 valve controllers (ESP32 + solenoid), Wi-Fi, MQTT to Mosquitto"
_MODALS = {"may", "can", "will", "must", "should", "would", "could", "might", "shall", "does", "do", "did"}
_NOT_PUBLISHERS = {"each", "every", "nothing", "nobody", "everything", "everyone", "something", "none", "one", "it", "they", "we", "which",
                   "that", "this", "who", "he", "she", "system", "platform", "app", "user", "customer", "people", "client"}
_PUBLISHED_TO = re.compile(r"\b(?:publish\w*|subscrib\w*)\b[^.;]{0,140}?\b(?<!next )(?<!close )(?<!similar )(?<!due )(?:to|on)\s+"
                           r"(?:the\s+)?\**$", re.I)  # not "Mosquitto runs … next to callbridge"


class Devices:
    """The device and broker passes of :class:`~rtdiagram.prose.parts.Parts`."""

    def publishers(self) -> None:
        """Devices that publish to the broker over MQTT are its clients, whatever they are called:
        "a fleet of quadcopters … publishes position to AWS IoT Core over MQTT", "every turbine
        controller is publishing its measurements with MQTT"."""
        if "mqtt" not in self.transports and not any(speaks_mqtt(p.entry) for p in self.prods):
            return  # neither MQTT nor an MQTT broker (Mosquitto, EMQX) is named
        for m in itertools.chain(itertools.islice(_PUBLISHERS.finditer(self.text), 200),
                                 itertools.islice(_PUBLISHERS_WHICH.finditer(self.text), 200),
                                 itertools.islice(_PUBLISHERS_TERSE.finditer(self.text), 200)):
            s, e = m.span("name")
            words = m["name"].lower().split()
            reach = min(len(self.text), m.end() + 250)
            stops = (self.text.find("\n", m.end(), reach),) if m.re is _PUBLISHERS_TERSE else \
                (self.text.find(". ", m.end(), reach), self.text.find("\n\n", m.end(), reach))  # a terse line: all of it
            sentence = self.text[m.end():min((i for i in stops if i >= 0), default=reach)]
            mqtt = re.search(r"\bmqtt\b", sentence, re.I) or _TOPIC_PATH.search(sentence) or any(
                speaks_mqtt(p.entry) for p in self.prods_in(m.end(), m.end() + len(sentence)))
            known = self.covering(s, e)
            if known is not None and known.kind == "client" and mqtt and not negated(self.text, s):
                known.attrs["_publishes"] = True  # "The wall screens … subscribe to prices/# over MQTT": the broker's client
                continue
            if m.re is _PUBLISHERS_WHICH and self.text[max(0, m.start() - 2):m.start()] == ", ":
                continue  # "a beam counter on the gate, an ESP32 that publishes": the counter, described
            if words[-1] in _MODALS or words[0] in ("any", "no"):
                continue  # "Any socket may send …": a rule, not a device
            if singular(words[-1]) in _NOT_PUBLISHERS or singular(words[-1]) in _HEAD_FORMS or \
                    words[0] in _NOT_PUBLISHERS or known or self.prods_in(s, e) or len(words[-1]) < 3 or \
                    not mqtt or negated(self.text, s) or m.re is _PUBLISHERS and m["subscribes"]:
                continue  # a role word ("the bridge publishes") is a part, not a device
            name = " ".join(m["name"].split())
            self.add("client", name[:1].upper() + name[1:], "client:" + singular(words[-1]), None, (s, e)).attrs["_publishes"] = True

    def machines(self) -> None:
        """Machines that open connections are clients: "the AMRs each hold a WebSocket to fleet-hub",
        "the boxes (ESP32 and a lamp, six of them) each keep a websocket open to Pusher"."""
        for m in itertools.islice(HARDWARE_SUBJECT.finditer(self.text), 200):
            s, e = m.span("name")
            words = m["name"].split()
            if self.covering(s, e) or self.prods_in(s, e) or negated(self.text, s) or words[0].lower() in _NOT_PUBLISHERS:
                continue
            head = singular(words[-1].lower())
            same = [f for f in self.found if f.kind == "client" and singular(f.name.split()[-1].lower()) == head]
            if same:  # "a reconnecting board" is the bed board named before
                same[0].spans.append((s, e))
                continue
            name = " ".join(words)
            self.add("client", name[:1].upper() + name[1:], "client:" + singular(words[-1].lower()), None, (s, e))

    def brokers_by_use(self) -> None:
        """A part the text does not otherwise type, that devices publish to over MQTT, is the broker:
        "the sensors publish one reading per minute over MQTT … to **VerneMQ**, a cluster of three nodes"."""
        for f in self.found:
            if f.kind != "service" or f.entry is not None or _HEAD_RE.search(f.name):
                continue
            for s, _ in f.spans[:10]:
                a, _ = clause(self.text, s, s)
                if _PUBLISHED_TO.search(self.text, max(a, s - 160), s) and re.search(r"\bMQTT\b", self.text[a:s + 200]):
                    f.kind = "pubsub"
                    self.kind_changes += 1
                    break
