"""The pyoxigraph store: one named graph per paper, the ontology in its own graph.

A paper's graph is replaced in one transaction: a single SPARQL update drops the old graph and
inserts the new one, so a reader or a crash sees the old paper or the new one, never a mix and
never a graph being written. (Older versions wrote a staging graph under :data:`STAGING_BASE`
first; one left by a crash is never shown to readers and is dropped when the store is next
opened for writing.) Queries run over the union of all graphs.

What papers share (minted materials, cited works, extraction runs) is described once, in the
vocabulary graph (:data:`~nasicon_kg.names.VOCABULARY_GRAPH_IRI`), which :meth:`KGStore.replace_paper`
and :meth:`KGStore.remove_graph` keep right in the same update as the paper: an entity's
description goes when no paper uses it any more, and is written anew when the only paper that
uses it is replaced (see :mod:`nasicon_kg.rdf.vocabulary`).

This module imports neither rdflib nor spaCy, so that ``query`` and ``list`` start fast.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .names import GRAPH_BASE, ONTOLOGY_GRAPH_IRI, ONTOLOGY_NS, VALUE_SHORTCUTS, VOCABULARY_GRAPH_IRI
from .sparql import check_variable, form, project, refuse_update
from .units import UNITS

if TYPE_CHECKING:
    from rdflib import Graph

DEFAULT_STORE = "kg"
STORE_ENV = "NASICON_KG_STORE"
STAGING_BASE = GRAPH_BASE + "staging/"
XSD = "http://www.w3.org/2001/XMLSchema#"
QUDT = "http://qudt.org/schema/qudt/"
WRITE_RETRY = (0.05, 0.5)  # first and longest pause between tries to open a locked store
READ_ONLY_RETRIES = (0.05, 0.2, 0.5)  # pauses before the next tries of a failed read-only open

PREFIXES = {
    "nkg": ONTOLOGY_NS,
    "res": "https://w3id.org/nasicon-kg/resource/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "bibo": "http://purl.org/ontology/bibo/",
    "prov": "http://www.w3.org/ns/prov#",
    "qudt": QUDT,
    "unit": "http://qudt.org/vocab/unit/",
    "qk": "http://qudt.org/vocab/quantitykind/",
    "echem": "https://w3id.org/emmo/domain/electrochemistry#electrochemistry_",
    "chmo": "http://purl.obolibrary.org/obo/CHMO_",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class IRI(str):
    """An IRI in query results: a plain str (it compares, hashes and serialises as one) that a printer
    can tell apart from a literal's text."""

    __slots__ = ()


def _shortcut_update(prop: str, short: str, unit: str) -> str:
    """SPARQL that writes shortcut ``short`` (in ``unit``) where quantity ``prop`` lacks it, converting
    from each unit of the kind (units.py): value * factor + offset."""
    target = UNITS[unit]
    rows = {}
    for u in UNITS.values():
        if u.kind == target.kind:
            rows.setdefault(u.qudt, (u.factor / target.factor, (u.offset - target.offset) / target.factor))
    values = " ".join(f'(<{iri}> "{f!r}"^^<{XSD}double> "{o!r}"^^<{XSD}double>)' for iri, (f, o) in rows.items())
    return (f"INSERT {{ GRAPH ?g {{ ?x <{short}> ?v }} }} WHERE {{\n"
            f"  GRAPH ?g {{ ?x <{prop}> ?q . ?q <{QUDT}numericValue> ?n ; <{QUDT}unit> ?u }}\n"
            f"  VALUES (?u ?factor ?offset) {{ {values} }}\n"
            f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?x <{short}> ?any }} }}\n"
            f"  BIND(?n * ?factor + ?offset AS ?v) }}")


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
    #: "facts found", "nothing found" or "failed" (with the error as ``extraction_note``); "" in older stores
    extraction: str = ""
    extraction_note: str = ""


def _reads(method):
    """A KGStore method that reads: RocksDB's report of a damaged file becomes a StoreError."""
    @functools.wraps(method)
    def reading(self, *args, **kwargs):
        with self._reading():
            return method(self, *args, **kwargs)
    return reading


