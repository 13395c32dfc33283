"""Counts and attributes stated in ordinary phrasing: "a pair of Envoy proxies", "twelve of
them", "pings roughly every half minute", "drops idle streams after five minutes", "the token
rides in the URL", "no stickiness"."""

from __future__ import annotations

import re
from itertools import islice

from rtdiagram.prose.catalogue import NUMBER, VAGUE, I, number
from rtdiagram.prose.phrases import Found, clause, lowered, negated, singular
from rtdiagram.prose.credentials import place_tokens
from rtdiagram.prose.nearby import READING, lower_version, nearest_part, scan_lower
from rtdiagram.prose.timing import config_heartbeats, timing

CAP = 500  # mentions read per attribute: the first ones state it
SCALED = {"gateway", "service", "load_balancer", "proxy", "ingress", "cdn", "pubsub", "datastore", "registry",
          "presence", "queue", "turn"}
HOPS = ("load_balancer", "proxy", "ingress", "cdn")
UNIT_WORDS = r"(?:nodes?|instances?|replicas?|pods?|servers?|machines?|processes|containers?|hosts?|of them|VMs?|tasks?|box(?:es)?|cop(?:y|ies)|members|dynos?|PCs?|NUCs?|Raspberry Pis?|Pis|droplets?|EC2 instances?)"
BEFORE = re.compile(rf"(?:(?<![:.])(?<!\d,)\b(?P<n>{NUMBER}|a pair of|a couple of|a single|single|a dozen)|(?P<v>{VAGUE})|\b(?P<x>\d+) ?[x×])"
                    r"(?: them (?:as|on|in|across))?"  # "we run a fleet of them as Kubernetes pods"
                    r"(?:[ -](?:node|instance|replica|pod|server|member|broker)(?:s? of(?: the| our| its)?)?)?[ -]+[*_`]{0,2}$",
                    I)  # "on one **Redis**", "two replicas of the push service"
