"""Tell a paper's format from its bytes (never from its name).

>>> from pathlib import Path
>>> detect_format(b"%PDF-1.7 ...", Path("x"))
'pdf'
>>> detect_format(b'<?xml version="1.0"?><article dtd-version="1.2"><front/></article>', Path("x"))
'jats'
>>> detect_format(b"# A title\\n\\nSome text.", Path("x"))
'text'
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import UnsupportedFormatError

#: magic bytes of binary formats that are not papers -> the name a user knows them by
BINARY_MAGIC = (
    (b"PK\x03\x04", "ZIP (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (DOC/XLS)"),
    (b"{\\rtf", "RTF"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite"),
)

_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def _decode(head: bytes) -> str | None:
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            try:
                return head[len(bom):].decode(enc, errors="strict")
            except UnicodeDecodeError:
                return head[len(bom):].decode(enc, errors="ignore")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte character cut at the end of the sample
            return head[:exc.start].decode("utf-8")
    text = head.decode("latin-1")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return None if controls > 0.01 * max(1, len(text)) else text


def _root_element(text: str) -> tuple[str, str]:
    """(prefix, local name) of the first element after the prolog, comments and DOCTYPE."""
    body = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    body = re.sub(r"<\?.*?\?>", "", body, flags=re.S)
    body = re.sub(r"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", body, flags=re.S | re.I)
    m = _ROOT.search(body.encode("utf-8", "ignore"))
    if not m:
        return "", ""
    return (m.group(1) or b"").decode().rstrip(":"), m.group(2).decode()


def detect_format(data: bytes, path: Path) -> str:
    """"pdf" | "html" | "jats" | "elsevier" | "text"; UnsupportedFormatError for binaries."""
    head = data[:1024]
    stripped = head.lstrip(b"\xef\xbb\xbf\x00\t\n\r\f ")
    for magic, name in BINARY_MAGIC:
        if stripped.startswith(magic):
            raise UnsupportedFormatError(f"unsupported format: looks like a {name} file", path=str(path))
    if b"%PDF-" in head:
        return "pdf"
    text = _decode(data[:65536])
    if text is None or "\x00" in text[:4096]:
        raise UnsupportedFormatError("unsupported format: binary data that is not a PDF", path=str(path))
    start = text.lstrip("\ufeff \t\r\n")
    low = start[:4096].lower()
    if low.startswith("<!doctype html") or re.match(r"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<html[\s>]", low, re.S):
        return "html"
    if start.startswith("<"):
        prefix, name = _root_element(start[:65536])
        if name == "full-text-retrieval-response" or prefix in {"ce", "ja"} \
                or ("http://www.elsevier.com/xml/" in text[:8192] and name != "article"):
            return "elsevier"
        if name == "article" or "JATS" in start[:2048] or "journalpublishing" in low[:2048]:
            return "jats"
        if name == "html":
            return "html"
        if "<body" in low or "<p>" in low or "<div" in low:
            return "html"
    if start[:1] in "{[" and _is_json(data):
        raise UnsupportedFormatError("unsupported format: JSON data, not a paper (a <name>.meta.json "
                                     "sidecar belongs beside its paper)", path=str(path))
    return "text"


def _is_json(data: bytes) -> bool:
    import json

    try:
        json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True
