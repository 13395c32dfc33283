"""The independent annotations (tests/drafting/agreement/) that bench/agreement.py scores: each
belongs to a text of the corpus, refers only to its own components, and the scorer gives the
corpus truth full marks against itself (so a low agreement is disagreement, not a scorer bug)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from agreement import ANNOTATIONS, annotated  # noqa: E402
from draft import CORPUS, summary  # noqa: E402

FILES = sorted(ANNOTATIONS.glob("*.yaml"))


def test_there_are_forty_annotations_of_each_half() -> None:
    splits = [yaml.safe_load((CORPUS / path.name).read_text(encoding="utf-8"))["split"] for path in FILES]
    assert splits.count("tune") == splits.count("holdout") == 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_an_annotation_refers_to_its_own_components(path: Path) -> None:
    truth = yaml.safe_load(path.read_text(encoding="utf-8"))["truth"]
    names = {c["name"] for c in truth["components"]}
    assert all({l["from"], l["to"]} <= names for l in truth.get("links") or [])
    assert all(a["component"] in names for a in truth.get("attributes") or [])


def test_the_corpus_truth_scores_full_marks_against_itself() -> None:
    docs = [yaml.safe_load((CORPUS / p.name).read_text(encoding="utf-8")) for p in FILES]
    table = summary([annotated(doc, doc["truth"]) for doc in docs])
    for key in ("component recall", "component precision", "replicas (stated)", "link recall", "attributes: all"):
        good, total = table[key]
        assert good == total > 0, key
