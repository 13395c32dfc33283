"""The offline extractor's vocabulary: how architects name parts, count them and qualify them.

Products come from the knowledge base (rtdiagram/knowledge/technologies.yaml); this module
holds only general English: the head nouns that name a role ("servers", "broker", "queue"),
the words that name clients, counts in words, programming languages, and the phrases that
introduce a part by name ("Courier, our push service"). Nothing here is specific to one text.
"""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741

# Head nouns (singular; a plural "s"/"es" is accepted), most specific first → kind.
# "?" kinds are decided by the words around them (see phrases.kind_of_generic).
HEADS: tuple[tuple[str, str], ...] = (
    ("load balancer", "load_balancer"), ("reverse proxy", "proxy"), ("ingress controller", "ingress"),
    ("api gateway", "proxy"), ("message bus", "pubsub"), ("event bus", "pubsub"), ("pub/sub", "pubsub"),
    ("pubsub", "pubsub"), ("backplane", "pubsub"), ("message broker", "pubsub"), ("broker", "pubsub"),
    ("turn server", "turn"), ("turn relay", "turn"), ("stun server", "stun"), ("stun", "stun"),
    ("auth component", "auth"), ("auth service", "auth"), ("auth server", "auth"), ("auth endpoint", "auth"), ("auth handler", "auth"),
    ("authorizer", "auth"), ("identity provider", "auth"), ("token service", "auth"), ("token endpoint", "auth"),
    ("login service", "auth"), ("accounts service", "auth"), ("account service", "auth"), ("identity service", "auth"),
    ("sso", "auth"),
    ("presence service", "presence"), ("presence server", "presence"), ("presence store", "presence"),
    ("connection registry", "registry"), ("registry", "registry"), ("session store", "registry"),
    ("database", "datastore"), ("datastore", "datastore"), ("data store", "datastore"), ("journal", "datastore"),
    ("storage", "datastore"), ("bucket", "datastore"), ("db", "datastore"), ("cache", "datastore"),
    ("queue", "queue"), ("cdn", "cdn"), ("ingress", "ingress"), ("proxy", "proxy"), ("proxies", "proxy"),
    ("gateway", "gateway"), ("hub", "gateway"), ("signalling service", "gateway"), ("signaling service", "gateway"),
    ("push service", "gateway"), ("push server", "gateway"), ("socket server", "gateway"),
    ("signaling server", "gateway"), ("signalling server", "gateway"),
    ("websocket server", "gateway"), ("sse server", "gateway"), ("realtime server", "gateway"),
    ("real-time server", "gateway"), ("connection server", "gateway"), ("edge server", "gateway"),
    ("server", "?"), ("node", "?"), ("instance", "?"), ("pod", "?"), ("process", "?"), ("tier", "?"), ("layer", "?"),
    ("service", "service"), ("microservice", "service"), ("worker", "service"), ("pipeline", "service"),
    ("processor", "service"), ("bridge", "service"), ("ingester", "service"), ("ingestor", "service"),
    ("consumer", "service"), ("job", "service"), ("backend", "service"), ("back-end", "service"),
    ("api", "service"), ("lambda", "service"), ("function", "service"), ("table", "datastore"), ("collector", "service"), ("feed handler", "service"), ("scraper", "service"), ("notifier", "service"),
    ("fan-out service", "service"), ("scheduler", "service"), ("router", "service"),
    # agent nouns that name a back-end worker by what it does ("the indexer", "an archiver")
    ("indexer", "service"), ("archiver", "service"), ("aggregator", "service"), ("poller", "service"),
    ("forwarder", "service"), ("replicator", "service"), ("sequencer", "service"),
    ("transcoder", "service"), ("compactor", "service"), ("enricher", "service"), ("sweeper", "service"),
    ("reaper", "service"), ("crawler", "service"), ("orchestrator", "service"),
    ("daemon", "service"), ("monolith", "service"),
    ("cms", "service"), ("crm", "service"), ("erp", "service"),
    ("vendor", "external"), ("data provider", "external"), ("liquidity provider", "external"),
    ("feed provider", "external"), ("mail provider", "external"), ("email provider", "external"), ("sms provider", "external"),
    ("payment provider", "external"), ("push provider", "external"), ("data feed", "external"), ("event feed", "external"),
    ("system", "external"), ("software", "external"),
    ("monitoring", "monitoring"), ("dashboard", "client"),
)
# Heads that name a part only with a modifier: "the server" alone is not a new part.
WHERE_IT_RUNS = {"kubernetes", "linux", "fly_io", "vercel", "cloud_run", "heroku"}  # platforms, not a part's stack
WEAK_HEADS = {"system", "software", "monolith", "tier", "layer", "fleet", "server", "node", "instance", "pod", "process", "service", "api", "backend", "back-end", "job",
              "consumer", "router", "storage", "cache", "db", "hub", "bridge", "dashboard", "monitoring",
              "queue", "journal", "bucket", "gateway", "proxy", "proxies", "broker", "database", "pub/sub", "pubsub",
              "message bus", "event bus", "backplane", "message broker", "cdn", "ingress", "load balancer", "reverse proxy"}
