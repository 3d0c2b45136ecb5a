"""Compare two versions of a query on one or more stores: the same columns and the same rows as a
multiset, and each version's CPU seconds (``time.process_time``, best of ``-n``).

    python bench/check_rewrite.py OLD.rq NEW.rq STORE [STORE ...] [-n 3] [--bind NAME=VALUE]
                                  [--keys COL,COL...]

Used to check a rewrite for speed: run it on a one-paper store and on a large one (e.g. those that
bench_scale.py writes). With ``--keys`` the rows are compared on those columns alone (as multisets
of their tuples), for a rewrite that may change another column's text, e.g. the order of the items
in a GROUP_CONCAT; whether the whole rows agree too is printed beside it. The order of the rows is
not compared (a rewrite may order tied rows differently). Exit status 1 when the rows differ on any
store.
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


def compare(columns: list[str], old_rows: list[dict], new_rows: list[dict],
            keys: list[str] | None = None) -> tuple[Counter, Counter]:
    """The rows only in old and only in new, as multisets of their ``keys`` columns (all by default)."""
    a, b = as_multiset(keys or columns, old_rows), as_multiset(keys or columns, new_rows)
    return a - b, b - a


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("-n", type=int, default=1, help="runs of each query; the best CPU time is shown")
    parser.add_argument("--bind", action="append", default=[])
    parser.add_argument("--keys", default="", help="compare the rows on these columns alone (comma-separated)")
    args = parser.parse_args()
    keys = [k.strip().lstrip("?") for k in args.keys.split(",") if k.strip()]
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
        if unknown := [k for k in keys if k not in old_cols]:
            print(f"{path}: --keys names columns the query lacks: {', '.join(unknown)}")
            same = False
            continue
        only_old, only_new = compare(old_cols, old_rows, new_rows, keys)
        agree = not only_old and not only_new
        label = f"same rows on {', '.join(keys)}" if keys else "same rows"
        verdict = label if agree else (f"ROWS DIFFER: {sum(only_old.values())} only in old, "
                                       f"{sum(only_new.values())} only in new")
        if keys and agree:
            whole = compare(old_cols, old_rows, new_rows)
            verdict += " (whole rows the same too)" if not any(whole) else (
                f" (whole rows: {sum(whole[0].values())} differ)")
        same = same and agree
        print(f"{path}: {len(old_rows)} / {len(new_rows)} rows, {verdict}; "
              f"CPU s {old_cpu:.2f} -> {new_cpu:.2f}")
        for row in list(only_old.elements())[:3]:
            print("  only in old:", row)
        for row in list(only_new.elements())[:3]:
            print("  only in new:", row)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
