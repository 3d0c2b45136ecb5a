"""The lexicon: Term properties the extractor relies on, computed from the ontology's class tree."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from nasicon_kg.lexicon import ELECTROLYTE_FAMILIES, Lexicon, Term, load_lexicon
from nasicon_kg.ontology import NKG, load_ontology_graph, terms_from_graph


@pytest.fixture(scope="module")
def lx():
    return load_lexicon()


@pytest.mark.parametrize("label, solid, family, alkali, nasicon", [
    ("LATP", True, "NASICON", False, True),
    ("LLZTO", True, "garnet", False, False),
    ("Li6PS5Cl", True, "sulfide", False, False),
    ("Li3YCl6", True, "halide", False, False),
    ("Na2B12H12", True, "hydroborate", False, False),
    ("Na", False, None, True, False),
    ("Li", False, None, True, False),
    ("PEO", False, None, False, False),
    # and the other families, by another of their labels
    ("LLTO", True, "perovskite", False, False),
    ("LiPON", True, "LiPON", False, False),
    ("solid polymer electrolyte", True, "polymer", False, False),
    ("Na-NASICON", True, "NASICON", False, True),
    ("75Li2S–25P2S5 glass", True, "sulfide", False, False),
    ("potassium metal", False, None, True, False),
    ("Li-In alloy", False, None, False, False),
    ("ZnO", False, None, False, False),
])
def test_term_properties(lx, label, solid, family, alkali, nasicon):
    t = lx.lookup(label)
    assert t is not None and t.category == "material", label
    assert (t.is_solid_electrolyte, t.electrolyte_family, t.is_alkali_metal, t.is_nasicon) == (
        solid, family, alkali, nasicon)


def test_material_class_and_is_nasicon_are_unchanged_for_nasicon(lx):
    for label, cls in (("LATP", "LATP"), ("LAGP", "LAGP"), ("LATGP", "LATGP"), ("LZP", "NASICONElectrolyte")):
        t = lx.lookup(label)
        assert t.material_class == cls and t.is_nasicon
        assert t.classes[-3:] == ("NASICONElectrolyte", "SolidElectrolyte", "Material") or \
            t.classes == ("NASICONElectrolyte", "SolidElectrolyte", "Material")


def test_classes_are_most_specific_first(lx):
    assert lx.lookup("LPSCl").classes == ("ArgyroditeElectrolyte", "SulfideElectrolyte", "SolidElectrolyte",
                                          "Material")
    assert lx.lookup("SPE").classes[0] == "PolymerElectrolyte"
    assert {"Polymer", "SolidElectrolyte"} <= set(lx.lookup("SPE").classes)
    assert lx.lookup("sodium").classes == ("AlkaliMetal", "Metal", "Material")


def test_garnet_is_the_family_not_llzo(lx):
    garnet = lx.lookup("garnet")
    assert garnet.category == "family" and garnet.iri == str(NKG.GarnetElectrolyte)
    assert garnet.electrolyte_family == "garnet" and garnet.is_solid_electrolyte
    llzo = lx.lookup("LLZO")
    assert "garnet" not in llzo.labels and "LLZTO" not in llzo.labels
    assert lx.lookup("LLZTO").pref_label == "LLZTO" and lx.lookup("LLZTO").iri != llzo.iri
    assert lx.lookup("LLZGO").pref_label == "Ga-LLZO" and lx.lookup("LALZO").pref_label == "Al-LLZO"
    assert lx.lookup("argyrodite").category == "family"
    assert lx.lookup("NASICON").category == "family" and lx.lookup("NASICON").is_nasicon


#: words that must not be material labels: function words that are element symbols, and the generic
#: words for an electrolyte, which are references to resolve (issue 8), not materials
GENERIC = {"in", "as", "be", "no", "at", "he", "i", "a", "an", "is", "it", "on", "or", "of", "to", "so",
           "sse", "sses", "se", "ses", "electrolyte", "solid electrolyte", "the electrolyte", "garnet",
           "argyrodite", "perovskite", "material", "layer", "coating", "film", "metal", "alloy", "polymer"}


def test_no_generic_word_is_a_material_label(lx):
    bad = {(t.pref_label, label) for t in lx.of("material") for label in t.labels
           if label.casefold() in GENERIC}
    assert not bad


def test_family_members_have_a_formula_or_an_abbreviation(lx):
    """Polymers are named by their abbreviations as prefLabel (MEEP) and have no formula: left out."""
    members = [t for t in lx.of("material") if t.electrolyte_family not in (None, "polymer")]
    assert len(members) >= 30
    missing = [t.pref_label for t in members if not (t.formula or t.abbreviations)]
    assert not missing


def test_every_family_class_is_mapped_to_a_family_name():
    """ELECTROLYTE_FAMILIES is in step with the ontology: each subclass of SolidElectrolyte is a
    family or lies under one, but GlassElectrolyte (a state, not a family)."""
    g = load_ontology_graph()
    ns = str(NKG._NS)
    local = {str(c)[len(ns):] for c in g.transitive_subjects(RDFS.subClassOf, NKG.SolidElectrolyte)
             if str(c).startswith(ns)} - {"SolidElectrolyte"}
    assert set(ELECTROLYTE_FAMILIES) <= local
    for cls in local - {"GlassElectrolyte"}:
        chain = {str(c)[len(ns):] for c in g.transitive_objects(NKG._NS[cls], RDFS.subClassOf)}
        assert chain & set(ELECTROLYTE_FAMILIES), cls
    family_terms = {t.iri[len(ns):] for t in load_lexicon().of("family")}
    assert family_terms - {"ArgyroditeElectrolyte"} == set(ELECTROLYTE_FAMILIES) - {"PolymerElectrolyte"}


def test_classes_come_from_the_graph_not_from_names():
    """A new subclass of a family in a graph gives its members that family, with no code change."""
    g = Graph()
    for triple in load_ontology_graph().triples((None, RDFS.subClassOf, None)):
        g.add(triple)
    new_cls = NKG._NS["CubicGarnetElectrolyte"]
    g.add((new_cls, RDF.type, OWL.Class))
    g.add((new_cls, RDFS.subClassOf, NKG.GarnetElectrolyte))
    m = URIRef("https://w3id.org/nasicon-kg/resource/material/c-LLZTO")
    g.add((m, RDF.type, new_cls))
    g.add((m, SKOS.prefLabel, Literal("c-LLZTO", lang="en")))
    (term,) = terms_from_graph(g)
    assert term.classes == ("CubicGarnetElectrolyte", "GarnetElectrolyte", "SolidElectrolyte", "Material")
    assert term.electrolyte_family == "garnet" and term.is_solid_electrolyte and not term.is_nasicon


def test_hand_made_terms_work_without_the_ontology():
    t = Term(iri="x", pref_label="X", labels=("X",), category="material",
             classes=("HalideElectrolyte", "SolidElectrolyte", "Material"))
    assert t.electrolyte_family == "halide" and t.is_solid_electrolyte and not t.is_alkali_metal
    assert Term(iri="y", pref_label="Y", labels=("Y",), category="material").electrolyte_family is None
    assert Lexicon([t]).lookup("x") is t
