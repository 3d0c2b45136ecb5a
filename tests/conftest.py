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


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file's bytes from its object bodies, numbered from 1 (the first is the catalog), with
    a correct cross-reference table: for tests that need a PDF no library would write."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="session")
def write_pdf():
    """:func:`pdf_bytes`, for the tests that build PDFs by hand."""
    return pdf_bytes
