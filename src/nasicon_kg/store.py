"""The pyoxigraph store: one named graph per paper, the ontology in its own graph.

A paper's graph is replaced in one transaction: a single SPARQL update drops the old graph and
inserts the new one, so a reader or a crash sees the old paper or the new one, never a mix and
never a graph being written. (Older versions wrote a staging graph under :data:`STAGING_BASE`
first; one left by a crash is never shown to readers and is dropped when the store is next
opened for writing.) Queries run over the union of all graphs.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import QueryError, StoreError
from .ontology import NKG, ONTOLOGY_GRAPH, ontology_path
from .rdf.iris import GRAPH_BASE
from .sparql import check_variable, form, project, refuse_update

DEFAULT_STORE = "kg"
STORE_ENV = "NASICON_KG_STORE"
STAGING_BASE = GRAPH_BASE + "staging/"
XSD = "http://www.w3.org/2001/XMLSchema#"
WRITE_RETRY = (0.05, 0.5)  # first and longest pause between tries to open a locked store
READ_ONLY_RETRIES = (0.05, 0.2, 0.5)  # pauses before the next tries of a failed read-only open

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
        self._store = ox.Store() if self.path is None else self._open(read_only, wait, on_wait)
        if not read_only:
            with self._reading():
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

    @_reads
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if not g.value.startswith(STAGING_BASE))

    @_reads
    def graph_size(self, name: str) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    @_reads
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
    def table(self, sparql: str, bindings: dict[str, object] | None = None) -> tuple[list[str], list[dict]]:
        """Columns and rows of a SELECT over the union of all graphs (an ASK gives one row {"answer": bool}).

        Values are Python values (IRIs and strings as str, numbers as numbers). ``bindings`` (name ->
        value) are substituted by pyoxigraph, never formatted in: a bound variable the SELECT list lacks
        is added to it for the substitution (pyoxigraph needs that) and left out of the result.
        """
        refuse_update(sparql)
        hidden: list[str] = []
        try:
            subs = _substitutions(sparql, bindings or {})
            text, hidden = project(sparql, [v.value for v in subs])
            with self._reading():
                result = self._store.query(text, prefixes=PREFIXES, **self._dataset(),
                                           substitutions=subs or None)
                return _solutions(result, hidden)
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

    @_reads
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

    @_reads
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


def _solutions(result, hidden: list[str]) -> tuple[list[str], list[dict]]:
    if isinstance(result, ox.QueryBoolean):
        return ["answer"], [{"answer": bool(result)}]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("CONSTRUCT/DESCRIBE results: use 'export' for graphs")
    columns = [v.value for v in result.variables if v.value not in hidden]
    return columns, [{c: _py(s[c]) for c in columns if s[c] is not None} for s in result]


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
