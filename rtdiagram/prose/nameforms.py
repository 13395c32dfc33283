"""The ways a description names a part, as patterns: an appositive ("Courier, our push
service"), "called"/"named", a definition ("X is a Go service"), a stream target ("a WebSocket to
LiveGraph"), quoted, bold or hyphenated names, acronyms with their expansion. ``naming.Naming``
reads them; each generator tries its costly pattern only around a cheap anchor.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rtdiagram.prose.catalogue import CLIENT_WORDS, I
from rtdiagram.prose.phrases import head_kind

_WORD = r"[\w$@/+#&'*-]+(?:\.[\w]+)*"  # Socket.IO and Node.js are words; a full stop is not
_GLUE = (r"(?!(?:to|over|with|via|from|and|or|the|a|an|of|on|through|by|for|into|carrying|connects|also|"
         r"is|are|was|were|be|come|comes|came|go|goes|get|gets|has|have|had|will|would|can|then|that|which|who|"
         r"we|they|it|this|these|those|when|where|while|so|but|after|before|once|during|upon)\b)")  # a clause, not a name
# "lightd, a FastAPI service": a name in lower case only before a stack and a head noun ("the queue, a Redis list" is not one)
_PROGRAM_DESC = (r"(?<![\w.-])(?!(?:clients?|servers?|browsers?|apps?|users?|services?)\b)[a-z][a-z0-9_]{2,}, (?:an?|our) (?:small |tiny |little |custom |in-house )?[A-Z][\w.+#-]*(?: [A-Z][\w.+#-]*)? "
                 r"(?:service|server|app|application|worker|daemon|process|bridge|script|program|API|api|backend|hub|relay)\b")
_PROGRAM_NAMED = re.compile(_PROGRAM_DESC)
APPOSITIVE = re.compile(
    rf"(?P<name>(?=[A-Z$*]|[a-z][a-z0-9]*-[a-z0-9]+,|{_PROGRAM_DESC}){_WORD}(?: {_GLUE}{_WORD}){{0,5}}?(?: \([^()]{{1,40}}\))?), (?:an?|one(?= [A-Z][\w.+#-]* (?:service|server|daemon|program|app)\b)|the|our|its|their|[A-Z][\w.-]*['’]s) "
    r"(?P<desc>(?:[^,.;:()]|\.(?=\w)){2,120})", re.UNICODE)
CALLED = re.compile(r"(?P<desc>[\w.( -]{3,40}?),? (?:(?:called|named|known as) (?!(?:after|for|by|in|on|as|with|from|to|at|again|once|every|twice|when|if|and|or|the|a|an|its?|their)\b)[*\"'“‘`]?|(?:simply |just |internally )?calls? "
                    r"(?:it |him |her |them |this )?(?=[*\"'“‘`]))(?:[*\"'“‘`])?(?P<name>[\w.-]*\w)[*\"'”’`]?")  # "(we call him "bus-feeder")"
_LINE_LABEL = re.compile(r"^[ \t]*(?:\[[^\]\n]{0,30}\][ \t]*)?(?:[-*•][ \t]+)?\**([^\n:*]{1,60}?)\**:", re.M)


@lru_cache(maxsize=2)
def line_labels(text: str) -> Counter:
    """How many lines open with each "label:" ("tom:", "[20:14] jonas:", "- **Broker**:"), read once
    per text: a label that opens several lines is a chat speaker, not the name of a part or system."""
    return Counter(m.group(1).strip() for m in _LINE_LABEL.finditer(text))


NOT_A_NAME = re.compile(r"^(?:On|In|At|When|After|Before|For|If|Then|Once|During|Via|With|From|To|By|As|Each|Every|"
                        r"Straight|Right|Just|Immediately|Later|First|Finally|Next|However|Meanwhile|Instead|Otherwise|"
                        r"Usually|Typically|Normally|Only|Even|Now|Since|Because|While|Where|Why|How|What|Who|"
                        r"Here|There|This|That|It|Users|Clients|Summary|Auth|Note|Today|Also|But|And|So|URL|URI|Link|Address|"
                        r"We|They|You|I|Yes|No|OK|Like|Unlike|Despite|Except|Besides|Without|Behind|Between|Across|Inside|Outside|"
                        # topic labels of a design note ("**Keepalive**: 30 s on every client"), not names
                        r"(?i:Keep-?alives?|Heartbeats?|Liveness|Authentication|Authorization|Login|Storage|Persistence|"
                        r"Timeouts?|Scaling|Reconnects?|Reconnection|Security|Fallbacks?|Fan-?out|Delivery|History|Replay|"
                        r"Limits|Deploys?|Deployment|Context|Goal|Problem|Flow|Decisions?|Rejected|Status|Backpressure|"
                        r"Ordering|Retention|Capacity|Sessions?|Stickiness|Affinity)"
                        r"|VMs?|VPS|PCs?|NUCs?|EC2)$")  # where a part runs ("same VM, its own process"), not a part


PROTOCOL_NAME = re.compile(r"(?:HTTPS?(?:/[\d.]+)?|gRPC|REST|WebSockets?|WSS?|SSE|TCP|UDP|QUIC|JSON|GraphQL|MQTT|AMQP|"
                           r"STOMP|XMPP|WebRTC)(?: (?:API|streams?|connections?|sockets?|endpoints?))?", I)  # how, not who
GENERIC_WORDS = {"server", "service", "node", "instance", "process", "pod", "cluster"}
NOT_PARTS = {"garbage collector", "file browser", "event loop", "thread pool",  # ordinary phrases with a head noun
             "4g router", "5g router", "lte router", "wifi router", "wi-fi router", "home router", "cellular router",
             "dsl router", "internet router", "wireless router",  # network gear, not a message router
             "alarm panel", "solar panel", "patch panel", "electrical panel", "breaker panel", "fire panel",  # hardware
             "timeout server", "timeout client", "timeout tunnel", "app service",  # settings; a hosting platform
             "free tier", "paid tier", "premium tier", "pricing tier", "hobby tier", "starter tier", "basic tier",
             "standard tier", "enterprise tier", "pro tier", "free plan", "paid plan",  # what a vendor charges
             "channel layer"}  # Django Channels' name for the broker it is configured with
_WORDISH = re.compile(r"[\w-]")
_CLIENT_LOWER = re.compile(rf"\b(?:{CLIENT_WORDS.lower()})\b")
_APPOSITION = re.compile(r", (?:an?|one(?= [A-Z][\w.+#-]* (?:service|server|daemon|program|app)\b)|the|our|its|their|[A-Z][\w.-]*['’]s) ")


def appositives(text: str):
    """APPOSITIVE's matches, looked for only around ", a|the|our …" (the regex is costly to try at
    every capital letter of a long text)."""
    done = 0
    for anchor in _APPOSITION.finditer(text):
        if anchor.start() < done:
            continue
        position = max(done, anchor.start() - 120)
        while True:  # every appositive up to this anchor, not only the first one in reach
            match = APPOSITIVE.search(text, position, min(len(text), anchor.end() + 130))
            if not match or match.start() < done:
                break
            if _CLAUSE_NAME.search(match["name"]):  # "Facebook moved live comments onto Bladerunner": a clause, not a name,
                done = position = match.start() + len(match["name"].split(" ")[0]) + 1  # but its end may start one
                continue  # ("holds a Socket.IO connection to real-time, a Node.js service")
            done = position = match.end()
            yield match
            if match.end() >= anchor.end():
                break


_CLAUSE_NAME = re.compile(r"^\S+(?: \S+)*(?: (?!\()[a-z][\w-]*){2}(?: \S+)+")  # 4+ words, 2+ in lower case: a clause
_PRESENCE_AFTER = re.compile(r"\s+(?:service|server|store|system|tracking|tracker|data|layer|component|channel|table|cache|"
                             r"map|events?|registry|keys?)\b", I)
_PRESENCE_BEFORE = re.compile(r"\b(?:tracks?|tracking|keeps?|stores?|holds?|publishes|broadcasts?|for|with|and|own) (?:\w+ ){0,2}$", I)
_CREDENTIAL_DESC = re.compile(r"(?:[\w-]+ ){0,3}?(?:JWTs?|tokens?|keys?|secrets?|certificates?|cookies?|credentials?|"
                              r"passwords?|signatures?|grants?)\b", I)
_PEOPLE = {"player", "viewer", "subscriber", "user", "member", "customer", "fan", "student", "people"}
_MACHINES = {"device", "sensor", "vehicle", "terminal", "kiosk", "meter", "car", "truck", "robot", "controller", "gauge"}
_AUTH_NAMES = ("auth", "login", "identity", "sso", "iam", "token-", "session-svc", "accounts", "account-", "oauth", "oidc")
_HOLDS = re.compile(r"\b(?:holds?|accepts?|terminates?|keeps?|serves?|maintains?|owns?|streams?) (?:\w+ ){0,3}?"
                    r"(?:web ?sockets?|sockets?|connections?|streams?|sse|event ?streams?)\b", I)
_SET_OFF = re.compile(r"\*\*(?P<name>[a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z][a-z0-9]{3,}(?=\*\*\s*\((?:[A-Z]|\w+,)))\*\*|\*\*(?P<name3>[A-Z][\w.-]*[a-z][\w.-]*(?: [A-Z][\w.-]+){0,2}|[A-Z][A-Z0-9]{2,5})\*\*"
                      r"|(?:^|(?<=[.!?] ))(?:[-*•]\s+)?(?:[Tt]he |[Oo]ur )?(?P<name2>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?=\s*[:(]|"
                      r" (?:is|are|runs|uses|holds|keeps|owns|sends|publishes|pushes|reads|writes|stores|subscribes|consumes|"
                      r"polls|streams|tracks|broadcasts|accepts|terminates|serves|exposes|checks|forwards|calls|asks|talks)\b)"
                      r"|(?:^|(?<=[.!?] ))(?:[-*•]\s+)?(?P<name4>[a-z][a-z0-9]{3,}[a-rt-z0-9])(?=\s*=\s*[A-Z]\w| is (?:written|built|coded) "
                      r"(?:in|with|on)\b| runs as (?:a |an |one |two |three |\d)|:[ \t]+(?:Go|Golang|Python|Rust|Java|Kotlin|Node(?:\.js)?|Elixir|"
                      r"C#|Ruby|PHP|TypeScript|Scala|Deno|Bun)\b|\s*\((?:Go|Python|Rust|Java|Kotlin|Node|Elixir|C#|"
                      r"Ruby|PHP|TypeScript|Scala|Swift|\.NET|C\+\+)(?![\w+])|\s*\((?:an? |our )?(?:[\w.#+/-]+ ){1,2}(?:worker|service|server|daemon|program|"
                      r"script|bot)\b|(?:,| is) (?:an? |our )?(?:small |simple |little |tiny )?(?:Go|Python|Rust|"
                      r"Java|Kotlin|Node(?:\.js)?|Elixir|C#|Ruby|PHP|TypeScript|Scala) (?:service|server|program|daemon|worker|"
                      r"script|process|app)\b)",
                      re.M)  # "**cold-watch**", "- temp-collector (Kotlin): …", "ward-board is ASP.NET Core with SignalR",
# "lanebook = Flask, one VM", "waitboard is written in Go", "tankreader is small Python program", "- alarmist, a Go service"
_SET_OFF_AT = re.compile(r"\*\*|\n|[.!?] ")  # where a _SET_OFF match can start: bold, a line, a sentence


def set_off_names(text: str):
    """_SET_OFF's matches, as finditer gives them, tried only where one can start (scanning every
    position of a long text with the whole pattern costs ten times more)."""
    end = 0
    for at in (0, *(c.end() if c.group(0) != "**" else c.start() for c in _SET_OFF_AT.finditer(text))):
        if at >= end and (m := _SET_OFF.match(text, at)):
            end = m.end() if m.end() > m.start() else m.end() + 1
            yield m
# A name followed by its stack or count in brackets: "cold-watch (Rust/axum, 2 replicas)", "matchmaker (Go)".
_BRACKET_STACK = re.compile(r"[A-Z][\w.+#/-]*[,)/ ]|[^()]{0,40}\b\d+ (?:replicas?|nodes?|pods?|instances?|tasks?|workers?|VMs?)\b")
_BRACKET_LANGUAGE = re.compile(r"(?:Go|Golang|Kotlin|Java|Rust|Python|Ruby|Elixir|Erlang|Scala|Node(?:\.js)?|TypeScript|C\+\+|"
                               r"C#|PHP)\b")
_NAME_BEFORE = re.compile(r"(?<![\w./-])(?:(?P<hyphenated>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)|(?P<word>[A-Za-z][a-z0-9]+(?:[A-Z][a-z0-9]+)*))$")


def bracketed_names(text: str):
    """(name, start, end, hyphenated) for each name set off by its stack in brackets. Found from
    the " (" after it, so the text is scanned once with str.find, not tried at every word."""
    at = text.find(" (")
    while at >= 0:
        name = _NAME_BEFORE.search(text, max(0, at - 60), at)
        if name and (name["hyphenated"] and _BRACKET_STACK.match(text, at + 2) or
                     name["word"] and _BRACKET_LANGUAGE.match(text, at + 2)):
            yield name.group(0), name.start(), name.end(), bool(name["hyphenated"])
        at = text.find(" (", at + 2)


_ORDINARY_HYPHEN = re.compile(r"(?:real|long|short|low|high|read|write|per|non|multi|single|self|built|in|on|off|"
                              r"well|end|peer|one|two|first|last|cross|sec|x|pre|post|co|sub|inter|intra|anti|"
                              r"auto|semi|open|closed)-[a-z0-9-]+|[a-z0-9]+-to-[a-z0-9-]+|"
                              r"[a-z]+-(?:time|based|only|side|level|like|node|region|zone|protocol|version|type|id|key|"
                              r"wide|free|aware|safe|friendly)")
_HOST = re.compile(r"\b(?P<scheme>wss?)://(?P<host>(?:[a-z0-9-]+\.)+(?:com|io|net|org|tv|dev|app|"
                   r"cloud|vision|co|ai))\b(?![\w-])")
_EXAMPLE_HOST = re.compile(r"(?:^|\.)(?:example|localhost|test)\.|\.example$")
_NAMER = re.compile(r"\b(?:we|they|I|people|everyone|everybody|team|staff|users|(?!(?:It|This|That|He|She)\b)[A-Z][\w.-]+)"
                    r"(?: \w+ly| just| all)?$")  # who gives a name: "we call it", "Figma simply calls *multiplayer*"
_CALLED_WORD = re.compile(r" (?:called|named|known as|calls? (?:it |him |her |them |this )?(?=[*\"'“‘`]))")


def _called(text: str):
    """CALLED's matches, looked for only around the words "called", "named", "known as"."""
    done = 0
    for anchor in _CALLED_WORD.finditer(text):
        if anchor.start() < done:
            continue
        if re.fullmatch(r" calls? ", anchor.group()) and not _NAMER.search(text, max(0, anchor.start() - 30), anchor.start()):
            continue  # "it calls `group_send` on the layer" invokes a function; "we (simply) call it `hub`" names
        match = CALLED.search(text, max(done, anchor.start() - 41), min(len(text), anchor.end() + 60))
        if match and match.start() >= done:
            done = match.end()
            yield match