AFTER = re.compile(rf"^[^.;\n]{{0,40}}?(?P<p>primary (?:and|\+|&|with) (?:a |one )?(?:hot )?(?:standby|replica|read replica|secondary))"
                   rf"|^[^.;\n]{{0,6}}\((?P<pp>primary and standby|primary \+ standby)"
                   rf"|^[^.;\n]{{0,30}}?\b(?P<pa>\d+|one|a) primary (?:\+|and|plus) (?P<pb>\d+|{NUMBER}) (?:read )?replicas?"
                   rf"|^\s*primary (?:\+|and|plus|with) (?P<pc>\d+|{NUMBER}) (?:read[- ])?replicas?"  # "Postgres primary + 2 read replicas"
                   rf"|^[^.;\n]{{0,40}}?\b(?:from |between )?(?:\d+|{NUMBER}) (?:to|and|or|-) (?:\d+|{NUMBER}) {UNIT_WORDS}\b(?P<range>)"  # "from 2 to 40 instances"
                   rf"|^[^.;\n]{{0,60}}?\bthe only (?:server|instance|machine|box|VM|node|process) (?:we run|there is|in the \w+)\b(?P<one8>)"
                   rf"|^(?! \d)(?:[^.;\n]|\.(?=\w)){{0,40}}?(?<![\w/.:=?&-])(?<!\d,)(?<!\bfor )(?P<n>\d+|{NUMBER}|a pair of|a dozen)[ -](?:(?!per\b|each\b|a\b|and\b|or\b)\w+ ){{0,2}}?"
                   rf"{UNIT_WORDS}\b(?!\.\w)"  # ", a Node.js service with two instances"
                   rf"|^[^.;\n]{{0,12}}?, (?P<m>\d+) (?:right now|today|at peak|currently)"
                   rf"|^\s*(?:is|are|runs? (?:on|as)|consists? of|spans?|has|have)\s+(?P<v>{VAGUE})\s+(?:\w+ ){{0,2}}?{UNIT_WORDS}\b"
                   rf"|^[^.;\n]{{0,30}}?(?P<pr>\bprimary\b[^.;\n]{{0,30}}?\b(?:plus|and|with)\s+(?:some |several |multiple |a few )?"
                   rf"(?:read[- ])?replicas)"
                   rf"|^\s*[x×] ?(?P<x>\d+)\b"  # "Centrifugo x3"
                   rf"|^\s*\((?:currently |now |today |at the moment |just |only )?(?P<m2>\d+|{NUMBER})(?:\)|,)"  # "nodes (currently five)", "(12, Node.js)"
                   rf"|^[*_`]*\s*\((?P<m8>\d+|{NUMBER}) (?:\w+ )?(?:servers?|nodes?|instances?|replicas?|brokers?|pods?|members?|VMs?)\b"  # "**NATS JetStream** (three servers in …)"
                   rf"|^[^.;\n]{{0,40}}?\b(?P<ap>(?:active[-/ ](?:passive|standby)|primary[-/ ](?:standby|replica)|hot[- ]standby) pair)\b"
                   rf"|^[^.;\n]{{0,40}}?\bone (?:per|for each|on each|in each) (?P<per>[a-z]+?)s?, (?P<m5>\d+|{NUMBER}) (?P=per)s?\b"  # "one per beamline, three beamlines"
                   rf"|^\s*(?:is|are) (?:the|an?|our) [^,.;\n]{{1,30}},\s*(?:a single|one|just one|only one) (?:\w+ )?(?:node|instance|server|"
                   rf"process|VM|container|task)\b(?P<one5>)"  # "Reverb is the WebSocket server, one process on the same VPS"
                   rf"|^[^.;\n]{{0,20}}?\b(?:is|are|runs? as|runs? on) (?:a single|one|just one|only one) (?:\w+ ){{0,2}}?(?:node|instance|server|box|machine|pod|dyno|process|task)(?![.\w])(?P<one>)"
                   rf"|^\s*(?:[,(:]|[=:][^,.;\n]{{0,30}},)\s*(?:a single|single|one|just one|only one) (?:\w+ )?(?:node|instance|server|box|machine|pod|worker|VM|EC2|"
                   rf"process|container)\b(?P<one2>)"  # "the admitter, a single worker", "broker (a single EC2 t3.small)"
                   rf"|^\s*[,(]\s*an? (?P<m3>\d+|{NUMBER})[ -](?:member|node|broker|instance|server)s? (?:cluster|ensemble|quorum)"
                   rf"|^[^.;\n]{{0,40}}?\b(?:on|as) (?:our |the )?(?:a single|one|just one|only one) (?:\w+ )?(?:node|instance|server|box|machine|VM|"
                   rf"VPS|host|droplet|container|dyno|Raspberry Pi|laptop|PC|NUC)\b(?P<one3>)"  # "robot-bridge, a Python service on a single VM"
                   rf"|^\W{{0,3}},\s*(?:one|a single) (?!of\b)(?:\w+ ){{0,2}}?(?:service|server|program|process|binary|daemon)\b(?P<one7>)"  # "tunnel-relay, one Rust service"
                   rf"|^[^;\n]{{0,60}}?\b[Ww]e (?:run|start|deploy) (?:(?:it|them) (?P<m6>\d+|{NUMBER}) times|(?:it |them )?(?:as )?"
                   rf"(?P<m9>\d+|{NUMBER}) (?:tasks|instances|copies|replicas|pods|containers|processes)\b)"  # "We run it two times", "We run three tasks"
                   rf"|^[^;\n]{{0,60}}?\b[Tt]here (?:is|are) (?:exactly |only |just )?(?P<m7>\d+|{NUMBER}) (?:instances?|copies|replicas?|processes) of (?:it|them)\b"
                   rf"|^[*_`]*\s*\([^()]{{0,90}}?\b(?:on|as) (?:our |the )?(?:a single|one|just one|only one) (?:\w+ )?(?:node|instance|server|box|"
                   rf"machine|VM|VPS|host|droplet|container|dyno|Raspberry Pi)\b(?P<one6>)"  # "(Python, Flask under gunicorn …, on one VM)"
                   rf"|^\s*,\s*(?:only|just) one\b(?! of)(?P<one4>)"  # "a Mosquitto broker, only one"
                   rf"|^\s*\|(?:[^|\n]*\|){{0,3}}?\s*(?P<m4>\d{{1,3}})\s*(?:(?:replicas?|nodes?|instances?|pods?)\s*)?\|"  # a table row
                   rf"|^[*_`]*\s+pair\b(?P<pair>)", I)  # "etcd, a three-member cluster"; "our own coturn pair"


