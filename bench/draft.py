"""Drafting quality on the prose corpus (tests/drafting/corpus/), per half.

    python bench/draft.py                 # offline extractor, both halves
    python bench/draft.py --details       # per-file misses, TUNE half only (the holdout is only measured)
    python bench/draft.py --tune-only     # while working on the extractor: the holdout is not even run
    python bench/draft.py --provider openai --base-url http://127.0.0.1:8080/v1 --model NAME   # the LLM path
    python bench/draft.py --provider openai ... --limit 6 --passes 2 --max-tokens 2048 --timeout 300
        # a fixed sample (6 texts evenly spread over each half), the two-pass LLM path, per-draft outcomes
    python bench/draft.py --only 01- 06-  # only the texts whose id starts so

Metrics, per half (tune / holdout):
- components: recall and precision, matched one to one by kind and by technology or name;
- replicas: of the counts the truth states, the share the draft states identically
  (a missed component counts as wrong);
- links: recall; a truth link is found when the draft links its two (matched) endpoints, in
  either direction, with the same protocol family (a fallback transport counts when the link is
  a streaming one and a drafted gateway lists that transport, which is how the model holds it) (``internal`` in the truth — no protocol
  named — accepts any non-streaming protocol);
- attributes: recall per key and overall; the four the issue targets (heartbeat, idle timeout,
  token location, affinity) are also given together.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import traceback
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rtdiagram.knowledge.technologies import canonical  # noqa: E402
from rtdiagram.model.errors import RtdiagramError  # noqa: E402
from rtdiagram.model.settings import ReplicaRange  # noqa: E402
from rtdiagram.prose.drafting import draft  # noqa: E402
from rtdiagram.prose.llm import LLMSettings  # noqa: E402

CORPUS = ROOT / "tests" / "drafting" / "corpus"
TARGETED = ("heartbeat_interval_s", "idle_timeout_s", "token_location", "affinity")
STREAMING = {"websocket": "websocket", "sse": "sse", "long_polling": "long_polling", "webrtc": "webrtc",
             "udp": "webrtc"}
FAMILY = {"http": "request", "grpc": "request", "dynamodb": "request", "pubsub": "messaging",
          "kafka": "messaging", "amqp": "messaging", "mqtt": "messaging", "redis": "data", "sql": "data",
          "tcp": "data", "internal": "internal"}
STOP = {"the", "a", "an", "our", "its", "their", "of", "and", "service", "services", "server", "servers",
        "cluster", "tier", "layer", "nodes", "node", "instances", "fleet", "api", "app", "apps"}


def corpus() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("[0-9]*.yaml"))]


def sample(docs: list[dict], limit: int | None = None, only: list[str] | None = None) -> list[dict]:
    """The texts to measure: those whose id starts with one of ``only``; then, with ``limit``, that
    many per half, evenly spread over the half in file order (the same texts on every run)."""
    docs = [doc for doc in docs if not only or any(doc["id"].startswith(prefix) for prefix in only)]
    if not limit:
        return docs
    picked = []
    for half in ("tune", "holdout"):
        items = [doc for doc in docs if doc["split"] == half]
        picked += [items[i * len(items) // limit] for i in range(min(limit, len(items)))]
    return sorted(picked, key=docs.index)


def _tech(value: str | None) -> str | None:
    if not value:
        return None
    return canonical(value) or re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")


def _words(text: str | None) -> set[str]:
    words = set(re.findall(r"[a-z0-9]+", (text or "").lower().replace("'s", "")))
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words} - STOP


def _score(truth: dict, comp) -> int:
    """0: no match; higher is a better match."""
    if truth["kind"] != comp.kind:
        return 0
    score = 1
    t_tech, c_tech = _tech(truth.get("technology")), _tech(comp.technology)
    if t_tech and c_tech and t_tech == c_tech:
        score += 2
    names = _words(truth["name"])
    if names and names & (_words(comp.label) | _words(comp.id.replace("-", " "))):
        score += 2
    if t_tech and c_tech and t_tech != c_tech and score < 3:
        return 0
    return score


def match(truth: list[dict], drafted: list) -> dict[str, object]:
    """Truth name → drafted component, one to one, best scores first."""
    pairs = sorted(((_score(t, c), i, j) for i, t in enumerate(truth) for j, c in enumerate(drafted)),
                   key=lambda p: (-p[0], p[1], p[2]))
    used_t, used_c, result = set(), set(), {}
    for score, i, j in pairs:
        if score and i not in used_t and j not in used_c:
            used_t.add(i)
            used_c.add(j)
            result[truth[i]["name"]] = drafted[j]
    # a bare kind match is accepted only when nothing else of that kind in the truth competes
    for name, comp in list(result.items()):
        truth_item = next(t for t in truth if t["name"] == name)
        if _score(truth_item, comp) == 1 and sum(t["kind"] == comp.kind for t in truth) > 1:
            del result[name]
    return result


def _replicas(value) -> object:
    if isinstance(value, ReplicaRange):
        return "many"
    return value


def _attribute(comp, key: str):
    get = lambda name: getattr(comp, name, None)  # noqa: E731
    if key == "heartbeat_interval_s":
        hb = get("heartbeat")
        return hb.interval_s if hb is not None else None
    if key == "rate_limit_msgs_per_s":
        rl = get("rate_limit")
        return rl.messages_per_s if rl is not None else None
    if key == "drain":
        dr = get("drain")
        return dr.enabled if dr is not None else None
    if key == "history":
        return bool("history" in (get("roles") or ()) or get("retention_s") or get("resume") not in (None, "none")
                    or get("delivery") == "at_least_once") or None
    return get(key)


def _same(expected, actual) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and not isinstance(actual, bool) and float(actual) == float(expected)
    return str(actual) == str(expected) if actual is not None else False


def _link_ok(protocol: str, drafted: str) -> bool:
    if {protocol, drafted} <= {"redis", "pubsub"}:
        return True  # Redis pub/sub: the corpus writes either, and so may a draft
    if protocol in STREAMING or drafted in STREAMING:
        return STREAMING.get(protocol) == STREAMING.get(drafted)
    return protocol == "internal" or FAMILY.get(protocol) == FAMILY.get(drafted) or drafted == "internal"


def _fallback(protocol: str, drafted: str, offered: set[str]) -> bool:
    """A second transport on the way in (WebSocket with a long-polling fallback) is one link in the
    model, with the gateway's ``transports`` listing both: the truth's second link is found when
    the draft has the streaming link and a gateway offering that transport."""
    return protocol in STREAMING and drafted in STREAMING and protocol in offered


PROVIDER: dict = {"provider": "offline", "settings": LLMSettings()}  # set from the command line


def evaluate(doc: dict) -> dict:
    started = time.perf_counter()
    outcome = "valid"
    try:
        model = draft(doc["text"], provider=PROVIDER["provider"], settings=PROVIDER["settings"]).loaded.model
        comps, links = list(model.components), list(model.links)
    except RtdiagramError as error:  # the one line the CLI would print: a clean failure
        comps, links = [], []
        outcome = "error" if "\n" not in error.message else "MULTI-LINE error"
        print(f"  {doc['id']}: draft failed: {error}", file=sys.stderr)
    except Exception as error:  # noqa: BLE001 - a bug (the CLI would print a traceback): scored zero, shown
        comps, links = [], []
        outcome = f"CRASH {type(error).__name__}"
        print(f"  {doc['id']}: draft CRASHED:\n{traceback.format_exc()}", file=sys.stderr)
    return score(doc, comps, links, _attribute) | {"seconds": time.perf_counter() - started, "outcome": outcome}


def score(doc: dict, comps: list, links: list, attribute_of) -> dict:
    """One description's counts: ``comps`` and ``links`` (a draft's, or anything shaped like them:
    ``kind``, ``technology``, ``label``, ``id``, ``replicas``; ``from_``, ``to``, ``protocol``)
    against the truth; ``attribute_of(comp, key)`` reads an attribute the truth states."""
    truth = doc["truth"]
    tcomps = truth.get("components") or []
    matched = match(tcomps, comps)
    r = {"id": doc["id"], "split": doc["split"],
         "comp_truth": len(tcomps), "comp_drafted": len(comps), "comp_matched": len(matched),
         "missed": [t["name"] for t in tcomps if t["name"] not in matched],
         "extra": [f"{c.id}({c.kind})" for c in comps if c not in matched.values()],
         "rep_total": 0, "rep_ok": 0, "rep_wrong": [], "link_total": 0, "link_ok": 0, "link_missed": [],
         "attrs": {}}
    for t in tcomps:
        if "replicas" in t:
            r["rep_total"] += 1
            got = _replicas(getattr(matched.get(t["name"]), "replicas", None))
            if got == t["replicas"]:
                r["rep_ok"] += 1
            else:
                r["rep_wrong"].append(f"{t['name']}: {t['replicas']} vs {got}")
    offered = {t for c in comps if c.kind == "gateway" for t in c.effective_transports}
    for link in truth.get("links") or []:
        r["link_total"] += 1
        a, b = matched.get(link["from"]), matched.get(link["to"])
        ok = a is not None and b is not None and any(
            {l.from_, l.to} == {a.id, b.id} and (_link_ok(link["protocol"], l.protocol) or
                                                 _fallback(link["protocol"], l.protocol, offered))
            for l in links)
        r["link_ok"] += ok
        if not ok:
            ends = "" if a is not None and b is not None else " [endpoint missed]"
            r["link_missed"].append(f"{link['from']} -> {link['to']} ({link['protocol']}){ends}")
    for attribute in truth.get("attributes") or []:
        comp = matched.get(attribute["component"])
        ok = comp is not None and _same(attribute["value"], attribute_of(comp, attribute["key"]))
        total, good, misses = r["attrs"].setdefault(attribute["key"], [0, 0, []])
        r["attrs"][attribute["key"]] = [total + 1, good + ok,
                                        misses + ([] if ok else [f"{attribute['component']}={attribute['value']}"])]
    return r


def pct(good: int, total: int) -> str:
    return f"{100 * good / total:5.1f}% ({good}/{total})" if total else "   n/a"


def summary(results: list[dict]) -> dict[str, tuple[int, int]]:
    s = lambda key: sum(r[key] for r in results)  # noqa: E731
    attrs: dict[str, list[int]] = {}
    for r in results:
        for key, (total, good, _) in r["attrs"].items():
            attrs.setdefault(key, [0, 0])
            attrs[key][0] += total
            attrs[key][1] += good
    out = {"component recall": (s("comp_matched"), s("comp_truth")),
           "component precision": (s("comp_matched"), s("comp_drafted")),
           "replicas (stated)": (s("rep_ok"), s("rep_total")),
           "link recall": (s("link_ok"), s("link_total"))}
    targeted = [attrs.get(k, [0, 0]) for k in TARGETED]
    out["attributes: heartbeat/idle/token/affinity"] = (sum(g for _, g in targeted), sum(t for t, _ in targeted))
    out["attributes: all"] = (sum(g for _, g in attrs.values()), sum(t for t, _ in attrs.values()))
    for key in sorted(attrs):
        out[f"  attribute {key}"] = (attrs[key][1], attrs[key][0])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="per-file misses (tune half only)")
    parser.add_argument("--tune-only", action="store_true",
                        help="measure the tune half only (while working on the extractor)")
    parser.add_argument("--provider", choices=("offline", "openai"), default="offline",
                        help="measure the LLM path instead (an OpenAI-compatible server; see --base-url)")
    parser.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1")
    parser.add_argument("--model", help="model name to ask for")
    parser.add_argument("--passes", type=int, choices=(1, 2), default=1,
                        help="LLM requests per draft: 1, or 2 (components, then links)")
    parser.add_argument("--max-tokens", type=int, default=LLMSettings.max_tokens, help="LLM output token budget")
    parser.add_argument("--timeout", type=float, default=LLMSettings.timeout, help="seconds per LLM request")
    parser.add_argument("--retries", type=int, default=LLMSettings.retries, help="re-asks after an invalid answer")
    parser.add_argument("--limit", type=int, metavar="N",
                        help="a fixed sample: N texts per half, evenly spread in file order")
    parser.add_argument("--only", nargs="+", metavar="ID_PREFIX", help="only texts whose id starts so")
    parser.add_argument("--outcomes", action="store_true",
                        help="per-draft outcome and wall time (always shown for --provider openai)")
    args = parser.parse_args(argv)
    PROVIDER.update(provider=args.provider, settings=LLMSettings(
        base_url=args.base_url, model=args.model, temperature=0.0, notify=lambda note: None,
        passes=args.passes, max_tokens=args.max_tokens or None, timeout=args.timeout, retries=args.retries))
    docs = [doc for doc in corpus() if not args.tune_only or doc["split"] == "tune"]
    docs = sample(docs, args.limit, args.only)
    results = [evaluate(doc) for doc in docs]
    halves = {half: [r for r in results if r["split"] == half] for half in ("tune", "holdout")}
    tables = {half: summary(rs) for half, rs in halves.items()}
    llm = f"LLM {args.model or ''}{', 2 passes' if args.passes == 2 else ''}"
    print(f"## draft: {'offline extractor' if args.provider == 'offline' else llm} on the prose corpus")
    print(f"{'metric':<46} {'tune':>18} {'holdout':>18}")
    keys = list(dict.fromkeys([*tables["tune"], *tables["holdout"]]))
    for key in keys:
        cells = [pct(*tables[h].get(key, (0, 0))) for h in ("tune", "holdout")]
        print(f"{key:<46} {cells[0]:>18} {cells[1]:>18}")
    slowest = max(results, key=lambda r: r["seconds"])
    print(f"slowest draft: {slowest['seconds']:.3f} s ({slowest['id']})")
    if args.outcomes or args.provider == "openai":
        outcomes(results)
    if args.details:
        for r in halves["tune"]:
            print(f"\n### {r['id']}")
            for label, key in (("missed", "missed"), ("extra", "extra"), ("replicas", "rep_wrong"),
                               ("links missed", "link_missed")):
                if r[key]:
                    print(f"  {label}: {'; '.join(r[key])}")
            for key, (_, _, misses) in r["attrs"].items():
                if misses:
                    print(f"  attr {key} missed: {'; '.join(misses)}")
    return 0


def outcomes(results: list[dict]) -> None:
    """Per draft: a valid model, a clean one-line error, or a crash; and the wall time."""
    print(f"\n{'draft':<46} {'split':<8} {'outcome':<28} {'seconds':>8}")
    for r in results:
        got = f"valid, {r['comp_drafted']} components" if r["outcome"] == "valid" else r["outcome"]
        print(f"{r['id']:<46} {r['split']:<8} {got:<28} {r['seconds']:8.1f}")
    valid, errors = (sum(r["outcome"] == kind for r in results) for kind in ("valid", "error"))
    seconds = [r["seconds"] for r in results]
    print(f"drafts: {valid} valid models, {errors} clean one-line errors, {len(results) - valid - errors} "
          f"worse (crash, multi-line error); wall time per draft: median {statistics.median(seconds):.1f} s, "
          f"max {max(seconds):.1f} s, total {sum(seconds):.0f} s")


if __name__ == "__main__":
    sys.exit(main())
