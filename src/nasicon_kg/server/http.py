"""The HTTP side: a stdlib threading server answering /query, /update, the query page and its examples."""
from __future__ import annotations

import errno
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from ..errors import ServerError
from .protocol import ProtocolError, negotiate, parse_request
from .workers import Answer, WorkerPool

MAX_REQUEST_BYTES = 1_000_000  # a query text longer than this is refused (413)


class Endpoint(ThreadingHTTPServer):
    """A read-only SPARQL endpoint over the store at ``path``; ``serve_forever()`` runs it."""

    daemon_threads = True

    def __init__(self, path: Path, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
                 max_bytes: int = 10_000_000, workers: int = 2, log=None) -> None:
        from ..store import KGStore

        KGStore(path, read_only=True).close()  # a missing or damaged store is one error, before binding
        self.pool: WorkerPool | None = None
        try:
            super().__init__((host, port), Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServerError(f"cannot serve on {host}:{port}: the port is in use "
                                  "(stop what holds it, or give --port another number)") from None
            raise ServerError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
        self.path, self.query_timeout, self.max_bytes, self.log = path, timeout, max_bytes, log
        self.pool = WorkerPool(path, workers)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        if self.pool is not None:
            self.pool.close()

    def stop_in_background(self) -> None:
        """Stop ``serve_forever()`` from another thread (tests)."""
        threading.Thread(target=self.shutdown, daemon=True).start()


class Handler(BaseHTTPRequestHandler):
    server: Endpoint
    server_version = "nasicon-kg"

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path in ("/", "/index.html"):
            self._send(Answer(200, "text/html", _page()))
        elif path == "/examples.json":
            self._send(Answer(200, "application/json", _examples()))
        elif path == "/favicon.ico":  # browsers ask; there is none
            self._send(Answer(204, "image/x-icon", b""))
        else:
            self._query("GET", path, query, b"")

    def do_POST(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._send(Answer(413, "text/plain", b"the request is larger than 1 MB"))
            self.close_connection = True
            return
        self._query("POST", path, query, self.rfile.read(length))

    def do_PUT(self) -> None:
        self._refuse("PUT")

    def do_DELETE(self) -> None:
        self._refuse("DELETE")

    def do_PATCH(self) -> None:
        self._refuse("PATCH")

    def _refuse(self, method: str) -> None:
        self._query(method, self.path.partition("?")[0], "", b"")

    def _query(self, method: str, path: str, query: str, body: bytes) -> None:
        try:
            request = parse_request(method, path, query, self.headers.get("Content-Type", ""), body)
            media_type, _ = negotiate(self.headers.get("Accept", ""), request.form)
        except ProtocolError as exc:
            self._send(Answer(exc.status, "text/plain", str(exc).encode()))
            return
        self._send(self.server.pool.run(request, media_type, timeout=self.server.query_timeout,
                                        max_bytes=self.server.max_bytes))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        text = answer.media_type.startswith("text/") or answer.media_type.endswith(("json", "xml"))
        self.send_header("Content-Type", answer.media_type + ("; charset=utf-8" if text else ""))
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


def _page() -> bytes:
    return resources.files(__package__).joinpath("page.html").read_bytes()


def _examples() -> bytes:
    """The competency queries in queries/ as [{name, question, query}], for the page's example list."""
    from ..queries import question, queries_dir

    examples = []
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        examples.append({"name": path.stem, "question": question(text), "query": text})
    return json.dumps(examples, ensure_ascii=False).encode()
