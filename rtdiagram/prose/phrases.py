"""Finding the parts a description names: products (from the knowledge base), role-head noun
phrases ("the fan-out tier", "Envoy proxies", "a message processor"), clients, and names
introduced by an appositive ("Courier, our push service") or by "called". Every mention is
located (start, end) so counts, attributes and relations can be tied to it."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from rtdiagram.knowledge.technologies import Technology, knowledge_base
from rtdiagram.prose.catalogue import (
    acronym_kind, FRONTENDS, HEADS, I, LANGUAGE, LANGUAGES, NEGATION, NEXT_STEP, OTHER_PRODUCTS, REALTIME_CUES,
    ROLE_CUES, SPREADS, STORED_IN, BRAND_WORDS,
)
from rtdiagram.prose.mentions import Found, SpanIndex, Spans, singular, slug  # noqa: F401  (re-exported)
from rtdiagram.prose.sections import rejected_section

TECH_ONLY = {"language", "framework", "credential"}  # what a part is built with or carries
TOKEN_FORMATS = {"jwt"}  # a token format is what a part checks, never a part
RUNTIME_PARTS: set[str] = set()  # hosting platforms are the technology of a part, never a part
CASE_SENSITIVE = {"ws": "ws", "go": "Go", "node": "Node", "bun": "Bun"}
STOP = set("""a an the our their its his her my your this that these those each every all any some no not to of in on at by for from
with via over through into onto behind and or but is are was were be been being has have had keeps keep hold holds run
runs ran uses use used which who where when then also only just new same other own separate single whole both either
per as so than like it they we i you one two three four five six seven eight nine ten twelve requires require required
needs handles validates accepts min max minimum maximum million thousand billion hundred several multiple many few
fleet pair couple cluster set pool farm dozen hundreds dozens calls call hit hits open opens connect connects send
sends write writes read reads publish publishes subscribe subscribes forward forwards push pushes store stores ask
asks hand hands reach reaches watch watches serve serves talk talks post posts poll polls via plus more most up out
off there here now today right front because whichever whatever different about within after before until while if
whose what how between across among around against without component components thing things part parts once again
even still already another stay stays stayed remain remains remained carry carries carried get gets got restart restarts
restarted""".split())


@lru_cache(maxsize=1)
def _product_pattern() -> tuple[re.Pattern, dict[str, Technology]]:
    names: dict[str, Technology] = {}
    for entry in knowledge_base().entries:
        for alias in (entry.name.lower(), *entry.aliases, *entry.exact_aliases):
            if len(alias) >= 2:
                names.setdefault(alias, entry)
        if "_" not in entry.id and len(entry.id) > 3:
            names.setdefault(entry.id, entry)
    # No look-behind in front: the engine can then skip to the first letters of the names; the
    # character before a match is checked by products().
    return re.compile(rf"(?:{trie_pattern(names)})(?![\w/]|-\w|\.\w)", I), names


@lru_cache(maxsize=1)
def _lower_product_pattern() -> re.Pattern:
    return re.compile(_product_pattern()[0].pattern)


_NAME_BEFORE = re.compile(r"[\w.$/-]")
_STACK_BASE = ("language", "runtime")
_SLASH_PAIR = re.compile(r"(?<![\w./-])([A-Za-z][\w+-]*(?:\.\w+)*)/([A-Za-z][\w+-]*(?:\.\w+)*)(?![\w/-])")


def trie_pattern(words) -> str:
    """One alternation of many literal words as a prefix tree: the regex engine tries a handful
    of branches at each position instead of every word, and longer words still win."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_REJECTED_AFTER = re.compile(r"^[^.;:\n]{0,25}?\b(?:was|were|is|are|got|has been|have been)\s+(?:\w+ )?"
                             r"(?:ruled out|rejected|dropped|removed|abandoned|retired|replaced|not (?:used|chosen|needed)|out\b(?! of))"
                             r"|^\s+(?:gave way to|was swapped for|made way for)\b|^\**\s*:\s*(?:not used|unused|not needed|dropped|removed)\b"
                             r"|^[^.;\n]{0,30}?\b(?:and|but|then)\s+(?:we\s+)?(?:dropped|abandoned|removed|replaced|ditched|"
                             r"scrapped|retired)\s+(?:it|them)\b"
                             r"|^(?:,? (?:and|or) [\w -]{1,20}?)?\s+(?:(?:is|are|was|were|got)\s+)?(?:switched|turned) off\b"
                             r"|^[^.;:\n]{0,40}?\b(?:is|are) also (?:possible|supported|an option)\b"  # "MySQL or Postgres is also possible"
                             r"|^,?\s+(?:it |that )?(?:is |also )?work(?:s|ing)(?: too| as well)?,? but\b"  # "SQLite works but allows a single writer"
                             r"|^,?\s+it (?:is )?work(?:s|ing) too\b", I)  # "with PostgreSQL it is working too, but only for development"