class KGStore:
    """A knowledge-graph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, wait: float = 0.0,
                 on_wait: Callable[[Path], None] | None = None):
        """Open (or create) the store. A writer finding another writer's lock retries for up to ``wait``
        seconds, calling ``on_wait(path)`` once when it starts waiting; readers never wait."""
        self.path = Path(path) if path is not None else None
        self._read_only = read_only
        self._shortcuts_seen: set[str] = set()  # value shortcuts found in the store (see _check_shortcuts)
        self._store = ox.Store() if self.path is None else self._open(read_only, wait, on_wait)
        with self._reading():  # one look at the graph names (not their quads), here and never per query
            self._hidden = self._staging()
            if self._hidden and not read_only:
                self._drop_staging()

    def _open(self, read_only: bool, wait: float, on_wait: Callable[[Path], None] | None) -> ox.Store:
        path = self.path
        if read_only and not _holds_store_files(path):
            raise StoreError(f"no store at {path} (run 'nasicon-kg build' first)")
        try:
            return _open_read_only(path) if read_only else _open_writable(path, wait, on_wait)
        except RuntimeError as exc:
            if not _is_corruption(exc):
                raise
            raise self._damaged(exc) from None
        except OSError as exc:
            if _is_locked(exc):
                raise StoreError(f"store at {path} is locked by another nasicon-kg writer "
                                 f"(waited {wait:g} s; --wait SECONDS waits longer)") from None
            if _holds_store_files(path):
                raise self._damaged(exc) from None
            raise StoreError(f"cannot open store at {path}: {exc}") from None

    def _damaged(self, exc: BaseException) -> StoreError:
        return StoreError(f"store at {self.path} is damaged ({_reason(exc, self.path)}): rebuild it with "
                          "'nasicon-kg build' or restore it from an earlier 'nasicon-kg export'")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """RocksDB reports a damaged file when it meets it: a RuntimeError 'Corruption: ...' or an OSError."""
        try:
            yield
        except RuntimeError as exc:
            if not _is_corruption(exc):
                raise
            raise self._damaged(exc) from None
        except OSError as exc:
            raise self._damaged(exc) from None

    # -- graphs ----------------------------------------------------------------------
    def _drop_staging(self) -> None:
        for graph in self._hidden:
            self._store.remove_graph(graph)
        self._hidden = []

    def replace_graph(self, name: str, graph: Graph) -> int:
        """Replace named graph ``name`` with ``graph``'s triples in one transaction. Returns the triple count.

        The update's data is N-Triples written by pyoxigraph's serialiser from triples it has
        parsed (every IRI checked, every literal escaped), never text pasted into SPARQL.
        """
        try:
            target = ox.NamedNode(name).value
            self._store.update(f"DROP SILENT GRAPH <{target}> ;\n"
                               f"INSERT DATA {{ GRAPH <{target}> {{\n{_ntriples(graph)}}} }}")
            self._store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write graph {name}: {str(exc).splitlines()[0] if str(exc) else exc}") from None
        return len(graph)

    def replace_paper(self, name: str, own: Graph | str, shared: Graph | str) -> int:
        """Replace paper graph ``name`` with ``own`` and add ``shared`` (the descriptions of the
        entities it uses) to the vocabulary graph, in one transaction; each is an rdflib Graph or
        N-Triples text. Descriptions that only the old version of the paper used are dropped first.
        Returns the paper's own triple count.
        """
        try:
            target = ox.NamedNode(name).value
            data, described = _ntriples(own), _ntriples(shared)
            stale = self._sole_descriptions(name)
            self._store.update(f"DROP SILENT GRAPH <{target}> ;\n{_deletions(stale)}"
                               f"INSERT DATA {{ GRAPH <{target}> {{\n{data}}}\n"
                               f"GRAPH <{VOCABULARY_GRAPH_IRI}> {{\n{described}}} }}")
            self._store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write graph {name}: {str(exc).splitlines()[0] if str(exc) else exc}") from None
        return data.count("\n")

    def remove_graph(self, name: str) -> bool:
        """Remove graph ``name`` and, in the same update, the descriptions no other paper uses."""
        node = ox.NamedNode(name)
        if not self._store.contains_named_graph(node):
            return False
        self._store.update(f"DROP GRAPH <{node.value}> ;\n{_deletions(self._sole_descriptions(name))}")
        self._store.flush()
        return True

    def _sole_descriptions(self, name: str) -> list[ox.NamedNode]:
        """The vocabulary entities that graph ``name`` uses and no other graph does (directly, or as
        a component of an entity another graph uses): their descriptions go with ``name``."""
        vocabulary = ox.NamedNode(VOCABULARY_GRAPH_IRI)
        if (name == VOCABULARY_GRAPH_IRI or not self._store.contains_named_graph(vocabulary)
                or not self._store.contains_named_graph(ox.NamedNode(name))):  # a new paper had no old version
            return []
        used = self._store.query(  # both IRIs checked by NamedNode
            f"SELECT DISTINCT ?e WHERE {{ GRAPH <{ox.NamedNode(name).value}> {{ {{ ?x ?y ?e }} UNION "
            f"{{ ?e ?y ?x }} }} GRAPH <{vocabulary.value}> {{ ?e ?p ?o }} }}")
        candidates = _described_closure({s["e"] for s in used}, self._store, vocabulary)
        skip = {name, VOCABULARY_GRAPH_IRI, ONTOLOGY_GRAPH_IRI}
        stale = {e for e in candidates if not self._used_elsewhere(e, skip)}
        while True:  # keep a component of a kept entity
            kept = {e for e in stale if any(q.subject not in stale for q in
                                            self._store.quads_for_pattern(None, None, e, vocabulary))}
            if not kept:
                return sorted(stale, key=lambda n: n.value)
            stale -= kept

    def _used_elsewhere(self, entity: ox.NamedNode, skip: set[str]) -> bool:
        """Does a graph outside ``skip`` mention ``entity``? (Stops at the first one.)"""
        for pattern in ((None, None, entity, None), (entity, None, None, None)):
            for quad in self._store.quads_for_pattern(*pattern):
                if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value not in skip:
                    return True
        return False

    def _staging(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if g.value.startswith(STAGING_BASE)]

    def _dataset(self) -> dict:
        """What a query reads: the union of all graphs, leaving out any staging graph."""
        if not self._hidden:
            return {"use_default_graph_as_union": True}
        shown = [g for g in self._store.named_graphs() if not g.value.startswith(STAGING_BASE)]
        return {"default_graph": shown, "named_graphs": shown}

    def _visible_quads(self):
        staging = {g.value for g in self._hidden}
        return (q for q in self._store if not (isinstance(q.graph_name, ox.NamedNode)
                                                and q.graph_name.value in staging))

    @_reads
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if not g.value.startswith(STAGING_BASE))

    @_reads
    def graph_size(self, name: str) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    @_reads
    def __len__(self) -> int:
        return len(self._store) - sum(self.graph_size(g.value) for g in self._hidden)

    # -- ontology --------------------------------------------------------------------
    def ensure_ontology(self, path: Path | None = None) -> bool:
        """Load (or reload, when the file changed) the ontology into its own graph.

        A reload means another version of nasicon-kg writes to this store: the value shortcuts
        (:meth:`write_value_shortcuts`) are written first for the papers an older version stored.
        """
        from .ontology import ontology_path

        path = path or ontology_path()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        stored = self.scalar(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g nkg:contentHash ?h } }",
            {"g": ox.NamedNode(ONTOLOGY_GRAPH_IRI)},
        )
        if stored == digest:
            return False
        from rdflib import Graph, Literal, URIRef

        from .ontology import NKG

        self.write_value_shortcuts()  # before the ontology: if this stops, the next open does it again
        graph = Graph().parse(data=data, format="turtle")
        graph.add((URIRef(ONTOLOGY_GRAPH_IRI), NKG.contentHash, Literal(digest)))
        self.replace_graph(ONTOLOGY_GRAPH_IRI, graph)
        return True

    def write_value_shortcuts(self) -> None:
        """Write every missing value shortcut (:data:`~nasicon_kg.names.VALUE_SHORTCUTS`) from its
        quantity's qudt:numericValue, converted to the shortcut's unit, in the quantity's graph: what a
        store written before the shortcuts needs for the queries that read them. One update; a subject
        that has its shortcut is left as it is."""
        self._store.update(" ;\n".join(_shortcut_update(prop, short, unit)
                                       for prop, (short, unit) in VALUE_SHORTCUTS.items()))
        self._store.flush()

    def _check_shortcuts(self, sparql: str) -> None:
        """Refuse a query that reads a value shortcut the store lacks (a store written before them
        holds the quantities but not the shortcuts: the query would silently find nothing). Two index
        look-ups per shortcut, once per open store."""
        for prop, (short, _) in VALUE_SHORTCUTS.items():
            name = short[len(ONTOLOGY_NS):]
            if short in self._shortcuts_seen or name not in sparql:
                continue
            if self._holds(prop) and not self._holds(short):
                raise QueryError(f"the store has no nkg:{name} values (it was written by an older nasicon-kg): "
                                 "a 'nasicon-kg build' or 'add' with this version writes them from the stored "
                                 "quantities, re-reading no paper")
            self._shortcuts_seen.add(short)

    def _holds(self, predicate: str) -> bool:
        return next(iter(self._store.quads_for_pattern(None, ox.NamedNode(predicate), None)), None) is not None

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
            SELECT ?g ?p ?title ?doi ?added ?source ?hash ?length ?status ?note
                   (COUNT(DISTINCT ?f) AS ?facts) WHERE {
              ?pt rdfs:subClassOf* nkg:Paper .
              GRAPH ?g {
                ?p a ?pt ; nkg:contentHash ?hash .
                OPTIONAL { ?p dcterms:title ?title }
                OPTIONAL { ?p bibo:doi ?doi }
                OPTIONAL { ?p dcterms:created ?added }
                OPTIONAL { ?p nkg:sourceFile ?source }
                OPTIONAL { ?p nkg:textLength ?length }
                OPTIONAL { ?p nkg:extractionStatus ?status }
                OPTIONAL { ?p nkg:extractionNote ?note }
                OPTIONAL { ?f nkg:sourcePaper ?p ; a ?ft .
                           FILTER(?ft IN (nkg:InorganicProtectiveLayer, nkg:PolymerProtectiveLayer,
                                          nkg:HybridLayer, nkg:CompositeElectrolyteStrategy,
                                          nkg:SandwichInterlayer, nkg:InterfaceStrategy,
                                          nkg:IonicConductivityMeasurement, nkg:InterfacialResistanceMeasurement,
                                          nkg:TransferenceNumberMeasurement, nkg:ActivationEnergyMeasurement,
                                          nkg:StabilityWindowMeasurement, nkg:CausalClaim)) }
              }
            } GROUP BY ?g ?p ?title ?doi ?added ?source ?hash ?length ?status ?note ORDER BY ?added ?g
            """,
            {"g": ox.NamedNode(graph)} if graph else None,
        )
        return [PaperEntry(graph=r["g"], paper=r["p"], title=r.get("title") or "", doi=r.get("doi") or "",
                           facts=int(r.get("facts") or 0), added=r.get("added") or "",
                           source=r.get("source") or "", content_hash=r.get("hash") or "",
                           text_length=r.get("length"), extraction=r.get("status") or "",
                           extraction_note=r.get("note") or "")
                for r in rows]

    # -- queries ---------------------------------------------------------------------
    def table(self, sparql: str, bindings: dict[str, object] | None = None, *,
              mark_iris: bool = False) -> tuple[list[str], list[dict]]:
        """Columns and rows of a SELECT over the union of all graphs (an ASK gives one row {"answer": bool}).

        Values are Python values (IRIs and strings as str, numbers as numbers; with ``mark_iris`` an
        IRI is an :class:`IRI`, a str that a printer can tell from text). ``bindings`` (name ->
        value) are substituted by pyoxigraph, never formatted in: a bound variable the SELECT list lacks
        is added to it for the substitution (pyoxigraph needs that) and left out of the result.
        """
        return self._evaluate(sparql, bindings, functools.partial(_solutions, mark_iris=mark_iris))

    def results(self, sparql: str, bindings: dict[str, object] | None = None, fmt: str = "json") -> bytes:
        """A SELECT's or ASK's results in a W3C SPARQL results format: ``json``
        (application/sparql-results+json) or ``xml`` (application/sparql-results+xml).

        Written by pyoxigraph's serialiser; a bound variable added to the SELECT list for the
        substitution is taken out again, so the results name the variables the query names.
        """
        if fmt not in RESULTS_FORMATS:
            raise QueryError(f"unknown results format {fmt!r} (one of: {', '.join(RESULTS_FORMATS)})")
        return self._evaluate(sparql, bindings, functools.partial(_serialized, fmt=fmt))

    def _evaluate(self, sparql: str, bindings: dict[str, object] | None, consume: Callable):
        """Run a read-only query with ``bindings`` substituted; ``consume(result, hidden)`` reads the result."""
        refuse_update(sparql)
        hidden: list[str] = []
        try:
            subs = _substitutions(sparql, bindings or {})
            text, hidden = project(sparql, [v.value for v in subs])
            with self._reading():
                self._check_shortcuts(sparql)
                result = self._store.query(text, prefixes=PREFIXES, **self._dataset(),
                                           substitutions=subs or None)
                return consume(result, hidden)
        except SyntaxError as exc:
            first_line = str(exc).splitlines()[0]
            raise QueryError(_cannot_bind(exc, hidden) or f"malformed query: {first_line}") from None
        except (RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(_cannot_bind(exc, []) or f"query failed: {exc}") from None

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> list[dict[str, object]]:
        """A SELECT's rows as dicts of Python values (IRIs and strings as str, numbers as numbers)."""
        if form(sparql) != "SELECT":
            raise QueryError("not a SELECT query")
        return self.table(sparql, bindings)[1]

    def scalar(self, sparql: str, bindings: dict[str, object] | None = None):
        """The last projected value of the first row (bound variables are projected first)."""
        rows = self.select(sparql, bindings)
        if not rows:
            return None
        return list(rows[0].values())[-1] if rows[0] else None

    def solutions(self, sparql: str, default_graphs: list[str] | None = None,
                  named_graphs: list[str] | None = None):
        """pyoxigraph's own results of a read-only query, for writers of the W3C formats (the server).

        As in :meth:`table`: PREFIXES pre-declared, the union of all graphs as default graph, updates
        refused; given graph IRIs (the protocol's default-graph-uri and named-graph-uri) replace the union.
        """
        refuse_update(sparql)
        dataset = self._dataset()
        if default_graphs or named_graphs:
            dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs or ()],
                       "named_graphs": [ox.NamedNode(g) for g in named_graphs or ()] or None}
        try:
            with self._reading():
                self._check_shortcuts(sparql)
                return self._store.query(sparql, prefixes=PREFIXES, **dataset)
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {str(exc).splitlines()[0]}") from None
        except ValueError as exc:
            raise QueryError(f"query failed: {exc}") from None

    @_reads
    def export(self, fmt: str, graphs: bool = False) -> bytes:
        """Every graph in ``fmt``: trig and nq keep one graph per paper, ttl and nt merge them, and
        jsonld (compacted with ontology/context.jsonld) merges them unless ``graphs``."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (one of: {', '.join(EXPORT_FORMATS)})")
        rdf_format = EXPORT_FORMATS[fmt]
        if graphs and not rdf_format.supports_datasets:
            raise StoreError(f"{fmt} holds one graph: keeping the papers' graphs apart needs trig, nq or jsonld")
        if fmt == "jsonld":
            from .jsonld import compact

            return compact(self.export("nq" if graphs else "nt"), keep_graphs=graphs)
        if not rdf_format.supports_datasets:
            return _dump_union(self._visible_quads(), rdf_format)
        if not self._hidden:
            return self._store.dump(format=rdf_format)
        shown = ox.Store()
        shown.extend(self._visible_quads())
        return shown.dump(format=rdf_format)

    @_reads
    def dataset_graph(self, include_ontology: bool = False) -> Graph:
        """All paper triples (and optionally the ontology) as one rdflib Graph (for SHACL)."""
        from rdflib import Graph

        data = _dump_union(self._visible_quads(), ox.RdfFormat.N_TRIPLES, include_ontology=include_ontology)
        return Graph().parse(data=data, format="nt")

    def optimize(self) -> None:
        """Compact the on-disk store (RocksDB's full compaction), as after a bulk write.

        Look-ups then search fewer files: at a million quads the slow queries of queries/ ran
        up to 1.3x faster (docs/scale.md). It costs time in proportion to the store, so `build`
        calls it once at the end and `add` does not.
        """
        if self.path is not None and not self._read_only:
            self._store.optimize()

    def close(self) -> None:
        try:
            self._store.flush()
        except (OSError, RuntimeError):  # RuntimeError: a read-only store has nothing to flush
            pass
        del self._store


def _dump_union(quads, fmt: ox.RdfFormat, include_ontology: bool = True) -> bytes:
    union = ox.Store()
    skip = set() if include_ontology else {ONTOLOGY_GRAPH_IRI}
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                 for q in quads if not (isinstance(q.graph_name, ox.NamedNode)
                                        and q.graph_name.value in skip))
    prefixes = {"prefixes": PREFIXES} if fmt == ox.RdfFormat.TURTLE else {}
    return union.dump(format=fmt, from_graph=ox.DefaultGraph(), **prefixes)


def _ntriples(graph: Graph | str) -> str:
    """``graph`` (an rdflib Graph or N-Triples text) as N-Triples written by pyoxigraph from triples
    it parsed (every IRI checked, every literal escaped), fit to paste into an INSERT DATA."""
    text = graph if isinstance(graph, str) else graph.serialize(format="nt", encoding="utf-8")
    triples = ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _deletions(entities: list[ox.NamedNode]) -> str:
    """An update's operations that delete every vocabulary triple about ``entities``."""
    return "".join(f"DELETE WHERE {{ GRAPH <{VOCABULARY_GRAPH_IRI}> {{ <{e.value}> ?p ?o }} }} ;\n"
                   for e in entities)


def _described_closure(entities: set, store: ox.Store, vocabulary: ox.NamedNode) -> set:
    """``entities`` and, transitively, the described entities their descriptions point at."""
    found, todo = set(entities), list(entities)
    while todo:
        for quad in store.quads_for_pattern(todo.pop(), None, None, vocabulary):
            target = quad.object
            if (isinstance(target, ox.NamedNode) and target not in found
                    and next(store.quads_for_pattern(target, None, None, vocabulary), None) is not None):
                found.add(target)
                todo.append(target)
    return found


def _open_read_only(path: Path) -> ox.Store:
    """A read-only open, tried a few times: a writer compacting the store deletes files that the
    reader's open may have just listed (pyoxigraph calls reading while another process writes
    undefined behaviour; this race is what it means in practice). Real damage fails every time."""
    for pause in READ_ONLY_RETRIES:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError):
            time.sleep(pause)
    return ox.Store.read_only(str(path))


