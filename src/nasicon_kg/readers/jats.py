"""JATS XML reader (PMC, Springer Nature and other JATS publishers)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReaderError
from ..model import Document, PaperMetadata, Reference
from .markup import add_paragraph, ids_to_numbers, local, parse_xml, plain, table_rows, year_of
from .references import find_doi, parse_reference
from .textutil import DocumentBuilder


def _first(root, name: str, **attrs):
    for el in root.iter():
        if local(el) == name and all(el.get(k) == v for k, v in attrs.items()):
            return el
    return None


def _all(root, name: str):
    return [el for el in root.iter() if local(el) == name]


def read(data: bytes, path: Path) -> Document:
    try:
        root = parse_xml(data, "JATS")
    except ReaderError as exc:
        raise ReaderError(exc.message, path=str(path)) from None
    meta_el = _first(root, "article-meta")
    if meta_el is None:
        raise ReaderError("JATS XML without article-meta", path=str(path))
    refs_el = [r for r in _all(root, "ref") if r.get("id")]
    numbers = ids_to_numbers([(r.get("id"), plain(_first(r, "label")) if _first(r, "label") is not None else "")
                              for r in refs_el])

    def cite_of(el):
        if local(el) == "xref" and el.get("ref-type") == "bibr":
            nums = [numbers[i] for i in (el.get("rid") or "").split() if i in numbers]
            return tuple(dict.fromkeys(nums)) or None
        return None

    def skip(el):
        return local(el) in {"table-wrap", "fig", "disp-formula-group", "supplementary-material"}

    builder = DocumentBuilder()
    abstract = _first(meta_el, "abstract")
    if abstract is not None:
        for p in _all(abstract, "p"):
            add_paragraph(builder, p, "Abstract", "abstract", cite_of, skip)
    body = _first(root, "body")
    if body is not None:
        _section(builder, body, "Body", cite_of, skip)
    back = _first(root, "back")
    for el in (back if back is not None else []):
        if local(el) in {"ack", "sec", "notes"}:
            _section(builder, el, plain(_first(el, "title")) if _first(el, "title") is not None
                     else "Acknowledgements", cite_of, skip)
    return builder.build(_metadata(root, meta_el), [_reference(r, numbers[r.get("id")]) for r in refs_el])


def _section(builder, sec, name, cite_of, skip):
    for el in sec:
        tag = local(el)
        if tag == "title":
            name = plain(el) or name
            builder.add_block(name, section=name, kind="heading")
        elif tag == "p":
            add_paragraph(builder, el, name, "paragraph", cite_of, skip)
            for inner in el.iter():
                if inner is not el and local(inner) in {"table-wrap", "fig"}:
                    _float(builder, inner, name)
        elif tag == "sec":
            _section(builder, el, name, cite_of, skip)
        elif tag in {"table-wrap", "fig"}:
            _float(builder, el, name)


def _float(builder, el, section):
    label_el, cap_el = _first(el, "label"), _first(el, "caption")
    label = plain(label_el) if label_el is not None else ""
    caption = " ".join(x for x in (label, plain(cap_el) if cap_el is not None else "") if x)
    if local(el) == "fig":
        if caption:
            builder.add_block(caption, section=section, kind="caption")
        return
    table = _first(el, "table")
    rows = table_rows(table) if table is not None else []
    if rows:
        foot = _first(el, "table-wrap-foot")
        builder.add_table(label.rstrip("."), caption, rows[0], rows[1:], section=section,
                          footnote=plain(foot) if foot is not None else "")
    elif caption:
        builder.add_block(caption, section=section, kind="caption")


def _metadata(root, meta) -> PaperMetadata:
    doi_el = _first(meta, "article-id", **{"pub-id-type": "doi"})
    title_el = _first(meta, "article-title")
    authors = []
    for contrib in _all(meta, "contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        name = _first(contrib, "name")
        if name is not None:
            given, surname = _first(name, "given-names"), _first(name, "surname")
            authors.append(" ".join(plain(x) for x in (given, surname) if x is not None))
    journal = _first(root, "journal-title")
    date = _first(meta, "pub-date")
    year = _first(date, "year") if date is not None else None
    vol, fpage = _first(meta, "volume"), _first(meta, "fpage")
    return PaperMetadata(
        doi=plain(doi_el) if doi_el is not None else "",
        title=plain(title_el) if title_el is not None else "",
        authors=tuple(a for a in authors if a),
        journal=plain(journal) if journal is not None else "",
        year=year_of(plain(year)) if year is not None else None,
        volume=plain(vol) if vol is not None else "",
        first_page=plain(fpage) if fpage is not None else "",
    )


def _reference(ref, number: int) -> Reference:
    cit = next((e for e in ref.iter() if local(e) in {"element-citation", "mixed-citation", "citation"}), ref)
    text = " ".join(" ".join(t.split()) for t in cit.itertext() if t.strip())
    parsed = parse_reference(number, text)
    names = []
    for name in _all(cit, "name"):
        given, surname = _first(name, "given-names"), _first(name, "surname")
        names.append(" ".join(plain(x) for x in (given, surname) if x is not None))
    get = {k: plain(_first(cit, k)) for k in ("article-title", "source", "year", "volume", "fpage", "lpage")
           if _first(cit, k) is not None}
    doi_el = _first(cit, "pub-id", **{"pub-id-type": "doi"})
    pages = get.get("fpage", "") + (f"–{get['lpage']}" if get.get("lpage") else "")
    return Reference(
        number=number, text=text,
        authors=tuple(names) or parsed.authors,
        title=get.get("article-title", parsed.title),
        journal=get.get("source", parsed.journal),
        year=year_of(get["year"]) if "year" in get else parsed.year,
        volume=get.get("volume", parsed.volume),
        pages=pages or parsed.pages,
        doi=(plain(doi_el) if doi_el is not None else "") or parsed.doi or find_doi(text),
    )