# ^ "SSE and long polling switched off"; not "websockets only, we turned off the fallbacks"
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:[-*•]\s+)?)$")
_REJECTED_NEAR = re.compile(r"^[^.;\n]{0,40}?\b(?:ruled out|was rejected|were rejected|not chosen|as an alternative|"
                            r"was considered|were considered|(?:was|were) on the table|we did(?: not|n't) (?:take|pick|choose|use)"
                            r"|(?:we )?did(?: not|n't) make (?:it|the cut))\b", I)
_OUT_OF_SCOPE = re.compile(r"^[^.;\n]{0,70}?\b(?:(?:we|I) (?:do not|don't|did not|didn't|will not|won't) "
                           r"(?:evaluate|cover|discuss|consider|look at|use)|(?:is|are) out of scope|not in scope)\b", I)
_REJECTED_LINE = re.compile(r"\s*(?:[-*•]\s*)?\**(?:rejected|alternatives?(?: considered)?|not chosen|ruled out|out of scope|"
                            r"non-goals?|considered and dropped|what we did not do|not used|dropped|not (?:doing|using))\**\s*:", I)
_REJECTED_SECTION = re.compile(r"^#+ .*\b(?:alternatives?|rejected|not chosen|considered|out of scope|non-goals?)\b.*$", I | re.M)


_SECTIONS: list = [None, {}, []]  # the text last read, its headings' verdicts, where its headings are


def rejected_after(text: str, end: int) -> bool:
    """'Pusher was ruled out', or a mention under an 'Alternatives considered' heading."""
    after = text[end:end + 90]
    if _REJECTED_AFTER.search(after, 0, 80) or _REJECTED_NEAR.search(after, 0, 60) or \
            ("not " in after or "n't " in after or "scope" in after) and _OUT_OF_SCOPE.search(after):
        return True
    line_start = text.rfind("\n", max(0, end - 400), end) + 1
    if _REJECTED_LINE.match(text, line_start):
        return True  # "Rejected: Kafka between the nodes"
    if _SECTIONS[0] is not text:  # every heading's place, found once per text
        _SECTIONS[:] = [text, {}, [m.start() for m in re.finditer(r"\n#", text)]]
    known, places = _SECTIONS[1], _SECTIONS[2]
    i = bisect.bisect_left(places, end - 1) - 1  # the last "\n#" that starts before end - 1, as rfind found it
    heading = places[i] if i >= 0 and places[i] >= max(0, end - 3000) else -1
    if heading < 0:
        return False
    if heading not in known:  # each heading is read once
        line_end = text.find("\n", heading + 1)
        known[heading] = bool(_REJECTED_SECTION.match(text, heading + 1, len(text) if line_end < 0 else line_end))
    return known[heading]


_NEGATION_LOWER = re.compile(NEGATION.pattern.lower())  # on lower-cased text: twice as fast as IGNORECASE


