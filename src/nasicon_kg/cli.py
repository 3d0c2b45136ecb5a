"""The command line: parses arguments, calls one library function, prints.

This is the only module that prints or exits. Every library error becomes one line on
stderr ("error: ...") and exit code 1; bad usage is exit code 2 (typer's).
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from . import __version__
from .budget import DEFAULT_TIMEOUT
from .cli_read import CELL_WIDTH, QueryFormat, err, exit_for, out, show_papers, show_query, warning_line
from .cli_read import cell as _cell
from .errors import NasiconKGError
from .readers import DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="nasicon-kg: a knowledge graph of interface strategies for NASICON solid "
                       "electrolytes, built from papers.")

StoreOpt = typer.Option(None, "--store", "-s", envvar="NASICON_KG_STORE",
                        help="Store directory (default ./kg, or $NASICON_KG_STORE).")
MaxMbOpt = typer.Option(100.0, "--max-mb", help="Refuse files larger than this many MB.")
WorkersOpt = typer.Option(0, "--workers", "-w", min=0,
                          help="Read and extract on N Dask worker processes (0 or 1: in this process).")
SchedulerOpt = typer.Option(None, "--scheduler", metavar="tcp://HOST:8786",
                            help="Use a running Dask cluster instead of starting local workers.")
MaxPagesOpt = typer.Option(DEFAULT_MAX_PAGES, "--max-pages", min=0,
                           help="Refuse PDFs of more pages than this, before reading them (0: no limit).")
MaxCharsOpt = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", min=0,
                           help="Refuse papers whose text has more characters than this (0: no limit).")
TimeoutOpt = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.0,
                          help="Stop reading and extracting a paper after this many seconds (0: never).")
WaitOpt = typer.Option(60.0, "--wait", min=0.0,
                       help="Seconds to wait while another nasicon-kg writes to the store.")


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")) -> None:
    pass


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    ttl = "ttl"


class ExportFormat(str, Enum):
    ttl = "ttl"
    trig = "trig"
    nq = "nq"
    jsonld = "jsonld"


class Sources(str, Enum):
    all = "all"
    text = "text"
    tables = "tables"


def _store(path: Optional[Path], read_only: bool = False, wait: float = 0.0):
    from .store import KGStore, default_store_path

    return KGStore(path or default_store_path(), read_only=read_only, wait=wait, on_wait=_say_waiting)


def _say_waiting(path: Path) -> None:
    err.print(f"waiting for another nasicon-kg writing to {path}…", highlight=False)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def _limits(max_mb: float, max_pages: int, max_chars: int, timeout: float) -> dict:
    """The keyword arguments of the library's read/extract/add functions for these options."""
    return {"max_bytes": int(max_mb * 1e6), "max_pages": max_pages, "max_chars": max_chars, "timeout": timeout}


def _add(paths: list[Path], store: Optional[Path], force: bool, limits: dict, label: str, wait: float,
         workers: int = 0, scheduler: Optional[str] = None, compact: bool = False) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .build import add_papers, expand_paths, prepare_extraction

    files = expand_paths(paths)
    if not files:
        _fail("no papers to add (supported: .md .txt .pdf .html .xml)")
    parallel = workers > 1 or scheduler  # one worker is this process: no cluster to start
    if not parallel:
        prepare_extraction()
    kg = _store(store, wait=wait)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(label, total=len(files))
        if parallel:
            from .parallel import build_on_dask

            results = build_on_dask(kg, files, workers=workers or 2, scheduler=scheduler, force=force,
                                    max_bytes=limits["max_bytes"], max_pages=limits["max_pages"],
                                    max_chars=limits["max_chars"], progress=lambda p: bar.advance(task))
        else:
            results = add_papers(kg, files, force=force, progress=lambda p: bar.advance(task), **limits)
    if compact and any(r.status in ("added", "replaced") for r in results):
        kg.optimize()
    table = Table("file", "status", "facts", "triples", "graph", title=None, box=None)
    for r in results:
        style = {"failed": "red", "unchanged": "dim"}.get(r.status, "green")
        table.add_row(Path(r.path).name, f"[{style}]{r.status}[/]", str(r.facts or ""), str(r.triples or ""),
                      r.graph or r.error)
    out.print(table)
    counts = {k: sum(r.status == k for r in results) for k in ("added", "replaced", "unchanged", "failed")}
    out.print(", ".join(f"{v} {k}" for k, v in counts.items()))
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        err.print(f"[bold red]error:[/] {r.error}", highlight=False)
    out.print(f"store: {kg.path.resolve() if kg.path else 'memory'}")
    if failed:
        raise typer.Exit(1)


