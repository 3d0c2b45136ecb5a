"""Time the PDF reader: every PDF in ../shared/pdfs (or the paths given), N runs each.

    python bench/bench_pdf.py [-n 3] [paper.pdf ...]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from nasicon_kg.readers import read_document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("-n", type=int, default=3, help="runs per file")
    args = ap.parse_args()
    paths = args.paths or sorted((Path(__file__).resolve().parents[2] / "shared" / "pdfs").glob("*.pdf"))
    import pdfplumber

    total_pages, total_time = 0, 0.0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        times = []
        for _ in range(args.n):
            t0 = time.perf_counter()
            read_document(path)
            times.append(time.perf_counter() - t0)
        best, mean = min(times), sum(times) / len(times)
        total_pages += pages * args.n
        total_time += sum(times)
        print(f"{path.name:45s} {pages:3d} pages  mean {mean:6.2f} s/file  best {best:6.2f} s  "
              f"{pages / mean:5.2f} pages/s")
    if total_time:
        print(f"overall: {total_pages / total_time:.2f} pages/s over {len(paths)} files x {args.n} runs")


if __name__ == "__main__":
    main()
