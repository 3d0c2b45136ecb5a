"""query and list start fast: they import neither rdflib nor spaCy."""
from __future__ import annotations

import subprocess
import sys

from rdflib import Graph

from nasicon_kg.store import KGStore

PAPER = """@prefix nkg: <https://w3id.org/nasicon-kg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/nasicon-kg/resource/paper/x> a nkg:Review ; nkg:contentHash "x" ; dcterms:title "A paper" .
"""

PROBE = """
import sys
from nasicon_kg.cli import main
path = sys.argv[1]
for command in (["list"], ["query", "strategies"]):
    sys.argv = ["nasicon-kg", *command, "--store", path]
    try:
        main()
    except SystemExit as done:
        assert not done.code, done.code
print("loaded:", *sorted(m for m in ("rdflib", "spacy", "pdfplumber", "distributed") if m in sys.modules))
"""


def run_probe(probe: str, tmp_path, paper: str | None = None) -> subprocess.CompletedProcess:
    """``probe`` run in a fresh interpreter on a store holding the ontology (and ``paper``)."""
    store = KGStore(tmp_path / "kg")
    store.ensure_ontology()
    if paper:
        store.replace_graph("https://w3id.org/nasicon-kg/graph/x", Graph().parse(data=paper, format="turtle"))
    store.close()
    del store
    run = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "kg")], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    return run


def test_query_and_list_import_neither_rdflib_nor_spacy(tmp_path):
    run = run_probe(PROBE, tmp_path, PAPER)
    assert "A paper" in run.stdout and run.stdout.strip().endswith("loaded:")


FAST_PROBE = """
import sys
from nasicon_kg.cli_read import main
sys.argv = ["nasicon-kg", "query", "strategies", "--store", sys.argv[1]]
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
print("loaded:", *sorted(m for m in ("typer", "pydantic", "rdflib", "spacy") if m in sys.modules))
"""


def test_the_console_script_runs_a_plain_query_without_typer(tmp_path):
    """typer imports pydantic (0.1 s): `nasicon-kg query` with plain options needs neither."""
    run = run_probe(FAST_PROBE, tmp_path)
    assert run.stdout.strip().endswith("loaded:")
