"""The words before a head noun that belong to its name ("the patient app", "two Envoy
proxies", "the fan-out tier"), and which of them are strong enough to name a part."""

from __future__ import annotations

import re

from rtdiagram.prose.catalogue import GENERIC_MODS, I, LANGUAGES, NOUN_ING, number
from rtdiagram.prose.phrases import STOP, Product, singular


_TOKEN_CHARS = set("_$.@/+#&'→*-")
_ALNUM = re.compile(r"[^\W_]")
_NUMERIC = re.compile(r"\d+(?:\.\d+)?|\d+\+?")
_LINE_START = re.compile(r"[,;:(\n]\s*$|^\s*$")
# "Every 15 seconds server sends a comment": a unit ends the words before a head, never names it.
_UNITS = {"second", "seconds", "secs", "sec", "minute", "minutes", "mins", "min", "hour", "hours", "hrs", "ms",
          "milliseconds", "day", "days", "week", "weeks", "times", "percent", "kb", "mb", "gb", "bytes"}


def _last_token(text: str, position: int) -> tuple[int, int]:
    """The last token before ``position`` (a backward scan of at most 60 characters): its start and end."""
    low, i = max(0, position - 60), position
    while i > low and text[i - 1].isspace():
        i -= 1
    end = i
    while i > low and (text[i - 1].isalnum() or text[i - 1] in _TOKEN_CHARS):
        i -= 1
    return i, end


def _punct_before(text: str, position: int) -> bool:
    """Whether ``position`` follows one of , ; : ( (with only spaces between)."""
    i = position
    while i > 0 and position - i < 40 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1] in ",;:("


_DETERMINER = re.compile(r"\b(?:the|a|an|our|their|its|this|that|each|every|one|your)\s+$", I)


def _after_determiner(text: str, position: int) -> bool:
    return bool(_DETERMINER.search(text, max(0, position - 8), position))


def modifiers(text: str, start: int) -> tuple[int, list[str]]:
    """Words before a head noun that belong to its phrase: (phrase start, words)."""
    words: list[str] = []
    position = start
    for _ in range(4):
        token_start, token_end = _last_token(text, position)
        if token_start == token_end or "\n" in text[token_end:position]:  # after unwrap(), every line break is structure
            break
        token = text[token_start:token_end].strip("*")
        if not token or token.startswith("@") or token.endswith((".", "→", "->")) or not _ALNUM.search(token) or \
                "→" in token or token.lower().startswith("per-") or token.lower() in STOP or \
                _NUMERIC.fullmatch(token) or number(token) is not None or token in ("go", "goes", "went") or \
                token.lower() in _UNITS or \
                (token.lower().endswith(("ing", "ed", "ly")) and not token[0].isupper() and "-" not in token
                 and token.lower() not in ("signalling", "signaling", "messaging", "embedded", "streaming")
                 and not (token.lower() in NOUN_ING and not words and _after_determiner(text, token_start))):
            break  # "using servers", "existing nodes"; but "the booking page", "a tracking server" name a role
        if _punct_before(text, token_start) and words:
            words.insert(0, token)
            position = token_start
            break
        words.insert(0, token)
        position = token_start
        if _LINE_START.search(text[max(0, position - 3):position] or " "):
            break
    return position, words


def strong(words: list[str], products_in: list[Product]) -> list[str]:
    keep = []
    capitals = [i for i, w in enumerate(words) if w[:1].isupper()]
    if capitals and capitals[0] > 0 and words[capitals[0] - 1][:1].islower():
        words = words[capitals[0]:]  # "an unhealthy Channel Server": the name starts at the capitals
    for word in words:
        if re.search(r"['’]s$", word) and not word[:1].isupper():
            continue  # "the vendor's monitor gateway" is the monitor gateway
        low = re.sub(r"'s?$", "", word.lower())
        if low in GENERIC_MODS or low in LANGUAGES or low in STOP:
            continue
        keep.append(singular(low))
    return keep
