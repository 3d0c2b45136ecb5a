"""``nasicon-kg serve``: the store as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

- ``/query``: GET, or POST urlencoded or ``application/sparql-query``; SELECT and ASK answered as
  SPARQL results JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD
  (RDF/XML, N-Quads), chosen by the Accept header. Queries see what ``nasicon-kg query`` sees:
  the union of all graphs as default graph, the store's PREFIXES pre-declared.
- ``/update`` and any update at ``/query``: 403 with a message. The server never writes.
- ``/``: a query page that needs no network, with the competency queries of queries/ as examples.

Each query runs in a worker process (:mod:`.workers`), so a timeout really stops it; see docs/serve.md.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .http import Endpoint
from .protocol import ProtocolError, QueryRequest, negotiate, parse_request
from .workers import Answer, StoreReader, WorkerPool, answer

__all__ = ["Answer", "Endpoint", "ProtocolError", "QueryRequest", "StoreReader", "WorkerPool", "answer",
           "negotiate", "parse_request", "serve"]


def serve(path: Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
          max_bytes: int = 10_000_000, workers: int = 2, on_start: Callable[[str], None] | None = None,
          log: Callable[[str], None] | None = None) -> None:
    """Serve the store at ``path`` until Ctrl-C (which returns normally). ServerError when the port is taken."""
    endpoint = Endpoint(path, host, port, timeout=timeout, max_bytes=max_bytes, workers=workers, log=log)
    try:
        if on_start is not None:
            on_start(endpoint.url)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.server_close()
