"""Split a paper's graph into what the paper states and what describes shared entities.

A minted material (``res:material/...``), a cited work (``res:paper/...`` other than the paper
itself) and an extraction run (``res:run/...``) are used by many papers. Their descriptions
(type, labels, formula, components, a cited work's DOI, a run's version) are the same in every
paper, so the store keeps them once, in the vocabulary graph
(:data:`~nasicon_kg.names.VOCABULARY_GRAPH_IRI`), and a paper's graph keeps only its own
statements: with one copy per paper, every join through a material would repeat its rows once
for each paper that mentions it. Methods and problems are ontology terms, described in the
ontology graph.
"""
from __future__ import annotations

from rdflib import Graph, URIRef

from ..names import RESOURCE_NS

#: IRIs under these bases name entities that papers share.
SHARED_BASES = tuple(RESOURCE_NS + kind for kind in ("material/", "paper/", "run/"))


def is_shared(node: object, paper: URIRef) -> bool:
    """True for the IRI of an entity papers share (``paper`` itself is the paper's own)."""
    return isinstance(node, URIRef) and node != paper and str(node).startswith(SHARED_BASES)


def split_shared(graph: Graph, paper: URIRef) -> tuple[Graph, Graph]:
    """(the paper's own triples, the descriptions of shared entities) of one paper's ``graph``.

    A triple is a description when its subject is shared and it does not point back at the
    paper (``run prov:used paper`` is the paper's own statement).
    """
    own, shared = Graph(), Graph()
    for triple in graph:
        subject, _, obj = triple
        (shared if is_shared(subject, paper) and obj != paper else own).add(triple)
    return own, shared
