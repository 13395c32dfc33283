"""How far the corpus metric can go: an independent annotator's truth scored like a draft.

    python bench/agreement.py

Annotators who never saw the corpus truth, the drafter or its output wrote their own truth for
40 tune and 40 holdout texts (tests/drafting/agreement/, evenly spread over each half), from the
text and the corpus README alone. Their truth is scored against the corpus truth by the same
matcher as a draft (bench/draft.py), and the offline drafter is scored on the same texts, per half. Where two
careful people disagree (a client called "the screens" or "the entrance TVs", a hop drawn as a
proxy or a load balancer, a page-load link drawn or left implied) no extractor can score either
way; the annotators' numbers are the metric's ceiling on these texts, not a target.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from draft import CORPUS, TARGETED, evaluate, pct, score, summary  # noqa: E402

from rtdiagram.model.settings import ReplicaRange  # noqa: E402

ANNOTATIONS = CORPUS.parent / "agreement"
TARGETS = {"component recall": 85, "component precision": 85, "replicas (stated)": 90, "link recall": 70,
           "attributes: heartbeat/idle/token/affinity": 80}


def annotated(doc: dict, truth: dict) -> dict:
    """The annotator's ``truth`` for ``doc``, scored as if it were a draft."""
    comps, by_name = [], {}
    for i, c in enumerate(truth.get("components") or []):
        replicas = ReplicaRange(min=2) if c.get("replicas") == "many" else c.get("replicas")
        comp = SimpleNamespace(kind=c["kind"], technology=c.get("technology"), label=c["name"], replicas=replicas,
                               id=f"{re.sub(r'[^a-z0-9]+', '-', c['name'].lower()).strip('-')}-{i}",
                               effective_transports=(), attributes={})
        comps.append(comp)
        by_name[c["name"]] = comp
    for a in truth.get("attributes") or []:
        if a.get("component") in by_name:
            by_name[a["component"]].attributes[a["key"]] = a["value"]
    links = [SimpleNamespace(from_=by_name[l["from"]].id, to=by_name[l["to"]].id, protocol=l["protocol"])
             for l in truth.get("links") or [] if l.get("from") in by_name and l.get("to") in by_name]
    return score(doc, comps, links, lambda comp, key: comp.attributes.get(key))


def main() -> int:
    pairs = []
    for path in sorted(ANNOTATIONS.glob("*.yaml")):
        doc = yaml.safe_load((CORPUS / path.name).read_text(encoding="utf-8"))
        pairs.append((doc, yaml.safe_load(path.read_text(encoding="utf-8"))["truth"]))
    for half in ("tune", "holdout"):
        mine = [(doc, truth) for doc, truth in pairs if doc["split"] == half]
        if not mine:
            continue
        people = summary([annotated(doc, truth) for doc, truth in mine])
        drafter = summary([evaluate(doc) for doc, _ in mine])
        print(f"## agreement on {len(mine)} {half} texts: independent annotators vs the offline drafter")
        print(f"{'metric':<46} {'annotators':>18} {'offline drafter':>18} {'target':>7}")
        for key in (*TARGETS, "attributes: all"):
            target = f"{TARGETS[key]}%" if key in TARGETS else ""
            print(f"{key:<46} {pct(*people[key]):>18} {pct(*drafter[key]):>18} {target:>7}")
        print()
    print(f"(the targeted attributes: {', '.join(TARGETED)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
