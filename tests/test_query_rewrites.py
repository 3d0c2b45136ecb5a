"""What the queries' speed rewrites rely on, and the checker that compares a rewrite's rows."""
from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]

EX = "http://example.org/"


def _checker():
    spec = importlib.util.spec_from_file_location("check_rewrite", ROOT / "bench" / "check_rewrite.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def toy():
    """Three strategies: one with a reference and its number, one with a reference without a
    number, one with none."""
    store = ox.Store()
    n = lambda name: ox.NamedNode(EX + name)  # noqa: E731
    for s in ("s1", "s2", "s3"):
        store.add(ox.Quad(n(s), n("a"), n("Strategy")))
    store.add(ox.Quad(n("s1"), n("cites"), n("r1")))
    store.add(ox.Quad(n("r1"), n("number"), ox.Literal("7")))
    store.add(ox.Quad(n("s2"), n("cites"), n("r2")))
    return store


def _rows(store, where: str) -> Counter:
    query = f"PREFIX : <{EX}> SELECT ?s ?num WHERE {{ ?s :a :Strategy . {where} }}"
    return Counter((str(r["s"]), str(r["num"]) if r["num"] else None) for r in store.query(query))


def test_lateral_optional_gives_the_optional_rows(toy):
    plain = _rows(toy, "OPTIONAL { ?s :cites ?r . ?r :number ?num }")
    lateral = _rows(toy, "LATERAL { OPTIONAL { ?s :cites ?r . ?r :number ?num } }")
    assert lateral == plain
    assert sorted(plain.values()) == [1, 1, 1]
    assert sum(1 for s, num in plain if num is None) == 2  # s2 and s3 keep their row, unbound


def test_lateral_optional_with_a_nested_optional(toy):
    inner = "?s :cites ?r . OPTIONAL { ?r :number ?num }"
    assert _rows(toy, f"LATERAL {{ OPTIONAL {{ {inner} }} }}") == _rows(toy, f"OPTIONAL {{ {inner} }}")


def test_the_checker_tells_equal_rows_from_different_ones(built_store, tmp_path, capsys, monkeypatch):
    checker = _checker()
    query = (ROOT / "queries" / "problems_by_material.rq").read_text(encoding="utf-8")
    same = tmp_path / "same.rq"
    same.write_text(query.replace("ORDER BY ?problem ?cited_ref", "ORDER BY ?cited_ref"), encoding="utf-8")
    fewer = tmp_path / "fewer.rq"
    fewer.write_text(query.replace('"ZnO"', '"Ge"'), encoding="utf-8")
    old = str(ROOT / "queries" / "problems_by_material.rq")
    monkeypatch.setattr("sys.argv", ["check_rewrite", old, str(same), str(built_store.path)])
    assert checker.main() == 0
    assert "same rows" in capsys.readouterr().out
    monkeypatch.setattr("sys.argv", ["check_rewrite", old, str(fewer), str(built_store.path)])
    assert checker.main() == 1
    assert "ROWS DIFFER" in capsys.readouterr().out


def test_the_checker_compares_on_key_columns_when_asked(built_store, tmp_path, capsys, monkeypatch):
    """--keys: rows compared on those columns alone; a column outside them may differ."""
    checker = _checker()
    old = ROOT / "queries" / "problems_by_material.rq"
    other = tmp_path / "other_evidence.rq"  # each evidence's section in place of its text: one per evidence too
    other.write_text(old.read_text(encoding="utf-8").replace("nkg:hasEvidence/nkg:evidenceText ?evidence",
                                                             "nkg:hasEvidence/nkg:section ?evidence"), encoding="utf-8")
    argv = ["check_rewrite", str(old), str(other), str(built_store.path)]
    monkeypatch.setattr("sys.argv", argv)
    assert checker.main() == 1
    monkeypatch.setattr("sys.argv", [*argv, "--keys", "problem,via,electrolyte,cited_ref"])
    assert checker.main() == 0
    out = capsys.readouterr().out
    assert "same rows on problem, via, electrolyte, cited_ref" in out and "whole rows:" in out
    monkeypatch.setattr("sys.argv", [*argv, "--keys", "problem,nonesuch"])
    assert checker.main() == 1
    assert "--keys names columns the query lacks: nonesuch" in capsys.readouterr().out
