import io
import zipfile
from pathlib import Path

import pytest

from nasicon_kg.errors import UnsupportedFormatError
from nasicon_kg.readers.detect import detect_format

FIX = Path(__file__).parent / "fixtures" / "markup"
P = Path("x")


@pytest.mark.parametrize("data,fmt", [
    (b"%PDF-1.4\n...", "pdf"),
    (b"\xef\xbb\xbf\n  %PDF-1.7\n", "pdf"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    (b"<html lang='en'><p>x</p></html>", "html"),
    (b'<?xml version="1.0"?>\n<article dtd-version="1.2"><front/></article>', "jats"),
    (b'<article xmlns="http://jats.nlm.nih.gov"><front/></article>', "jats"),
    (b'<?xml version="1.0"?><full-text-retrieval-response xmlns="http://www.elsevier.com/xml/svapi/article/dtd">'
     b"</full-text-retrieval-response>", "elsevier"),
    (b'<ce:doc xmlns:ce="http://www.elsevier.com/xml/common/dtd"/>', "elsevier"),
    (b"# Title\n\nLATP reacts with Li.\n", "text"),
    ("Li₃PO₄ on LATP — 0.1 mA cm⁻²".encode(), "text"),
])
def test_detect_kinds(data, fmt):
    assert detect_format(data, P) == fmt


def test_detect_fixtures():
    assert detect_format((FIX / "small_jats.xml").read_bytes(), P) == "jats"
    assert detect_format((FIX / "small_article.html").read_bytes(), P) == "html"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return buf.getvalue()


@pytest.mark.parametrize("data,name", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),
    (_zip(), "ZIP"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "JPEG"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 40, "gzip"),
])
def test_binary_magic(data, name):
    with pytest.raises(UnsupportedFormatError, match=f"unsupported format: looks like a {name}"):
        detect_format(data, P)


def test_undecodable_binary():
    data = bytes(range(256)) * 8
    with pytest.raises(UnsupportedFormatError, match="unsupported format"):
        detect_format(data, P)


def test_json_is_not_a_paper(tmp_path):
    from nasicon_kg.errors import UnsupportedFormatError
    from nasicon_kg.readers.detect import detect_format

    with pytest.raises(UnsupportedFormatError, match="JSON"):
        detect_format(b'{"doi": "10.1/x"}', tmp_path / "x.json")
    assert detect_format(b"[1] A. Author, J. Name 10 (2019) 1.\n\nSome text.", tmp_path / "x.txt") == "text"
