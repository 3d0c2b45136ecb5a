"""The pyoxigraph store: one named graph per paper, the ontology in its own graph.

A paper's graph is replaced in one transaction: a single SPARQL update drops the old graph and
inserts the new one, so a reader or a crash sees the old paper or the new one, never a mix and
never a graph being written. (Older versions wrote a staging graph under :data:`STAGING_BASE`
first; one left by a crash is never shown to readers and is dropped when the store is next
opened for writing.) Queries run over the union of all graphs.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import QueryError, StoreError
from .ontology import NKG, ONTOLOGY_GRAPH, ontology_path
from .rdf.iris import GRAPH_BASE

DEFAULT_STORE = "kg"
STORE_ENV = "NASICON_KG_STORE"
STAGING_BASE = GRAPH_BASE + "staging/"

PREFIXES = {
    "nkg": str(NKG._NS),
    "res": "https://w3id.org/nasicon-kg/resource/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "bibo": "http://purl.org/ontology/bibo/",
    "prov": "http://www.w3.org/ns/prov#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
}

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


@dataclass(frozen=True)
class PaperEntry:
    graph: str
    paper: str
    title: str
    doi: str
    facts: int
    added: str
    source: str
    content_hash: str
    text_length: int | None = None


class KGStore:
    """A knowledge-graph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path} (run 'nasicon-kg build' first)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store at {self.path}: {exc}") from None
        if not read_only:
            self._drop_staging()

    # -- graphs ----------------------------------------------------------------------
    def _drop_staging(self) -> None:
        for graph in list(self._store.named_graphs()):
            if graph.value.startswith(STAGING_BASE):
                self._store.remove_graph(graph)

    def replace_graph(self, name: str, graph: Graph) -> int:
        """Replace named graph ``name`` with ``graph``'s triples in one transaction. Returns the triple count.

        The update's data is N-Triples written by pyoxigraph's serialiser from triples it has
        parsed (every IRI checked, every literal escaped), never text pasted into SPARQL.
        """
        try:
            target = ox.NamedNode(name).value
            triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            self._store.update(f"DROP SILENT GRAPH <{target}> ;\nINSERT DATA {{ GRAPH <{target}> {{\n{data}}} }}")
            self._store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write graph {name}: {str(exc).splitlines()[0] if str(exc) else exc}") from None
        return len(graph)

    def remove_graph(self, name: str) -> bool:
        node = ox.NamedNode(name)
        if not self._store.contains_named_graph(node):
            return False
        self._store.remove_graph(node)
        self._store.flush()
        return True

    def _staging(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if g.value.startswith(STAGING_BASE)]

    def _dataset(self) -> dict:
        """What a query reads: the union of all graphs, leaving out any staging graph."""
        if not self._staging():
            return {"use_default_graph_as_union": True}
        shown = [g for g in self._store.named_graphs() if not g.value.startswith(STAGING_BASE)]
        return {"default_graph": shown, "named_graphs": shown}

    def _visible_quads(self):
        staging = {g.value for g in self._staging()}
        return (q for q in self._store if not (isinstance(q.graph_name, ox.NamedNode)
                                                and q.graph_name.value in staging))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if not g.value.startswith(STAGING_BASE))

    def graph_size(self, name: str) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    def __len__(self) -> int:
        return len(self._store) - sum(self.graph_size(g.value) for g in self._staging())

    # -- ontology --------------------------------------------------------------------
    def ensure_ontology(self, path: Path | None = None) -> bool:
        """Load (or reload, when the file changed) the ontology into its own graph."""
        path = path or ontology_path()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        stored = self.scalar(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g nkg:contentHash ?h } }",
            {"g": ox.NamedNode(str(ONTOLOGY_GRAPH))},
        )
        if stored == digest:
            return False
        graph = Graph().parse(data=data, format="turtle")
        from rdflib import Literal, URIRef

        graph.add((URIRef(str(ONTOLOGY_GRAPH)), NKG.contentHash, Literal(digest)))
        self.replace_graph(str(ONTOLOGY_GRAPH), graph)
        return True

    # -- papers ----------------------------------------------------------------------
    def paper_hash(self, graph_name: str) -> str | None:
        return self.scalar(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?p a ?type ; nkg:contentHash ?h } } LIMIT 1",
            {"g": ox.NamedNode(graph_name)},
        )

    def papers(self, graph: str | None = None) -> list[PaperEntry]:
        """The papers in the store (only the one in ``graph`` when given), oldest first."""
        rows = self.select(
            """
            SELECT ?g ?p ?title ?doi ?added ?source ?hash ?length (COUNT(DISTINCT ?f) AS ?facts) WHERE {
              ?pt rdfs:subClassOf* nkg:Paper .
              GRAPH ?g {
                ?p a ?pt ; nkg:contentHash ?hash .
                OPTIONAL { ?p dcterms:title ?title }
                OPTIONAL { ?p bibo:doi ?doi }
                OPTIONAL { ?p dcterms:created ?added }
                OPTIONAL { ?p nkg:sourceFile ?source }
                OPTIONAL { ?p nkg:textLength ?length }
                OPTIONAL { ?f nkg:sourcePaper ?p ; a ?ft .
                           FILTER(?ft IN (nkg:InorganicProtectiveLayer, nkg:PolymerProtectiveLayer,
                                          nkg:HybridLayer, nkg:CompositeElectrolyteStrategy,
                                          nkg:SandwichInterlayer, nkg:InterfaceStrategy,
                                          nkg:IonicConductivityMeasurement, nkg:InterfacialResistanceMeasurement,
                                          nkg:TransferenceNumberMeasurement, nkg:ActivationEnergyMeasurement,
                                          nkg:StabilityWindowMeasurement, nkg:CausalClaim)) }
              }
            } GROUP BY ?g ?p ?title ?doi ?added ?source ?hash ?length ORDER BY ?added ?g
            """,
            {"g": ox.NamedNode(graph)} if graph else None,
        )
        return [PaperEntry(graph=r["g"], paper=r["p"], title=r.get("title") or "", doi=r.get("doi") or "",
                           facts=int(r.get("facts") or 0), added=r.get("added") or "",
                           source=r.get("source") or "", content_hash=r.get("hash") or "",
                           text_length=r.get("length"))
                for r in rows]

    # -- queries ---------------------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, object] | None = None):
        """Run SPARQL over the union of all graphs. ``bindings`` are substituted, never formatted in."""
        subs = {ox.Variable(k): _term(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(sparql, prefixes=PREFIXES, **self._dataset(),
                                     substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {str(exc).splitlines()[0]}") from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        """A SELECT's rows as dicts of Python values (IRIs and strings as str, numbers as numbers)."""
        result = self.query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: _py(sol[n]) for n in names if sol[n] is not None} for sol in result]

    def scalar(self, sparql: str, bindings: dict[str, object] | None = None):
        """The last projected value of the first row (bound variables are projected first)."""
        rows = self.select(sparql, bindings)
        if not rows:
            return None
        return list(rows[0].values())[-1] if rows[0] else None

    def export(self, fmt: str) -> bytes:
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (one of: {', '.join(EXPORT_FORMATS)})")
        rdf_format = EXPORT_FORMATS[fmt]
        if not rdf_format.supports_datasets:
            return _dump_union(self._visible_quads(), rdf_format)
        if not self._staging():
            return self._store.dump(format=rdf_format)
        shown = ox.Store()
        shown.extend(self._visible_quads())
        return shown.dump(format=rdf_format)

    def dataset_graph(self, include_ontology: bool = False) -> Graph:
        """All paper triples (and optionally the ontology) as one rdflib Graph (for SHACL)."""
        data = _dump_union(self._visible_quads(), ox.RdfFormat.N_TRIPLES, include_ontology=include_ontology)
        return Graph().parse(data=data, format="nt")

    def close(self) -> None:
        try:
            self._store.flush()
        except (OSError, RuntimeError):  # RuntimeError: a read-only store has nothing to flush
            pass
        del self._store


def _dump_union(quads, fmt: ox.RdfFormat, include_ontology: bool = True) -> bytes:
    union = ox.Store()
    skip = set() if include_ontology else {str(ONTOLOGY_GRAPH)}
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                 for q in quads if not (isinstance(q.graph_name, ox.NamedNode)
                                        and q.graph_name.value in skip))
    prefixes = {"prefixes": PREFIXES} if fmt == ox.RdfFormat.TURTLE else {}
    return union.dump(format=fmt, from_graph=ox.DefaultGraph(), **prefixes)


def _term(value: object):
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return ox.Literal(str(value)) if not isinstance(value, (int, float)) else \
        ox.Literal(str(value), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#" + ("integer" if isinstance(value, int) else "double")))


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long"}


def _py(term):
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1] if term.datatype else ""
        if dt in _NUMERIC:
            try:
                return int(term.value) if dt in {"integer", "int", "long"} else float(term.value)
            except ValueError:
                return term.value
        if dt == "boolean":
            return term.value == "true"
        return term.value
    return str(term)
