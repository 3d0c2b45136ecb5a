"""JSON-LD: the published @context (ontology/context.jsonld) and compact exports.

The context is made from the ontology, so it names every nkg: class and property the .ttl
declares: an object property is ``{"@type": "@id"}``, a datatype property carries its
rdfs:range as ``@type`` (nkg:year xsd:integer, nkg:confidence xsd:decimal), except xsd:string,
whose values are plain strings. ``python -m nasicon_kg.jsonld`` writes the file; a test keeps it
in step with the ontology.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .ontology import NKG, load_ontology_graph, local_name, ontology_dir

CONTEXT_FILE = "context.jsonld"
CONTEXT_IRI = "https://w3id.org/nasicon-kg/context.jsonld"

#: Properties of other vocabularies that the papers' graphs use, with the type of their values.
_BORROWED = {
    "qudt:numericValue": {"@type": "xsd:double"},
    "qudt:unit": {"@type": "@id"},
    "qudt:hasQuantityKind": {"@type": "@id"},
    "prov:wasGeneratedBy": {"@type": "@id"},
    "prov:used": {"@type": "@id"},
    "dcterms:created": {"@type": "xsd:dateTime"},
}


def context_path() -> Path:
    return ontology_dir() / CONTEXT_FILE


def make_context(ontology: Graph | None = None) -> dict:
    """The @context: the store's prefixes, then one term per nkg: class and property."""
    from .store import PREFIXES

    graph = ontology if ontology is not None else load_ontology_graph()
    context: dict[str, object] = {prefix: _prefix_definition(namespace) for prefix, namespace in PREFIXES.items()}
    context.update(_BORROWED)
    namespace = str(NKG._NS)
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in sorted(t for t in graph.subjects(RDF.type, kind) if str(t).startswith(namespace)):
            name = local_name(str(term))
            if name not in context:
                context[name] = _term_definition(graph, term, kind)
    return {"@context": context}


def _prefix_definition(namespace: str) -> object:
    """A prefix's namespace; one that does not end in a JSON-LD gen-delim (echem:, chmo: end in "_") is
    flagged ``@prefix`` so that JSON-LD 1.1 expands ``chmo:0001311`` with it."""
    return namespace if namespace[-1] in ":/?#[]@" else {"@id": namespace, "@prefix": True}


def _term_definition(graph: Graph, term: URIRef, kind: URIRef) -> object:
    compact = "nkg:" + local_name(str(term))
    if kind == OWL.ObjectProperty:
        return {"@id": compact, "@type": "@id"}
    datatype = graph.value(term, RDFS.range) if kind == OWL.DatatypeProperty else None
    if isinstance(datatype, URIRef) and str(datatype).startswith(str(XSD)) and datatype != XSD.string:
        return {"@id": compact, "@type": "xsd:" + local_name(str(datatype))}
    return compact


def load_context() -> dict:
    """The published context file (``ontology/context.jsonld``)."""
    return json.loads(context_path().read_text(encoding="utf-8"))


def compact(data: bytes, keep_graphs: bool) -> bytes:
    """RDF as JSON-LD compacted with the published context (embedded, so no reader fetches it).

    ``data`` is N-Triples (one default graph) or, with ``keep_graphs``, N-Quads (one graph per paper).
    """
    context = load_context()["@context"]
    if keep_graphs:
        rdf = Dataset(default_union=False)
        rdf.parse(data=data, format="nquads")
    else:
        rdf = Graph().parse(data=data, format="nt")
    text = rdf.serialize(format="json-ld", context=context, auto_compact=True, indent=1, ensure_ascii=False)
    return text.encode("utf-8")


def write_context(path: Path | None = None) -> Path:
    path = path or context_path()
    path.write_text(json.dumps(make_context(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(f"wrote {write_context()}\n")
