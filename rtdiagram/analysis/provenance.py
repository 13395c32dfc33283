"""Provenance: the infrastructure line behind a finding on an imported model.

``rtdiagram import`` writes every imported value with a comment saying where it was read::

    idle_timeout_s: 30  # from k8s/ingress.yaml:10 (nginx.ingress.kubernetes.io/proxy-read-timeout)
    - {from: chat, to: redis, protocol: redis}  # guessed: env REDIS_URL names host 'redis' (k8s/chat.yaml:31 (env REDIS_URL))
    # from plan.json (aws_lb.realtime)          (a Terraform plan: a resource address, no line)

Lint reads those comments back, so a finding on an imported fact also points at the file that
sets it. A finding's origins are, in order: the comment on the finding's own line; the
comments of the attributes its message names (``the idle timeout of 'chat-ingress'`` →
``chat-ingress.idle_timeout_s``) on the finding's component or a component it quotes; and,
when neither says anything, the ``# from`` comment above the component's block (the
Deployment, service or resource it was imported from).

Paths are as the importer wrote them, relative to where ``import`` ran: one that exists beside
the model file is resolved from there, any other is kept as written. A model without such
comments costs one regular-expression search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rtdiagram.model.diagnostics import Origin, Position
from rtdiagram.model.loader import Loaded, display_path

MARK = re.compile(r"#\s*(?:from \S|guessed: )")
COMMENT = re.compile(r"(?:^|\s)#\s*")
FROM = re.compile(r"from (?P<file>[^\s()]+?)(?::(?P<line>[1-9]\d*))?(?: \((?P<what>.*?)\))?(?:;|$)")
GUESSED = re.compile(r"\((?P<file>[^\s()]+?)(?::(?P<line>[1-9]\d*))?(?: \((?P<what>[^()]*)\))?\)\s*$")
QUOTED = re.compile(r"'([^'\s]+)'")
UNITS = ("_s", "_ms", "_bytes", "_kb", "_mb")


def parse(comment: str) -> Origin | None:
    """``from FILE:LINE (what)`` or ``guessed: why (FILE:LINE (what))`` → an Origin."""
    comment = comment.strip()
    match = FROM.match(comment) if comment.startswith("from ") else (
        GUESSED.search(comment) if comment.startswith("guessed: ") else None)
    if match is None:
        return None
    line = match["line"]
    return Origin(match["file"], int(line) if line else None, (match["what"] or "").strip())


def line_origin(text: str) -> Origin | None:
    """The provenance comment that ends a YAML line, if any."""
    found = COMMENT.search(text)
    return parse(text[found.end():]) if found else None


def phrase(attribute: str) -> str:
    """``idle_timeout_s`` → ``idle timeout``: how a message names an attribute."""
    for unit in UNITS:
        attribute = attribute.removesuffix(unit)
    return attribute.replace("_", " ").lower()


@dataclass
class Provenance:
    """One model's provenance comments, read once per lint run."""

    lines: list[str]
    folder: Path | None
    attributes: dict[str, dict[str, int]] = field(default_factory=dict)  # component → key → line
    blocks: list[tuple[int, int]] = field(default_factory=list)           # components' line spans

    @classmethod
    def of(cls, loaded: Loaded) -> Provenance | None:
        if not MARK.search(loaded.text):
            return None
        folder = None if loaded.file.startswith("<") else Path(loaded.file).parent
        found = cls(loaded.text.splitlines(), folder)
        root = loaded.source.root
        components = _value(root, "components")
        for item in components.value if isinstance(components, yaml.SequenceNode) else []:
            if not isinstance(item, yaml.MappingNode):
                continue
            ident = _value(item, "id")
            found.blocks.append((item.start_mark.line + 1, item.end_mark.line + 1))
            if isinstance(ident, yaml.ScalarNode):
                found.attributes[ident.value] = {
                    k.value: k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
        return found

    def origins(self, start: Position, message: str, component: str | None) -> tuple[Origin, ...]:
        found: list[Origin] = []
        own = self._at(start.line)
        if own:
            found.append(own)
        text = message.lower()
        named = [component] if component else []
        named += [c for c in QUOTED.findall(message) if c in self.attributes and c not in named]
        for ident in named:
            for key, line in self.attributes.get(ident, {}).items():
                origin = self._at(line)
                if origin and re.search(rf"\b{re.escape(phrase(key))}\b", text):
                    found.append(origin)
        if not found:
            header = self._header(start.line)
            found += [header] if header else []
        return tuple(dict.fromkeys(self._resolve(o) for o in found))

    def _at(self, line: int) -> Origin | None:
        return line_origin(self.lines[line - 1]) if 0 < line <= len(self.lines) else None

    def _header(self, line: int) -> Origin | None:
        """The ``# from`` line above the component that holds ``line``, or above a list item."""
        first = max((start for start, end in self.blocks if start <= line <= end), default=line)
        above = self.lines[first - 2].strip() if 1 < first <= len(self.lines) + 1 else ""
        return parse(above[1:]) if above.startswith("#") else None

    def _resolve(self, origin: Origin) -> Origin:
        if self.folder is None or Path(origin.file).is_absolute():
            return origin
        beside = self.folder / origin.file
        return Origin(display_path(beside), origin.line, origin.what) if beside.is_file() else origin


def _value(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None
