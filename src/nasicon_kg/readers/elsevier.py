"""Elsevier full-text API XML reader (``full-text-retrieval-response``, ce:/ja: namespaces)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReaderError
from ..model import Document, PaperMetadata, Reference
from .markup import add_paragraph, ids_to_numbers, local, parse_xml, plain, table_rows, year_of
from .references import find_doi, parse_reference
from .textutil import DocumentBuilder


def _first(root, name: str):
    name = name.lower()  # local() lower-cases: "coverDate" is "coverdate"
    for el in root.iter():
        if local(el) == name:
            return el
    return None


def _all(root, name: str):
    name = name.lower()
    return [el for el in root.iter() if local(el) == name]


def _text(root, name: str) -> str:
    el = _first(root, name)
    return plain(el) if el is not None else ""


def read(data: bytes, path: Path) -> Document:
    try:
        root = parse_xml(data, "Elsevier")
    except ReaderError as exc:
        raise ReaderError(exc.message, path=str(path)) from None
    bibs = [b for b in _all(root, "bib-reference") if b.get("id")]
    numbers = ids_to_numbers([(b.get("id"), _text(b, "label")) for b in bibs])

    def cite_of(el):
        if local(el) in {"cross-ref", "cross-refs"}:
            nums = [numbers[i] for i in (el.get("refid") or "").split() if i in numbers]
            return tuple(dict.fromkeys(nums)) or None
        return None

    def skip(el):
        return local(el) in {"float-anchor", "display", "figure", "table"}

    builder = DocumentBuilder()
    for abstract in _all(root, "abstract"):
        if abstract.get("class", "author") != "author":
            continue
        for para in _all(abstract, "simple-para"):
            add_paragraph(builder, para, "Abstract", "abstract", cite_of, skip)
    sections = _first(root, "sections")
    if sections is not None:
        _section(builder, sections, "Body", cite_of, skip)
    for ack in _all(root, "acknowledgment"):
        for para in _all(ack, "para"):
            add_paragraph(builder, para, "Acknowledgements", "paragraph", cite_of, skip)
    for table in _all(root, "table"):
        if local(table.getparent()) != "table" and _first(table, "tgroup") is not None:
            _table(builder, table)
    refs = [_reference(b, numbers[b.get("id")]) for b in bibs]
    return builder.build(_metadata(root), refs)


def _section(builder, sec, name, cite_of, skip):
    for el in sec:
        tag = local(el)
        if tag == "section-title":
            name = plain(el) or name
            builder.add_block(name, section=name, kind="heading")
        elif tag == "para":
            add_paragraph(builder, el, name, "paragraph", cite_of, skip)
        elif tag == "section":
            _section(builder, el, name, cite_of, skip)


def _table(builder, table):
    label = _text(table, "label")
    cap = _first(table, "caption")
    caption = " ".join(x for x in (label, plain(cap) if cap is not None else "") if x)
    rows = table_rows(_first(table, "tgroup"))
    if rows:
        foot = _first(table, "table-footnote")
        builder.add_table(label, caption, rows[0], rows[1:], section="Tables",
                          footnote=plain(foot) if foot is not None else "")


def _metadata(root) -> PaperMetadata:
    core = _first(root, "coredata")
    if core is None:
        raise ReaderError("Elsevier XML without coredata")
    authors = []
    for creator in _all(core, "creator"):
        name = plain(creator)
        if "," in name:  # "Chen, Haiji" -> "Haiji Chen"
            surname, given = name.split(",", 1)
            name = f"{given.strip()} {surname.strip()}"
        authors.append(name)
    return PaperMetadata(
        doi=_text(core, "doi") or find_doi(_text(core, "identifier")),
        title=_text(core, "title"),
        authors=tuple(a for a in authors if a),
        journal=_text(core, "publicationName"),
        year=year_of(_text(core, "coverDate")),
        volume=_text(core, "volume"),
        first_page=_text(core, "startingPage"),
    )


def _reference(bib, number: int) -> Reference:
    ref = _first(bib, "reference")
    if ref is None:
        text = _text(bib, "other-ref") or plain(bib)
        return parse_reference(number, text)
    text = plain(ref)
    parsed = parse_reference(number, text)
    names = []
    for author in _all(ref, "author"):
        names.append(" ".join(x for x in (_text(author, "given-name"), _text(author, "surname")) if x))
    contribution = _first(ref, "contribution")
    title = _text(contribution, "maintitle") if contribution is not None else ""
    host = _first(ref, "host")
    journal = volume = pages = ""
    year = None
    if host is not None:
        series = _first(host, "series")
        journal = _text(series, "maintitle") if series is not None else ""
        volume = _text(host, "volume-nr")
        first, last = _text(host, "first-page"), _text(host, "last-page")
        pages = first + (f"–{last}" if last else "")
        year = year_of(_text(host, "date"))
    return Reference(number=number, text=text, authors=tuple(n for n in names if n) or parsed.authors,
                     title=title or parsed.title, journal=journal or parsed.journal,
                     year=year or parsed.year, volume=volume or parsed.volume, pages=pages or parsed.pages,
                     doi=_text(ref, "doi") or parsed.doi)