def _open_writable(path: Path, wait: float, on_wait: Callable[[Path], None] | None) -> ox.Store:
    """Open for writing, retrying while another process holds the write lock, for up to ``wait`` s.

    The pause doubles up to half a second: each failed open leaves RocksDB's info log as a LOG.old file.
    """
    deadline, pause = time.monotonic() + wait, WRITE_RETRY[0]
    while True:
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if not _is_locked(exc) or time.monotonic() >= deadline:
                raise
        if on_wait is not None:
            on_wait(path)
            on_wait = None
        time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
        pause = min(pause * 2, WRITE_RETRY[1])


def _is_locked(exc: OSError) -> bool:
    # RocksDB gives no errno: "IO error: While lock file: <store>/LOCK: Resource temporarily unavailable"
    # (another process) or "... lock hold by current process ...: <store>/LOCK: No locks available".
    return "LOCK:" in str(exc)


def _is_corruption(exc: RuntimeError) -> bool:
    return str(exc).startswith("Corruption")


def _holds_store_files(path: Path) -> bool:
    return path.is_dir() and (any((path / name).exists() for name in ("CURRENT", "IDENTITY"))
                              or any(path.glob("MANIFEST-*")) or any(path.glob("*.sst")))


def _reason(exc: BaseException, path: Path | None) -> str:
    """RocksDB's message made short: its first sentence, without repeated prefixes or the store path."""
    text = str(exc).split("  ")[0]
    for prefix in ("Corruption: ", "IO error: "):
        while text.startswith(prefix):
            text = text[len(prefix):]
    return text.replace(f"{path}/", "") if path else text


