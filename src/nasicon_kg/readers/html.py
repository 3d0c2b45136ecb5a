"""Publisher article HTML reader (RSC "articlehtml" pages and similar)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReaderError
from ..model import Document, PaperMetadata, Reference
from .markup import Text, local, plain, table_rows, walk, year_of
from .references import find_doi, parse_reference
from .textutil import DocumentBuilder, parse_citation_numbers

DROP = ("script", "style", "nav", "header", "footer", "noscript", "form", "button", "aside")
BLOCK_TAGS = {"p", "div", "span", "section", "article", "main", "body", "li", "blockquote"}
REF_HEADING = re.compile(r"^(notes and )?references?( and notes)?$|^bibliography$", re.I)


def read(data: bytes, path: Path) -> Document:
    import lxml.html

    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "latin-1"
    try:
        root = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding=encoding))
    except Exception as exc:  # noqa: BLE001 - lxml raises ParserError/ValueError on junk
        raise ReaderError(f"malformed HTML: {exc}", path=str(path)) from None
    for el in list(root.iter(*DROP)):
        el.drop_tree()
    meta = _metadata(root)
    ref_ids = _reference_ids(root)

    def cite_of(el):
        if local(el) != "a":
            return None
        href = el.get("href") or ""
        if not href.startswith("#"):
            return None
        target = href[1:]
        num = ref_ids.get(target)
        if num is None:
            m = re.fullmatch(r"(?:cit|ref|bib|cr|b)[-_]?(\d+)[a-z]?", target, re.I)
            num = int(m.group(1)) if m else None
        if num is None:
            return None
        shown = parse_citation_numbers("".join(el.itertext()))
        return shown if shown and num in shown else (num,)

    body = root.find(".//body")
    builder = DocumentBuilder()
    state = {"section": "Front matter", "refs": False}
    refs: list[Reference] = []
    _walk_blocks(body if body is not None else root, builder, cite_of, state, refs, meta)
    if not refs:
        refs = _references(root)
    return builder.build(meta, refs)


def _heading(el) -> bool:
    return local(el) in {"h1", "h2", "h3", "h4"}


def _walk_blocks(el, builder, cite_of, state, refs, meta):
    """Headings set the section; paragraph-like elements whose children are inline become blocks."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        tag = local(child)
        if _heading(child):
            name = plain(child)
            if tag == "h1" or not name:
                continue
            if REF_HEADING.match(name):
                state["refs"] = True
                continue
            state["refs"] = False
            state["section"] = re.sub(r"^\d+(\.\d+)*\.?\s+", "", name)
            builder.add_block(name, section=state["section"], kind="heading")
        elif state["refs"] and tag in {"ol", "ul"}:
            refs.extend(_references(child))
        elif tag in {"div", "p"} and re.match(r"Table\s*\d+", plain(child)) and child.find(".//table") is None \
                and len(plain(child)) < 600:
            state["caption"] = plain(child)
        elif tag == "table":
            _table(builder, child, state, cite_of)
        elif tag in {"ol", "ul"}:
            for li in child:
                _block(builder, li, cite_of, state)
        elif tag in BLOCK_TAGS and any(isinstance(c.tag, str) and (local(c) in BLOCK_TAGS - {"span"}
                                       or _heading(c) or local(c) in {"table", "ol", "ul"})
                                       for c in child.iter() if c is not child):
            _walk_blocks(child, builder, cite_of, state, refs, meta)
            if (child.tail or "").strip():
                builder.add_block(re.sub(r"\s+", " ", child.tail).strip(), section=state["section"])
        elif tag in BLOCK_TAGS or tag == "figcaption":
            if not state["refs"]:
                _block(builder, child, cite_of, state)


def _block(builder, el, cite_of, state):
    out = Text()
    walk(el, out, cite_of, lambda e: local(e) in {"table"})
    text, cites = out.result()
    if not text or (state["section"] == "Front matter" and len(text) < 3):
        return
    cls = el.get("class") or ""
    kind = "abstract" if "abstract" in cls else "paragraph"
    if re.match(r"(Fig\.|Figure|Scheme)\s*\d+", text) and len(text) < 1500:
        kind = "caption"
    section = "Abstract" if kind == "abstract" else state["section"]
    builder.add_block(text, section=section, kind=kind, citations=cites)


