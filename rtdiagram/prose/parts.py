"""Assembling components from mentions: names first, then role-head phrases (``rolephrases.py``),
products, clients; later mentions of the same part (a plural, the bare name, "the registry") join it."""

from __future__ import annotations

import bisect
import itertools
import re

from rtdiagram.prose.barenames import BareNames
from rtdiagram.prose.catalogue import TRANSPORT_LOWER, TRANSPORT_RES, transport_matches
from rtdiagram.prose.clients import Clients
from rtdiagram.prose.devices import Devices
from rtdiagram.prose.enumerated import Enumerations
from rtdiagram.prose.finishing import Finishing
from rtdiagram.prose.naming import Naming
from rtdiagram.prose.phrases import (REALTIME, Found, Product, SpanIndex, Spans, clause, lowered, negated, products,
                                     rejected_after, slug)
from rtdiagram.prose.references import References
from rtdiagram.prose.rolephrases import RolePhrases
from rtdiagram.prose.roles import ON_DEVICE, product_stem


def _tool_of(f: Found, p: Product) -> bool:
    return f.entry is not None and p.entry is not None and f.entry.category != p.entry.category and \
        "tool" in (f.entry.category, p.entry.category)


class Parts(Naming, RolePhrases, Clients, References, Finishing, Devices, BareNames, Enumerations):
    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Found] = []
        self.claimed: list[tuple[int, int]] = []
        self.dead: list[tuple[int, int]] = []
        self.surfaces: list[tuple[Product, tuple[int, int]]] = []  # a managed service's API or SDK, named  # text about parts that are gone: no part comes from it
        self.index = SpanIndex()                      # mention spans by position
        self.by_key: dict[str, list[Found]] = {}      # part key → parts
        self.ids: set[str] = set()
        self.kind_changes = 0
        self._realtime: dict[tuple[int, int], bool] = {}
        self.roles: dict[int, tuple[str, tuple[int, int]]] = {}  # product start → (role kind, phrase span)
        self.bare_gateway: list[tuple[int, int]] = []  # "the gateway" while none is known
        self.hosts: list[tuple[str, tuple[int, int], bool]] = []  # "N instances": whose, decided after the products
        self._kinds: dict[str, list[tuple[int, int, Found]]] = {}
        self._kinds_state = -1
        self.headings = bytearray(len(text) + 1)  # "# Title" lines and a first line that is a title
        for line in re.finditer(r"^#+ .*$|\A(?![^\n]*\. |\s*[-*•] )[^\n]{3,120}(?<![.!?,;])(?=\n)|\A(?![^\n]*\. |\s*[-*•] )[^\n]{3,140}(?<![.!?,;:])(?=\n\s*\n)",
                               text, re.MULTILINE):
            self.headings[line.start():line.end()] = b"\x01" * (line.end() - line.start())
        mentions: dict[str, list[int]] = {}  # transport → where it is named (not negated)
        refused: set[str] = set()  # "no WebSockets, no SSE": named somewhere as not used
        low = lowered(text)  # matching lower-cased text is much faster than IGNORECASE; offsets are the same
        for name, pattern in (TRANSPORT_LOWER if low is not None else TRANSPORT_RES):
            hits = transport_matches(pattern, low) if low is not None else pattern.finditer(text)
            for m in itertools.islice(hits, 200):  # enough to rank them
                if not negated(text, m.start()) and not rejected_after(text, m.end()):
                    mentions.setdefault(name, []).append(m.start())
                else:
                    refused.add(name)
        # The transport named most often comes first (on a tie, the one named first); one the text
        # also refuses somewhere ranks after those it never does.
        self.transports = sorted(mentions, key=lambda t: (t in refused, -len(mentions[t]), mentions[t][0]))
        self.transport_mentions = mentions

    # -- bookkeeping --------------------------------------------------------------------------
    def add(self, kind: str, name: str, key: str, tech: str | None, span: tuple[int, int], entry=None,
            ident: str | None = None) -> Found:
        for f in self.by_key.get(key, ()):
            if (f.kind == kind or kind in ("service", "gateway") and f.kind in ("service", "gateway")):
                f.spans.append(span)
                if kind == "gateway" and f.kind != "gateway":
                    f.kind = "gateway"
                    self.kind_changes += 1
                if tech and not f.technology:
                    f.technology = tech
                return f
        if ident:
            ident = slug(ident)
        elif key.startswith("="):
            ident = slug(name)
        elif key.startswith("client:"):
            ident = slug(key[7:]) if key[7:] else "client"
        elif ":" in key:
            ident = slug(key.split(":")[0])
        else:
            ident = slug(key)
        base, n = ident, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        found = Found(ident, kind, name, tech, span[0], key, entry=entry, order=len(self.found))
        found.spans = Spans(found, self.index, [span])
        self.found.append(found)
        self.by_key.setdefault(key, []).append(found)
        if self._kinds_state == self.kind_changes:
            bisect.insort(self._kinds.setdefault(kind, []), (found.start, found.order, found), key=lambda t: (t[0], t[1]))
        self.ids.add(ident)
        return found

    def covering(self, start: int, end: int) -> Found | None:
        return self.index.covering(start, end)

    def merge(self, gone: Found, into: Found) -> None:
        """One part found twice: its mentions move to the other, and it leaves the list."""
        gone.alias = into
        for span in list(gone.spans):
            into.spans.append(span)
        self.leave(gone)

    def leave(self, gone: Found) -> None:
        """A part leaves the list (its alias says where its mentions point now)."""
        self.found.remove(gone)
        for i, f in enumerate(self.found):
            f.order = i
        self.kind_changes += 1

    def on_device(self, start: int, end: int) -> bool:
        """Whether the phrase around start..end puts it on the client ("in the app", "local cache")."""
        a, b = clause(self.text, start, end)
        left = max(a, start - 40, self.text.rfind(",", a, start) + 1)  # the same phrase, not the whole clause
        right = min(b, end + 40, *(i for i in (self.text.find(",", end, b),) if i >= 0))
        return bool(ON_DEVICE.search(self.text, left, right))

    def is_dead(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.dead)

    def prods_in(self, a: int, b: int) -> list[Product]:
        """Products that start between a and b (a binary search, not a scan)."""
        return self.prods[bisect.bisect_left(self.prod_starts, a):bisect.bisect_left(self.prod_starts, b)]

    def mentioned(self, a: int, b: int, kinds: tuple[str, ...], untyped: bool = False) -> list[Found]:
        """Parts of these kinds mentioned between a and b, in the order they were found."""
        hits = {f.order: f for _, _, f in self.index.starting_in(a, b)
                if f.kind in kinds and not (untyped and f.technology)}
        return [hits[k] for k in sorted(hits)]

    def realtime(self, start: int, end: int, words: str = "") -> bool:
        a, b = clause(self.text, start, end)
        if words and REALTIME.search(words):
            return True
        if (a, b) not in self._realtime:
            self._realtime[(a, b)] = bool(REALTIME.search(self.text, a, b))
        return self._realtime[(a, b)]

    # -- passes -------------------------------------------------------------------------------
    def run(self) -> list[Found]:
        text = self.text
        prods = products(text)
        self.prods, self.prod_starts = prods, [p.start for p in prods]
        self.names(prods)
        self.tokens()
        self.bare_names()
        self.phrases(prods)
        self.standalone(prods)
        self.enumerated()
        for product, span in self.surfaces:  # after the products became parts: join the one it names
            service = next((f for f in self.found if f.technology == product.tech), None) or self.add(
                product.kind, self.text[product.start:product.end], product.tech + ":" + product.kind, product.tech,
                (product.start, product.end), product.entry)
            service.spans.append(span)
        for kind, span, create in self.hosts:
            self.refer(kind, span, hosts_known=True, create=create)
        self.clients(prods)
        self.publishers()
        self.machines()
        self.extras(prods)
        self.frameworks(prods)
        self.one_part_named_twice()
        self.labelled_agents()
        self.definites()
        self.tails()
        self.purposes()
        self.brokers_by_use()
        self.issuers()
        self.streamed_from()
        self.promote()
        return self.found

    def of_kind(self, kind: str) -> list[tuple[int, int, Found]]:
        """The parts of one kind as (first mention, order, part), sorted. Kept up to date as parts
        are added; rebuilt only after a part changes kind (rare)."""
        if self._kinds_state != self.kind_changes:
            self._kinds = {}
            for f in self.found:
                self._kinds.setdefault(f.kind, []).append((f.start, f.order, f))
            for v in self._kinds.values():
                v.sort(key=lambda t: (t[0], t[1]))
            self._kinds_state = self.kind_changes
        return self._kinds.get(kind, [])

    def standalone(self, prods: list[Product]) -> None:
        by_stem: dict[str, list[Found]] = {}  # technology's first word → parts, in order found
        for f in self.found:
            if f.technology:
                by_stem.setdefault(product_stem(f.technology), []).append(f)
        the_system = self.the_system(prods)
        for p in sorted(prods, key=lambda p: not p.cued):  # a product's stated roles first
            if not p.standalone or self.covering(p.start, p.end) or self.is_dead(p.start) or p.tech in the_system:
                continue
            if p.kind == "datastore" and self.on_device(p.start, p.end):
                continue  # "a local SQLite cache in the app": the client's own storage, not a part of the system
            if (owner := self.copula(p)) or (owner := self.exemplified(p)):  # "The registry is Dynomite"
                owner.spans.append((p.start, p.end))
                owner.technology = owner.technology or p.tech
                if owner.kind == "service" and p.kind not in ("service", "client", "gateway"):
                    owner.kind = p.kind  # "the tracking server is a Mosquitto broker"
                by_stem.setdefault(product_stem(p.tech), []).append(owner)  # later mentions join it
                continue
            role = self.roles.get(p.start)
            if role and role[0] in p.entry.kinds if p.entry else False:
                p.kind = role[0]
            same = by_stem.get(product_stem(p.tech), [])
            if p.entry is not None and p.entry.category == "managed_realtime" and any(f.technology == p.tech for f in same):
                same = [f for f in same if f.technology == p.tech][:1]  # a managed service is one part, whatever it does
                fit = same
                if p.kind == "gateway" and fit[0].kind != "gateway":  # and it holds the connections
                    fit[0].kind = "gateway"
                    self.kind_changes += 1
            else:
                fit = []
            fit = fit or [f for f in same if f.kind == p.kind] or \
                ([f for f in same if f.technology == p.tech] or [f for f in same[:1] if not _tool_of(f, p)] if not p.cued else [])
            # no cue: the part this product already is (not a tool named after it: Kafka is not Kafka Connect)
            if fit:
                fit[0].spans.append((p.start, p.end))
                if role:
                    fit[0].spans.append(role[1])
                    if fit[0].kind != p.kind:
                        fit[0].kind = p.kind
                        self.kind_changes += 1
                continue
            name = self.text[p.start:p.end]
            added = self.add(p.kind, name, p.tech + ":" + p.kind, p.tech, (p.start, p.end), p.entry)
            if role:
                added.spans.append(role[1])
            if added.technology and added not in by_stem.setdefault(product_stem(added.technology), []):
                by_stem[product_stem(added.technology)].append(added)
