"""EDGE IN: prose → a validated YAML model, by an LLM or by the offline extractor.

Both providers produce an :class:`~rtdiagram.prose.extraction.Extraction`; it is mapped onto the model,
written as commented YAML (the schema modeline, the quotes each component came from, what was
guessed), and loaded back through the ordinary loader, so a draft is valid by construction.
The input is untrusted: it is only ever parsed, never executed or used to choose files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from rtdiagram.model.errors import DraftError, ModelError
from rtdiagram.prose.extraction import Extraction, to_document
from rtdiagram.model.loader import Loaded, load_text
from rtdiagram.prose.llm import LLMSettings, configured
from rtdiagram.prose.redact import known_secrets, redact

FEATURES = (
    ("broadcast", r"\bbroadcasts?\b|fan[- ]?out|to all (?:active |connected )?(?:connections|clients|players|users)"),
    ("rooms", r"\brooms?\b|\bchannels?\b"),
    ("presence", r"\bpresence\b|joined/left|who is online"),
    ("user_push", r"\bpush(?:es)? (?:updates |notifications |messages )?to (?:the |a )?(?:user|player)s?\b|user id"),
)
_BARE_MODIFIER = re.compile(r"(?:small|tiny|simple|little|separate|new|single|second|third-party|external|"
                            r"dedicated|internal)\s", re.I)  # "a small service in Python" names no system
TITLE = re.compile(r"\b(?:an?|the) ((?:[\w-]+ ){0,3}?(?:collaborative [\w ]+?editor|editor|dashboard|game|chat(?: interface)?"
                   r"|app|application|platform|feed|service))\b(?!-\w)", re.I)


@dataclass(frozen=True)
class Draft:
    yaml_text: str
    loaded: Loaded
    provider: str
    request: dict | None = None     # the first request sent to an LLM (tests keep a golden of it)


def choose_provider(provider: str | None, settings: LLMSettings) -> str:
    if provider:
        return provider
    return "openai" if configured(settings) else "offline"


def draft(text: str, *, provider: str | None = None, settings: LLMSettings = LLMSettings(),
          name: str | None = None, on_progress: Callable[[int], None] | None = None,
          file: str = "draft.yaml") -> Draft:
    text = text.strip()
    if not text:
        raise DraftError("the description is empty", hint="pass text, -f FILE, or pipe it on stdin")
    chosen = choose_provider(provider, settings)
    extras: dict[str, dict[str, Any]] = {}
    guesses: dict[str, list[str]] = {}
    request = None
    if chosen == "offline":
        from rtdiagram.prose.offline import extract_offline

        result = extract_offline(text)
        extraction, extras, guesses = result.extraction, result.extras, result.guesses
    elif chosen == "openai":
        from rtdiagram.prose.llm import draft_with_llm

        extraction, request = draft_with_llm(text, settings, on_progress)
    else:
        raise DraftError(f"unknown provider {chosen!r}", hint="use openai or offline")
    if not extraction.components:
        raise DraftError("no components were found in the description",
                         hint="name the parts: clients, gateway or server, load balancer, pub/sub, stores")
    document = to_document(extraction, guesses)
    document["system"]["name"] = name or extraction.title or _title(text)
    features = [feature for feature, pattern in FEATURES if re.search(pattern, text, re.I)]
    if features:
        document["system"]["features"] = features
    for component in document["components"]:
        component.update(extras.get(component["id"], {}))
    # A key the server echoed (into a label, a quote) never reaches the file: "redacted" is a
    # plain YAML word and a valid id, so the draft stays valid YAML.
    secrets = known_secrets(settings.api_key, settings.base_url)
    yaml_text = redact(emit(document, extraction, guesses, chosen), secrets, "redacted") or ""
    try:
        loaded = load_text(yaml_text, file)
    except ModelError as error:  # a bug in the mapping, not the user's fault: say so plainly
        first = error.diagnostics[0]
        raise DraftError(f"the drafted model does not validate: {redact(first.message, secrets)}",
                         hint="please report this with the description you drafted from") from None
    return Draft(yaml_text, loaded, chosen, request)


HEADING = re.compile(r"\A\s*(?:#+\s*)?(?P<title>[^\n]{3,120}?)\s*(?<![.!?,;])\n")


def _title(text: str) -> str:
    heading = HEADING.match(text)
    if heading and re.match(r"\[?\d{1,2}:\d{2}", heading["title"]):
        heading = None  # "[19:02] lena: recap …": a chat opens, no title
    if heading and (text.lstrip().startswith("#") or ". " not in heading["title"]):
        # "# Scorecast live match feed: design" → "Scorecast live match feed"
        title = re.split(r"\s*(?::|,|\s(?:[—–]|--?)\s|\()\s*", heading["title"].strip("*# "), maxsplit=1)[0]
        if len(title) >= 3 and not re.match(r"(?:hey|hi|ok|okay|so|fyi|quick|note|notes|re)\b", title, re.I):
            return title[:1].upper() + title[1:]
    from rtdiagram.prose.nameforms import line_labels  # the extractor's modules load only when it drafts

    lead = re.match(r"\s*([A-Z][\w'’-]*(?: [\w'’-]+){1,5}):\s", text)  # "Telehealth video visits: the patient app …"
    if lead and not re.match(r"(?:hey|hi|ok|okay|so|fyi|quick|note|notes|re|update|context|summary|tl;?dr)\b", lead[1], re.I) \
            and line_labels(text)[lead[1]] == 1:  # not a speaker who opens every line
        return lead[1]
    if re.search(r"\bshared documents?\b|collaborative (?:document )?edit", text, re.I):
        return "Collaborative document editor"
    opening = re.match(r"(?:[^.!?\n]*[.!?\n]+){1,2}", text)  # the first sentences say what the system is
    match = next((m for part in (opening.group(0) if opening else "", text) for m in TITLE.finditer(part)
                  if not _BARE_MODIFIER.match(m.group(1))), None)
    if not match:
        return "Drafted system"
    words = match.group(1).strip()
    return words[:1].upper() + words[1:]


def _inline(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True, sort_keys=False).strip()


def emit(document: dict, extraction: Extraction, guesses: dict[str, list[str]], provider: str) -> str:
    """Commented YAML: where each component came from, and what was guessed."""
    from rtdiagram.model.jsonschema import MODELINE

    evidence = {c.id: c.evidence for c in extraction.components}
    source = "the offline extractor" if provider == "offline" else "an LLM"
    out = [
        MODELINE.format("rtdiagram.schema.json"),
        f"# Drafted by rtdiagram from a prose description, by {source}.",
        "# Check every '# guessed' comment, then run: rtdiagram lint <this file>",
        f"version: {document['version']}",
        "system:",
    ]
    out += ["  " + line for line in yaml.safe_dump(document["system"], sort_keys=False, allow_unicode=True,
                                                   width=100).splitlines()]
    out.append("components:")
    for component in document["components"]:
        for quote in evidence.get(component["id"], [])[:2]:
            out.append(f"  # from the text: {json.dumps(' '.join(quote.split()), ensure_ascii=False)}")
        for note in guesses.get(component["id"], []):
            out.append(f"  # guessed: {note}")
        body = yaml.safe_dump(component, sort_keys=False, allow_unicode=True, width=100).splitlines()
        out.append("  - " + body[0])
        out += ["    " + line for line in body[1:]]
    out.append("links:" if document["links"] else "links: []")
    for link in document["links"]:
        notes = guesses.get(f"{link['from']}->{link['to']}", [])
        comment = f"  # guessed: {notes[0]}" if notes else ""
        out.append(f"  - {_inline(link)}{comment}")
    return "\n".join(out) + "\n"