@app.command()
def build(corpus: Path = typer.Argument(Path("corpus"), help="Directory of papers."),
          store: Optional[Path] = StoreOpt,
          force: bool = typer.Option(False, help="Re-extract papers whose files did not change, and "
                                                 "replace stored papers that a file does not look like "
                                                 "a new version of."),
          max_mb: float = MaxMbOpt, max_pages: int = MaxPagesOpt, max_chars: int = MaxCharsOpt,
          timeout: float = TimeoutOpt, wait: float = WaitOpt,
          workers: int = WorkersOpt, scheduler: Optional[str] = SchedulerOpt) -> None:
    """Build (or update) the graph from every paper in CORPUS.

    With --workers N, papers are read and extracted on N Dask worker processes (or on a running
    cluster with --scheduler) while this process writes the store; the graph is the same.
    Example: nasicon-kg build corpus --store kg --workers 2
    """
    if not corpus.is_dir():
        _fail(f"{corpus}: not a directory")
    _add([corpus], store, force, _limits(max_mb, max_pages, max_chars, timeout), "building", wait, workers, scheduler,
         compact=True)


@app.command()
def add(files: list[Path] = typer.Argument(..., help="Paper files or directories."),
        store: Optional[Path] = StoreOpt,
        force: bool = typer.Option(False, help="Re-extract even if the file did not change, and replace "
                                               "a stored paper with the same DOI even if the file does "
                                               "not look like a new version of it."),
        max_mb: float = MaxMbOpt, max_pages: int = MaxPagesOpt, max_chars: int = MaxCharsOpt,
        timeout: float = TimeoutOpt, wait: float = WaitOpt,
        workers: int = WorkersOpt, scheduler: Optional[str] = SchedulerOpt) -> None:
    """Add papers (Markdown/text, PDF, HTML, JATS/Elsevier XML); one named graph each.

    A paper is keyed by its own DOI (else by its content). The same file again changes nothing; a
    new version with the same DOI (same title, not an excerpt) replaces the old graph; any other
    file with a stored paper's DOI is refused unless --force. A paper over --max-pages or
    --max-chars, or not read and extracted within --timeout seconds, fails with one line; the
    others still go in.
    Example: nasicon-kg add paper.pdf other.html
    """
    _add(files, store, force, _limits(max_mb, max_pages, max_chars, timeout), "adding", wait, workers, scheduler)


@app.command()
def remove(paper: str = typer.Argument(..., help="DOI, graph or paper IRI, or the file it was added from."),
           store: Optional[Path] = StoreOpt,
           yes: bool = typer.Option(False, "--yes", "-y", help="Remove without asking (needed when stdin "
                                                               "is not a terminal)."),
           wait: float = WaitOpt) -> None:
    """Remove one paper's graph, after asking on a terminal (or at once with --yes).

    A file names the paper added from that file (its content, else its path), never the paper
    whose DOI it mentions. Without a terminal and without --yes nothing is removed.
    Example: nasicon-kg remove paper.pdf
    """
    from .build import find_paper, remove_paper, short_title

    if not yes:
        kg = _store(store, read_only=True)
        entry = find_paper(kg, paper)
        what = f"{short_title(entry.title, 60) or entry.doi or entry.graph!r} ({kg.graph_size(entry.graph):,} triples)"
        kg.close()
        if not _interactive():
            _fail(f"would remove {what}: pass --yes to remove it without a terminal")
        if not typer.confirm(f"remove {what}?"):
            err.print("nothing removed")
            raise typer.Exit(1)
        paper = entry.graph
    graph = remove_paper(_store(store, wait=wait), paper)
    out.print(f"removed {graph}")


def _interactive() -> bool:
    return sys.stdin.isatty()


@app.command("list")
def list_(store: Optional[Path] = StoreOpt) -> None:
    """List the papers in the store with title, DOI, fact count and when each was added.

    A paper with no facts says why: "0 (nothing found)" when extraction found none, "0 (failed: …)"
    when an error stopped it.
    """
    show_papers(store)


@app.command()
def query(query: str = typer.Argument(..., help="A .rq file, a name in queries/, or SPARQL text."),
          store: Optional[Path] = StoreOpt,
          fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f"),
          bind: list[str] = typer.Option([], "--bind", "-b", metavar="NAME=VALUE",
                                         help="Give ?NAME a value (repeatable); typed as described above."),
          timeout: float = typer.Option(60.0, "--timeout", min=0.0,
                                        help="Stop a query still running after this many seconds (0: never)."),
          full: bool = typer.Option(False, "--full", help=f"Show long cells (evidence) whole; the table "
                                                          f"cuts them to {CELL_WIDTH} characters."),
          ) -> None:
    """Run a SPARQL query (SELECT or ASK) over all papers; updates are refused.

    Example: nasicon-kg query high_current --bind min=0.5 -f csv

    --format: table (IRIs as prefixed names or <IRI>, both valid SPARQL), csv, tsv,
    json (a list of objects), or the W3C SPARQL results formats sparql-json
    (application/sparql-results+json) and sparql-xml (application/sparql-results+xml).

    --bind NAME=VALUE gives ?NAME a value, in the SELECT list or not
    (substituted by pyoxigraph, never edited into the text). VALUE is typed
    as written:
    3 integer, 0.3 decimal, 1e-3 double, true/false boolean;
    <https://...> or a bare http(s) IRI; PREFIX:REST with a store prefix
    (nkg, res, rdfs, skos, xsd, ...), e.g. nkg:Nitride or res:material/LATP;
    "text" a string ("text"@en, "2022"^^xsd:gYear); anything else a plain string.
    """
    show_query(query, store, fmt, bind, timeout, full)


