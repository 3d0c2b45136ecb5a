"""SHACL validation of the store's paper graphs against ontology/shapes.ttl (pyshacl)."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, SH

from .ontology import load_ontology_graph, shapes_path
from .store import KGStore


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    shapes: int
    focus_nodes: int


def validate_graph(data: Graph) -> ValidationReport:
    """Validate one graph (paper triples and the ontology graph, whose individuals are
    referenced by the papers); the ontology also gives the class hierarchy (RDFS)."""
    import pyshacl

    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=load_ontology_graph(),
                                            inference="rdfs", abort_on_first=False, allow_warnings=True)
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        violations.append(Violation(focus=str(results.value(result, SH.focusNode)),
                                    path=str(results.value(result, SH.resultPath) or ""),
                                    message=str(results.value(result, SH.resultMessage) or "")))
    targets = sum(1 for _ in shapes.subjects(RDF.type, SH.NodeShape))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations), shapes=targets,
                            focus_nodes=len(set(data.subjects())))


def validate_store(store: KGStore) -> ValidationReport:
    return validate_graph(store.dataset_graph(include_ontology=True))