def negated(text: str, start: int) -> bool:
    low = max(0, start - 60)  # the look-back is bounded: no scan of the whole prefix
    lower = lowered(text)
    pattern, haystack = (_NEGATION_LOWER, lower) if lower is not None else (NEGATION, text)
    if not pattern.search(haystack, low, start):
        return rejected_section(text, start)  # no negation in reach (the common case), unless under "## Rejected"
    clause_start = max(max(text.rfind(c, low, start) for c in ".;:(,\n") + 1, clause(text, start, start)[0])
    return bool(pattern.search(haystack, max(clause_start, start - 60), start)) or rejected_section(text, start)


_BOUNDARY = re.compile(r"[.!?](?=\s)|;|\n\s*\n|\n\s*(?=[-*#|] |\d+[.)] )")  # "| a | table |" rows are clauses too
_BOUNDS: list = [None, [], []]  # the text last asked about, its boundaries' starts and ends (found once)


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around start..end: a binary search in the text's boundaries, found once per text."""
    if _BOUNDS[0] is not text:
        marks = [(m.start(), m.end()) for m in _BOUNDARY.finditer(text)]
        _BOUNDS[:] = [text, [m[0] for m in marks], [m[1] for m in marks]]
    starts, ends = _BOUNDS[1], _BOUNDS[2]
    i = bisect.bisect_right(ends, start) - 1  # the last boundary that ends at or before start
    a = ends[i] if i >= 0 else 0
    j = bisect.bisect_left(starts, end)
    b = starts[j] if j < len(starts) else len(text)
    return max(a, start - 400), min(b, end + 400)  # a run-on "clause" is read only near the words


# The window read is lower-cased, and every cue is written in lower case: no IGNORECASE (twice as fast).
_ROLE_CUES = {kind: re.compile(cue) for kind, cue in ROLE_CUES}
_BALANCES = re.compile(r"balanc|round[- ]robin")
REALTIME = re.compile(REALTIME_CUES, I)


def role_and_cue(text: str, start: int, end: int, entry: Technology) -> tuple[str, bool]:
    """The kind a product plays here, and whether the words around it said so (a product with
    one kind always says so)."""
    kinds = list(entry.kinds)
    a, b = clause(text, start, end)
    after = text[end:min(b, end + 35)]
    after = after[:m.start()] if (m := NEXT_STEP.search(after)) else after  # "Postgres (rows), then PUBLISH on Redis"
    window = (text[max(a, start - 45):start] + " \u2026 " + after).lower()  # not its own name ("ElastiCache")
    if len(kinds) > 1:
        if entry.category in ("managed_realtime", "gateway_server") and kinds[0] == "gateway":
            return "gateway", True  # Pusher, PocketBase: it holds the connections, and its data is inside it
        if {"load_balancer", "proxy"} <= set(kinds):
            spreads = SPREADS.search(text, a, b)  # "nginx, which spreads connections over both replicas"
            spreads = spreads or _BEHIND_IT.search(text, max(a, start - 60), start)  # "two instances behind Traefik"
            return ("load_balancer", True) if _BALANCES.search(window) or spreads else (kinds[0], False)
        if "datastore" in kinds and STORED_IN.search(text, max(a, start - 50), start):
            kind = next((k for k in ("registry", "presence") if k in kinds and _ROLE_CUES[k].search(window)), "datastore")
            return kind, True  # "stores each alarm in PostgreSQL"; "keeps the user → node map in Redis": a registry
        for kind, cue in ROLE_CUES:
            if kind in kinds and _ROLE_CUES[kind].search(window):
                return kind, True
        if "gateway" in kinds and kinds[0] not in ("proxy", "load_balancer", "ingress", "cdn") and REALTIME.search(window):
            # a proxy first (Kong, Envoy) carries real-time traffic without becoming the gateway
            return "gateway", True
        if entry.category == "coordination" and "pubsub" in kinds:
            return "pubsub", False  # an in-memory store named without a role: in real-time designs, the fan-out
        return kinds[0], False
    return (kinds[0] if kinds else "service"), True


