"""Corpus scale: the review's graph written as N papers, every competency query timed at each N.

    python bench/bench_scale.py [--copies 1,10,100,214] [--add-at 1000] [--papers DIR] [--skip-build]
                                [--build-papers N]

Prints, from one run:
- for each N: quads, seconds to write the last copy and to open the store for writing, and per query
  (queries/ and the map's, src/nasicon_kg/viz/queries) the in-process time (best of 3; of 1 past
  N=10) and rows, with rows / rows at N=1 (N for a query over facts, 1 for one over ontology
  terms: anything else is a join that multiplies rows); at the largest N, the queries over 1 s,
  then every query again after RocksDB's full compaction (``Store.optimize()``);
- add at ``--add-at`` papers over add at 1 paper: the store side of `add` (the stored-paper look-up
  `add` makes, then building and writing the paper's graphs), median of 5 new papers each, in the
  process's CPU time (RocksDB's background compaction included) and the calling thread's; the store
  is filled up to ``--add-at`` papers with renamed copies of the review's graphs (bulk-loaded and
  compacted, not through the add path: only the 5 timed adds take it);
- pyoxigraph against rdflib on the same N=1 data (rdflib holds that in memory);
- `nasicon-kg query strategies` wall time, start-up included, on the N=1 store;
- `build --workers 2` against `--workers 1` on the first 24 papers of DIR (default
  ../shared/dev-corpus/papers-md; `--build-papers N`), and whether the two graphs are identical;
- the load average (1 min) at the start and the end: the machine may be shared.

Each copy is the review under a new DOI: its facts, evidence and references get the copy's IRIs,
its materials, agents and cited works are shared, as across real papers.
"""
from __future__ import annotations

import argparse
import os
import re
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
QUERIES = sorted((ROOT / "queries").glob("*.rq")) + sorted((ROOT / "src/nasicon_kg/viz/queries").glob("*.rq"))
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
        t = time.process_time()
        write_paper(store, as_copy(document, i), facts, lexicon)
        times.append(time.process_time() - t)
    return times


def as_copy(document, i: int):
    return replace(document, metadata=replace(document.metadata, doi=f"10.5555/bench.{i}"))


def add_one(store, review, i: int) -> tuple[float, float]:
    """(process CPU s, calling thread's CPU s) of the store side of `add` for copy ``i``: the
    look-up of a stored paper under its graph name (as `add` makes), then writing its graphs."""
    from nasicon_kg.build import write_paper
    from nasicon_kg.rdf import iris

    document, facts, lexicon = review
    copy = as_copy(document, i)
    t, c = time.process_time(), time.thread_time()
    store.ensure_ontology()
    assert not store.papers(str(iris.graph_iri(copy)))
    write_paper(store, copy, facts, lexicon)
    return time.process_time() - t, time.thread_time() - c


