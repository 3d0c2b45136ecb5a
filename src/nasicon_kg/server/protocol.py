"""The SPARQL 1.1 Protocol, read-only: an HTTP request as a query to run, and the result's media type.

Pure functions of the request's parts, testable without a socket. A refusal is a
:class:`ProtocolError` carrying the HTTP status and the one-line message the client sees.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox

from ..errors import QueryError
from ..sparql import UPDATE_FORMS, form

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

# media type -> pyoxigraph format; the first of each table is the default
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
READ_ONLY = ("this endpoint is read-only: SPARQL updates are refused; the store changes only through "
             "'nasicon-kg add' and 'nasicon-kg remove'")


class ProtocolError(QueryError):
    """A request the endpoint refuses: ``status`` is the HTTP status, ``str()`` the message."""

    code = "NKG510"

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryRequest:
    """A query to run: its text, its form (SELECT, ASK, CONSTRUCT, DESCRIBE) and the protocol's
    dataset parameters (empty: the union of all graphs is the default graph)."""

    sparql: str
    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def parse_request(method: str, path: str, query_string: str, content_type: str, body: bytes) -> QueryRequest:
    """The query an HTTP request to ``path`` asks for; ProtocolError (4xx) for anything else."""
    if path == "/update":
        raise ProtocolError(403, READ_ONLY)
    if path != "/query":
        raise ProtocolError(404, f"no such endpoint {path}: SPARQL queries go to /query")
    params = parse_qs(query_string, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    if method == "POST":
        if media == SPARQL_UPDATE:
            raise ProtocolError(403, READ_ONLY)
        if media == SPARQL_QUERY:
            params.setdefault("query", []).append(_text(body))
        elif media == FORM:
            for name, values in parse_qs(_text(body), keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
        else:
            raise ProtocolError(415, f"POST a query as {FORM} (query=...) or as {SPARQL_QUERY}, "
                                     f"not {media or 'no content type'}")
    elif method != "GET":
        raise ProtocolError(405, f"{method} is not allowed: use GET or POST")
    if "update" in params:
        raise ProtocolError(403, READ_ONLY)
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise ProtocolError(400, "give exactly one SPARQL query (the 'query' parameter)")
    sparql = queries[0]
    keyword = form(sparql)
    if keyword in UPDATE_FORMS:
        raise ProtocolError(403, READ_ONLY)
    return QueryRequest(sparql, keyword, tuple(params.get("default-graph-uri", ())),
                        tuple(params.get("named-graph-uri", ())))


def negotiate(accept: str, query_form: str) -> tuple[str, object]:
    """The media type (and pyoxigraph format) to answer a ``query_form`` query with, given an Accept header.

    SELECT and ASK get SPARQL results (JSON by default); CONSTRUCT and DESCRIBE an RDF graph
    (Turtle by default). ProtocolError 406 when the client accepts none of them.
    """
    table = GRAPH_TYPES if query_form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    default = next(iter(table))
    ranges = _media_ranges(accept or "*/*")
    best, best_q = None, 0.0
    for media in table:
        q = _quality(media, ranges)
        if q > best_q:
            best, best_q = media, q
    if best is None:
        raise ProtocolError(406, f"cannot answer a {query_form or 'query'} as {accept}: "
                                 f"one of {', '.join(table)}")
    if _quality(default, ranges) == best_q:
        best = default
    return best, table[best]


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if fields[0]:
            ranges.append((fields[0].lower(), q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``media`` (0 when none does)."""
    kind = media.split("/")[0]
    for pattern in (media, f"{kind}/*", "*/*"):
        for name, q in ranges:
            if name == pattern:
                return q
    return 0.0


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None
