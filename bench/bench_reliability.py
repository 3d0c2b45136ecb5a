"""How far the store can be trusted: kills during writes, concurrent writers, bad input. Prints its figures.

    python bench/bench_reliability.py [--kills N] [--rounds N] [--seed S] [--only kills|writers|bad]

1. **kill -9 during `add` and `remove`.** A store holds a paper (the "old" version). Each trial copies
   that store, starts `nasicon-kg add NEW` (a new version of the paper) or `nasicon-kg remove --yes DOI`,
   sends SIGKILL after a random delay and then opens the store: it holds the old paper exactly (its
   hash and every quad), the new one exactly, or neither (a mix, a missing paper, a visible staging
   graph, a store that will not open). Half the delays are drawn over a whole run, half over the
   last 0.6 s of the fastest of three uninterrupted runs, where the write is (each figure says
   which). A trial whose process ended before the kill is counted apart.
2. **Concurrent writers.** Each round starts four `add`s of four different papers at once into one
   empty store, and a `list` once the store exists; all four must land, the `list` must succeed.
3. **Bad input.** Over 30 kinds of bad input, each against a store of two papers: the exit code, the
   number of lines on stderr and the first, and whether the store is unchanged (quad count and the
   papers' graphs and hashes).

Nothing here runs in the test suite: it takes minutes (the kills alone ~2 s to 5 s each).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.conftest
EXE = [sys.executable, "-m", "nasicon_kg.cli"]
DOI = "10.5555/reliability.1"
LATE_WINDOW = 0.6

PAPER = """# Interlayers for LATP against lithium metal: {title}

DOI: {doi}

## Abstract

Li1.3Al0.3Ti1.7(PO4)3 (LATP) is reduced by lithium metal: Ti4+ turns to Ti3+ and the interface
resistance grows.

## Results

