"""A per-paper time budget, enforced by doing the paper's work in a forked child process.

pdfminer and spaCy cannot be interrupted from a thread, and a deadline checked between pages or
blocks misses one slow page or one slow regex; a child process can always be stopped. The child is
forked (Linux, macOS), after :func:`~nasicon_kg.build.prepare_extraction` has built the spaCy
pipeline, so it starts in milliseconds with the pipeline already in memory. It never touches the
store: it sends its result back through a pipe (pickled) and the parent writes. Warnings the child
raises are raised again in the parent; an exception it raises is raised again in the parent, with the
child's traceback as a note.

>>> TimeBudget(0).run(sum, [1, 2, 3])
6
"""
from __future__ import annotations

import os
import pickle
import signal
import time
import traceback
import warnings
from multiprocessing.connection import Connection

from .errors import ExtractionError, TimeBudgetError

#: Seconds one paper may take to be read and extracted (0: no limit). PDF reading takes 0.3-1 s a page
#: and extraction 10,000-20,000 characters a second, so a dense PDF near the default --max-pages (300)
#: can meet it (bench/bench_guards.py).
DEFAULT_TIMEOUT = 300.0


class TimeBudget:
    """``seconds`` for all the :meth:`run` calls made for one paper (0 or None: no budget, and the
    work runs in this process). ``path`` names the paper in the error."""

    def __init__(self, seconds: float | None, path: str | None = None) -> None:
        self.seconds = seconds or 0.0
        self.path = path
        self.started = time.monotonic()

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def run(self, fn, /, *args, **kwargs):
        """``fn(*args, **kwargs)``, in a child process stopped when the budget runs out."""
        if not self.seconds or not hasattr(os, "fork"):
            return fn(*args, **kwargs)
        if self.remaining() <= 0:
            raise self._spent()
        return self._in_child(fn, args, kwargs)

    def _spent(self) -> TimeBudgetError:
        return TimeBudgetError(f"not read and extracted within {self.seconds:g} s, the time budget of a "
                               "paper: stopped (raise it with --timeout)", path=self.path)

    def _in_child(self, fn, args, kwargs):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running the parent's clean-up
            try:
                os.close(read_fd)
                _child(Connection(write_fd, readable=False), fn, args, kwargs)
            finally:
                os._exit(0)
        os.close(write_fd)
        with Connection(read_fd, writable=False) as conn:
            try:
                outcome = self._receive(conn)
            finally:
                _stop(pid)
        kind, value, caught = outcome
        for message in caught:
            warnings.warn(message, stacklevel=3)
        if kind == "error":
            raise value
        return value

    def _receive(self, conn: Connection):
        if not conn.poll(max(self.remaining(), 0.0)):
            raise self._spent()
        try:
            return conn.recv()
        except EOFError:
            raise ExtractionError("the process reading and extracting it died (out of memory?)",
                                  path=self.path) from None


def _child(conn: Connection, fn, args, kwargs) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the child
    with warnings.catch_warnings(record=True) as caught:
        try:
            outcome = ("ok", fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - not handled here: relayed to the parent, which raises it
            exc.add_note("in the child process:\n" + traceback.format_exc())
            outcome = ("error", exc)
    messages = [w.message for w in caught]
    try:
        conn.send((*outcome, messages))
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # say so rather than leave the parent waiting
        conn.send(("error", ExtractionError(f"result could not be sent back: {exc}"), messages))
    conn.close()


def _stop(pid: int) -> None:
    """End the child (it may still be running when the budget ran out) and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