_DEFINED = re.compile(r"(?:^(?:[-*•] )?(?:\d+\. )?|(?<=[.!?] )|(?<=\n)|(?<=: )|(?<=\d:\d\d )|(?<=\d:\d\d  ))(?:The |Our )?[*\"“”]*"
                      r"(?P<name>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3}(?: (?:engine|service|server|worker|hub|bridge|relay))?"
                      r"|[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?=[*\"“”]* (?:is|are) (?:still |now |also )?(?:the|our) "
                      r"[\w-]+(?: [\w-]+)? (?:tier|layer|service|gateway|server|broker|hub|bridge|edge|fleet|cluster)\b)"
                      r"|[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?=[*\"“”]* (?:is|are) (?:a|an) (?:single |small |stateless )?[\w.#+-]+ "
                      r"(?:process|service|server|app|application|daemon|worker|program|script|bot|node|instance|container|binary)\b))[*\"“”]* (?:is|are) "
                      r"(?:still |now |also )?(?:a|an|our|the|one) (?P<desc>(?:[^,.;:()\n]|\.(?=\w)){2,60})", re.M)
_STREAM_TO = re.compile(r"(?:\b(?:over|via|through|using|by|opens?|holds?|keeps?|makes?|creates?|establish(?:es)?|streams?)|[:,]) (?:an? |the |one |its |"
                        r"their |our )?(?:persistent |single |long-lived |secure )?(?:connection |stream )?"
                        r"(?:WebSockets?|SSE|EventSource|Server-Sent Events|socket)(?: connection| stream)?(?: open)? "
                        r"(?:to|into|with|on|from) (?:an? |the |(?:a |the )?(?:nearby|nearest|closest|local) )?"
                        r"(?P<name>[A-Z][\w-]*[a-z][\w-]*(?: [A-Z][\w-]*[a-z][\w-]*){0,2}|[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9])"
                        r"(?![\w-])(?!\.[a-z])")
