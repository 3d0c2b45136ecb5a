"""`nasicon-kg serve`: the SPARQL 1.1 Protocol, read-only, with limits, a live store and one-line errors.

The protocol is checked with SPARQLWrapper (a client labs use) and with plain urllib where a
test needs the raw status or an Accept header SPARQLWrapper does not send.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from nasicon_kg.ontology import NKG
from nasicon_kg.queries import queries_dir
from nasicon_kg.server import Endpoint, ProtocolError, StoreReader, negotiate, parse_request
from nasicon_kg.store import KGStore

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
LIMIT = 60  # seconds any one request may take before the test fails instead of hanging


def start(path, **options) -> Endpoint:
    endpoint = Endpoint(path, "127.0.0.1", 0, **options)
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    return endpoint


def stop(endpoint: Endpoint) -> None:
    endpoint.shutdown()
    endpoint.server_close()


@pytest.fixture(scope="module")
def endpoint(built_store):
    served = start(built_store.path, timeout=LIMIT, workers=2)
    yield served
    stop(served)


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    """Status, content type and body of a request; an HTTP error status is returned, not raised."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=LIMIT) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def get(endpoint: Endpoint, sparql: str, accept: str = "") -> tuple[int, str, str]:
    headers = {"Accept": accept} if accept else {}
    return fetch(endpoint.url + "query?" + urllib.parse.urlencode({"query": sparql}), headers=headers)


def client(endpoint: Endpoint, sparql: str, fmt: str, method: str = "GET"):
    from SPARQLWrapper import POST, SPARQLWrapper as Client

    wrapper = Client(endpoint.url + "query", updateEndpoint=endpoint.url + "update")
    wrapper.setQuery(sparql)
    wrapper.setReturnFormat(fmt)
    wrapper.setTimeout(LIMIT)
    if method != "GET":
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(method)
    return wrapper.query()


# -- the protocol as pure functions -------------------------------------------------------------

ASK = "ASK { ?s ?p ?o }"


@pytest.mark.parametrize("method, query_string, content_type, body", [
    ("GET", urllib.parse.urlencode({"query": ASK}), "", b""),
    ("POST", "", "application/x-www-form-urlencoded", urllib.parse.urlencode({"query": ASK}).encode()),
    ("POST", "", "application/sparql-query; charset=utf-8", ASK.encode()),
])
def test_a_query_by_get_form_post_or_direct_post(method, query_string, content_type, body):
    request = parse_request(method, "/query", query_string, content_type, body)
    assert (request.sparql, request.form, request.default_graphs) == (ASK, "ASK", ())


@pytest.mark.parametrize("method, path, query_string, content_type, body, status", [
    ("POST", "/update", "", "application/x-www-form-urlencoded", b"update=CLEAR+ALL", 403),
    ("GET", "/update", "", "", b"", 403),
    ("POST", "/query", "", "application/sparql-update", b"CLEAR ALL", 403),
    ("POST", "/query", "", "application/x-www-form-urlencoded", b"update=DROP+ALL", 403),
    ("GET", "/query", "query=" + urllib.parse.quote("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }"),
     "", b"", 403),
    ("PUT", "/query", "", "", b"", 405),
    ("POST", "/query", "", "text/plain", ASK.encode(), 415),
    ("GET", "/query", "", "", b"", 400),
    ("GET", "/query", "query=" + urllib.parse.quote(ASK) + "&query=" + urllib.parse.quote(ASK), "", b"", 400),
    ("GET", "/sparql", "query=ASK{}", "", b"", 404),
])
def test_refusals_carry_a_status_and_a_message(method, path, query_string, content_type, body, status):
    with pytest.raises(ProtocolError) as refused:
        parse_request(method, path, query_string, content_type, body)
    assert refused.value.status == status and len(str(refused.value)) > 20
    if status == 403:
        assert "read-only" in str(refused.value)


@pytest.mark.parametrize("accept, form, chosen", [
    ("", "SELECT", "application/sparql-results+json"),
    ("*/*", "ASK", "application/sparql-results+json"),
    ("text/csv", "SELECT", "text/csv"),
    ("text/*;q=0.9, application/sparql-results+xml", "SELECT", "application/sparql-results+xml"),
    ("text/tab-separated-values, text/csv;q=0.5", "SELECT", "text/tab-separated-values"),
    ("", "CONSTRUCT", "text/turtle"),
    ("application/ld+json", "DESCRIBE", "application/ld+json"),
    ("application/n-triples;q=1, text/turtle;q=0.2", "CONSTRUCT", "application/n-triples"),
])
def test_content_negotiation(accept, form, chosen):
    assert negotiate(accept, form)[0] == chosen


def test_content_negotiation_refuses_what_it_cannot_write():
    with pytest.raises(ProtocolError) as refused:
        negotiate("text/turtle", "SELECT")
    assert refused.value.status == 406 and "application/sparql-results+json" in str(refused.value)


# -- over HTTP -----------------------------------------------------------------------------------

