"""Capacity estimates from the expected load (domain-rules §4). Pure functions of the model.

Every estimate is a :class:`Figure`: a value, the formula that produced it and the inputs
behind it, each input saying where it came from — a model path, a platform default the model
is silent about (named, as lint names it), a threshold, a protocol constant or another figure.
An input the model does not give and no platform default covers is *named* in ``missing``,
never invented; the figure's value is then ``None`` (or a bound, said so in its note).

``capacity_figures.estimate`` builds the whole sheet; the small functions below are the shared
formulas that lint's capacity rules call, so lint and ``rtdiagram capacity`` agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rtdiagram.knowledge.defaults import Default, describe
from rtdiagram.model.diagnostics import Path
from rtdiagram.model.document import Model

# Sources of an input.
MODEL, DEFAULT, THRESHOLD, CONSTANT, DERIVED, ASSUMPTION = (
    "model", "default", "threshold", "constant", "derived", "assumption")


@dataclass(frozen=True)
class Input:
    symbol: str                    # the name used in the formula
    value: Any
    unit: str = ""
    source: str = MODEL            # model | default | threshold | constant | derived | assumption
    where: str = ""                # model path, the assumed default, the threshold, the figure id
    path: Path = ()                # model path, for line numbers (source == model)

    def to_json(self, line: int | None = None) -> dict:
        data = {"symbol": self.symbol, "value": _plain(self.value), "unit": self.unit,
                "source": self.source, "where": self.where}
        if line is not None:
            data["line"] = line
        return data


@dataclass(frozen=True)
class Figure:
    id: str                        # stable: "nodes_needed.ws"
    section: str                   # connections | fanout | egress | pubsub | reconnect | heartbeat
    title: str
    value: float | None
    unit: str
    formula: str
    inputs: tuple[Input, ...] = ()
    missing: tuple[str, ...] = ()  # inputs the model does not give, by name
    scope: str | None = None       # the component the figure is about
    note: str = ""
    working: str = ""              # the formula with the numbers put in: "800 × 6 = 4,800"

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass
class Sheet:
    """The figures of one model, in order, with the system they describe."""

    system: str
    figures: list[Figure] = field(default_factory=list)

    def get(self, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.id == figure_id), None)

    def value(self, figure_id: str) -> float | None:
        figure = self.get(figure_id)
        return figure.value if figure else None

    def for_component(self, component_id: str) -> list[Figure]:
        return [f for f in self.figures if f.scope == component_id]


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    return value


def path_text(model: Model, path: Path) -> str:
    """``('components', 2, 'heartbeat', 'interval_s')`` → ``components[ws].heartbeat.interval_s``."""
    text = ""
    parts = list(path)
    for index, part in enumerate(parts):
        if isinstance(part, int):
            previous = parts[index - 1] if index else None
            name = model.components[part].id if previous == "components" and part < len(model.components) else part
            text += f"[{name}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def stated(model: Model, symbol: str, value: Any, path: Path, unit: str = "") -> Input:
    return Input(symbol, value, unit, MODEL, path_text(model, path), tuple(path))


def assumed(symbol: str, default: Default, unit: str = "") -> Input:
    return Input(symbol, default.value, unit, DEFAULT, describe(default, f" {unit}" if unit else ""))


def component_path(model: Model, component_id: str, *attrs: str | int) -> Path:
    return ("components", model.index_of[component_id], *attrs)


def num(value: float | None) -> str:
    """24000.0 → "24,000"; 139.81 → "139.8"; 0.5 → "0.5". Stable text for every output."""
    if value is None:
        return "?"
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.3g}"


class Builder:
    """Collects figures; ``ref`` turns a figure into an input of another one."""

    def __init__(self, model: Model, thresholds: Any) -> None:
        self.model, self.thresholds = model, thresholds
        self.sheet = Sheet(model.system.name)

    def add(self, figure: Figure) -> Figure:
        self.sheet.figures.append(figure)
        return figure

    @staticmethod
    def ref(figure: Figure, symbol: str) -> Input:
        return Input(symbol, figure.value, figure.unit, DERIVED, figure.id)

    def threshold(self, symbol: str, name: str, unit: str = "") -> Input:
        value = getattr(self.thresholds, name)
        return Input(symbol, value, unit, THRESHOLD, f"threshold {name} = {num(value)}{unit and ' ' + unit}")


# --------------------------------------------------------------------------------------------
# Shared formulas (lint's capacity rules call these)


def connections(model: Model) -> float | None:
    """C = peak connections, or peak users × connections per user."""
    expected = model.system.expected
    if expected.peak_connections is not None:
        return float(expected.peak_connections)
    if expected.peak_users is None:
        return None
    return expected.peak_users * (expected.connections_per_user or 1.0)


def connections_input(model: Model) -> tuple[float | None, tuple[Input, ...], tuple[str, ...], str]:
    """C with its inputs, the names of what is missing, and the formula used."""
    expected = model.system.expected
    if expected.peak_connections is not None:
        return (float(expected.peak_connections),
                (stated(model, "peak_connections", expected.peak_connections,
                        ("system", "expected", "peak_connections"), "connections"),),
                (), "C = peak_connections")
    if expected.peak_users is None:
        return None, (), ("system.expected.peak_users",), "C = peak_users × connections_per_user"
    users = stated(model, "peak_users", expected.peak_users, ("system", "expected", "peak_users"), "users")
    if expected.connections_per_user is not None:
        per_user = stated(model, "connections_per_user", expected.connections_per_user,
                          ("system", "expected", "connections_per_user"))
    else:
        per_user = Input("connections_per_user", 1.0, "", ASSUMPTION,
                         "not stated: 1.0 (one connection per user; each browser tab opens its own)")
    return (expected.peak_users * float(per_user.value), (users, per_user), (),
            "C = peak_users × connections_per_user")


def connections_per_node(model: Model, gateway: Any) -> float | None:
    total = connections(model)
    if total is None:
        return None
    return total / max(1, gateway.instance_count)


def deliveries_per_s(model: Model) -> float | None:
    expected = model.system.expected
    if expected.publish_rate_per_s is None or expected.avg_recipients is None:
        return None
    return expected.publish_rate_per_s * expected.avg_recipients


def subscribed_nodes(model: Model, pubsub: Any) -> int:
    """Gateway nodes subscribed to a pub/sub component: the largest linked gateway's count."""
    return max((g.instance_count for g in model.neighbours(pubsub.id) if g.kind == "gateway"), default=1)