_IS_A = re.compile(r" (?:is|are) (?:still |now |also )?(?:a|an|our|the|one) ")


def _defined(text: str):
    """_DEFINED's matches, looked for only around " is a", " are the" … (far cheaper than trying the
    pattern at every position of a long text)."""
    done = 0
    for anchor in _IS_A.finditer(text):
        if anchor.start() < done:
            continue
        match = _DEFINED.search(text, max(done, anchor.start() - 60), min(len(text), anchor.end() + 61))
        if match and match.start() >= done and match.start("desc") == anchor.end():
            done = match.end()
            yield match


_QUOTED = re.compile(r"(?:\b(?P<head>service|server|application|app|gateway|worker|component|daemon|process|bridge)\s+)?"
                     r"[\"“](?P<name>[\w.-]{2,30})[\"”](?:(?:,\s+|\s+is\s+)(?:an?|the|our)\s+(?P<desc>[^,.;:()\n]{2,60}))?")
_ACRONYM = re.compile(r"\b(?P<name>[A-Z][A-Z0-9]{2,})\s+\((?P<desc>(?:[A-Z][\w-]*\s+){1,5}[A-Z][\w-]*)\)")
_PROPER = re.compile(r"(?<=[a-z,;] )(?:[A-Z][\w-]*\s+){1,4}(?:Platform|System|Engine)\b")  # not the first word of a sentence
_PROGRAM = re.compile(r"\b(?:program|application|daemon|binary|monolith|process|backend|part|component|piece|module|subsystem|"
                      r"tier|layer|script)\b", I)


