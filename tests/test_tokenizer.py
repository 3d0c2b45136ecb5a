"""The chemistry tokenizer (a real spaCy Tokenizer) and the spaced-formula merger.

Every sentence here is written for the test.
"""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nasicon_kg.lexicon import load_lexicon  # noqa: E402
from nasicon_kg.nlp import pipeline as P  # noqa: E402
from nasicon_kg.nlp.tokenizer import ROLE_WORDS, make_tokenizer, spaced_formula_runs  # noqa: E402


@pytest.fixture(scope="module")
def tok():
    import spacy

    return make_tokenizer(spacy.blank("en").vocab)


@pytest.fixture(scope="module")
def nlp():
    return P.build_nlp(load_lexicon())


def words(tok, text):
    return [t.text for t in tok(text)]


# ---------------------------------------------------------------- formulas stay whole

@pytest.mark.parametrize("formula", [
    "Li1+xAlxTi2-x(PO4)3", "Li1.3Al0.3Ti1.7(PO4)3", "Li6PS5Cl", "Li6.4La3Zr1.4Ta0.6O12",
    "Na3Zr2Si2PO12", "Li0.33La0.557TiO3", "Li10GeP2S12", "Li₃PO₄", "LiPO(N)",
    "Li1+xAlxTi2-x-yGey(PO4)3", "Li7La3Zr2O12-δ", "LiTi2(PO4)3-0.2Li2BO3", "Li(Ni0.8Co0.1Mn0.1)O2",
])
@pytest.mark.parametrize("frame", [
    "Pellets of {} were sintered in air.",
    "The conductivity of {}, measured by EIS, was high.",
    "We compare it with ({}).",
    "Our best sample was {}.",
])
def test_a_formula_is_one_token(tok, formula, frame):
    assert formula in words(tok, frame.format(formula))


def test_a_group_inside_a_formula_is_not_split(tok):
    assert words(tok, "LiZr2(PO4)3-based cells") == ["LiZr2(PO4)3", "-", "based", "cells"]
    assert words(tok, "[Li1.5Cr0.5Ti1.5(PO4)3]") == ["[", "Li1.5Cr0.5Ti1.5(PO4)3", "]"]


def test_a_dashed_glass_system_may_split_at_the_dash(tok):
    assert words(tok, "70Li2S–30P2S5 and Li2S–P2S5 glasses")[2:5] == ["Li2S", "–", "P2S5"]


# ---------------------------------------------------------------- role words

@pytest.mark.parametrize("role", ["coated", "modified", "based", "derived", "protected", "doped",
                                  "treated", "decorated", "containing", "rich", "free", "supported",
                                  "infiltrated", "grafted"])
def test_hyphenated_role_words_split_off(tok, role):
    assert role in ROLE_WORDS
    assert words(tok, f"the ZnO-{role} LATP pellet") == ["the", "ZnO", "-", role, "LATP", "pellet"]


def test_role_words_after_formulas_and_lower_case_names(tok):
    assert words(tok, "Ta-doped LLZO") == ["Ta", "-", "doped", "LLZO"]
    assert words(tok, "a Li3PO4-coated, carbon-derived film") == [
        "a", "Li3PO4", "-", "coated", ",", "carbon", "-", "derived", "film"]
    assert words(tok, "Li1+xAlxTi2-x(PO4)3-protected Li") == [
        "Li1+xAlxTi2-x(PO4)3", "-", "protected", "Li"]


@pytest.mark.parametrize("word", ["Li-ion", "NASICON-type", "solid-state", "a-LAGP", "h-BN",
                                  "co-workers", "X-ray", "Li–Al–O"])
def test_english_and_prefixed_hyphen_words_stay_whole(tok, word):
    assert words(tok, f"in {word} work") == ["in", word, "work"]


# ---------------------------------------------------------------- cells, core-shell, composites

@pytest.mark.parametrize("text,expected", [
    ("Li|LiPON|LATP|LiPON|Li", ["Li", "|", "LiPON", "|", "LATP", "|", "LiPON", "|", "Li"]),
    ("Li||NMC811", ["Li", "||", "NMC811"]),
    ("Li/LATP/Li", ["Li", "/", "LATP", "/", "Li"]),
    ("Na|NZSP|Na", ["Na", "|", "NZSP", "|", "Na"]),
    ("Li-In|LPSCl|NCM", ["Li", "-", "In", "|", "LPSCl", "|", "NCM"]),
    ("Si@C", ["Si", "@", "C"]),
    ("Li@Ag", ["Li", "@", "Ag"]),
    ("LATP/PVDF", ["LATP", "/", "PVDF"]),
    ("PEO/LiTFSI", ["PEO", "/", "LiTFSI"]),
    ("Li6PS5Cl/Li", ["Li6PS5Cl", "/", "Li"]),
])
def test_cells_core_shell_and_composites_split(tok, text, expected):
    assert words(tok, f"We built ({text}) stacks.") == ["We", "built", "(", *expected, ")", "stacks", "."]


