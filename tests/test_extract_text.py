"""Facts from running text, on sentences written for the test and on the review."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("spacy")

from nasicon_kg.extract.merge import merge_strategies  # noqa: E402
from nasicon_kg.extract.text import facts_from_text  # noqa: E402
from nasicon_kg.lexicon import load_lexicon  # noqa: E402
from nasicon_kg.model import (InterfaceStrategy, PaperMetadata, ProblemStatement,  # noqa: E402
                              PropertyMeasurement, Reference, SymmetricCell)
from nasicon_kg.readers.textutil import DocumentBuilder  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
REVIEW = REPO / "corpus" / "tolganbek2022_nasicon_interface_review.md"


@pytest.fixture(scope="module")
def lx():
    return load_lexicon()


def build(blocks, references=()):
    """blocks: (text, section, [(marker text position, numbers)]).  Like every paper the extractor
    drafts strategies from, the document says once that its cells face an alkali-metal anode."""
    b = DocumentBuilder()
    b.add_block("The cells use a lithium metal anode.", section="Cells")
    for text, section, cites in blocks:
        b.add_block(text, section=section,
                    citations=[(pos, nums, ",".join(map(str, nums))) for pos, nums in cites])
    return b.build(PaperMetadata(), references=list(references))


def strategies(facts):
    return [f for f in facts if isinstance(f, InterfaceStrategy)]


def check_evidence(doc, facts):
    for f in facts:
        assert f.evidence
        for e in f.evidence:
            assert doc.text[e.start:e.end] == e.text
            assert e.origin == "text"


SMITH = ("Smith et al. sputtered a 50 nm Li3BO3 film onto Li1.4Al0.4Ti1.6(PO4)3 (LATP) pellets; "
         "the symmetric cell cycled for 800 h at 0.2 mA cm⁻² at 25 °C.")


def test_one_sentence_strategy(lx):
    doc = build([(SMITH, "Results", [(len(SMITH), (12,))])])
    facts = facts_from_text(doc, lx)
    check_evidence(doc, facts)
    [s] = strategies(facts)
    assert (s.electrolyte, s.layer, s.method, s.thickness_nm) == ("LATP", "Li3BO3", "sputtering",
                                                                  (50.0, 50.0))
    assert s.symmetric_cell == (SymmetricCell(800.0, 0.2, 25.0),)
    assert s.cited_refs == (12,) and s.authors == "Smith et al."
    assert s.strategy_type == "inorganic protective layer"
    assert s.evidence[0].cited_refs == (12,)


def test_strategy_continued_by_this_layer_with_defined_polymer(lx):
    text = ("Garcia and co-workers protected Li1.5Al0.5Ge1.5(PO4)3 with poly(vinyl pivalate) (PVPi) "
            "by spin coating. This layer was 3 μm thick and prevented the reduction of Ge⁴⁺ by Li "
            "metal. The symmetric cell ran for 1200 hours at 0.1 mA cm⁻² and at 60 °C after "
            "heating at 80 °C.")
    doc = build([(text, "Polymer layers", [(text.index(" This"), (21,))])])
    facts = facts_from_text(doc, lx)
    check_evidence(doc, facts)
    [s] = strategies(facts)
    assert (s.electrolyte, s.layer, s.method) == ("LAGP", "PVPi", "spin coating")
    assert s.strategy_type == "polymer protective layer"
    assert s.thickness_nm == (3000.0, 3000.0)
    assert s.symmetric_cell == (SymmetricCell(1200.0, 0.1, 60.0),)
    assert "reduction by Li metal" in s.problems
    kinds = {c.kind: c.temperature_C for c in s.conditions}
    assert kinds == {"heating": 80.0, "elevated_temperature": 60.0}
    assert len(s.evidence) == 3 and s.cited_refs == (21,)


def test_two_materials_without_support_are_not_a_strategy(lx):
    doc = build([("LATP and ZnO were both characterised by XRD.", "Results", [])])
    assert strategies(facts_from_text(doc, lx)) == []


def test_multi_component_hybrid_layer_and_pending_reference(lx):
    text = ("This idea was developed by Kowalski and co-workers. Boron nitride was combined with "
            "PEO and coated on LATP as a 2 μm layer.")
    doc = build([(text, "Results", [(text.index(" Boron"), (33,))])])
    [s] = strategies(facts_from_text(doc, lx))
    assert s.components == ("BN", "PEO") and s.layer == "BN/PEO"
    assert s.strategy_type == "hybrid layer"
    assert s.cited_refs == (33,)


def test_composite_membrane(lx):
    text = ("LATP particles were dispersed in a PVDF matrix to form a composite membrane by "
            "solution casting.")
    doc = build([(text, "Composites", [(len(text), (40,))])])
    [s] = strategies(facts_from_text(doc, lx))
    assert (s.electrolyte, s.layer, s.strategy_type, s.method) == (
        "LATP", "PVDF", "composite electrolyte", "solution casting")


def test_duplicates_merge_and_two_cells_are_kept(lx):
    a = "Al2O3 was deposited on LATP by ALD with a thickness of 10 nm."
    b = ("In a later paper, the Al2O3 coated LATP symmetric cell ran for 300 hours. Another "
         "Al2O3 coated LATP cell ran for 450 hours at 0.3 mA cm⁻².")
    doc = build([(a, "Results", [(len(a), (7,))]), (b, "Results", [(len(b), (7,))])])
    [s] = strategies(facts_from_text(doc, lx))
    assert s.method == "atomic layer deposition" and s.thickness_nm == (10.0, 10.0)
    assert {c.hours for c in s.symmetric_cell} == {300.0, 450.0}
    assert len(s.evidence) == 3


def test_different_references_stay_apart(lx):
    a = "ZnO was sputtered on LATP."
    b = "ZnO was deposited on LATP by ALD."
    doc = build([(a, "Results", [(len(a), (1,))]), (b, "Results", [(len(b), (2,))])])
    assert sorted(s.method for s in strategies(facts_from_text(doc, lx))) == [
        "atomic layer deposition", "sputtering"]


def test_conductivity_and_activation_energy(lx):
    text = ("The LATP pellet showed an ionic conductivity of 3.1 × 10⁻⁴ S cm⁻¹ at room temperature "
            "and an activation energy of 0.31 eV.")
    doc = build([(text, "Results", [(len(text), (5,))])])
    props = {f.prop: f for f in facts_from_text(doc, lx) if isinstance(f, PropertyMeasurement)}
    ic = props["IonicConductivity"]
    assert (ic.material, ic.value, ic.temperature_C, ic.cited_refs) == ("LATP", 3.1e-4, 25.0, (5,))
    assert props["ActivationEnergy"].value == 0.31


def test_conductivity_of_coordinated_materials(lx):
    text = "Li1+xAlxTi2-x(PO4)3 (LATP) and LAGP reach ~10⁻³ S cm⁻¹ at 25 °C."
    doc = build([(text, "Intro", [])])
    got = {(f.material, f.value, f.qualifier) for f in facts_from_text(doc, lx)
           if isinstance(f, PropertyMeasurement)}
    assert got == {("LATP", 1e-3, "~"), ("LAGP", 1e-3, "~")}


def test_causal_sentence(lx):
    text = ("LAGP ceramics easily reduce in contact with Li metal, forming a mixed conducting "
            "interphase that raises the interfacial resistance.")
    doc = build([(text, "Introduction", [])])
    [p] = [f for f in facts_from_text(doc, lx) if isinstance(f, ProblemStatement)]
    assert (p.material, p.problem) == ("LAGP", "reduction by Li metal")
    assert p.leads_to == ("MCI formation", "high interfacial resistance")


def test_author_citation_gives_the_reference(lx):
    text = "Nakamura et al. coated LATP with a 30 nm Al2O3 film."
    refs = [Reference(number=17, text="K. Nakamura, ...", authors=("K. Nakamura",))]
    doc = build([(text, "Results", [])], references=refs)
    [s] = strategies(facts_from_text(doc, lx))
    assert s.cited_refs == (17,)


def test_strategy_type_rules():
    from nasicon_kg.extract.materials import strategy_type_of

    assert strategy_type_of(["Polymer"], ["PEO"], "a PEO layer") == "polymer protective layer"
    assert strategy_type_of(["Polymer", "Nitride"], ["PEO", "BN"], "layer") == "hybrid layer"
    assert strategy_type_of(["Polymer"], ["PEO"], "a PEO/LATP/PEO sandwich") == "sandwich interlayer"
    assert strategy_type_of(["Polymer", "LithiumSalt"], ["PEO", "LiTFSI"], "PEO with LiTFSI salt") == \
        "polymer protective layer"  # a salt in a polymer makes a polymer electrolyte, not a hybrid
    assert strategy_type_of(["Polymer", "LATP"], ["PVDF", "LATP"], "LATP dispersed in a PVDF matrix") == \
        "composite electrolyte"


def test_merge_keeps_conflicting_references_apart():
    a = InterfaceStrategy(evidence=(), electrolyte="LATP", layer="ZnO", components=("ZnO",),
                          cited_refs=(1,))
    b = InterfaceStrategy(evidence=(), electrolyte="LATP", layer="ZnO", components=("ZnO",),
                          cited_refs=(2,))
    assert len(merge_strategies([a, b])) == 2


def _review_facts(lx):
    from nasicon_kg.readers import read_document

    doc = read_document(REVIEW)
    return doc, facts_from_text(doc, lx)


def test_review_zno_on_latp(lx):
    doc, facts = _review_facts(lx)
    check_evidence(doc, facts)
    zno = [s for s in strategies(facts) if s.electrolyte == "LATP" and s.layer == "ZnO"]
    assert len(zno) == 1
    s = zno[0]
    assert 2000.0 in {c.hours for c in s.symmetric_cell}
    assert s.method == "magnetron sputtering"
    assert s.thickness_nm == (200.0, 200.0)
    assert 94 in s.cited_refs
    assert any(c.kind == "heating" and c.temperature_C == 170.0 for c in s.conditions)


def test_precursors_give_way_to_the_products(lx):
    text = ("Kim et al. cast a solution containing LiBF4 and Mg(ClO4)2 on lithium to form a "
            "protective layer for LATP. The reaction enabled the production of LiF and MgF2.")
    doc = build([(text, "Results", [(text.index(" The"), (8,))])])
    [s] = strategies(facts_from_text(doc, lx))
    assert s.components == ("LiF", "MgF2") and s.electrolyte == "LATP"
    assert s.method == "solution casting"


def test_one_sentence_crediting_two_works_splits_the_strategy(lx):
    text = ("A group of authors dispersed LATP particles in a PVDF matrix. Ito et al. and Mori et "
            "al. studied this LATP/PVDF membrane. Ito and coworkers cast it from DMF.")
    one = text.index(" and Mori")
    two = text.index(" studied")
    doc = build([(text, "Composites", [(one, (3,)), (two, (4,)), (len(text), (3,))])])
    got = {(s.layer, s.cited_refs, s.authors) for s in strategies(facts_from_text(doc, lx))}
    assert got == {("PVDF", (3,), "Ito et al."), ("PVDF", (4,), "Mori et al.")}


def test_cell_stack_notation_is_not_a_layer(lx):
    text = "The Li/LATP/Li symmetric cell with a 20 nm ZnO coating on LATP cycled for 300 h."
    doc = build([(text, "Results", [])])
    [s] = strategies(facts_from_text(doc, lx))
    assert (s.electrolyte, s.layer, s.thickness_nm) == ("LATP", "ZnO", (20.0, 20.0))
    assert s.symmetric_cell == (SymmetricCell(300.0, None, None),)


def test_composite_conductivity_names_both_phases(lx):
    text = ("LATP particles were embedded into a PVDF-HFP matrix, which reached 2.3 × 10⁻⁴ S cm⁻¹ "
            "at 30 °C.")
    doc = build([(text, "Composites", [(len(text), (9,))])])
    [p] = [f for f in facts_from_text(doc, lx) if isinstance(f, PropertyMeasurement)]
    assert (p.material, p.value, p.temperature_C, p.cited_refs) == ("LATP/PVDF-HFP", 2.3e-4,
                                                                     30.0, (9,))


# -- rules for restated text, comparisons, class terms and modifiers (invented sentences) --------

def test_caption_alone_does_not_make_a_strategy(lx):
    b = DocumentBuilder()
    b.add_block("Fig. 3 (a) Impedance of Li3BO3 coated LAGP after 20 cycles.", section="Results",
                kind="caption")
    doc = b.build(PaperMetadata())
    assert strategies(facts_from_text(doc, lx)) == []


def test_caption_adds_evidence_to_a_body_strategy(lx):
    b = DocumentBuilder()
    b.add_block("A 30 nm Li3BO3 film was sputtered on LAGP to face the Li anode.", section="Results")
    b.add_block("Fig. 3 SEM image of Li3BO3 coated LAGP.", section="Results", kind="caption")
    [s] = strategies(facts_from_text(b.build(PaperMetadata()), lx))
    assert s.layer == "Li3BO3" and len(s.evidence) == 2


def test_summary_restating_a_result_does_not_make_a_strategy(lx):
    doc = build([("A 40 nm MgO layer was deposited on LATP by ALD and the symmetric cell cycled "
                  "for 900 hours.", "Results", [(0, (7,))]),
                 ("In the class of oxide layers, the best lifetime of 900 hours was reached with a "
                  "MgO2 protective layer of 40 nm on LATP.", "Summary and outlook", [])])
    assert [s.layer for s in strategies(facts_from_text(doc, lx))] == ["MgO"]


def test_comparison_gives_each_layer_its_own_hours(lx):
    text = ("Kim et al. sputtered a 40 nm Sn film as a protective layer on LATP. "
            "Park et al. sputtered a 25 nm Ag film as a protective layer on LATP. "
            "Compared to Sn with 300 hours of cycling, the Ag coated cells ran for 700 hours.")
    got = {s.layer: [c.hours for c in s.symmetric_cell]
           for s in strategies(facts_from_text(build([(text, "Results", [])]), lx))}
    assert got == {"Sn": [300.0], "Ag": [700.0]}


def test_anaphor_with_three_modifiers_continues_the_strategy(lx):
    text = ("Lee et al. coated LAGP with a PVDF-HFP layer by spin coating. "
            "The fully assembled symmetric cell cycled for 640 hours at 0.2 mA cm⁻².")
    [s] = strategies(facts_from_text(build([(text, "Results", [(0, (4,))])]), lx))
    assert s.symmetric_cell == (SymmetricCell(640.0, 0.2, None),)


def test_class_term_resolves_to_the_polymer_named_before(lx):
    text = ("Ito et al. studied lithium-sulfur cells. "
            "The anode side was protected by PVDF-HFP holding LiFSI. "
            "The solid polymer electrolyte was then cast onto LATP and dried.")
    cites = [(text.index(" The anode"), (31,))]
    [s] = strategies(facts_from_text(build([(text, "Results", cites)]), lx))
    assert (s.electrolyte, s.layer, s.cited_refs) == ("LATP", "PVDF-HFP", (31,))


def test_ingredient_of_a_paste_is_part_of_the_layer(lx):
    text = ("Ono et al. prepared an interlayer as a slurry from LATP and an ionic liquid (IL) "
            "that was spread on LATP pellets.")
    [s] = strategies(facts_from_text(build([(text, "Results", [(len(text), (40,))])]), lx))
    assert (s.electrolyte, s.components) == ("LATP", ("LATP", "ionic liquid"))


def test_process_gas_is_not_the_measured_material():
    from nasicon_kg.extract.text import _is_process_gas

    assert _is_process_gas("N2") and _is_process_gas("Ar") and _is_process_gas("O2")
    assert not _is_process_gas("Li3N") and not _is_process_gas("LiPON") and not _is_process_gas("NO2")


# ---------------------------------------------------------------- problems addressed

def _by_layer(facts):
    return {s.layer: s for s in strategies(facts)}


def test_stated_as_overcome_problems_without_an_addressing_verb(lx):
    text = ("Rossi et al. sputtered a 40 nm MgO film onto LAGP pellets. "
            "The MgO film gave intimate contact with the Li foil, and the impedance of the coated "
            "pellet was markedly lower than before.")
    doc = build([(text, "Results", [(text.index(" The"), (7,))])])
    [s] = strategies(facts_from_text(doc, lx))
    assert s.layer == "MgO"
    assert set(s.problems) == {"poor interfacial contact", "high interfacial resistance"}


def test_counted_group_sentence_gives_its_problems_to_the_last_works(lx):
    one = "Kim et al. sputtered a 20 nm TiO2 film on LATP."
    two = "Park et al. coated LATP with a 30 nm Nb2O5 layer by atomic layer deposition."
    three = "Lee et al. deposited a 50 nm SnO2 layer on LATP by sputtering."
    group = "Both studies showed that such layers suppress dendrite growth on cycling."
    text = f"{one} {two} {three} {group}"
    at = [text.index(x) + len(x) for x in (one, two, three)]
    doc = build([(text, "Oxide layers", [(at[0], (1,)), (at[1], (2,)), (at[2], (3,))])])
    got = _by_layer(facts_from_text(doc, lx))
    assert set(got) == {"TiO2", "Nb2O5", "SnO2"}
    assert "dendrite growth" not in got["TiO2"].problems
    assert "dendrite growth" in got["Nb2O5"].problems and "dendrite growth" in got["SnO2"].problems
    assert any(e.text == group for e in got["Nb2O5"].evidence)  # evidence for the works it speaks for
    assert not any(e.text == group for e in got["TiO2"].evidence)  # and only those


@pytest.mark.parametrize("sentence,applies", [
    ("Metal interlayers thus kept the ceramic from reacting with lithium.", True),
    ("Metallic films like these kept LAGP from reacting with lithium.", True),
    ("A metal film would keep LAGP from reacting with lithium.", False),  # singular: one layer
    # a comparison of classes characterises the classes, not the works just described
    ("Unlike oxides, metal films generally keep LAGP from reacting with lithium.", False),
    ("Metal coatings keep LAGP from reacting with lithium better than oxides do.", False),
    ("Metals, oxides and polymers all keep LAGP from reacting with lithium.", False),
    ("Inorganics such as metals keep LAGP from reacting with lithium.", False),
])
def test_class_group_sentence_gives_its_problems_to_layers_of_that_class(lx, sentence, applies):
    one = "Ito et al. sputtered a 25 nm Sn film on LAGP."
    two = "Sato et al. deposited a 10 nm ZnO layer on LAGP by atomic layer deposition."
    text = f"{one} {two} {sentence}"
    at = [text.index(x) + len(x) for x in (one, two)]
    doc = build([(text, "Layers", [(at[0], (4,)), (at[1], (5,))])])
    got = _by_layer(facts_from_text(doc, lx))
    assert set(got) == {"Sn", "ZnO"}
    assert "reduction by Li metal" not in got["ZnO"].problems
    assert ("reduction by Li metal" in got["Sn"].problems) == applies


def test_group_sentence_citing_a_work_is_not_a_group(lx):
    one = "Kim et al. sputtered a 20 nm TiO2 film on LATP."
    two = "Park et al. coated LATP with a 30 nm Nb2O5 layer by atomic layer deposition."
    other = "Both effects were explained by Chen et al. to prevent dendrite growth."
    text = f"{one} {two} {other}"
    at = [text.index(x) + len(x) for x in (one, two, other)]
    doc = build([(text, "Oxide layers", [(at[0], (1,)), (at[1], (2,)), (at[2], (9,))])])
    got = _by_layer(facts_from_text(doc, lx))
    assert all("dendrite growth" not in s.problems for s in got.values())


@pytest.mark.parametrize("opening,continued", [
    ("As a result, the alloyed interface showed a low interfacial impedance.", True),
    ("Consequently, the alloyed interface showed a low interfacial impedance.", True),
    ("Alloyed interfaces of other ceramics showed a low interfacial impedance.", False),
])
def test_paragraph_opening_with_a_connective_goes_on_about_the_last_work(lx, opening, continued):
    first = "Tanaka et al. sputtered a 30 nm Sn film on LATP."
    doc = build([(first, "Metal layers", [(len(first), (3,))]), (opening, "Metal layers", [])])
    [s] = strategies(facts_from_text(doc, lx))
    assert ("high interfacial resistance" in s.problems) == continued
    assert any(e.text == opening for e in s.evidence) == continued


def test_unattributed_strategy_joins_the_nearest_work_with_its_layer():
    from nasicon_kg.model import Evidence

    def st(at, refs, problems=()):
        ev = (Evidence(text="x", section="Polymer layers", start=at, end=at + 1, origin="text"),)
        return InterfaceStrategy(evidence=ev, electrolyte="LATP", layer="PEO", components=("PEO",),
                                 cited_refs=refs, problems=problems)

    early, loose, late = st(0, (1,)), st(900, (), ("polysulfide shuttle",)), st(1000, (2,))
    merged = merge_strategies([early, loose, late])
    assert [(m.cited_refs, m.problems) for m in merged] == [((1,), ()), ((2,), ("polysulfide shuttle",))]
    # another section: the unattributed one stays apart
    other = InterfaceStrategy(evidence=(Evidence(text="y", section="Composites", start=950, end=951,
                                                 origin="text"),),
                              electrolyte="LATP", layer="PEO", components=("PEO",))
    assert len(merge_strategies([early, other, late])) == 3


def test_summary_sentence_about_a_class_is_not_a_group(lx):
    one = "Ito et al. sputtered a 25 nm Sn film on LAGP."
    summary = "Metal interlayers kept the ceramic from reacting with lithium."
    doc = build([(one, "Metal layers", [(len(one), (4,))]),
                 ("Ito et al. sputtered Sn on LAGP.", "Summary and outlook", [(31, (4,))]),
                 (summary, "Summary and outlook", [])])
    [s] = strategies(facts_from_text(doc, lx))
    assert s.layer == "Sn" and "reduction by Li metal" not in s.problems


def test_a_condition_after_another_value_is_that_values():
    """'... cycled for 700 hours and a conductivity of 3 × 10⁻⁴ S cm⁻¹ was reached at RT': RT is the
    conductivity's temperature, not the symmetric cell's; '... for 700 hours at 60 °C' is the cell's."""
    from nasicon_kg.extract.text import facts_from_text
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.readers.textutil import DocumentBuilder
    from nasicon_kg.model import PaperMetadata

    def cells(sentence):
        b = DocumentBuilder()
        b.add_block("A 40 nm MgO layer was sputtered on LATP pellets. " + sentence, section="Results")
        facts = facts_from_text(b.build(PaperMetadata()), load_lexicon())
        return [c for f in facts if getattr(f, "layer", "") == "MgO" for c in f.symmetric_cell]

    got = cells("The symmetric cell cycled for 700 hours and a conductivity of 3 × 10⁻⁴ S cm⁻¹ was reached at RT.")
    assert [(c.hours, c.temperature_C) for c in got] == [(700.0, None)]
    got = cells("The symmetric cell cycled for 700 hours at 60 °C.")
    assert [(c.hours, c.temperature_C) for c in got] == [(700.0, 60.0)]