# Words that look like parts and are not: a role word used as a verb, a proxy on the users' side,
# a table with no store.
VERB_HEADS = {"caches", "stores", "queues", "proxies", "brokers", "routes", "balances", "journals", "bridges", "relays", "forwards"}
VERB_BASES = {"queue", "cache", "store", "route", "proxy", "broker", "journal"}
_VERB_SUBJECT = re.compile(r"\b(?:they|it|we|to|will|can|may|must|should|would|could|never|(?:does|do|did|wo|ca)n['’]t|"
                           r"(?:does|do|did|will|can) not)\s+$", I)  # "Redis doesn't queue them"
_VERB_OBJECT = re.compile(r"\s+(?:the|them|it|its|their|each|every|all)\b", I)


def used_as_verb(text: str, start: int, end: int) -> bool:
    """"they queue up", "and queues the operations": the word is the verb of a clause."""
    before = text[max(0, start - 12):start]
    if _VERB_SUBJECT.search(before) or re.match(r"\s+up\b", text[end:end + 4]):
        return True
    if text[start:end].lower() in VERB_HEADS and re.match(r"\s+`", text[end:end + 3]):
        return True  # "the barge broker bridges `pen/#` to HiveMQ": a verb with a topic for object
    return bool(re.search(r"\band\s+$", before) and _VERB_OBJECT.match(text, end))