PER_KEY = ("per_room", "per_user")


def node_share(model: Model, pubsub: Any) -> float:
    """Share of all publishes one gateway node receives (§4.4): 1 for global or per-namespace
    channels; 1 − (1 − 1/N)^R for per-room or per-user channels with random placement."""
    recipients = model.system.expected.avg_recipients
    if pubsub.channel_granularity in PER_KEY and recipients:
        nodes = subscribed_nodes(model, pubsub)
        return 1 - (1 - 1 / nodes) ** recipients
    return 1.0


def pubsub_ingress_per_node(model: Model, pubsub: Any) -> float | None:
    """Bytes/s each subscribed gateway node receives from the broker (§4.4)."""
    expected = model.system.expected
    rate, size = expected.publish_rate_per_s, expected.avg_message_bytes
    if rate is None or size is None:
        return None
    return rate * node_share(model, pubsub) * size


def first_retry_window_s(client: Any) -> float | None:
    """Width of the window in which a client's first reconnect attempt lands (§4.6):
    base × [1 − jitter, 1 + jitter], so 2 × jitter × base. None when the client does not say."""
    reconnect = client.reconnect
    if not reconnect or reconnect.strategy not in ("exponential", "fixed") or reconnect.base_ms is None:
        return None
    jitter = reconnect.jitter
    if jitter is None or jitter is True:
        return None          # not stated, or "on" without a factor
    if jitter is False:
        return 0.0
    return 2 * min(float(jitter), 1.0) * reconnect.base_ms / 1000
