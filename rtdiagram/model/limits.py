"""The documented size limits of a model, checked on the composed YAML before anything is built.

A model beyond them is refused at once with its position, instead of costing seconds and
gigabytes later (validation, lint, layout). They sit far above real designs: the largest
published architectures have a few hundred components.

=========================  ==========
file size                  5 MB (``yamlsource.MAX_BYTES``)
components                 20,000
links                      100,000
steps in one flow          1,000
characters in one text     10,000 (``scalars.MAX_TEXT``)
nesting depth              64 (``yamlsource.MAX_DEPTH``)
=========================  ==========
"""

from __future__ import annotations

import re

import yaml

from rtdiagram.model.diagnostics import Diagnostic, Position
from rtdiagram.model.yamlsource import YamlProblems

MAX_COMPONENTS = 20_000
MAX_LINKS = 100_000
MAX_FLOW_STEPS = 1_000


def _value(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def _over(node: yaml.Node | None, limit: int, what: str, hint: str, file: str) -> list[Diagnostic]:
    if not isinstance(node, yaml.SequenceNode) or len(node.value) <= limit:
        return []
    mark = node.start_mark
    return [Diagnostic(
        code="M011", message=f"{len(node.value):,} {what}; the limit is {limit:,}", hint=hint,
        file=file, start=Position(mark.line + 1, mark.column + 1),
    )]


_KIND_KEY = re.compile(r"(?:^|[\s{,])[\"']?kind[\"']?[ \t]*:", re.M)


def precheck(text: str, file: str) -> None:
    """Refuse a model with far too many components before composing it (composing 5 MB costs
    seconds): every component has a ``kind:`` key, so more keys than MAX_COMPONENTS mean more
    components. Costs a regular-expression scan, milliseconds."""
    if text.count("kind") <= MAX_COMPONENTS:
        return
    for count, match in enumerate(_KIND_KEY.finditer(text), start=1):
        if count > MAX_COMPONENTS:
            at = match.end() - 1
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            raise YamlProblems([Diagnostic(
                code="M011", message=f"more than {MAX_COMPONENTS:,} components (`kind:` keys); "
                f"the limit is {MAX_COMPONENTS:,}", hint=_COMPONENTS_HINT, file=file,
                start=Position(line, column),
            )])


_COMPONENTS_HINT = ("split the model into several files (one per subsystem); for drawing, "
                    "render --collapse draws one node per family")


def check_sizes(root: yaml.Node, file: str) -> None:
    """Raise YamlProblems when the document is beyond a documented limit."""
    problems = _over(_value(root, "components"), MAX_COMPONENTS, "components", _COMPONENTS_HINT, file)
    problems += _over(_value(root, "links"), MAX_LINKS, "links", "split the model", file)
    flows = _value(root, "flows")
    for flow in flows.value if isinstance(flows, yaml.SequenceNode) else []:
        problems += _over(_value(flow, "steps"), MAX_FLOW_STEPS, "steps in one flow",
                          "split the flow into several smaller ones", file)
    if problems:
        raise YamlProblems(problems)
