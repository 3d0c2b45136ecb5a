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

#: Value shortcuts: a QUDT quantity property (its object a qudt:QuantityValue) -> the literal written
#: beside it on the same subject, the quantity's qudt:numericValue in one fixed unit (a units.py key).
#: Queries read the one literal instead of two hops (property, then qudt:numericValue), for speed;
#: ontology/shapes.ttl checks that a shortcut agrees with its quantity.
VALUE_SHORTCUTS = {
    ONTOLOGY_NS + "duration": (ONTOLOGY_NS + "durationHours", "h"),
    ONTOLOGY_NS + "currentDensity": (ONTOLOGY_NS + "currentDensityMilliAmpPerSqCm", "mA/cm2"),
    ONTOLOGY_NS + "temperature": (ONTOLOGY_NS + "temperatureCelsius", "degC"),
    ONTOLOGY_NS + "thickness": (ONTOLOGY_NS + "thicknessNanometres", "nm"),
}
