"""Seconds per `add`: each paper added to a fresh store, N times, best and median printed.

    python bench/bench_add.py [FILE ...] [-n REPEATS]

Default files: the review in corpus/ and the PDFs in ../shared/pdfs when present. The first add in
a process also builds the spaCy pipeline and loads the ontology; that cold time is printed apart.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=3)
    args = parser.parse_args()
    files = args.files or [ROOT / "corpus" / "tolganbek2022_nasicon_interface_review.md",
                           *sorted((ROOT.parent / "shared" / "pdfs").glob("*.pdf"))]

    from nasicon_kg.build import add_paper
    from nasicon_kg.store import KGStore

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        add_paper(KGStore(Path(tmp) / "cold"), files[0])
        print(f"cold first add ({files[0].name}): {time.perf_counter() - t:.2f} s")
        for path in files:
            times = []
            for i in range(args.n):
                store = KGStore(Path(tmp) / f"{path.stem}-{i}")
                t = time.perf_counter()
                result = add_paper(store, path)
                times.append(time.perf_counter() - t)
            print(f"{path.name:45s} best {min(times):6.2f} s  median {statistics.median(times):6.2f} s  "
                  f"{result.facts:4d} facts  {result.triples:6d} triples")


if __name__ == "__main__":
    main()