_BEHIND_IT = re.compile(r"\b(?:\d+|two|three|four|five|six|eight|ten|several|multiple|many) (?:\w+ )?(?:instances|replicas|pods|"
                        r"servers|nodes|containers|VMs)\b[^.;\n]{0,30}\b(?:behind|fronted by|in front (?:there is|sits|is|stands)) "
                        r"(?:an? |the |one )?\**$", re.I)


@dataclass
class Product:
    start: int
    end: int
    tech: str
    kind: str
    standalone: bool
    entry: Technology | None = None
    cued: bool = True  # the words around it said which role it plays


@lru_cache(maxsize=1)
def _other_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Products outside the knowledge base, languages and front-end frameworks (lower case), each
    as one regex. None starts with a look-behind, so the engine can skip ahead to first letters;
    products() checks the character before a match."""
    others = "|".join(f"({p})" for p, _, _ in OTHER_PRODUCTS)
    frontends = "|".join(re.escape(n) for n in sorted(FRONTENDS, key=len, reverse=True))
    return (re.compile(rf"(?=[A-Z])(?:{others})(?![\w-])"),  # every such name starts with a capital
            re.compile(LANGUAGE.pattern.replace(r"(?<![\w.-])", "")),
            re.compile(rf"(?:{frontends})(?![\w])"))


def _glued(text: str, start: int, chars: str) -> bool:
    """Whether the character before ``start`` is a word character or one of ``chars``."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_" or text[start - 1] in chars)


_DYNO = re.compile(r"(?:\s+(?:eco|basic|standard|performance|hobby|free|web|worker))?\s*dynos?\b", I)
_HARDWARE_AFTER = re.compile(r"\s+(?:encoders?|decoders?|transmitters?|receivers?|chips?|antennas?|modems?)\b", I)
_CLIENT_LIBRARY = re.compile(r"-(?:js|client|sdk)\b", I)  # a product's client library: "pusher-js", "socket.io-client"
_PROTOCOL_OF = re.compile(r"\s+(?:wire\s+)?protocol\b")
_NODE_OF = re.compile(r"\b[A-Z][\w-]* $")
_APIS_AFTER = re.compile(r"\s*(?:(?:and|or|,) [\w. ]{1,20}?\s*)?APIs?\b", I)
_WEIGHED = re.compile(r"\b(?:evaluated|considered|compared|weighed|looked at|benchmarked|tried|tested|prototyped)\s+"
                      r"(?:(?:both|several|options|alternatives|candidates|like|:)\s*)*"
                      r"(?P<list>(?:[\w./+-]+(?: [\w./+-]+){0,2}?(?:,\s*|\s+(?:and|or|vs\.?|versus)\s+)){1,6}[\w./+-]+)", I)
_CHOSEN = re.compile(r"\b(?:picked|chose|chosen|selected|went with|settled on|opted for|kept)\s+(?:\w+\s+){0,2}?$", I)


_WEIGHED_CUE = re.compile(r"evaluated|considered|compared|weighed|looked at|benchmarked|tried|tested|prototyped")
_WEIGHED_LISTS: list = [None, []]


