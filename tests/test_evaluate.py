"""The scorer on small hand-made lists, and the well-formedness of the review's gold file."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from nasicon_kg.errors import ReaderError
from nasicon_kg.evaluate import (
    evaluate,
    load_jsonl,
    match_strategies,
    normalise_label,
)

TABLE_VALUES = ("Table 2", "Table 3")  # the in_tables values of the Tolganbek 2022 gold file

REPO = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "gold" / "tolganbek2022_prose.jsonl"
REVIEW = REPO / "corpus" / "tolganbek2022_nasicon_interface_review.md"


def strategy(electrolyte="LATP", layer="ZnO", **kw) -> dict:
    record = {"type": "InterfaceStrategy", "electrolyte": electrolyte, "layer": layer,
              "components": layer.split("/"), "method": None, "thickness_nm": None,
              "symmetric_cell": [], "problems": [], "cited_refs": []}
    record.update(kw)
    return record


def cell(hours=None, cd=None, t=None) -> dict:
    return {"hours": hours, "current_density_mA_cm2": cd, "temperature_C": t}


ZNO = strategy(method="magnetron sputtering", thickness_nm=[200, 200], symmetric_cell=[cell(2000)],
               problems=["reduction by Li metal"], cited_refs=[94], in_tables="Table 2")
AL2O3 = strategy(layer="Al2O3", method="atomic layer deposition", thickness_nm=[15, 15],
                 symmetric_cell=[cell(600)], cited_refs=[89], in_tables="Table 2")


# ------------------------------------------------------------------ scorer

def test_perfect_match_scores_one_everywhere():
    report = evaluate([ZNO, AL2O3], [ZNO, AL2O3])
    for name in ("pair", "method", "thickness", "hours", "problems", "cited_ref"):
        score = report.fields[name]
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), name
        assert score.fp == score.fn == 0
    assert report.fields["pair"].tp == 2
    assert report.accuracy["method"].accuracy == 1.0
    assert report.accuracy["hours"].stated == 2


def test_one_wrong_method_halves_method_precision_and_recall():
    pred = [dict(ZNO, method="atomic layer deposition"), AL2O3]
    report = evaluate(pred, [ZNO, AL2O3])
    method = report.fields["method"]
    assert (method.tp, method.fp, method.fn) == (1, 1, 1)
    assert method.precision == method.recall == 0.5
    assert report.fields["pair"].f1 == 1.0
    assert report.accuracy["method"].correct == 1


def test_missing_value_lowers_recall_only():
    report = evaluate([dict(ZNO, method=None), AL2O3], [ZNO, AL2O3])
    method = report.fields["method"]
    assert method.precision == 1.0 and method.recall == 0.5


def test_unmatched_predictions_lower_pair_precision():
    extra = strategy(layer="LiPON", cited_refs=[95])
    report = evaluate([ZNO, AL2O3, extra], [ZNO, AL2O3])
    pair = report.fields["pair"]
    assert (pair.tp, pair.fp, pair.fn) == (2, 1, 0)
    assert pair.precision == pytest.approx(2 / 3) and pair.recall == 1.0
    assert report.unmatched_predicted == (extra,)


def test_missed_gold_lowers_pair_recall_and_stated_accuracy():
    report = evaluate([ZNO], [ZNO, AL2O3])
    assert report.fields["pair"].recall == 0.5
    assert report.accuracy["thickness"].stated == 2
    assert report.accuracy["thickness"].correct == 1
    assert report.missed_gold == (AL2O3,)


def test_component_order_and_layer_spelling_do_not_matter():
    gold = strategy(layer="LiF/MgF2/B2O3", cited_refs=[90])
    pred = strategy(layer="B2O3/LiF/MgF2", components=["B₂O₃", "lif", "MgF<sub>2</sub>"], cited_refs=[90])
    assert evaluate([pred], [gold]).fields["pair"].f1 == 1.0


def test_components_fall_back_to_layer_split():
    gold = strategy(layer="BN/PEO")
    pred = dict(strategy(layer="PEO/BN"), components=[])
    assert match_strategies([pred], [gold]) == [(0, 0)]


def test_different_electrolyte_is_no_match():
    assert evaluate([strategy("LAGP")], [strategy("LATP")]).fields["pair"].tp == 0


def test_labels_normalised_for_case_dash_space_and_subscript():
    assert normalise_label("PVdF–HFP") == normalise_label("PVDF-HFP") == normalise_label("pvdf hfp")
    assert normalise_label("Li₃PO₄") == normalise_label("Li3PO4")
    assert normalise_label("Al<sub>2</sub>O<sub>3</sub>") == "al2o3"
    assert normalise_label(None) == ""


@dataclass(frozen=True)
class _Term:
    pref_label: str


class _Lexicon:
    def __init__(self, table):
        self.table = table

    def lookup(self, label):
        pref = self.table.get(label)
        return _Term(pref) if pref else None


def test_lexicon_maps_aliases_before_comparing():
    gold = strategy("LATGP", "PEO/BaTiO3", method="drop casting")
    pred = strategy("LAGTP", "PEO/BaTiO3", method="drop-cast")
    assert evaluate([pred], [gold]).fields["pair"].tp == 0
    lexicon = _Lexicon({"LAGTP": "LATGP", "drop-cast": "drop casting"})
    report = evaluate([pred], [gold], lexicon=lexicon)
    assert report.fields["pair"].tp == 1
    assert report.fields["method"].precision == 1.0


def test_thickness_in_nm_catches_micrometres_left_unconverted():
    gold = strategy(layer="BN/PEO", thickness_nm=[1000, 2000])
    right = strategy(layer="BN/PEO", thickness_nm=[1000.0, 2000.0])
    unconverted = strategy(layer="BN/PEO", thickness_nm=[1, 2])
    assert evaluate([right], [gold]).fields["thickness"].precision == 1.0
    assert evaluate([unconverted], [gold]).fields["thickness"].precision == 0.0


def test_thickness_upper_bound_and_scalar():
    gold = strategy(layer="a-LAGP", thickness_nm=[None, 100])
    assert evaluate([strategy(layer="a-LAGP", thickness_nm=[0, 100])], [gold]).fields["thickness"].tp == 1
    assert evaluate([strategy(layer="a-LAGP", thickness_nm=[100, 100])], [gold]).fields["thickness"].tp == 0
    point = strategy(thickness_nm=[200, 200])
    assert evaluate([strategy(thickness_nm=200)], [point]).fields["thickness"].tp == 1


def test_numbers_match_within_one_percent():
    gold = [strategy(symmetric_cell=[cell(800, 0.1)])]
    near = [strategy(symmetric_cell=[cell(792, 0.1)])]
    far = [strategy(symmetric_cell=[cell(780, 0.1)])]
    assert evaluate(near, gold).fields["hours"].tp == 1
    assert evaluate(far, gold).fields["hours"].tp == 0
    assert evaluate(far, gold).fields["current_density"].tp == 1
    assert evaluate(far, gold).accuracy["hours+current_density"].correct == 0
    assert evaluate(near, gold).accuracy["hours+current_density"].correct == 1


def test_several_stated_cells_any_subset_is_right_but_no_extra():
    gold = [strategy(layer="PVDF/PEO", symmetric_cell=[cell(1000), cell(1200, 1)])]
    one = [strategy(layer="PVDF/PEO", symmetric_cell=[cell(1000)])]
    extra = [strategy(layer="PVDF/PEO", symmetric_cell=[cell(1000), cell(640)])]
    assert evaluate(one, gold).fields["hours"].tp == 1
    assert evaluate(extra, gold).fields["hours"].tp == 0


def test_problems_and_refs_are_micro_averaged_sets():
    gold = [strategy(problems=["reduction by Li metal", "dendrite growth"], cited_refs=[94])]
    pred = [strategy(problems=["Dendrite growth", "short circuit"], cited_refs=[94, 88])]
    report = evaluate(pred, gold)
    problems, refs = report.fields["problems"], report.fields["cited_ref"]
    assert (problems.tp, problems.fp, problems.fn) == (1, 1, 1)
    assert (refs.tp, refs.fp, refs.fn) == (1, 1, 0)
    assert report.accuracy["cited_ref"].correct == 0  # accuracy asks for the exact set


def test_duplicates_pair_one_to_one_by_best_agreement():
    gold = [strategy(layer="Li3PO4", thickness_nm=[200, 200], cited_refs=[92]),
            strategy(layer="Li3PO4", thickness_nm=[15, 15], cited_refs=[89])]
    pred = [strategy(layer="Li3PO4", thickness_nm=[15, 15], cited_refs=[89]),
            strategy(layer="Li3PO4", thickness_nm=[200, 200], cited_refs=[92])]
    assert match_strategies(pred, gold) == [(0, 1), (1, 0)]
    report = evaluate(pred, gold)
    assert report.fields["thickness"].precision == 1.0


def test_one_prediction_cannot_match_two_gold_records():
    gold = [strategy(layer="PEO", cited_refs=[109]), strategy(layer="PEO", cited_refs=[110])]
    merged = [strategy(layer="PEO", cited_refs=[109, 110])]
    pair = evaluate(merged, gold).fields["pair"]
    assert (pair.tp, pair.fp, pair.fn) == (1, 0, 1)
    twice = [ZNO, dict(ZNO)]
    pair = evaluate(twice, [ZNO]).fields["pair"]
    assert (pair.tp, pair.fp, pair.fn) == (1, 1, 0)


def test_restrict_to_tables_limits_recall_not_pair_precision():
    prose_only = strategy(layer="PVDF", cited_refs=[118], in_tables=None)
    gold = [ZNO, AL2O3, prose_only]
    report = evaluate([ZNO, prose_only], gold, restrict_to_tables=True)
    pair = report.fields["pair"]
    assert pair.precision == 1.0  # the prose-only match is still a correct prediction
    assert pair.recall == 0.5  # ZnO found, Al2O3 missed; the prose-only record is out of scope
    assert report.accuracy["cited_ref"].stated == 2
    assert evaluate([ZNO, prose_only], gold).fields["pair"].recall == pytest.approx(2 / 3)


def test_conductivity_matched_on_material_set_and_value():
    gold = [{"type": "IonicConductivity", "material": "LATP/PVDF-HFP", "value_S_cm": 2.3e-4}]
    right = [{"type": "IonicConductivity", "material": "PVdF-HFP/LATP", "value_S_cm": 2.31e-4}]
    wrong = [{"type": "IonicConductivity", "material": "LATP/PVDF-HFP", "value_S_cm": 2.3e-3}]
    assert evaluate(right, gold).fields["conductivity"].f1 == 1.0
    assert evaluate(wrong, gold).fields["conductivity"].tp == 0


def test_other_record_types_are_ignored():
    other = {"type": "ProblemStatement", "material": "LATP", "problem": "reduction by Li metal"}
    assert evaluate([ZNO, other], [ZNO]).fields["pair"].precision == 1.0


def test_format_table_and_json_carry_the_figures():
    report = evaluate([dict(ZNO, method="sputtering")], [ZNO, AL2O3])
    table = report.format_table(details=True)
    for name in ("pair", "method", "thickness", "hours", "current_density", "problems", "cited_ref",
                 "hours+current_density", "Gold strategies not matched", "Al2O3"):
        assert name in table
    data = report.to_json()
    assert data["fields"]["method"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0,
                                        "recall": 0.0, "f1": 0.0}
    assert json.dumps(data)


def test_load_jsonl_skips_blank_lines_and_reports_bad_ones(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text('{"a": 1}\n\n{"b": 2}\n', encoding="utf-8")
    assert load_jsonl(good) == [{"a": 1}, {"b": 2}]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\n{"b": \n', encoding="utf-8")
    with pytest.raises(ReaderError, match="line 2"):
        load_jsonl(bad)
    with pytest.raises(ReaderError, match="line 1: expected a JSON object"):
        (tmp_path / "list.jsonl").write_text("[1]\n", encoding="utf-8")
        load_jsonl(tmp_path / "list.jsonl")
    with pytest.raises(ReaderError):
        load_jsonl(tmp_path / "missing.jsonl")


# --------------------------------------------------------------- the gold

STRATEGY_KEYS = {"id", "type", "electrolyte", "layer", "components", "strategy_type", "method",
                 "thickness_nm", "symmetric_cell", "full_cell", "problems", "conditions",
                 "cited_refs", "authors", "in_tables", "evidence"}
CONDUCTIVITY_KEYS = {"id", "type", "material", "value_S_cm", "temperature_C", "cited_refs",
                     "in_tables", "evidence"}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_jsonl(GOLD)


def test_gold_records_have_the_required_keys(gold):
    assert len({r["id"] for r in gold}) == len(gold)
    for record in gold:
        required = STRATEGY_KEYS if record["type"] == "InterfaceStrategy" else CONDUCTIVITY_KEYS
        assert record["type"] in ("InterfaceStrategy", "IonicConductivity")
        assert required <= record.keys(), record["id"]
        assert record["in_tables"] in (*TABLE_VALUES, None), record["id"]
        assert record["evidence"] and all(e["text"] for e in record["evidence"]), record["id"]
        assert all(isinstance(n, int) for n in record["cited_refs"]), record["id"]


def test_gold_strategy_values_are_consistent(gold):
    for r in (r for r in gold if r["type"] == "InterfaceStrategy"):
        assert r["layer"] == "/".join(r["components"]), r["id"]
        if r["thickness_nm"] is not None:
            lo, hi = r["thickness_nm"]
            assert hi is not None and (lo is None or 0 < lo <= hi), r["id"]
        for c in r["symmetric_cell"]:
            assert set(c) == {"hours", "current_density_mA_cm2", "temperature_C"}, r["id"]
            assert any(v is not None for v in c.values()), r["id"]
        for c in r["conditions"]:
            assert c["kind"] in ("heating", "precycling", "liquid_electrolyte", "elevated_temperature")


@pytest.mark.skipif(not REVIEW.exists(), reason="the review is not in corpus/")
def test_gold_evidence_is_verbatim_from_the_review(gold):
    text = REVIEW.read_text(encoding="utf-8")
    for record in gold:
        for evidence in record["evidence"]:
            assert evidence["text"] in text, (record["id"], evidence["text"][:60])


def test_gold_has_one_record_per_table_row(gold):
    rows = [r for r in gold if r["in_tables"]]
    assert len(rows) == 22
    table2 = [r for r in rows if r["in_tables"] == "Table 2"]
    table3 = [r for r in rows if r["in_tables"] == "Table 3"]
    assert (len(table2), len(table3)) == (13, 9)
    assert sorted(r["cited_refs"][0] for r in table2 if r["layer"] == "Li3PO4") == [89, 92]
    assert sorted(r["cited_refs"][0] for r in table3 if r["layer"] == "PEO") == [101, 109, 110]
    assert all(r["type"] == "InterfaceStrategy" for r in rows)


def test_gold_keeps_prose_values_where_the_table_differs(gold):
    by_id = {r["id"]: r for r in gold}
    assert by_id["t2-azo-93"]["symmetric_cell"][0]["hours"] == 1000  # Table 2 says 960
    assert by_id["t3-paa-co-ma-113"]["symmetric_cell"][0]["hours"] == 165  # Table 3 says 55


def test_gold_scores_perfectly_against_itself(gold):
    report = evaluate(gold, gold)
    assert all(s.f1 == 1.0 for s in report.fields.values())
    assert all(a.accuracy == 1.0 for a in report.accuracy.values())
    restricted = evaluate(gold, gold, restrict_to_tables=True)
    assert restricted.fields["pair"].gold == 22 and restricted.fields["pair"].recall == 1.0


def test_gold_labels_are_the_ontologys_pref_labels(gold):
    from nasicon_kg.lexicon import load_lexicon

    lexicon = load_lexicon()
    for r in (r for r in gold if r["type"] == "InterfaceStrategy"):
        labels = [r["electrolyte"], r["strategy_type"], *r["components"], *r["problems"]]
        labels += [r["method"]] if r["method"] else []
        for label in labels:
            term = lexicon.lookup(label)
            assert term is None or term.pref_label == label, (r["id"], label, term.pref_label)


def test_a_form_word_does_not_change_the_material():
    from nasicon_kg.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert normalise_label("silver nanoparticles", lexicon) == normalise_label("Ag", lexicon)
    assert normalise_label("silver", lexicon) != normalise_label("silicon", lexicon)