# ---------------------------------------------------------------- numbers, units, abbreviations

def test_numbers_and_units_stay_usable(tok):
    assert words(tok, "0.5 mA cm-2 for 10–20 h at 60°C") == [
        "0.5", "mA", "cm-2", "for", "10–20", "h", "at", "60", "°C"]
    assert words(tok, "Smith et al. (ca. 2 mS/cm, Fig. 3)")[:3] == ["Smith", "et", "al."]


@pytest.mark.parametrize("text,unit", [
    ("Bulk LLZTO conducts 0.6 mS/cm at room temperature.", "mS/cm"),
    ("It cycled at 0.5 mA cm-2 for 300 h.", "mA/cm2"),
    ("Its conductivity reached 3.1 × 10⁻⁴ S cm⁻¹.", "S/cm"),
    ("The cell lasted 10–20 h. Then it shorted.", "h"),
])
def test_the_quantity_recognizer_still_finds_units(nlp, text, unit):
    doc = nlp(P.make_doc(nlp, text))
    units = [s._.quantity.unit for s in doc.spans["quantities"]]
    assert unit in units
    assert all(not s.text.endswith(".") for s in doc.spans["quantities"])


def test_a_range_is_still_a_range(nlp):
    doc = nlp(P.make_doc(nlp, "Films of 10–20 nm were grown."))
    (q,) = doc.spans["quantities"]
    assert (q._.quantity.low, q._.quantity.high, q._.quantity.unit) == (10.0, 20.0, "nm")


def test_sentences_end_after_formulas_and_units_but_not_abbreviations(nlp):
    text = ("Liu et al. coated LiF. The film (Fig. 2) was ca. 5 nm thick on ZnO. "
            "It conducted 2 × 10⁻⁵ S cm⁻¹. Then Co. Ga was added by J. Chen.")
    sents = [s.text for s in nlp(P.make_doc(nlp, text)).sents]
    assert sents == ["Liu et al. coated LiF.", "The film (Fig. 2) was ca. 5 nm thick on ZnO.",
                     "It conducted 2 × 10⁻⁵ S cm⁻¹.", "Then Co.", "Ga was added by J. Chen."]


# ---------------------------------------------------------------- a real, registered, serialisable tokenizer

def test_it_is_a_registered_serialisable_spacy_tokenizer(nlp, tok):
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry
    from spacy.vocab import Vocab

    assert isinstance(nlp.tokenizer, Tokenizer)
    assert P.TOKENIZER_NAME == "nkg_chem_tokenizer_v2"
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == P.TOKENIZER_NAME
    assert P.TOKENIZER_NAME in registry.tokenizers
    text = "ZnO-coated Li1+xAlxTi2-x(PO4)3 in Li|LiPON|LATP, et al. 0.2 mA cm⁻² at 60°C."
    restored = Tokenizer(Vocab()).from_bytes(tok.to_bytes())
    assert words(restored, text) == words(tok, text)


def test_the_pipeline_config_and_bytes_round_trip(nlp):
    import spacy

    config = nlp.config  # JSON-serialisable: the factories put only their names in it
    other = spacy.blank("en", config={"nlp": {"tokenizer": config["nlp"]["tokenizer"]}})
    other.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    text = "Si@C and PEO/LiTFSI on Ta-doped LLZO."
    assert [t.text for t in other.make_doc(text)] == [t.text for t in nlp.make_doc(text)]
    assert nlp.to_bytes()


# ---------------------------------------------------------------- spaced formulas

@pytest.mark.parametrize("text,joined", [
    ("a Li 3 PO 4 film", ["Li 3 PO 4"]),
    ("argyrodite Li 6 PS 5 Cl powder", ["Li 6 PS 5 Cl"]),
    ("cubic Li 7 La 3 Zr 2 O 12 pellets", ["Li 7 La 3 Zr 2 O 12"]),
    ("an anode of Li 4 Ti 5 O 12 and V 2 O 5", ["Li 4 Ti 5 O 12", "V 2 O 5"]),
    ("charged at 3 V and 25 C", []),
    ("as shown in Fig. 3 C", []),
    ("the S 2p and C 1s spectra", []),
    ("In 2019 and In 2020", []),
    ("sample B 2 C was bare", []),
    ("Li 3", []),
    # a converter that spaced a formula at a few places only
    ("argyrodite Li 6 PS5Cl powder", ["Li 6 PS5Cl"]),
    ("the LGPS-type Li 10SnP2S12 phase", ["Li 10SnP2S12"]),
    ("predicted Li10 SiP2 S12 structure", ["Li10 SiP2 S12"]),
    ("doped Na3.0625 Sn0.0625 P0.9375 S4 cell", ["Na3.0625 Sn0.0625 P0.9375 S4"]),
    # two formulas listed side by side stay two
    ("the Li2S P2S5 glass", []),
    ("with O2 H2O vapour", []),
    ("In 50TiS2 and In 2019", []),
    ("the LiBH 4 and NaPF 6 salts", ["LiBH 4", "NaPF 6"]),
    ("after CV 3 times, LiF 2 and NaCl 3", []),
])
def test_spaced_formula_runs(text, joined):
    w = text.split()
    runs = spaced_formula_runs(w, [" "] * len(w))
    assert [" ".join(w[a:b]) for a, b in runs] == joined


