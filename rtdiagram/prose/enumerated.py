"""Parts named in a list after the group that holds them: "Four Spring Boot services read them from
Config Server: catalogue, basket, checkout and banner, each running as two instances" is four
services, two instances each, not one part called "Spring Boot services". Mixed into
:class:`~rtdiagram.prose.parts.Parts`."""

from __future__ import annotations

import re

from rtdiagram.prose.catalogue import NUMBER, I, number
from rtdiagram.prose.mentions import Found, singular, slug

_GROUP_HEADS = {"service", "microservice", "worker", "server", "app", "application", "daemon", "process", "job",
                "consumer", "component", "backend", "api"}
_ITEM = r"(?:`[\w.-]{2,30}`|\*\*[\w.-]{2,30}\*\*|[A-Za-z][\w.-]{1,30}(?<![.-]))"
# The list: after a colon, a dash or an opening bracket, soon after the group; items joined by commas and "and".
_LIST = re.compile(rf"[^.;:\n(]{{0,120}}?(?::|\(|—| - )\s*(?P<items>{_ITEM}(?:,\s*{_ITEM}){{0,7}},?\s+(?:and|&)\s+{_ITEM}"
                   rf"|{_ITEM}(?:,\s*{_ITEM}){{1,7}}(?=\)))")
_EACH = re.compile(rf"\)?[,.;]?\s*(?:(?:each|they each|all)\s+(?:one\s+)?(?:runs?|running|is|are|deployed|runs as|with|has|have)?\s*"
                   rf"(?:as|with|on|in)?\s*(?P<n>{NUMBER})|(?P<m>{NUMBER}))\s+(?:instances|pods|replicas|copies|containers|"
                   rf"processes|nodes|tasks)(?(m)\s+each\b|)", I)
_COUNTED = re.compile(rf"\b(?P<n>{NUMBER})\s+(?:[\w.-]+\s+){{0,3}}$", I)


class Enumerations:
    """The listing pass of :class:`~rtdiagram.prose.parts.Parts`."""

    def enumerated(self) -> None:
        """Each listed name becomes a service with the group's technology (a gateway later, if it holds
        connections); the group itself leaves the list, its mentions pointing at the first of them."""
        text = self.text
        for group in [f for f in self.found if f.kind in ("service", "gateway") and f.name.split()]:
            words = group.name.split()
            if not words[-1].lower().endswith("s") or singular(words[-1]) not in _GROUP_HEADS:
                continue
            s, e = min(group.spans)
            listed = _LIST.match(text, e)
            if listed is None:
                continue
            items = [re.sub(r"^and\s+|^&\s+", "", i.strip(" ,*`")) for i in
                     re.split(r",\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+", listed["items"])]
            counted = _COUNTED.search(text, max(0, s - 30), s)
            stated = number(counted["n"].lower()) if counted else None
            if stated != len(items) and not all(re.search(r"[-_.]|^`|[a-z][A-Z]", i) for i in items):
                continue  # plain words are names only when the count says so: "Four … services: catalogue, basket, …"
            each = _EACH.match(text, listed.end())
            replicas = int(number((each["n"] or each["m"]).lower()) or 0) if each else 0
            at = listed.start("items")
            parts: list[Found] = []
            for item in items:
                place = text.find(item, at)
                at = place + len(item)
                known = self.covering(place, at)
                if known is not None and known is not group:
                    part = known
                    if known.name.lower() == item.lower() and not known.key.startswith("="):
                        self.by_key[known.key].remove(known)  # "notifier" in the list is a name, not the role word
                        known.key, known.name = "=" + item.lower(), item
                        self.by_key.setdefault(known.key, []).append(known)
                        known.technology = known.technology or group.technology
                else:
                    part = self.add("service", item, "=" + item.lower(), group.technology, (place, at), group.entry)
                if replicas > 1:
                    part.attrs["replicas"] = replicas
                part.attrs["_listed"] = group.name
                parts.append(part)
            head = singular(words[-1])
            for part in parts:  # "the banner service" later is the listed "banner"
                for other in [f for f in self.found if f is not part and f is not group and
                              f.name.lower().removeprefix("the ") == f"{part.name.lower()} {head}"]:
                    self.merge(other, part)
                    self.ids.discard(other.id)
                    self.reidentify(part, slug(part.name))
            group.alias = parts[0]  # its mentions name all of them: none is the group's
            self.leave(group)
            self.ids.discard(group.id)
