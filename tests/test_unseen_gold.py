"""The gold of passages no rule was written against (tests/gold/unseen): its integrity, and the
measured figures of both halves as floors, so that they cannot silently fall.  The texts are read
through ../shared; the tests skip where it is absent.  Figures and how they were measured:
docs/evaluation.md ("Unseen papers")."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED

GOLD = ROOT / "tests" / "gold" / "unseen"


def rows():
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def test_gold_has_the_passages_the_issue_asks_for():
    passages = list(rows())
    kinds = Counter("distractor" if r["kind"] == ["distractor"] else "positive" for r in passages)
    assert kinds["positive"] >= 40 and kinds["distractor"] >= 15, kinds
    assert len({r["id"] for r in passages}) == len(passages)
    split_of: dict[str, set] = {}
    for r in passages:
        split_of.setdefault(r["source"], set()).add(r["split"])
    assert all(len(s) == 1 for s in split_of.values()), "a source file in both halves"
    assert {r["split"] for r in passages} == {"dev", "test"}


def test_gold_spans_and_evidence_match_the_texts():
    if not SHARED.exists():
        pytest.skip("../shared is not beside the repository")
    for r in rows():
        text = (SHARED / r["source"]).read_text(encoding="utf-8")[r["start"]:r["end"]]
        assert hashlib.sha1(text.encode("utf-8")).hexdigest() == r["sha1"], r["id"]
        for fact in r["facts"]:
            for ev in fact.get("evidence") or []:
                assert (ev["text"] if isinstance(ev, dict) else ev) in text, (r["id"], ev)


@pytest.fixture(scope="module")
def scores():
    if not SHARED.exists():
        pytest.skip("../shared is not beside the repository")
    from nasicon_kg.evaluate_passages import load_passages, score
    from nasicon_kg.lexicon import load_lexicon

    return {split: score(load_passages(GOLD, split), SHARED, load_lexicon()) for split in ("dev", "test")}


# measured on this commit (docs/evaluation.md); the test half is the unseen figure. The dev half
# grew by passages_c/d (84 passages) and on 2026-12-03 by passages_f (40 passages; strategies
# 0.889/0.727 -> 0.739/0.515 with it, the same code), the test half the same day by passages_e
# (35 passages; 0.25/0.154 -> 0.20/0.13). Floors are the figures after that session's rules.
# On 2026-12-04 the test half grew by passages_g (34 passages; 6 scored strategies after the
# "Alloy anodes" convention of the gold README; 0.308/0.174 -> 0.235/0.138 with it).
FLOORS = {
    "dev": {"strategy": (0.88, 0.69), "conductivity": (0.92, 0.87)},
    "test": {"strategy": (0.23, 0.13), "conductivity": (0.72, 0.54)},
}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_figures_do_not_fall(scores, split):
    s = scores[split]
    for name, (precision, recall) in FLOORS[split].items():
        count = getattr(s, name)
        assert count.precision >= precision and count.recall >= recall, (split, name, s.to_json())
    assert s.from_targets == 0


def test_scorer_takes_an_alloy_however_written_and_a_spaced_off_hyphen():
    from nasicon_kg.evaluate_passages import same_conductivity, same_strategy

    gold = {"layer": "InLi", "electrolyte": "Li3PS4"}
    assert same_strategy({"layer": "Li-In", "electrolyte": "Li3PS4"}, gold)
    assert same_strategy({"layer": "Li-In", "electrolyte": "Li3PS4"}, {"layer": "In-Li alloy", "electrolyte": "Li3PS4"})
    assert not same_strategy({"layer": "Li-Sn", "electrolyte": "Li3PS4"}, gold)
    assert not same_strategy({"layer": "In", "electrolyte": "Li3PS4"}, gold)
    spaced = {"material": "2:1 LiCB11H12 -LiCB9H10 mixture", "value_S_cm": 0.03}
    assert same_conductivity({"material": "LiCB11H12-LiCB9H10", "value_S_cm": 0.03}, spaced)


def test_a_prediction_of_a_fix_whose_electrolyte_the_gold_leaves_unsaid_is_not_scored():
    from nasicon_kg.evaluate_passages import Scores

    gold = [{"type": "InterfaceStrategy", "layer": "Li-In", "electrolyte": None, "modality": "cited"},
            {"type": "InterfaceStrategy", "layer": "Ag", "electrolyte": "LLZO", "modality": "measured"}]
    s = Scores()
    s.add_passage([{"type": "InterfaceStrategy", "layer": "Li-In", "electrolyte": "LGPS"},
                   {"type": "InterfaceStrategy", "layer": "Ag", "electrolyte": "LLZO"},
                   {"type": "InterfaceStrategy", "layer": "ZnO", "electrolyte": "LLZO"}], gold)
    assert (s.strategy.predicted, s.strategy.correct_predicted, s.unjudged, s.unpaired_gold) == (2, 1, 1, 1)
