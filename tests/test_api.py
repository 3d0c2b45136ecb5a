"""The Python API: docs/api.md's examples run, results convert, pandas stays optional."""
from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

import nasicon_kg as nkg
from nasicon_kg.api import Results
from nasicon_kg.errors import MissingDependencyError

from .conftest import ROOT


def doc_examples(path) -> doctest.DocTest:
    """The page's examples; a code fence ends the example before it (as a blank line would)."""
    text = "\n".join("" if line.startswith("```") else line for line in path.read_text(encoding="utf-8").splitlines())
    return doctest.DocTestParser().get_doctest(text, {"nkg": nkg}, path.name, str(path), 0)


def test_the_api_doc_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples name files from the repository root
    test = doc_examples(ROOT / "docs" / "api.md")
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    outcome = runner.run(test, out=out.append)
    assert outcome.attempted >= 12
    assert outcome.failed == 0, "".join(out)


RESULTS = Results(["a", "b"], [{"a": 1, "b": "x"}, {"a": 2}])


def test_to_dicts_fills_unbound_columns():
    assert RESULTS.to_dicts() == [{"a": 1, "b": "x"}, {"a": 2, "b": None}]
    assert len(RESULTS) == 2 and list(RESULTS) == RESULTS.rows


def test_to_pandas_says_when_pandas_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(MissingDependencyError, match="pip install pandas"):
        RESULTS.to_pandas()


def test_to_pandas_with_pandas():
    pandas = pytest.importorskip("pandas")
    frame = RESULTS.to_pandas()
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == ["a", "b"]
    assert frame["a"].tolist() == [1, 2]


def test_open_reads_a_built_store_read_only(built_store):
    with nkg.open(built_store.path) as kg:
        rows = kg.query("mci_solutions_latp").rows
        assert "ZnO" in {r["layer"] for r in rows}
        assert len(kg) == len(built_store)


def test_python_m_and_version():
    done = subprocess.run([sys.executable, "-m", "nasicon_kg", "--version"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == nkg.__version__
