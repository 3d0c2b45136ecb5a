"""The console script's entry point, and the read-only commands ``query`` and ``list`` without typer.

typer coerces every option through pydantic, whose import alone takes about 0.1 s, and ``query``
and ``list`` are run often and briefly. :func:`main` reads a plain ``query`` or ``list`` command
line itself (:func:`plain_command`: the options their ``--help`` lists, by long or short name, the
value apart or after ``=``) and runs it here; any other command line (``--help``, an unknown option,
a value typer would refuse, any other command) goes to :func:`nasicon_kg.cli.main`, so every
message and exit code stays typer's. cli.py's ``query`` and ``list`` call :func:`show_query` and
:func:`show_papers`, so both paths print the same.
"""
from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

from rich.console import Console

from .errors import NasiconKGError

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

CELL_WIDTH = 60   # characters of a query's table cell, unless --full
STORE_ENV = "NASICON_KG_STORE"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    sparql_json = "sparql-json"
    sparql_xml = "sparql-xml"


#: option name -> (keyword, takes a value) for each command this module runs itself
OPTIONS = {
    "query": {"--store": ("store", True), "-s": ("store", True), "--format": ("fmt", True),
              "-f": ("fmt", True), "--bind": ("bind", True), "-b": ("bind", True),
              "--timeout": ("timeout", True), "--full": ("full", False)},
    "list": {"--store": ("store", True), "-s": ("store", True)},
}
_NUMBER = re.compile(r"\d+(\.\d*)?|\.\d+")


def plain_command(argv: list[str], env: Optional[dict] = None) -> Optional[tuple[str, dict]]:
    """``(command, keyword arguments)`` for a plain ``query``/``list`` command line, else None.

    None whenever typer might answer differently from a plain run (help, an unknown or repeated
    option, a value it would refuse), so that typer answers it.

    >>> command, kwargs = plain_command(["query", "strategies", "-f", "csv", "-b", "min=0.5"], env={})
    >>> command, kwargs["fmt"].value, kwargs["bind"], kwargs["timeout"]
    ('query', 'csv', ['min=0.5'], 60.0)
    >>> plain_command(["query", "strategies", "--help"], env={}) is None
    True
    """
    env = os.environ if env is None else env
    if not argv or argv[0] not in OPTIONS:
        return None
    command, options = argv[0], OPTIONS[argv[0]]
    given: dict = {}
    positional: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name not in options:
            return None
        key, takes_value = options[name]
        if not takes_value:
            if eq or key in given:
                return None
            given[key] = True
            continue
        if not eq:
            value = next(args, None)
            if value is None or value.startswith("-"):
                return None
        if key == "bind":
            given.setdefault("bind", []).append(value)
        elif key in given or not value:
            return None
        else:
            given[key] = value
    if "store" not in given and STORE_ENV in env:
        if not env[STORE_ENV]:
            return None
        given["store"] = env[STORE_ENV]
    store = Path(given["store"]) if "store" in given else None
    if command == "list":
        return ("list", {"store": store}) if not positional else None
    if len(positional) != 1:
        return None
    fmt = given.get("fmt", "table")
    timeout = given.get("timeout", "60.0")
    if fmt not in {f.value for f in QueryFormat} or not _NUMBER.fullmatch(timeout):
        return None
    return "query", {"query": positional[0], "store": store, "fmt": QueryFormat(fmt),
                     "bind": given.get("bind", []), "timeout": float(timeout), "full": given.get("full", False)}


def open_read_only(path: Optional[Path]):
    from .store import KGStore, default_store_path

    return KGStore(path or default_store_path(), read_only=True)


def show_query(query: str, store: Optional[Path], fmt: QueryFormat, bind: list[str], timeout: float,
               full: bool) -> None:
    """What ``nasicon-kg query`` prints (see its --help in cli.py)."""
    from . import queries as q

    sparql = q.load_query(query)
    bindings = dict(q.parse_binding(item) for item in bind)
    if fmt in (QueryFormat.sparql_json, QueryFormat.sparql_xml):
        data = q.run_results(open_read_only(store), sparql, bindings, fmt=fmt.value[len("sparql-"):],
                             timeout=timeout)
        sys.stdout.buffer.write(data + b"\n")
        return
    columns, rows = q.run(open_read_only(store), sparql, bindings, timeout=timeout,
                          mark_iris=fmt is QueryFormat.table)
    if fmt is not QueryFormat.table:
        sys.stdout.write(q.format_rows(columns, rows, fmt.value))
        return
    from rich.table import Table

    title = q.question(sparql)
    if title:
        out.print(f"[bold]{title}[/]", highlight=False)
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    shown = cells if full else [[clip(c) for c in line] for line in cells]
    table = Table(*columns)
    for line in shown:
        table.add_row(*line)
    out.print(table)
    cut = shown != cells
    out.print(f"{len(rows)} row(s)" + (f"; long cells cut to {CELL_WIDTH} characters (--full shows them "
                                         "whole)" if cut else ""))


def clip(text: str, width: int = CELL_WIDTH) -> str:
    """A cell on one readable line: whitespace runs (a table row's tabs) as one space, cut to
    ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cell(value) -> str:
    """A result value for a table: an IRI as a prefixed name or <IRI> (pasteable into SPARQL)."""
    from .queries import pasteable
    from .store import IRI

    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, IRI):
        return pasteable(value)
    return str(value)


def facts_cell(entry) -> str:
    """A paper's fact count, and for none the reason its extraction status gives."""
    if entry.facts or not entry.extraction or entry.extraction == "facts found":
        return str(entry.facts)
    if entry.extraction == "failed":
        return f"0 (failed: {entry.extraction_note[:60]})" if entry.extraction_note else "0 (failed)"
    return f"0 ({entry.extraction})"


def show_papers(store: Optional[Path]) -> None:
    """What ``nasicon-kg list`` prints."""
    from rich.table import Table

    entries = open_read_only(store).papers()
    table = Table("title", "DOI", "facts", "added", "graph")
    table.columns[0].min_width, table.columns[0].ratio = 30, 3   # whole titles, wrapped
    table.columns[4].overflow = "fold"
    cells = [facts_cell(e) for e in entries]
    table.columns[2].min_width = min(60, max(map(len, cells), default=5))  # "0 (failed: …)" on one line
    for e, facts in zip(entries, cells):
        table.add_row(e.title or Path(e.source).name, e.doi, facts, e.added, e.graph)
    out.print(table)
    out.print(f"{len(entries)} paper(s)")


def warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    """A library warning (a PDF glyph that could not be read) as one line on stderr."""
    err.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)


def exit_for(exc: BaseException) -> NoReturn:
    """A library error, an OS error or an interrupt as one line on stderr, and its exit code."""
    if isinstance(exc, KeyboardInterrupt):
        err.print("interrupted")
        sys.exit(130)
    if isinstance(exc, OSError):  # an output path that cannot be written, a full disk...
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        err.print(f"[bold red]error:[/] {where}{exc.strerror or exc}", highlight=False)
    else:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
    sys.exit(1)


def main() -> None:
    """The ``nasicon-kg`` command: a plain query or list here, everything else through typer."""
    plain = plain_command(sys.argv[1:])
    if plain is None:
        from .cli import main as typer_main

        typer_main()
        return
    import warnings

    warnings.showwarning = warning_line
    command, kwargs = plain
    try:
        if command == "query":
            show_query(**kwargs)
        else:
            show_papers(**kwargs)
    except (NasiconKGError, OSError, KeyboardInterrupt) as exc:
        exit_for(exc)
    sys.exit(0)
