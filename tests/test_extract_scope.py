"""Prose extraction beyond NASICON: any solid electrolyte against Li or Na metal, in varied syntax.

Every sentence here was written for this test (none comes from a paper), in passive, active and
nominal forms, so that a rule shaped to one paper's wording fails them.
"""
from __future__ import annotations

import pytest

from nasicon_kg.lexicon import load_lexicon
from nasicon_kg.model import InterfaceStrategy, PaperMetadata, PropertyMeasurement
from nasicon_kg.readers.textutil import DocumentBuilder


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def facts(lexicon, *paragraphs: str, section: str = "Results"):
    from nasicon_kg.extract import extract_facts

    b = DocumentBuilder()
    for p in paragraphs:
        b.add_block(p, section=section)
    return extract_facts(b.build(PaperMetadata()), sources="text", lexicon=lexicon)


def strategies(lexicon, *paragraphs, **kw):
    return [f for f in facts(lexicon, *paragraphs, **kw) if isinstance(f, InterfaceStrategy)]


def conductivities(lexicon, *paragraphs, **kw):
    return [f for f in facts(lexicon, *paragraphs, **kw)
            if isinstance(f, PropertyMeasurement) and f.prop == "IonicConductivity"]


def pairs(found):
    return {(f.layer, f.electrolyte) for f in found}


@pytest.mark.parametrize("sentence, layer, electrolyte", [
    # passive, garnet
    ("A 10 nm Al2O3 layer was deposited on the Li6.4La3Zr1.4Ta0.6O12 pellet by ALD to wet the Li metal anode.",
     "Al2O3", "Li6.4La3Zr1.4Ta0.6O12"),
    # active, sulfide
    ("We sputtered a thin Ag film onto Li6PS5Cl, which suppressed Li dendrite growth.", "Ag", "Li6PS5Cl"),
    # hyphenated role word; a composition the ontology knows is its term
    ("ZnO-coated Li7La3Zr2O12 wetted molten Li metal and lowered the interfacial resistance.", "ZnO",
     "LLZO"),
    # cell notation, member by member and slash-joined
    ("Symmetric Li|Ag|Li6.4La3Zr1.4Ta0.6O12|Ag|Li cells cycled for 500 h at 0.2 mA cm-2.", "Ag",
     "Li6.4La3Zr1.4Ta0.6O12"),
    ("The Li/Li3PS4/Li10GeP2S12/Li3PS4/Li cell was stable for 300 h.", "Li3PS4", "Li10GeP2S12"),
    # "Y coated with X", sodium
    ("Na3Zr2Si2PO12 coated with SnO2 by magnetron sputtering kept the sodium metal anode stable for 600 h.",
     "SnO2", "Na3Zr2Si2PO12"),
])
def test_strategy_on_any_electrolyte(lexicon, sentence, layer, electrolyte):
    found = strategies(lexicon, sentence)
    assert (layer, electrolyte) in pairs(found), pairs(found)


def test_alkali_metal_named_for_its_ion_is_not_a_material(lexicon):
    found = conductivities(lexicon, "Na3PS4 glass-ceramics show a sodium ion conductivity of 0.2 mS cm-1.")
    assert [f.material for f in found] == ["Na3PS4"]


def test_milestones_state_no_values(lexicon):
    assert not conductivities(lexicon, "A Li6PS5Cl polymer composite with an ionic conductivity of 1 mS/cm.",
                              section="Milestones")


def test_sodium_anode_and_kind(lexicon):
    found = strategies(lexicon, "Na3Zr2Si2PO12 coated with SnO2 by magnetron sputtering kept the sodium "
                                "metal anode stable for 600 h.")
    st = next(f for f in found if f.layer == "SnO2")
    assert st.anode == "Na" and st.method == "magnetron sputtering"
    assert [c.hours for c in st.symmetric_cell] == [600.0]


def test_anode_coating_kind(lexicon):
    found = strategies(lexicon, "The Li metal was coated with a 20 nm LiF film to protect Li3PS4 from reduction.")
    st = next(f for f in found if f.layer == "LiF")
    assert st.kind == "anode coating" and st.thickness_nm == (20.0, 20.0)


def test_generic_electrolyte_resolved_to_the_named_one(lexicon):
    found = strategies(lexicon,
                       "The argyrodite Li6PS5Cl was used as the solid electrolyte throughout this work.",
                       "A 50 nm Mg interlayer was evaporated on the SSE, which raised the critical current "
                       "density to 1.5 mA cm-2 in Li symmetric cells.")
    assert ("Mg", "Li6PS5Cl") in pairs(found), pairs(found)


def test_cathode_coating_is_not_an_anode_strategy(lexicon):
    found = strategies(lexicon, "LiNbO3-coated NCM811 cathode particles were mixed with Li6PS5Cl and "
                                "cycled at 0.1 C.")
    assert not found, pairs(found)


def test_target_states_no_conductivity(lexicon):
    assert not conductivities(lexicon, "Demonstrate that the new Li3YCl6 electrolyte has > 1 mS/cm "
                                       "at room temperature.")


def test_generic_word_is_never_the_material(lexicon):
    found = conductivities(lexicon, "Li3InCl6 was made by a water-mediated route.",
                           "The SSE showed an ionic conductivity of 1.2 mS cm-1 at 25 °C.")
    assert [(f.material, f.value) for f in found] == [("Li3InCl6", pytest.approx(1.2e-3))]


def test_cited_value_is_marked(lexicon):
    b = DocumentBuilder()
    text = "Wang et al. reported an ionic conductivity of 0.5 mS/cm for Li6.4La3Zr1.4Ta0.6O12."
    b.add_block(text, section="Introduction", citations=[(len(text), (12,), "12")])
    from nasicon_kg.extract import extract_facts

    found = [f for f in extract_facts(b.build(PaperMetadata()), sources="text", lexicon=lexicon)
             if isinstance(f, PropertyMeasurement)]
    assert found and all(f.modality == "cited" and f.cited_refs == (12,) for f in found)


def test_own_value_is_measured_with_its_qualifiers(lexicon):
    found = conductivities(lexicon, "The bulk conductivity of amorphous Li3PS4 was 0.4 mS cm-1 at 25 °C.")
    assert [(f.material, f.modality, f.phase, f.contribution) for f in found] == [
        ("Li3PS4", "measured", "amorphous", "bulk")]


def test_alternatives_are_separate_strategies_each_with_its_own_clause(lexicon):
    found = strategies(lexicon, "We compared two buffer materials, Sn and MgO, between Li6PS5Cl and Li metal. "
                                "Sn (15 nm) was evaporated onto the pellet, while MgO (5 nm) was grown by "
                                "atomic layer deposition on the Li foil.")
    by_layer = {f.layer: f for f in found}
    assert {"Sn", "MgO"} <= set(by_layer), pairs(found)
    assert by_layer["Sn"].thickness_nm == (15.0, 15.0)
    assert by_layer["MgO"].thickness_nm == (5.0, 5.0)
    assert by_layer["MgO"].method == "atomic layer deposition"


def test_salt_of_a_liquid_electrolyte_is_not_a_layer(lexicon):
    found = strategies(lexicon, "An interphase grown on Li in 1 M LiFSI in DME protected Li3PS4 from reduction "
                                "in symmetric cells for 400 h.")
    assert "LiFSI" not in {f.layer for f in found}


