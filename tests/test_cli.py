"""The CLI: one clear error line and a non-zero exit on bad input, the store left intact."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import CORPUS, SEED

EXE = [sys.executable, "-m", "nasicon_kg.cli"]


def cli(*args, cwd=None):
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*EXE, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "kg"
    result = cli("build", CORPUS, "--store", path)
    assert result.returncode == 0, result.stderr
    return path


def quads(store):
    from nasicon_kg.store import KGStore

    return len(KGStore(store, read_only=True))


def one_error_line(result):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_build_reports_store_and_is_idempotent(store):
    before = quads(store)
    again = cli("add", SEED, "--store", store)
    assert again.returncode == 0
    assert "unchanged" in again.stdout
    assert quads(store) == before


def test_list_shows_the_review(store):
    result = cli("list", "--store", store)
    assert result.returncode == 0
    assert "10.1039/d1ma01239h" in result.stdout
    assert "1 paper(s)" in result.stdout


@pytest.mark.parametrize("bad", ["missing.md", "empty.md", "binary.png"])
def test_bad_files_give_one_line_and_keep_the_store(store, tmp_path, bad):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "binary.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    before = quads(store)
    result = cli("add", tmp_path / bad, "--store", store)
    line = one_error_line(result)
    assert bad in line
    assert quads(store) == before


def test_good_and_bad_files_together(store, tmp_path):
    paper = tmp_path / "new_paper.md"
    paper.write_text("# A new paper\n\n## Results\n\nA 20 nm Al2O3 layer was deposited on LATP by ALD "
                     "and the symmetric cell cycled for 300 h at 0.1 mA cm<sup>-2</sup>.\n", encoding="utf-8")
    (tmp_path / "empty.md").write_bytes(b"")
    before = quads(store)
    result = cli("add", paper, tmp_path / "empty.md", "--store", store)
    assert result.returncode == 1
    assert "added" in result.stdout and "failed" in result.stdout
    assert quads(store) > before
    removed = cli("remove", paper, "--store", store, "--yes")
    assert removed.returncode == 0, removed.stderr
    assert quads(store) == before


def test_malformed_query(store):
    before = quads(store)
    line = one_error_line(cli("query", "SELECT ?x WHERE { ?x ", "--store", store))
    assert "malformed query" in line
    assert quads(store) == before


def test_missing_query_file(store):
    line = one_error_line(cli("query", "nope.rq", "--store", store))
    assert "nope.rq" in line


def test_query_formats(store):
    csv_out = cli("query", "queries/strategies.rq", "--format", "csv", "--store", store, cwd=CORPUS.parent)
    assert csv_out.returncode == 0
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[1:4] == ["electrolyte", "layer", "strategy_type"]
    js = cli("query", "mci_solutions_latp", "--format", "json", "--store", store)
    assert json.loads(js.stdout)[0]["layer"] == "ZnO"


def test_remove_unknown_paper(store):
    line = one_error_line(cli("remove", "10.9999/none", "--store", store))
    assert "no paper" in line


def test_remove_of_a_note_that_cites_a_stored_paper_removes_nothing(store, tmp_path):
    note = tmp_path / "note.md"
    note.write_text("Comment on: doi:10.1039/d1ma01239h\n\nA fine review.\n", encoding="utf-8")
    before = quads(store)
    line = one_error_line(cli("remove", note, "--store", store, "--yes"))
    assert "no paper matching" in line and "note.md" in line
    assert quads(store) == before


def test_remove_without_a_terminal_needs_yes(store):
    before = quads(store)
    line = one_error_line(cli("remove", SEED, "--store", store))
    assert "would remove 'Interface modification of NASICON-type" in line and "pass --yes" in line
    assert quads(store) == before


@pytest.mark.parametrize("answer, removed", [("n\n", False), ("y\n", True)])
def test_remove_asks_on_a_terminal(tmp_path, monkeypatch, answer, removed):
    from typer.testing import CliRunner

    from nasicon_kg import cli as cli_module
    from nasicon_kg.build import add_paper
    from nasicon_kg.store import KGStore

    paper = tmp_path / "paper.md"
    paper.write_text("# Alumina on LATP\n\n## Results\n\nA 20 nm Al2O3 layer was deposited on LATP by ALD.\n",
                     encoding="utf-8")
    kg = KGStore(tmp_path / "kg")
    add_paper(kg, paper)
    kg.close()
    monkeypatch.setattr(cli_module, "_interactive", lambda: True)
    result = CliRunner().invoke(cli_module.app, ["remove", str(paper), "--store", str(tmp_path / "kg")],
                                input=answer)
    assert "remove 'Alumina on LATP' (" in result.output
    assert result.exit_code == (0 if removed else 1)
    assert (KGStore(tmp_path / "kg", read_only=True).papers() == []) is removed


def test_missing_store_for_query(tmp_path):
    line = one_error_line(cli("query", "strategies", "--store", tmp_path / "nowhere"))
    assert "no store" in line


def test_extract_jsonl_shape():
    result = cli("extract", SEED, "--format", "jsonl", "--sources", "tables")
    assert result.returncode == 0, result.stderr
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    zno = [f for f in facts if f["type"] == "InterfaceStrategy" and f["layer"] == "ZnO"]
    assert len(zno) == 1
    f = zno[0]
    assert set(f) >= {"type", "electrolyte", "layer", "strategy_type", "method", "thickness_nm",
                      "symmetric_cell", "full_cell", "problems", "cited_refs", "evidence"}
    assert f["thickness_nm"] == [200.0, 200.0]
    assert f["symmetric_cell"][0] == {"hours": 2000.0, "current_density_mA_cm2": 0.05, "temperature_C": None}
    assert f["evidence"][0]["origin"] == "table" and f["cited_refs"] == [94]
    cond = [f for f in facts if f["type"] == "IonicConductivity"]
    assert len(cond) == 8 and all("value_S_cm" in c for c in cond)


def test_extract_turtle_parses():
    from rdflib import Graph

    result = cli("extract", SEED, "--format", "ttl", "--sources", "tables")
    assert result.returncode == 0
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 1000


def test_export_formats(store, tmp_path):
    from rdflib import Dataset, Graph

    for fmt in ("trig", "nq", "ttl", "jsonld"):
        out = tmp_path / f"kg.{fmt}"
        assert cli("export", "--format", fmt, "--output", out, "--store", store).returncode == 0
        assert out.stat().st_size > 10000
    ds = Dataset()
    ds.parse(tmp_path / "kg.trig", format="trig")
    assert len(list(ds.graphs())) >= 2  # ontology + the paper
    assert len(Graph().parse(tmp_path / "kg.ttl", format="turtle")) > 1000


def test_validate_and_stats(store):
    assert "conforms" in cli("validate", "--store", store).stdout
    stats = cli("stats", "--store", store)
    assert stats.returncode == 0 and "strategies" in stats.stdout


@pytest.mark.parametrize("cmd", ["build", "add", "remove", "list", "query", "extract", "export", "validate",
                                 "stats", "eval", "viz"])
def test_every_command_has_help(cmd):
    from typer.testing import CliRunner

    from nasicon_kg.cli import app

    result = CliRunner().invoke(app, [cmd, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    assert len(app.registered_commands[[c.name or c.callback.__name__.rstrip("_") for c in
                                        app.registered_commands].index(cmd)].callback.__doc__) > 30


def test_unwritable_output_is_one_line(store, tmp_path):
    line = one_error_line(cli("export", "--format", "ttl", "--output", tmp_path / "no" / "dir" / "x.ttl",
                              "--store", store))
    assert "No such file or directory" in line


def test_a_sidecar_is_not_a_paper(store):
    before = quads(store)
    line = one_error_line(cli("add", CORPUS / "tolganbek2022_nasicon_interface_review.meta.json", "--store", store))
    assert "JSON data, not a paper" in line
    assert quads(store) == before


def test_eval_of_malformed_passage_gold_is_one_line(tmp_path):
    (tmp_path / "p.jsonl").write_text('{"id": "x", "source": "nope.md"}\n')
    r = cli("eval", tmp_path)
    assert r.returncode == 1 and "missing or bad field" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_query_cuts_long_cells_unless_full(store):
    cut = cli("query", "material_facts", "--bind", "material=LATP", "--store", store)
    assert cut.returncode == 0, cut.stderr
    assert "long cells cut to 60 characters (--full shows them whole)" in cut.stdout
    full = cli("query", "material_facts", "--bind", "material=LATP", "--store", store, "--full")
    assert full.returncode == 0 and "cut to" not in full.stdout
    assert len(full.stdout.splitlines()) > 1.5 * len(cut.stdout.splitlines())


def test_list_shows_whole_titles(store):
    result = cli("list", "--store", store)
    words = " ".join(line.strip("│ ") for line in result.stdout.splitlines())
    assert "a critical" in words and "evaluation" in words   # the end of the review's title


def test_internal_viz_queries_are_not_user_queries():
    from nasicon_kg.queries import queries_dir
    from nasicon_kg.viz.network import query_dir

    assert not list(queries_dir().glob("viz_*.rq"))
    assert {p.stem for p in query_dir().glob("*.rq")} >= {"viz_network", "viz_lifetime", "viz_conditions"}


@pytest.mark.parametrize("args, says", [
    (("export", "--format", "turtle"), "'turtle' is not one of"),
    (("query", "strategies", "--nope"), "No such option: --nope"),
    (("frobnicate",), "No such command 'frobnicate'"),
])
def test_a_bad_option_is_one_error_line_with_where_to_look(args, says):
    result = cli(*args)
    line = one_error_line(result)
    assert result.returncode == 2
    assert line.startswith("error:") and says in line and "--help" in line


@pytest.mark.parametrize("args", [("query", "strategies"), ("query", "nope.rq")])
def test_the_console_script_prints_what_typer_prints(store, args):
    """`python -m nasicon_kg` (the console script's entry) runs plain query/list without typer."""
    env = {**os.environ, "COLUMNS": "200"}
    fast = subprocess.run([sys.executable, "-m", "nasicon_kg", *args, "--store", str(store)], capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    typer_run = cli(*args, "--store", store)
    assert (fast.returncode, fast.stdout, fast.stderr) == (typer_run.returncode, typer_run.stdout, typer_run.stderr)
    assert fast.stdout or fast.stderr


def test_build_compacts_the_store_once_at_the_end_and_add_does_not(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from nasicon_kg import cli as cli_module
    from nasicon_kg.store import KGStore

    calls = []
    monkeypatch.setattr(KGStore, "optimize", lambda self: calls.append(self.path))
    papers = tmp_path / "papers"
    papers.mkdir()
    for n in (1, 2):
        (papers / f"p{n}.md").write_text(f"# Paper {n}\n\nA ZnO layer {n} nm thick was sputtered on LATP.\n")
    store = tmp_path / "kg"
    built = CliRunner().invoke(cli_module.app, ["build", str(papers), "--store", str(store)])
    assert built.exit_code == 0, built.output
    assert calls == [store]
    (tmp_path / "p3.md").write_text("# Paper 3\n\nLi3PO4 was coated on LAGP by ALD.\n")
    added = CliRunner().invoke(cli_module.app, ["add", str(tmp_path / "p3.md"), "--store", str(store)])
    assert added.exit_code == 0, added.output
    rebuilt = CliRunner().invoke(cli_module.app, ["build", str(papers), "--store", str(store)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert calls == [store]  # nothing added by add's compaction, nor by a build that changed nothing


def test_optimize_keeps_every_quad(tmp_path):
    from nasicon_kg.store import KGStore

    kg = KGStore(tmp_path / "kg")
    kg.ensure_ontology()
    before = len(kg)
    kg.optimize()
    assert len(kg) == before > 0
    kg.close()
    reader = KGStore(tmp_path / "kg", read_only=True)
    reader.optimize()  # a reader does not compact, and says nothing
    assert len(reader) == before