_ONE_GROUPS = tuple(g for g in AFTER.groupindex if g.startswith("one"))  # the branches that say "one"
_NUMBER_GROUPS = ("n", "m", "x", *sorted(g for g in AFTER.groupindex if g[:1] == "m" and g[1:].isdigit()))  # m2 … m8
_THEIR_COUNT = re.compile(r"\b(?:its|their)\s+(?:\d+|" + NUMBER + r")\b", I)
_ARTIFACT = re.compile(r"(?:[^.;,\n]|\.(?=\w)){0,30}?\b(?:application|binary|codebase|code base|monolith|program|executable|repo)\b", I)


_VERSIONED = re.compile(r"\b[A-Z][\w.+-]*\s$")  # a product's name just before a number: "Redis 7", "Postgres 16"


def _count(raw: str | None) -> int | str | None:
    if not raw:
        return None
    value = number(raw.lower().replace("a single", "single"))
    if value is None or value != int(value):
        return None  # "an OAuth 2.1 resource server": a version, not a count
    return int(value)


def counts(text: str, found: list[Found], index=None) -> None:
    """A count stated next to a mention: before it ("a pair of Envoy proxies") or after it ("Match
    servers: Rust, twelve of them"), never reaching past the mention of another part."""
    for f in found:
        if f.kind not in SCALED:
            continue
        best: int | str | None = None
        head = singular(f.name.split()[-1]) if f.name.split() else ""
        plural = len(head) > 2 and any(text[s:e].lower().endswith(head + "s") for s, e in f.spans[:20])  # "game servers"
        for s, e in sorted(f.spans)[:50]:  # a count is stated near the first mentions
            low, high = max(0, s - 30), min(len(text), e + 90)
            if index is not None:
                others = [h for h in index.starting_in(max(0, s - 120), high) if h[2] is not f and h[2].alias is None]
                low = max([low, *(b for a, b, _ in others if b <= s)])
                high = min([high, *(a for a, _, _ in others if a >= e)])
            before = text[low:s]
            if m := BEFORE.search(before):
                value = _count(m["n"] or m["x"]) if m["n"] or m["x"] else "many"
                if m["n"] and re.search(r"\d\s*(?:to|-|and)\s*$", before[:m.start("n")]):
                    value = "many"  # "autoscaling from 2 to 40 instances": a range
                if m["n"] and m["n"][0].isdigit() and _VERSIONED.search(before, 0, m.start("n")):
                    value = None  # "a single Redis 7 instance": Redis 7 is a version
                if value == 1 and _ARTIFACT.match(text, s, min(len(text), e + 40)):
                    value = None  # "one Node.js application", "a single Go binary": code, not instances
                if value == 1 and (best is not None or plural):
                    value = None  # "a line typed on one node" after "a fleet of nodes", "each match to one game server"
                if value and not negated(text, s - len(m.group(0))):
                    best = value if best in (None, "many", 1) else best  # "one node at a time" says little
            inner = text.find(", ", s, e)  # a span that holds its appositive: "map-feed, a Node.js service with two instances"
            after = text[inner if inner >= 0 else e:high]
            if (their := _THEIR_COUNT.search(after)) and their.start() < 40 and index is not None and any(
                    h[2] is not f and h[0] < s for h in index.starting_in(clause(text, s, e)[0], s)):
                after = after[:their.start()]  # "Apollo uses a Redis PubSub … between its 4 replicas": Apollo's, not Redis's
            if m := AFTER.match(after):  # every branch is anchored at the start
                if m["p"] or m["pp"] or m["ap"] or m["pair"] is not None:
                    value = 2
                elif m["v"] or m["pr"] or m["range"] is not None:
                    value = "many"  # "Edge is a fleet of nodes", "a primary plus read replicas"
                elif any(m[g] is not None for g in _ONE_GROUPS):
                    value = 1  # "RabbitMQ is a single node"
                elif m["pa"] or m["pc"]:
                    value = (_count(m["pa"]) or 1) + (_count(m["pb"] or m["pc"]) or 0)  # "1 primary + 2 replicas"
                elif m["n"] and m["n"][0].isdigit() and _VERSIONED.search(after, 0, m.start("n")):
                    value = None  # "on a single Redis 7 instance": Redis 7 is a version
                else:
                    value = _count(next((m[g] for g in _NUMBER_GROUPS if m[g]), None))
                if value and best in (None, "many", 1) and not (value == 1 and best is not None):
                    best = value
        if best is not None:  # "a single Redis" is stated, and a single point of failure
            f.attrs["replicas"] = best


