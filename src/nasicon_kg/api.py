"""The Python API for notebooks and scripts: open a store, query it, add and extract papers.

``import nasicon_kg as nkg`` gives :func:`open`, :func:`extract_paper`, :class:`KG` and
:class:`Results`; docs/api.md shows them at work (its examples run as tests).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import MissingDependencyError
from .store import KGStore, PaperEntry, default_store_path


@dataclass(frozen=True)
class Results:
    """A query's columns and rows: each row a dict of Python values (IRIs as str, numbers as numbers);
    a variable left unbound in a row is absent from its dict."""

    columns: list[str]
    rows: list[dict]

    def to_dicts(self) -> list[dict]:
        """The rows as new dicts, every column present (None where unbound)."""
        return [{c: row.get(c) for c in self.columns} for row in self.rows]

    def to_pandas(self):
        """The rows as a pandas DataFrame, one column per variable (pandas is optional)."""
        try:
            import pandas
        except ImportError:
            raise MissingDependencyError("to_pandas() needs pandas: pip install pandas") from None
        return pandas.DataFrame(self.to_dicts(), columns=self.columns)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict]:
        return iter(self.rows)


class KG:
    """A knowledge-graph store opened for Python use (see :func:`open`)."""

    def __init__(self, store: KGStore):
        self.store = store

    def query(self, query: str, /, *, timeout: float | None = None, **bindings: object) -> Results:
        """Run a SELECT or ASK: a name in queries/ ("strategies"), a .rq path or SPARQL text.

        Keyword arguments bind variables (``min=0.5`` gives ?min the xsd:double 0.5; an http(s) str
        is an IRI, any other str a string); they are substituted by pyoxigraph, never formatted in.
        """
        from . import queries

        columns, rows = queries.run(self.store, queries.load_query(query), bindings, timeout=timeout)
        return Results(columns, rows)

    def results(self, query: str, /, *, fmt: str = "json", **bindings: object) -> bytes:
        """The W3C SPARQL results document (``json`` or ``xml``) of a SELECT or ASK."""
        from . import queries

        return self.store.results(queries.load_query(query), bindings, fmt)

    def papers(self) -> list[PaperEntry]:
        """The papers in the store, oldest first."""
        return self.store.papers()

    def add(self, *paths: str | Path, force: bool = False) -> list:
        """Add papers (files or folders), one named graph each; returns one AddResult per file."""
        from .build import add_papers

        return add_papers(self.store, paths, force=force)

    def export(self, fmt: str = "trig", *, graphs: bool = False) -> bytes:
        """The store as ttl, trig, nq, nt or jsonld (see :meth:`KGStore.export`)."""
        return self.store.export(fmt, graphs=graphs)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KG:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.store)


def open(path: str | Path | None = None, *, read_only: bool = True, memory: bool = False,  # noqa: A001
         wait: float = 0.0) -> KG:
    """Open the store at ``path`` (default ./kg, or $NASICON_KG_STORE), read-only unless asked.

    ``memory=True`` gives an empty store in memory instead, to add papers to. A writer (``read_only``
    False) waits up to ``wait`` seconds while another nasicon-kg writes to the same store.
    """
    if memory:
        return KG(KGStore(None))
    return KG(KGStore(path or default_store_path(), read_only=read_only, wait=wait))


def extract_paper(path: str | Path, *, sources: str = "all") -> list:
    """The facts (:class:`nasicon_kg.model.Fact`) of one paper, without any store; ``sources`` is
    ``all``, ``text`` or ``tables``. (Not ``nkg.extract``: that name is the nasicon_kg.extract package.)"""
    from .build import extract_document

    return extract_document(path, sources=sources)[1]
