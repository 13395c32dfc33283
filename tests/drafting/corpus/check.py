"""Validate the drafting corpus and print its make-up.

Run: python3 tests/drafting/corpus/check.py   (exit 1 on any problem)
"""

from __future__ import annotations

import collections
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {
    "client", "load_balancer", "proxy", "cdn", "ingress", "gateway", "registry", "pubsub",
    "service", "datastore", "auth", "presence", "queue", "external", "monitoring", "turn",
    "stun",
}
PROTOCOLS = {
    "websocket", "sse", "long_polling", "webrtc", "http", "grpc", "pubsub", "sql", "redis",
    "kafka", "amqp", "mqtt", "tcp", "udp", "internal",
}
ATTRIBUTE_KEYS = {
    "heartbeat_interval_s", "idle_timeout_s", "affinity", "token_location", "delivery",
    "max_message_bytes", "rate_limit_msgs_per_s", "http_version", "drain", "history", "fanout",
}
ENUMS = {
    "affinity": {"cookie", "ip_hash", "consistent_hash", "header", "none"},
    "token_location": {"query", "cookie", "header", "subprotocol", "first_message"},
    "delivery": {"at_most_once", "at_least_once"},
    "fanout": {"broker", "owner_routing", "registry_direct", "cluster_mesh", "managed", "none"},
}
STYLES = {"paragraphs", "bullets", "terse", "non_native", "design_doc", "chat"}
FIELDS = {"id", "split", "origin", "style", "sources", "text", "truth", "notes"}


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def check(path: pathlib.Path) -> tuple[dict, list[str]]:
    problems: list[str] = []
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    say = problems.append
    if not isinstance(doc, dict):
        return {}, ["not a mapping"]
    if extra := set(doc) - FIELDS:
        say(f"unknown fields {sorted(extra)}")
    if doc.get("id") != path.stem:
        say(f"id {doc.get('id')!r} is not the file name {path.stem!r}")
    number = int(re.match(r"\d+", path.stem).group())
    if doc.get("split") not in {"tune", "holdout"}:
        say("split must be tune or holdout")
    elif doc["split"] != ("tune" if number % 2 else "holdout"):
        say("split does not follow odd = tune, even = holdout")
    if doc.get("origin") not in {"real", "synthetic"}:
        say("origin must be real or synthetic")
    if doc.get("style") not in STYLES:
        say(f"style {doc.get('style')!r}")
    sources = doc.get("sources")
    if not isinstance(sources, list):
        say("sources must be a list")
    elif doc.get("origin") == "real" and not sources:
        say("a real system needs sources")
    elif doc.get("origin") == "synthetic" and sources:
        say("a synthetic design has no sources")
    n = words(doc.get("text") or "")
    if not 60 <= n <= 250:
        say(f"text has {n} words (60-250)")
    truth = doc.get("truth") or {}
    names: set[str] = set()
    for c in truth.get("components") or []:
        if c["name"] in names:
            say(f"duplicate component {c['name']!r}")
        names.add(c["name"])
        if c.get("kind") not in KINDS:
            say(f"{c['name']}: kind {c.get('kind')!r}")
        if "technology" not in c:
            say(f"{c['name']}: technology missing (null when none)")
        elif c["technology"] is not None and c["technology"] != str(c["technology"]).lower():
            say(f"{c['name']}: technology must be lowercase")
        if "replicas" in c and not (
            c["replicas"] == "many" or (isinstance(c["replicas"], int) and c["replicas"] >= 1)
        ):
            say(f"{c['name']}: replicas {c['replicas']!r}")
        if "replicas" in c and c.get("kind") == "client":  # the model counts servers, not devices or users
            say(f"{c['name']}: a client has no replicas")
    if not names:
        say("no components")
    for link in truth.get("links") or []:
        for end in ("from", "to"):
            if link.get(end) not in names:
                say(f"link {end} {link.get(end)!r} is not a truth component")
        if link.get("protocol") not in PROTOCOLS:
            say(f"link protocol {link.get('protocol')!r}")
    for attribute in truth.get("attributes") or []:
        if attribute.get("component") not in names:
            say(f"attribute on unknown component {attribute.get('component')!r}")
        key = attribute.get("key")
        if key not in ATTRIBUTE_KEYS:
            say(f"attribute key {key!r}")
        elif key in ENUMS and attribute.get("value") not in ENUMS[key]:
            say(f"{key} value {attribute.get('value')!r}")
    for word in truth.get("not_components") or []:
        if word in names:
            say(f"{word!r} is both a component and a not_component")
    return doc, problems


def main() -> int:
    files = sorted(HERE.glob("[0-9]*-*.yaml"), key=lambda p: int(re.match(r"\d+", p.name).group()))
    failed = False
    docs = []
    for path in files:
        doc, problems = check(path)
        docs.append(doc)
        for problem in problems:
            failed = True
            print(f"{path.name}: {problem}")
    by = collections.Counter
    print(f"{len(files)} descriptions")
    for split in ("tune", "holdout"):
        part = [d for d in docs if d.get("split") == split]
        truth = [d.get("truth") or {} for d in part]
        print(
            f"{split}: {len(part)} | origin {dict(by(d['origin'] for d in part))} | "
            f"style {dict(sorted(by(d['style'] for d in part).items()))} | "
            f"components {sum(len(t.get('components') or []) for t in truth)}, "
            f"links {sum(len(t.get('links') or []) for t in truth)}, "
            f"attributes {sum(len(t.get('attributes') or []) for t in truth)}, "
            f"words {min(words(d['text']) for d in part)}-{max(words(d['text']) for d in part)}"
        )
    print("origin", dict(by(d.get("origin") for d in docs)))
    print("style", dict(sorted(by(d.get("style") for d in docs).items())))
    return 1 if failed or len(files) < 32 else 0


if __name__ == "__main__":
    sys.exit(main())
