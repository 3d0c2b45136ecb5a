"""Queries run in worker processes: a query past its timeout is stopped by ending its process.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so each worker is a
process of its own (``spawn``: nothing of the server's threads is copied into it). A worker keeps
the store open read-only and reopens it when the store's files changed, so papers that
``nasicon-kg add`` writes meanwhile are seen by the next query, with no lock taken: a read-only
open never touches RocksDB's LOCK file.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import queue
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import NasiconKGError, StoreError
from .protocol import GRAPH_TYPES, RESULT_TYPES, ProtocolError, QueryRequest

SPAWN = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, media type and body."""

    status: int
    media_type: str
    body: bytes


class StoreReader:
    """A read-only store, reopened when its files changed since it was opened (a writer wrote)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.opens = 0
        self._store = None
        self._seen: tuple = ()

    def store(self):
        from ..store import KGStore

        seen = store_fingerprint(self.path)
        if self._store is None or seen != self._seen:
            if self._store is not None:
                self._store.close()
            self._store = KGStore(self.path, read_only=True)
            self._seen = seen
            self.opens += 1
        return self._store


def store_fingerprint(path: Path) -> tuple:
    """Name, size and modification time of each file of the store but RocksDB's info logs (LOG*: its
    own activity, not data). Any write appends to the write-ahead log (*.log) at least."""
    entries = []
    with os.scandir(path) as scan:
        for entry in scan:
            if entry.name.startswith("LOG"):
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:  # deleted by a writer's compaction while we looked
                continue
            entries.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


class _Capped(io.RawIOBase):
    """A byte buffer that refuses to grow past ``limit`` (stopping the serialiser that writes to it)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.buffer = io.BytesIO()
        self.limit = limit
        self.over = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.buffer.tell() + len(data) > self.limit:
            self.over = True
            raise OSError("result too large")
        return self.buffer.write(data)


def answer(store, request: QueryRequest, media_type: str, max_bytes: int) -> Answer:
    """Evaluate ``request`` on ``store`` and serialise the result as ``media_type``, at most ``max_bytes``."""
    output = _Capped(max_bytes)
    try:
        results = store.solutions(request.sparql, list(request.default_graphs), list(request.named_graphs))
        if request.form in ("CONSTRUCT", "DESCRIBE"):
            results.serialize(output, GRAPH_TYPES[media_type])
        else:
            results.serialize(output, RESULT_TYPES[media_type])
    except ProtocolError as exc:
        return Answer(exc.status, "text/plain", str(exc).encode())
    except StoreError as exc:  # a damaged store, met while reading
        return Answer(503, "text/plain", str(exc).encode())
    except NasiconKGError as exc:  # a malformed query
        return Answer(400, "text/plain", str(exc).encode())
    except (OSError, RuntimeError, ValueError) as exc:
        if output.over:
            return Answer(503, "text/plain", _too_large(max_bytes))
        return Answer(500, "text/plain", f"query failed: {exc}".encode())
    return Answer(200, media_type, output.buffer.getvalue())


def _too_large(max_bytes: int) -> bytes:
    return (f"the result is larger than {max_bytes / 1e6:g} MB, the server's limit: add a LIMIT, "
            "or restart the server with a higher --max-mb").encode()


def _work(connection, path: str) -> None:
    """A worker's loop: receive (request, media type, byte limit), send back its Answer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    reader = StoreReader(Path(path))
    while True:
        try:
            request, media_type, max_bytes = connection.recv()
        except (EOFError, OSError):
            return
        try:
            result = answer(reader.store(), request, media_type, max_bytes)
        except NasiconKGError as exc:  # the store could not be opened
            result = Answer(503, "text/plain", str(exc).encode())
        connection.send(result)


class _Worker:
    def __init__(self, path: Path) -> None:
        self.connection, child = SPAWN.Pipe()
        self.process = SPAWN.Process(target=_work, args=(child, str(path)), name="nasicon-kg query worker",
                                     daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """``size`` worker processes over the store at ``path``; one query at a time each."""

    def __init__(self, path: Path, size: int = 2) -> None:
        self.path = path
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.path)
        self._all.add(worker)
        self._idle.put(worker)

    def run(self, request: QueryRequest, media_type: str, *, timeout: float, max_bytes: int) -> Answer:
        """The Answer to ``request``, or 503 when it (with its wait for a free worker) takes over
        ``timeout`` seconds: its worker is then ended and replaced."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Answer(503, "text/plain", f"every query worker is busy for over {timeout:g} s: "
                                             "try again later".encode())
        try:
            worker.connection.send((request, media_type, max_bytes))
            if worker.connection.poll(max(deadline - time.monotonic(), 0)):
                result = worker.connection.recv()
                self._idle.put(worker)
                return result
            message = (f"query still running after {timeout:g} s, stopped: narrow it (LIMIT, fewer "
                       "OPTIONALs) or restart the server with a higher --timeout")
        except (EOFError, OSError, BrokenPipeError):
            message = "the query worker ended unexpectedly; it has been restarted"
        self._replace(worker)
        return Answer(503, "text/plain", message.encode())

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.stop()
        self._add()

    def close(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