def _weighed(text: str, start: int, end: int) -> bool:
    """'We evaluated MQTT, NATS and gRPC, then picked MQTT': the options weighed are not parts,
    except the one the same sentence says was chosen."""
    if _WEIGHED_LISTS[0] is not text:  # every list of options in the text, found once, tried only at its verbs
        low = lowered(text)  # the offsets of text.lower() may differ (rare): then every position is tried
        starts = [c.start() for c in _WEIGHED_CUE.finditer(low) if not c.start() or not low[c.start() - 1].isalnum()] \
            if low is not None else range(len(text))
        found: list = []
        for at in starts:  # as finditer would: no match starts inside the one before
            if (not found or at >= found[-1].end()) and (m := _WEIGHED.match(text, at)):
                found.append(m)
        _WEIGHED_LISTS[:] = [text, [(m.start("list"), m.end("list"), m) for m in found]]
    for list_start, list_end, m in _WEIGHED_LISTS[1]:
        if list_start <= start and end <= list_end:
            name = re.escape(text[start:end])
            sentence_end = min([i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0] or [len(text)])
            later = text[m.end():sentence_end]
            chosen = any(_CHOSEN.search(later, max(0, c.start() - 40), c.start()) for c in re.finditer(name, later))
            return not chosen
    return False


def products(text: str) -> list[Product]:
    pattern, names = _product_pattern()
    lower_pattern = _lower_product_pattern()
    found: list[Product] = []
    taken = bytearray(len(text) + 1)  # characters inside a product already found

    def claim(product: Product) -> None:
        found.append(product)
        taken[product.start:product.end] = b"\x01" * (product.end - product.start)

    low = lowered(text)
    used_lower: dict[str, bool] = {}  # an ordinary-word product name the text also writes in lower case
    for match in (lower_pattern.finditer(low) if low is not None else pattern.finditer(text)):
        if match.start() and _NAME_BEFORE.match(text, match.start() - 1):
            continue  # inside a longer word or name
        raw = text[match.start():match.end()]
        entry = names[raw.lower()]
        if raw.lower() == "apache" and re.match(r" [A-Z]", text[match.end():match.end() + 2]):
            continue  # "Apache Flink", "Apache Kafka": the product is the project's name
        if raw.lower() in CASE_SENSITIVE and raw != CASE_SENSITIVE[raw.lower()] or raw == "ws" and text.startswith("://", match.end()):
            continue  # a ws:// URL names the protocol, not the Node.js library
        if raw == "Node" and _NODE_OF.search(text, max(0, match.start() - 20), match.start()):
            continue  # "the Sparkplug Edge Node", "a Master Node": a node of something, not Node.js
        if entry.id == "heroku_router" and _DYNO.match(text, match.start() + 6):
            continue  # "one Heroku eco dyno", "Heroku dynos": where a part runs, not the router in front
        if raw.lower() in entry.exact_aliases and raw.isalpha() and len(raw) >= 4 and raw not in BRAND_WORDS and (
                raw.islower() or _SENTENCE_START.search(text, max(0, match.start() - 4), match.start()) and
                used_lower.setdefault(raw, bool(re.search(rf"\b{raw.lower()}", text)))):  # one scan per word
            continue  # "envoy", "spring" in lower case are ordinary words; so is "Clerk logins:" beside "the clerks"
        if negated(text, match.start()) or rejected_after(text, match.end()) or \
                _weighed(text, match.start(), match.end()) or _PROTOCOL_OF.match(text, match.end()) and \
                re.search(r"\bthe\s+$", text[max(0, match.start() - 5):match.start()]) or _CLIENT_LIBRARY.match(text, match.end()) or \
                _HARDWARE_AFTER.match(text, match.end()):  # "the RDS encoder at the transmitter": radio data, not Amazon RDS
            # "the Pusher protocol": what another part speaks; "pusher-js": the library in the clients
            continue
        library = _CLIENT_LIBRARY.search(raw[-7:])  # "pusher-js": the clients' library, their technology
        standalone = entry.category not in TECH_ONLY and not (entry.category == "runtime" and entry.id not in RUNTIME_PARTS) \
            and entry.id not in TOKEN_FORMATS and not library
        kind, cued = role_and_cue(text, match.start(), match.end(), entry)
        if library:
            kind = "client"
        if kind == "monitoring" and _APIS_AFTER.match(text, match.end()):
            kind = "external"  # "polls Datadog and Prometheus APIs": an outside source, called
        claim(Product(match.start(), match.end(), entry.id, kind, standalone, entry, cued))
    for pair in _SLASH_PAIR.finditer(text):  # "APNs/FCM", "Redis/Valkey": one part named two ways
        first, second = names.get(pair.group(1).lower()), names.get(pair.group(2).lower())
        if first is not None and second is not None and first.category in _STACK_BASE and second.category not in _STACK_BASE:
            first = second  # "Elixir/Phoenix", "Node.js/Express": the framework, which says more than its language
        if first is not None and second is not None and not taken[pair.start()] and not negated(text, pair.start()):
            kind, cued = role_and_cue(text, pair.start(), pair.end(), first)
            standalone = first.category not in TECH_ONLY and first.id not in TOKEN_FORMATS
            claim(Product(pair.start(), pair.end(), first.id, kind, standalone, first, cued))
    others, languages, frontends = _other_patterns()
    for match in others.finditer(text):
        kind, tech = OTHER_PRODUCTS[match.lastindex - 1][1:]
        kind = acronym_kind(text, match.start(), match.end()) if kind == "external?" else kind  # "the PAS", not "CAD files"
        if kind and not _glued(text, match.start(), "-") and not negated(text, match.start()) and not taken[match.start()]:
            api = _APIS_AFTER.match(text, match.end())
            claim(Product(match.start(), match.end(), tech or match.group(0), "external" if api else kind, True))
    for match in languages.finditer(text):
        if match.group(0) == "Node" and _NODE_OF.search(text, max(0, match.start() - 20), match.start()):
            continue  # "the Sparkplug Edge Node", "a Master Node": a node of something, not Node.js
        if not _glued(text, match.start(), ".-") and not taken[match.start()]:
            claim(Product(match.start(), match.end(), LANGUAGES[match.group(1).lower()], "service", False))
    for match in frontends.finditer(low if low is not None else text.lower()):
        if not _glued(text, match.start(), ".") and not taken[match.start()]:
            claim(Product(match.start(), match.end(), FRONTENDS[match.group(0).lower()], "client", False))
    return sorted(found, key=lambda p: p.start)


