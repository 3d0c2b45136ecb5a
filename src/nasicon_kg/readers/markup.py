"""lxml helpers shared by the HTML, JATS and Elsevier readers: inline text with
sub/superscripts and citation anchors, MathML, tables."""
from __future__ import annotations

import re
from typing import Callable

from ..errors import ReaderError
from .textutil import superscript

SKIP = {"script", "style", "noscript", "button", "svg", "img", "object", "iframe", "form"}
Cites = list[tuple[int, tuple[int, ...], str]]


def local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


class Text:
    """Accumulates inline text, collapsing whitespace as it goes so that citation
    offsets taken along the way stay true."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.cites: Cites = []

    def add(self, s: str | None) -> None:
        if not s:
            return
        s = re.sub(r"\s+", " ", s)
        if s.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            s = s[1:]
        if s:
            self.parts.append(s)
            self.length += len(s)

    def cite(self, numbers: tuple[int, ...], raw: str) -> None:
        if self.parts and self.parts[-1].endswith(" "):
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
        self.cites.append((self.length, numbers, raw))

    def result(self) -> tuple[str, Cites]:
        text = "".join(self.parts)
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        cites = [(max(0, min(o - lead, len(stripped))), n, r) for o, n, r in self.cites]
        return stripped, cites


def plain(el) -> str:
    """All text of ``el`` with sub/superscripts handled, citations kept as printed."""
    out = Text()
    walk(el, out, lambda e: None)
    return out.result()[0]


def walk(el, out: Text, cite_of: Callable, skip: Callable = lambda e: False) -> None:
    """Append ``el``'s content (not its tail) to ``out``."""
    name = local(el)
    if name in SKIP or skip(el):
        return
    numbers = cite_of(el)
    if numbers:
        out.cite(numbers, re.sub(r"\s+", " ", "".join(el.itertext())).strip())
        return
    if name in {"sub", "inf"}:
        out.add(re.sub(r"\s+", "", plain_children(el)))
        return
    if name == "sup":
        out.add(superscript(plain_children(el)))
        return
    if name == "math":
        out.add(math_text(el))
        return
    if name == "br":
        out.add(" ")
    out.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            walk(child, out, cite_of, skip)
        out.add(child.tail)


def add_paragraph(builder, el, section: str, kind: str, cite_of: Callable,
                  skip: Callable = lambda e: False) -> None:
    """Render ``el``'s inline content (with citation anchors) as one block, if it has text."""
    out = Text()
    walk(el, out, cite_of, skip)
    text, cites = out.result()
    if text:
        builder.add_block(text, section=section, kind=kind, citations=cites)


def plain_children(el) -> str:
    out = Text()
    out.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            walk(child, out, lambda e: None)
        out.add(child.tail)
    return out.result()[0]


def math_text(el) -> str:
    """MathML as plain text: msub flattened, msup through superscript()."""
    name = local(el)
    kids = [c for c in el if isinstance(c.tag, str)]
    if name in {"msub", "msubsup"} and len(kids) >= 2:
        text = math_text(kids[0]) + math_text(kids[1]).replace(" ", "")
        return text + (superscript(math_text(kids[2])) if name == "msubsup" and len(kids) > 2 else "")
    if name == "msup" and len(kids) >= 2:
        return math_text(kids[0]) + superscript(math_text(kids[1]))
    if name == "mspace":
        return " "
    if name in {"annotation", "annotation-xml"}:
        return ""
    text = (el.text or "").strip() if name in {"mi", "mn", "mo", "mtext", "ms"} else ""
    return text + "".join(math_text(k) for k in kids)


def table_rows(table_el) -> list[list[str]]:
    """Rows of cell texts of an HTML/JATS/CALS table (``tr``/``row`` of ``td``/``th``/``entry``)."""
    rows = []
    for row in table_el.iter():
        if local(row) not in {"tr", "row"}:
            continue
        cells = [plain(c) for c in row if isinstance(c.tag, str) and local(c) in {"td", "th", "entry"}]
        if cells:
            rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def parse_xml(data: bytes, what: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ReaderError(f"malformed {what} XML: {str(exc).splitlines()[0] if str(exc) else exc}") from None
    if root is None:
        raise ReaderError(f"malformed {what} XML: no root element")
    return root


def year_of(text: str) -> int | None:
    m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text or "")
    return int(m.group(1)) if m else None


def ids_to_numbers(refs: list[tuple[str, str]]) -> dict[str, int]:
    """Reference element ids -> numbers, from their labels ("[12]", "12.") or their order."""
    out = {}
    for i, (rid, label) in enumerate(refs, start=1):
        m = re.search(r"\d+", label or "")
        out[rid] = int(m.group(0)) if m else i
    return out
