"""Platform defaults lint assumes when a model is silent, read from ``technologies.yaml``.

Numbers are vendor defaults at the time of writing, each with its source in the knowledge
base; every finding that relies on one says so ("assumed nginx default proxy_read_timeout
60 s"). A technology the knowledge base does not know has no defaults: lint then uses only
what the model states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rtdiagram.knowledge.names import technology_name
from rtdiagram.knowledge.technologies import Technology, lookup


@dataclass(frozen=True)
class Default:
    value: Any
    setting: str   # the vendor's own name for it, quoted in findings
    product: str
    source: str = ""


# Values the model's technology fields used to take as enums; they name no product.
GENERIC = frozenset({"custom", "other", "none", "in_memory", "managed", "memory", "sql",
                     "cdn_other"})
# Servers without a built-in heartbeat: silence means no heartbeat at all.
NO_HEARTBEAT = frozenset({"ws", "gorilla_websocket", "ratchet", "netty", "jetty", "tokio"})


def _setting(text: str) -> str:
    """The vendor's setting name without the explanation in brackets (unless it qualifies
    the number, as "observed, unpublished" does)."""
    return re.sub(r"\s*\((?!observed)[^)]*\)", "", str(text)).strip() or str(text)


def product_name(entry: Technology, kind: str | None = None) -> str:
    return technology_name(entry.id, kind) or entry.name


@lru_cache(maxsize=512)
def _defaults(technology: str | None, kind: str | None) -> dict[str, Default]:
    if not technology or technology in GENERIC:
        return {}
    entry = lookup(technology, kind)
    if entry is None:
        return {}
    product = product_name(entry, kind)
    table = {key: Default(raw.get("value"), _setting(raw.get("setting", key)), product,
                          str(raw.get("source", "")))
             for key, raw in entry.defaults.items() if isinstance(raw, dict)}
    if kind == "gateway":
        if "heartbeat_interval_s" in table:
            table.setdefault("heartbeat_mechanism", Default("library", "ping/pong", product))
        elif entry.id in NO_HEARTBEAT:
            table.setdefault("heartbeat_mechanism", Default("none", "no built-in ping", product))
    return table


def hop_default(technology: str | None, attr: str) -> Default | None:
    return _defaults(technology, "proxy").get(attr)


def gateway_default(technology: str | None, attr: str) -> Default | None:
    return _defaults(technology, "gateway").get(attr)


def technology_default(technology: str | None, attr: str, kind: str | None = None) -> Default | None:
    return _defaults(technology, kind).get(attr)


def is_managed_technology(technology: str | None, kind: str | None = None) -> bool:
    entry = lookup(technology, kind) if technology and technology not in GENERIC else None
    return bool(entry and entry.managed)


LINUX_FD_LIMIT = Default(1024, "ulimit -n", "Linux")
K8S_GRACE_PERIOD = Default(30, "terminationGracePeriodSeconds", "Kubernetes")
REDIS_OUTPUT_BUFFER_HARD_MB = Default(32, "client-output-buffer-limit pubsub", "Redis")


def describe(default: Default, unit: str = "") -> str:
    """"assumed nginx default proxy_read_timeout 60 s" — for findings that relied on it."""
    value = default.value
    if isinstance(value, bool):
        return f"assumed {default.product} default: {default.setting} {'on' if value else 'off'}"
    if isinstance(value, (int, float)):
        shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"
        return f"assumed {default.product} default {default.setting} {shown}{unit}"
    return f"assumed {default.product} default: {default.setting}"