def fill(store, review, start: int, stop: int) -> None:
    """Papers ``start`` to ``stop`` as renamed copies of the review's graph (every IRI of the paper's
    own under res: gets a -copyN suffix, the shared ones stay), bulk-loaded in batches."""
    import pyoxigraph as ox

    from nasicon_kg.build import paper_graphs
    from nasicon_kg.names import RESOURCE_NS
    from nasicon_kg.rdf.vocabulary import SHARED_BASES

    document, facts, lexicon = review
    name, own, _ = paper_graphs(as_copy(document, "fill"), facts, lexicon)
    paper = RESOURCE_NS + name.split("/graph/", 1)[1].replace("doi/", "paper/doi/", 1)
    iri = re.compile(r"<(" + re.escape(RESOURCE_NS) + r"[^>]*)>")

    def renamed(i: int) -> str:
        def one(m):
            value = m[1]
            shared = value.startswith(SHARED_BASES) and not value.startswith(paper)
            return m[0] if shared else f"<{value}-copy{i}>"
        return iri.sub(one, own)

    for first in range(start, stop, 50):
        batch = range(first, min(first + 50, stop))
        store._store.bulk_extend(
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(f"{name}-copy{i}"))
            for i in batch for t in ox.parse(renamed(i), format=ox.RdfFormat.N_TRIPLES))


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
    from pyparsing import ParseException
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
        except ParseException:  # rdflib does not parse LATERAL (a SPARQL 1.2 proposal pyoxigraph runs)
            print(f"  {p.stem:26} {ox_s:14.3f} {'no LATERAL':>12}")
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
    parser.add_argument("--copies", default="1,10,100,214")
    parser.add_argument("--add-at", type=int, default=1000, help="papers in the store for the second add timing")
    parser.add_argument("--papers", type=Path, default=ROOT.parent / "shared" / "dev-corpus" / "papers-md")
    parser.add_argument("--skip-build", action="store_true", help="leave out the --workers comparison")
    parser.add_argument("--build-papers", type=int, default=24, help="papers the --workers comparison builds")
    parser.add_argument("--limit", type=float, default=60.0, help="stop a query after this many seconds")
    args = parser.parse_args()
    steps = sorted({int(n) for n in args.copies.split(",")} | {1})
    print(f"load average at the start: {os.getloadavg()[0]:.2f} (2-core machine; times are CPU s)")

    from nasicon_kg.build import extract_document
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.store import KGStore

    lexicon = load_lexicon()
    review = (*extract_document(REVIEW, lexicon=lexicon), lexicon)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = KGStore(tmp / "copies")
        store.ensure_ontology()
        writes, base, done, figures = [], {}, 0, {}
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
        summary(f"N={done}, as written", figures)
        t, w = time.process_time(), time.perf_counter()
        store._store.optimize()  # RocksDB's full compaction: the LSM levels merged, as after a quiet spell
        print(f"\nN={done} after Store.optimize() ({time.process_time() - t:.1f} CPU s, "
              f"{time.perf_counter() - w:.1f} s wall):")
        compacted = time_queries(store, 1, args.limit)
        for name, (seconds, rows) in compacted.items():
            print(f"  {name:26} {seconds:8.3f} CPU s (as written {figures[name][0]:.3f})")
        summary(f"N={done}, compacted", compacted)
        store.close()
        add_ratio(tmp, review, args.add_at)
        one = KGStore(tmp / "one", read_only=True)
        rdflib_ratio(one)
        one.close()
        query_wall(tmp / "one")
        if not args.skip_build:
            build_workers(args.papers, tmp, args.build_papers)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


def summary(label: str, figures: dict[str, tuple[float, int]]) -> None:
    timed = {name: seconds for name, (seconds, rows) in figures.items() if rows >= 0}
    over = sorted((name for name, seconds in timed.items() if seconds > 1.0), key=timed.get, reverse=True)
    print(f"{label}: {len(timed)} of {len(figures)} queries finished, {len(timed) - len(over)} in <= 1 CPU s; "
          f"over 1 s: {', '.join(f'{q} {timed[q]:.2f}' for q in over) or 'none'}")


def add_ratio(tmp: Path, review, at: int) -> None:
    """The store side of add at ``at`` papers over that at 1 paper (median of 5 adds each)."""
    from nasicon_kg.store import KGStore

    store = KGStore(tmp / "add")
    store.ensure_ontology()
    early = [add_one(store, review, 10_000 + i) for i in range(6)][1:]  # into 1, 2, ... 5 papers
    fill(store, review, 6, at)
    store._store.optimize()  # the bulk load's compaction done before the timed adds, not during them
    store.close()
    store = KGStore(tmp / "add")
    late = [add_one(store, review, 20_000 + i) for i in range(5)]
    papers = len(store.graphs()) - 2  # less the ontology and vocabulary graphs
    store.close()
    for label, k in (("process CPU", 0), ("thread CPU", 1)):
        first, last = statistics.median(t[k] for t in early), statistics.median(t[k] for t in late)
        print(f"add, store side ({label}): {first:.3f} s at 1-5 papers, {last:.3f} s at {papers - 5}-{papers - 1} "
              f"papers; ratio {last / first:.2f}")


if __name__ == "__main__":
    main()
