"""Shared entities described once: the vocabulary graph, and queries that grow linearly with papers."""
from __future__ import annotations

import collections
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from nasicon_kg.names import VOCABULARY_GRAPH_IRI
from nasicon_kg.ontology import NKG, ONTOLOGY_GRAPH, RES
from nasicon_kg.rdf.vocabulary import SHARED_BASES, split_shared
from nasicon_kg.store import KGStore

ROOT = Path(__file__).resolve().parents[1]
#: the competency queries and the map's (src/nasicon_kg/viz/queries)
QUERIES = sorted(ROOT.glob("queries/*.rq")) + sorted(ROOT.glob("src/nasicon_kg/viz/queries/*.rq"))
#: Queries whose rows are ontology terms or groups of them: more copies of a paper add no rows.
PER_TERM = {"causal_chain", "lagp_unsolved", "layers_by_method", "strategy_types", "viz_problems", "viz_terms"}


def copies(built: KGStore, n: int) -> KGStore:
    """The review's stored graph written ``n`` times as new papers: every IRI of the paper's own
    (the paper, its facts, evidence, references) renamed per copy, the shared entities kept."""
    import pyoxigraph as ox

    name = next(g for g in built.graphs() if "/graph/doi/" in g)
    paper = RES[name.split("/graph/", 1)[1].join(("paper/", ""))]
    vocabulary = ox.NamedNode(VOCABULARY_GRAPH_IRI)
    shared = ox.serialize(built._store.quads_for_pattern(None, None, None, vocabulary), format=ox.RdfFormat.N_QUADS)
    own = [q for q in built._store.quads_for_pattern(None, None, None, ox.NamedNode(name))]
    store = KGStore(None)
    store.ensure_ontology()
    for i in range(n):
        def rename(term, i=i):
            own = isinstance(term, ox.NamedNode) and term.value.startswith(str(RES)) and (
                term.value.startswith(str(paper)) or not term.value.startswith(SHARED_BASES))
            if not own:
                return term
            if term.value.startswith(str(paper)):
                return ox.NamedNode(term.value.replace(str(paper), f"{paper}-copy{i}", 1))
            return ox.NamedNode(f"{term.value}-copy{i}")
        triples = (ox.Triple(rename(q.subject), q.predicate, rename(q.object)) for q in own)
        store.replace_paper(f"{name}-copy{i}", ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(),
                            shared.decode().replace(f" <{VOCABULARY_GRAPH_IRI}> .", " ."))
    return store


#: queries with nothing to find in the review alone: its references give no DOIs to join a stored paper by
EMPTY_ON_THE_REVIEW = {"cited_papers"}


@pytest.fixture(scope="module")
def one_and_three(built_store):
    return copies(built_store, 1), copies(built_store, 3)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_rows_grow_exactly_with_papers(one_and_three, path):
    from nasicon_kg.queries import run

    one, three = one_and_three
    sparql = path.read_text(encoding="utf-8")
    rows_one, rows_three = run(one, sparql)[1], run(three, sparql)[1]
    if path.stem in EMPTY_ON_THE_REVIEW:
        assert rows_one == rows_three == []
        return
    assert rows_one, "a competency query answers nothing on the review"
    keys = [tuple(sorted(r.items())) for r in rows_one]
    assert len(keys) == len(set(keys)), collections.Counter(keys).most_common(1)
    expected = len(rows_one) if path.stem in PER_TERM else 3 * len(rows_one)
    assert len(rows_three) == expected


def test_a_shared_material_is_described_once(one_and_three):
    _, three = one_and_three
    rows = three.select("SELECT ?g ?m WHERE { GRAPH ?g { ?m ?p ?o } FILTER(STRSTARTS(STR(?m), STR(?base))) }",
                        {"base": str(RES) + "material/"})
    assert rows and {r["g"] for r in rows} - {str(ONTOLOGY_GRAPH)} == {VOCABULARY_GRAPH_IRI}
    labels = three.select("SELECT ?m ?l WHERE { ?m nkg:newMaterial true ; skos:prefLabel ?l }")
    assert len(labels) == len({r["m"] for r in labels}) > 10


