"""Counts over the store."""
from __future__ import annotations

from .store import KGStore

_COUNTS = {
    "strategies": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* nkg:InterfaceStrategy ; nkg:sourcePaper ?p }",
    "symmetric-cell tests": "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a nkg:SymmetricCellTest }",
    "full-cell tests": "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a nkg:FullCellTest }",
    "property measurements": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a/rdfs:subClassOf* nkg:PropertyMeasurement ; nkg:sourcePaper ?p }",
    "causal claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a nkg:CausalClaim }",
    "materials used": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { { ?s nkg:layerMaterial ?m } UNION { ?s nkg:protects ?m } UNION { ?x nkg:ofMaterial ?m } }",
    "new materials (not in the ontology)": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m nkg:newMaterial true }",
    "evidence records": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a nkg:Evidence }",
    "references": "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a nkg:Reference }",
}


def store_stats(store: KGStore) -> dict[str, int]:
    from .ontology import ONTOLOGY_GRAPH

    graphs = store.graphs()
    papers = len(store.papers())
    out = {"papers": papers, "named graphs": len(graphs), "quads": len(store),
           "ontology triples": store.graph_size(str(ONTOLOGY_GRAPH)) if str(ONTOLOGY_GRAPH) in graphs else 0}
    for name, sparql in _COUNTS.items():
        out[name] = int(store.scalar(sparql) or 0)
    return out