def test_predicted_and_compared_values(lexicon):
    assert not conductivities(lexicon, "DFT-based AIMD simulations predicted 20 mS/cm for Li3ErCl6.")
    found = conductivities(lexicon, "Na3SbS4 was ball-milled and annealed. "
                                    "It reached 3 mS cm-1, ten times higher than that of Na3PS4.")
    assert [(f.material, f.value) for f in found] == [("Na3SbS4", pytest.approx(3e-3))]


def test_values_paired_respectively(lexicon):
    found = conductivities(lexicon, "Li3YCl6 and Li3InCl6 reached 0.5 mS cm-1 and 1.4 mS cm-1 at 25 °C, "
                                    "respectively.")
    assert sorted((f.material, round(f.value, 6)) for f in found) == [("Li3InCl6", 0.0014), ("Li3YCl6", 0.0005)]


def test_blocking_electrodes_for_a_measurement_are_not_a_strategy(lexicon):
    found = strategies(lexicon, "For EIS, 100 nm Au was sputtered on both sides of the Li6PS5Cl pellet as "
                                "blocking electrodes, and Li metal cells were assembled later.")
    assert "Au" not in {f.layer for f in found}


def test_a_coating_on_the_cathode_is_not_an_anode_strategy(lexicon):
    found = strategies(lexicon, "In the Li|Li6PS5Cl|LiCoO2 cell, a 5 nm Li3PO4 coating on the LiCoO2 cathode "
                                "lowered the interfacial resistance.")
    assert "Li3PO4" not in {f.layer for f in found}


def test_reference_entries_and_figure_credits_state_nothing(lexicon):
    found = strategies(lexicon, "A. B. Smith, C. D. Jones, E. F. Brown, Rational coating of Li7P3S11 with ZnO "
                                "for Li metal anodes, J. Power Sources 300 (2015) 100-108.")
    assert not found


@pytest.mark.parametrize("sentence, layer, electrolyte", [
    ("To stabilize the Li/LLZO interface, a 20 nm ZnO layer was deposited by ALD.", "ZnO", "LLZO"),
    ("Li6PS5Cl pellets were coated with a LiF-rich interlayer (~50 nm) via a solution route, enabling stable "
     "Li plating/stripping for 1000 h at 0.5 mA cm−2.", "LiF", "Li6PS5Cl"),
    ("Garnet-type LLZTO modified with an Al2O3 coating shows an interfacial resistance of 1 Ω cm2 against "
     "Li metal.", "Al2O3", "LLZTO"),
    ("An artificial SEI composed of LiF was formed on Li metal, which suppressed the reduction of "
     "Li10GeP2S12.", "LiF", "Li10GeP2S12"),
    ("Coating Na metal with a Sn layer enabled Na|Na3Zr2Si2PO12|Na cells to cycle for 800 h.", "Sn",
     "Na3Zr2Si2PO12"),
    ("Sputtering of a 100 nm Au interlayer onto the LLZO surface reduced the interfacial resistance from "
     "1000 to 20 Ω cm2.", "Au", "LLZO"),
    ("The critical current density of the Li|Li6PS5Cl|Li cell increased from 0.6 to 1.8 mA cm-2 after "
     "adding a graphite interlayer.", "graphite", "Li6PS5Cl"),
    ("Here we report a Li3PO4-modified Li6PS5Cl electrolyte that suppresses lithium dendrites.", "Li3PO4",
     "Li6PS5Cl"),
    ("The Na3SbS4 electrolyte was protected from Na metal by an in situ formed NaF interphase, which "
     "enabled stable cycling for 500 h.", "NaF", "Na3SbS4"),
])
def test_strategies_in_the_wordings_of_original_papers(lexicon, sentence, layer, electrolyte):
    found = strategies(lexicon, sentence)
    assert (layer, electrolyte) in pairs(found), pairs(found)


def test_a_paper_that_never_speaks_of_the_anode_states_no_fix_there(lexicon):
    found = strategies(lexicon, "Thin LiPON films were grown on Si substrates by plasma ALD at 250 °C.",
                       "Li3PO4 was deposited on Li0.33La0.56TiO3 by ALD to study the growth per cycle.")
    assert not found, pairs(found)


def test_a_sentence_that_places_no_layer_drafts_no_strategy(lexicon):
    found = strategies(lexicon, "Li metal anodes need protection.",
                       "We studied ALD of Li3PO4 and of Li6PS5Cl precursors with several co-reactants.")
    assert not found, pairs(found)


def test_one_electrolyte_named_twice_is_not_a_layer_on_itself(lexicon):
    found = strategies(lexicon, "Symmetric Li cells were not made. A 100-nm-thick LLTO film with the "
                                "composition Li0.33La0.56TiO3 was annealed at 800 °C.")
    assert not found, pairs(found)


def test_values_listed_before_one_unit(lexicon):
    found = conductivities(lexicon, "Li3ScCl6, Li3YBr6 and Li3ErCl6 reached 1.25, 1.09, and 0.41 mS cm-1, "
                                    "respectively.")
    assert sorted((f.material, round(f.value, 7)) for f in found) == [
        ("Li3ErCl6", 0.00041), ("Li3ScCl6", 0.00125), ("Li3YBr6", 0.00109)]


# ---------------------------------------------------------------- glasses, alloys, what a stack places

@pytest.mark.parametrize("sentence, layer, electrolyte", [
    # a glass written as molar amounts of its compounds is one material, here the layer
    ("A thin 70Li2S–30P2S5 glass layer was inserted between Li10GeP2S12 and the Li anode.",
     "70Li2S-30P2S5", "Li10GeP2S12"),
    ("Symmetric Li/0.75Li2S·0.25P2S5/Li3.3Ge0.3P0.7S4/0.75Li2S·0.25P2S5/Li cells ran for 200 h.",
     "0.75Li2S·0.25P2S5", "Li3.3Ge0.3P0.7S4"),
    # a glass system named by its compounds is the electrolyte, not a mixture layer
    ("A LiF interlayer sputtered on the Li2S–P2S5 glass kept it from being reduced by Li metal.",
     "LiF", "Li2S-P2S5"),
])
def test_glass_compositions(lexicon, sentence, layer, electrolyte):
    assert (layer, electrolyte) in pairs(strategies(lexicon, sentence))


def test_alloy_counter_electrodes_are_not_fixes(lexicon):
    assert strategies(lexicon, "Symmetric LiIn|Li6PS5Cl|LiIn cells were cycled for 500 h at 0.5 mA cm-2, "
                               "and Li|Li6PS5Cl|Li cells shorted after 40 h.") == []


def test_alloy_named_as_the_anode_is_a_fix(lexicon):
    found = strategies(lexicon, "Replacing Li with a Li–In alloy anode suppressed the reduction of Li6PS5Cl "
                                "in Li|Li6PS5Cl|Li cells.")
    assert ("Li-In", "Li6PS5Cl") in pairs(found)


def test_reaction_products_far_from_a_placement_cue_are_not_layers(lexicon):
    found = strategies(lexicon, "Li|Li6PS5Br|Li cells undergo severe reactions between the electrolyte and Li, "
                                "shown by the presence of reduced phosphorus and Li2S at the Li6PS5Br/Li interface.")
    assert "Li2S" not in {f.layer for f in found}


