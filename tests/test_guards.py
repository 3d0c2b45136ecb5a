"""Guards on one paper's size and time: --max-pages, --max-chars, --timeout, and oversized blocks
read in pieces (issue 9, items 2 and 9). Inputs are generated here, small, with low limits."""
from __future__ import annotations

import os
import signal
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasicon_kg.budget import TimeBudget
from nasicon_kg.errors import ExtractionError, ReaderError, TimeBudgetError
from nasicon_kg.nlp.pieces import pieces
from nasicon_kg.readers import read_document

from .test_cli import cli

PAPER = ("# Protective layers on LATP\n\n## Results\n\nA 20 nm Al2O3 layer was deposited on LATP by ALD "
         "and the Li symmetric cell cycled for 300 h at 0.1 mA cm<sup>-2</sup>.\n")
SENTENCES = ("A 20 nm Al2O3 layer was deposited on LATP by ALD. The Li symmetric cell with it cycled for "
             "300 h at 0.1 mA cm-2. A ZnO coating on LAGP lowered the interfacial resistance. ")


def make_pdf(path, pages: int, lines: int = 3):
    """``pages`` pages of ``lines`` lines each, no two lines alike (so none reads as a running header)."""
    from reportlab.pdfgen import canvas

    words = SENTENCES.split()
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for n in range(pages):
        c.setFont("Helvetica", 9)
        for i in range(lines):
            k = (n * lines + i) % len(words)
            c.drawString(50, 700 - 12 * i, " ".join(words[k:] + words[:k])[:90])
        c.showPage()
    c.save()
    return path


# --- pieces --------------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .!?\n", max_size=400), st.integers(1, 60))
def test_pieces_cover_the_text_in_order_within_the_limit(text, limit):
    parts = pieces(text, limit)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= limit for _, p in parts)
    offset = 0
    for start, part in parts:
        assert start == offset and text[start:start + len(part)] == part
        offset += len(part)


def test_pieces_end_at_a_sentence_end_when_there_is_one():
    parts = pieces(SENTENCES * 3, limit=200)
    assert len(parts) > 1
    assert all(p.endswith(". ") for _, p in parts[:-1])


def test_a_one_line_text_longer_than_spacys_limit_goes_in_with_true_offsets(tmp_path, monkeypatch):
    from nasicon_kg.build import extract_document, prepare_extraction
    from nasicon_kg.extract import text as text_extract

    nlp = __import__("nasicon_kg.nlp.pipeline", fromlist=["build_nlp"]).build_nlp(prepare_extraction())
    monkeypatch.setattr(nlp, "max_length", 1_000)  # spaCy's E088 for any longer text given whole
    monkeypatch.setattr(text_extract, "PIECE_CHARS", 400)
    path = tmp_path / "one_line.txt"
    path.write_text("Protective layers on LATP. " + SENTENCES * 12, encoding="utf-8")  # ~2,900 chars, one line
    document, facts = extract_document(path, timeout=0)
    assert len(document.blocks) == 1 and len(document.text) > 2 * nlp.max_length
    assert facts, "the pieces' sentences give facts"
    for fact in facts:
        for ev in fact.evidence:
            assert document.text[ev.start:ev.end] == ev.text


# --- --max-chars, --max-pages ---------------------------------------------------------------------

def test_a_text_over_max_chars_is_refused_before_it_is_rendered(tmp_path, monkeypatch):
    from nasicon_kg.readers import text as text_reader

    def never(*_a, **_k):
        raise AssertionError("rendered a text over the limit")

    monkeypatch.setattr(text_reader, "build_document", never)
    path = tmp_path / "long.txt"
    path.write_text("x " * 3_000, encoding="utf-8")
    with pytest.raises(ReaderError, match=r"long\.txt: text is 6,000 characters, over the limit of 5,000 "
                                          r"\(raise it with --max-chars\)"):
        read_document(path, max_chars=5_000)
    monkeypatch.undo()
    assert len(read_document(path, max_chars=0).text) == 5_999  # 0: no limit