THEIR_SIDE = {"corporate", "co-op", "company", "office", "school", "hotel", "campus", "enterprise", "customer", "user",
              "their", "home", "isp", "carrier", "client-side", "forward", "filtering", "resort", "venue", "guest",
              "transparent", "intercepting"}
QUEUE_NAME = re.compile(r"\s+(?:`[^`\n]+`|[\w-]+[.:/_<][\w.:/_<>*#-]+|(?:in|on|inside) (?:the |our )?(?=[A-Z]))")  # "on queue
# temp.collect", "the payments queue in RabbitMQ": a queue inside the broker
TABLE_NAME = re.compile(r"\s+(?:`[^`\n]+`|\*\*[^*\n]+\*\*|\"[^\"\n]+\"|[a-z]+_[a-z_]+\b)")
LABEL_BEFORE = re.compile(r"^\s*(?:[-*•]\s+)?(?P<label>\**[\w.-]+\**)(?: \([^()\n]{0,60}\))?:\s*(?:an?\s+|the\s+|our\s+)?"
                          r"(?:[A-Z][\w.+#-]*(?: [A-Z][\w.+#-]*)? with (?:an?\s+|the\s+)?)?$", re.M)  # "Saalplan: ASP.NET Core with a SignalR hub"
STREAMING_WORD = re.compile(r"web-?sockets?|websocket|ws|sse|streaming|real-?time|live|push|eventsource|event-?stream", I)


