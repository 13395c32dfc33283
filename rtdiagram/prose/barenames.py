"""Parts named by a bare lower-case word: "the tablet POSTs it to bieden … bieden ignores a second
copy … bieden pings every 30 seconds". A common noun in the singular takes an article; a word that
never does, and acts or is acted on several times, is a name. Mixed into
:class:`~rtdiagram.prose.parts.Parts`."""

from __future__ import annotations

import re
from collections import Counter

from rtdiagram.prose.catalogue import CLIENT_WORDS, LANGUAGES
from rtdiagram.prose.phrases import _HEAD_FORMS, STOP, negated

_WORD = re.compile(r"(?<![\w./:#`@$-])([a-z][a-z0-9]{3,})(?![\w/`@-]|\.\w)")
_ARTICLE = re.compile(r"\b(?:the|a|an|our|their|its|this|that|each|every|some|any|no|one|which|whose|his|her|my|your|"
                      r"these|those|of|is|are|was|be|more|less|very|so|too|not)\s+$", re.I)
# Where a name stands: after a preposition of motion ("POSTs it to bieden"), or acting ("bieden pings").
_AFTER_PREPOSITION = re.compile(r"\b(?:to|from|via|by|through|at|on|into|with)\s+$", re.I)
_ACTS = re.compile(r"\s+(?:[a-z]+s|has|is|was|keeps|can|will|then|also|only|just|answers)\b")
_LINKING = (r"(?:to|from|via|by|through|at|on|in|into|with|for|of|and|or|but|so|then|when|if|until|while|because|"
            r"is|are|was|were|be|being|has|have|had|can|could|will|would|should|must|may|might|does|do|did|"
            r"itself|alone|only|also|then|now|still|just|again|too|first|never|always)")
_MODIFIES = re.compile(rf"[ \t]+(?!{_LINKING}\b)[a-z]+\b(?!-)(?<!s)")  # followed by a noun, not a verb in -s
_MODIFIED = re.compile(rf"(?<![\w-])(?!{_LINKING}\b)(?:[a-z]+|[A-Z][a-z]+)[ \t]+$")  # "relay mode", "Direct mode"
_NOT_NAMES = STOP | {
    "data", "traffic", "everything", "nothing", "something", "anything", "everyone", "someone", "anyone", "nobody",
    "time", "today", "tonight", "tomorrow", "yesterday", "this", "that", "there", "here", "what", "when", "where",
    "while", "once", "each", "every", "none", "most", "many", "much", "more", "less", "half", "both", "either",
    "home", "work", "memory", "disk", "load", "information", "support", "access", "software", "hardware",
    "money", "music", "news", "mail", "email", "text", "audio", "video", "media", "content", "state", "staff",
    "people", "management", "production", "staging", "development", "security", "storage", "logging",
    "monitoring", "testing", "auth", "login", "nginx", "redis", "kafka", "postgres", "mysql", "http", "https",
    "json", "yaml", "true", "false", "null", "none", "yes", "okay", "please", "thanks", "also", "still", "again",
    "later", "first", "last", "next", "after", "before", "until", "since", "because", "though", "although",
    "maybe", "perhaps", "never", "always", "often", "sometimes", "usually", "already", "even", "really",
    "wifi", "internet", "network", "cloud", "power", "python", "golang", "node", "java", "rust", "ruby",
}
_CLIENT_LIKE = {w.rstrip("s?").lower() for w in re.findall(r"[A-Za-z-]+", CLIENT_WORDS)}


class BareNames:
    """The bare-name pass of :class:`~rtdiagram.prose.parts.Parts`."""

    def bare_names(self) -> None:
        text = self.text
        if len(text) > 200_000:
            return  # a long text is read for its named parts; this pass is for short notes
        seen: dict[str, list[tuple[int, int]]] = {}
        for match in _WORD.finditer(text):
            seen.setdefault(match.group(1), []).append(match.span(1))
        counts = Counter({word: len(spans) for word, spans in seen.items()})
        for word, n in counts.items():
            if n < 3 or word in _NOT_NAMES or word in _HEAD_FORMS or word in LANGUAGES or \
                    word.rstrip("s") in _CLIENT_LIKE or word.endswith(("ing", "ed", "ly", "tion", "ment", "ness")) or \
                    word.endswith("s") and not word.endswith("ss"):
                continue  # plurals, gerunds and adverbs go without an article too
            spans = seen[word]
            if any(_ARTICLE.search(text, max(0, s - 12), s) for s, _ in spans) or \
                    re.search(rf"\b{word}\b", text, re.I) and re.search(rf"\b(?:the|a|an) {word}\b", text, re.I):
                continue
            if any(_MODIFIES.match(text, e) or _MODIFIED.search(text, max(0, s - 20), s) for s, e in spans):
                continue  # "site plans", "exam weeks", "auto mode": a common noun in a compound
            placed = sum(bool(_AFTER_PREPOSITION.search(text, max(0, s - 8), s) or _ACTS.match(text, e)) for s, e in spans)
            free = [(s, e) for s, e in spans if not self.covering(s, e) and not self.prods_in(s, e)]
            if placed < 2 or len(free) < len(spans) or negated(text, spans[0][0]):
                continue
            found = self.add("service", word, "=" + word, None, spans[0])
            for span in spans[1:]:
                found.spans.append(span)
