"""The ontology: parses, the Python namespace is in step with it, labels are unambiguous."""
from __future__ import annotations

from collections import Counter

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import OWL, SKOS

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
    assert cats["material"] > 100 and cats["method"] >= 15 and cats["problem"] >= 13
    assert cats["strategy_type"] == 5 and cats["strategy_kind"] == 5
    assert cats["family"] == 8
    assert lx.lookup("alumina doped ZnO").pref_label == "AZO"
    assert lx.lookup("Li3PO4").pref_label == lx.lookup("lithium phosphate").pref_label
    assert lx.lookup("LAGTP").is_nasicon


def test_no_label_names_two_terms():
    from nasicon_kg.lexicon import _fold

    lx = load_lexicon()
    owners: dict[str, set[str]] = {}
    for t in lx.terms:
        for label in t.labels:
            owners.setdefault(_fold(label), set()).add(t.iri)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes


# ---------------------------------------------------------------- scope: any electrolyte, Li or Na

NS = str(NKG._NS)


def _subclasses(g, root):
    return {c for c in g.transitive_subjects(RDFS.subClassOf, root) if c != root}


def test_every_family_kind_and_new_class_has_a_label_and_a_definition():
    g = load_ontology_graph()
    classes = (_subclasses(g, NKG.SolidElectrolyte) | _subclasses(g, NKG.InterfaceStrategy)
               | {NKG.SolidElectrolyte, NKG.AlkaliMetal, NKG.Alloy, NKG.InferredAddress, NKG.Modality})
    assert {NKG.GarnetElectrolyte, NKG.SulfideElectrolyte, NKG.HalideElectrolyte, NKG.HydroborateElectrolyte,
            NKG.PerovskiteElectrolyte, NKG.LiPONElectrolyte, NKG.PolymerElectrolyte, NKG.ElectrolyteCoating,
            NKG.AnodeCoating, NKG.Interlayer, NKG.AlloyOrCompositeAnode,
            NKG.CurrentCollectorCoating} <= classes
    unlabelled = [c for c in classes if g.value(c, RDFS.label) is None]
    undefined = [c for c in classes
                 if g.value(c, RDFS.comment) is None and g.value(c, SKOS.definition) is None]
    assert not unlabelled and not undefined, (unlabelled, undefined)


def test_families_sit_under_solid_electrolyte_and_polymer_electrolyte_is_both():
    g = load_ontology_graph()
    under = _subclasses(g, NKG.SolidElectrolyte)
    for name in ("NASICONElectrolyte", "GarnetElectrolyte", "SulfideElectrolyte", "ArgyroditeElectrolyte",
                 "HalideElectrolyte", "HydroborateElectrolyte", "PerovskiteElectrolyte", "GlassElectrolyte",
                 "LiPONElectrolyte", "PolymerElectrolyte", "LATP", "LAGP", "LATGP"):
        assert NKG._NS[name] in under, name
    assert NKG.PolymerElectrolyte in _subclasses(g, NKG.Polymer)
    assert NKG.Polymer not in under


def test_alignment_iris_are_only_the_verified_ones():
    """closeMatch/exactMatch targets come from ../shared/ONTOLOGY_ALIGNMENT.md (copied here, as the
    ontology may be installed without it): no new external IRI sneaks in."""
    verified_prefixes = ("https://w3id.org/emmo/domain/electrochemistry#electrochemistry_",
                         "https://w3id.org/emmo/domain/battery#battery_", "https://w3id.org/emmo#EMMO_",
                         "http://purl.obolibrary.org/obo/CHMO_",
                         "https://w3id.org/emmo/domain/chemical-substance#substance_")
    g = load_ontology_graph()
    targets = {str(o) for p in (SKOS.closeMatch, SKOS.exactMatch) for o in g.objects(None, p)}
    assert all(t.startswith(verified_prefixes) for t in targets), targets
    # the new classes reuse only IRIs already used for the old ones
    echem = "https://w3id.org/emmo/domain/electrochemistry#electrochemistry_"
    assert {str(o) for o in g.objects(NKG.ElectrolyteCoating, SKOS.closeMatch)} == {
        echem + "09a7f560_9ddf_4c32_b067_b213eca5b0a1"}


def test_strategy_classes_have_one_facet_each():
    g = load_ontology_graph()
    facets = {c: str(g.value(c, NKG.strategyFacet)) for c in _subclasses(g, NKG.InterfaceStrategy)}
    assert Counter(facets.values()) == {"material": 5, "kind": 5}
    lx = load_lexicon()
    kinds = {t.pref_label for t in lx.of("strategy_kind")}
    assert kinds == {"electrolyte coating", "anode coating", "interlayer", "alloy or composite anode",
                     "current-collector coating"}
    assert {t.pref_label for t in lx.of("strategy_type")} == {
        "inorganic protective layer", "polymer protective layer", "hybrid layer", "composite electrolyte",
        "sandwich interlayer"}
    assert lx.lookup("artificial SEI layer").pref_label == "anode coating"
    assert lx.lookup("coated current collector").category == "strategy_kind"


def test_problems_of_alkali_metal_interfaces():
    g = load_ontology_graph()
    problem = URIRef(NS + "Problem")
    names = {local(p) for p in g.subjects(RDF.type, problem)}
    assert {"VoidFormation", "VolumeExpansion", "ElectrolyteDecomposition", "HighInterfacialResistance",
            "PoorContact", "DendriteGrowth", "MetalPenetration", "ReductionByLithium",
            "ReductionBySodium"} <= names
    li, na = URIRef(NS + "ReductionByLithium"), URIRef(NS + "ReductionBySodium")
    assert set(g.objects(li, NKG.causes)) == set(g.objects(na, NKG.causes))
    reached = {local(r) for r in g.transitive_objects(URIRef(NS + "VoidFormation"), NKG.causes)}
    assert {"PoorContact", "HighInterfacialResistance", "DendriteGrowth", "ShortCircuit"} <= reached
    lx = load_lexicon()
    assert lx.lookup("reduction by Li metal").iri == NS + "ReductionByLithium"
    assert lx.lookup("reduction by sodium metal").iri == NS + "ReductionBySodium"
    assert lx.lookup("Na dendrite growth").pref_label == "dendrite growth"
    assert lx.lookup("Li penetration").category == "problem"


def test_a_term_has_at_most_one_formula():
    g = load_ontology_graph()
    counts = Counter(s for s in g.subjects(NKG.formula, None))
    assert not [s for s, n in counts.items() if n > 1]


def local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def test_causal_chain_reaches_mci_consequences():
    g = load_ontology_graph()
    reached = set(g.transitive_objects(URIRef(str(NKG._NS) + "ReductionByLithium"), NKG.causes))
    names = {str(r).rsplit("#", 1)[-1] for r in reached}
    assert {"MCIFormation", "IonicConductivityLoss", "HighInterfacialResistance"} <= names


def test_units_in_our_namespace_are_defined():
    from nasicon_kg.units import UNITS

    g = load_ontology_graph()
    ns = str(NKG._NS)
    ours = {u.qudt for u in UNITS.values() if u.qudt.startswith(ns)}
    qudt_unit = URIRef("http://qudt.org/schema/qudt/Unit")
    assert ours and all((URIRef(iri), RDF.type, qudt_unit) in g for iri in ours), ours