_HEAD_RE = re.compile(r"(?<![\w-])(?P<head>" + "|".join(
    re.escape(h) + ("" if h.endswith("ies") else r"(?:e?s)?") for h, _ in sorted(HEADS, key=lambda x: -len(x[0])))
    + r")(?![\w-]|\.\w)", I)  # "Node.js" is not a node
_HEAD_LOWER = re.compile(_HEAD_RE.pattern)  # for lower-cased text: much faster than IGNORECASE
_HEAD_KIND = dict(HEADS)


_LOWERED: list = [None, None]  # the text last lowered, and its lower case


def lowered(text: str) -> str | None:
    """The text in lower case when that keeps every offset (almost always), else None."""
    if _LOWERED[0] is not text:
        low = text.lower()
        _LOWERED[:] = [text, low if len(low) == len(text) else None]
    return _LOWERED[1]


def heads(text: str):
    """Every role head noun in the text, as (start, end, the head as written)."""
    low = lowered(text)
    for m in (_HEAD_LOWER.finditer(low) if low is not None else _HEAD_RE.finditer(text)):
        yield m.start(), m.end(), text[m.start():m.end()]


_HEAD_FORMS: dict[str, tuple[str, str]] = {}
for _h, _kind in sorted(HEADS, key=lambda x: -len(x[0])):
    for _form in (_h, _h + "s", _h + "es"):
        _HEAD_FORMS.setdefault(_form, (_h, _kind))


@lru_cache(maxsize=4096)
def head_kind(head: str) -> tuple[str, str]:
    key = head.lower()
    if key in _HEAD_FORMS:
        return _HEAD_FORMS[key]
    return singular(key), _HEAD_KIND.get(singular(key), "service")
