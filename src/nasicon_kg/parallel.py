"""Build a corpus on Dask: papers are read, extracted and turned into graphs as Dask tasks on
worker processes, and this process alone writes the store.

A ``distributed.LocalCluster`` with ``workers`` single-threaded processes is started by default;
``scheduler="tcp://HOST:8786"`` uses a running cluster instead (its workers need nasicon-kg
installed and the paper files at the same paths: see docs/adding-papers.md). Results are written
in the order of the files, so the store is the same for any number of workers (the largest
papers are sent first, :func:`send_order`); a paper that fails is reported and skipped. Dask is an
optional dependency (``pip install 'nasicon-kg[dask]'``).
"""
from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .build import AddResult, expand_paths, not_a_new_version, short_title
from .errors import NasiconKGError, StoreError
from .model import Document
from .readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES
from .store import KGStore


@dataclass(frozen=True)
class PaperWork:
    """What a worker sends back for one file: the paper's graphs as N-Triples, or its error."""

    path: str
    document: Document | None = None
    facts: int = 0
    graph: str = ""
    own: str = ""
    shared: str = ""
    error: str = ""


def work_on(path: str, sources: str, max_bytes: int, added: datetime, max_pages: int = DEFAULT_MAX_PAGES,
            max_chars: int = DEFAULT_MAX_CHARS) -> PaperWork:
    """Read, extract and build one paper's graphs (a Dask task: it never touches the store). The
    size guards hold; the per-paper time budget does not (it forks, which a Dask worker must not)."""
    from .build import extract_document, paper_graphs
    from .lexicon import load_lexicon

    lexicon = load_lexicon()
    try:
        document, facts = extract_document(path, sources=sources, lexicon=lexicon, max_bytes=max_bytes,
                                           max_pages=max_pages, max_chars=max_chars, timeout=None)
        graph, own, shared = paper_graphs(document, facts, lexicon, added=added)
    except NasiconKGError as exc:  # sent back as text: an exception's own arguments may not unpickle
        return PaperWork(path, error=str(exc))
    return PaperWork(path, document, len(facts), graph, own, shared)


def build_on_dask(store: KGStore, paths: Iterable[str | Path], *, workers: int = 2,
                  scheduler: str | None = None, force: bool = False, sources: str = "all",
                  max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES,
                  max_chars: int = DEFAULT_MAX_CHARS, processes: bool = True,
                  progress: Callable[[Path], None] | None = None) -> list[AddResult]:
    """Add every paper in ``paths`` (files or directories) using Dask workers; results in file order.

    A file whose bytes a stored paper already came from is "unchanged" and is not sent (unless
    ``force``). ``processes=False`` runs the local workers as threads of this process.
    """
    from .rdf.mapping import now

    store.ensure_ontology()
    files = expand_paths(paths)
    known = {} if force else {e.content_hash: e for e in store.papers()}
    results: dict[Path, AddResult] = {}
    todo = []
    for path in files:
        entry = known.get(_sha256(path))
        if entry is not None:
            results[path] = AddResult(str(path), "unchanged", entry.graph, entry.title)
            _tell(progress, path)
        else:
            todo.append(path)
    if todo:
        with _client(workers, scheduler, processes) as client:
            added = now()
            order = send_order(todo, workers)
            # one map, so that the scheduler queues the papers and hands each to the next free worker,
            # in the order of their keys: with random keys the first file was read near the end and
            # every write waited for it
            run = uuid.uuid4().hex
            keys = [f"nasicon-kg-paper-{rank:06d}-{run}" for rank in range(len(order))]
            futures = dict(zip(order, client.map(work_on, [str(p) for p in order], key=keys, sources=sources,
                                                 max_bytes=max_bytes, max_pages=max_pages, max_chars=max_chars,
                                                 added=added)))
            for path in todo:
                results[path] = _write(store, _outcome(path, futures[path]), force)
                futures.pop(path).release()
                _tell(progress, path)
    return [results[p] for p in files]


def send_order(paths: list[Path], workers: int) -> list[Path]:
    """The order papers are sent in: the ``workers`` largest files first, so that no long paper
    starts last and keeps one worker busy after the others are done (on 24 papers of the dev corpus
    a 1 MB paper fifteenth in file order ran alone for its last 14 s), then the rest in file order, so
    that results arrive about in the order they are written and writing keeps pace (sending all
    largest first left the first, small file for last and every write waiting for it).

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> for name, size in (("a", 10), ("b", 300), ("c", 10), ("d", 50), ("e", 20)): _ = (d / name).write_text("x" * size)
    >>> [p.name for p in send_order([d / n for n in "abcde"], workers=2)]
    ['b', 'd', 'a', 'c', 'e']
    """
    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0  # the worker's read reports it

    first = sorted(paths, key=lambda p: -size(p))[:max(1, workers)]
    return first + [p for p in paths if p not in first]


def _outcome(path: Path, future) -> PaperWork:
    from distributed import CancelledError, KilledWorker

    try:
        return future.result()
    except (KilledWorker, CancelledError, OSError) as exc:
        return PaperWork(str(path), error=f"{path}: worker lost ({type(exc).__name__}: {exc})")


def _write(store: KGStore, work: PaperWork, force: bool) -> AddResult:
    if work.error or work.document is None:
        return AddResult(work.path, "failed", error=work.error)
    previous = next(iter(store.papers(work.graph)), None)
    if previous is not None and not force:
        why = not_a_new_version(previous, work.document)
        if why:
            name = short_title(previous.title) or previous.doi or previous.graph
            return AddResult(work.path, "failed", error=f"{work.path}: would replace {name!r} {why}: use --force")
    try:
        triples = store.replace_paper(work.graph, work.own, work.shared)
    except StoreError as exc:
        return AddResult(work.path, "failed", error=str(exc))
    return AddResult(work.path, "replaced" if previous else "added", work.graph,
                     work.document.metadata.title, work.facts, triples)


def _client(workers: int, scheduler: str | None, processes: bool):
    """A Dask client on ``scheduler``, or on a new local cluster of ``workers`` one-thread workers."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise StoreError("--workers needs Dask: pip install 'nasicon-kg[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise StoreError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    import dask

    # a worker is sent a paper only when it is free: with Dask's default (1.1) each one-thread worker
    # was sent a second paper to queue, and the first file waited 24 s behind the 1 MB paper
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=logging.ERROR)
    return _OwnedClient(Client(cluster), cluster)


class _OwnedClient:
    """A client that closes the local cluster it was started on."""

    def __init__(self, client, cluster) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self):
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.cluster.close()


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # the worker's read reports it


def _tell(progress: Callable[[Path], None] | None, path: Path) -> None:
    if progress is not None:
        progress(path)
