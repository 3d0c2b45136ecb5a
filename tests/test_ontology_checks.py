"""The checks ontology projects run: OWL 2 DL declarations, an OWL-RL closure with no contradiction,
SHACL, and a report that every term has a label, a definition, and a domain and range where it should."""
from __future__ import annotations

import owlrl
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nasicon_kg.ontology import NKG, load_ontology_graph, local_name
from nasicon_kg.units import UNITS

from .conftest import ROOT

NS = str(NKG._NS)
ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
#: Text only: labels and definitions take no part in OWL RL's rules, so the closure leaves them out.
NOTES = {RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, NKG.abbreviation, NKG.formula}
#: Properties used on subjects of classes that share no superclass below owl:Thing: no rdfs:domain.
#: (Each one's rdfs:comment names what it is used on.)
NO_DOMAIN = {
    "authorList": "papers and references", "journal": "papers and references", "year": "papers and references",
    "contentHash": "papers and the ontology's graph", "temperature": "cell tests, measurements and conditions",
    "temperatureCelsius": "cell tests, measurements and conditions",
    "confidence": "every kind of fact", "hasEvidence": "every kind of fact", "sourcePaper": "facts and evidence",
    "citesReference": "facts and evidence",
}


def terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(t for t in graph.subjects(RDF.type, kind) if str(t).startswith(NS))


def contradictions(graph: Graph) -> list[str]:
    """The inconsistencies the OWL-RL closure of ``graph`` (without its text) finds."""
    logic = Graph()
    for triple in graph:
        if triple[1] not in NOTES:
            logic.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(logic)
    return sorted(str(logic.value(e, ERROR_TEXT)) for e in logic.subjects(RDF.type, ERROR))


def test_every_term_has_one_kind_of_declaration():
    graph = load_ontology_graph()
    for term in {t for kind in KINDS for t in terms(graph, kind)}:
        kinds = [k for k in KINDS[1:] if (term, RDF.type, k) in graph]
        assert len(kinds) <= 1, (term, kinds)  # OWL 2 DL: a property is of one kind
    assert (NKG.formula, RDF.type, OWL.AnnotationProperty) in graph
    assert (NKG.formula, RDF.type, OWL.DatatypeProperty) not in graph


def test_resistivity_is_the_qudt_unit():
    assert UNITS["ohm cm"].qudt == "http://qudt.org/vocab/unit/OHM-CentiM"
    assert (URIRef(NS + "OHM-CentiM"), None, None) not in load_ontology_graph()


def test_report_every_term_has_a_label_and_a_definition():
    graph, missing = load_ontology_graph(), []
    for kind in KINDS:
        for term in terms(graph, kind):
            if graph.value(term, RDFS.label) is None:
                missing.append(f"{local_name(term)}: no rdfs:label")
            if graph.value(term, SKOS.definition) is None and graph.value(term, RDFS.comment) is None:
                missing.append(f"{local_name(term)}: no skos:definition or rdfs:comment")
    assert not missing, "\n".join(missing)


def test_report_object_and_datatype_properties_have_domain_and_range():
    graph, missing = load_ontology_graph(), []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in terms(graph, kind):
            name = local_name(prop)
            if graph.value(prop, RDFS.range) is None:
                missing.append(f"{name}: no rdfs:range")
            if graph.value(prop, RDFS.domain) is None and name not in NO_DOMAIN:
                missing.append(f"{name}: no rdfs:domain")
            if name in NO_DOMAIN and graph.value(prop, RDFS.domain) is not None:
                missing.append(f"{name}: has a domain now; take it off NO_DOMAIN")
    assert not missing, "\n".join(missing)


def test_owl_rl_closure_of_the_ontology_and_papers_finds_no_contradiction():
    graph = Graph()
    for triple in load_ontology_graph():
        graph.add(triple)
    papers = Dataset()
    papers.parse(ROOT / "tests" / "fixtures" / "viz" / "mini.trig", format="trig")
    for s, p, o, _ in papers.quads():
        graph.add((s, p, o))
    assert contradictions(graph) == []


def test_the_closure_does_report_a_contradiction():
    graph, paper = Graph(), BNode()
    graph.add((NKG.OriginalStudy, OWL.disjointWith, NKG.Review))  # as the ontology says
    graph.add((paper, RDF.type, NKG.Review))
    graph.add((paper, RDF.type, NKG.OriginalStudy))
    assert any("disjoint" in message.lower() for message in contradictions(graph))


