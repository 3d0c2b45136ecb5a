"""Split a paper's graph into what the paper states and what describes shared entities.

A minted material (``res:material/...``), a cited work (``res:paper/...`` other than the paper
itself and its references, ``<paper>/ref/N``), a named author or cited group of authors
(``res:agent/...``, minted from the name) and an extraction run (``res:run/...``) are used by
many papers. Their descriptions (type, labels, formula, components, a cited work's DOI, an
agent's name, a run's version) are the same in every
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
SHARED_BASES = tuple(RESOURCE_NS + kind for kind in ("material/", "paper/", "agent/", "run/"))


def split_shared(graph: Graph, paper: URIRef) -> tuple[str, str]:
    """(the paper's own triples, the descriptions of shared entities) of one paper's ``graph``, as
    N-Triples text (rdflib's serialiser; the store parses it again before it writes).

    A triple is a description when its subject is shared and it does not point back at the
    paper (``run prov:used paper`` is the paper's own statement). The paper's references
    (``<paper>/ref/N``) are its own too: in the vocabulary graph they made that graph grow with
    every paper, and with it the time of every add. Lines are sorted, so the same graph gives the
    same text. Splitting the serialised lines costs a tenth of building two graphs.
    """
    own, shared, back, refs = [], [], f"<{paper}> .", f"{paper}/ref/"
    for line in sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()):
        if not line.strip():
            continue
        subject = line[1:line.find(">")] if line.startswith("<") else ""
        described = (subject.startswith(SHARED_BASES) and subject != str(paper) and not subject.startswith(refs)
                     and not line.endswith(back))
        (shared if described else own).append(line + "\n")
    return "".join(own), "".join(shared)