def test_sparqlwrapper_sees_what_the_store_sees(endpoint, built_store):
    """A competency query, its prefixes undeclared, over the union default graph: the rows `query` gives."""
    from SPARQLWrapper import JSON, POSTDIRECTLY, URLENCODED

    sparql = (queries_dir() / "strategies.rq").read_text(encoding="utf-8")
    assert "PREFIX" not in sparql.upper()
    expected = sorted(row["strategy"] for row in built_store.select(sparql))
    assert len(expected) > 10
    for method in ("GET", URLENCODED, POSTDIRECTLY):
        data = client(endpoint, sparql, JSON, method).convert()
        assert sorted(b["strategy"]["value"] for b in data["results"]["bindings"]) == expected, method
    layers = {b["layer"]["value"] for b in data["results"]["bindings"] if "layer" in b}
    assert "ZnO" in layers


def test_select_and_ask_in_every_results_format(endpoint):
    from SPARQLWrapper import CSV, JSON, TSV, XML

    sparql = "SELECT ?m ?label WHERE { ?m a nkg:Material ; skos:prefLabel ?label } ORDER BY ?m LIMIT 5"
    rows = client(endpoint, sparql, JSON).convert()["results"]["bindings"]
    assert len(rows) == 5
    xml = client(endpoint, sparql, XML).convert()
    assert [r.getElementsByTagName("uri")[0].firstChild.data for r in xml.getElementsByTagName("result")] \
        == [r["m"]["value"] for r in rows]
    csv_text = client(endpoint, sparql, CSV).convert().decode()
    assert csv_text.splitlines()[0] == "m,label" and rows[0]["m"]["value"] in csv_text
    tsv_text = client(endpoint, sparql, TSV).convert().decode()
    assert tsv_text.splitlines()[0] == "?m\t?label" and f"<{rows[0]['m']['value']}>" in tsv_text
    assert client(endpoint, "ASK { ?s a nkg:Material }", JSON).convert()["boolean"] is True


def test_construct_and_describe_as_turtle_ntriples_and_jsonld(endpoint):
    from SPARQLWrapper import JSONLD, TURTLE

    sparql = "CONSTRUCT { ?s nkg:layerMaterial ?m } WHERE { ?s nkg:layerMaterial ?m }"
    turtle = client(endpoint, sparql, TURTLE).convert()
    graph = Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 10
    jsonld = client(endpoint, sparql, JSONLD).convert()  # SPARQLWrapper parses it into an rdflib Graph
    assert set(jsonld) == set(graph)
    status, media, text = get(endpoint, sparql, "application/n-triples")
    assert (status, media.split(";")[0]) == (200, "application/n-triples")
    assert set(Graph().parse(data=text, format="nt")) == set(graph)
    iri = next(iter(graph.subjects()))
    status, media, text = get(endpoint, f"DESCRIBE <{iri}>", "text/turtle")
    assert status == 200 and (URIRef(iri), None, None) in Graph().parse(data=text, format="turtle")


def test_default_graph_uri_replaces_the_union(endpoint, built_store):
    from nasicon_kg.ontology import ONTOLOGY_GRAPH

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    url = endpoint.url + "query?" + urllib.parse.urlencode({"query": count,
                                                             "default-graph-uri": str(ONTOLOGY_GRAPH)})
    status, _, text = fetch(url, headers={"Accept": "text/csv"})
    assert status == 200 and int(text.splitlines()[1]) == built_store.graph_size(str(ONTOLOGY_GRAPH))
    assert int(get(endpoint, count, "text/csv")[2].splitlines()[1]) == len(built_store)


