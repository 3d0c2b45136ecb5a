"""How the extractor uses the relation patterns (patterns/relations/*.jsonl): the layer a relation
names goes with the electrolyte it names, a method or thickness a relation ties to a layer is that
layer's, and an electrolyte's own thickness is no layer's. Sentences written for this test."""
from __future__ import annotations

import pytest

from nasicon_kg.lexicon import load_lexicon
from nasicon_kg.model import InterfaceStrategy, PaperMetadata
from nasicon_kg.readers.textutil import DocumentBuilder


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def strategies(lexicon, text: str) -> list[InterfaceStrategy]:
    from nasicon_kg.extract import extract_facts

    b = DocumentBuilder()
    b.add_block(text, section="Results")
    return [f for f in extract_facts(b.build(PaperMetadata()), sources="text", lexicon=lexicon)
            if isinstance(f, InterfaceStrategy)]


def sentence(lexicon, text: str):
    from nasicon_kg.extract.text import sentences_of

    b = DocumentBuilder()
    b.add_block(text, section="Results")
    return sentences_of(b.build(PaperMetadata()), lexicon)[0]


def test_the_layer_goes_with_the_electrolyte_the_relation_names(lexicon):
    found = strategies(lexicon, "A ZnO layer on LATP and a bare LAGP pellet were compared in Li symmetric "
                                "cells for 300 h.")
    assert [(f.layer, f.electrolyte) for f in found] == [("ZnO", "LATP")]


def test_a_method_the_relation_ties_to_the_layer_wins_over_another_in_the_sentence(lexicon):
    found = strategies(lexicon, "After cleaning by sputtering, an Al2O3 layer was deposited on the LLZO "
                                "pellet by ALD to suppress Li dendrites.")
    assert [(f.layer, f.method) for f in found] == [("Al2O3", "atomic layer deposition")]


def test_current_density_written_before_the_hours(lexicon):
    found = strategies(lexicon, "At 0.1 mA cm-2 the Li|Ag|LLZO|Ag|Li cell cycled stably for over 800 h.")
    assert [(c.hours, c.current_density_mA_cm2) for f in found for c in f.symmetric_cell] == [(800, 0.1)]


def test_an_electrolytes_own_thickness_is_not_a_layers(lexicon):
    from nasicon_kg.extract.text import layer_thicknesses

    own = sentence(lexicon, "Thin 80-µm thick LLZO sheets were toughened by incorporating MgO fibers.")
    assert layer_thicknesses(own) == []
    assert strategies(lexicon, own.text + " They were cycled against Li metal.") == []
    layer = sentence(lexicon, "Al2O3 was deposited on LATP with a thickness of 15 nm against Li.")
    assert [q[2].value for q in layer_thicknesses(layer)] == [15]


def test_a_thickness_the_relation_ties_to_the_layer(lexicon):
    found = strategies(lexicon, "A 5-nm Al2O3 layer was deposited on Li6PS5Cl via ALD to face the Li anode, "
                                "which was 50 µm thick.")
    assert [(f.layer, f.thickness_nm) for f in found] == [("Al2O3", (5.0, 5.0))]
