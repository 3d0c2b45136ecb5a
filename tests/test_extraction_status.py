"""`list` says why a paper has no facts: extraction found nothing, or extraction failed (issue 9, item 8)."""
from __future__ import annotations

import pyoxigraph
import pytest

from nasicon_kg import build
from nasicon_kg.store import KGStore

from .test_cli import cli

OFF_TOPIC = """# Sourdough starters at home

A starter is flour and water left to ferment. Feed it every day and keep it at room temperature;
after a week it doubles in four hours and can raise a loaf.
"""
ON_TOPIC = """# A LiPON interlayer on LATP

## Results

A 50 nm LiPON interlayer between the Li1.3Al0.3Ti1.7(PO4)3 electrolyte and the lithium metal anode
suppressed the reduction of Ti4+. The ionic conductivity of LATP was 3.5 × 10−4 S cm−1 at 25 °C.
"""


@pytest.fixture()
def papers(tmp_path):
    off, on = tmp_path / "bread.md", tmp_path / "lipon.md"
    off.write_text(OFF_TOPIC)
    on.write_text(ON_TOPIC)
    return off, on


def test_nothing_found_and_failed_are_told_apart(tmp_path, papers, monkeypatch):
    off, on = papers
    store = KGStore(tmp_path / "kg")
    assert build.add_paper(store, off).facts == 0

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    import nasicon_kg.extract as extract

    monkeypatch.setattr(extract, "extract_facts", broken)
    with pytest.warns(build.ExtractionFailedWarning, match="extraction failed"):
        result = build.add_paper(store, on)
    assert (result.status, result.facts) == ("added", 0)
    monkeypatch.undo()

    entries = {e.source.rsplit("/", 1)[-1]: e for e in store.papers()}
    assert entries["bread.md"].extraction == "nothing found" and entries["bread.md"].extraction_note == ""
    assert entries["lipon.md"].extraction == "failed"
    assert entries["lipon.md"].extraction_note == "IndexError: list index out of range"
    assert entries["lipon.md"].title == "A LiPON interlayer on LATP"  # metadata is kept

    store.close()
    listed = cli("list", "--store", tmp_path / "kg")
    assert listed.returncode == 0, listed.stderr
    assert "0 (nothing found)" in listed.stdout
    assert "0 (failed: IndexError: list index out of range)" in listed.stdout


def test_a_paper_with_facts_is_marked_so(tmp_path, papers):
    store = KGStore(tmp_path / "kg")
    result = build.add_paper(store, papers[1])
    assert result.facts > 0
    entry = store.papers()[0]
    assert (entry.extraction, entry.extraction_note) == ("facts found", "")


def test_the_status_is_in_the_paper_graph(tmp_path, papers):
    store = KGStore(tmp_path / "kg")
    graph = build.add_paper(store, papers[0]).graph
    rows = store.select("SELECT ?s WHERE { GRAPH ?g { ?p nkg:extractionStatus ?s } }",
                        {"g": pyoxigraph.NamedNode(graph)})
    assert [r["s"] for r in rows] == ["nothing found"]
