"""Merging a table's and the text's reports of one strategy."""
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
