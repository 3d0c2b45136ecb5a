"""JSON-LD: the published @context, and exports that RDF readers read in full."""
from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from nasicon_kg.jsonld import context_path, load_context, make_context
from nasicon_kg.ontology import NKG
from nasicon_kg.store import PREFIXES, KGStore

from .conftest import ROOT
from .test_cli import cli, one_error_line


def test_the_published_context_is_made_from_the_ontology():
    assert load_context() == make_context(), (
        f"{context_path()} is out of step with the ontology: run python -m nasicon_kg.jsonld")


def test_context_terms_carry_their_types():
    context = load_context()["@context"]
    assert {k: context[k] for k in ("nkg", "res", "qk")} == {k: PREFIXES[k] for k in ("nkg", "res", "qk")}
    assert context["chmo"] == {"@id": PREFIXES["chmo"], "@prefix": True}  # ends in "_", not a gen-delim
    assert context["layerMaterial"] == {"@id": "nkg:layerMaterial", "@type": "@id"}
    assert context["year"] == {"@id": "nkg:year", "@type": "xsd:integer"}
    assert context["qudt:numericValue"] == {"@type": "xsd:double"}
    assert context["LATP"] == "nkg:LATP"
    assert context["evidenceText"] == "nkg:evidenceText"  # xsd:string: plain strings


def test_a_document_written_with_the_context_reads_as_typed_triples():
    doc = {"@context": load_context()["@context"], "@id": "res:strategy/x", "@type": "InorganicProtectiveLayer",
           "layerMaterial": "res:material/ZnO", "year": "2022",
           "thickness": {"@id": "res:qv/t", "qudt:numericValue": "20", "qudt:unit": "unit:NanoM"}}
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    res, unit = PREFIXES["res"], PREFIXES["unit"]
    assert (URIRef(res + "strategy/x"), NKG.layerMaterial, URIRef(res + "material/ZnO")) in g
    assert (URIRef(res + "strategy/x"), NKG.year, Literal("2022", datatype=XSD.integer)) in g
    assert (URIRef(res + "qv/t"), URIRef(PREFIXES["qudt"] + "numericValue"), Literal("20", datatype=XSD.double)) in g
    assert (URIRef(res + "qv/t"), URIRef(PREFIXES["qudt"] + "unit"), URIRef(unit + "NanoM")) in g
    method = {"@context": load_context()["@context"], "@id": "res:strategy/y", "fabricationMethod": "chmo:0001311"}
    assert (URIRef(res + "strategy/y"), NKG.fabricationMethod, URIRef(PREFIXES["chmo"] + "0001311")) in Graph().parse(
        data=json.dumps(method), format="json-ld")


@pytest.fixture(scope="module")
def mini_store():
    """Three papers' graphs (tests/fixtures/viz/mini.trig) in a store in memory, one named graph each."""
    papers = Dataset()
    papers.parse(ROOT / "tests" / "fixtures" / "viz" / "mini.trig", format="trig")
    store = KGStore(None)
    for graph in papers.graphs():
        if len(graph):
            store.replace_graph(str(graph.identifier), graph)
    return store


def test_jsonld_export_merges_the_graphs_into_one(mini_store):
    data = mini_store.export("jsonld")
    assert json.loads(data)["@context"]["nkg"] == PREFIXES["nkg"]
    merged = Graph().parse(data=data, format="json-ld")
    assert len(merged) > 150
    assert isomorphic(merged, Graph().parse(data=mini_store.export("nt"), format="nt"))


def test_jsonld_export_can_keep_one_graph_per_paper(mini_store):
    data = Dataset()
    data.parse(data=mini_store.export("jsonld", graphs=True), format="json-ld")
    names = {str(g.identifier) for g in data.graphs() if len(g)}
    assert names == set(mini_store.graphs()) and len(names) == 3
    assert sum(1 for _ in data.quads()) == len(mini_store)


def test_graphs_need_a_dataset_format(built_store):
    line = one_error_line(cli("export", "--format", "ttl", "--graphs", "--store", built_store.path))
    assert "trig, nq or jsonld" in line
