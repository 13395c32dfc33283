"""``--into``: merge imported facts into a hand-written model.

Hand-written values always stay. An imported value is added where the model is silent (with
its ``# from`` comment); where the model says something else, the hand-written value is kept
and the difference is reported as a conflict. New components, links, channels and flows are
added. The guessed ``users`` client is dropped when the model has clients of its own; its links
start from the model's first client instead. Comments of the hand-written file are not kept
(the YAML is re-written): the caller shows a diff before writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rtdiagram.importers.emit import CLIENT_ID, Block, Document, fields_of, inline
from rtdiagram.model.loader import load_file

FIXED = ("id", "kind", "label", "technology")


def _merge_block(mine: dict[str, Any], theirs: Block, conflicts: list[str]) -> Block:
    out = Block(dict(mine))
    allowed = fields_of(mine.get("kind", ""))
    if theirs.values.get("kind") != mine.get("kind"):
        conflicts.append(f"{mine['id']}: hand-written kind {mine.get('kind')!r} kept; the sources suggest "
                         f"{theirs.values.get('kind')!r}")
    for key, value in theirs.values.items():
        if key in ("id", "kind"):
            continue
        comment = theirs.comments.get(key, "imported")
        if key not in mine:
            if key in allowed:
                out.values[key] = value
                out.comments[key] = comment
            else:
                out.footer.append(f"{key}: {inline(value)} — {comment} (a {mine.get('kind')} has no such field)")
        elif mine[key] != value and key not in ("label",):
            conflicts.append(f"{mine['id']}.{key}: hand-written {inline(mine[key])} kept; imported "
                             f"{inline(value)} ({comment})")
    out.footer += theirs.footer
    return out


def merge_into(path: Path, imported: Document) -> tuple[Document, list[str]]:
    loaded = load_file(path)                       # the model must be valid to merge into it
    raw = yaml.safe_load(loaded.text) or {}
    conflicts: list[str] = []
    theirs = {b.values["id"]: b for b in imported.blocks}
    mine = [dict(c) for c in raw.get("components") or []]
    ids = {c["id"] for c in mine}
    clients = [c["id"] for c in mine if c.get("kind") == "client"]
    rename = {CLIENT_ID: clients[0]} if clients and CLIENT_ID not in ids else {}
    blocks = [_merge_block(c, theirs[c["id"]], conflicts) if c["id"] in theirs else Block(c) for c in mine]
    blocks += [b for key, b in theirs.items() if key not in ids and key not in rename]
    known = {b.values["id"] for b in blocks}
    links = [(dict(link), "") for link in raw.get("links") or []]
    pairs = {(link["from"], link["to"]) for link, _ in links}
    for link, comment in imported.links:
        link = {**link, "from": rename.get(link["from"], link["from"]), "to": rename.get(link["to"], link["to"])}
        if (link["from"], link["to"]) not in pairs and {link["from"], link["to"]} <= known:
            links.append((link, comment))
            pairs.add((link["from"], link["to"]))
    names = {c.get("name") for c in raw.get("channels") or []}
    channels = [(dict(c), "") for c in raw.get("channels") or []]
    channels += [(c, s) for c, s in imported.channels if c["name"] not in names]
    flow_names = {f.get("name") for f in raw.get("flows") or []}
    flows = [(dict(f), "hand-written") for f in raw.get("flows") or []]
    flows += [(f, s) for f, s in imported.flows if f["name"] not in flow_names]
    intro = [f"Merged by rtdiagram import --into {loaded.file}: hand-written values are kept,",
             *imported.intro, "The hand-written file's comments are not carried over: compare with its previous version."]
    rest = {key: raw.get(key) for key in ("groups", "waivers") if raw.get(key)}
    return Document(raw.get("system") or imported.system, blocks, links, channels, flows, rest, intro), conflicts


def merge_diff(into: Path, merged: str) -> str:
    """What ``--into`` would change in the hand-written model, as a unified diff."""
    import difflib

    old = into.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, merged.splitlines(keepends=True), str(into), f"{into} (imported)"))