STICKY = re.compile(r"sticky|stickiness|\baffinity\b|\bip[_ ]hash|consistent[- ]hash|ring[- ]hash|rendezvous hash|\bmaglev\b|"
                    r"\bbalance\s+(?:source|roundrobin|leastconn|static-rr|first)\b|\bleast_conn\b|"  # HAProxy and nginx algorithms
                    r"\bpins? (?:each|every|a|the) \w+ (?:to \w+ )?(?:with|by|using) (?:a |its |their )?cookie\b|"
                    r"\bpinn?(?:ed|s|ing)? (?:\w+ ){0,3}?to (?:the same|one|a single|an? (?:node|server|instance|backend|pod|host)\b)|\bhash(?:es|ing)? (?:on|of|by) (?:the )?[\w-]+|"
                    r"(?:always )?(?:lands?|routes?|sent|goes) (?:\w+ ){0,3}?(?:to|on) the same (?:\w+ )?(?:backend|server|node|instance|pod|host)|"
                    r"round[- ]robin", I)


_STICKY_KEYS = re.compile(r"sticky|stickiness|affinity|hash|maglev|pinn?(?:ed|s|ing)? |lands? |routes? |sent |goes |round[- ]robin|"
                          r"balance |least_conn")


def _sticky(text: str):
    """STICKY's matches, tried only around its key words (scanning the whole text with the full
    pattern costs ten times more)."""
    low = lowered(text)
    haystack = low if low is not None else text.lower()
    pattern = lower_version(STICKY)
    done = -1
    for key in _STICKY_KEYS.finditer(haystack):
        m = pattern.search(haystack, max(0, key.start() - 20), key.end() + 80)
        if m and m.start() > done and m.start() <= key.start() < m.end() + 1:
            done = m.end()
            yield m


def attributes(text: str, found: list[Found], transports: list[str], index=None) -> None:
    READING.clear()
    READING["index"] = index
    near = lambda position, kinds: nearest_part(text, found, position, kinds)  # noqa: E731
    timing(text, found, index, near, HOPS)
    config_heartbeats(text, near)
    for match in islice(_sticky(text), CAP):
        hop = nearest_part(text, found, match.start(), HOPS) or nearest_part(text, found, match.start(), ("load_balancer",))
        if hop is None or "affinity" in hop.attrs:  # "Session affinity is off.": the one load balancer, beside a CDN
            continue
        window = text[max(0, match.start() - 40):match.end() + 40].lower()
        if re.search(r"\bno\b|without|stateless", text[max(0, match.start() - 12):match.start()], I) or \
                negated(text, match.start()) or \
                re.match(r"\s+(?:(?:is|are|was|stays?|remains?|left)\s+(?:\w+\s+)?)?(?:off|disabled|not used|none|turned off)\b|"
                         r"[^.;]{0,30}\b(?:switched|turned|disabled|switch|turn|left|leave|kept|keep) off\b", text[match.end():match.end() + 45], I):  # "we do NOT use sticky sessions", "affinity is off"
            hop.attrs["affinity"] = "none"
        elif re.search(r"round[- ]?robin|leastconn|least_conn|static-rr|balance first", text[match.start():match.end()], I):
            hop.attrs["affinity"] = "none"  # "plain round robin": no stickiness
        elif re.search(r"ip[_ ]hash|source ip|client ip|source address|balance source", window):
            hop.attrs["affinity"] = "ip_hash"
        elif re.search(r"consistent|hash|maglev|(?:room|channel|document|board|user|match|team|game)[ _-]?ids?", window):
            hop.attrs["affinity"] = "consistent_hash"
        elif "cookie" in window:
            hop.attrs["affinity"] = "cookie"
        elif hop.technology == "nlb":
            hop.attrs["affinity"] = "ip_hash"
            hop.attrs.setdefault("_guess", []).append("'sticky sessions' on an NLB: source-IP affinity assumed")
        else:
            hop.attrs["affinity"] = "cookie"
            hop.attrs.setdefault("_guess", []).append("'sticky sessions': cookie affinity assumed")
    place_tokens(text, found)
    _history(text, found)
    _delivery(text, found)
    _limits(text, found)
    _settings(text, found)
    READING.clear()