# Words that name clients (the side that connects).
CLIENT_WORDS = (r"browsers?|clients?|apps?|devices?|terminals?|kiosks?|frontends?|front-ends?|SDKs?|SPAs?|"
                r"players?|phones?|smartphones?|viewers?|TVs?|subscribers?|tabs?|UI|editors?|consoles?|panels?|tills?|"
                r"laptops?|tablets?|Chromebooks?|iPads?|iPhones?|iPods?|handsets?|handhelds?|wearables?|sensors?|widgets?|bots?|pages?|"
                r"screens?|displays?|wall ?boards?|portals?")
CLIENT_HEAD = re.compile(rf"\b(?:{CLIENT_WORDS})\b", I)
# Modifiers that may precede a client word: "the patient app", "old smart TVs", "game clients".
CLIENT_MODS = {"web", "mobile", "ios", "android", "desktop", "browser", "game", "single-page", "spa", "native",
               "javascript", "js", "staff", "field", "kiosk", "end-user", "user", "player", "customer",
               "patient", "agent", "driver", "rider", "smart", "old", "embedded", "react", "vue", "angular",
               "next.js", "svelte", "flutter", "swift", "iot", "member", "members'"}
# Programming languages: the technology of the part written in them, never a part.
LANGUAGES = {"rust": "rust", "kotlin": "kotlin", "java": "java", "typescript": "typescript",
             "javascript": "javascript", "go": "go", "golang": "go", "python": "python", "ruby": "ruby",
             "elixir": "elixir", "erlang": "erlang", "scala": "scala", "c++": "cpp", "c#": "csharp",
             "node.js": "nodejs", "nodejs": "nodejs", "node": "nodejs", "php": "php", "swift": "swift",
             "clojure": "clojure", "haskell": "haskell", "deno": "deno", "bun": "bun"}
LANGUAGE = re.compile(r"(?<![\w.-])(Rust|Kotlin|Java|TypeScript|Go|Golang|Python|Ruby|Elixir|Erlang|Scala|C\+\+|C#|"
                      r"Node\.js|NodeJS|Node|PHP|Clojure|Haskell)(?![\w-])")

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a single": 1, "single": 1,
           "a pair of": 2, "pair of": 2, "a couple of": 2, "a dozen": 12, "dozen": 12, "half a minute": 30,
           "a minute": 60, "an hour": 3600, "a second": 1, "half minute": 30, "half a second": 0.5, "half": 0.5, "a": 1, "an": 1}
NUMBER = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
          r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")
VAGUE = rf"(?:{NUMBER} or more|at least {NUMBER}|more than {NUMBER}|several|multiple|many|a fleet of|fleet of|a cluster of|a pool of|a farm of|dozens of|hundreds of|a few|numerous|a set of)"


