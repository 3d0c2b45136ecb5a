"""Run the competency questions in queries/*.rq, with bound parameters, and format results."""
from __future__ import annotations

import csv
import io
import json
import re
import threading
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError
from .sparql import VARIABLE_NAME, refuse_update
from .store import PREFIXES, XSD, KGStore

# SPARQL's own numeric literals; each a single pass (no quantifier nested in another).
_NUMBERS = ((re.compile(r"[+-]?[0-9]+"), "integer"),
            (re.compile(r"[+-]?[0-9]*\.[0-9]+"), "decimal"),
            (re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+"), "double"))


def queries_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "query_files", here.parents[1] / "queries"):
        if candidate.is_dir():
            return candidate
    raise QueryError("cannot find the queries/ directory")


def question(sparql: str) -> str:
    """The plain-words question in a query's leading comment lines."""
    lines = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(lines).strip()


def load_query(text_or_path: str) -> str:
    """A query from a .rq path, a name in queries/ ("strategies"), or literal SPARQL text."""
    candidate = Path(text_or_path)
    if candidate.suffix == ".rq" or (len(text_or_path) < 200 and "\n" not in text_or_path
                                    and "{" not in text_or_path):
        for path in (candidate, queries_dir() / candidate.name, queries_dir() / f"{text_or_path}.rq"):
            if path.is_file():
                return path.read_text(encoding="utf-8")
        if candidate.suffix == ".rq":
            raise QueryError(f"no such query file: {text_or_path}")
    refuse_update(text_or_path)
    if "{" not in text_or_path:
        raise QueryError(f"not a query file nor SPARQL text: {text_or_path!r}")
    return text_or_path


def run(store: KGStore, sparql: str, bindings: dict[str, object] | None = None, *,
        timeout: float | None = None, mark_iris: bool = False) -> tuple[list[str], list[dict]]:
    """Columns and rows of a SELECT (an ASK gives one row {"answer": bool}); ``mark_iris`` as in
    :meth:`KGStore.table`.

    With ``timeout`` (seconds) the query runs in a daemon thread and QueryError is raised when it has
    not finished in time; pyoxigraph releases the GIL while it evaluates, so the wait is kept. The
    abandoned thread cannot be stopped: it ends with the process (the CLI exits right after).
    """
    return _within(timeout, lambda: store.table(sparql, bindings, mark_iris=mark_iris))


def run_results(store: KGStore, sparql: str, bindings: dict[str, object] | None = None, *,
                fmt: str = "json", timeout: float | None = None) -> bytes:
    """A SELECT's or ASK's results in a W3C format (``json`` or ``xml``), with :func:`run`'s timeout."""
    return _within(timeout, lambda: store.results(sparql, bindings, fmt))


def _within(timeout: float | None, evaluate_query):
    """``evaluate_query()``'s value, or QueryError when it is still running after ``timeout`` seconds."""
    if not timeout:
        return evaluate_query()
    outcome: dict[str, object] = {}

    def evaluate() -> None:
        try:
            outcome["value"] = evaluate_query()
        except BaseException as exc:  # handed to the waiting thread, which re-raises it
            outcome["error"] = exc

    worker = threading.Thread(target=evaluate, name="nasicon-kg query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query still running after {timeout:g} s, stopped: narrow it, or give --timeout "
                         "more seconds")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def parse_binding(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` (a --bind argument) as a variable name and a typed RDF term.

    VALUE is typed as written: ``3`` xsd:integer, ``0.3`` xsd:decimal, ``1e-3`` xsd:double,
    ``true``/``false`` xsd:boolean, ``<IRI>`` or a bare ``http(s)://`` IRI, ``PREFIX:REST`` with a
    store prefix (nkg, res, rdfs, ...) the prefix's namespace followed by REST as written (so
    ``res:material/LATP`` is allowed), ``"text"`` a string (also ``"text"@en``, ``"2022"^^xsd:gYear``),
    anything else a plain string.

    >>> parse_binding("min=0.3")
    ('min', <Literal value=0.3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#decimal>>)
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep:
        raise QueryError(f"--bind takes NAME=VALUE, got {text!r}")
    if not VARIABLE_NAME.fullmatch(name):
        raise QueryError(f"--bind: bad variable name {name!r} (letters, digits and _, "
                         "not starting with a digit)")
    try:
        return name, parse_value(value)
    except ValueError as exc:
        raise QueryError(f"--bind {name}: {exc}") from None


def parse_value(text: str):
    """A --bind VALUE as an RDF term (see :func:`parse_binding`); ValueError when it is malformed."""
    if text in ("true", "false"):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "boolean"))
    for pattern, datatype in _NUMBERS:
        if pattern.fullmatch(text):
            return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    if text.startswith('"') and text.rfind('"') > 0:
        return _quoted(text)
    return _iri_or_name(text) or ox.Literal(text)


def _quoted(text: str):
    end = text.rfind('"')
    lexical, suffix = text[1:end], text[end + 1:]
    if not suffix:
        return ox.Literal(lexical)
    if suffix.startswith("@"):
        return ox.Literal(lexical, language=suffix[1:])
    datatype = _iri_or_name(suffix[2:]) if suffix.startswith("^^") else None
    if datatype is None:
        raise ValueError(f"after a quoted string only @LANG or ^^DATATYPE may follow, got {suffix!r}")
    return ox.Literal(lexical, datatype=datatype)


def _iri_or_name(text: str) -> ox.NamedNode | None:
    """``<IRI>``, a bare http(s) IRI or a prefixed name as a NamedNode; None for anything else."""
    prefix, sep, rest = text.partition(":")
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif text.startswith(("http://", "https://")):
        iri = text
    elif sep and prefix in PREFIXES:
        iri = PREFIXES[prefix] + rest
    else:
        return None
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise ValueError(f"not an IRI: {iri!r} ({exc})") from None


# A SPARQL/Turtle PN_LOCAL without escapes (ASCII subset): no '/', '(', '#', nor a trailing '.'.
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def pasteable(iri: str) -> str:
    """An IRI written as SPARQL and Turtle read it: ``prefix:local`` with a store prefix
    (:data:`~nasicon_kg.store.PREFIXES`) when the rest is a valid local name, else ``<iri>``.

    >>> pasteable("https://w3id.org/nasicon-kg/ontology#LATP")
    'nkg:LATP'
    >>> pasteable("https://w3id.org/nasicon-kg/resource/material/LATP")
    '<https://w3id.org/nasicon-kg/resource/material/LATP>'
    """
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def format_rows(columns: list[str], rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, delimiter="," if fmt == "csv" else "\t",
                                lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    raise QueryError(f"unknown format {fmt!r} (table, csv, tsv, json)")
