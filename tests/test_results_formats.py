"""W3C SPARQL results from the store and the CLI, and IRIs printed so that SPARQL reads them back."""
from __future__ import annotations

import io
import json
import re
import time

import pyoxigraph as ox
import pytest
from rdflib.query import Result

from nasicon_kg.errors import QueryError
from nasicon_kg.queries import pasteable, run_results
from nasicon_kg.store import IRI, PREFIXES

from .test_cli import cli

TITLES = "SELECT ?title WHERE { ?paper dcterms:title ?title ; bibo:doi ?doi }"
DOI = "10.1039/d1ma01239h"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_results_are_read_by_another_w3c_parser(built_store, fmt):
    data = built_store.results("SELECT ?layer ?hours WHERE { ?s nkg:layerMaterial ?m . ?m skos:prefLabel ?layer "
                               "OPTIONAL { ?s nkg:hasTest/nkg:duration/qudt:numericValue ?hours } }", fmt=fmt)
    result = Result.parse(io.BytesIO(data), format=fmt)
    assert [str(v) for v in result.vars] == ["layer", "hours"]
    layers = {str(row["layer"]) for row in result}
    assert "ZnO" in layers
    assert any(row["hours"] is not None and float(row["hours"]) > 0 for row in result)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_bound_variable_added_for_the_substitution_is_left_out(built_store, fmt):
    data = built_store.results(TITLES, {"doi": DOI}, fmt=fmt)
    result = Result.parse(io.BytesIO(data), format=fmt)
    assert [str(v) for v in result.vars] == ["title"]
    rows = list(result)
    assert len(rows) == 1 and "NASICON" in str(rows[0]["title"])
    assert b"doi" not in data.split(b"results", 1)[-1].replace(b"http", b"")  # no binding named doi


def test_ask_gives_a_boolean_and_construct_is_refused(built_store):
    assert json.loads(built_store.results("ASK { ?s a nkg:Review }"))["boolean"] is True
    with pytest.raises(QueryError, match="CONSTRUCT"):
        built_store.results("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(QueryError, match="unknown results format"):
        built_store.results("ASK { ?s ?p ?o }", fmt="html")


def test_run_results_keeps_the_timeout():
    class SlowStore:  # a query that takes half a second (the thread left behind ends by itself)
        def results(self, sparql, bindings, fmt):
            time.sleep(0.5)
            return b"{}"

    with pytest.raises(QueryError, match="still running after 0.1 s"):
        run_results(SlowStore(), "ASK {}", timeout=0.1)
    assert run_results(SlowStore(), "ASK {}", timeout=5) == b"{}"


def test_cli_writes_w3c_json_and_xml(built_store):
    for fmt in ("json", "xml"):
        done = cli("query", "mci_solutions_latp", "-f", f"sparql-{fmt}", "--store", built_store.path)
        assert done.returncode == 0, done.stderr
        result = Result.parse(io.BytesIO(done.stdout.encode("utf-8")), format=fmt)
        assert "ZnO" in {str(row["layer"]) for row in result}


def _parses_back(text: str) -> str:
    """The IRI that SPARQL reads from ``text`` (a prefixed name or <IRI>) with the store's prefixes."""
    store = ox.Store()
    [row] = store.query(f"SELECT ?x WHERE {{ VALUES ?x {{ {text} }} }}", prefixes=PREFIXES)
    return row["x"].value


@pytest.mark.parametrize("iri", [
    PREFIXES["nkg"] + "LATP", PREFIXES["res"] + "material/LATP", PREFIXES["res"] + "material/Li1.3Al0.3(PO4)3",
    PREFIXES["unit"] + "OHM-CentiM", PREFIXES["qk"] + "ElectricConductivity", PREFIXES["chmo"] + "0001311",
    PREFIXES["echem"] + "0508a114_544a_4f54_a7de_9b947fb4b618", PREFIXES["res"] + "paper/doi/10.1/x.",
    "urn:example:a",
])
def test_printed_iris_parse_back_to_themselves(iri):
    assert _parses_back(pasteable(iri)) == iri


def test_every_iri_in_a_table_is_valid_sparql(built_store):
    done = cli("query", "SELECT ?s ?c ?m WHERE { ?s a ?c ; nkg:layerMaterial ?m } LIMIT 100",
               "--store", built_store.path)
    assert done.returncode == 0, done.stderr
    names = re.findall(r"<[^>\s]+>|\b[a-z]+:[A-Za-z0-9_.-]+", done.stdout)
    assert any(n.startswith("<https://w3id.org/nasicon-kg/resource/") for n in names)
    assert "nkg:InorganicProtectiveLayer" in names
    for name in set(names):
        assert _parses_back(name).startswith("http"), name
    assert "res:material/" not in done.stdout


def test_results_mark_iris_only_when_asked(built_store):
    query = "SELECT ?p ?title WHERE { ?p a nkg:Review ; dcterms:title ?title }"
    [row] = built_store.table(query, mark_iris=True)[1]
    assert isinstance(row["p"], IRI) and isinstance(row["p"], str)
    assert not isinstance(row["title"], IRI)
    [plain] = built_store.select(query)
    assert type(plain["p"]) is str and plain == row


def test_every_prefix_is_documented():
    from .conftest import ROOT

    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for prefix, namespace in PREFIXES.items():
        assert f"| `{prefix}:` | `{namespace}` |" in doc, prefix
    for prefix in ("qk", "echem", "chmo"):
        assert prefix in PREFIXES