@app.command()
def extract(file: Path = typer.Argument(..., help="One paper."),
            fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f"),
            sources: Sources = typer.Option(Sources.all, "--sources", help="Facts from text, tables or all."),
            max_mb: float = MaxMbOpt, max_pages: int = MaxPagesOpt, max_chars: int = MaxCharsOpt,
            timeout: float = TimeoutOpt) -> None:
    """Print a paper's facts without touching the store (JSON lines or Turtle).

    Example: nasicon-kg extract corpus/paper.md --format jsonl --sources text
    """
    from .build import extract_document
    from .lexicon import load_lexicon

    lexicon = load_lexicon()
    document, facts = extract_document(file, sources=sources.value, lexicon=lexicon,
                                       **_limits(max_mb, max_pages, max_chars, timeout))
    if fmt is ExtractFormat.jsonl:
        for fact in facts:
            sys.stdout.write(json.dumps(fact.to_json(), ensure_ascii=False) + "\n")
    else:
        from .rdf.mapping import facts_to_graph

        sys.stdout.write(facts_to_graph(document, facts, lexicon).serialize(format="turtle"))


@app.command()
def export(fmt: ExportFormat = typer.Option(ExportFormat.trig, "--format", "-f"),
           output: Optional[Path] = typer.Option(None, "--output", "-o"),
           graphs: bool = typer.Option(False, "--graphs", help="jsonld: keep one named graph per paper."),
           store: Optional[Path] = StoreOpt) -> None:
    """Export the store (trig/nq keep one graph per paper; ttl/jsonld merge them).

    JSON-LD is compacted with the published context (ontology/context.jsonld), embedded.
    Example: nasicon-kg export --format jsonld --output kg.jsonld
    """
    data = _store(store, read_only=True).export(fmt.value, graphs=graphs)
    if output:
        output.write_bytes(data)
        out.print(f"wrote {output} ({len(data)} bytes)")
    else:
        sys.stdout.buffer.write(data)


@app.command()
def validate(store: Optional[Path] = StoreOpt) -> None:
    """Check every paper graph against ontology/shapes.ttl (SHACL) and list violations."""
    from .store import IRI
    from .validate import validate_store

    report = validate_store(_store(store, read_only=True))
    if report.conforms:
        out.print(f"[green]conforms[/]: {report.focus_nodes} nodes checked against {report.shapes} shapes")
        return
    table = Table("focus node", "path", "message")
    for v in report.violations[:200]:
        table.add_row(*[_cell(IRI(x) if x.startswith(("http://", "https://")) else x) for x in (v.focus, v.path)],
                      v.message)
    out.print(table)
    _fail(f"{len(report.violations)} SHACL violation(s)")


@app.command()
def stats(store: Optional[Path] = StoreOpt,
          graph: bool = typer.Option(False, "--graph", help="Network analysis of the problem-solution graph.")) -> None:
    """Counts of papers, triples, strategies, materials; --graph adds network analysis."""
    from .stats import store_stats

    kg = _store(store, read_only=True)
    table = Table("what", "count")
    for name, value in store_stats(kg).items():
        table.add_row(name, str(value))
    out.print(table)
    if graph:
        from .viz.analysis import STATS_COLUMNS, graph_stats
        from .viz.network import build_network

        for title, rows in graph_stats(build_network(kg)).items():
            t = Table(*STATS_COLUMNS.get(title, ()), title=title.replace("_", " "))
            for row in rows:
                t.add_row(*[_cell(c) for c in row])
            out.print(t)


