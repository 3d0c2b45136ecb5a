"""Typed --bind values, binding any variable, refused updates and the query timeout."""
from __future__ import annotations

import math
import time

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nasicon_kg import sparql
from nasicon_kg.errors import QueryError
from nasicon_kg.queries import load_query, parse_binding, run
from nasicon_kg.store import PREFIXES, XSD, KGStore

from .test_cli import cli, one_error_line, quads


def datatype(term) -> str:
    return term.datatype.value.removeprefix(XSD)


@pytest.mark.parametrize("text, kind, value", [
    ("3", "integer", "3"), ("-12", "integer", "-12"), ("0.3", "decimal", "0.3"), (".5", "decimal", ".5"),
    ("1e-3", "double", "1e-3"), ("2.5E4", "double", "2.5E4"), ("true", "boolean", "true"),
    ("false", "boolean", "false"), ('"3"', "string", "3"), ('"a b"@en', "langString", "a b"),
    ('"2022"^^xsd:gYear', "gYear", "2022"), ("ZnO", "string", "ZnO"), ("doi:10.1/x", "string", "doi:10.1/x"),
])
def test_values_are_typed_as_written(text, kind, value):
    name, term = parse_binding(f"v={text}")
    assert name == "v" and isinstance(term, ox.Literal)
    assert term.value == value
    assert datatype(term).endswith(kind)


@pytest.mark.parametrize("text, iri", [
    ("<https://example.org/a#b>", "https://example.org/a#b"),
    ("https://example.org/a", "https://example.org/a"),
    ("nkg:InterfaceStrategy", PREFIXES["nkg"] + "InterfaceStrategy"),
    ("res:material/LATP", PREFIXES["res"] + "material/LATP"),
    ("<urn:isbn:123>", "urn:isbn:123"),
])
def test_iris_and_prefixed_names(text, iri):
    assert parse_binding(f"?x={text}") == ("x", ox.NamedNode(iri))


@pytest.mark.parametrize("bad, says", [
    ("1x=3", "bad variable name"), ("a b=3", "bad variable name"), ("=3", "bad variable name"),
    ("novalue", "NAME=VALUE"), ("p=<http://x/> } DROP ALL { <http://y>", "not an IRI"),
    ("p=http://x/> } DROP ALL { <http://y", "not an IRI"), ("p=<relative>", "not an IRI"),
    ('s="a"b', "only @LANG or \\^\\^DATATYPE"), ('s="a"@e n', "language"), ("p=res:a b", "not an IRI"),
])
def test_bad_bindings_are_query_errors(bad, says):
    with pytest.raises(QueryError, match=says):
        parse_binding(bad)


@given(st.integers())
def test_integers_round_trip(n):
    _, term = parse_binding(f"n={n}")
    assert datatype(term) == "integer" and int(term.value) == n


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_round_trip(x):
    _, term = parse_binding(f"x={x!r}")
    assert datatype(term) in ("decimal", "double") and math.isclose(float(term.value), x)


@given(st.text())
def test_quoted_text_is_that_string(text):
    assert parse_binding(f'v="{text}"') == ("v", ox.Literal(text))


@given(st.text(), st.text())
def test_any_argument_gives_a_term_or_a_query_error(name, value):
    try:
        parsed_name, term = parse_binding(f"{name}={value}")
    except QueryError:
        return
    assert sparql.VARIABLE_NAME.fullmatch(parsed_name)
    assert isinstance(term, (ox.Literal, ox.NamedNode))


@pytest.mark.parametrize("query, names, expected", [
    ("SELECT ?s WHERE { ?s ?p ?o }", ["o"], "SELECT ?o ?s WHERE { ?s ?p ?o }"),
    ("PREFIX a: <http://a/select#> # SELECT in a comment\nSELECT DISTINCT ?s { ?s ?p ?o }", ["p"],
     "PREFIX a: <http://a/select#> # SELECT in a comment\nSELECT DISTINCT ?p ?s { ?s ?p ?o }"),
    ("SELECT ?s (COALESCE(?min, 1) AS ?t) WHERE { ?s ?p ?o }", ["min", "t"],
     "SELECT ?min ?s (COALESCE(?min, 1) AS ?t) WHERE { ?s ?p ?o }"),
    ("SELECT ?min ?s WHERE { ?s ?p ?o }", ["min"], "SELECT ?min ?s WHERE { ?s ?p ?o }"),
    ("SELECT * WHERE { ?s ?p ?o }", ["o"], "SELECT * WHERE { ?s ?p ?o }"),
    ("ASK { ?s ?p ?o }", ["o"], "ASK { ?s ?p ?o }"),
])
def test_project_adds_only_missing_variables(query, names, expected):
    assert sparql.project(query, names)[0] == expected