def test_max_chars_holds_for_markup_too(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>" + "A ZnO coating on LATP was made. " * 200 + "</p>"
    path.write_text(f"<!DOCTYPE html><html><head><title>A long page</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    with pytest.raises(ReaderError, match="over the limit of 1,000 .*--max-chars"):
        read_document(path, max_chars=1_000)


def test_a_pdf_over_max_pages_is_refused_before_a_page_is_parsed(tmp_path, monkeypatch):
    from nasicon_kg.readers import pdf

    def never(*_a, **_k):
        raise AssertionError("parsed a page of a PDF over the limit")

    path = make_pdf(tmp_path / "three.pdf", 3)
    monkeypatch.setattr(pdf, "_page_glyphs", never)
    with pytest.raises(ReaderError, match=r"three\.pdf: PDF has 3 pages, over the limit of 2 "
                                          r"\(raise it with --max-pages\)"):
        read_document(path, max_pages=2)
    monkeypatch.undo()
    assert read_document(path, max_pages=3).text


def bare_pdf(write_pdf, pages: int, declared: int | None = None) -> bytes:
    """A minimal PDF written by hand: ``pages`` pages sharing one content stream (one line of text),
    its page tree declaring ``declared`` pages (default: the truth)."""
    content = b"BT /F1 9 Tf 50 700 Td (A line on LATP and lithium.) Tj ET"
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages if declared is None else declared} >>".encode(),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    return write_pdf(objects)


def test_a_2000_page_pdf_is_refused_by_default_in_seconds(tmp_path, write_pdf):
    path = tmp_path / "huge.pdf"
    path.write_bytes(bare_pdf(write_pdf, 2000))
    started = time.monotonic()
    with pytest.raises(ReaderError, match="2,000 pages, over the limit of 300"):
        read_document(path)
    assert time.monotonic() - started < 60  # reading all of it would take minutes; the count, seconds


def test_a_pdf_that_understates_its_pages_is_still_refused(tmp_path, write_pdf):
    path = tmp_path / "lying.pdf"
    path.write_bytes(bare_pdf(write_pdf, 5, declared=1))
    with pytest.raises(ReaderError, match="PDF has 5 pages, over the limit of 2"):
        read_document(path, max_pages=2)


# --- the time budget ------------------------------------------------------------------------------

def test_work_over_its_budget_is_stopped_with_one_line():
    started = time.monotonic()
    with pytest.raises(TimeBudgetError, match=r"^slow\.md: not read and extracted within 0\.5 s.*--timeout\)$"):
        TimeBudget(0.5, "slow.md").run(time.sleep, 30)
    assert time.monotonic() - started < 10


def _warn_then_fail():
    warnings.warn("a glyph was lost", UserWarning)
    raise ReaderError("corrupt", path="x.pdf")


def test_the_childs_warnings_and_errors_come_back_to_the_parent():
    with pytest.warns(UserWarning, match="a glyph was lost"), pytest.raises(ReaderError) as info:
        TimeBudget(30).run(_warn_then_fail)
    assert str(info.value) == "x.pdf: corrupt"
    assert TimeBudget(30).run(os.getpid) != os.getpid()  # the work ran in another process


def _die():
    os.kill(os.getpid(), signal.SIGKILL)  # in the child: as the kernel's out-of-memory killer would


def test_a_child_that_dies_is_one_line():
    with pytest.raises(ExtractionError, match=r"^x\.md: the process reading and extracting it died"):
        TimeBudget(30, "x.md").run(_die)


def test_a_slow_paper_fails_alone_and_only_the_parent_writes(tmp_path, monkeypatch):
    from nasicon_kg import build
    from nasicon_kg.store import KGStore

    (tmp_path / "good.md").write_text(PAPER, encoding="utf-8")
    (tmp_path / "slow.md").write_text(PAPER.replace("LATP\n", "LATP, slowly\n"), encoding="utf-8")
    real_read = build.read_document

    def read(path, **kw):
        if path.name == "slow.md":
            time.sleep(60)
        return real_read(path, **kw)

    writers = []
    store = KGStore(tmp_path / "kg")
    real_replace = store.replace_graph
    monkeypatch.setattr(build, "read_document", read)
    monkeypatch.setattr(store, "replace_graph", lambda *a, **k: writers.append(os.getpid()) or real_replace(*a, **k))
    results = {Path(r.path).name: r for r in build.add_papers(store, [tmp_path], timeout=3)}
    assert results["good.md"].status == "added" and results["good.md"].facts
    assert results["slow.md"].status == "failed"
    assert "not read and extracted within 3 s" in results["slow.md"].error
    assert writers and set(writers) == {os.getpid()}
    assert len(store.papers()) == 1


# --- the CLI --------------------------------------------------------------------------------------

def test_add_reports_each_guard_as_an_error_line_and_adds_the_rest(tmp_path):
    (tmp_path / "good.md").write_text(PAPER, encoding="utf-8")
    make_pdf(tmp_path / "long.pdf", 2)
    (tmp_path / "long.txt").write_text("Protective layers. " + SENTENCES * 40, encoding="utf-8")
    result = cli("add", tmp_path, "--store", tmp_path / "kg", "--max-pages", "1", "--max-chars", "5000")
    assert result.returncode == 1
    assert "1 added" in result.stdout and "2 failed" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors), result.stderr
    assert any("long.pdf" in line and "--max-pages" in line for line in errors)
    assert any("long.txt" in line and "--max-chars" in line for line in errors)