def number(text: str) -> float | None:
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    return NUMBERS.get(value)


UNITS = {"ms": 0.001, "millisecond": 0.001, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
         "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hour": 3600,
         "hours": 3600}
DURATION = (rf"(?P<num>{NUMBER}|half a|a|an)[ -]?(?P<unit>ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|m|h|hrs?|hours?)\b"
            r"|(?P<phrase>half a minute|half minute|half a second|a minute|an hour|a second|(?<=\bevery )(?:minute|second|hour)\b)")


def seconds(match: re.Match) -> float | None:
    if match.group("phrase"):
        phrase = match.group("phrase").lower()
        return {"minute": 60, "second": 1, "hour": 3600}.get(phrase) or NUMBERS[phrase]  # "every minute"
    num = match.group("num").lower()
    value = 0.5 if num == "half a" else 1 if num in ("a", "an") else number(num)
    unit = match.group("unit").lower().rstrip("s") if match.group("unit").lower() not in ("s", "ms") else match.group("unit").lower()
    factor = UNITS.get(unit) or UNITS.get(unit + "s")
    return value * factor if value is not None and factor else None

# Well-known products the knowledge base does not list (yet): name pattern → (kind, technology; "" for the name itself).
OTHER_PRODUCTS: tuple[tuple[str, str, str], ...] = (
    (r"CloudWatch", "monitoring", "cloudwatch"),
    (r"Sentry", "monitoring", "sentry"), (r"New Relic", "monitoring", "new_relic"),
    (r"OpenAI", "external", "openai"), (r"Anthropic", "external", "anthropic"), (r"Stripe", "external", "stripe"),
    (r"Twilio", "external", "twilio"), (r"SendGrid", "external", "sendgrid"),
    (r"(?:Apache )?Spark", "service", "spark"),
    (r"Dynomite", "datastore", "dynomite"), (r"Memcached", "datastore", "memcached"),
    # systems of record a real-time design hangs off, by their usual acronyms: another team's or a vendor's
    # ("the PAS emits HL7 messages", "the AODB", "our CAD system"); "external?": only after "the"/"our" or before "system"
    (r"(?:PAS|LIS|RIS|HIS|EHR|EMR|PACS|AODB|CAD|WMS|TMS|MES|SCADA|BMS|VTS)(?!-)", "external?", ""),
)


def acronym_kind(text: str, start: int, end: int) -> str:
    """A system-of-record acronym names a part after "the"/"our" or before "system" ("the PAS", "our CAD
    system"), not otherwise ("CAD files")."""
    return "external" if re.search(r"\b(?:the|our) $", text[max(0, start - 4):start], I) or \
        text.startswith(" system", end) else ""


# Front-end frameworks: the technology of a client.
FRONTENDS = {"react": "react", "next.js": "nextjs", "vue": "vue", "angular": "angular", "svelte": "svelte",
             "flutter": "flutter", "swiftui": "swiftui"}