def _substitutions(sparql: str, bindings: dict[str, object]) -> dict[ox.Variable, object]:
    subs = {}
    for name, value in bindings.items():
        check_variable(sparql, name)
        subs[ox.Variable(name)] = _term(value)
    return subs


def _solutions(result, hidden: list[str], mark_iris: bool = False) -> tuple[list[str], list[dict]]:
    if isinstance(result, ox.QueryBoolean):
        return ["answer"], [{"answer": bool(result)}]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("CONSTRUCT/DESCRIBE results: use 'export' for graphs")
    columns = [v.value for v in result.variables if v.value not in hidden]
    value = _marked if mark_iris else _py
    if len(columns) == len(result.variables):  # a solution's values, in the order of its variables
        return columns, [{c: value(v) for c, v in zip(columns, s) if v is not None} for s in result]
    shown = [(c, i) for i, c in enumerate(v.value for v in result.variables) if c not in hidden]
    return columns, [{c: value(s[i]) for c, i in shown if s[i] is not None} for s in result]


RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def _serialized(result, hidden: list[str], fmt: str) -> bytes:
    if not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        raise QueryError("CONSTRUCT/DESCRIBE results: use 'export' for graphs")
    data = result.serialize(format=RESULTS_FORMATS[fmt])
    if not hidden:
        return data
    return _json_without(data, hidden) if fmt == "json" else _xml_without(data, hidden)