def test_updates_are_refused_and_the_store_is_unchanged(endpoint, built_store):
    before = len(built_store)
    from SPARQLWrapper import POST, SPARQLWrapper as Client

    wrapper = Client(endpoint.url + "query", updateEndpoint=endpoint.url + "update")
    wrapper.setMethod(POST)
    wrapper.setQuery("PREFIX x: <http://example.org/> INSERT DATA { x:a x:b x:c }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        wrapper.query()
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    status, _, text = fetch(endpoint.url + "query", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in text
    status, _, text = get(endpoint, "DELETE WHERE { ?s ?p ?o }")
    assert status == 403 and "nasicon-kg add" in text
    assert len(built_store) == before


def test_bad_queries_and_paths_get_a_4xx_with_a_message(endpoint):
    status, media, text = get(endpoint, "SELECT ?x WHERE { ?x ")
    assert (status, media.split(";")[0]) == (400, "text/plain") and text.startswith("malformed query")
    status, _, text = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle")
    assert status == 406 and "text/csv" in text
    status, _, text = fetch(endpoint.url + "nowhere")
    assert status == 404 and "/query" in text


def test_a_slow_query_is_stopped_at_the_timeout_and_the_next_one_runs(endpoint):
    endpoint.query_timeout = 1.0
    try:
        started = time.monotonic()
        status, _, text = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        took = time.monotonic() - started
    finally:
        endpoint.query_timeout = LIMIT
    assert status == 503 and "still running after 1 s" in text, text
    assert took < LIMIT / 2  # the query alone would take hours: the answer came from the timeout
    assert get(endpoint, "ASK { ?s ?p ?o }")[0] == 200  # its worker was replaced


def test_a_result_over_the_size_limit_is_refused(endpoint):
    endpoint.max_bytes = 5_000
    try:
        status, _, text = get(endpoint, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    finally:
        endpoint.max_bytes = 10_000_000
    assert status == 503 and "larger than 0.005 MB" in text and "LIMIT" in text
    assert get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "text/csv")[0] == 200


def test_the_page_is_offline_and_offers_the_competency_queries(endpoint):
    status, media, page = fetch(endpoint.url)
    assert (status, media.split(";")[0]) == (200, "text/html") and "<textarea" in page
    assert not re.search(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=""", page, flags=re.I)
    assert not re.search(r"https?://", page)
    status, _, text = fetch(endpoint.url + "examples.json")
    examples = json.loads(text)
    assert [e["name"] for e in examples] == sorted(p.stem for p in queries_dir().glob("*.rq"))
    strategies = next(e for e in examples if e["name"] == "strategies")
    assert strategies["question"].startswith("The canonical table of interface strategies")


# -- a store that changes while it is served -----------------------------------------------------

def paper_graph(n: int) -> tuple[str, Graph]:
    name = f"https://w3id.org/nasicon-kg/graph/test-paper-{n}"
    graph = Graph()
    paper = URIRef(f"https://w3id.org/nasicon-kg/resource/paper/test-{n}")
    graph.add((paper, RDF.type, NKG.Paper))
    graph.add((paper, DCTERMS.title, Literal(f"Test paper {n}")))
    return name, graph


def write_paper(path, n: int) -> None:
    store = KGStore(path)
    store.replace_graph(*paper_graph(n))
    store.close()


TITLES = "SELECT ?title WHERE { ?p a nkg:Paper ; dcterms:title ?title } ORDER BY ?title"


def titles(endpoint: Endpoint) -> list[str]:
    status, _, text = get(endpoint, TITLES, "text/csv")
    assert status == 200, text
    return text.splitlines()[1:]


def test_a_writer_adds_papers_while_it_serves_and_queries_see_them(tmp_path):
    path = tmp_path / "kg"
    write_paper(path, 1)
    served = start(path, timeout=LIMIT, workers=1)
    try:
        assert titles(served) == ["Test paper 1"]
        writer = KGStore(path)  # takes the write lock while the server reads: no lock fight
        writer.replace_graph(*paper_graph(2))
        assert titles(served) == ["Test paper 1", "Test paper 2"]  # seen before the writer closes
        writer.close()
        write_paper(path, 3)
        assert titles(served) == ["Test paper 1", "Test paper 2", "Test paper 3"]
    finally:
        stop(served)


def test_the_reader_reopens_the_store_only_when_it_changed(tmp_path):
    path = tmp_path / "kg"
    write_paper(path, 1)
    reader = StoreReader(path)
    first = reader.store()
    assert reader.store() is first and reader.opens == 1
    write_paper(path, 2)
    assert reader.store() is not first and reader.opens == 2
    assert len(reader.store().graphs()) == 2


# -- the command line ----------------------------------------------------------------------------

def test_cli_serves_stops_on_ctrl_c_in_one_line_and_refuses_a_port_in_use(built_store):
    command = [sys.executable, "-m", "nasicon_kg.cli", "serve", "--store", str(built_store.path), "--quiet"]
    server = subprocess.Popen([*command, "--port", "0"], stderr=subprocess.PIPE, text=True,
                              stdin=subprocess.DEVNULL)
    try:
        first = server.stderr.readline()
        url = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", first)
        assert url, first
        status, _, _ = fetch(url[1] + "query?" + urllib.parse.urlencode({"query": ASK}))
        assert status == 200
        taken = subprocess.run([*command, "--port", url[2]], capture_output=True, text=True, timeout=LIMIT,
                               stdin=subprocess.DEVNULL)
        assert taken.returncode == 1 and taken.stdout == ""
        assert taken.stderr.splitlines() == [f"error: cannot serve on 127.0.0.1:{url[2]}: the port is in use "
                                             "(stop what holds it, or give --port another number)"]
        server.send_signal(signal.SIGINT)
        assert server.wait(LIMIT) == 0
        assert server.stderr.read().splitlines() == ["stopped"]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_serve_has_help():
    from typer.testing import CliRunner

    from nasicon_kg.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "--port" in result.output and "--timeout" in result.output
    assert "nasicon-kg serve --store kg" in result.output


def test_no_store_is_one_error_before_binding(tmp_path):
    from nasicon_kg.errors import StoreError

    with pytest.raises(StoreError, match="no store at"):
        Endpoint(tmp_path / "absent", "127.0.0.1", 0)
    assert os.listdir(tmp_path) == []
