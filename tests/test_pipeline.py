"""The spaCy pipeline: tokenizer, sentences, and the five span components."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from nasicon_kg.errors import ExtractionError  # noqa: E402
from nasicon_kg.lexicon import load_lexicon  # noqa: E402
from nasicon_kg.nlp import pipeline as P  # noqa: E402


@pytest.fixture(scope="module")
def lx():
    return load_lexicon()


@pytest.fixture(scope="module")
def nlp(lx):
    return P.build_nlp(lx)


def run(nlp, text, **kw):
    return nlp(P.make_doc(nlp, text, **kw))


def toks(text):
    return [text[a:b] for a, b in P.tokenize_offsets(text)]


# ---------------------------------------------------------------- tokenizer

@pytest.mark.parametrize("chem", [
    "Li1.3Al0.3Ti1.7(PO4)3", "Li1+xAlxTi2-x(PO4)3", "Li₃PO₄", "LiNi0.8Co0.1Mn0.1O2",
    "P(AA-co-MA)", "LATP_8", "cm⁻²", "Li-ion", "a-LAGP",
])
def test_chemistry_stays_one_token(chem):
    assert toks(f"a {chem}, then") == ["a", chem, ",", "then"]


@pytest.mark.parametrize("chem,parts", [
    ("PVDF-HFP", ["PVDF", "-", "HFP"]), ("PEO-BaTiO3", ["PEO", "-", "BaTiO3"]),
    ("Li/LATP/Li", ["Li", "/", "LATP", "/", "Li"]),
])
def test_mixtures_and_stacks_split_for_the_material_ruler(chem, parts):
    assert toks(f"a {chem}, then") == ["a", *parts, ",", "then"]


def test_brackets_and_final_period_are_split():
    assert toks("(LATP).") == ["(", "LATP", ")", "."]
    assert toks("(P(AA-co-MA))") == ["(", "P(AA-co-MA)", ")"]
    assert toks("with Li1.3Al0.3Ti1.7(PO4)3)") == ["with", "Li1.3Al0.3Ti1.7(PO4)3", ")"]


def test_units_tokens():
    assert toks("0.2 mA cm⁻² at 60°C, 5 Ω cm2 and 150 mA h g⁻¹") == [
        "0.2", "mA", "cm⁻²", "at", "60", "°C", ",", "5", "Ω", "cm2", "and", "150", "mA", "h",
        "g⁻¹"]


def test_dopant_notation():
    assert toks("LATP_8 wt% of Nb2O5") == ["LATP_8", "wt%", "of", "Nb2O5"]


# ---------------------------------------------------------------- sentences

def test_sentencizer_keeps_abbreviations_inside(nlp):
    text = ("Smith et al. coated LATP (Fig. 2a) with ca. 3.5 nm of ZnO, i.e. a thin film, vs. "
            "the bare pellet e.g. in ref. 12 by J. Liu. The second sentence has 0.5 mA.")
    sents = [s.text for s in run(nlp, text).sents]
    assert sents == [text[: text.index(" The second")], "The second sentence has 0.5 mA."]


def test_a_spaced_degree_unit_ends_a_sentence(nlp):
    text = "It was annealed at 200 ° C. 57 However, the product was Li7PS6. J. C. Smith agreed."
    assert [s.text for s in run(nlp, text).sents][0] == "It was annealed at 200 ° C."


def test_sentence_end_needs_capital_or_digit():
    words = ["It", "worked", ".", "then", "more", ".", "Next"]
    assert P.sentence_starts(words) == [True, False, False, False, False, False, True]


# ---------------------------------------------------------------- registration

def test_register_is_idempotent_and_build_is_cached(lx):
    P.register()
    P.register()
    assert P.build_nlp(lx) is P.build_nlp(lx)
    assert P.build_nlp(lx).pipe_names == [P.FACTORY_NAMES[k] for k in
                                          ("spaced_formulas", "sentences", "materials", "methods",
                                           "problems", "quantities", "citations", "cues", "relations")]


def test_register_fails_loudly_on_a_clash(monkeypatch):
    P.register()
    monkeypatch.setattr(P, "_REGISTERED", False)  # as if another package had taken our names
    with pytest.raises(ExtractionError, match="already registered"):
        P.register()


def test_factories_declare_what_they_assign(nlp):
    from spacy.language import Language

    meta = Language.get_factory_meta(P.FACTORY_NAMES["materials"])
    assert "doc.spans" in meta.assigns


# ---------------------------------------------------------------- materials

def test_materials_lexicon_formula_polymer_and_abbreviation(nlp):
    text = ("A film of zinc oxide, Li3BO3 and poly(acrylic acid-co-maleic acid) (P(AA-co-MA)) "
            "covered Li1.4Al0.4Ti1.6(PO4)3; a polymer of intrinsic microporosity (PIM) was added; PIM helps.")
    doc = run(nlp, text)
    got = {s.text: s._.material for s in doc.spans["materials"]}
    assert got["zinc oxide"].label == "ZnO"
    assert got["Li3BO3"].formula == "Li3BO3" and not got["Li3BO3"].known
    assert got["P(AA-co-MA)"].cls == "Polymer"
    assert got["Li1.4Al0.4Ti1.6(PO4)3"].is_nasicon
    assert got["PIM"].cls == "Polymer"  # defined in the text, linked to its long form


def test_short_labels_match_case_sensitively(nlp):
    doc = run(nlp, "The Cr layer and the bn sample; 2 S cm⁻¹.")
    labels = [s._.material.label for s in doc.spans["materials"]]
    assert labels == ["Cr"]  # "bn" is not BN, "S" of the unit is not sulfur


def mats(nlp, text):
    doc = run(nlp, text)
    return [(s.text, s._.material.label) for s in doc.spans["materials"]]


@pytest.mark.parametrize("text,mention", [
    ("Free-standing LATP/PVDF membranes were cast from DMF.", "LATP/PVDF"),
    ("We blended PEO/LiTFSI (EO:Li = 18) and hot-pressed it.", "PEO/LiTFSI"),
    ("A PEO-LiTFSI electrolyte sat between the electrodes.", "PEO-LiTFSI"),
    ("Anodes of Si@C were prepared by pyrolysis.", "Si@C"),
    ("The Li@Ag anode, in contrast, plated evenly.", "Li@Ag"),
    ("On heating, Li2S–P2S5 glass crystallised.", "Li2S–P2S5"),
])
def test_a_mixture_written_with_a_connector_is_one_mention(nlp, text, mention):
    doc = run(nlp, text)
    spans = [(s.start_char, s.end_char) for s in doc.spans["materials"]]
    a = text.index(mention)
    assert (a, a + len(mention)) in spans
    assert not [(x, y) for x, y in spans if a <= x < a + len(mention) and (x, y) != (a, a + len(mention))]


def test_cell_notation_gives_one_mention_per_member(nlp):
    assert mats(nlp, "Symmetric Li|LiPON|LATP|LiPON|Li cells were cycled.") == [
        ("Li", "Li"), ("LiPON", "LiPON"), ("LATP", "LATP"), ("LiPON", "LiPON"), ("Li", "Li")]
    assert [t for t, _ in mats(nlp, "A Li||NMC811 cell ran 100 cycles.")] == ["Li", "NMC811"]


def test_role_words_leave_two_mentions_but_doped_forms_one(nlp):
    assert mats(nlp, "ZnO-coated LATP was paired with Li.") == [("ZnO", "ZnO"), ("LATP", "LATP"),
                                                                  ("Li", "Li")]
    assert [t for t, _ in mats(nlp, "Pellets of Ta-doped LLZO densified well.")] == ["Ta-doped LLZO"]
    assert [t for t, _ in mats(nlp, "an Al-doped LLZO pellet")] == ["Al-doped LLZO"]
    assert [t for t, _ in mats(nlp, "the PVDF-HFP binder")] == ["PVDF-HFP"]
    assert [t for t, _ in mats(nlp, "LATP-based cells")] == ["LATP"]


def test_element_systems_and_english_hyphens_are_not_mixtures(nlp):
    assert mats(nlp, "A Li–Al–O layer grew in Li-ion cells.") == []


def test_spaced_formulas_are_merged_and_recognised(nlp):
    doc = run(nlp, "Films of Li 3 PO 4 and Li 7 La 3 Zr 2 O 12 were tested at 3 V in 2019.")
    assert [t.text for t in doc][2] == "Li 3 PO 4"
    got = {s.text: s._.material for s in doc.spans["materials"]}
    assert got["Li 3 PO 4"].formula == "Li3PO4"
    assert "Li 7 La 3 Zr 2 O 12" in got
    assert [t.text for t in doc][-5:] == ["3", "V", "in", "2019", "."]


def test_join_mentions_rules():
    w = ["PEO", "-", "LiTFSI", "and", "Li", "|", "LATP", "|", "Li", "with", "Si", "@", "C"]
    sp = ["", "", " ", " ", "", "", "", "", " ", " ", "", "", ""]
    got = P.join_mentions([(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11)], w, sp,
                          is_bare_part=lambda t: t == "C")
    assert got == [(0, 3), (4, 5), (6, 7), (8, 9), (10, 13)]
    # a part that may not join ("LIB" is not a material the lexicon or grammar knows)
    assert P.join_mentions([(0, 1), (2, 3)], ["LATP", "/", "LIB"], ["", "", ""],
                           joinable={(0, 1)}) == [(0, 1), (2, 3)]
    # spaces around the connector: two mentions ("LATP / PEO" is a list, not a composite)
    assert P.join_mentions([(0, 1), (2, 3)], ["LATP", "/", "PEO"], [" ", " ", ""]) == [(0, 1), (2, 3)]


def test_citation_ruler_clamps_offsets_past_the_text(nlp):
    text = "LATP was coated."
    doc = run(nlp, text, citations=[(len(text) + 40, (7,)), (0, (8,))])
    assert [(s.text, s._.ref_numbers) for s in doc.spans["citations"]] == [(".", (7,)), ("LATP", (8,))]


# ---------------------------------------------------------------- methods

@pytest.mark.parametrize("text,method", [
    ("ZnO was sputtered on LATP.", "sputtering"),
    ("PEO was drop-cast on LATP.", "drop casting"),
    ("PEO was spin-coated on LATP.", "spin coating"),
    ("Al2O3 was deposited by ALD on LATP.", "atomic layer deposition"),
    ("PEO was sprayed on LAGP.", "spray coating"),
    ("PEO was dip-coated on LAGP.", "dip coating"),
    ("ZnO was grown by the radio frequency plasma sputtering method (RFPS). RFPS gave 20 nm.",
     "sputtering"),
])
def test_method_inflections(nlp, text, method):
    doc = run(nlp, text)
    assert method in [s._.method for s in doc.spans["methods"]]


def test_cast_needs_a_material_in_the_sentence(nlp):
    assert [s._.method for s in run(nlp, "The results cast doubt on it.").spans["methods"]] == []
    doc = run(nlp, "The PEO solution was cast on the pellet.")
    assert [s._.method for s in doc.spans["methods"]] == ["solution casting"]


def test_method_phrases_rules():
    assert "sputtered" in P.method_phrases("sputtering")
    assert "drop-cast" in P.method_phrases("drop casting")
    assert "deposited via PLD" in P.method_phrases("pulsed laser deposition", ["PLD"])


# ---------------------------------------------------------------- problems

@pytest.mark.parametrize("text,problem", [
    ("NASICON ceramics are reduced by lithium metal.", "reduction by Li metal"),
    ("The coating suppressed dendrite nucleation.", "dendrite growth"),
    ("Growth of dendrites was observed.", "dendrite growth"),
    ("The interfacial impedance decreased.", "high interfacial resistance"),
    ("It stops the shuttle of polysulfides.", "polysulfide shuttle"),
])
def test_problem_patterns(nlp, text, problem):
    doc = run(nlp, text)
    assert problem in [s._.problem for s in doc.spans["problems"]]


@pytest.mark.parametrize("text", [
    "The Li2SiO3 film keeps LAGP from reacting with Li metal.",
    "Bare LISICON reacts with lithium within hours.",
])
def test_reaction_with_lithium_is_the_reduction_problem(nlp, text):
    doc = run(nlp, text)
    assert "reduction by Li metal" in [s._.problem for s in doc.spans["problems"]]


@pytest.mark.parametrize("text,problem", [
    # a good contact or a lowered resistance is the contact or resistance problem, addressed
    ("The graphite film gave close contact between anode and pellet.", "poor interfacial contact"),
    ("The Sn interlayer ensured intimate physical contact with lithium.", "poor interfacial contact"),
    ("EIS showed a sharp drop in resistivity after coating.", "high interfacial resistance"),
    ("The charge-transfer resistance of the MoS2 coated pellet was markedly reduced.",
     "high interfacial resistance"),
    ("The Mg-coated garnet showed a low impedance.", "high interfacial resistance"),
])
def test_addressed_problem_patterns(nlp, text, problem):
    doc = run(nlp, text)
    spans = [s for s in doc.spans["problems"] if s._.problem == problem]
    assert spans and spans[0]._.problem_addressed


@pytest.mark.parametrize("text", [
    "The resistance increased and the contact was lost.",
    "Interfacial resistance is the main obstacle.",
    "The Li metal anode reacted with the liquid electrolyte only.",
])
def test_no_addressed_problem_in_plain_statements(nlp, text):
    doc = run(nlp, text)
    assert not any(s._.problem_addressed for s in doc.spans["problems"])
    assert "reduction by Li metal" not in [s._.problem for s in doc.spans["problems"]]


# ---------------------------------------------------------------- quantities, citations

def test_quantities_are_aligned_to_tokens(nlp):
    doc = run(nlp, "It cycled for ~800 h at 0.2 mA cm⁻².")
    spans = doc.spans["quantities"]
    assert [(s.text, s._.quantity.unit) for s in spans] == [("~800 h", "h"),
                                                            ("0.2 mA cm⁻²", "mA/cm2")]


def test_citation_anchors_and_author_citations(nlp):
    from nasicon_kg.model import Reference

    text = "Hao et al. used ZnO. It worked."
    refs = (Reference(number=94, text="X. Hao, ...", authors=("X. Hao",)),)
    doc = run(nlp, text, citations=[(text.index(" It"), (94,))], references=refs)
    got = {(s.text, s._.ref_numbers) for s in doc.spans["citations"]}
    assert (".", (94,)) in got
    assert any(nums == (94,) and "Hao" in t for t, nums in got)


def test_slash_short_form_defines_two_abbreviations():
    from nasicon_kg.nlp.pipeline import abbreviation_map

    got = abbreviation_map("a layer of lithium bis(oxalato)borate/poly(methyl acrylate) (LiBOB/PMA) on the pellet")
    assert "LiBOB/PMA" not in got
    assert got.get("PMA") == "poly(methyl acrylate)"


def test_reduction_of_a_quantity_is_not_the_reduction_problem():
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.nlp.pipeline import build_nlp

    nlp = build_nlp(load_lexicon())

    def problems(text):
        doc = nlp(text)
        return [s._.problem for s in doc.spans["problems"]]

    assert "reduction by Li metal" not in problems("An impedance reduction of 40 % was seen.")
    assert "reduction by Li metal" not in problems("Sputtering allowed a reduction of the layer thickness to 20 nm.")
    assert "reduction by Li metal" not in problems("It gave a reduction in cost.")
    assert "reduction by Li metal" in problems("The MgO film protects the LAGP pellet from reduction.")
    assert "reduction by Li metal" in problems("This barrier prevented LAGP reduction during cycling.")