def _json_without(data: bytes, hidden: list[str]) -> bytes:
    doc = json.loads(data)
    doc["head"]["vars"] = [v for v in doc["head"]["vars"] if v not in hidden]
    for row in doc["results"]["bindings"]:
        for name in hidden:
            row.pop(name, None)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_without(data: bytes, hidden: list[str]) -> bytes:
    from lxml import etree

    root = etree.fromstring(data)
    for element in root.iter(f"{{{_RESULTS_NS}}}variable", f"{{{_RESULTS_NS}}}binding"):
        if element.get("name") in hidden:
            element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _cannot_bind(exc: Exception, added: list[str]) -> str:
    """Plain words for pyoxigraph's refusals to substitute a variable (empty for any other error)."""
    refused = re.search(r"variable (\?\w+) in its SELECT projection", str(exc))
    if refused:
        return (f"cannot bind {refused[1]}: pyoxigraph binds only variables that the query's pattern binds "
                "or its SELECT list names (use a SELECT that lists it, not ASK or SELECT *)")
    if added and "unbound" in str(exc):
        return (f"cannot bind {', '.join('?' + n for n in added)} in a query that groups its results: "
                "add it to the SELECT list and to GROUP BY")
    return ""


def _term(value: object):
    """A Python value as an RDF term: bool, int, float and Decimal typed; http(s) strings as IRIs."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    for kind, datatype in ((bool, "boolean"), (int, "integer"), (float, "double"), (Decimal, "decimal")):
        if isinstance(value, kind):
            text = str(value).lower() if kind is bool else str(value)
            return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return ox.NamedNode(value)
    return ox.Literal(str(value))


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long"}


def _marked(term):
    return IRI(term.value) if isinstance(term, ox.NamedNode) else _py(term)


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