# How a name is told from a clause, a device from an app, the system from its parts.
PREPOSITION = re.compile(r"(?P<opens>^|[.!?:;]\s+|\n\s*|,\s+)?\b(?:on|in|at|when|after|before|during|for|upon)\s+$", I)
CLAUSE_DESC = re.compile(r"^(?:(?!(?:that|which|who) )[\w/.-]+ ){0,3}?(?!(?:that|which|who) )[\w/.-]+ (?:is|are|was|were|has|have|will|can|does|goes|receives?|sends?|"
                          r"gets|takes|connects?|opens|keeps|holds|subscribes?|reads|writes|talks|speaks|makes|needs|"
                          r"sees|asks|answers|returns|press(?:es)?|clicks?|publish(?:es)?|pushes)\b", I)  # not "store", "run"
FINITE = re.compile(r"^(?:(?!\b(?:that|which|who|where)\b).)*?\b(?:is|are|was|were|has|have|will|can|does|do)\b", I)


def after_preposition(text: str, start: int, desc: str) -> bool:
    """"In Berlin, the servers …" opens a sentence with a place, and "events come in Kafka, an Apache Flink
    pipeline is reading them" joins two clauses; "notes on Nakama, the open-source game server" is an
    apposition."""
    before = PREPOSITION.search(text[max(0, start - 10):start])
    return bool(before and (before["opens"] is not None or FINITE.match(desc)))


DEVICES = {"phone", "smartphone", "tablet", "handset", "handheld", "laptop", "device", "iphone", "ipad", "ipod", "chromebook"}
PLATFORMS = {"mobile", "android", "ios", "smart", "the", "their", "our", "its"}
THE_SYSTEM = re.compile(r"(?:[\w-]+ ){0,3}?(?:service|platform|app|application|product|company|startup|site|tool|"
                         r"system|marketplace|game)\b(?! (?:that|which) (?:holds|accepts|terminates))", I)
ADDRESS_OF = re.compile(r"\b(?:API|endpoint|server|gateway|service|socket|stream|feed)s?\s*(?:[,:(=]|\bat|\bon|\bis)\s*`?$", I)
CAMEL_ROLE = re.compile(r"(?<![\w.:$/-])(?:[A-Z][a-z0-9]{3,})(?:[A-Z][a-z0-9]+)*(?P<role>Service|Server|Gateway|Broker|Queue|"
                        r"Registry|Relay|Router|Proxy)(?![\w.(])")
_CAMEL_SUFFIX = re.compile(r"[a-z0-9](?:Service|Server|Gateway|Broker|Queue|Registry|Relay|Router|Proxy)(?![\w.(])")


def camel_role_names(text: str):
    """CAMEL_ROLE's matches, tried only where a role word is glued to a lower-case letter."""
    for suffix in _CAMEL_SUFFIX.finditer(text):
        match = next((m for m in CAMEL_ROLE.finditer(text, max(0, suffix.start() - 60), suffix.end())
                      if m.end() == suffix.end()), None)
        if match:
            yield match
ROLE_CUES_PUBSUB = re.compile(r"publish|subscri|topic", I)
NOUN_MOD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)?")
NOT_MODS = {"minimal", "typical", "sample", "example", "average", "generic", "hypothetical", "same", "other", "new", "each", "every", "all", "any", "one", "both", "first", "last", "connected", "open",
             "own", "many", "most", "some", "such", "this", "that", "these", "those", "which", "what", "your", "our",
             "their", "its", "his", "her", "no", "few", "more", "live", "single", "different", "given", "current",
             "closed", "official", "offline", "online", "idle", "active", "existing", "backgrounded",
             "small", "little", "dead", "broken", "stale", "frozen", "disconnected", "reconnecting", "silent", "slow", "sleeping", "locked", "tiny", "cheap", "simple", "custom", "socket", "websocket", "other's", "others'", "one's", "everyone's", "someone's"}
