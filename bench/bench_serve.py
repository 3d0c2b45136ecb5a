"""`nasicon-kg serve` against the Oxigraph server (PyPI `oxigraph`): start-up, latency, memory, live store.

    python bench/bench_serve.py [--store DIR] [--oxigraph PATH] [-n REQUESTS]

Without --store, the review in corpus/ is added to a fresh store in a temporary folder. Each server
runs over a copy of that store, on a free port of 127.0.0.1, and gets only local requests:
- start-up: seconds from launch to the first answered query;
- the strategies competency query (queries/strategies.rq): median and 90th-percentile seconds of N
  GETs, one at a time (the Oxigraph server has no pre-declared prefixes, so it gets the store's
  PREFIX lines prepended, and --union-default-graph);
- resident memory (VmRSS, MB) of the server and its child processes after those queries;
- a live store: a paper written by a writer process while the server runs, then asked for;
- a timeout: a triple cross product (hours of work) with a 2 s limit, and the seconds until an answer.
Also the cost, in this process, of the reader's change check and of a read-only reopen.
`--oxigraph` names the `oxigraph` executable (`pip install oxigraph`); without it that half is skipped.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "tolganbek2022_nasicon_interface_review.md"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAPERS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p dcterms:title ?t } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, sparql: str, timeout: float = 120) -> tuple[int, str]:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": sparql}),
                                     headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def rss_mb(pid: int) -> float:
    """VmRSS of ``pid`` and of every process below it, in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def write_paper(store_path: Path) -> None:
    """Add one small paper graph from a separate writer process (as `nasicon-kg add` would)."""
    code = ("import sys; from rdflib import Graph, Literal, URIRef; from rdflib.namespace import DCTERMS;"
            "from nasicon_kg.store import KGStore; g = Graph();"
            "g.add((URIRef('https://w3id.org/nasicon-kg/resource/paper/bench'), DCTERMS.title, Literal('bench')));"
            "s = KGStore(sys.argv[1], wait=10); s.replace_graph('https://w3id.org/nasicon-kg/graph/bench', g);"
            "s.close()")
    done = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the writer failed: {done.stderr.strip().splitlines()[-1]}")


def measure(name: str, command: list[str], url: str, store_path: Path, sparql: str, prologue: str,
            n: int) -> None:
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdin=subprocess.DEVNULL)
    try:
        while True:
            try:
                if ask(url, "ASK { ?s ?p ?o }", timeout=5)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if server.poll() is not None or time.perf_counter() - started > 60:
                raise SystemExit(f"{name}: the server did not start")
            time.sleep(0.02)
        print(f"{name}: start-up to first answer {time.perf_counter() - started:.2f} s")
        times, rows = [], 0
        for _ in range(n):
            t = time.perf_counter()
            status, text = ask(url, prologue + sparql)
            times.append(time.perf_counter() - t)
            assert status == 200, text[:300]
            rows = len(text.splitlines()) - 1
        times.sort()
        print(f"{name}: strategies.rq ({rows} rows) median {statistics.median(times) * 1000:.1f} ms, "
              f"p90 {times[int(len(times) * 0.9) - 1] * 1000:.1f} ms over {n}")
        print(f"{name}: memory {rss_mb(server.pid):.0f} MB (server and its children)")
        before = ask(url, prologue + PAPERS)[1].splitlines()[-1]
        t = time.perf_counter()
        write_paper(store_path)
        after = ask(url, prologue + PAPERS)[1].splitlines()[-1]
        print(f"{name}: papers {before} -> {after} after a writer added one while serving "
              f"(writer and next query {time.perf_counter() - t:.2f} s): "
              f"{'seen without a restart' if after != before else 'NOT seen without a restart'}")
        t = time.perf_counter()
        try:
            status, text = ask(url, SLOW, timeout=120)
            print(f"{name}: a cross-product query under a 2 s limit: HTTP {status} after "
                  f"{time.perf_counter() - t:.2f} s ({text.strip()[:80]!r})")
        except TimeoutError:
            print(f"{name}: a cross-product query under a 2 s limit: no answer in 120 s")
        print(f"{name}: memory {rss_mb(server.pid):.0f} MB after the timeout")
    finally:
        server.terminate()
        server.wait(30)


def reopen_costs(store_path: Path, n: int) -> None:
    from nasicon_kg.server.workers import store_fingerprint
    from nasicon_kg.store import KGStore

    checks, opens = [], []
    for _ in range(n):
        t = time.perf_counter()
        store_fingerprint(store_path)
        checks.append(time.perf_counter() - t)
        t = time.perf_counter()
        KGStore(store_path, read_only=True).close()
        opens.append(time.perf_counter() - t)
    print(f"reader: change check median {statistics.median(checks) * 1e3:.2f} ms, read-only reopen median "
          f"{statistics.median(opens) * 1e3:.1f} ms (max {max(opens) * 1e3:.1f} ms) over {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--oxigraph", type=Path)
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()

    from nasicon_kg.queries import queries_dir
    from nasicon_kg.store import PREFIXES, KGStore

    sparql = (queries_dir() / "strategies.rq").read_text(encoding="utf-8")
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    with tempfile.TemporaryDirectory() as tmp:
        source = args.store
        if source is None:
            from nasicon_kg.build import add_paper

            source = Path(tmp) / "seed"
            add_paper(KGStore(source), SEED)
        print(f"store: {source} ({len(KGStore(source, read_only=True))} quads)")
        reopen_costs(source, args.n)
        ours = Path(tmp) / "ours"
        shutil.copytree(source, ours)
        port = free_port()
        measure("nasicon-kg serve", [sys.executable, "-m", "nasicon_kg.cli", "serve", "--store", str(ours),
                                     "--port", str(port), "--timeout", "2", "--quiet"],
                f"http://127.0.0.1:{port}/query", ours, sparql, "", args.n)
        if args.oxigraph:
            theirs = Path(tmp) / "oxigraph"
            shutil.copytree(source, theirs)
            port = free_port()
            measure("oxigraph serve-read-only", [str(args.oxigraph), "serve-read-only", "--location", str(theirs),
                                                 "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                                                 "--timeout-s", "2"],
                    f"http://127.0.0.1:{port}/query", theirs, sparql, prologue, args.n)
        else:
            print("oxigraph: skipped (give --oxigraph PATH to the executable of PyPI's oxigraph)")


if __name__ == "__main__":
    main()
