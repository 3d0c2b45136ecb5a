"""Abbreviation definitions (Schwartz-Hearst), including formula long forms and slash pairs."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nasicon_kg.nlp.abbreviations import abbreviation_map, find_abbreviations


def pairs(text):
    found = find_abbreviations(text)
    for a in found:
        assert text[a.short_start:a.short_end] == a.short
        assert text[a.long_start:a.long_end] == a.long
    return [(a.short, a.long) for a in found]


@pytest.mark.parametrize("text,expected", [
    ("Films of boron nitride (BN) were grown by CVD.", [("BN", "boron nitride")]),
    ("A layer of poly(ethylene oxide) (PEO) was cast on the pellet.", [("PEO", "poly(ethylene oxide)")]),
    ("Bai et al. introduced a 60 nm alumina doped ZnO (AZO) layer.", [("AZO", "alumina doped ZnO")]),
    ("Li reduces Ti4+ and forms a mixed (ionic/electronic) conducting interphase (MCI) at the surface.",
     [("MCI", "mixed (ionic/electronic) conducting interphase")]),
    ("It was deposited by the magnetron sputtering technique (MST).",
     [("MST", "magnetron sputtering technique")]),
    ("a polymer with intrinsic nanoporosity (PIN) was coated", [("PIN", "polymer with intrinsic nanoporosity")]),
    ("The LATP (Li1.3Al0.3Ti1.7(PO4)3) pellets were polished.", [("LATP", "Li1.3Al0.3Ti1.7(PO4)3")]),
    ("NASICON-type Li1+xAlxTi2-x(PO4)3 (LATP) is unstable against Li.", [("LATP", "Li1+xAlxTi2-x(PO4)3")]),
    ("The cathode NCM (LiNi0.8Co0.1Mn0.1O2) was used.", [("NCM", "LiNi0.8Co0.1Mn0.1O2")]),
    ("Atomic layer deposition (ALD) gives conformal films.", [("ALD", "Atomic layer deposition")]),
    ("A solid electrolyte interphase (SEI) forms.", [("SEI", "solid electrolyte interphase")]),
    ("We tested at room temperature (RT).", [("RT", "room temperature")]),
    ("lithium phosphorus oxynitride (LiPON) films", [("LiPON", "lithium phosphorus oxynitride")]),
    ("an electrolyte of lithium bis(fluorosulfonyl)imide (LiFSI) in DME",
     [("LiFSI", "lithium bis(fluorosulfonyl)imide")]),
])
def test_definitions(text, expected):
    assert pairs(text) == expected


def test_slash_pair_is_split():
    text = ("The film composed of Li bis(trifluoromethylsulfonyl)imide/poly(vinylene carbonate) "
            "(LiBTFMSI/PVC) and SiO2 was stable.")
    assert pairs(text) == [("LiBTFMSI", "Li bis(trifluoromethylsulfonyl)imide"),
                           ("PVC", "poly(vinylene carbonate)")]


@pytest.mark.parametrize("text", [
    "The interface is shown (Fig. 2a) in detail.",
    "This was reported earlier (2019) by another group.",
    "PEO and LATP were mixed (50 : 50) by weight.",
    "A silica coating (or SiO2) was applied.",
    "These batteries suit vehicles (EV, HV) well.",
    "Panels (a) and (b) and (ii) show the cells.",
    "The Li3V2(PO4)3 cathode and Mg(ClO4)2 salt.",
    "As given by the reference (ref. 12) above.",
    "The cell (see Table 2) cycled well.",
    "A big layer (XYZ) appeared.",
])
def test_no_false_definitions(text):
    assert pairs(text) == []


def test_several_definitions_and_map():
    text = ("Poly(vinylidene fluoride-co-hexafluoropropylene) (PVDF-HFP) and lithium "
            "bis(trifluoromethanesulfonyl)imide (LiTFSI) formed a gel. Later, PVDF-HFP (as above) was reused.")
    assert abbreviation_map(text) == {
        "PVDF-HFP": "Poly(vinylidene fluoride-co-hexafluoropropylene)",
        "LiTFSI": "lithium bis(trifluoromethanesulfonyl)imide",
    }


def test_long_form_stays_in_its_clause():
    # the window must not reach across the sentence end into "Li metal".
    assert pairs("It reacts with Li metal. Magnesium fluoride (MF) was used.") == [("MF", "Magnesium fluoride")]


@given(st.text(alphabet=st.sampled_from(list("abcLATPO()/ ,.;:0123456789-")), max_size=80))
def test_never_raises_and_offsets_hold(text):
    for a in find_abbreviations(text):
        assert text[a.short_start:a.short_end] == a.short
        assert text[a.long_start:a.long_end] == a.long


def test_long_form_does_not_start_with_a_stopword():
    text = "They used amorphous and nanocrystalline Li1.5Al0.5Ge1.5(PO4)3 (a-LAGP) as a layer."
    assert pairs(text) == [("a-LAGP", "amorphous and nanocrystalline Li1.5Al0.5Ge1.5(PO4)3")]


def test_unbalanced_long_form_is_rejected():
    text = "a mixture of poly[bis(2-(2-methoxyethoxy)ethoxy)phosphazene] (MEEP) polymer"
    assert pairs(text) == []


@pytest.mark.parametrize("text, pair", [
    ("the glass (Li2S-SiS2-LiI, denoted as LSSI) was pressed", ("LSSI", "Li2S-SiS2-LiI")),
    ("Li6PS5Br (hereafter LPSB) and", ("LPSB", "Li6PS5Br")),
    ("a glass (70Li2S-30P2S5; hereafter referred to as LPS70) was", ("LPS70", "70Li2S-30P2S5")),
])
def test_definitions_written_out_in_the_bracket(text, pair):
    assert [(a.short, a.long) for a in find_abbreviations(text)] == [pair]


def test_a_parameter_in_the_bracket_is_no_long_form():  # a guard on the rule above, not a new rule
    assert find_abbreviations("LLZO (x = 0.4, labelled as LZ4)") == []
