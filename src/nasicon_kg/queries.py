"""Run the competency questions in queries/*.rq, with bound parameters, and format results."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .errors import QueryError
from .store import KGStore


def queries_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "query_files", here.parents[1] / "queries"):
        if candidate.is_dir():
            return candidate
    raise QueryError("cannot find the queries/ directory")


def question(sparql: str) -> str:
    """The plain-words question in a query's leading comment lines."""
    lines = []
    for line in sparql.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(lines).strip()


def load_query(text_or_path: str) -> str:
    """A query from a .rq path, a name in queries/ ("strategies"), or literal SPARQL text."""
    candidate = Path(text_or_path)
    if candidate.suffix == ".rq" or (len(text_or_path) < 200 and "\n" not in text_or_path
                                    and "{" not in text_or_path):
        for path in (candidate, queries_dir() / candidate.name, queries_dir() / f"{text_or_path}.rq"):
            if path.is_file():
                return path.read_text(encoding="utf-8")
        if candidate.suffix == ".rq":
            raise QueryError(f"no such query file: {text_or_path}")
    if "{" not in text_or_path:
        raise QueryError(f"not a query file nor SPARQL text: {text_or_path!r}")
    return text_or_path


def run(store: KGStore, sparql: str, bindings: dict[str, object] | None = None) -> tuple[list[str], list[dict]]:
    """Columns and rows of a SELECT (an ASK gives one row {"answer": bool})."""
    import pyoxigraph as ox

    result = store.query(sparql, bindings)
    if isinstance(result, ox.QueryBoolean):
        return ["answer"], [{"answer": bool(result)}]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("CONSTRUCT/DESCRIBE results: use 'export' for graphs")
    from .store import _py

    columns = [v.value for v in result.variables]
    rows = [{c: _py(s[c]) for c in columns if s[c] is not None} for s in result]
    return columns, rows


def format_rows(columns: list[str], rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, delimiter="," if fmt == "csv" else "\t",
                                lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    raise QueryError(f"unknown format {fmt!r} (table, csv, tsv, json)")
