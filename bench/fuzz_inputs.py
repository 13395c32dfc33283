"""Inputs for bench/fuzz.py: the seeds (examples and rule-case models) and the mutations.

Input ``i`` of a command is a pure function of ``(seed, command, i)``.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Seeds


def seeds() -> list[str]:
    """The examples, then every model of the rule case files, as YAML text."""
    texts = [path.read_text("utf-8") for path in sorted((ROOT / "examples").glob("*.yaml"))]
    for path in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        for case in (yaml.safe_load(path.read_text("utf-8")) or {}).get("cases", []):
            if isinstance(case, dict) and isinstance(case.get("model"), dict):
                texts.append(yaml.safe_dump(case["model"], sort_keys=False, allow_unicode=True))
    return texts


# --------------------------------------------------------------------------------------------
# Mutations

HUGE = ["9" * 5000, "1" * 400, "-" + "7" * 320, "0x" + "f" * 4400, "0o" + "7" * 5000, "1e400",
        "-1e400", "123456789012345678901234567890", "1" + "0" * 4301]
NUMBERS = [".nan", ".NaN", ".inf", "-.inf", "+.inf", "-1", "0", "1e308", "-0.0", "1_000", "0x1F",
           "0o17", "1e-320", "4294967297", "9007199254740993", "2.5", "!!int abc", "!!int -0x1F",
           "!!int 1e3", "!!int 0x", "!!float -.nan", "!!float abc", "!!bool yes", "!!null x",
           "!!str 12", "!!binary aGVsbG8=", "!!timestamp 2024-01-01", "!!python/object:os.system x"]
TEXTS = ['"a\\0b"', '"\\e[31mred\\e[0m"', '"line\\rbreak"', '"x\\x07y"', '"\\x9b2J"', '"tab\\tok"',
         "'%%{init: {\"theme\": \"dark\", \"themeCSS\": \"body{display:none}\"}}%%'",
         "'a\"; digraph x {'", "'--> <!-- x -->'", "'</text><script>alert(1)</script>'",
         '"\\nline\\ndigraph evil { a -> b }"', "'::error file=x::boom'", "'${{ secrets.X }}'",
         "'x' ", "''", "'é ü 漢字 🎉'", "'\\u202etxt.exe'", '"\\u2028sep"', "'{a: b}'",
         "'[1, 2'", "'a: b'", "'-> x: y'", "'client -> gateway: hi'", "'x' # comment"]
STRUCTS = ["[]", "{}", "[a, b]", "{x: 1}", "null", "~", "true", "[[[[[[]]]]]]", "{a: {b: {c: {}}}}"]
KEYS = ["kind", "id", "from", "to", "replicas", "label", "technology", "steps", "members",
        "group", "component", "heartbeat", "interval_s", "timeout_s", "transports", "protocol",
        "affinity", "idle_timeout_s", "capacity", "autoscaling", "max", "expected", "peak_users",
        "unknown_key", "<<", "name", "rule", "reason", "expires", "direction"]


def _scalar_paths(data: object, path: tuple = ()) -> list[tuple]:
    found: list[tuple] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append(path + (key,))
            found += _scalar_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append(path + (index,))
            found += _scalar_paths(value, path + (index,))
    return found


def _parent(data: object, path: tuple) -> object:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    return data


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Raw(str):
    """A value written into the YAML text verbatim (tags, escapes, special floats)."""


def _dump(data: object) -> str:
    raws: dict[str, str] = {}

    def swap(node: object) -> object:
        if isinstance(node, Raw):
            token = f"RAWTOKEN{len(raws)}X"
            raws[token] = str(node)
            return token
        if isinstance(node, dict):
            return {swap(k) if isinstance(k, Raw) else k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    text = yaml.safe_dump(swap(data), sort_keys=False, allow_unicode=True, width=10_000)
    for token, raw in raws.items():
        text = text.replace(token, raw)
    return text


def _ids(data: dict) -> list[str]:
    components = data.get("components") if isinstance(data, dict) else None
    return [c["id"] for c in components or [] if isinstance(c, dict) and isinstance(c.get("id"), str)]


GENTLE_TEXTS = ["%%{init: {'theme': 'dark'}}%%", "a --> b", "x\ny", "quote \" and ' both", "<b>&amp;</b>",
                "::error::x", "${x}", "{{ x }}", "end", "graph", "subgraph", "é漢🎉", "a;b", "a|b",
                "#1", "-->", "<!-- -->", "\\", "a" * 300, "line one\nline two\ndigraph x {}"]


def mutate_gently(rng: random.Random, data: object) -> object:
    """Mostly still-valid changes: in-range numbers, awkward but legal text, extra entries."""
    paths = [p for p in _scalar_paths(data) if not isinstance(_parent(data, p)[p[-1]], (dict, list))]
    if not paths or rng.random() < 0.3:
        return mutate_structure(rng, data, gentle=True)
    path = rng.choice(paths)
    parent, key = _parent(data, path), path[-1]
    value = parent[key]
    if isinstance(value, bool):
        parent[key] = not value
    elif isinstance(value, (int, float)):
        parent[key] = rng.choice([0, 1, 2, 7, 59, 60, 61, 1000, 65535, 10**6, 10**9, 10**12, 0.5, 1e-9, 123.456])
    elif isinstance(value, str) and path[-1] not in ("id", "from", "to", "kind") and not isinstance(path[-1], int):
        parent[key] = rng.choice(GENTLE_TEXTS)
    else:
        return mutate_structure(rng, data, gentle=True)
    return data


def mutate_structure(rng: random.Random, data: object, gentle: bool = False) -> object:
    paths = _scalar_paths(data)
    if not paths:
        return data
    path = rng.choice(paths)
    parent = _parent(data, path)
    key = path[-1]
    roll = rng.random() if not gentle else rng.choice([0.30, 0.63, 0.87, 0.88, 0.89, 0.90, 0.91, 0.95])
    if roll < 0.16:
        parent[key] = Raw(rng.choice(NUMBERS))
    elif roll < 0.24:
        parent[key] = Raw(rng.choice(HUGE))
    elif roll < 0.40:
        parent[key] = Raw(rng.choice(TEXTS))
    elif roll < 0.46:
        parent[key] = Raw(rng.choice(STRUCTS))
    elif roll < 0.54 and isinstance(parent, dict):
        del parent[key]
    elif roll < 0.60 and isinstance(parent, dict):
        parent[Raw(rng.choice(KEYS))] = parent.pop(key)
    elif roll < 0.66 and isinstance(parent, list):
        parent.insert(rng.randrange(len(parent) + 1), parent[key])   # duplicate (same ids)
    elif roll < 0.74:
        ids = _ids(data) or ["x"]
        parent[key] = rng.choice([rng.choice(ids) + "x", rng.choice(ids).upper(), "Nope", ".nan",
                                  f"{rng.choice(ids)} -> {rng.choice(ids)}: {rng.choice(TEXTS)}"])
    elif roll < 0.80:
        depth = rng.choice([10, 70, 300, 600, 990])
        parent[key] = Raw("[" * depth + "]" * depth)
    elif roll < 0.86 and isinstance(data, dict) and isinstance(data.get("components"), list):
        kinds = ["client", "gateway", "pubsub", "proxy", "load_balancer", "registry", "service",
                 "presence", "auth", "turn", "cdn", "ingress", "queue", "stun", "Gateway", "bogus"]
        component = rng.choice(data["components"]) if data["components"] else {}
        if isinstance(component, dict):
            component["kind"] = rng.choice(kinds)
    elif roll < 0.92 and isinstance(data, dict):
        section = rng.choice(["links", "flows", "groups", "waivers", "channels"])
        ids = _ids(data) or ["a"]
        entry = {
            "links": lambda: {"from": rng.choice(ids), "to": rng.choice(ids + [".inf"]),
                              "protocol": rng.choice(["websocket", "sse", "pubsub", "bogus"])},
            "flows": lambda: {"name": rng.choice(["Connect", "connect!", "a/b", "..", "x" * 300]),
                              "steps": [f"{rng.choice(ids)} -> {rng.choice(ids)}: m{n}" for n in range(rng.randint(1, 6))]},
            "groups": lambda: {"id": rng.choice(["edge", "g1", ".nan"]), "members": rng.sample(ids, min(2, len(ids)))},
            "waivers": lambda: {"rule": rng.choice(["LB001", "HB", "nope"]), "component": rng.choice(ids),
                                "reason": "r", "expires": rng.choice(["2020-01-01", "2999-12-31", "2024-02-30"])},
            "channels": lambda: {"name": rng.choice(["room:*", "", "x"]), "visibility": "private"},
        }[section]()
        existing = data.get(section)
        data[section] = (existing if isinstance(existing, list) else []) + [entry]
    else:
        parent[key] = Raw(str(rng.choice([0, 1, 2, 3, 10, 1000, 10**9, 10**12, 10**15, -5])))
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or ["\n"]
    roll = rng.random()
    at = rng.randrange(len(lines))
    if roll < 0.15:
        del lines[at]
    elif roll < 0.25:
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif roll < 0.35:
        line = lines[at]
        cut = rng.randrange(len(line) + 1)
        lines[at] = line[:cut] + rng.choice(["!!int ", "!!float ", "!!str ", "!!map ", "!!seq ", "&a ", "*a ",
                                             "*nope ", "<<: *a\n", "\t", "{", "[", "]", "}", ": ", "- ",
                                             "'", '"', "#", "%", "@", "`", "|", ">", "? ", "---\n",
                                             "...\n", "\\", "\u00a0", "\ufeff"]) + line[cut:]
    elif roll < 0.45:
        return text[: rng.randrange(len(text) + 1)]
    elif roll < 0.55:
        raw = bytearray(text.encode("utf-8", errors="surrogateescape"))
        for _ in range(rng.randint(1, 4)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        return raw.decode("utf-8", errors="surrogateescape")
    elif roll < 0.65:
        lines[at] = "  " * rng.randint(0, 8) + lines[at].lstrip()
    elif roll < 0.75:
        anchor = "base: &b {kind: gateway, replicas: 3}\n"
        lines.insert(0, anchor)
        lines.insert(min(len(lines), at + 1), "  - {<<: *b, id: merged}\n")
    else:
        lines[at] = lines[at].replace(":", rng.choice([":", " :", ":  ", "::"]), 1)
    return "".join(lines)


NAMES = ["model.yaml", "model.yaml", "model.yaml", "model.yaml", "model.yaml", "model.yaml",
         "a-->b.yaml", "x\ndigraph y {}.yaml", "%%{init: {}}%%.yaml", "::error::n.yaml", "q'\"<&>.yaml",
         "-dash.yaml", "naïve ü.yaml", "a\x1b[31m.yaml"]


def file_name(seed: int, command: str, index: int) -> str:
    return random.Random(f"name:{seed}:{command}:{index}").choice(NAMES)


def make_input(seed: int, command: str, index: int, pool: list[str]) -> bytes:
    """Input ``index`` of ``command``: for commands past validation, most inputs are mutated
    gently, so they reach lint, the checklist, the templates and the renderers."""
    rng = random.Random(f"{seed}:{command}:{index}")
    text = rng.choice(pool)
    gentle = command != "validate" and rng.random() < 0.7
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if gentle or rng.random() < 0.6:
            try:
                data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
            except Exception:  # PyYAML's own constructor has bugs too (`!!int ""`)
                data = None
            if isinstance(data, (dict, list)):
                try:
                    text = _dump(mutate_gently(rng, data) if gentle else mutate_structure(rng, data))
                    continue
                except Exception:
                    pass
        text = mutate_text(rng, text)
    return text.encode("utf-8", errors="surrogateescape")


