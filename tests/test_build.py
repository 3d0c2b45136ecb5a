"""`add` semantics: DOI or hash graphs, re-adding, new versions, directories, failures that keep the store."""
from __future__ import annotations

from pathlib import Path

import pytest

from nasicon_kg.build import add_paper, add_papers, remove_paper
from nasicon_kg.errors import ReaderError, StoreError, WouldReplaceError
from nasicon_kg.store import KGStore

from .conftest import SEED

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PAPER = """# Sputtered {layer} interlayers on LATP

DOI: 10.5555/nkg.build.0001

## Results

A 30 nm {layer} film was sputtered onto Li1.3Al0.3Ti1.7(PO4)3 (LATP) pellets to protect them from
reduction by Li metal. The Li|{layer}-LATP|Li symmetric cell cycled for {hours} h at 0.1 mA cm<sup>-2</sup>.
"""


def write(path: Path, **kw) -> Path:
    path.write_text(PAPER.format(**kw), encoding="utf-8")
    return path


def layers(store: KGStore) -> set[str]:
    return {r["l"] for r in store.select(
        "SELECT ?l WHERE { ?s nkg:layerMaterial/skos:prefLabel ?l ; nkg:sourcePaper ?p }")}


def test_new_version_with_same_doi_replaces_the_graph(tmp_path):
    store = KGStore(tmp_path / "kg")
    v1 = add_paper(store, write(tmp_path / "v1.md", layer="Al2O3", hours=300))
    assert v1.status == "added" and v1.graph.endswith("doi/10.5555/nkg.build.0001")
    assert "Al2O3" in layers(store)
    v2 = add_paper(store, write(tmp_path / "v2.md", layer="ZrO2", hours=500))
    assert v2.status == "replaced" and v2.graph == v1.graph
    assert "ZrO2" in layers(store) and "Al2O3" not in layers(store)
    assert len(store.papers()) == 1


def test_paper_without_doi_is_named_by_its_hash(tmp_path):
    store = KGStore(tmp_path / "kg")
    text = PAPER.format(layer="MgO", hours=200).replace("DOI: 10.5555/nkg.build.0001", "")
    (tmp_path / "nodoi.md").write_text(text, encoding="utf-8")
    result = add_paper(store, tmp_path / "nodoi.md")
    assert "/sha256/" in result.graph
    assert add_paper(store, tmp_path / "nodoi.md").status == "unchanged"
    remove_paper(store, result.graph)
    assert store.papers() == []


def test_directory_adds_every_supported_file_and_reports_failures(tmp_path):
    docs = tmp_path / "papers"
    docs.mkdir()
    write(docs / "a.md", layer="Al2O3", hours=300)
    (docs / "b.md").write_text(PAPER.format(layer="ZnO", hours=900).replace("0001", "0002"), encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntruncated")
    (docs / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a supported suffix: skipped
    store = KGStore(tmp_path / "kg")
    results = add_papers(store, [docs])
    status = {Path(r.path).name: r.status for r in results}
    assert status == {"a.md": "added", "b.md": "added", "broken.pdf": "failed"}
    failed = next(r for r in results if r.status == "failed")
    assert "corrupt or truncated PDF" in failed.error
    assert len(store.papers()) == 2


def test_failures_leave_the_store_as_it_was(tmp_path):
    store = KGStore(tmp_path / "kg")
    add_paper(store, write(tmp_path / "ok.md", layer="Al2O3", hours=300))
    before = len(store)
    big = write(tmp_path / "big.md", layer="ZnO", hours=100)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (tmp_path / "empty.md").write_bytes(b"")
    for path, kwargs, message in ((big, {"max_bytes": 100}, "over the limit"),
                                  (tmp_path / "missing.md", {}, "no such file"),
                                  (tmp_path / "empty.md", {}, "empty file"),
                                  (tmp_path / "bad.pdf", {}, "corrupt or truncated PDF")):
        with pytest.raises(ReaderError, match=message):
            add_paper(store, path, **kwargs)
    assert len(store) == before


def test_text_in_another_encoding_is_detected(tmp_path):
    store = KGStore(tmp_path / "kg")
    text = PAPER.format(layer="Al2O3", hours=300).replace("# Sputtered", "# Pulvérisé : sputtered")
    (tmp_path / "cp1252.md").write_bytes(text.encode("cp1252"))
    result = add_paper(store, tmp_path / "cp1252.md")
    assert result.status == "added"
    assert store.papers()[0].title == "Pulvérisé : sputtered Al2O3 interlayers on LATP"


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "markup").glob("*.*")), ids=lambda p: p.name)
def test_markup_papers_go_in_with_their_metadata(tmp_path, fixture):
    store = KGStore(tmp_path / "kg")
    result = add_paper(store, fixture)
    assert result.status == "added"
    entry = store.papers()[0]
    assert entry.title and entry.doi
    assert store.scalar("SELECT (COUNT(?r) AS ?n) WHERE { ?p nkg:hasReference ?r }") > 0