HISTORY = re.compile(r"\b(?:replay\w*|resum(?:e|es|ed|ing|ption)|rewind\w*|catch(?:es)? up|caught up|backfill\w*|"
                     r"last-event-id|missed (?:messages|events|updates|notifications)|message history|(?:since|by|from|after) (?:the |its |their )?last ?(?:\w+ )?(?:id|seq|sequence|cursor|offset)|"
                     r"(?:keeps?|stores?|holds?|caches?|re-?reads?) (?:the )?last \d+|last \d+ (?:\w+ )?(?:messages|events|updates|entries) (?:\w+ ){0,5}?(?:are )?(?:kept|stored|held)|"
                     r"(?:messages|events) (?:are )?kept (?:for )?\d+|history of \d+|recover(?:s|ed)? what (?:is|was) lost|(?:keeps?|stores?|holds?) (?:\w+ ){0,3}?history|"
                     r"history (?:api|buffer|window)|store[- ]and[- ]forward|(?:messages|events|updates|everything|what) "
                     r"(?:it|they|that \w+|the \w+|a \w+) (?:had )?missed|state recovery|recover(?:s|ed)? (?:the )?missed|"
                     r"(?:gives?|sends?|passes?|presents?) (?:back )?(?:the |its |their )?last (?:\w+ )?id|everything (?:after|since) (?:it|that))\b", I)


NO_HISTORY = re.compile(r"\b(?:(?:don['’]t|do not|doesn['’]t|does not|never|nothing is) (?:keep|store|retain|replay|have|buffer)\w* "
                        r"(?:any |a |the )?(?:history|backlog|replay|messages|events)|no (?:history|backlog|replay)\b|"
                        r"keeps? (?:no|nothing)\b)", I)


def _history(text: str, found: list[Found]) -> None:
    """Missed messages can be replayed: the gateway (or managed service) that replays plays the
    history role; a client that resumes says how."""
    for match in islice(scan_lower(HISTORY, text), CAP):
        low, high = max(0, match.start() - 300), min(len(text), match.end() + 300)  # a sentence, not a run-on text
        start, end = text.rfind(".", low, match.start()) + 1 or low, text.find(".", match.end(), high)
        if negated(text, match.start()) or NO_HISTORY.search(text, start, end if end >= 0 else high):
            continue  # "reconnects with Last-Event-ID, but we don't keep history": nothing to replay
        target = nearest_part(text, found, match.start(), ("gateway",))
        if target is not None:
            roles = target.attrs.setdefault("roles", [])
            if "history" not in roles:
                roles.append("history")
            return


AT_LEAST = re.compile(r"\bat[- ]least[- ]once\b|\bqos ?[12]\b|guaranteed delivery|redeliver\w*|\back(?:nowledge)?s? (?:each|every)", I)
AT_MOST = re.compile(r"\bat[- ]most[- ]once\b|\bbest[- ]effort\b|fire[- ]and[- ]forget|\bqos ?0\b|(?:may|can|will) (?:be )?(?:lost|dropped)", I)
_EXPLICIT = re.compile(r"at[- ](?:least|most)[- ]once|qos", I)  # a stated guarantee beats a hint ("guaranteed delivery")


def _delivery(text: str, found: list[Found]) -> None:
    """A delivery guarantee stated near the broker: "at least once", "QoS 1", "best effort"; a
    stated guarantee ("QoS 0 only") beats a hint ("not for anything that needs guaranteed delivery")."""
    pubsubs = [f for f in found if f.kind == "pubsub"]
    low = lowered(text) or text.lower()
    if not pubsubs or not any(word in low for word in ("once", "qos", "effort", "forget", "lost", "dropped", "redeliver",
                                                         "guaranteed", "ack")):
        return
    stated = []
    for value, pattern in (("at_least_once", AT_LEAST), ("at_most_once", AT_MOST)):
        for match in islice(scan_lower(pattern, text), CAP):
            if not negated(text, match.start()):
                stated.append((not _EXPLICIT.match(match.group(0)), match.start(), value, match))
    if stated:
        _, _, value, match = min(stated, key=lambda t: (t[0], t[1]))
        target = nearest_part(text, found, match.start(), ("pubsub",)) or pubsubs[0]
        target.attrs.setdefault("delivery", value)


