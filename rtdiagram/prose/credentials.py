"""Where a credential travels ("the token rides in the URL", "a Bearer header on the upgrade",
"the first frame carries login and passcode") and which part checks it."""

from __future__ import annotations

import re
from itertools import islice

from rtdiagram.prose.catalogue import I
from rtdiagram.prose.nearby import nearest_part, scan_lower
from rtdiagram.prose.phrases import Found, clause, negated
from rtdiagram.prose.timing import brokered

_IT_GOES = re.compile(r"[;.,]?\s+(?:and |then )?(?:(?:the |each |every )?\w+ )?(?:\w+s it and )?(?:puts|sends|passes|adds|carries|"
                      r"sets|put|send|pass|add|carry|set) (?:it|them|theirs|its own|their own)\b[^.;\n]{0,80}", re.I)
_THAT = re.compile(r"\s*(?:that|this|which|it)\b", I)
TOKEN_CAP = 60  # credential mentions read: a description says where the token goes a few times at most
TOKEN = re.compile(r"\b(?:JWTs?|tokens?|[a-z]+_?token|[a-z]+_auth|credentials?|(?:api|access|common|shared|secret|static|pre-shared|"
                   r"device|client|app|board|station|site|tenant) keys?|authorization header|(?:signed|access|store) pass|"
                   r"(?:its|their) (?:own )?key|(?:only )?identification|authenticat\w* with|cookie[- ]based (?:sessions?|logins?|auth\w*)|identif(?:y|ies) (?:the|each|a) \w+|session (?:ids?|values?|keys?)|auth|bearer|tickets?|passwords?|passcodes?|secrets?|[\w]+-digit (?:\w+ )?pins?|pin codes?|passphrases?|"
                   r"(?:session|auth\w*|login|signed|httponly|http-only|\w+_session`?|session_\w+`?|sid`?) cookies?|"
                   r"(?:the|an?|its|their|our) key|api_?key|x-[\w-]*signature|"  # "the X-Twilio-Signature header"
                   r"(?:has|gets|receives|holds|keeps) (?:a|the|its|their) (?:\w+ )?cookie|url is (?:[\w]+-)?signed)\b"
                   r"|[?&](?:u?id|user\w*|p?id|player\w*|student\w*|exam|code|dob|surname|device\w*|t|sid)=", I)  # who is who, in the URL
LOCATIONS = (("query", r"\bURLs?\b|query[ -]?(?:string|param\w*)|url[ -]param\w*|[?&]\w*token=|\bas `?[?&][a-z_]{1,12}=|\bin the (?:connection )?url\b|"
                      r"[?&](?:u?id|user\w*|p?id|player\w*|student\w*|exam|code|dob|surname|device\w*|t|sid)=|"
                      r"[?&][\w-]{1,12}=<[^>]{0,20}(?:key|token|secret|ticket|jwt|password|pin)>|"
                      r"(?:pre)?signed url|\bin the link\b"),
             ("subprotocol", r"sec-websocket-protocol|subprotocol"),
             ("cookie", r"\bcookies?\b"),
             ("first_message", r"first (?:\w+ )?(?:message|frame)|initial (?:\w+ )?message|(?:auth(?:entication)?|login|hello|"
                               r"CONNECT|identify) (?:message|frame|packet)|connect(?:ion)? (?:packet|frame)|"
                               r"(?:username|password) field|connect payload|auth payload|(?:right |straight |just |immediately )?"
                               r"after (?:it )?(?:connect(?:s|ing|ion)?|the socket opens)\b[^.;]{0,40}\bsends?|once connected|"
                               r"once the (?:socket|connection) is open|\bsends? [^.;]{0,30}?[\"/{:]\s*\"?auth\w*\b|"
                               r"(?:connection_?init|init|connect|auth|join|subscribe|subscription) (?:payload|message|frame)|\bin the (?:MQTT )?CONNECT\b|"
                               r"\bCONNECT\s*:"),
             ("header", r"\bheaders?\b|bearer|authorization|basic auth\w*|http basic"))


def place_tokens(text: str, found: list[Found]) -> None:
    """Where the credential travels: on the auth part when the text names one, else on the
    gateway that checks it ("the token rides in the URL")."""
    to_broker = brokered(text, found)
    last: list = [-1000, None]  # the part the previous credential mention went to: "This token … The token …"

    def checker(position: int, a: int, b: int) -> Found | None:
        target = _credential_checker(text, found, position, a, b, to_broker)
        if target is None and position - last[0] < 600:
            target = last[1]
        last[:] = [position, target] if target is not None else last
        return target

    for match in islice(scan_lower(TOKEN, text), TOKEN_CAP):
        a, b = clause(text, match.start(), match.end())
        window = text[a:b]
        if (nxt := _IT_GOES.match(text, b)) and not any(re.search(p, window, I) for _, p in LOCATIONS):
            window = text[a:nxt.end()]  # "every screen has a device key; the screen sends it in an X-Board-Key header"
        elif a > 2 and _THAT.match(window) and not any(re.search(p, window, I) for _, p in LOCATIONS):
            window = text[clause(text, a - 2, a - 2)[0]:b]  # "… sends the wristband number as its first message; that identifies"
        for location, pattern in LOCATIONS:
            m = re.search(pattern, window, I)
            if m and not negated(text, a + m.start()) and not re.search(r"can't|cannot", window[max(0, m.start() - 25):m.start()], I):
                target = checker(match.start(), a, b)
                if target and "token_location" not in target.attrs:
                    target.attrs["token_location"] = location
                break  # one place per mention; a second endpoint may state its own
        else:  # "the boards log in to Mosquitto with a username and password": MQTT carries them in CONNECT
            target = checker(match.start(), a, b)
            if target is not None and target.kind == "pubsub" and "token_location" not in target.attrs and \
                    re.search(r"\buser\s?names?\b|\bpasswords?\b|\blog(?:s|ged)? in\b", window, I) and not negated(text, match.start()):
                target.attrs["token_location"] = "first_message"


_BROKER_LOGIN = re.compile(r"\b(?:MQTT|STOMP|CONNECT)\b")


_GATEWAY_NAME = re.compile(r"(?:gateway|-gw)$", I)


def gateway_by_name(f: Found) -> bool:
    """Whether a part is a gateway only because its name says so ("push-gateway", "the ADS-B receiver
    gateway"): no product behind it; the links may yet show it is a back-end service."""
    return f.kind == "gateway" and f.entry is None and bool(_GATEWAY_NAME.search(f.name))


def _credential_checker(text: str, found: list[Found], position: int, a: int, b: int, to_broker: bool) -> Found | None:
    """Who checks a credential: the auth part when the text names one, else the gateway, but a
    broker when the clause is about its protocol's login (MQTT or STOMP CONNECT) or when the
    clients speak only to a broker."""
    target = nearest_part(text, found, position, ("auth",))
    if target is not None:
        return target
    gateway = nearest_part(text, found, position, ("gateway",))
    if to_broker and (_BROKER_LOGIN.search(text, a, b) or gateway is None):
        broker = nearest_part(text, found, position, ("pubsub",))
        if broker is not None and (gateway is None or not any(a <= s < b for s, _ in gateway.spans)):
            return broker
    gateways = [f for f in found if f.kind == "gateway"]
    if len(gateways) > 1:  # one called a gateway only by its name ("alarm-gateway") may be a back-end service
        gateways = [f for f in gateways if not gateway_by_name(f)]
    if gateway is None and len(gateways) == 1:
        gateway = gateways[0]  # "the app puts it as Bearer in the Authorization header of the upgrade": the one gateway
    return gateway