def paper(key: str, *materials: str, components: tuple[str, str] | None = None) -> tuple[str, str, str]:
    """A paper graph (name, own, shared) whose one strategy uses ``materials`` (minted), the first
    of ``components`` made with the second."""
    p, g = RES[f"paper/doi/10.5555/{key}"], Graph()
    g.add((p, RDF.type, NKG.OriginalStudy))
    g.add((p, NKG.contentHash, Literal(key)))
    s = RES[f"strategy/{key}"]
    g.add((s, NKG.sourcePaper, p))
    for name in materials:
        m = RES[f"material/{name}"]
        g.add((s, NKG.layerMaterial, m))
        g.add((m, RDF.type, NKG.Material))
        g.add((m, SKOS.prefLabel, Literal(name, lang="en")))
    if components:
        whole, part = (RES[f"material/{c}"] for c in components)
        g.add((whole, NKG.hasComponent, part))
        g.add((part, RDF.type, NKG.Material))
    return (f"https://w3id.org/nasicon-kg/graph/doi/10.5555/{key}", *split_shared(g, p))


def described(store: KGStore) -> set[str]:
    return {r["m"].rsplit("/", 1)[1] for r in store.select(
        f"SELECT ?m WHERE {{ GRAPH <{VOCABULARY_GRAPH_IRI}> {{ ?m ?p ?o }} }}")}


def test_removing_the_last_paper_that_uses_a_material_removes_it(tmp_path):
    store = KGStore(tmp_path / "kg")
    a, b = paper("a", "ZnO", "AlF3"), paper("b", "ZnO")
    store.replace_paper(*a)
    store.replace_paper(*b)
    assert described(store) == {"ZnO", "AlF3"}
    store.remove_graph(a[0])
    assert described(store) == {"ZnO"}
    store.remove_graph(b[0])
    assert described(store) == set()


def test_a_replaced_paper_redescribes_what_only_it_used(tmp_path):
    store = KGStore(tmp_path / "kg")
    store.replace_paper(*paper("a", "ZnO", "AlF3"))
    store.replace_paper(*paper("b", "ZnO"))
    store.replace_paper(*paper("a", "Li3N"))
    assert described(store) == {"ZnO", "Li3N"}
    store.replace_paper(*paper("b", "LiF"))
    assert described(store) == {"Li3N", "LiF"}


def test_a_component_of_a_used_material_stays(tmp_path):
    store = KGStore(tmp_path / "kg")
    name, own, shared = paper("a", "PEO-LiTFSI", components=("PEO-LiTFSI", "LiTFSI"))
    store.replace_paper(name, own, shared)
    other = paper("b", "ZnO")
    store.replace_paper(*other)
    store.remove_graph(other[0])
    assert described(store) == {"PEO-LiTFSI", "LiTFSI"}
    store.remove_graph(name)
    assert described(store) == set()


def test_a_paper_graph_keeps_what_points_at_the_paper():
    p = RES["paper/doi/10.5555/x"]
    run = RES["run/nasicon-kg-0"]
    g = Graph()
    g.add((run, RDF.type, NKG.ExtractionRun))
    g.add((run, URIRef("http://www.w3.org/ns/prov#used"), p))
    own, shared = split_shared(g, p)
    assert shared == f"<{run}> <{RDF.type}> <{NKG.ExtractionRun}> .\n"
    assert own == f"<{run}> <http://www.w3.org/ns/prov#used> <{p}> .\n"


def test_a_paper_keeps_its_references_and_shares_its_agents():
    """A reference (``<paper>/ref/N``) is the paper's own, however like a cited work's IRI it looks;
    an agent (minted from a name) is shared, so a join through its name gives one row."""
    from rdflib.namespace import FOAF

    p = RES["paper/doi/10.5555/x"]
    ref, cited, agent = URIRef(f"{p}/ref/1"), RES["paper/doi/10.5555/y"], RES["agent/0f0d8eac7b5a6e17"]
    g = Graph()
    g.add((p, NKG.hasReference, ref))
    g.add((ref, NKG.referenceNumber, Literal(1)))
    g.add((ref, NKG.citesWork, cited))
    g.add((cited, RDF.type, NKG.Paper))
    g.add((agent, FOAF.name, Literal("Hao et al.")))
    own, shared = split_shared(g, p)
    assert {line.split(" ", 1)[0] for line in own.splitlines()} == {f"<{p}>", f"<{ref}>"}
    assert {line.split(" ", 1)[0] for line in shared.splitlines()} == {f"<{cited}>", f"<{agent}>"}