@pytest.mark.parametrize("text, keyword", [
    ("DROP ALL", "DROP"), ("# c\nPREFIX x: <http://x/>\ninsert data { <http://a> <http://b> 1 }", "INSERT"),
    ("CLEAR GRAPH <http://g>", "CLEAR"), ("LOAD <http://x/y.ttl>", "LOAD"), ("SELECT * { ?s ?p ?o }", "SELECT"),
])
def test_form_is_the_first_keyword(text, keyword):
    assert sparql.form(text) == keyword


def test_form_is_linear_on_long_prologues():
    started = time.monotonic()
    assert sparql.form(" \n#" * 20000 + "#" * 20000 + "x") == ""
    assert time.monotonic() - started < 5


@pytest.fixture(scope="module")
def small():
    store = KGStore(None)
    store._store.extend(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode(PREFIXES["nkg"] + "confidence"),
                                ox.Literal(str(i / 10), datatype=ox.NamedNode(XSD + "decimal")),
                                ox.NamedNode("https://example.org/g"))
                        for i in range(10))
    return store


def test_a_variable_outside_the_select_list_can_be_bound(small):
    sparql_text = "SELECT ?s WHERE { ?s nkg:confidence ?c FILTER(?c >= ?min) }"
    columns, rows = run(small, sparql_text, {"min": 0.7})
    assert columns == ["s"] and len(rows) == 3
    assert run(small, sparql_text, dict([parse_binding("min=7e-1")]))[1] == rows
    assert run(small, "SELECT ?c WHERE { ?s nkg:confidence ?c }", {"s": "https://example.org/s3"})[1] == [{"c": 0.3}]


def test_bindings_that_cannot_work_say_why(small):
    with pytest.raises(QueryError, match="no variable \\?nope"):
        run(small, "SELECT ?s WHERE { ?s ?p ?o }", {"nope": 1})
    with pytest.raises(QueryError, match="cannot bind \\?min.*not ASK"):
        run(small, "ASK { ?s nkg:confidence ?c FILTER(?c > ?min) }", {"min": 1})
    with pytest.raises(QueryError, match="GROUP BY"):
        run(small, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?c FILTER(?c > ?min) } GROUP BY ?p", {"min": 0})


@pytest.mark.parametrize("update", ["DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <http://a> <http://b> 1 }",
                                    "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "LOAD <file:///etc/passwd>"])
def test_updates_are_refused_plainly(small, update):
    with pytest.raises(QueryError, match="not allowed.*'nasicon-kg add' and 'nasicon-kg remove'"):
        run(small, update)
    with pytest.raises(QueryError, match="not allowed"):
        load_query(update)
    assert len(small) == 10


# -- through the CLI, on the built corpus ------------------------------------------------------


@pytest.fixture(scope="module")
def store(built_store):
    return built_store.path


def rows_of(result) -> int:
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1].split()[0])


def test_numeric_bindings_match_the_python_api(store):
    kg = KGStore(store, read_only=True)
    for name, text, value in (("high_current", "0.3", 0.3), ("conductive_compositions", "1e-3", 1e-3)):
        expected = len(run(kg, load_query(name), {"min": value})[1])
        assert expected > 0
        assert rows_of(cli("query", name, "--bind", f"min={text}", "--store", store)) == expected
    assert rows_of(cli("query", "high_current", "--bind", "min=1000", "--store", store)) == 0


def test_cli_binds_a_variable_outside_the_select_list(store):
    result = cli("query", "SELECT ?s WHERE { ?s a ?t }", "--bind", "t=nkg:Nitride", "-f", "csv", "--store", store)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "s" and "https://w3id.org/nasicon-kg/resource/material/Li3N" in lines


@pytest.mark.parametrize("bind, says", [
    ("1x=3", "bad variable name"), ("a b=3", "bad variable name"),
    ("p=<http://x/> } DROP ALL { <http://y>", "not an IRI"), ("nope=3", "no variable ?nope"),
])
def test_cli_bad_bindings_are_one_line(store, bind, says):
    line = one_error_line(cli("query", "SELECT ?s WHERE { ?s ?p ?o }", "--bind", bind, "--store", store))
    assert says in line


def test_cli_refuses_updates_and_keeps_the_store(store):
    before = quads(store)
    for update in ("DROP ALL", "INSERT DATA { <http://a> <http://b> <http://c> }"):
        line = one_error_line(cli("query", update, "--store", store))
        assert "not allowed" in line and "'nasicon-kg add' and 'nasicon-kg remove'" in line
    assert quads(store) == before


def test_cli_query_stops_at_its_timeout(store):
    started = time.monotonic()
    line = one_error_line(cli("query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1",
                              "--store", store))
    assert "still running after 1 s" in line
    assert time.monotonic() - started < 60
