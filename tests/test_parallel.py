"""build --workers on Dask: the same store as a build in one process, for any number of workers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from nasicon_kg.build import add_papers  # noqa: E402
from nasicon_kg.parallel import build_on_dask  # noqa: E402
from nasicon_kg.store import KGStore  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CREATED = "http://purl.org/dc/terms/created"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("text/small_paper.md", "markup/small_article.html", "markup/small_jats.xml"):
        shutil.copy(FIXTURES / name, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nno end")
    return folder


def quads(store: KGStore) -> set[str]:
    """The store's quads, less when each paper was added."""
    return {str(q) for q in store._store if q.predicate.value != CREATED}


@pytest.fixture(scope="module")
def sequential(corpus):
    store = KGStore(None)
    add_papers(store, [corpus])
    return quads(store)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_store_is_the_same_for_any_number_of_workers(corpus, sequential, workers):
    store, seen = KGStore(None), []
    # threads, not processes: a worker process imports spaCy anew (tens of seconds on a busy machine)
    results = build_on_dask(store, [corpus], workers=workers, processes=False, progress=seen.append)
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("broken.pdf", "failed"), ("small_article.html", "added"), ("small_jats.xml", "added"),
        ("small_paper.md", "added")]
    assert "corrupt or truncated PDF" in results[0].error and len(seen) == 4
    assert quads(store) == sequential


def test_a_file_already_stored_is_not_sent_again(corpus, tmp_path):
    store = KGStore(tmp_path / "kg")
    add_papers(store, [corpus / "small_paper.md"])
    results = build_on_dask(store, [corpus / "small_paper.md"], workers=1, processes=False)
    assert [r.status for r in results] == ["unchanged"]
