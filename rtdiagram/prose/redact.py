"""Secrets never leave rtdiagram: API keys and anything shaped like a credential are redacted
from every message, hint and drafted file.

The known secrets (the API key in use, a password in ``--base-url``) are replaced wherever they
appear; in addition, text shaped like a bearer token, an OpenAI-style key, a JWT, a cloud or
chat-service token, or ``api_key=…`` is replaced, because a server may echo a key we never saw.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REDACTED = "[redacted]"
_PATTERNS = [
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"\beyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}"),
    re.compile(r"\b(?:gh[pousr]_|github_pat_|xox[abpors]-|AKIA|AIza|glpat-)[A-Za-z0-9_\-]{10,}"),
    re.compile(r"(?i)(?<![A-Za-z])((?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|"
               r"authorization)[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&]{6,}"),
]
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@")


def known_secrets(*values: str | None) -> list[str]:
    """The keys in use (given, and from the environment) and passwords inside URLs."""
    found: list[str] = []
    for value in (*values, os.environ.get("OPENAI_API_KEY"), os.environ.get("OPENAI_BASE_URL")):
        if not value:
            continue
        if "://" in value:
            try:
                parts = urlsplit(value)
                found += [part for part in (parts.username, parts.password) if part]
            except ValueError:
                pass
        else:
            found.append(value)
    return [secret for secret in found if len(secret) >= 4 and secret != "not-needed"]


def redact(text: str | None, secrets: Iterable[str] = (), replacement: str = REDACTED) -> str | None:
    if not text:
        return text
    for secret in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(secret, replacement)
    text = _USERINFO.sub(lambda m: m.group(1) + replacement + "@", text)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + replacement, text)
    return text


def safe_url(url: str) -> str:
    """A URL without userinfo or query (both can carry a key), for messages."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return redact(url) or ""


def redact_data(data: Any, secrets: Iterable[str], replacement: str) -> Any:
    """Every string inside ``data`` (dicts, lists), redacted; keys are left alone."""
    secrets = list(secrets)
    if isinstance(data, str):
        return redact(data, secrets, replacement)
    if isinstance(data, dict):
        return {key: redact_data(value, secrets, replacement) for key, value in data.items()}
    if isinstance(data, list):
        return [redact_data(value, secrets, replacement) for value in data]
    return data