def _table(builder, table, state, cite_of):
    """A data table (with a "Table N" caption) via add_table; a layout table (figures) as blocks."""
    cap_el = table.find(".//caption")
    caption = plain(cap_el) if cap_el is not None else state.pop("caption", "")
    if cap_el is not None:
        cap_el.drop_tree()
    m = re.match(r"\s*(Table\s*\d+)", caption)
    if not m:
        for cell in table.iter("td", "th"):
            _block(builder, cell, cite_of, state)
        return
    rows = table_rows(table)
    if rows:
        builder.add_table(m.group(1), caption, rows[0], rows[1:], section=state["section"])


def _reference_ids(root) -> dict[str, int]:
    out = {}
    for i, li in enumerate(_reference_items(root), start=1):
        for el in li.iter():
            if el.get("id"):
                out.setdefault(el.get("id"), i)
    return out


def _reference_items(root) -> list:
    for heading in root.iter("h2", "h3"):
        if REF_HEADING.match(plain(heading)):
            nxt = heading.getnext()
            if nxt is None and heading.getparent() is not None:
                nxt = heading.getparent().getnext()
            while nxt is not None and local(nxt) not in {"ol", "ul"}:
                nxt = nxt.getnext()
            if nxt is not None:
                return [li for li in nxt if local(li) == "li"]
    return []


def _references(root) -> list[Reference]:
    items = [li for li in root if local(li) == "li"] if local(root) in {"ol", "ul"} else _reference_items(root)
    refs = []
    for number, li in enumerate(items, start=1):
        dois = [a.get("href", "") for a in li.iter("a") if "doi.org/" in a.get("href", "")]
        for a in list(li.iter("a")):
            if (a.text or "").strip() in {"CrossRef", "CAS", "PubMed", "Search PubMed", "Google Scholar"} \
                    or a.find("img") is not None:
                a.drop_tree()
        text = plain(li)
        ref = parse_reference(number, text)
        doi = find_doi(dois[0]) if dois else ref.doi
        refs.append(Reference(**{**ref.__dict__, "doi": doi}))
    return refs


def _metas(root, *names: str) -> list[str]:
    wanted = {n.lower() for n in names}
    return [m.get("content", "").strip() for m in root.iter("meta")
            if (m.get("name") or m.get("property") or "").lower() in wanted and m.get("content")]


def page_title(root, meta_title: str) -> str:
    """The title as the page's ``<h1>`` renders it when that is the meta tag's title: publishers flatten
    ``TiO<sub>2</sub>`` to "TiO 2" in ``citation_title``, the heading keeps "TiO2". Else the meta title,
    else the heading.

    >>> import lxml.html
    >>> page = lxml.html.fromstring("<div><h1>Coated TiO<sub>2</sub> fibres<a>†</a></h1></div>")
    >>> page_title(page, "Coated TiO 2 fibres")
    'Coated TiO2 fibres'
    """
    h1 = root.find(".//h1")
    heading = re.sub(r"\s*[†‡*§]+$", "", plain(h1)) if h1 is not None else ""
    if not meta_title.strip():
        return heading
    if heading and re.sub(r"\W+", "", heading).casefold() == re.sub(r"\W+", "", meta_title).casefold():
        return heading
    return meta_title


def _metadata(root) -> PaperMetadata:
    """From the page's citation_/dc./prism. meta tags; the DOI only from those (a link in the page
    may be to any paper)."""
    title = page_title(root, (_metas(root, "citation_title", "dc.title", "og:title") or [""])[0])
    doi = ""
    for value in _metas(root, "citation_doi", "dc.identifier", "prism.doi"):
        doi = find_doi(value)
        if doi:
            break
    authors = tuple(re.sub(r"\s+", " ", a) for a in
                    (_metas(root, "citation_author") or _metas(root, "dc.creator")))
    journal = (_metas(root, "citation_journal_title") or [""])[0]
    year = None
    for value in _metas(root, "citation_date", "citation_publication_date", "dc.date", "citation_online_date"):
        year = year_of(value)
        if year:
            break
    return PaperMetadata(doi=doi, title=re.sub(r"\s+", " ", title).strip(), authors=authors,
                         journal=journal, year=year,
                         volume=(_metas(root, "citation_volume") or [""])[0],
                         first_page=(_metas(root, "citation_firstpage") or [""])[0])
