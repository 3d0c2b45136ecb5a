"""The store: atomic replacement of a paper's graph, ontology loading, bound queries."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from nasicon_kg.errors import QueryError, StoreError
from nasicon_kg.ontology import NKG, ONTOLOGY_GRAPH
from nasicon_kg.store import KGStore

G = "https://w3id.org/nasicon-kg/graph/test"


def graph_of(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/s{i}"), NKG.confidence, Literal(i)))
    return g


def test_replace_graph_leaves_no_stale_triples(tmp_path):
    store = KGStore(tmp_path / "kg")
    store.replace_graph(G, graph_of(10))
    store.replace_graph(G, graph_of(3))
    assert store.graph_size(G) == 3
    assert not [g for g in store.graphs() if "staging" in g]


def test_failed_write_keeps_old_graph(tmp_path):
    """If the final MOVE fails, the paper keeps its old graph and no staging graph remains."""
    store = KGStore(tmp_path / "kg")
    store.replace_graph(G, graph_of(5))
    original = store._store

    class Failing:
        def __getattr__(self, name):
            return getattr(original, name)

        def update(self, *args, **kwargs):
            raise OSError("disk full")

    store._store = Failing()
    with pytest.raises(StoreError, match="disk full"):
        store.replace_graph(G, graph_of(50))
    store._store = original
    assert store.graph_size(G) == 5
    assert not [g for g in store.graphs() if "staging" in g]


def test_staging_left_by_a_crash_is_dropped_on_open(tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "kg"
    store = KGStore(path)
    store._store.load(graph_of(2).serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES,
                      to_graph=ox.NamedNode("https://w3id.org/nasicon-kg/graph/staging/dead"))
    store.close()
    reopened = KGStore(path)
    assert not [g for g in reopened.graphs() if "staging" in g]


def test_ontology_loaded_once(tmp_path):
    store = KGStore(tmp_path / "kg")
    assert store.ensure_ontology() is True
    assert store.ensure_ontology() is False
    assert store.graph_size(str(ONTOLOGY_GRAPH)) > 500


def test_bindings_are_substituted_not_formatted():
    store = KGStore(None)
    store.replace_graph(G, graph_of(3))
    evil = 'x" } ; DROP ALL ; #'
    rows = store.select("SELECT ?v ?s WHERE { ?s nkg:confidence ?c . FILTER(STR(?c) = ?v) }", {"v": evil})
    assert rows == []
    assert store.graph_size(G) == 3


def test_malformed_query_raises_query_error():
    with pytest.raises(QueryError, match="malformed query"):
        KGStore(None).select("SELECT WHERE {")
