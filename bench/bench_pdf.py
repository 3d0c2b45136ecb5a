"""Time the PDF reader, and compare pdfium's characters and rules with pdfplumber's (pdfminer's).

    python bench/bench_pdf.py [-n 3] [paper.pdf ...]

For every PDF in ../shared/pdfs (or the paths given) it prints:
- the reader's CPU seconds (best of N runs of ``read_document``) and pages per CPU second;
- CPU seconds to get every page's characters from pdfplumber and from pdfium (``pdfium_chars``);
- how many of pdfplumber's characters pdfium gives with the same text and a box within 0.05 pt
  (x0, x1, top, bottom, size);
- tables: pdfplumber's default finder on pdfminer's lines against the same finder on pdfium's rules
  (``pdfium_rules``), page by page;
- whether the Document built from pdfplumber's characters and tables (the reader before pdfium) is
  the one the reader gives now: text, blocks, tables, references and metadata.

Times are CPU seconds of this process (``time.process_time``): the machine is shared, so wall time
says more about the other work on it; the load average is printed beside them.
"""
from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

from nasicon_kg.readers import read_document
from nasicon_kg.readers import pdf as reader

BOX = ("x0", "x1", "top", "bottom", "size")


def cpu(fn):
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def pdfplumber_pages(path: Path) -> list:
    """The reader's PageData from pdfplumber's characters and its default table finder (pdfminer's
    layout of every page): what the reader read before it took pdfium's characters."""
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            glyphs, _ = reader._page_glyphs(page.chars, reader._differences(page), page.page_number)
            tables = []
            for tab in page.find_tables():
                if len(tab.rows) >= 2 and max(len(r.cells) for r in tab.rows) >= 2:
                    grid = [[[g for g in glyphs if reader._inside(g, c)] if c else [] for c in row.cells]
                            for row in tab.rows]
                    tables.append((tuple(tab.bbox), grid))
            pages.append(reader.PageData(page.page_number, float(page.width), float(page.height), glyphs, tables))
    return pages


def compare(path: Path) -> dict:
    import pdfplumber
    import pypdfium2

    out = {"chars": 0, "same": 0, "tables_plumber": 0, "tables_same": 0, "pages": 0}
    plumber_s = pdfium_s = 0.0
    with pdfplumber.open(path) as pdf:
        document = pypdfium2.PdfDocument(path)
        out["pages"] = len(pdf.pages)
        for index, page in enumerate(pdf.pages):
            seconds, theirs = cpu(lambda: page.chars)
            plumber_s += seconds
            drawn = document[index]
            seconds, (ours, _, height) = cpu(lambda: reader.pdfium_chars(drawn, reader._descents(page)))
            pdfium_s += seconds
            at = {}
            for ch in ours:
                at.setdefault((ch["text"], round(ch["x0"])), []).append(ch)
            for ch in theirs:
                out["chars"] += 1
                near = at.get((ch["text"], round(ch["x0"])), [])
                if any(all(abs(float(ch[k]) - float(o[k])) <= 0.05 for k in BOX) for o in near):
                    out["same"] += 1
            plumber_tables = [(tuple(round(v, 1) for v in t.bbox), [len(r.cells) for r in t.rows])
                              for t in page.find_tables()]
            rules = reader.pdfium_rules(drawn, height)
            across = [r for r in rules if r["top"] == r["bottom"]]
            down = [r for r in rules if r["top"] != r["bottom"]]
            pdfium_tables = [] if len(across) < 2 or len(down) < 2 else [
                (tuple(round(v, 1) for v in t.bbox), [len(r.cells) for r in t.rows]) for t in page.find_tables(
                    {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                     "explicit_vertical_lines": down, "explicit_horizontal_lines": across})]
            out["tables_plumber"] += len(plumber_tables)
            out["tables_same"] += plumber_tables == pdfium_tables and len(plumber_tables)
            out.setdefault("table_pages_differ", 0)
            out["table_pages_differ"] += plumber_tables != pdfium_tables
            drawn.close()
        document.close()
    out["plumber_s"], out["pdfium_s"] = plumber_s, pdfium_s
    before = reader.document_from_pages(pdfplumber_pages(path), _meta(path))
    now = read_document(path)
    out["document_same"] = (before.text, before.blocks, before.tables, before.references, before.metadata) == (
        now.text, now.blocks, now.tables, now.references, now.metadata)
    return out


def _meta(path: Path) -> dict:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        meta = {str(k): reader._meta_str(v) for k, v in (pdf.metadata or {}).items()}
        meta.update(reader._xmp(pdf))
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=3, help="runs of the reader per file")
    args = ap.parse_args()
    paths = args.paths or sorted((Path(__file__).resolve().parents[2] / "shared" / "pdfs").glob("*.pdf"))
    warnings.simplefilter("ignore")
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    total_pages, total_cpu = 0, 0.0
    for path in paths:
        best = min(cpu(lambda: read_document(path))[0] for _ in range(args.n))
        c = compare(path)
        total_pages += c["pages"]
        total_cpu += best
        print(f"{path.name:40s} {c['pages']:3d} pages  reader {best:5.2f} CPU s ({c['pages'] / best:5.1f} pages/s); "
              f"characters: pdfplumber {c['plumber_s']:5.2f} s, pdfium {c['pdfium_s']:5.2f} s; "
              f"same box {c['same']:,}/{c['chars']:,} ({100 * c['same'] / max(1, c['chars']):.1f}%); "
              f"tables {c['tables_same']}/{c['tables_plumber']} the same, {c['table_pages_differ']} page(s) differ; "
              f"Document as from pdfplumber: {c['document_same']}")
    if total_cpu:
        print(f"overall: {total_pages / total_cpu:.1f} pages per CPU second over {len(paths)} files "
              f"(best of {args.n} runs each); load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