@app.command("eval")
def eval_(gold: Path = typer.Argument(..., help="Gold JSONL, or a folder of passage gold (tests/gold/unseen)."),
          predicted: Optional[Path] = typer.Option(None, "--predicted", "-p",
                                                   help="Predicted JSONL; default: extract --sources text from --paper."),
          paper: Optional[Path] = typer.Option(None, "--paper", help="Paper to extract from when no --predicted."),
          tables_only: bool = typer.Option(False, "--tables-only", help="Recall over gold records found in tables."),
          details: bool = typer.Option(False, "--details"),
          split: Optional[str] = typer.Option(None, "--split", help="Passage gold: dev or test (default both)."),
          shared: Path = typer.Option(Path("../shared"), "--shared",
                                      help="Passage gold: the folder its sources are relative to.")) -> None:
    """Score extracted facts against a gold file: precision, recall, F1 per field.

    Example: nasicon-kg eval tests/gold/unseen --split test
    """
    from .evaluate import evaluate, load_jsonl
    from .lexicon import load_lexicon

    lexicon = load_lexicon()
    if gold.is_dir():
        from .evaluate_passages import load_passages, score

        passages = load_passages(gold, split)
        if not passages:
            _fail(f"{gold}: no passages" + (f" in split {split!r}" if split else ""))
        try:
            report = score(passages, shared, lexicon)
        except (OSError, ValueError) as exc:
            _fail(f"{exc}")
            return
        out.print(report.format(details=details), highlight=False)
        return
    gold_rows = load_jsonl(gold)
    if predicted is not None:
        pred_rows = load_jsonl(predicted)
    elif paper is not None:
        from .build import extract_document

        _, facts = extract_document(paper, sources="text", lexicon=lexicon)
        pred_rows = [f.to_json() for f in facts]
    else:
        _fail("give --predicted FILE or --paper FILE")
        return
    report = evaluate(pred_rows, gold_rows, lexicon=lexicon, restrict_to_tables=tables_only)
    out.print(report.format_table(details=details), highlight=False)


@app.command()
def viz(out_path: Path = typer.Option(Path("out/map.html"), "--out", "-o", help="HTML map to write."),
        query: Optional[str] = typer.Option(None, "--query", help="A .rq whose rows name ?strategy."),
        electrolyte: Optional[str] = typer.Option(None, "--electrolyte"),
        problem: Optional[str] = typer.Option(None, "--problem"),
        charts: bool = typer.Option(True, help="Also write PNG/SVG figures beside the map."),
        exports: bool = typer.Option(True, help="Also write GraphML, GEXF and CSV beside the map."),
        store: Optional[Path] = StoreOpt) -> None:
    """Draw the problem -> strategy -> material -> method map (offline HTML), charts and exports.

    Example: nasicon-kg viz --electrolyte LATP --out out/latp.html
    """
    from .viz.render import render_all

    sparql = None
    if query:
        from .queries import load_query

        sparql = load_query(query)
    written = render_all(_store(store, read_only=True), out_path, query=sparql, electrolyte=electrolyte,
                         problem=problem, charts=charts, exports=exports)
    for path in written:
        out.print(f"wrote {path}")


@app.command()
def serve(store: Optional[Path] = StoreOpt,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
          port: int = typer.Option(7878, "--port", "-p", min=0, max=65535, help="Port to listen on."),
          timeout: float = typer.Option(30.0, "--timeout", min=0.1,
                                        help="Stop a query still running after this many seconds."),
          max_mb: float = typer.Option(10.0, "--max-mb", min=0.001,
                                       help="Refuse a result larger than this many MB."),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log each request."),
          ) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint at /query, with a query page at /.

    Example: nasicon-kg serve --store kg --port 7878

    Queries see what 'query' sees (the union of all papers, the store's prefixes declared);
    papers added meanwhile show in the next query. Updates get 403. Ctrl-C stops it.
    """
    from .server import serve as run_server
    from .store import default_store_path

    path = store or default_store_path()
    run_server(path, host, port, timeout=timeout, max_bytes=int(max_mb * 1_000_000),
               on_start=lambda url: err.print(f"serving {path} at {url} (Ctrl-C stops)", highlight=False),
               log=None if quiet else (lambda line: err.print(line, highlight=False, markup=False)))
    err.print("stopped", highlight=False)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def main() -> None:
    """Entry point: library errors become one line and exit 1, a bad option one line and exit 2;
    warnings are one line each."""
    import warnings

    warnings.showwarning = warning_line
    try:
        code = app(standalone_mode=False, prog_name="nasicon-kg")
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Abort:
        err.print("interrupted")
        sys.exit(130)
    except typer.TyperException as exc:  # a bad option or argument: one line, not the usage box
        ctx = getattr(exc, "ctx", None)
        path = getattr(ctx, "command_path", "") or ""
        see = f" (see '{path} --help')" if path else ""
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err.print(f"[bold red]error:[/] {message}{see}", highlight=False)
        sys.exit(getattr(exc, "exit_code", 2))
    except (NasiconKGError, OSError, KeyboardInterrupt) as exc:
        exit_for(exc)


if __name__ == "__main__":
    main()
