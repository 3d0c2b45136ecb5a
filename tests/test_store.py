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


def test_a_replacement_is_one_update_and_writes_no_staging_graph(tmp_path):
    store = KGStore(tmp_path / "kg")
    store.replace_graph(G, graph_of(5))
    original, calls = store._store, []

    class Recording:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(original, name)

    store._store = Recording()
    store.replace_graph(G, graph_of(7))
    store._store = original
    assert [c for c in calls if c != "flush"] == ["update"]
    assert store.graph_size(G) == 7


PAPER_TTL = """@prefix nkg: <https://w3id.org/nasicon-kg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nasicon-kg/resource/paper/{key}> a nkg:{kind} ; nkg:contentHash "{key}" ; dcterms:title "{title}" .
"""


def test_a_staging_graph_left_by_a_crash_is_never_shown(tmp_path):
    """A store with a staging graph an older version's crash left, opened read-only as list,
    query and export open it: none of them shows it."""
    import pyoxigraph as ox
    from typer.testing import CliRunner

    from nasicon_kg.cli import app

    path = tmp_path / "kg"
    store = KGStore(path)
    store.ensure_ontology()
    store.replace_graph(G, Graph().parse(data=PAPER_TTL.format(key="whole", kind="OriginalStudy",
                                                               title="The whole paper"), format="turtle"))
    size = len(store)
    store.close()
    raw = ox.Store(str(path))
    raw.load(PAPER_TTL.format(key="half", kind="Review", title="HALF WRITTEN"), format=ox.RdfFormat.TURTLE,
             to_graph=ox.NamedNode("https://w3id.org/nasicon-kg/graph/staging/0123abcd"))
    raw.flush()
    del raw

    reader = KGStore(path, read_only=True)
    assert [e.title for e in reader.papers()] == ["The whole paper"]
    assert not [g for g in reader.graphs() if "staging" in g] and len(reader) == size
    titles = reader.select("SELECT ?t WHERE { ?p dcterms:title ?t }")
    assert {r["t"] for r in titles} == {"The whole paper", "nasicon-kg ontology"}
    assert reader.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'staging')) } LIMIT 1") == []
    for fmt in ("trig", "nq", "ttl", "jsonld"):
        assert b"HALF WRITTEN" not in reader.export(fmt) and b"staging" not in reader.export(fmt), fmt
    assert "HALF WRITTEN" not in reader.dataset_graph().serialize(format="nt")
    del reader
    runner = CliRunner()
    for args in (["list"], ["query", "SELECT ?t WHERE { ?p dcterms:title ?t }", "-f", "csv"], ["export", "-f", "nq"]):
        result = runner.invoke(app, [*args, "--store", str(path)])
        assert result.exit_code == 0 and "HALF WRITTEN" not in result.output and "staging" not in result.output, args


KILLED_WRITER = """
import sys
from rdflib import Graph, Literal, URIRef
from nasicon_kg.ontology import NKG
from nasicon_kg.store import KGStore

def version(tag, n):
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/{tag}/s{i}"), NKG.confidence, Literal(tag)))
    return g

store = KGStore(sys.argv[1])
store.replace_graph(sys.argv[2], version("old", 3000))
print("ready", flush=True)
i = 0
while True:
    store.replace_graph(sys.argv[2], version("new" if i % 2 == 0 else "old", 8000 if i % 2 == 0 else 3000))
    i += 1
"""


def test_a_writer_killed_at_any_moment_leaves_the_old_or_the_new_paper(tmp_path):
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    path, seen = tmp_path / "kg", set()
    rng = random.Random(9)
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), G], stdout=subprocess.PIPE,
                                stdin=subprocess.DEVNULL)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        reader = KGStore(path, read_only=True)
        tags = reader.select("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s nkg:confidence ?c } }")
        assert len(tags) == 1, tags
        tag = tags[0]["c"]
        assert reader.graph_size(G) == {"old": 3000, "new": 8000}[tag]
        assert [g.value for g in reader._store.named_graphs()] == [G]  # raw: no staging graph either
        seen.add(tag)
        del reader
    assert seen  # which of the two each kill left is chance; that it is one of them is not
