"""Merging reports of one strategy: one policy (extract/merge.py) for a table's rows and the text's sentences."""
from __future__ import annotations

from nasicon_kg.extract import merge_facts, same_strategy
from nasicon_kg.lexicon import load_lexicon
from nasicon_kg.model import Evidence, InterfaceStrategy, SymmetricCell

ROW = Evidence(text="row", section="S", start=0, end=3, origin="table", table="Table 9", row=0)
SENT = Evidence(text="sentence", section="S", start=10, end=18, origin="text")


def strategy(layer, components, refs, hours=None, evidence=ROW, electrolyte="LATP"):
    cells = (SymmetricCell(hours=hours, evidence=(evidence,)),) if hours else ()
    return InterfaceStrategy(evidence=(evidence,), electrolyte=electrolyte, layer=layer,
                             components=components, cited_refs=refs, symmetric_cell=cells)


def test_composite_naming_its_ceramic_is_the_matrix_strategy():
    lx = load_lexicon()
    table = strategy("LATP/PVDF", ("LATP", "PVDF"), (118,))
    text = strategy("PVDF", ("PVDF",), (118,), evidence=SENT)
    assert same_strategy(table, text, lx)
    assert not same_strategy(table, strategy("PVDF", ("PVDF",), (119,), evidence=SENT), lx)
    assert not same_strategy(table, strategy("PVDF", ("PVDF",), (118,), electrolyte="LAGP"), lx)


def test_salt_in_a_polymer_layer_does_not_split_it():
    lx = load_lexicon()
    assert same_strategy(strategy("PEO", ("PEO",), (7,)), strategy("PEO/LiTFSI", ("PEO", "LiTFSI"), (7,)), lx)
    assert not same_strategy(strategy("PEO", ("PEO",), (7,)), strategy("PEO/BaTiO3", ("PEO", "BaTiO3"), (7,)), lx)


def test_disagreeing_hours_are_both_kept_with_their_evidence():
    merged = merge_facts([strategy("AZO", ("AZO",), (3,), hours=960)],
                         [strategy("AZO", ("AZO",), (3,), hours=1000, evidence=SENT)], load_lexicon())
    assert len(merged) == 1
    cells = {c.hours: c.evidence[0].origin for c in merged[0].symmetric_cell}
    assert cells == {960: "table", 1000: "text"}
    assert {e.origin for e in merged[0].evidence} == {"table", "text"}


def test_a_figure_keeps_only_the_sentences_that_state_it():
    from nasicon_kg.extract import _tag

    stating = Evidence(text="The cell ran for 1000 hours at 0.1 mA cm⁻².", section="S", start=0, end=44,
                       origin="text")
    other = Evidence(text="A 60 nm layer was sputtered.", section="S", start=50, end=78, origin="text")
    fact = InterfaceStrategy(evidence=(other, stating), electrolyte="LATP", layer="AZO",
                             symmetric_cell=(SymmetricCell(hours=1000.0),))
    assert _tag(fact).symmetric_cell[0].evidence == (stating,)


# ------------------------------------------------------------ one policy for text and tables

OUTLOOK = Evidence(text="later sentence", section="Outlook", start=500, end=514, origin="text")


def test_the_text_merges_by_the_policy_tables_use():
    from nasicon_kg.extract.merge import merge_strategies

    lx = load_lexicon()
    # a salt named with the polymer in one sentence and not in the next: one layer, in prose as in tables
    one = merge_strategies([strategy("PEO", ("PEO",), (7,), evidence=SENT),
                            strategy("PEO/LiTFSI", ("PEO", "LiTFSI"), (7,), evidence=OUTLOOK)], lx)
    assert [f.layer for f in one] == ["PEO/LiTFSI"]
    # two sentences crediting one work, one naming part of the layer: one layer described twice
    assert len(merge_strategies([strategy("BN", ("BN",), (91,), evidence=SENT),
                                 strategy("BN/PEO", ("BN", "PEO"), (91,), evidence=OUTLOOK)], lx)) == 1


def test_table_rows_name_their_layer_whole():
    lx = load_lexicon()
    assert not same_strategy(strategy("PEO", ("PEO",), (7,)), strategy("PEO/BaTiO3", ("PEO", "BaTiO3"), (7,)), lx)
    assert same_strategy(strategy("BN", ("BN",), (91,), evidence=SENT),
                         strategy("BN/PEO", ("BN", "PEO"), (91,), evidence=OUTLOOK), lx)


def test_uncredited_prose_joins_a_credited_work_only_in_its_section():
    lx = load_lexicon()
    credited = strategy("ZnO", ("ZnO",), (94,), evidence=SENT)
    outlook = strategy("ZnO", ("ZnO",), (), evidence=OUTLOOK)
    assert not same_strategy(credited, outlook, lx)
    # the paper's own work, stated in its methods and its results
    assert same_strategy(strategy("ZnO", ("ZnO",), (), evidence=SENT), outlook, lx)
    # a table row has no section to share
    assert same_strategy(strategy("ZnO", ("ZnO",), (94,)), outlook, lx)


def test_merge_two_is_the_same_for_rows_and_sentences():
    from dataclasses import replace

    from nasicon_kg.extract import merge_two

    row = replace(strategy("Al2O3", ("Al2O3",), (89,), hours=600), method="sputtering", confidence=0.6)
    sentence = replace(strategy("Al2O3", ("Al2O3",), (89,), hours=600.0 * 1.005, evidence=SENT),
                       method="magnetron sputtering", confidence=0.7)
    merged = merge_two(row, sentence)
    assert merged.method == "magnetron sputtering"  # the more precise method, whichever came first
    assert [c.hours for c in merged.symmetric_cell] == [600]  # within 1 %: one figure, both evidences
    assert merged.symmetric_cell[0].evidence == (ROW, SENT)
    assert merged.evidence == (ROW, SENT) and merged.confidence == 0.75
    assert merge_two(sentence, row).evidence == (ROW, SENT)  # rows, then sentences in text order