def test_a_note_that_names_a_stored_papers_doi_is_its_own_paper(tmp_path):
    store = KGStore(tmp_path / "kg")
    paper = add_paper(store, write(tmp_path / "v1.md", layer="Al2O3", hours=300))
    note = tmp_path / "note.md"
    note.write_text("Comment on: doi:10.5555/nkg.build.0001\n\nTheir Al2O3 layer on LATP\nlasted 300 h.\n"
                    "Worth a look.\n", encoding="utf-8")
    sources = tmp_path / "SOURCES.txt"
    sources.write_text("Sources\n\nDOI: 10.5555/nkg.build.0001\nDOI: 10.5555/nkg.build.0002\n", encoding="utf-8")
    for path in (note, sources):
        result = add_paper(store, path)
        assert result.status == "added" and "/sha256/" in result.graph
    assert store.papers(paper.graph)[0].title == "Sputtered Al2O3 interlayers on LATP"
    assert len(store.papers()) == 3


def test_another_paper_with_a_stored_doi_is_refused_unless_forced(tmp_path):
    store = KGStore(tmp_path / "kg")
    first = add_paper(store, write(tmp_path / "v1.md", layer="Al2O3", hours=300))
    before = len(store)
    other = tmp_path / "other.md"
    other.write_text(PAPER.format(layer="ZnO", hours=900).replace(
        "# Sputtered ZnO interlayers on LATP", "# Garnet electrolytes in sodium cells"), encoding="utf-8")
    with pytest.raises(WouldReplaceError, match=r"other.md: would replace 'Sputtered Al2O3 interlayers on LATP' "
                                                r"\(\d+ triples\) with a file titled 'Garnet electrolytes in "
                                                r"sodium cells': use --force"):
        add_paper(store, other)
    assert len(store) == before
    forced = add_paper(store, other, force=True)
    assert forced.status == "replaced" and forced.graph == first.graph
    assert store.papers()[0].title == "Garnet electrolytes in sodium cells"


@pytest.mark.skipif(not SEED.exists(), reason="seed review not in corpus/")
@pytest.mark.parametrize("with_sidecar", [False, True], ids=["excerpt", "excerpt+sidecar"])
def test_an_excerpt_of_a_stored_paper_does_not_replace_it(built_store, tmp_path, with_sidecar):
    excerpt = tmp_path / "excerpt.md"
    excerpt.write_bytes(SEED.read_bytes()[:3000])
    if with_sidecar:  # the same title: the length still tells an excerpt from a new version
        (tmp_path / "excerpt.meta.json").write_bytes(SEED.with_name(SEED.stem + ".meta.json").read_bytes())
    before = len(built_store)
    why = "of its text" if with_sidecar else "with an untitled file"
    with pytest.raises(WouldReplaceError, match=rf"would replace 'Interface modification of NASICON-type …' "
                                                rf"\([\d,]+ triples\) .*{why}.*: use --force"):
        add_paper(built_store, excerpt)
    assert len(built_store) == before


def test_remove_by_file_takes_the_paper_added_from_it(tmp_path):
    store = KGStore(tmp_path / "kg")
    paper = write(tmp_path / "v1.md", layer="Al2O3", hours=300)
    added = add_paper(store, paper)
    copy = tmp_path / "copy.md"
    copy.write_bytes(paper.read_bytes())
    note = tmp_path / "note.md"
    note.write_text("DOI: 10.5555/nkg.build.0001\n\nMy notes on it.\n", encoding="utf-8")
    with pytest.raises(StoreError, match="no paper matching"):
        remove_paper(store, str(note))  # states the DOI, but was never added
    assert remove_paper(store, str(copy)) == added.graph  # the same content
    add_paper(store, paper)
    paper.write_text("edited since", encoding="utf-8")
    assert remove_paper(store, str(paper)) == added.graph  # the path it was added from
    assert store.papers() == []