# Words near a multi-role product that say which role it plays here.
ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("pubsub", r"pub/?sub|publish|subscri|message bus|backplane|listen/notify|fan-?out|exchange|\badapter\b|\bchannels?\b|"
               r"announce|listens? on"),
    ("registry", r"(?:id|user|connection|socket|session|client|device|node|server|pod)s?\s*(?:→|->)|(?:→|->)\s*(?:\w+ )?"
                 r"(?:node|server|pod|instance|gateway|edge)|open sockets|(?<!-)\bmap\b(?!-)|mapping|registry|which (?:server|node|instance)|where (?:a|the|each) \w+ is connected"
                 r"|connection ?ids?|socket ids?|connections? from|connections? to(?!\s*\u2026)|\bregisters?\b|knows? where"),
    ("presence", r"presence|who is (?:online|viewing)|online status"),
    ("queue", r"\bqueue|job|task"),
    ("datastore", r"cache|cached|stor(?:e|ed|es|age)|persist|database|source of truth|record|table|history|written|writes|"
                  r"\bexpir|\bttl\b|snapshots?|sorted sets?|\bgeo\b|\bh?sets? \w+:|\bzadd\b|\bsetnx\b|\bnx ex\b|\bincr\b|\bhashes\b"),
)
# Where the words about one product end, and the words that say it stores things.
NEXT_STEP = re.compile(r"\bthen\b|, and\b|\band then\b|;|\band (?=(?:publish|send|push|broadcast|notif)\w*\b)")
STORED_IN = re.compile(r"\b(?:stores?|stored|persists?|persisted|saves?|saved|writes?|written|archives?|keeps?|kept|lives?|puts?|"
                       r"resides?|records?|recorded|inserts?|inserted|logs?|logged|stays?|sits?) "
                       r"(?:\S+ ){0,6}?(?:in|into|to) (?:the |a |an |its |our )?(?:\*\*|`)?$", I)
# Words in a part's name or sentence that make a server a real-time gateway.
# Whole-token names that are not English words, so they name the product even in lower case.
BRAND_WORDS = {"ably", "agic", "deno", "kinesis", "mongo", "pion", "kong", "dynamo", "caddy", "zookeeper", "lambda"}
# A hop that can be either a proxy or a load balancer is the balancer when it spreads the load.
SPREADS = re.compile(r"\b(?:spreads?|distribut\w+) (?:the )?(?:connections|requests|load|traffic)", re.I)
REALTIME_CUES = (r"web ?sockets?|\bws\b|\bsse\b|server-sent|event ?stream|eventsource|\bsockets?\b|push|real-?time|signal?ling"
                 r"|long[- ]poll|\bstreams?\b|subscriptions?|chat|match|game|live|connections?|presence|notif")
TRANSPORT_WORDS = (("websocket", r"\b(?:web ?sockets?\b|wss?://|WS\b(?! support)|(?<!TCP )socket URL\b|(?:the|a|each|its|their) "
                                 r"socket (?:opens|is open|closes)\b|over (?:a |the )?Phoenix channel\b)"),  # "the socket URL carries …"
                   ("sse", r"\b(?:server-sent events|SSE\b|EventSource|event ?stream)"),
                   ("long_polling", r"\b(?:long[- ]?poll(?:ing|s)?|BOSH\b|poll held|(?:request|requests|GET) (?:is|are) "
                                    r"(?:parked|held(?: open)?) until|parks? (?:the |each |every )?requests?\b|hanging (?:GET|request)s?|"
                                    r"(?:keeps?|holds?) (?:the |each |every |that )?(?:request|GET|call)s? open (?:until|for|up to)\b)"),
                   ("webrtc", r"\b(?:WebRTC|SFUs?|RTP|ICE candidates?|media servers?|peer-to-peer (?:audio|video|media|calls?))\b"),
                   # Not transports of the model, but a persistent connection all the same: raw TCP
                   # (XMPP, custom binary protocols) and MQTT. A link carries them as tcp / pubsub.
                   ("tcp", r"\b(?:(?:raw|plain|persistent|long-lived) TCP\b|TCP (?:connections?|sockets?|sessions?)\b)"),
                   # A connection held open without a named protocol: real time all the same (a raw TCP
                   # link when nothing else is named; see relations.Linker).
                   ("persistent", r"\b(?:long-running|long-lived|persistent|always-on) (?:streams?|connections?)\b"),
                   ("mqtt", r"\bMQTT\b"),
                   ("udp", r"\b(?:UDP (?:datagrams?|packets?)|(?:as|in|over) (?:an? )?(?:UDP|datagrams?)\b)"))  # trackers, beacons