RATE = re.compile(r"(?:at most|up to|max(?:imum)?|limit(?:ed)? (?:of|to)|more than|over|cap(?:ped)? (?:of|at)) (" + NUMBER + r") "
                  r"(?:(?:\w+ ){0,2}?(?:a|per) (?:second|s)\b|(?:msgs?|messages|frames|events)/s\b)", I)
SIZE = re.compile(r"\b(?:over|larger than|above|max(?:imum)?|up to|bigger than|capped at|caps? (?:\w+ ){0,2}?at|under|exceeds?|"
                  r"at most|limit(?:ed)? (?:of|to)|(?:max(?:imum)? )?(?:frame|message|msg|payload|event)s?(?: size)?:?) "
                  r"(\d[\d,]*) ?(kb|kib|mb|bytes|b)\b|\b(\d[\d,]*)-byte limit\b", I)
DRAIN = re.compile(r"\bdrain", I)
NO_DRAIN = re.compile(r"\bno drain|without drain|ignores sigterm", I)


def _limits(text: str, found: list[Found]) -> None:
    gateway = next((f for f in found if f.kind == "gateway"), None)
    if not gateway:
        return
    if m := next(scan_lower(RATE, text), None):
        gateway.attrs["rate_limit"] = {"messages_per_s": float(number(m.group(1)))}  # "up to thirty times a second"
    for m in islice(scan_lower(SIZE, text), 20):  # "messages are capped at 2 KB", "max frame 64 KB", "a 4,096-byte limit"
        unit = {"kb": 1024, "kib": 1024, "mb": 1048576, "bytes": 1, "b": 1}[(m.group(2) or "b").lower()]
        if re.search(r"frame|message|payload|msg|event", text[max(0, m.start() - 30):m.end() + 30], I):
            gateway.attrs["max_message_bytes"] = int((m.group(1) or m.group(3)).replace(",", "")) * unit
            break
    if next(scan_lower(DRAIN, text), None) and not next(scan_lower(NO_DRAIN, text), None):
        gateway.attrs["drain"] = {"enabled": True}
    elif next(scan_lower(NO_DRAIN, text), None):
        gateway.attrs["drain"] = {"enabled": False}


BUFFERING_OFF = re.compile(r"proxy_buffering off|buffering (?:off|disabled)|(?:turns?|switch(?:es)?) off buffering", I)
PER_USER = re.compile(r"(\d+) requests? (?:per|a|an) minute (?:per|for each|each) user", I)
GRACE = re.compile(r"(\d+)[- ]?(?:s|sec|second) grace period|grace period of (\d+) ?s", I)
JOIN_LEAVE = re.compile(r"\bjoined\b|\bleft\b|join/leave|joins? and leaves?", I)


HTTP_VERSION = re.compile(r"\bHTTP/(1\.1|2|3)(?:\.0)?\b|\bh2c?\b|\bQUIC\b")


def _settings(text: str, found: list[Found]) -> None:
    """Proxy buffering, per-user request limits at the edge, presence grace and join/leave events."""
    if m := next(scan_lower(BUFFERING_OFF, text), None):
        hop = nearest_part(text, found, m.start(), ("proxy", "load_balancer", "ingress"))
        if hop:
            hop.attrs["buffering"] = False
    if m := next(scan_lower(PER_USER, text), None):
        hop = nearest_part(text, found, m.start(), ("proxy",)) or next((f for f in found if f.kind == "proxy"), None)
        if hop:
            hop.attrs["rate_limit_per_user_per_min"] = int(m.group(1))
    for m in islice(scan_lower(HTTP_VERSION, text), CAP):  # "nginx … speaks HTTP/1.1 to browsers", "HTTP/2 at the edge"
        target = nearest_part(text, found, m.start(), HOPS) or nearest_part(text, found, m.start(), ("gateway",))
        if target is not None and not negated(text, m.start()):
            target.attrs.setdefault("http_version", "3" if m.group(0).upper() == "QUIC" else m.group(1) or "2")
    presence = next((f for f in found if f.kind == "presence"), None)
    if presence is None:
        return
    if m := next(scan_lower(GRACE, text), None):
        presence.attrs["offline_grace_s"] = float(m.group(1) or m.group(2))
    if next(scan_lower(JOIN_LEAVE, text), None):
        presence.attrs["join_leave_events"] = True
