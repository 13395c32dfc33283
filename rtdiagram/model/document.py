"""The document: links, groups, channels, flows, waivers and the ``Model`` that holds them."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from rtdiagram.model.base import ComponentId, Flag, Frozen, Protocol, System
from rtdiagram.model.components import Component

# --------------------------------------------------------------------------------------------
# Links, groups, channels, flows, waivers


class Link(Frozen):
    from_: ComponentId = Field(..., alias="from", description="Id of the source component.")
    to: ComponentId = Field(..., description="Id of the target component.")
    protocol: Protocol = Field("http", description="Protocol on this link. Default: http.")
    label: str | None = Field(None, max_length=200, description="What travels on the link.")
    direction: Literal["forward", "back", "both"] | None = Field(
        None,
        description="Arrow direction, following the data. Unset: both for websocket/webrtc, "
        "back (server → client) for sse, forward otherwise. Links are written from the side "
        "that connects to the side that accepts.",
    )

    @property
    def effective_direction(self) -> str:
        if self.direction:
            return self.direction
        if self.protocol in ("websocket", "webrtc"):
            return "both"
        return "back" if self.protocol == "sse" else "forward"


class Group(Frozen):
    id: ComponentId
    label: str | None = Field(None, description="Title drawn on the group.")
    members: list[ComponentId] = Field(..., min_length=1, description="Component ids.")


class Channel(Frozen):
    name: str = Field(..., min_length=1, description="Channel or room name pattern.")
    visibility: Literal["public", "private", "presence", "user"] = Field(
        "public", description="Who may subscribe."
    )
    priority: str | None = Field(
        None, description="Priority class of its messages (one of a gateway's priorities)."
    )
    description: str | None = None


STEP_RE = re.compile(r"^\s*(?P<from>[^\s:>-][^\s:>]*)\s*(?P<arrow>-->|->)\s*(?P<to>[^\s:]+)\s*(?::\s*(?P<message>.*))?$")


def _parse_step(value: Any) -> Any:
    """Accept ``"a -> b: message"`` (``-->`` for a reply) as well as the mapping form."""
    if not isinstance(value, str):
        return value
    match = STEP_RE.match(value)
    if not match:
        raise ValueError("a step reads 'from -> to: message' (use '-->' for a reply)")
    return {
        "from": match["from"],
        "to": match["to"],
        "message": (match["message"] or "").strip(),
        "reply": match["arrow"] == "-->",
    }


class Step(Frozen):
    from_: ComponentId = Field(..., alias="from")
    to: ComponentId
    message: str = Field("", description="What is sent.")
    reply: Flag = Field(False, description="Drawn as a dashed return arrow.")


StepText = Annotated[
    str,
    Field(
        pattern=r"^\s*[^\s:>-][^\s:>]*\s*--?>\s*[^\s:]+\s*(:.*)?$",
        description="'from -> to: message', or 'from --> to: message' for a reply.",
    ),
]


class Flow(Frozen):
    name: str = Field(..., min_length=1, description="Flow name, e.g. connect, publish.")
    description: str | None = None
    steps: list[Annotated[Step, BeforeValidator(_parse_step, json_schema_input_type=StepText | Step)]] = Field(
        ...,
        min_length=1,
        description="Ordered steps, each 'from -> to: message' ('-->' for a reply).",
        examples=[["client -> gateway: connect", "gateway --> client: ack"]],
    )


class Waiver(Frozen):
    rule: str = Field(..., description="Rule code or name being waived.")
    component: ComponentId | None = Field(None, description="Component it applies to.")
    reason: str = Field(..., min_length=1, description="Why the finding is accepted.")
    ticket: str | None = None
    expires: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Expiry date, YYYY-MM-DD."
    )


# --------------------------------------------------------------------------------------------
# The document


class Model(Frozen):
    """A real-time system design."""

    version: Literal[1, 2] = Field(
        1, description="Model format version. 2 adds fan-out mechanisms, roles, unknown counts "
        "('replicas: many'), explicit negatives ('drain: none') and free-text technologies; "
        "every version 1 model is also a valid version 2 model."
    )
    system: System
    components: list[Component] = Field(..., min_length=1)
    links: list[Link] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    # Pure queries. cached_property works on frozen models: it writes __dict__ directly.

    @cached_property
    def by_id(self) -> dict[str, Any]:
        return {component.id: component for component in self.components}

    @cached_property
    def index_of(self) -> dict[str, int]:
        return {component.id: index for index, component in enumerate(self.components)}

    @cached_property
    def _by_kind(self) -> dict[str, list[Any]]:
        table: dict[str, list[Any]] = {}
        for component in self.components:
            table.setdefault(component.kind, []).append(component)
        return table

    def of_kind(self, *kinds: str) -> list[Any]:
        """Components of these kinds, in model order."""
        if len(kinds) == 1:
            return list(self._by_kind.get(kinds[0], ()))
        return [component for component in self.components if component.kind in kinds]

    @cached_property
    def _outgoing(self) -> dict[str, list[Link]]:
        table: dict[str, list[Link]] = {}
        for link in self.links:
            table.setdefault(link.from_, []).append(link)
        return table

    @cached_property
    def _incoming(self) -> dict[str, list[Link]]:
        table: dict[str, list[Link]] = {}
        for link in self.links:
            table.setdefault(link.to, []).append(link)
        return table

    def links_from(self, component_id: str) -> list[Link]:
        return self._outgoing.get(component_id, [])

    def links_to(self, component_id: str) -> list[Link]:
        return self._incoming.get(component_id, [])

    def neighbours(self, component_id: str) -> list[Any]:
        """Components linked to or from this one, in link order, without repeats."""
        seen: dict[str, Any] = {}
        for link in self.links_from(component_id):
            seen.setdefault(link.to, self.by_id[link.to])
        for link in self.links_to(component_id):
            seen.setdefault(link.from_, self.by_id[link.from_])
        return list(seen.values())
