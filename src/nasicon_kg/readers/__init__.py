"""Readers: a file in, a :class:`~nasicon_kg.model.Document` out.

The format is told from the content (magic bytes, XML root), never from the
file name; each format's module is imported only when a file of that format
arrives, so reading Markdown never imports pdfplumber.

Every reader module exposes ``read(data: bytes, path: Path) -> Document``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
from pathlib import Path

from ..errors import ReaderError
from ..model import Document, PaperMetadata
from .textutil import check_length

#: Largest file ``read_document`` accepts unless told otherwise (bytes).
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
#: Most pages a PDF may have (a long review has about 40, a thesis about 250); checked before any
#: page is parsed, since reading takes 0.3-1 s a page.
DEFAULT_MAX_PAGES = 300
#: Longest text a paper may have, in characters (a thesis has about 1 M); reading and extracting run at
#: 10,000-20,000 characters a second (the corpus review's prose repeated to 1-2 M characters, on one
#: line or not), so this keeps a text paper within the default time budget (budget.DEFAULT_TIMEOUT, 300 s).
DEFAULT_MAX_CHARS = 2_000_000

#: format name -> module (relative to this package) that reads it.
READERS = {
    "text": ".text",
    "pdf": ".pdf",
    "html": ".html",
    "jats": ".jats",
    "elsevier": ".elsevier",
}

SIDECAR_SUFFIX = ".meta.json"


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES,
                  max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Read one paper. Raises :class:`ReaderError` with a one-line message on bad input, and on a
    file over ``max_bytes``, a PDF of more than ``max_pages`` pages or a text of more than
    ``max_chars`` characters (each checked as early as it can be; 0 lifts the page or character
    limit)."""
    path = Path(path)
    if not path.exists():
        raise ReaderError("no such file", path=str(path))
    if path.is_dir():
        raise ReaderError("is a directory (use 'add' on a directory to add every paper in it)",
                          path=str(path))
    size = path.stat().st_size
    if size == 0:
        raise ReaderError("empty file", path=str(path))
    if size > max_bytes:
        raise ReaderError(f"file is {size / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB "
                          "(raise it with --max-mb)", path=str(path))
    data = path.read_bytes()
    from .detect import detect_format

    fmt = detect_format(data, path)
    module = importlib.import_module(READERS[fmt], __name__)
    early = {"pdf": {"max_pages": max_pages}, "text": {"max_chars": max_chars}}.get(fmt, {})
    doc = module.read(data, path, **early)
    try:
        check_length(len(doc.text), max_chars)
    except ReaderError as exc:
        raise ReaderError(exc.message, path=str(path)) from None
    meta = _merge_sidecar(doc.metadata, path)
    return dataclasses.replace(
        doc,
        metadata=meta,
        source_path=str(path),
        source_format=fmt,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def _merge_sidecar(meta: PaperMetadata, path: Path) -> PaperMetadata:
    """Metadata from ``<stem>.meta.json`` beside the file wins over what the text gave."""
    side = sidecar_path(path)
    if not side.exists():
        return meta
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReaderError(f"bad metadata sidecar: {exc}", path=str(side)) from None
    fields = {f.name for f in dataclasses.fields(PaperMetadata)}
    unknown = set(data) - fields
    if unknown:
        raise ReaderError(f"unknown keys in metadata sidecar: {', '.join(sorted(unknown))}",
                          path=str(side))
    if "authors" in data:
        data["authors"] = tuple(data["authors"])
    if "year" in data and data["year"] is not None:
        data["year"] = int(data["year"])
    return dataclasses.replace(meta, **{k: v for k, v in data.items() if v not in (None, "")})


def is_supported(path: Path) -> bool:
    """Whether ``add DIR`` should try this file (sidecars and hidden files are skipped)."""
    name = path.name
    return path.is_file() and not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX) \
        and path.suffix.lower() in {".md", ".txt", ".markdown", ".pdf", ".html", ".htm", ".xml", ".nxml"}
