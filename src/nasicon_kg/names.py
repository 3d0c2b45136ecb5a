"""The project's IRI bases as plain strings, importable without rdflib (the store and the
query commands need them; :mod:`nasicon_kg.ontology` builds its rdflib namespaces from them)."""
from __future__ import annotations

BASE = "https://w3id.org/nasicon-kg/"
ONTOLOGY_NS = BASE + "ontology#"
RESOURCE_NS = BASE + "resource/"
GRAPH_BASE = BASE + "graph/"
ONTOLOGY_GRAPH_IRI = GRAPH_BASE + "ontology"
#: The graph that describes once what papers share: minted materials, cited works, extraction runs.
VOCABULARY_GRAPH_IRI = GRAPH_BASE + "vocabulary"
