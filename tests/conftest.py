"""Shared fixtures: the corpus built once per test session into a temporary store."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "tolganbek2022_nasicon_interface_review.md"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """The corpus built into a fresh on-disk store (the same path `make demo` takes)."""
    from nasicon_kg.build import add_papers
    from nasicon_kg.store import KGStore

    path = tmp_path_factory.mktemp("kg") / "store"
    store = KGStore(path)
    results = add_papers(store, [CORPUS])
    assert [r.status for r in results] == ["added"], results
    return store


@pytest.fixture(scope="session")
def seed_document():
    from nasicon_kg.readers import read_document

    return read_document(SEED)
