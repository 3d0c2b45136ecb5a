"""Corpus scale: the review's graph written as N papers, every competency query timed at each N.

    python bench/bench_scale.py [--copies 1,10,100] [--papers DIR] [--skip-build] [--build-papers N]

Prints, from one run:
- for each N: quads, seconds to write the last copy and to open the store for writing, and per query
  the in-process time (best of 3) and rows, with rows / rows at N=1 (N for a query over facts,
  1 for one over ontology terms: anything else is a join that multiplies rows);
- add time at the largest N over add time at N=1 (median of the first and last five writes);
- pyoxigraph against rdflib on the same N=1 data (rdflib holds that in memory);
- `nasicon-kg query strategies` wall time, start-up included, on the N=1 store;
- `build --workers 2` against `--workers 1` on the first 24 papers of DIR (default
  ../shared/dev-corpus/papers-md; `--build-papers N`), and whether the two graphs are identical.

Each copy is the review under a new DOI: its facts, evidence and references get the copy's IRIs,
its materials are shared, as across real papers.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "corpus" / "tolganbek2022_nasicon_interface_review.md"
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
PER_TERM = {"causal_chain", "lagp_unsolved", "layers_by_method", "strategy_types", "viz_problems", "viz_terms"}
CLI = str(Path(sys.executable).with_name("nasicon-kg"))


def best_of(n: int, fn) -> tuple[float, object]:
    """The least CPU time of ``n`` runs (this process, all threads: the machine may be shared, and
    CPU time is what a quiet one would take as wall time for this single-threaded work)."""
    times, out = [], None
    for _ in range(n):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def write_copies(store, review, start: int, stop: int) -> list[float]:
    from nasicon_kg.build import write_paper

    document, facts, lexicon = review
    times = []
    for i in range(start, stop):
        copy = replace(document, metadata=replace(document.metadata, doi=f"10.5555/bench.{i}"))
        t = time.process_time()
        write_paper(store, copy, facts, lexicon)
        times.append(time.process_time() - t)
    return times


def time_queries(store, repeats: int, limit: float) -> dict[str, tuple[float, int]]:
    """CPU seconds and rows of every query; (nan, -1) for one still running after ``limit`` s."""
    from nasicon_kg.errors import QueryError
    from nasicon_kg.queries import run

    out = {}
    for p in QUERIES:
        try:
            seconds, (_, rows) = best_of(repeats, lambda p=p: run(store, p.read_text(), timeout=limit))
            out[p.stem] = (seconds, len(rows))
        except QueryError:
            out[p.stem] = (float("nan"), -1)
    return out


def rdflib_ratio(store) -> None:
    from rdflib.plugins.sparql.sparql import SPARQLError

    from nasicon_kg.queries import run
    from nasicon_kg.store import PREFIXES

    graph = store.dataset_graph(include_ontology=True)
    print(f"\npyoxigraph vs rdflib, N=1 ({len(graph):,} triples in one rdflib Graph):")
    print(f"  {'query':26} {'oxigraph CPU s':>14} {'rdflib CPU s':>12} {'ratio':>7}")
    for p in QUERIES:
        text = p.read_text()
        ox_s, _ = best_of(3, lambda: run(store, text))
        ox_s = max(ox_s, 1e-3)  # CPU clocks tick in milliseconds
        try:
            rd_s, _ = best_of(1, lambda: list(graph.query(text, initNs=PREFIXES)))
        except SPARQLError as exc:  # rdflib's GROUP_CONCAT fails on an unbound value
            print(f"  {p.stem:26} {ox_s:14.3f} {'fails':>12}  ({type(exc).__name__})")
            continue
        print(f"  {p.stem:26} {ox_s:14.3f} {rd_s:12.3f} {rd_s / ox_s:6.0f}x")


def query_wall(path: Path) -> None:
    """`nasicon-kg query strategies` as a user runs it (the console script, which reads a plain query
    without typer), and the same command through typer (`python -m nasicon_kg.cli`), 10 runs each,
    interleaved; wall and CPU seconds of the child, start-up included, with the load average."""
    commands = {"console script": [CLI], "through typer": [sys.executable, "-m", "nasicon_kg.cli"]}
    times: dict[str, list[float]] = {k: [] for k in commands}
    cpu: dict[str, list[float]] = {k: [] for k in commands}
    load = os.getloadavg()[0]
    for _ in range(10):
        for name, command in commands.items():
            t, c = time.perf_counter(), _children_cpu()
            subprocess.run([*command, "query", "strategies", "--store", str(path)], check=True, capture_output=True)
            times[name].append(time.perf_counter() - t)
            cpu[name].append(_children_cpu() - c)
    print(f"\n`nasicon-kg query strategies` on the N=1 store (10 runs each, start-up included; load average "
          f"{load:.2f} before, {os.getloadavg()[0]:.2f} after):")
    for name in commands:
        print(f"  {name:15} wall best {min(times[name]):.3f} s, median {statistics.median(times[name]):.3f} s; "
              f"CPU best {min(cpu[name]):.3f} s, median {statistics.median(cpu[name]):.3f} s")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_workers(papers: Path, tmp: Path, count: int = 24) -> None:
    """`build --workers 2` against `--workers 1` (this process, no cluster) on the first ``count``
    papers of ``papers``: wall and CPU seconds (the children's, all processes of the build), the load
    average around each run, and whether the two graphs are identical."""
    files = sorted(p for p in papers.iterdir() if p.suffix == ".md")[:count]
    if len(files) < count:
        print(f"\nbuild --workers: skipped ({papers} has {len(files)} .md papers, {count} needed)")
        return
    corpus = tmp / f"papers-{count}"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus)
    from nasicon_kg.store import KGStore

    seconds, cpu, load, stores = {}, {}, {}, {}
    for n in (1, 2):
        stores[n] = tmp / f"workers-{n}"
        before = os.getloadavg()[0]
        t, c = time.perf_counter(), _children_cpu()
        subprocess.run([CLI, "build", str(corpus), "--store", str(stores[n]), "--workers", str(n)],
                       check=True, capture_output=True)
        seconds[n], cpu[n] = time.perf_counter() - t, _children_cpu() - c
        load[n] = f"{before:.2f}->{os.getloadavg()[0]:.2f}"
    quads = [{str(q) for q in KGStore(stores[n], read_only=True)._store
              if q.predicate.value != "http://purl.org/dc/terms/created"} for n in (1, 2)]
    print(f"\nbuild of {count} papers ({sum(f.stat().st_size for f in files) / 1e6:.1f} MB): "
          f"--workers 1 {seconds[1]:.1f} s wall ({cpu[1]:.1f} CPU s, load {load[1]}), --workers 2 "
          f"{seconds[2]:.1f} s wall ({cpu[2]:.1f} CPU s, load {load[2]}), speed-up {seconds[1] / seconds[2]:.2f}x; "
          f"graphs identical: {quads[0] == quads[1]} ({len(quads[0]):,} quads less dcterms:created)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,10,100")
    parser.add_argument("--papers", type=Path, default=ROOT.parent / "shared" / "dev-corpus" / "papers-md")
    parser.add_argument("--skip-build", action="store_true", help="leave out the --workers comparison")
    parser.add_argument("--build-papers", type=int, default=24, help="papers the --workers comparison builds")
    parser.add_argument("--limit", type=float, default=60.0, help="stop a query after this many seconds")
    args = parser.parse_args()
    steps = sorted({int(n) for n in args.copies.split(",")} | {1})

    from nasicon_kg.build import extract_document
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.store import KGStore

    lexicon = load_lexicon()
    review = (*extract_document(REVIEW, lexicon=lexicon), lexicon)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = KGStore(tmp / "copies")
        store.ensure_ontology()
        writes, base, done = [], {}, 0
        for n in steps:
            writes += write_copies(store, review, done, n)
            done = n
            if n == 1:
                store.close()
                shutil.copytree(tmp / "copies", tmp / "one")
                store = KGStore(tmp / "copies")
            t = time.perf_counter()
            store.close()
            store = KGStore(tmp / "copies")
            open_s = time.perf_counter() - t
            figures = time_queries(store, 3 if n <= 10 else 1, args.limit)
            if n == 1:
                base = {name: rows for name, (_, rows) in figures.items()}
            print(f"\nN={n}: {len(store):,} quads; last write {writes[-1]:.2f} CPU s; "
                  f"close + open for writing {open_s:.3f} s wall")
            print(f"  {'query':26} {'CPU s':>8} {'rows':>8} {'rows/N=1':>9} {'expected':>8}")
            for name, (seconds, rows) in figures.items():
                if rows < 0:
                    print(f"  {name:26} {'>' + format(args.limit, 'g'):>8}  stopped after {args.limit:g} s wall")
                    continue
                expected = 1 if name in PER_TERM else n
                ratio = rows / base[name] if base[name] else float("nan")
                flag = "" if rows == expected * base[name] else "  <- not linear"
                print(f"  {name:26} {seconds:8.3f} {rows:8d} {ratio:9.2f} {expected:8d}{flag}")
        first, last = statistics.median(writes[:5]), statistics.median(writes[-5:])
        print(f"\nadd (write one copy, CPU): median of first 5 {first:.3f} s, of last 5 {last:.3f} s "
              f"at N={done}; ratio {last / first:.2f}")
        store.close()
        one = KGStore(tmp / "one", read_only=True)
        rdflib_ratio(one)
        one.close()
        query_wall(tmp / "one")
        if not args.skip_build:
            build_workers(args.papers, tmp, args.build_papers)


if __name__ == "__main__":
    main()
