"""Effective values: what the model says, or else the platform default lint assumes.

Each value carries a note when it was assumed, so findings can say "assumed nginx default
proxy_read_timeout 60 s" and reviewers know what to override.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rtdiagram.knowledge.defaults import Default, describe, gateway_default, hop_default


@dataclass(frozen=True)
class Value:
    value: Any
    assumed: str | None = None   # set when the value came from a platform default

    def note(self) -> str:
        return f" ({self.assumed})" if self.assumed else ""


UNITS = {"_per_s": "/s", "_s": " s", "_bytes": " bytes", "_mb": " MB"}


def _unit(attr: str) -> str:
    return next((unit for suffix, unit in UNITS.items() if attr.endswith(suffix)), "")


def _from(default: Default | None, attr: str) -> Value:
    if default is None:
        return Value(None)
    return Value(default.value, describe(default, _unit(attr)))


def hop_value(hop: Any, attr: str) -> Value:
    value = getattr(hop, attr, None)
    if value is not None:
        return Value(value)
    return _from(hop_default(hop.technology, attr), attr)


def gateway_value(gateway: Any, attr: str) -> Value:
    """Gateway attributes, with heartbeat fields flattened as heartbeat_interval_s etc."""
    if attr.startswith("heartbeat_"):
        heartbeat = gateway.heartbeat
        value = getattr(heartbeat, attr.removeprefix("heartbeat_"), None) if heartbeat else None
    else:
        value = getattr(gateway, attr, None)
    if value is not None:
        return Value(value)
    return _from(gateway_default(gateway.technology, attr), attr)
