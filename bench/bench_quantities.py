"""Time the quantity parsers on the inputs that blew up (issue 9, item 8) and on real text.

    python bench/bench_quantities.py [-n 3]

Each pathological input is timed at growing sizes: linear patterns grow about 2x per doubling
(before the fix, parse_range on 800 spaces took 6.6-15.6 s and parse_quantity on 16,000 took 12-20 s).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from nasicon_kg.nlp.quantities import find_quantities, parse_quantity, parse_range

CASES = {
    "parse_range(' ' * n)": (lambda n: parse_range(" " * n), (200, 800, 3200, 12800)),
    "parse_quantity('1' + ' ' * n + 'x', unit='nm')":
        (lambda n: parse_quantity("1" + " " * n + "x", unit="nm"), (4000, 16000, 64000)),
    "parse_quantity('1' + ' ' * n + 'x')": (lambda n: parse_quantity("1" + " " * n + "x"), (4000, 16000, 64000)),
    "find_quantities('1-' * n)": (lambda n: find_quantities("1-" * n), (2000, 8000, 32000)),
    "find_quantities('10 (cid:0) 4 S cm(cid:0) 1 ' * n)":
        (lambda n: find_quantities("10 (cid:0) 4 S cm(cid:0) 1 " * n), (250, 1000, 4000)),
}


def best(fn, n: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(n)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=3, help="runs per size (best is shown)")
    args = ap.parse_args()
    for name, (fn, sizes) in CASES.items():
        cells = "  ".join(f"n={n}: {best(fn, n, args.n) * 1000:8.2f} ms" for n in sizes)
        print(f"{name:55s} {cells}")
    review = Path(__file__).resolve().parents[1] / "corpus"
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(review.glob("*.md")))
    if text:
        t = best(lambda _: find_quantities(text), 0, args.n)
        found = len(find_quantities(text))
        print(f"find_quantities on corpus/*.md: {len(text):,} chars, {found} mentions, "
              f"{t * 1000:.1f} ms ({len(text) / t / 1e6:.2f} M chars/s)")


if __name__ == "__main__":
    main()