@pytest.mark.parametrize("text,joined", [
    ("the Li 1.3 Al 0.3 Ti 1.7 (PO 4 ) 3 pellet", ["Li 1.3 Al 0.3 Ti 1.7 (PO 4 ) 3"]),
    ("with Na 4 (B 12 H 12 )(B 10 H 10 ) as", ["Na 4 (B 12 H 12 )(B 10 H 10 )"]),
    ("in Na 4 ( B12 H 12 )( B10 H 10 ) cells", ["Na 4 ( B12 H 12 )( B10 H 10 )"]),
    ("LiZr 2 (PO 4 ) 3 and Li 3 PO 4", ["LiZr 2 (PO 4 ) 3", "Li 3 PO 4"]),
    # a bracket that is prose stays out of the formula
    ("a Li 3 PO 4 (LiPON) film", ["Li 3 PO 4"]),
    ("the Li 3 PO 4 (Fig. 2) film", ["Li 3 PO 4"]),
    ("the Li 3 PO 4 ( 2 nm) film", ["Li 3 PO 4"]),
    ("Li 3 PO 4 (PO 4", ["Li 3 PO 4"]),
    # the space fell inside the last group
    ("i.e., Na4(B12H12)(B10 H10), and", ["Na4(B12H12)(B10 H10)"]),
])
def test_spaced_formulas_with_groups(nlp, text, joined):
    doc = nlp.make_doc(text)
    w, sp = [t.text for t in doc], [t.whitespace_ for t in doc]
    assert ["".join(x + s for x, s in zip(w[a:b], sp[a:b])).strip() for a, b in spaced_formula_runs(w, sp)] == joined


def test_a_composition_of_amounts_of_formulas_is_one_token(nlp):
    assert "0.13ZrO2-0.61NaCl-0.26Na2ZrCl6" in [t.text for t in nlp.make_doc("of 0.13ZrO2-0.61NaCl-0.26Na2ZrCl6)")]
    assert [t.text for t in nlp.make_doc("for 10-20 h")] == ["for", "10", "-", "20", "h"]


def test_a_hyphen_spaced_off_the_word_before_is_split_off(nlp):
    # converters write "Na -Sn", "PEO -LiTFSI"; a minus before a number stays with it
    assert [t.text for t in nlp.make_doc("a Na -Sn anode at -20 °C")][:4] == ["a", "Na", "-", "Sn"]
    assert "-20" in [t.text for t in nlp.make_doc("a Na -Sn anode at -20 °C")]


def test_spaced_formulas_need_plain_spaces():
    w = ["Li", "3", "PO", "4"]
    assert spaced_formula_runs(w, [" ", "\n", " ", ""]) == []


_PIECES = st.sampled_from(["Li", "3", "PO", "4", "La", "Zr", "2", "O", "12", "In", "2019", "at",
                           "V", "S", "2p", "Fig.", "C", ".", ",", "and", "(", ")", "Ta", "0.5"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.sampled_from([" ", "", "  ", "\n"])), max_size=14))
def test_merging_never_changes_the_text(nlp, pieces):
    from nasicon_kg.nlp.formula import parse_formula

    text = "".join(p + s for p, s in pieces)
    doc = nlp(P.make_doc(nlp, text))
    assert doc.text == text
    for t in doc:
        if " " in t.text.strip():  # a merged run: a formula of two or more elements
            f = parse_formula("".join(t.text.split()))
            assert f and len({s for s, _ in f.elements}) >= 2


def test_a_formula_glued_to_the_word_before_it_is_split_off(nlp):
    # PDF and chunked text glue words together: "the high conductiveLi2S-GeS2-P2S5 glass"
    words = [t.text for t in nlp.make_doc("the high conductiveLi2S-P2S5 glass and LiNbO3")]
    assert words[:4] == ["the", "high", "conductive", "Li2S"]
    assert "LiNbO3" in words  # a formula's own lower-case letters are never a glued word