STREAMING_TRANSPORTS = ("websocket", "sse", "long_polling")  # what a gateway's ``transports`` may list
TRANSPORT_RES = tuple((name, re.compile(pattern, I)) for name, pattern in TRANSPORT_WORDS)  # compiled once
# For lower-cased text. A leading \b hides a pattern's first letters from the regex engine, which
# then tries every position of a long text: it is dropped, and the caller checks the character
# before a match instead (three to forty times faster; not for "websocket", whose branches start
# with a look-behind anyway).
TRANSPORT_LOWER = tuple((name, re.compile(pattern.lower().removeprefix("" if name == "websocket" else r"\b")))
                        for name, pattern in TRANSPORT_WORDS)
NAMES_A_TRANSPORT = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in TRANSPORT_WORDS if name != "persistent"), I)
TRANSPORT_ORDER = [name for name, _ in TRANSPORT_WORDS]
_WORD_CHAR = re.compile(r"\w")


def transport_matches(pattern: re.Pattern, low: str, start: int = 0, end: int | None = None):
    """A TRANSPORT_LOWER pattern's matches in lower-cased text that start a word (the check its
    dropped leading \\b would have made)."""
    for m in pattern.finditer(low, start, len(low) if end is None else end):
        if not m.start() or not _WORD_CHAR.match(low, m.start() - 1):
            yield m


NEGATION = re.compile(r"\b(?:not|no|never|instead of|rather than|without|avoid(?:ed)?|dropped|removed|rul(?:ed|es|e) out|"
                      r"replac(?:ed|ing)|(?:stays?|staying|kept|keeps?|keeping) out of|won't|wouldn't|can't|cannot|(?:does|do|did|is|are|was|were)n['’]t|nor|before(?!\s+(?:them|it|those|these)\b):?|unlike|similar to|inspired by|forked from|"
                      r"modell?ed (?:on|after)|compared (?:to|with)|borrowed from|(?:started|began)(?: life| out)? as|"
                      r"originally|grew out of|migrated (?:away )?from|moved (?:off|away from)|used to (?:run|use|be)|"
                      r"(?:was|were|are|is) (?:thinking|considering)|thought about|thinking about)\s+(?:\w+\s+){0,3}$"
                      r"|\bshar(?:es?|ing) (?:\w+ ){0,6}with\s+(?:the\s+)?$"  # a comparison names no part
                      r"|\b(?:looked at|considered|evaluated|trialled|trialed)\s+(?:the\s+)?$", I)  # "We looked at ejabberd first"

# Modifiers that say nothing about which part a phrase names ("the main server", "a new node").
GENERIC_MODS = {"compute", "real", "proper", "empty", "full", "typical", "last", "automatic", "regular", "ordinary", "plain", "server", "web", "backend", "back-end", "main", "central", "internal", "public", "private",
                "real-time", "realtime", "local", "remote", "dedicated", "stateful", "stateless", "shared",
                "api", "app", "application", "primary", "standby", "secondary", "old", "first", "second",
                "existing", "small", "big", "large", "global", "regional", "origin", "upstream", "downstream",
                "ec2", "vm", "kubernetes", "k8s", "docker", "unhealthy", "healthy", "new", "newer", "older", "spare",
                "current", "nearby", "owning", "idle", "busy", "individual", "underlying", "actual", "remaining",
                "active", "passive", "hot", "warm", "cold", "leader", "follower", "exclusive", "durable", "temporary",
                "rest", "restful"}
# Gerunds that name a role when they modify a head after a determiner ("the booking page").
NOUN_ING = {"booking", "tracking", "pricing", "billing", "ticketing", "parking", "shipping", "ranking", "rendering",
            "logging", "scoring", "trading", "betting", "gaming", "ordering", "onboarding", "charging", "banking",
            "meeting", "recording", "marketing", "accounting", "planning", "scheduling", "matching", "pairing",
            "boarding", "seating", "learning", "housekeeping", "dispatching", "queueing", "queuing", "caching", "waiting"}
