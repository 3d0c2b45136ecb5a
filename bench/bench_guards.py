"""Time and peak memory of `nasicon-kg add` on oversized inputs made here, with the default guards.

    python bench/bench_guards.py [--only NAME ...] [--keep DIR]

Generates (in a temporary folder) a 200-page and a 2000-page PDF of dense text (reportlab, 60 lines
of 95 characters a page, from the corpus review's prose), a 50 MB text in lines, the same 50 MB on one
line, and a 1.5 MB one-line text (longer than spaCy's max_length of 1,000,000 as a single block).
Each case is one `nasicon-kg add` in a fresh process and store; it prints the exit code, wall time,
CPU time and peak RSS (os.wait4, so the forked child that reads and extracts counts) and the last
stderr line.
Not part of the test suite: the whole run takes several minutes.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "corpus" / "tolganbek2022_nasicon_interface_review.md"


def prose() -> str:
    """The review's sections (no front matter, no reference list)."""
    text = REVIEW.read_text(encoding="utf-8")
    return "## Introduction" + text.split("## Introduction", 1)[1].split("## Conflicts of interest", 1)[0]


def make_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfgen import canvas

    lines = textwrap.wrap(" ".join(prose().split()), 95)
    c = canvas.Canvas(str(path), pagesize=(595, 842), pageCompression=1)
    k = 0
    for n in range(pages):
        c.setFont("Helvetica", 9)
        for i in range(60):
            c.drawString(50, 800 - 12 * i, lines[k % len(lines)])
            k += 1
        c.drawString(290, 30, str(n + 1))
        c.showPage()
    c.save()
    return path


def make_text(path: Path, chars: int, one_line: bool) -> Path:
    """The review's prose repeated to ``chars`` characters. On one line only its paragraphs are kept and it
    opens with a sentence: a line opening with "#" is a Markdown heading, one holding "|" or a tab a table row."""
    body = prose()
    if one_line:
        body = " ".join(ln for ln in body.replace("\t", " ").splitlines()
                        if ln.strip() and not ln.lstrip().startswith(("#", "|")))
    text = body * (chars // len(body) + 1)
    text = ("A very long paper on one line. " if one_line else "# A very long paper\n\n") + text
    path.write_text(text[:chars], encoding="utf-8")
    return path


def run(args: list[str]) -> tuple[int, float, float, float, str]:
    """Exit code, wall seconds, CPU seconds, peak RSS (MB) and last stderr line of one CLI run (CPU
    seconds tell a slow case from a busy machine)."""
    env = {**os.environ, "COLUMNS": "200"}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "nasicon_kg.cli", *args], stdout=subprocess.DEVNULL,
                                stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        err.seek(0)
        lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    cpu = usage.ru_utime + usage.ru_stime
    return proc.returncode, wall, cpu, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--keep", type=Path, help="folder to make the inputs in (kept; reused if there)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="nkg-guards-"))
    folder.mkdir(parents=True, exist_ok=True)
    inputs = {
        "pdf-200": lambda p: make_pdf(p, 200),
        "pdf-2000": lambda p: make_pdf(p, 2000),
        "text-50MB": lambda p: make_text(p, 50_000_000, one_line=False),
        "oneline-50MB": lambda p: make_text(p, 50_000_000, one_line=True),
        "oneline-1.5MB": lambda p: make_text(p, 1_500_000, one_line=True),
    }
    cases = [  # name, input, extra options
        ("pdf-200", "pdf-200", []),
        ("pdf-200 --timeout 0", "pdf-200", ["--timeout", "0"]),
        ("pdf-2000", "pdf-2000", []),
        ("pdf-2000 --max-pages 0 --timeout 120", "pdf-2000", ["--max-pages", "0", "--timeout", "120"]),
        ("text-50MB", "text-50MB", []),
        ("oneline-50MB", "oneline-50MB", []),
        ("oneline-1.5MB", "oneline-1.5MB", []),
    ]
    print(f"{'case':<40}{'exit':>5}{'wall s':>9}{'CPU s':>8}{'peak RSS MB':>13}  last stderr line")
    for name, source, extra in cases:
        if args.only and name not in args.only and source not in args.only:
            continue
        suffix = ".pdf" if source.startswith("pdf") else ".txt"
        path = folder / f"{source}{suffix}"
        if not path.exists():
            inputs[source](path)
        store = folder / f"kg-{abs(hash(name))}"
        code, wall, cpu, rss, last = run(["add", str(path), "--store", str(store), *extra])
        print(f"{name:<40}{code:>5}{wall:>9.1f}{cpu:>8.1f}{rss:>13.0f}  {last[:150]}", flush=True)
    print(f"inputs in {folder}")


if __name__ == "__main__":
    main()
