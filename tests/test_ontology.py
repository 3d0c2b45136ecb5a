"""The ontology: parses, the Python namespace is in step with it, labels are unambiguous."""
from __future__ import annotations

from collections import Counter

from rdflib import RDF, URIRef
from rdflib.namespace import OWL

from nasicon_kg.lexicon import load_lexicon
from nasicon_kg.ontology import NKG, load_ontology_graph


def test_every_python_term_is_defined_in_the_ttl():
    g = load_ontology_graph()
    defined = {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}
    missing = [name for name in NKG.__annotations__ if NKG._NS[name] not in defined]
    assert not missing


def test_every_ttl_class_and_property_is_in_python():
    g = load_ontology_graph()
    ns = str(NKG._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {str(s)[len(ns):] for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ns)}
    assert declared - set(NKG.__annotations__) == set()


def test_lexicon_categories_and_labels():
    lx = load_lexicon()
    cats = Counter(t.category for t in lx.terms)
    assert cats["material"] > 60 and cats["method"] >= 15 and cats["problem"] >= 8
    assert cats["strategy_type"] == 5
    assert lx.lookup("alumina doped ZnO").pref_label == "AZO"
    assert lx.lookup("Li3PO4").pref_label == lx.lookup("lithium phosphate").pref_label
    assert lx.lookup("LAGTP").is_nasicon


def test_no_label_names_two_terms():
    lx = load_lexicon()
    owners: dict[str, set[str]] = {}
    for t in lx.terms:
        for label in t.labels:
            owners.setdefault(label.casefold(), set()).add(t.iri)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes


def test_causal_chain_reaches_mci_consequences():
    g = load_ontology_graph()
    reached = set(g.transitive_objects(URIRef(str(NKG._NS) + "ReductionByLithium"), NKG.causes))
    names = {str(r).rsplit("#", 1)[-1] for r in reached}
    assert {"MCIFormation", "IonicConductivityLoss", "HighInterfacialResistance"} <= names


def test_units_in_our_namespace_are_defined():
    from nasicon_kg.nlp.units import UNITS

    g = load_ontology_graph()
    ns = str(NKG._NS)
    ours = {u.qudt for u in UNITS.values() if u.qudt.startswith(ns)}
    qudt_unit = URIRef("http://qudt.org/schema/qudt/Unit")
    assert ours and all((URIRef(iri), RDF.type, qudt_unit) in g for iri in ours), ours
