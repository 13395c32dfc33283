"""The package's shape: imports only go down the pipeline, and there are no cycles.

cli · api  →  prose · render · importers  →  analysis  →  knowledge  →  model

``prose``, ``render`` and ``importers`` are siblings: none imports another. Nothing imports ``cli``.
Every import counts, including the ones inside functions that keep start-up fast.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rtdiagram"

# Higher imports lower; equal ranks may only import within their own stage.
RANK = {"_version": 0, "model": 1, "knowledge": 2, "analysis": 3, "render": 4, "prose": 4, "importers": 4,
        "api": 5, "cli": 6, "__init__": 6, "__main__": 7}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module → the rtdiagram modules it imports (``from a import b`` counts b when it is a module)."""
    modules = {module_name(p): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("rtdiagram"))
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rtdiagram"):
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    targets.add(child if child in modules else node.module)
        graph[name] = {t for t in targets if t != name and t in modules}
    return graph


def layering_violations(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for importer, targets in sorted(graph.items()):
        for imported in sorted(targets):
            low, high = stage(imported), stage(importer)
            if imported == "rtdiagram" and importer != "rtdiagram.__main__":
                problems.append(f"{importer} imports the top-level package {imported}")
            elif low == "cli" and high not in ("cli", "__main__"):
                problems.append(f"{importer} imports {imported}: nothing imports cli")
            elif RANK[low] > RANK[high] or (RANK[low] == RANK[high] and low != high):
                problems.append(f"{importer} ({high}) imports {imported} ({low}): imports only go down")
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_imports_only_go_down():
    assert layering_violations(import_graph()) == []


def test_no_import_cycles():
    assert [" → ".join(c) for c in cycles(import_graph())] == []


def test_every_module_belongs_to_a_stage():
    assert {stage(m) for m in import_graph()} <= set(RANK)


@pytest.mark.parametrize("importer, imported, expected", [
    ("rtdiagram.model.loader", "rtdiagram.analysis.engine", "rtdiagram.model.loader (model) imports rtdiagram.analysis.engine (analysis)"),
    ("rtdiagram.prose.prompts", "rtdiagram.render.graph", "rtdiagram.prose.prompts (prose) imports rtdiagram.render.graph (render)"),
    ("rtdiagram.render.svg", "rtdiagram.cli.console", "rtdiagram.render.svg imports rtdiagram.cli.console: nothing imports cli"),
])
def test_the_checker_names_an_upward_import(importer, imported, expected):
    graph = import_graph()
    graph[importer] = graph[importer] | {imported}
    assert any(p.startswith(expected) for p in layering_violations(graph))


def test_the_checker_names_a_cycle():
    graph = import_graph()
    graph["rtdiagram.model.errors"] = graph["rtdiagram.model.errors"] | {"rtdiagram.model.loader"}
    assert any("rtdiagram.model.errors" in c and "rtdiagram.model.loader" in c for c in cycles(graph))


def _command_bodies():
    """(module, command, lines) for every function decorated with ``@app.command``."""
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "command" for d in node.decorator_list
            ):
                body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body  # past the docstring
                yield path.name, node.name, body[-1].end_lineno - body[0].lineno + 1


def test_cli_commands_are_thin():
    """A command parses options, calls one stage and prints: at most 20 lines past its signature."""
    commands = list(_command_bodies())
    assert len(commands) >= 10
    assert [c for c in commands if c[2] > 20] == []


def test_no_module_grows_past_400_lines():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