def test_shacl_checks_what_the_ontology_implies():
    """pyshacl with the ontology's RDFS: a node with a thickness is a strategy (rdfs:domain), and a
    strategy without evidence, paper or material is refused. (The built corpus conforms: test_golden.)"""
    from nasicon_kg.validate import validate_graph

    data, node = Graph(), URIRef("https://w3id.org/nasicon-kg/resource/strategy/x")
    data.add((node, NKG.thickness, URIRef("https://w3id.org/nasicon-kg/resource/qv/x")))
    report = validate_graph(data)
    assert not report.conforms
    assert {v.focus for v in report.violations} >= {str(node)}
    assert {local_name(v.path) for v in report.violations if v.focus == str(node)} >= {
        "protects", "layerMaterial", "hasEvidence", "sourcePaper"}


@pytest.mark.parametrize("family", ["LATP", "LAGP", "LATGP"])
def test_a_family_class_and_its_material_answer_the_same(built_store, family):
    """docs/ontology.md: the class nkg:LATP holds res:material/LATP and every composition variantOf it."""
    cls, material = NS + family, built_store_material(family)
    typed = {r["m"] for r in built_store.select("SELECT ?m WHERE { ?m a ?c }", {"c": cls})}
    variants = {r["m"] for r in built_store.select("SELECT ?m WHERE { ?m nkg:variantOf* ?f }", {"f": material})}
    assert typed == variants and material in typed
    by_class = built_store.select("SELECT DISTINCT ?s WHERE { ?s nkg:protects ?m . ?m a ?c }", {"c": cls})
    by_material = built_store.select("SELECT DISTINCT ?s WHERE { ?s nkg:protects/nkg:variantOf* ?f }",
                                     {"f": material})
    assert {r["s"] for r in by_class} == {r["s"] for r in by_material}


def built_store_material(family: str) -> str:
    return "https://w3id.org/nasicon-kg/resource/material/" + family


def test_authors_are_agents_with_names(built_store):
    creators = built_store.select("SELECT ?a ?name WHERE { ?p a nkg:Review ; dcterms:creator ?a . "
                                  "?a a foaf:Person , prov:Agent ; foaf:name ?name }")
    assert len(creators) >= 3 and all(r["a"].startswith(PREFIX_AGENT) for r in creators)
    reporters = built_store.select("SELECT ?s ?name WHERE { ?s nkg:reportedBy ?a . ?a a prov:Agent ; foaf:name ?name }")
    assert len(reporters) >= 10 and all(r["name"] for r in reporters)
    assert built_store.select("SELECT ?s WHERE { { ?s nkg:reportedBy ?x } UNION { ?s dcterms:creator ?x } "
                              "FILTER(isLiteral(?x)) }") == []


def test_an_agent_is_one_iri_however_its_name_is_spaced():
    from nasicon_kg.rdf.iris import agent_iri

    assert agent_iri("X. Hao") == agent_iri("X Hao") == agent_iri("x.  hao")
    assert agent_iri("X. Hao") != agent_iri("Y. Hao")


PREFIX_AGENT = "https://w3id.org/nasicon-kg/resource/agent/"


def test_a_cited_work_is_its_paper_once_that_paper_is_added(tmp_path):
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.queries import load_query
    from nasicon_kg.rdf import iris
    from nasicon_kg.rdf.mapping import facts_to_graph
    from nasicon_kg.readers import read_document
    from nasicon_kg.store import KGStore

    cited = tmp_path / "cited.md"
    cited.write_text("# Zinc oxide interlayers on LATP\n\nDOI: 10.9999/Cited.B\n\n## Results\n\n"
                     "A ZnO layer was sputtered on LATP.\n", encoding="utf-8")
    citing = tmp_path / "citing.md"
    citing.write_text("# A review of LATP interfaces\n\nDOI: 10.9999/citing.a\n\n## Introduction\n\n"
                      "ZnO layers help.<sup>1</sup>\n\n## References\n\n1 A. Author and B. Writer, J. Test. "
                      "Chem., 2021, 12, 345. https://doi.org/10.9999/cited.b\n", encoding="utf-8")
    store, lexicon = KGStore(None), load_lexicon()

    def add(path):
        document = read_document(path)
        store.replace_graph(str(iris.graph_iri(document)), facts_to_graph(document, [], lexicon))
        return document

    add(citing)
    assert store.select(load_query("cited_papers")) == []  # the cited paper is not in the store yet
    document = add(cited)
    [row] = store.select(load_query("cited_papers"))
    assert row["cited"] == str(iris.paper_iri(document))  # the DOI's case and https://doi.org/ do not matter
    assert row["cited_title"] == "Zinc oxide interlayers on LATP" and row["ref_number"] == 1