def test_supplementary_figures_are_not_formulas(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp, make_doc

    nlp = build_nlp(lexicon)
    doc = nlp(make_doc(nlp, "A LiCl layer formed on Li6PS5Br (Figure S16), and Table S2 and Fig. S3a list it."))
    assert [s.text for s in doc.spans["materials"]] == ["LiCl", "Li6PS5Br"]


def test_a_value_belongs_to_the_subject_not_the_compared_material(lexicon):
    found = conductivities(lexicon, "Unlike Li3PS4, the new Li7P3S11 phase is stable in dry air. "
                                    "At 25 °C it conducts 0.01 S cm-1.")
    assert [(f.material, f.value) for f in found] == [("Li7P3S11", 0.01)]


def test_sample_names_a_paper_gives_carry_their_values(lexicon):
    found = conductivities(lexicon, "We annealed Li3YCl6 samples at three temperatures, labelled LYC-400, LYC-500 "
                                    "and LYC-600. LYC-400, LYC-500 and LYC-600 reach 0.12 mS cm-1, 0.35 mS cm-1 "
                                    "and 0.28 mS cm-1, respectively.")
    assert sorted((f.material, round(f.value, 6)) for f in found) == [
        ("LYC-400", 0.00012), ("LYC-500", 0.00035), ("LYC-600", 0.00028)]


def test_a_sample_name_takes_the_family_of_its_material(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp, make_doc

    nlp = build_nlp(lexicon)
    doc = nlp(make_doc(nlp, "Ga-doped Li7La3Zr2O12 pellets (labelled LG-2) were sintered."))
    named = {s.text: s._.material for s in doc.spans["materials"]}
    assert named["LG-2"].family == "garnet"


def test_electronic_conductivities_named_before_a_list_are_not_ionic(lexicon):
    found = conductivities(lexicon, "Electrically conductive carbon raises the electronic conductivities of both "
                                    "composites to 3 × 10-4 and 9 × 10-4 S cm-1; the Li6PS5Cl itself keeps an "
                                    "ionic conductivity of 2.1 mS cm-1.")
    assert [(f.material, f.value) for f in found] == [("Li6PS5Cl", pytest.approx(0.0021))]


def test_contact_electrodes_for_a_measurement_are_not_fixes(lexicon):
    assert strategies(lexicon, "For ohmic contact, both faces of the Li6PS5Cl disc carried 80 nm of Pt before "
                               "Li foil was pressed on.") == []
    assert strategies(lexicon, "Indium foils were pressed on both faces of the Na3PS4 pellet to measure the "
                               "ionic conductivity before Na metal cells were built.") == []


def test_a_counter_electrode_alloy_is_not_a_fix_unless_the_paper_says_so(lexicon):
    cell = "A Li-In alloy anode was pressed on the Li6PS5Cl pellet at 120 MPa and the cells were cycled."
    assert strategies(lexicon, cell) == []
    framed = ("To keep the sulfide from being reduced, we turned to an alloy-type anode. " + cell)
    assert ("Li-In", "Li6PS5Cl") in pairs(strategies(lexicon, framed))


def test_abbreviations_that_name_no_substance_are_not_materials(lexicon):
    from nasicon_kg.normalize import normalize_material

    assert normalize_material("ISCs", lexicon, {"ISCs": "internal short circuits"}) is None
    assert normalize_material("DRT", lexicon, {"DRT": "distribution of relaxation times"}) is None
    assert normalize_material("XRD", lexicon) is None
    assert normalize_material("LZP", lexicon, {"LZP": "LiZr2(PO4)3"}) is not None
    assert normalize_material("PTNB", lexicon, {"PTNB": "poly(tert-butyl norbornene)"}) is not None


def test_reference_list_entries_state_nothing(lexicon):
    assert strategies(lexicon, "(33) Asano, T.; Yubuchi, S.; Sakuda, A. A LiNbO3 coating on Li3PS4 against "
                               "Li metal anodes. J. Electrochem. Soc. 2017, 164, A3960.") == []


def test_a_cathode_mixture_ends_where_the_next_part_of_the_cell_begins(lexicon):
    found = strategies(lexicon, "An alloy-type anode avoids the reduction of the chloride by Li. The cell stacked "
                                "a composite cathode of LiCoO2, Li3YCl6 and Super P, a Li3YCl6 SE separator and, "
                                "last, a Li-In alloy anode.")
    assert pairs(found) == {("Li-In", "Li3YCl6")}


def test_parts_of_an_electrode_composite_are_not_fixes(lexicon):
    assert strategies(lexicon, "A composite cathode of TiS2, Li7P3S11 and acetylene black was pressed onto "
                               "the electrolyte, and a Li foil was attached on the other side.") == []
    found = strategies(lexicon, "A composite electrolyte of PEO blended with Li6.4La3Zr1.4Ta0.6O12 was cast "
                                "between Li metal and the garnet pellet.")
    assert found, "a composite electrolyte is still a strategy"


def test_a_formula_never_folds_onto_a_lower_case_name(lexicon):
    from nasicon_kg.normalize import normalize_material

    assert lexicon.lookup("TiN") is None
    assert normalize_material("TiN", lexicon).label == "TiN"  # titanium nitride
    assert normalize_material("tin", lexicon).label == "Sn"
    assert normalize_material("Tin", lexicon).label == "Sn"


def test_dopants_and_contaminants_are_not_layers(lexicon):
    assert strategies(lexicon, "Li|Li3PS4|Li cells lasted longer once Li3PS4 was modified by Nb2O5 doping.") == []
    assert strategies(lexicon, "Polishing the LLZTO pellet, removing Li2CO3, halved the resistance of the "
                               "Li|LLZTO interface.") == []


#: a paper about one electrolyte: "the electrolyte" in the sentences after it is this one
ABOUT_LI3PS4 = ("Li3PS4 powder was ball-milled, and Li3PS4 pellets were cold-pressed; X-ray diffraction showed "
                "phase-pure Li3PS4.")


CYCLED = "Symmetric cells then cycled for 300 h."


def test_each_of_a_list_of_dopants_is_a_dopant(lexicon):
    sentence = ("On the electrolyte surface of samples with Mg, Ga and Sb substituted, SEM finds no cracks; "
                "they tolerate 0.9 mA cm-2.")
    assert strategies(lexicon, ABOUT_LI3PS4, sentence, CYCLED) == []


def test_an_interphase_or_a_molecule_named_as_a_layer_is_no_fix(lexicon):
    # what cycling or the air forms is the problem the fixes address, not a fix
    assert strategies(lexicon, ABOUT_LI3PS4, "The lower resistance comes from a stable solid electrolyte "
                               "interfacial (SEI) layer between the electrolyte and the electrode.", CYCLED) == []
    assert strategies(lexicon, ABOUT_LI3PS4, "Moisture is the problem: H2O forms hydrate layers on the "
                               "electrolyte surface.", CYCLED) == []
    # ... while a layer put there on purpose still is one
    assert pairs(strategies(lexicon, ABOUT_LI3PS4, "A 20 nm LiF interlayer between Li and the electrolyte "
                            "suppressed dendrites.", CYCLED)) == {("LiF", "Li3PS4")}


@pytest.mark.parametrize("sentence, material", [
    ("The LPSBr0.3I0.7 electrolyte reached an ionic conductivity of 4.1 mS cm-1 at 25 °C.", "LPSBr0.3I0.7"),
    ("An ionic conductivity of 2.2 × 10 -3 S cm -1 was measured for Li 6 PS5Br at room temperature.", "Li6PS5Br"),
])
def test_variants_and_partly_spaced_formulas_carry_their_values(lexicon, sentence, material):
    assert [c.material for c in conductivities(lexicon, sentence)] == [material]


def test_carbon_mixed_into_a_composite_makes_an_electrode_not_a_fix(lexicon):
    assert strategies(lexicon, ABOUT_LI3PS4, "The working electrode, a composite of the electrolyte with "
                               "graphite (3 : 1 by weight), was pressed onto 100 mg of the electrolyte.", CYCLED) == []
    # a carbon layer put on the electrolyte is a fix
    assert pairs(strategies(lexicon, ABOUT_LI3PS4, "A 50 nm graphite interlayer between Li and the electrolyte "
                            "suppressed dendrites.", CYCLED)) == {("graphite", "Li3PS4")}


@pytest.mark.parametrize("sentence", [
    "Ag foils were laid over the electrolyte pellet to improve contact before each scan.",
    "Over the electrolyte layer we placed Li0.5In powder as the RE before pressing the stack.",
])
def test_foils_and_electrodes_of_a_measurement_are_not_fixes(lexicon, sentence):
    assert strategies(lexicon, ABOUT_LI3PS4, sentence, CYCLED) == []


def test_what_an_interphase_is_made_of_is_no_layer(lexicon):
    sentence = ("The interface between the electrolyte and Li metal anodes is unstable, as an SEI film with "
                "the composition (e.g. Li3P, LiF and Li2S) forms in situ and then inhibits dendrites.")
    assert strategies(lexicon, ABOUT_LI3PS4, sentence, CYCLED) == []
    # a layer named after the interphase it replaces is still a layer
    assert pairs(strategies(lexicon, ABOUT_LI3PS4, "Instead of the native interphase, a 30 nm Li3N layer was "
                            "coated on the Li anode facing the electrolyte.", CYCLED)) == {("Li3N", "Li3PS4")}


def test_an_anion_in_brackets_is_not_a_material_of_its_own(lexicon):
    from nasicon_kg.extract.text import _is_product, sentences_of

    b = DocumentBuilder()
    b.add_block("A passivating film forms on the electrolyte from the [B12H12] 2− anions.", section="Results")
    sent = sentences_of(b.build(PaperMetadata()), lexicon)[0]
    anion = next(m for m in sent.materials if m.label == "B12H12")
    assert _is_product(sent, anion)


def test_labels_in_a_list_of_figures_are_not_formulas(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp, make_doc

    nlp = build_nlp(lexicon)
    doc = nlp(make_doc(nlp, "Figures 2b and S6 show the S8 and Li2S signals."))
    assert [sp.text for sp in doc.spans["materials"]] == ["S8", "Li2S"]


@pytest.mark.parametrize("sentence, material, value", [
    # the alkali metal's name qualifies the ion, not the material measured
    ("At 390 K the hexagonal phase of LiBH4 has a Li conductivity of about 1 × 10-3 S cm-1.", "LiBH4", 1e-3),
    ("Na3SbS4, a sodium electrolyte made in water, offers 1.1 mS cm-1 at 25 °C.", "Na3SbS4", 1.1e-3),
    # a converter's spaced salt formula
    ("The LiAlH 4 pellet conducted 2 × 10-6 S cm-1 at room temperature.", "LiAlH4", 2e-6),
    # the material named right after its value
    ("Conductivities span 0.9 mS/cm for annealed Li3InCl6 to 2.1 mS/cm for ball-milled Li3YCl6.", "Li3YCl6", 2.1e-3),
])
def test_the_material_a_value_is_stated_for(lexicon, sentence, material, value):
    found = {(c.material, round(c.value, 9)) for c in conductivities(lexicon, sentence)}
    assert (material, round(value, 9)) in found


def test_an_electrolyte_that_acts_as_the_layer_protects_the_other(lexicon):
    sentence = ("In the bilayer cell both Li3PS4 and Li10GeP2S12 carry the ions, while the Li3PS4 also "
                "acts as the protective layer between the Li10GeP2S12 and Li metal.")
    assert pairs(strategies(lexicon, sentence)) == {("Li3PS4", "Li10GeP2S12")}


def test_a_cell_stack_written_with_slashes_is_not_one_mixture(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp, make_doc

    nlp = build_nlp(lexicon)
    doc = nlp(make_doc(nlp, "The Li/Li3PS4/Li10GeP2S12/LiCoO2 cell ran, as did a LATP/PVDF film."))
    assert [sp.text for sp in doc.spans["materials"]] == ["Li", "Li3PS4", "Li10GeP2S12", "LiCoO2", "LATP/PVDF"]


def test_phases_that_make_up_an_electrolyte_are_not_a_layer_on_it(lexicon):
    context = "Halide electrolytes are reduced by the Li metal anode."
    sentence = ("The Li3Y0.5In0.5Cl6 composite of Li3YCl6 and Li3InCl6 achieved the highest conductivity, "
                "1.4 mS/cm (Fig. 4e), a clear improvement over Li3ScCl6 with 0.02 mS/cm.")
    assert strategies(lexicon, context, sentence) == []
    # a bilayer electrolyte names the metal side, and stays a strategy
    assert pairs(strategies(lexicon, "A Li3YCl6 layer between Li3InCl6 and the Li metal anode suppressed "
                                     "its reduction.")) == {("Li3YCl6", "Li3InCl6")}


@pytest.mark.parametrize("paragraph, layer, electrolyte", [
    # a noun or a base form of the verb that places the layer
    ("Sputtering of Nb onto Li3PS4 reduced the interfacial resistance against Li metal to 30 Ω cm2.",
     "Nb", "Li3PS4"),
    ("A magnetron was used to coat the Li6PS5Cl pellet with Mg (20 nm) before it was pressed against Li foil.",
     "Mg", "Li6PS5Cl"),
    # "on (the surface of) Y" with Y any electrolyte the pipeline knows
    ("LiF was generated in situ on the surface of Li3YCl6 by a fluorine plasma. "
     "Lithium symmetric cells were then assembled.", "LiF", "Li3YCl6"),
    # an alloy named as the layer, for any alkali metal
    ("A Na–Bi alloy interlayer enabled plating on Na3SbS4 at 1 mA cm−2 for 400 h with sodium metal.",
     "Na-Bi", "Na3SbS4"),
    # the anode side named only as molten lithium
    ("An ultrathin ZnO layer was grown on Li7La3Zr2O12 by ALD so that molten lithium spreads over it.",
     "ZnO", "LLZO"),
])
def test_placement_worded_in_other_forms(lexicon, paragraph, layer, electrolyte):
    assert (layer, electrolyte) in pairs(strategies(lexicon, paragraph))


def test_metal_carbon_composite_is_one_layer(lexicon):
    found = strategies(lexicon, "An Ag–C composite layer coated on the nickel current collector let anode-free "
                                "cells with Li6PS5Cl run 300 cycles.")
    assert [sorted(f.components) for f in found] == [["Ag", "carbon"]]


def test_metals_with_an_alkali_metal_are_an_alloy():
    from nasicon_kg.normalize import alloy_label

    assert [alloy_label(x) for x in ("K–Sb alloy", "Li-Zn", "Na-S", "Ti-Al", "Li-Li")] == \
        ["K-Sb", "Li-Zn", None, None, None]


def test_ions_and_spectral_lines_are_not_materials(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp

    doc = build_nlp(lexicon)("Ti4+ was reduced to Ti3+, the Zr 3d and Sn 3d5/2 peaks shifted, and a Nb film stayed.")
    assert [s.text for s in doc.spans["materials"]] == ["Nb"]


def values(found):
    return sorted((f.material, f.value) for f in found)


@pytest.mark.parametrize("paragraph, expected", [
    # a material compared with is not the one measured
    ("The argyrodite Li6PS5Br. Its conductivity is ten times higher than that of Li3PS4 and Li7PS6, "
     "reaching 2 mS cm-1.", [("Li6PS5Br", 0.002)]),
    ("Li3InCl6 was annealed. Like Li3YCl6, it conducts 1.1 mS cm-1 at 25 °C.", [("Li3InCl6", 0.0011)]),
    # a system or a liquid electrolyte's salt is the setting, not the material
    ("The glass-ceramic Li7P3S11, crystallised from the Li2S-P2S5 system, had 5 mS cm-1.", [("Li7P3S11", 0.005)]),
    ("LLZTO (0.6 mS cm-1) is slower than 1 M LiPF6 in EC/DMC (10 mS cm-1).", [("LLZTO", 0.0006)]),
    # "the same ... as X", "X-like", the parts of a named composite
    ("Na2HfCl6, with the same monoclinic (C2/m) lattice as Li3ScCl6, shows 0.05 mS cm-1.", [("Na2HfCl6", 5e-05)]),
    ("In Na3SbS4, Na2S-like layers are inert, giving 1.2 mS cm-1.", [("Na3SbS4", 0.0012)]),  # guard
    ("The Li3InCl6 composite of LiCl and InCl3 reached 1.1 mS cm-1.", [("Li3InCl6", 0.0011)]),
    # the terms of a ratio are not the material measured
    ("The Li3PS4 glasses with n(P2S5)/n(P2S5 + SiS2) of 0.2 reach 0.8 mS cm-1.", [("Li3PS4", 0.0008)]),
    # a value for a class that the sentence then lists is each one's
    ("We tested three fast halide SSEs (σ > 10-3 S cm-1 at 25 °C), namely Li3YCl6, Li3InCl6 and Li2ZrCl6.",
     [("Li2ZrCl6", 0.001), ("Li3InCl6", 0.001), ("Li3YCl6", 0.001)]),
    # a prediction governs its own clause only
    ("DFT predicted a window of 2.5 V, despite the low conductivity of Li3BO3 of 10-6 S cm-1.", [("Li3BO3", 1e-06)]),
    # a value in brackets right after the material compared with is that material's
    ("Li3ScCl6 reaches 3 mS cm-1, ten times that of Li3AlCl6 (3 × 10-4 S cm-1).",
     [("Li3AlCl6", 0.0003), ("Li3ScCl6", 0.003)]),
    # a reagent of the synthesis is not the product measured
    ("Li6PS5I was made by dissolving Li3PS4 in THF and reacting it with LiI, and reached 0.2 mS cm-1.",
     [("Li6PS5I", 0.0002)]),
    # an electrode's conductivity is not its electrolyte's
    ("The ionic conductivity of the composite cathodes made with Li6PS5Cl was 0.3 mS cm-1.", []),
    # listed values in scientific notation, and a power of ten written once
    ("Li3YCl6 and Li3YBr6 show 5.1 × 10−4 and 1.7 × 10−3 S cm−1, respectively.",
     [("Li3YBr6", 0.0017), ("Li3YCl6", 0.00051)]),
    ("LATP and LAGP give 2.5 and 4 × 10−4 S/cm, respectively.", [("LAGP", 0.0004), ("LATP", 0.00025)]),
])
def test_conductivity_credited_to_the_material_measured(lexicon, paragraph, expected):
    assert values(conductivities(lexicon, paragraph)) == expected


def test_a_range_keeps_its_ends(lexicon):
    [found] = conductivities(lexicon, "Na3SbS4 conducts 1–3 mS cm−1 at room temperature.")
    assert (found.low, found.value, found.high) == (0.001, 0.002, 0.003)
    assert found.to_json()["value_S_cm_high"] == 0.003


@pytest.mark.parametrize("paragraph, layer, electrolyte", [
    # one solid electrolyte placed between the anode and another
    ("To suppress its reduction, Li6PS5Br was added between the Li–In anode and Li3YCl6.", "Li6PS5Br", "Li3YCl6"),
    ("Li3PS4 was placed between Li and Li10GeP2S12 as a buffer.", "Li3PS4", "Li10GeP2S12"),
])
def test_electrolyte_between_the_anode_and_another(lexicon, paragraph, layer, electrolyte):
    assert pairs(strategies(lexicon, paragraph)) == {(layer, electrolyte)}


def test_a_mixture_listed_with_suppliers_is_one_layer(lexicon):
    found = strategies(lexicon, "For the anode-free cell with Li6PS5Cl, a slurry of Super P (Timcal), tin nanoparticles, "
                                "and PVDF (Arkema) was coated on the copper current collector.")
    assert [sorted(f.components) for f in found] == [["PVDF", "Sn", "carbon black"]]  # Super P is a carbon black


def test_measurement_electrodes_attached_to_a_side_are_no_layer(lexicon):
    assert strategies(lexicon, "To test its stability with sodium metal, a Mo disk was attached to the working electrode "
                               "side of the Na3PS4 pellet (the Na3PS4/carbon composite side).") == []


def test_a_computed_value_beside_a_measured_one(lexicon):
    found = conductivities(lexicon, "The extrapolated room-temperature conductivity of Li3ScCl6 is 9.1 mS/cm, close to "
                                    "the experimental value of 3.0 mS/cm reported by Smith et al.")
    assert values(found) == [("Li3ScCl6", 0.003)] and found[0].modality == "cited"


def test_a_stack_after_a_composite_cathode_keeps_its_members(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp

    doc = build_nlp(lexicon)("The cell (FeS2-Li6PS5Cl/Li6PS5Cl/Li3N/Li) was cycled.")
    assert [s.text for s in doc.spans["materials"]] == ["FeS2-Li6PS5Cl", "Li6PS5Cl", "Li3N", "Li"]


def test_a_buffer_in_the_electrode_is_no_layer(lexicon):
    assert strategies(lexicon, "Li6PS5Cl served as a buffer phase in the composite cathode, and symmetric Li cells "
                               "with LGPS were assembled.") == []


def test_a_voltammetry_cell_is_no_strategy(lexicon):
    assert strategies(lexicon, "Linear sweep voltammograms of Li/Li3YCl6/Li3YCl6-C/Au cells were recorded at "
                               "60 °C against the lithium counter electrode.") == []


def test_a_formula_with_a_placeholder_is_one_material(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp

    doc = build_nlp(lexicon)("Argyrodites Li6PS5X (X = Cl, Br) and NaMOCl4 (M = Nb, Ta) were compared.")
    assert [s.text for s in doc.spans["materials"]] == ["Li6PS5X", "NaMOCl4"]
    assert values(conductivities(lexicon, "The halides Li3MCl6 (M = Y, Er) reach 0.5 mS cm-1.")) == [("Li3MCl6", 0.0005)]


def test_an_amount_on_the_first_compound_only_is_one_material(lexicon):
    assert values(conductivities(lexicon, "The conductivity peaks at 0.9 mS cm-1 for 2LiCl-YCl3.")) == [("2LiCl-YCl3", 0.0009)]


def test_a_composite_of_the_metal_is_an_anode_fix_but_a_chemistry_is_not(lexicon):
    found = strategies(lexicon, "Chen et al. rolled a Li-MoS2 composite anode against Li6PS5Cl, which stopped dendrite growth.")
    assert [sorted(f.components) for f in found] == [["Li", "MoS2"]]
    assert strategies(lexicon, "Li-S batteries with a LLZO separator suffer from dendrite growth at the Li anode.") == []


def test_exponents_moved_off_their_number_and_cells_give_no_conductivity(lexicon):
    # "(cid:0) 3 S cm": the exponent of a value printed elsewhere, not 3 S/cm
    assert values(conductivities(lexicon, "The doped Li6PS5Br (cid:0) 3 S cm shows a high ionic conductivity.")) == []
    # a symmetric cell's conductivity is not a material's
    assert values(conductivities(lexicon, "The Li/Li3YCl6/Li cell showed an ionic conductivity of 0.4 mS cm-1.")) == []


def test_a_placeholder_once_defined_serves_later_formulas(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp

    doc = build_nlp(lexicon)("NaMCl6 (M = Y, Er) and their Li analogues Li3MCl6 differ, unlike an NMC cathode.")
    names = [s.text for s in doc.spans["materials"]]
    assert "NaMCl6" in names and "Li3MCl6" in names and "Y" not in names and "Er" not in names


def test_the_temperature_written_after_the_value_is_its_own(lexicon):
    [found] = conductivities(lexicon, "Depositing at 150 °C raised the conductivity of LiPON to 3 × 10-7 S cm-1 at 25 °C.")
    assert (found.value, found.temperature_C) == (3e-07, 25.0)


def test_a_material_named_as_an_electrolyte_keeps_its_value(lexicon):
    found = conductivities(lexicon, "LiPON films were grown for lithium metal cells. Li3BO3 has also been used as solid "
                                    "electrolyte, with a lower ionic conductivity (10-8 S cm-1).")
    assert values(found) == [("Li3BO3", 1e-08)]


def test_a_film_named_but_put_nowhere_is_no_strategy(lexicon):  # a guard; the real case is in test_reader_pdf
    assert strategies(lexicon, "We grow LLZO films by ALD for lithium metal anodes. With water as the oxidant, "
                               "Li2O films are likely to be deposited instead of Li2CO3 by ALD.") == []


def test_a_reference_for_a_comparison_leaves_the_value_measured():
    from nasicon_kg.evaluate_passages import extract_passage

    [own] = [r for r in extract_passage("The fit gives a Li-ion conductivity of 3 × 10-9 S cm-1 for the Li3BO3 film, "
                                        "in good agreement with earlier reports [12].") if r["type"] == "IonicConductivity"]
    assert (own["modality"], own["cited_refs"]) == ("measured", [])


def test_an_unknown_member_of_a_symmetric_cell_is_its_layer(lexicon):
    found = strategies(lexicon, "Li/KB/Li3PS4/KB/Li symmetric cells were cycled at 0.1 mA cm-2 for 300 h.")
    assert pairs(found) == {("KB", "Li3PS4")}


def test_a_layer_sentence_after_the_problem_it_answers(lexicon):
    found = strategies(lexicon, "Li6PS5Cl decomposes against Li metal. Coatings are one remedy. "
                                "A thin Li3BO3 film was 40 nm thick.")
    assert pairs(found) == {("Li3BO3", "Li6PS5Cl")}


def test_a_lone_element_with_a_count_is_a_fragment(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp

    doc = build_nlp(lexicon)("Na2(B12H12)(B10 H10) glass and S8 were mixed; the Ti0 and O 2 species.")
    names = [s.text for s in doc.spans["materials"]]
    assert "H10" not in names and "Ti0" not in names and "S8" in names


@pytest.mark.parametrize("sentence,expected", [
    ("Li7La3Zr2O12 doped with 0.25 Ga per formula unit shows a bulk conductivity of 1.3 mS/cm.",
     ("Ga-LLZO", 1.3e-3)),
    ("We obtained Na3Zr2Si2PO12 substituted by 10 mol% Sc, with a conductivity of 2 mS cm-1.",
     ("Sc-substituted Na3Zr2Si2PO12", 2e-3)),
])
def test_a_host_doped_with_an_element_written_after_it_is_one_material(lexicon, sentence, expected):
    [(material, value)] = values(conductivities(lexicon, sentence))
    assert material == expected[0] and value == pytest.approx(expected[1])


def test_doped_with_a_word_that_is_no_dopant_joins_nothing(lexicon):
    from nasicon_kg.nlp.pipeline import build_nlp

    doc = build_nlp(lexicon)("The LLZO pellet was doped with care, and LATP doped with oxygen vacancies.")
    assert [s.text for s in doc.spans["materials"]] == ["LLZO", "LATP"]


def test_a_layer_formed_on_the_bare_metal_symbol_answers_the_problem_before(lexicon):
    found = strategies(lexicon, "Sulfide electrolytes such as Li6PS5Cl decompose in contact with Li. To overcome "
                                "this, we propose a Li3N–LiF composite layer formed in situ on Li.")
    assert pairs(found) == {("Li3N/LiF", "Li6PS5Cl")}


@pytest.mark.parametrize("sentence,layer", [
    ("A lithiophilic magnesium nitride layer was sputtered on LLZTO to improve its wetting by Li metal.", "Mg3N2"),
    ("Tin(IV) oxide was coated on NZSP to improve its wetting by Na metal.", "SnO2"),
    ("A thin copper oxide film was sputtered on LLZO to improve its wetting by Li metal.", "copper oxide"),
])
def test_a_layer_named_by_its_systematic_name_is_the_compound_not_the_metal(lexicon, sentence, layer):
    assert {f.layer for f in strategies(lexicon, sentence)} == {layer}


@pytest.mark.parametrize("paragraph", [
    "Li metal was used in every cell. (b) SEM images of the ZnO layer on LLZO after 100 cycles.",
    "NCM712@Nb|Li6PS5Cl|Li cells were assembled with Li metal as the anode.",
    "Two steel discs with Pt wires were pressed on the Na3PS4 pellet as current collectors, with Na foil opposite.",
    "Symmetric Li cells were built. Thin Li3PS4 films were tape-cast on the pellet using Li2S and P2S5 as "
    "starting materials.",
])
def test_set_up_and_synthesis_in_full_papers_are_no_strategies(lexicon, paragraph):
    assert pairs(strategies(lexicon, paragraph)) == set()


def sents(lexicon, text):
    from pathlib import Path

    from nasicon_kg.extract.text import sentences_of
    from nasicon_kg.readers.text import read

    return sentences_of(read(text.encode(), Path("p.md")), lexicon)


@pytest.mark.parametrize("paragraph,expected", [
    ("About 5 mg of carbon black was spread onto both sides of the Li6PS5Cl pellet. Impedance was recorded.", False),
    ("Milling Na2B12H12 with LiBH4 gives a composite of NaBH4 and a mixed closo-borane.", False),
    ("A ZnO film was sputtered on LLZO. The cells were then cycled against Li metal.", True),
    ("Dendrites grew through the pellet.", True),
    ("Li|Au|LLZO|Au|Li cells were assembled.", True),
])
def test_a_fix_needs_a_paragraph_that_speaks_of_the_metal_side_or_a_problem(lexicon, paragraph, expected):
    from nasicon_kg.extract.text import metal_side

    assert metal_side(sents(lexicon, paragraph)) is expected


@pytest.mark.parametrize("sentence,expected", [
    ("(b) SEM images of the ZnO layer on LLZO.", True),
    ("X-ray diffraction patterns of the coated pellets.", True),
    ("Figure 3A shows the initial charge and discharge curves of the full cells.", False),
    ("The ZnO layer lowered the resistance.", False),
])
def test_a_caption_run_into_the_text_is_told_from_prose(lexicon, sentence, expected):
    from nasicon_kg.extract.text import caption_like

    [s] = sents(lexicon, sentence)
    assert caption_like(s) is expected


def test_an_alloy_anode_with_its_purpose_is_a_strategy(lexicon):
    found = strategies(lexicon, "A Li–In alloy anode was used to suppress the reduction of Li3YCl6.")
    assert pairs(found) == {("Li-In", "Li3YCl6")}


def test_an_alloy_chosen_for_a_purpose_is_an_alloy_anode(lexicon):
    found = strategies(lexicon, "We chose to employ a Na-Sn alloy to prevent non-uniform sodium plating on Na3PS4.")
    assert pairs(found) == {("Na-Sn", "Na3PS4")}


def test_an_alloy_anode_whose_purpose_the_sentence_before_states(lexicon):
    found = strategies(lexicon, "The team used Li-M alloys to minimize the reactivity between Li3YCl6 and the anode. "
                                "Full cells with a composite cathode and a Li3Ga7 alloy anode gave 200 mAh/g.")
    assert pairs(found) == {("Li3Ga7", "Li3YCl6")}


@pytest.mark.parametrize("paragraph", [
    "Li6PS5Cl decomposed into Li2S, Li3P and LiCl at the Li metal interface, which raised the resistance.",
    "Full cells of Li3YCl6 with a LiNi0.8Mn0.1Co0.1 (NMC-811) cathode were coated and cycled against Li metal.",
])
def test_reaction_products_and_the_cathode_are_no_layers(lexicon, paragraph):
    assert pairs(strategies(lexicon, paragraph)) == set()


def test_a_threshold_required_is_a_target_not_a_measurement(lexicon):
    found = conductivities(lexicon, "Halide electrolytes still fall short of the threshold required for practical "
                                    "cells (>10-3 S cm-1).")
    assert [f for f in found if f.modality != "target"] == []


def test_an_alloy_interlayer_formed_from_a_film_keeps_the_film(lexicon):
    found = strategies(lexicon, "Evaporating a 50 nm Sn film onto LLZTO gives a Li–Sn alloy interlayer once the "
                                "pellet meets molten Li.")
    assert {e for _, e in pairs(found)} == {"LLZTO"} and found


def test_what_an_electrolyte_is_reduced_to_is_no_layer(lexicon):
    assert pairs(strategies(lexicon, "Li6PS5Cl is reduced by Li metal to Li2S, Li3P and LiCl, and a Li–In alloy "
                                     "anode does not change that.")) == set()


def test_a_coating_on_a_cathode_written_as_an_abbreviation_is_cathode_side(lexicon):
    assert pairs(strategies(lexicon, "For the full cells, LiNbO3-coated NCM622 and Li6PS5Cl were ball-milled to "
                                     "form the composite cathode, and a Li–In alloy served as the anode.")) == set()


def test_an_alloy_anode_with_a_purpose_is_a_fix_on_the_papers_electrolyte(lexicon):
    # the alloy sentence names no electrolyte: the cell's is the one the paper is about
    found = strategies(lexicon,
                       "The closo-hydroborate Li2(CB11H12)(CB9H10) was pressed into pellets.",
                       "Cells with lithium metal failed after a few cycles because dendrites grew through the pellet.",
                       "Such failures are avoided with an In-Li alloy anode.")
    assert pairs(found) == {("Li-In", "Li2(CB11H12)(CB9H10)")}
    assert found[0].to_json()["kind"] == "alloy or composite anode"


def test_a_hyphen_spaced_off_by_a_converter_still_joins_an_alloy(lexicon):
    found = strategies(lexicon, "Stable cycling of Na3PS4 cells was achieved by using a Na -Sn alloy anode "
                                "to suppress dendrite growth.")
    assert pairs(found) == {("Na-Sn", "Na3PS4")}


def test_an_intermetallic_anode_after_a_sentence_giving_its_purpose(lexicon):
    found = strategies(lexicon,
                       "We used Li-M alloys to minimize the reactions between the Li3InCl6 electrolyte and the anode. "
                       "Full cells with a LiCoO2 cathode and a Li22Sn5 alloy anode delivered 120 mAh/g.")
    assert pairs(found) == {("Li22Sn5", "Li3InCl6")}


@pytest.mark.parametrize("paragraphs", [
    # named only as the counter electrode: set-up
    ("The closo-hydroborate Li2(CB11H12)(CB9H10) was pressed into pellets.",
     "Full cells were assembled with a TiS2 cathode and an In-Li alloy anode."),
    # named for comparison
    ("All cells use Li3PS4 pellets.",
     "The new anodes show a higher energy density than the conventional Li-In alloy anode "
     "and improved cycling stability."),
    # a purpose about something else
    ("The cathode needs no carbon, which will avoid side reactions of carbon with Li3InCl6. "
     "Cells were built with Li3InCl6 as the separator and Li-In alloy anodes.",),
])
def test_an_alloy_anode_without_a_purpose_of_its_own_is_no_fix(lexicon, paragraphs):
    assert strategies(lexicon, *paragraphs) == []


def test_an_acronym_named_as_the_solid_electrolyte_is_one_even_undefined(lexicon):
    # the passage never says what NTC is; "the NTC SE" still names the protected electrolyte
    found = strategies(lexicon, "As the NTC SE is reduced at low potential, a Na3PS4 sulfide SE was introduced "
                                "as a protective layer at the anode interface.")
    assert pairs(found) == {("Na3PS4", "NTC")}


def test_battery_acronyms_before_se_are_not_materials(lexicon):
    from nasicon_kg.nlp.pipeline import electrolyte_acronym

    words = "ASSB SE and LIBs SE and the LNOC solid electrolyte and NTC SSE and SE SE".split()
    assert [w for i, w in enumerate(words) if electrolyte_acronym(words, i)] == ["LNOC", "NTC"]


@pytest.mark.parametrize("sentence, layer, electrolyte", [
    # what a surface is treated with forms the layer; the layer is what it forms
    ("Li metal was pretreated in a LiNO3 solution to form a LiF- and Li3N-rich layer that protects Li3PS4 "
     "from reduction.", "LiF/Li3N", "Li3PS4"),
    ("The LLZTO pellet was surface-treated with H3PO4 to form a Li3PO4 layer that lowers the interfacial "
     "impedance with Li.", "Li3PO4", "LLZTO"),
    # "In" is the metal when a layer noun follows it
    ("Introducing an In interlayer enabled Na3PS4 symmetric cells to cycle for 300 h at 0.1 mA cm-2.", "In", "Na3PS4"),
    # an alloy that stabilizes the interface is the fix, not the metal it was alloyed with
    ("Sodium metal was alloyed with tin to give a Na–Sn anode that stabilizes the interface with Na3SbS4.",
     "Na-Sn", "Na3SbS4"),
])
def test_layers_formed_from_reagents_and_metals_named_as_words(lexicon, sentence, layer, electrolyte):
    assert pairs(strategies(lexicon, sentence)) == {(layer, electrolyte)}


def test_undefined_acronyms_that_have_a_conductivity_are_materials(lexicon):
    found = conductivities(lexicon, "The measured ionic conductivity of LNOC is 10.7 mS/cm, and the conductivities of "
                                    "NNOC (1.2 mS/cm) and NTOC (1.5 mS/cm) are lower; the RT conductivity of the "
                                    "EIS cell was not measured.")
    assert {(f.material, round(f.value, 6)) for f in found} >= {("LNOC", 0.0107), ("NNOC", 0.0012), ("NTOC", 0.0015)}
    assert not {f.material for f in found} & {"RT", "EIS"}


def test_formulas_that_open_with_a_group_and_oxysulfides(lexicon):
    found = conductivities(lexicon, "(Li0.7Na0.3)3BH4B12H12 reaches 1.0 mS/cm at 25 °C, and Na3SbP0.16S3.6O0.4 "
                                    "3.8 mS/cm.")
    assert {f.material for f in found} == {"(Li0.7Na0.3)3BH4B12H12", "Na3SbP0.16S3.6O0.4"}


def test_an_acronym_with_a_solid_head_noun_is_a_material_but_a_liquid_code_is_not(lexicon):
    found = conductivities(lexicon, "The LBPSI electrolytes exhibit 1.6 mS/cm at 25 °C, while the LP30 electrolyte "
                                    "reaches 10 mS/cm.")
    assert {f.material for f in found} == {"LBPSI"}


def test_terms_of_a_composition_ratio_are_not_what_a_value_is_stated_for(lexicon):
    found = conductivities(lexicon, "The LBPSI electrolytes with n(P2S5)/n(P2S5 + B2S3) of 0.11, 0.17 and 0.29 "
                                    "exhibit ionic conductivities of 1.6, 2.4 and 1.8 mS cm-1, respectively.")
    assert {f.material for f in found} == {"LBPSI"} and len(found) == 3


def test_the_far_end_of_a_cell_is_its_working_electrode_and_objectives_state_nothing(lexicon):
    assert strategies(lexicon, "Operando Raman spectra of a Li/SSE/Au cell were used by Lee et al. to follow the "
                               "decomposition of Li3PS4 against the Li anode.") == []
    assert strategies(lexicon, "Develop surface protected lithium anode and test it with a LLZTO SSE and an "
                               "Al2O3 coating against dendrites.") == []


def test_the_interlayer_named_before_its_material_and_the_alloy_beside_it(lexicon):
    found = strategies(lexicon, "The interlayer Na3PS4 prevents the reduction of Na2ZrCl6 by the Na-Sn anode.")
    assert pairs(found) == {("Na3PS4", "Na2ZrCl6")}
    assert found[0].to_json()["kind"] == "interlayer"


def test_the_current_collector_of_an_anode_free_cell_for_a_purpose(lexicon):
    found = strategies(lexicon, "In anode-free cells with Na3(BH4)(B12H12), an aluminium current collector "
                                "enabled uniform Na plating.")
    assert pairs(found) == {("Al", "Na3(BH4)(B12H12)")}
    assert found[0].to_json()["kind"] == "current-collector coating"
    assert strategies(lexicon, "Full cells with Li6PS5Cl used a stainless-steel current collector and an NCM "
                               "cathode.") == []


@pytest.mark.parametrize("paragraph, pair", [
    ("We coated lithium foil with a PVDF-HFP film containing LiTFSI. The coated lithium was paired with LATP "
     "pellets, and side reactions between Li and Ti4+ were suppressed.", ("PVDF-HFP", "LATP")),
    ("Lithium foil coated with Cu3N nanoparticles (~2 μm, applied by rolling) converts into a Li3N/Cu layer. "
     "When paired with Li1.5Al0.5Ge1.5(PO4)3, the coated Li cycled for 600 h.", ("Cu3N", "LAGP")),
])
def test_a_coated_metal_whose_electrolyte_the_next_sentence_names(lexicon, paragraph, pair):
    assert pair in pairs(strategies(lexicon, paragraph))


def test_a_separator_layer_between_and_an_alloy_in_place_of_the_metal(lexicon):
    assert pairs(strategies(lexicon, "Because Li2ZrCl6 is unstable against lithium, a ~30-μm Li3PS4 separator layer "
                                     "was cold-pressed between the Li2ZrCl6 electrolyte and the lithium metal anode.")) \
        == {("Li3PS4", "Li2ZrCl6")}
    assert pairs(strategies(lexicon, "Li-Mg alloy anodes (Li with 10 at% Mg) were used in place of pure lithium "
                                     "against Ga-LLZO.")) == {("Li-Mg", "Ga-LLZO")}


def test_a_liquid_put_at_the_metal_interface_named_after_its_class_word(lexicon):
    found = strategies(lexicon, "A 2-μL drop of the ionic liquid Pyr14TFSI/LiTFSI (9:1 molar ratio) was placed at "
                                "the Li/LATP interface to improve wetting.")
    assert pairs(found) == {("Pyr14TFSI/LiTFSI", "LATP")}


def test_a_list_of_fixes_each_with_its_own_electrolyte_and_reference(lexicon):
    from nasicon_kg.readers.text import read
    from nasicon_kg.extract import extract_facts
    from pathlib import Path

    text = ("## Introduction\n\nFor sulfide electrolytes, anode-side remedies reported so far include LiF-coated Li "
            "for Li3PS4 [31], Li-In alloy anodes for Li10GeP2S12 [32] and a Li3PO4 layer on Li7P3S11 [33].\n\n"
            "## References\n\n31. A. Wang, J. Power Sources 2020, 1, 1.\n32. B. Li, Nano Energy 2019, 2, 2.\n"
            "33. C. Xu, Joule 2021, 3, 3.\n")
    found = [f for f in extract_facts(read(text.encode(), Path("p.md")), lexicon=lexicon)
             if isinstance(f, InterfaceStrategy)]
    assert {(f.layer, f.electrolyte, f.cited_refs) for f in found} == {
        ("LiF", "Li3PS4", (31,)), ("Li-In", "Li10GeP2S12", (32,)), ("Li3PO4", "Li7P3S11", (33,))}


def test_an_abbreviated_silver_carbon_composite_keeps_its_carbon(lexicon):
    found = strategies(lexicon, "For anode-free cells with Li6PS5Cl, a silver–carbon (Ag-C) composite layer was "
                                "blade-coated on the stainless-steel current collector.")
    assert {f.layer for f in found} == {"Ag/carbon"}


@pytest.mark.parametrize("sentence", [
    # products of a reduction, a contamination layer, a spaced-off ion: none is a fix
    "The Ge 4+ of Li10GeP2S12 is reduced by Li, forming an electronically conducting Li-Ge alloy in the interphase.",
    "In situ XPS revealed the formation of Li2S and Li3P at Li/Li7P3S11 interfaces [21].",
    "Molten Li does not wet the Li2CO3 and LiOH contamination layer on LLZO formed upon air exposure [45].",
])
def test_what_a_reaction_forms_or_spoils_is_no_fix(lexicon, sentence):
    assert strategies(lexicon, sentence) == []


def test_the_layer_a_reagent_forms_with_words_between_verb_and_reagent(lexicon):
    found = strategies(lexicon, "Zhang et al. treated Li foil with H3PO4 to form an in situ LiH2PO4 protective layer, "
                                "and Li|LGPS|LiCoO2 cells retained 86.7% capacity after 500 cycles [95].")
    assert pairs(found) == {("LiH2PO4", "Li10GeP2S12")}