DETERMINER_BEFORE = re.compile(r"(?:^|\n|[.!?:]\s|\b(?:the|a|an|each|every|our|their|its)\s)\s*$", I)
NOT_OWN_PART = re.compile(r"\s+(?:call|invocations?|accounts?|rooms?|racks?|closets?|cabinets?|mazes?|modes?|lengths?|"
                          r"depths?|fields?|variables?|methods?|properties|packages?|librar(?:y|ies)|modules?|crates?)\b|\s+calls(?=\s*(?:[.,;:)]|per\b|are\b|were\b|and\b|from\b|$))", I)
# "a direct function call", "service calls per event", "the server room", "the queue maze"; not "the backend calls OpenAI"

SERVER_SIDE_APP = re.compile(r"\b(?:is|as|runs as) an?\s+$", re.I)  # "the gateway is a Node.js app": a description
SIGNED_IN_THROUGH = re.compile(r"\b(?:(?:sign(?:s|ed)? in|log(?:s|ged)? in|login|authenticat\w*) (?:\w+ ){0,3}?(?:through|via|with|against|at|on)|"
                               r"(?:tokens?|JWTs?) (?:comes? from|(?:are |is )?issued by|from)) "
                               r"(?:the |our |its |their )?(?:[\w']+'s )?(?:\*\*)?$", re.I)  # "sign in through the trust's **ADFS**"

# How a client or a coined name is introduced: by a count, in brackets, by its stack.
_DEVICE_BEFORE = re.compile(r"\b(?:runs? |running |installed )?on (?:the |their |its |every |each |our )?$", I)  # "(Flutter, on drivers' phones)"
_DEVICE_RUNS = re.compile(r"\s+(?:runs|shows|displays)\b", I)  # "the SM's laptop runs CueDesk": the device hosts the client
_PROPER_NAME = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][\w]*)+|[a-z][a-z0-9]*-[a-z0-9-]+")  # "SurCue", "cue-desk"
_STACK_AFTER = re.compile(r",? (?:is )?(?:an? |our )?(?:small |simple |little |tiny )?[A-Z][\w.#+]* (?:service|server|program|daemon|"
                          r"worker|script|process|app)\b")
_COUNTED = re.compile(r"(?:^|\s)(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|twelve|dozens of|hundreds of)\s+$", I)
_DESCRIBED = re.compile(r"(?P<name>\w[\w'’-]*)\s*\(\s*(?:an?|the|our)?\s*(?:\w+\s+)?$")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]+)?$")  # a bullet or line that opens with the name
_CODE_WORDS = {"handler", "handlers", "plugin", "plugins", "module", "script", "function", "library", "package", "code"}
_DESC_CUT = re.compile(r"\s(?:behind|in front of|fronted by|backed by|via|through|next to|beside)\s")
_CONNECTS = re.compile(r"\s+(?:that |which )?(?:opens?|makes?|keeps?|holds?|subscribes?|connects?|listens?|polls?)\b", I)  # "the page opens …"
_NOT_PAGES = {"old", "web", "profile", "settings", "landing", "status", "error", "login", "admin", "home"}
_IN_A = re.compile(r"\bin (?:a|the|their|its|any) $")  # "running in a browser": the browser hosts the client before it
_HANDHELD = re.compile(r"['’]s?\s+app$|^(?:mobile|ios|android)\b", I)  # "Couriers' app", "Android handsets"
_ACTING_AS = re.compile(r"\b(?:acting|acts|act|serving|serves|working|works) as (?:a|an|the|its) $", I)  # a role, not a part
_LEAD_IN = re.compile(r"(?:(?:an?|the|our|its|two|a pair of) )?")  # the words before a name: "behind an HAProxy pair"


def named_head_kind(head: str, desc: str = "") -> str:
    """The kind a head word gives a part named with it: "system" and "software" give none ("RENO
    (Rapid Event Notification System)", "Bladerunner, the system …": the system described), unless
    the description says whose it is ("plant-dispatch, the plant's system": someone else's)."""
    if head.lower() not in ("system", "systems", "software"):
        return head_kind(head)[1]
    return "external" if re.search(r"(?:\w['’]s?|\btheir)\s+(?:\w+\s+)?(?:system|software)", desc) else "?"