A 20 nm Al2O3 layer made by atomic layer deposition on LATP suppressed the reduction of Ti4+.
The symmetric Li/Al2O3-LATP/Li cell cycled for 600 h at 0.1 mA cm-2 at 25 °C.
A LiPON interlayer of 50 nm lowered the interfacial resistance from 4000 to 200 Ω cm2.
The ionic conductivity of LATP was 3.5 × 10−4 S cm−1 at 25 °C.
{extra}
"""


def paper_text(title: str, doi: str = DOI, extra: str = "") -> str:
    return PAPER.format(title=title, doi=doi, extra=extra)


def cli(*args, store: Path | None = None, timeout: float = 300, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    cmd = [*EXE, *map(str, args)] + (["--store", str(store)] if store is not None else [])
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=stdin, timeout=timeout)


def snapshot(store: Path) -> tuple[int, tuple[tuple[str, str, int], ...]] | str:
    """(every quad, staging graphs included; (graph, hash, graph size) per paper), or what is wrong."""
    import pyoxigraph as ox

    from nasicon_kg.errors import NasiconKGError
    from nasicon_kg.store import STAGING_BASE, KGStore

    try:
        raw = ox.Store.read_only(str(store))
        quads = len(raw)
        staging = [g.value for g in raw.named_graphs() if g.value.startswith(STAGING_BASE)]
        del raw
    except (OSError, RuntimeError) as exc:
        return f"will not open: {str(exc).splitlines()[0][:120]}"
    if staging:
        return f"staging graph present: {staging[0]}"
    try:
        kg = KGStore(store, read_only=True)
        try:
            return quads, tuple(sorted((e.graph, e.content_hash, kg.graph_size(e.graph)) for e in kg.papers()))
        finally:
            kg.close()
    except NasiconKGError as exc:
        return str(exc)


# -- 1. kills -----------------------------------------------------------------------------------

@dataclass
class KillTrial:
    command: str
    window: str
    delay: float
    outcome: str  # "old" | "new" | "neither" | "finished"
    detail: str = ""


def kill_trials(work: Path, n: int, rng: random.Random) -> list[KillTrial]:
    old, new = work / "old.md", work / "new.md"
    old.write_text(paper_text("old version"))
    new.write_text(paper_text("old version", extra="\nA second Al2O3 layer of 5 nm was also tried; it cracked.\n"))
    base = work / "base"
    assert cli("add", old, store=base).returncode == 0
    old_state = snapshot(base)
    after_add = work / "after-add"
    shutil.copytree(base, after_add)
    assert cli("add", new, store=after_add).returncode == 0
    new_state = snapshot(after_add)
    after_remove = work / "after-remove"
    shutil.copytree(base, after_remove)
    assert cli("remove", "--yes", DOI, store=after_remove).returncode == 0
    removed_state = snapshot(after_remove)

    trials: list[KillTrial] = []
    for command, args, target in (("add", ("add", new), new_state), ("remove", ("remove", "--yes", DOI), removed_state)):
        durations = [_timed_run(base, work, args) for _ in range(3)]
        full, fastest = statistics.median(durations), min(durations)
        print(f"  uninterrupted `{command}`: median {full:.2f} s, fastest {fastest:.2f} s of {len(durations)} runs",
              flush=True)
        for i in range(n):
            window = "whole run" if i % 2 == 0 else f"last {LATE_WINDOW} s"
            delay = rng.uniform(0, full) if i % 2 == 0 else rng.uniform(max(0.0, fastest - LATE_WINDOW), fastest)
            trials.append(_kill_once(base, work / f"{command}-{i}", args, delay, command, window,
                                     old_state, target))
    return trials


def _timed_run(base: Path, work: Path, args) -> float:
    trial = work / "timing"
    shutil.rmtree(trial, ignore_errors=True)
    shutil.copytree(base, trial)
    start = time.perf_counter()
    result = cli(*args, store=trial)
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - start


def _kill_once(base: Path, trial: Path, args, delay: float, command: str, window: str,
               old_state, new_state) -> KillTrial:
    shutil.copytree(base, trial)
    proc = subprocess.Popen([*EXE, *map(str, args), "--store", str(trial)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    state = snapshot(trial)
    if finished:
        outcome = "finished"
    elif state == old_state:
        outcome = "old"
    elif state == new_state:
        outcome = "new"
    else:
        outcome = "neither"
    shutil.rmtree(trial, ignore_errors=True)
    return KillTrial(command, window, round(delay, 3), outcome, "" if outcome != "neither" else str(state)[:200])


# -- 2. concurrent writers -----------------------------------------------------------------------

def writer_rounds(work: Path, rounds: int) -> list[dict]:
    papers = []
    for k in range(4):
        path = work / f"writer-{k}.md"
        path.write_text(paper_text(f"paper {k} of four", doi=f"10.5555/writer.{k}"))
        papers.append(path)
    out = []
    for r in range(rounds):
        store = work / f"round-{r}"
        start = time.perf_counter()
        procs = [subprocess.Popen([*EXE, "add", str(p), "--store", str(store)], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in papers]
        while not (store / "CURRENT").exists() and any(p.poll() is None for p in procs):
            time.sleep(0.05)  # the first writer builds its pipeline before it opens (creates) the store
        reader = cli("list", store=store) if (store / "CURRENT").exists() else None  # None: no store yet
        results = [(p.wait(), p.stderr.read()) for p in procs]
        elapsed = time.perf_counter() - start
        state = snapshot(store)
        landed = len(state[1]) if isinstance(state, tuple) else 0
        out.append({"round": r + 1, "exit codes": [rc for rc, _ in results], "papers": landed,
                    "waited": sum("waiting for another" in err for _, err in results),
                    "reader ok": "not run" if reader is None else reader.returncode == 0,
                    "seconds": round(elapsed, 1)})
        print(f"  round {r + 1}: exit codes {out[-1]['exit codes']}, {landed} papers, "
              f"{out[-1]['waited']} waited, list {out[-1]['reader ok']}, {elapsed:.1f} s",
              flush=True)
    return out


# -- 3. bad input --------------------------------------------------------------------------------

def damaged_stream_pdf() -> bytes:
    """A PDF whose content stream fails its checksum (pdfminer recovers the text and complains)."""
    content = b"BT /F1 11 Tf 72 720 Td (LATP is coated with LiPON.) Tj ET"
    packed = bytearray(zlib.compress(content))
    packed[-1] ^= 0xFF
    return _pdf([b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + bytes(packed) + b"\nendstream"])


def image_only_pdf() -> bytes:
    content = b"0 0 1 rg 100 100 200 200 re f"
    return _pdf([b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                 b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"])


def _pdf(page_and_content: list[bytes]) -> bytes:
    from tests.conftest import pdf_bytes  # the tests' hand-written PDF serialiser

    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      *page_and_content, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def encrypted_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "LATP is coated with LiPON.")
    c.showPage()
    c.save()


def bad_inputs(work: Path) -> list[dict]:
    store = work / "two"
    for k in range(2):
        path = work / f"good-{k}.md"
        path.write_text(paper_text(f"good paper {k}", doi=f"10.5555/good.{k}"))
        assert cli("add", path, store=store).returncode == 0
    files = work / "bad"
    files.mkdir()
    real_pdf = next(iter(sorted((ROOT.parent / "shared" / "pdfs").glob("*.pdf"))), None)
    truncated = files / "truncated.pdf"
    truncated.write_bytes(real_pdf.read_bytes()[:40_000] if real_pdf else b"%PDF-1.4\n1 0 obj\n<<")
    (files / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(random.Random(1).randrange(256) for _ in range(5000)))
    encrypted_pdf(files / "encrypted.pdf")
    (files / "empty.pdf").write_bytes(b"")
    (files / "image-only.pdf").write_bytes(image_only_pdf())
    (files / "damaged-stream.pdf").write_bytes(damaged_stream_pdf())
    (files / "utf16.md").write_bytes(paper_text("utf-16 paper", doi="10.5555/utf16").encode("utf-16-le"))
    (files / "latin1.md").write_bytes("# Caf\xe9 na\xefve r\xe9sum\xe9 of LATP\n\nThe LATP layer \xb5m.\n".encode("latin-1"))
    (files / "binary.md").write_bytes(bytes(random.Random(2).randrange(256) for _ in range(20000)))
    (files / "empty.md").write_bytes(b"")
    (files / "huge-line.txt").write_text("LATP is coated with LiPON and " * 40_000 + "\n")  # 1.2 M characters, one line
    (files / "notes.xyz").write_text("LATP is coated with LiPON.\n")
    (files / "report.docx").write_bytes(b"PK\x03\x04" + bytes(random.Random(3).randrange(256) for _ in range(3000)))
    (files / "bomb.xml").write_text('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                                    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                              for i in range(1, 10))
                                    + ']>\n<article><body><p>&lol9;</p></body></article>\n')
    (files / "xxe.html").write_text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;</p>'
                                    "</body></html>")
    (files / "empty-dir").mkdir()
    (files / "a-file").write_text("not a store\n")
    (files / "bad.meta.md").write_text(paper_text("sidecar paper", doi="10.5555/sidecar"))
    (files / "bad.meta.meta.json").write_text("{ not json")
    damaged = work / "damaged"
    shutil.copytree(store, damaged)
    for sst in damaged.glob("*.sst"):
        sst.write_bytes(sst.read_bytes()[:100])
    missing = work / "no-such-store"
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    cases = [
        ("truncated PDF", ("add", truncated), store),
        ("PDF of random bytes", ("add", files / "garbage.pdf"), store),
        ("encrypted PDF", ("add", files / "encrypted.pdf"), store),
        ("empty PDF (0 bytes)", ("add", files / "empty.pdf"), store),
        ("PDF with no text layer", ("add", files / "image-only.pdf"), store),
        ("PDF with a corrupt stream", ("extract", files / "damaged-stream.pdf"), None),
        ("UTF-16 text without BOM", ("extract", files / "utf16.md"), None),
        ("Latin-1 text", ("extract", files / "latin1.md"), None),
        ("binary file named .md", ("add", files / "binary.md"), store),
        ("empty text file", ("add", files / "empty.md"), store),
        ("one 1.2 M-character line", ("add", files / "huge-line.txt"), store),
        ("unknown format: a .docx (zip)", ("add", files / "report.docx"), store),
        ("text named .xyz (read by content: added)", ("add", files / "notes.xyz"), store),
        ("missing file", ("add", files / "nothere.md"), store),
        ("directory with no papers", ("add", files / "empty-dir"), store),
        ("XML entity bomb", ("add", files / "bomb.xml"), store),
        ("HTML with an external entity", ("extract", files / "xxe.html", "--format", "ttl"), None),
        ("malformed sidecar .meta.json", ("add", files / "bad.meta.md"), store),
        ("malformed SPARQL", ("query", "SELECT ?x WHERE { ?x"), store),
        ("SPARQL UPDATE via query", ("query", "DELETE WHERE { ?s ?p ?o }"), store),
        ("unknown prefix in SPARQL", ("query", "SELECT ?x WHERE { ?x a zz:Thing }"), store),
        ("missing query file", ("query", files / "nothere.rq"), store),
        ("bad --bind IRI (injection)", ("query", "SELECT ?p WHERE { ?p ?q ?o }", "--bind",
                                        "p=<http://x/> } DROP ALL { <http://y>"), store),
        ("bad --bind variable name", ("query", "SELECT ?p WHERE { ?p ?q ?o }", "--bind", "1x=3"), store),
        ("--bind without '='", ("query", "SELECT ?p WHERE { ?p ?q ?o }", "--bind", "novalue"), store),
        ("query over its --timeout", ("query", slow, "--timeout", "2"), store),
        ("unknown export format", ("export", "--format", "xyz", "--out", work / "x.out"), store),
        ("remove of an unknown paper", ("remove", "--yes", "10.9999/none"), store),
        ("remove without --yes, no terminal", ("remove", "10.5555/good.0"), store),
        ("missing store", ("list",), missing),
        ("a file given as the store", ("list",), files / "a-file"),
        ("damaged store (list)", ("list",), damaged),
        ("damaged store (add)", ("add", work / "good-0.md"), damaged),
    ]
    rows = []
    for name, args, where in cases:
        before = snapshot(store)
        start = time.perf_counter()
        try:
            result = cli(*args, store=where, timeout=240)
            rc, err = result.returncode, result.stderr
        except subprocess.TimeoutExpired:
            rc, err = "timeout", ""
        elapsed = time.perf_counter() - start
        after = snapshot(store)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        leaked = rc != "timeout" and "root:x:" in result.stdout  # the XXE case: /etc/passwd must not be read
        rows.append({"input": name + (" — LEAKED /etc/passwd" if leaked else ""), "exit": rc, "stderr lines": len(lines),
                     "message": lines[0][:160] if lines else "", "store unchanged": before == after,
                     "traceback": "Traceback" in err, "seconds": round(elapsed, 1)})
        print(f"  {name}: exit {rc}, {len(lines)} line(s), unchanged {before == after}", flush=True)
    return rows


# -- report -------------------------------------------------------------------------------------

def report_kills(trials: list[KillTrial]) -> None:
    print("\n## kill -9 during add and remove\n")
    print("| command | delays over | kills | old | new | neither | ended before the kill |")
    print("|---|---|---|---|---|---|---|")
    keys = sorted({(t.command, t.window) for t in trials})
    for command, window in keys:
        group = [t for t in trials if (t.command, t.window) == (command, window)]
        counts = {k: sum(t.outcome == k for t in group) for k in ("old", "new", "neither", "finished")}
        print(f"| `{command}` | {window} | {len(group) - counts['finished']} | {counts['old']} | {counts['new']} | "
              f"{counts['neither']} | {counts['finished']} |")
    for t in trials:
        if t.outcome == "neither":
            print(f"- neither: {t.command} killed at {t.delay} s: {t.detail}")


def report_writers(rounds: list[dict]) -> None:
    print("\n## 4 concurrent writers\n")
    print("| round | exit codes | papers landed | waited | `list` meanwhile | seconds |")
    print("|---|---|---|---|---|---|")
    for r in rounds:
        print(f"| {r['round']} | {' '.join(map(str, r['exit codes']))} | {r['papers']}/4 | {r['waited']} | "
              f"{ {True: 'ok', False: 'failed'}.get(r['reader ok'], r['reader ok'])} | {r['seconds']} |")
    print(f"\nall four landed in {sum(r['papers'] == 4 for r in rounds)} of {len(rounds)} rounds")


def report_bad(rows: list[dict]) -> None:
    print("\n## bad input\n")
    print("| input | exit | stderr lines | first line | store unchanged | s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        message = r["message"].replace("|", "\\|")
        print(f"| {r['input']} | {r['exit']} | {r['stderr lines']} | {message} | "
              f"{'yes' if r['store unchanged'] else 'NO'} | {r['seconds']} |")
    print(f"\n{len(rows)} inputs; tracebacks: {sum(r['traceback'] for r in rows)}; "
          f"store changed: {sum(not r['store unchanged'] for r in rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30, help="kills per command (add, remove)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--only", choices=("kills", "writers", "bad"))
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results: dict = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nkg-reliability-") as tmp:
        work = Path(tmp)
        if args.only in (None, "kills"):
            print(f"kill -9: {args.kills} kills each of add and remove", flush=True)
            (work / "kills").mkdir()
            results["kills"] = [t.__dict__ for t in kill_trials(work / "kills", args.kills, rng)]
        if args.only in (None, "writers"):
            print(f"concurrent writers: {args.rounds} rounds of 4", flush=True)
            (work / "writers").mkdir()
            results["writers"] = writer_rounds(work / "writers", args.rounds)
        if args.only in (None, "bad"):
            print("bad input", flush=True)
            (work / "bad-input").mkdir()
            results["bad"] = bad_inputs(work / "bad-input")
    if "kills" in results:
        report_kills([KillTrial(**t) for t in results["kills"]])
    if "writers" in results:
        report_writers(results["writers"])
    if "bad" in results:
        report_bad(results["bad"])
    print(f"\n{time.perf_counter() - started:.0f} s in all; {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
