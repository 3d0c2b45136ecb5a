"""Compare two versions of a query on one or more stores: the same columns and the same rows as a
multiset, and each version's CPU seconds (``time.process_time``, best of ``-n``).

    python bench/check_rewrite.py OLD.rq NEW.rq STORE [STORE ...] [-n 3] [--bind NAME=VALUE]

Used to check a rewrite for speed: run it on a one-paper store and on a large one (e.g. those that
bench_scale.py writes). Exit status 1 when the rows differ on any store.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from nasicon_kg.queries import parse_binding, run
from nasicon_kg.store import KGStore


def rows_and_cpu(store: KGStore, sparql: str, bindings: dict, repeats: int):
    best, result = float("inf"), None
    for _ in range(repeats):
        t = time.process_time()
        result = run(store, sparql, bindings)
        best = min(best, time.process_time() - t)
    return result, best


def as_multiset(columns: list[str], rows: list[dict]) -> Counter:
    return Counter(tuple(str(row.get(c)) for c in columns) for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("-n", type=int, default=1, help="runs of each query; the best CPU time is shown")
    parser.add_argument("--bind", action="append", default=[])
    args = parser.parse_args()
    bindings = dict(parse_binding(b) for b in args.bind)
    old, new = args.old.read_text(encoding="utf-8"), args.new.read_text(encoding="utf-8")
    same = True
    for path in args.stores:
        store = KGStore(path, read_only=True)
        (old_cols, old_rows), old_cpu = rows_and_cpu(store, old, bindings, args.n)
        (new_cols, new_rows), new_cpu = rows_and_cpu(store, new, bindings, args.n)
        store.close()
        if old_cols != new_cols:
            print(f"{path}: columns differ: {old_cols} / {new_cols}")
            same = False
            continue
        a, b = as_multiset(old_cols, old_rows), as_multiset(new_cols, new_rows)
        verdict = "same rows" if a == b else (f"ROWS DIFFER: {sum((a - b).values())} only in old, "
                                             f"{sum((b - a).values())} only in new")
        same = same and a == b
        print(f"{path}: {len(old_rows)} / {len(new_rows)} rows, {verdict}; "
              f"CPU s {old_cpu:.2f} -> {new_cpu:.2f}")
        if a != b:
            for row in list((a - b).elements())[:3]:
                print("  only in old:", row)
            for row in list((b - a).elements())[:3]:
                print("  only in new:", row)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
