"""Reader for plain text and (converted) Markdown papers.

The input this is designed for is Markdown converted from a journal PDF: ``##``
headings, ``<sup>``/``<sub>`` tags, inline ``$LaTeX$``, tab-separated tables under
a ``Table N`` caption, figure captions, page furniture ("View Article Online",
affiliation footnotes) and paragraphs cut in two by page breaks, figures or tables.

The work is done in three plain steps, each testable alone:

1. :func:`decode` -- bytes to str (UTF-8, UTF-16 with BOM, else detected);
2. :func:`split_elements` -- lines to structural elements (paragraphs, captions,
   tables, headings, the reference list), page furniture dropped and broken
   paragraphs rejoined;
3. :func:`render_inline` -- one element's Markdown to normalised text plus the
   citation markers it held, with offsets.

:func:`read` assembles them into a :class:`~nasicon_kg.model.Document`.
"""
from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ReaderError
from ..model import Citation, Document
from .latex import latex_to_text
from .metadata import metadata_from_text
from .references import parse_reference_list
from .textutil import DocumentBuilder, check_length, parse_citation_numbers, superscript

# --------------------------------------------------------------------------- decoding


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM ok), UTF-16/32 with BOM, else the detected encoding.

    Raises :class:`ReaderError` for binary data or an undetectable encoding.
    """
    boms = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    text: str | None = None
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise ReaderError(f"starts with a {codec.upper()} byte-order mark but does not decode") from None
            break
    if text is None:
        if b"\x00" in data:
            raise ReaderError("binary file, not text (contains NUL bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _detect(data)
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 200):
        raise ReaderError("binary file, not text (control characters)")
    return text


#: Control characters other than the whitespace ones (\t \n \v \f \r); counted in C, not per character.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _detect(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with requests
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data).best()
        if best is not None:
            return str(best)
    raise ReaderError("not UTF-8 text and the encoding could not be detected")


# --------------------------------------------------------------------------- inline rendering

_PUA = 0xE000  # backslash-escaped characters are parked in the Private Use Area
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>$~])")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$]+?)\$", re.S)
_TOKEN = re.compile(
    r"(?P<dmath>\$\$(?P<dm>.+?)\$\$)"
    r"|(?P<math>\$(?P<m>[^$]+?)\$)"
    r"|(?P<sup><sup>(?P<supc>.*?)</sup>)"
    r"|(?P<sub><sub>(?P<subc>.*?)</sub>)"
    r"|(?P<bcite>\[(?P<bc>\s*[1-9]\d{0,3}(?:\s*[,–—\-−]\s*[1-9]\d{0,3})*\s*)\](?!\())"
    r"|(?P<tag><!--.*?-->|</?[A-Za-z][^<>]*>)",
    re.S,
)
_UNIT_BEFORE_EXPONENT = re.compile(
    r"(?:^|[\s(/·\d])(?:cm|mm|nm|μm|um|m|km|dm|s|g|kg|mg|h|K|V|W|Wh|J|L|mL|S|F|Pa|eV|Ω|ohm|A|mA|mAh|Å)$")
_CLOSING = ",.;:)]}%"


def _protect(raw: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_PUA + ord(m.group(1))), raw)


def _unprotect(text: str) -> str:
    return "".join(chr(ord(c) - _PUA) if _PUA <= ord(c) < _PUA + 128 else c for c in text)


def strip_markdown(raw: str) -> str:
    """Markdown emphasis, links and images out of ``raw`` (LaTeX spans left untouched)."""
    out: list[str] = []
    pos = 0
    for m in _MATH.finditer(raw):
        out.append(_strip_md_piece(raw[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_strip_md_piece(raw[pos:]))
    return "".join(out)


def _strip_md_piece(s: str) -> str:
    s = _protect(s)
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)", r"\1", s)
    s = re.sub(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", r"\1", s)
    s = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", s)
    s = re.sub(r"__(?=\S)(.+?)(?<=\S)__", r"\1", s)
    s = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", s)
    s = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", s)
    s = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", s)
    s = re.sub(r"`([^`]*)`", r"\1", s)
    return s


@dataclass
class _Buffer:
    text: str = ""
    cites: list[tuple[int, tuple[int, ...], str]] = field(default_factory=list)

    def add(self, s: str) -> None:
        s = re.sub(r"\s+", " ", s)
        if s.startswith(" ") and (not self.text or self.text.endswith(" ")):
            s = s[1:]
        self.text += s

    def rstrip(self) -> None:
        self.text = self.text.rstrip()


def render_inline(raw: str, max_ref: int | None = None) -> tuple[str, list[tuple[int, tuple[int, ...], str]]]:
    """Normalised text of one block's Markdown and its citations as
    ``(offset in text, numbers, raw marker)``.

    >>> render_inline("vehicles.<sup>1,2</sup> EVs use Li <sub>3</sub> PO <sub>4</sub> at 1 mA cm<sup>-2</sup>")
    ('vehicles. EVs use Li3PO4 at 1 mA cm⁻²', [(9, (1, 2), '<sup>1,2</sup>')])
    """
    s = strip_markdown(raw.replace("\u00a0", " "))
    buf = _Buffer()
    pos = 0
    tight_upper = False  # the previous token was a space-padded subscript ("Li <sub>3</sub> PO")
    after_token = False
    for m in _TOKEN.finditer(s):
        _add_text(buf, s[pos:m.start()], after_token, tight_upper)
        spaced_before = m.start() > 0 and s[m.start() - 1].isspace()
        spaced_after = m.end() < len(s) and s[m.end()].isspace()
        tight_upper = False
        kind = m.lastgroup
        if kind in ("dmath", "math"):
            content = m.group("dm") if kind == "dmath" else m.group("m")
            if re.search(r"[(\[] $", buf.text):
                buf.text = buf.text[:-1]
            buf.add(latex_to_text(_unprotect(content)))
        elif kind == "sup":
            content = _unprotect(re.sub(r"<[^>]+>", "", m.group("supc"))).strip()
            nums = _citation(content, buf.text, max_ref)
            if nums:
                buf.rstrip()
                buf.cites.append((len(buf.text), nums, m.group(0)))
            else:
                if spaced_before:
                    buf.rstrip()
                buf.add(html.unescape(superscript(content)))
        elif kind == "sub":
            content = _unprotect(re.sub(r"<[^>]+>", "", m.group("subc"))).strip()
            if spaced_before:
                buf.rstrip()
            buf.add(html.unescape(content))
            tight_upper = spaced_before and spaced_after
        elif kind == "bcite":
            nums = parse_citation_numbers(m.group("bc"), max_ref)
            if nums:
                buf.rstrip()
                buf.cites.append((len(buf.text), nums, m.group(0)))
            else:
                buf.add(_unprotect(m.group(0)))
        elif kind == "tag":
            if re.match(r"<br\s*/?>|</?p\b|</?div\b|</?li\b", m.group(0), re.I):
                buf.add(" ")
        after_token = kind != "tag"
        pos = m.end()
    _add_text(buf, s[pos:], after_token, tight_upper)
    text = _unprotect(buf.text)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    cites = [(min(max(off - lead, 0), len(text)), nums, mark) for off, nums, mark in buf.cites]
    return text, cites


def _add_text(buf: _Buffer, piece: str, after_token: bool, tight_upper: bool) -> None:
    if not piece:
        return
    piece = html.unescape(piece)
    if after_token:
        stripped = piece.lstrip()
        if stripped != piece and stripped and (stripped[0] in _CLOSING or (
                tight_upper and (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "[-–"))):
            piece = stripped
    buf.add(piece)


def _citation(content: str, before: str, max_ref: int | None) -> tuple[int, ...] | None:
    """The numbers of a superscript citation, or None when it is an exponent or a note mark."""
    nums = parse_citation_numbers(content, max_ref)
    if not nums:
        return None
    if before and before[-1].isdigit():
        return None  # 10<sup>4</sup>
    if len(nums) == 1 and nums[0] <= 4 and _UNIT_BEFORE_EXPONENT.search(before):
        return None  # cm<sup>2</sup>
    return nums


# --------------------------------------------------------------------------- structure

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_HEADING = re.compile(r"^\s*\*\*([^*]{2,120})\*\*\s*$")
_FIG_CAPTION = re.compile(r"^\s*(?:\*\*)?(?:Fig(?:ure)?s?\.?|Scheme|Chart)\s*(\d+[A-Za-z]?)(?:\*\*)?"
                          r"(?:\s*[.:|]\s*(?:\*\*)?\s*|\s+(?:\*\*)?(?=[A-Z(\[$<*]))")
_TABLE_CAPTION = re.compile(r"^\s*(?:\*\*)?(Table|TABLE)\s+([0-9]+[A-Za-z]?|[IVXL]+)\.?(?:\*\*)?"
                            r"(?:\s*[.:|]\s*(?:\*\*)?\s*|\s+(?:\*\*)?(?=[A-Z(\[$<*])|\s*$)")
_REFERENCES = {"references", "reference", "references and notes", "notes and references", "bibliography",
               "literature cited", "works cited", "cited literature", "literature"}
_FRONT_MARKERS = {"review", "article", "paper", "communication", "research article", "review article",
                  "full paper", "letter", "perspective", "minireview", "mini review", "feature article",
                  "highlight", "edge article", "original article", "research paper", "open access",
                  "tutorial review", "critical review"}
_NOISE_LINE = re.compile(
    r"View Article Online|View Journal|View Issue|^\s*Cite this:|rsc\.li/|^\s*E-?mail:|"
    r"^\s*(?:Received|Accepted|Published|Revised)\b.{0,40}\b(?:19|20)\d\d|^\s*DOI:|This journal is ©|"
    r"^\s*Downloaded (?:from|on)\b|^\s*Open Access Article\b|licensed under a Creative Commons|"
    r"^\s*†\s*Electronic supplementary information|^\s*(?:[-*_]\s*){3,}$|^\s*!\[[^\]]*\]\([^)]*\)\s*$",
    re.I)
_PAGE_FURNITURE = re.compile(r"^.{0,100}\|\s*\d{1,5}\s*$|^\s*\d{1,5}\s*\|.{0,100}$|^\s*Page \d+ of \d+\s*$")
_AFFILIATION = re.compile(r"^\s*(?:<sup>\s*\\?[a-z*†‡§¶]{1,4}\s*</sup>|[*†‡§¶])\s*\S")
_AFFILIATION_WORDS = re.compile(r"Universit|Institut|Department|Laborator|School|College|Cent(?:er|re)|"
                                r"Faculty|Academy|Ministry|Corporation|Company|GmbH|Ltd|Inc\.|@|E-?mail|"
                                r"supplementary information|These authors contributed", re.I)
_TERMINAL = re.compile(r"[.!?:]['\"”’)\]]*$")
_ABBREVIATION_NOTE = re.compile(r"^(?:[A-Za-z][\w/+\-]{0,12},\s+[^.]{2,80}\.\s*)+$")


@dataclass
class Element:
    """One structural piece of the paper, still in Markdown."""

    kind: str  # "heading", "paragraph", "caption", "table_caption", "table", "footnote"
    raw: str
    section: str = ""
    label: str = ""
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""
    footnote: str = ""


def _chunks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines; a heading line is always a chunk of its own."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                chunks.append(current)
                current = []
        elif _HEADING.match(line):
            if current:
                chunks.append(current)
                current = []
            chunks.append([line])
        else:
            current.append(line)
    if current:
        chunks.append(current)
    return chunks


def _is_table_line(line: str) -> bool:
    return "\t" in line.strip("\r\n") or bool(re.match(r"^\s*\|.*\|\s*$", line))


def _table_cells(line: str) -> list[str]:
    line = line.rstrip("\r\n")
    if re.match(r"^\s*\|.*\|\s*$", line) and "\t" not in line:
        inner = line.strip()[1:-1]
        return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]
    return [c.strip() for c in line.split("\t")]


def _is_separator_row(cells: list[str]) -> bool:
    return bool(cells) and all(re.fullmatch(r":?-{2,}:?", c.strip()) for c in cells if c.strip()) \
        and any(c.strip() for c in cells)


def _is_noise(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return True
    if all(_NOISE_LINE.search(ln) or _PAGE_FURNITURE.match(ln) for ln in lines):
        return True
    if _AFFILIATION.match(lines[0]) and _AFFILIATION_WORDS.search(text):
        return True
    return False


def _heading_name(raw: str) -> str:
    return render_inline(raw)[0]


def split_elements(text: str) -> tuple[list[Element], list[str], str]:
    """Lines to elements, the reference list's lines, and the title (first ``# `` heading)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    elements: list[Element] = []
    ref_lines: list[str] = []
    section = "Front matter"
    in_refs = False
    title = ""
    seen_section = False
    for chunk in _chunks(lines):
        first = chunk[0]
        hm = _HEADING.match(first)
        bold = _BOLD_HEADING.match(first) if len(chunk) == 1 else None
        if bold and (_TERMINAL.search(bold.group(1).strip()) or _TABLE_CAPTION.match(first)
                     or _FIG_CAPTION.match(first) or len(bold.group(1).split()) > 12):
            bold = None
        if hm or bold:
            name = _heading_name(hm.group(2) if hm else bold.group(1))
            level = len(hm.group(1)) if hm else 2
            folded = name.casefold().strip(" .:")
            if level == 1 and not title and not seen_section:
                title = name
                continue
            if not seen_section and folded in _FRONT_MARKERS:
                continue
            in_refs = folded in _REFERENCES
            if not in_refs:
                section = "Abstract" if folded.startswith("abstract") else name
                seen_section = seen_section or section != "Abstract"
                elements.append(Element("heading", name, section))
            continue
        if in_refs:
            ref_lines.extend(chunk)
            ref_lines.append("")
            continue
        _chunk_elements(chunk, section, elements)
    return elements, ref_lines, title


def _bare_pipe_run(chunk: list[str]) -> tuple[int, int] | None:
    """Lines ``[start, end)`` of a table written with bars but no outer bars or rule line, as text
    converters write it ("Layer | Electrolyte | Hours" then "Au | LLZO | 100"): three lines or more
    with the same number of cells, three or more."""
    counts = [len(ln.split("|")) if ln.count("|") >= 2 and not _is_table_line(ln) else 0 for ln in chunk]
    i = 0
    while i < len(counts):
        j = i
        while j < len(counts) and counts[j] and counts[j] == counts[i]:
            j += 1
        if j - i >= 3:
            return i, j
        i = max(j, i + 1)
    return None


def _chunk_elements(chunk: list[str], section: str, elements: list[Element]) -> None:
    """Classify one chunk of lines (appending to ``elements``)."""
    bare = _bare_pipe_run(chunk)
    if bare is not None:
        a, b = bare
        if a:
            _chunk_elements(chunk[:a], section, elements)
        rows = [[c.strip() for c in ln.split("|")] for ln in chunk[a:b]]
        elements.append(Element("table", "\n".join(chunk[a:b]), section, rows=rows))
        if b < len(chunk):
            _chunk_elements(chunk[b:], section, elements)
        return
    table_at = next((i for i, ln in enumerate(chunk) if _is_table_line(ln)), None)
    if table_at is not None and table_at > 0:
        _chunk_elements(chunk[:table_at], section, elements)
        chunk = chunk[table_at:]
        table_at = 0
    if table_at == 0:
        rows = [_table_cells(ln) for ln in chunk]
        rows = [r for r in rows if not _is_separator_row(r)]
        elements.append(Element("table", "\n".join(chunk), section, rows=rows))
        return
    text = "\n".join(ln.rstrip() for ln in chunk)
    first = chunk[0]
    if _is_noise(text):
        return
    # body lines that are only page furniture are dropped, the rest of the chunk kept
    kept = [ln for ln in chunk if not (_NOISE_LINE.search(ln) or _PAGE_FURNITURE.match(ln))]
    if not kept:
        return
    raw = " ".join(ln.strip().rstrip("\\") for ln in kept)
    tm = _TABLE_CAPTION.match(first)
    if tm and not re.match(r"\s*[a-z]", first[tm.end():]):
        label = f"Table {tm.group(2)}"
        elements.append(Element("table_caption", raw, section, label=label, caption=raw[tm.end():].strip()))
        return
    if _FIG_CAPTION.match(first):
        elements.append(Element("caption", raw, section))
        return
    if re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", first) and len(chunk) > 1:
        # a list: one paragraph per item
        item: list[str] = []
        for ln in kept:
            if re.match(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", ln) and item:
                elements.append(Element("paragraph", " ".join(item), section))
                item = []
            item.append(re.sub(r"^\s*[-*+]\s+", "", ln).strip())
        if item:
            elements.append(Element("paragraph", " ".join(item), section))
        return
    raw = re.sub(r"^\s*>\s?", "", raw)
    elements.append(Element("paragraph", raw, section))


def assemble_tables(elements: list[Element]) -> list[Element]:
    """Attach each table's rows and footnote to its caption; bare row runs become captionless tables."""
    out: list[Element] = []
    i = 0
    while i < len(elements):
        el = elements[i]
        if el.kind == "table_caption":
            nxt = elements[i + 1] if i + 1 < len(elements) else None
            if nxt is not None and nxt.kind == "table":
                table = Element("table", nxt.raw, el.section, label=el.label, rows=nxt.rows,
                                caption=el.caption)
                i += 2
                if i < len(elements) and _is_table_footnote(elements[i]):
                    table.footnote = elements[i].raw
                    i += 1
                out.append(table)
                continue
            out.append(Element("caption", el.raw, el.section))
            i += 1
            continue
        if el.kind == "table":
            i += 1
            if i < len(elements) and _is_table_footnote(elements[i]):
                el.footnote = elements[i].raw
                i += 1
            out.append(el)
            continue
        out.append(el)
        i += 1
    return out


def _is_table_footnote(el: Element) -> bool:
    if el.kind != "paragraph" or len(el.raw) > 600:
        return False
    raw = el.raw.strip()
    return bool(_ABBREVIATION_NOTE.match(raw) or re.match(
        r"^(?:<sup>\s*\\?[a-z*†‡§¶]{1,3}\s*</sup>|[a-z*†‡§¶]\s|Note[s]?\b|Abbreviations?\b|Data (?:from|taken))",
        raw))


def _ends_open(raw: str) -> bool:
    """Whether a paragraph stops mid-sentence (no terminal punctuation before its citations)."""
    s = re.sub(r"(?:\s*<sup>[^<]*</sup>)+\s*$", "", raw.rstrip())
    s = re.sub(r"[*_]+$", "", s).rstrip()
    return bool(s) and not _TERMINAL.search(s)


def _starts_continuation(raw: str) -> bool:
    s = re.sub(r"^[*_]+", "", raw.lstrip())
    return bool(s) and (s[0].islower() or s[0] == "(")


def join_broken_paragraphs(elements: list[Element]) -> list[Element]:
    """Rejoin a paragraph cut by a page break, figure or table: it stops mid-sentence and the
    next paragraph (captions, tables and footnotes in between skipped, never a heading) starts
    in lower case or with ``(``. A trailing hyphen before the cut is dropped (``poly-`` +
    ``(ethylene glycol)``)."""
    out = list(elements)
    i = 0
    while i < len(out):
        el = out[i]
        if el.kind not in ("paragraph",) or not _ends_open(el.raw):
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j].kind in ("caption", "table", "table_caption", "footnote"):
            j += 1
        if j < len(out) and out[j].kind == "paragraph" and out[j].section == el.section \
                and _starts_continuation(out[j].raw):
            head = el.raw.rstrip()
            tail = out[j].raw.lstrip()
            if re.search(r"[A-Za-z]-$", head):
                merged = head[:-1] + tail
            else:
                merged = head + " " + tail
            out[i] = dataclasses.replace(el, raw=merged)
            del out[j]
            continue  # the merged paragraph may still be open
        i += 1
    return out


# --------------------------------------------------------------------------- the reader


def _pad(cells: list[str], width: int) -> list[str]:
    cells = list(cells)
    while len(cells) > width and not cells[-1]:
        cells.pop()
    return cells + [""] * (width - len(cells))


def build_document(text: str) -> Document:
    """Markdown/plain text to a :class:`Document` (metadata from the front matter)."""
    elements, ref_lines, title = split_elements(text)
    references = parse_reference_list(ref_lines) if ref_lines else []
    max_ref = max((r.number for r in references), default=None)
    elements = join_broken_paragraphs(assemble_tables(elements))

    builder = DocumentBuilder()
    abstract_done = any(el.section == "Abstract" for el in elements)
    has_sections = any(el.kind == "heading" and el.section != "Abstract" for el in elements)
    for el in elements:
        if el.kind == "heading":
            continue
        if el.kind == "table":
            _add_table(builder, el, max_ref)
            continue
        body, cites = render_inline(el.raw, max_ref)
        if not body:
            continue
        kind, section = "paragraph", el.section
        if el.kind == "caption":
            kind = "caption"
        elif section == "Abstract":
            kind = "abstract"
        elif section == "Front matter":
            if not abstract_done and _looks_like_abstract(body):
                kind, section, abstract_done = "abstract", "Abstract", True
            elif has_sections and not _looks_like_prose(body):
                continue  # title, author and affiliation lines before the first section
        builder.add_block(body, section=section, kind=kind, citations=cites)
    if not any(b.kind in ("paragraph", "abstract", "caption") and b.text for b in builder.blocks) \
            and not builder.tables:
        raise ReaderError("no text found")  # a table or a caption alone is text to read
    meta = metadata_from_text(text)
    if title and not meta.title:
        meta = dataclasses.replace(meta, title=title)
    return builder.build(meta, references)


def _looks_like_abstract(body: str) -> bool:
    return len(body.split()) >= 60 and len(re.findall(r"[.!?](?:\s|$)", body)) >= 2


def _looks_like_prose(body: str) -> bool:
    return len(body.split()) >= 25 and bool(re.search(r"[.!?]$", body))


def _add_table(builder: DocumentBuilder, el: Element, max_ref: int | None) -> None:
    if not el.rows:
        return
    header_raw, body_raw = el.rows[0], el.rows[1:]
    header = [render_inline(c, max_ref)[0] for c in header_raw]
    width = len(header)
    rows: list[list[str]] = []
    row_cites: list[list[tuple[int, tuple[int, ...], str]]] = []
    for raw_cells in body_raw:
        cells: list[str] = []
        cites: list[tuple[int, tuple[int, ...], str]] = []
        offset = 0
        for raw_cell in _pad(raw_cells, width):
            cell, cell_cites = render_inline(raw_cell, max_ref)
            cites.extend((offset + off, nums, mark) for off, nums, mark in cell_cites)
            cells.append(cell)
            offset += len(cell) + 1  # the tab that joins the cells
        if not any(cells):
            continue
        rows.append(cells)
        row_cites.append(cites)
    caption, cap_cites = render_inline(el.caption, max_ref)
    footnote = render_inline(el.footnote, max_ref)[0] if el.footnote else ""
    cap_index = len(builder.blocks)
    table = builder.add_table(el.label, caption, header, rows, section=el.section, footnote=footnote)
    cap = builder.blocks[cap_index]
    if cap_cites:
        builder.blocks[cap_index] = dataclasses.replace(
            cap, citations=tuple(Citation(cap.start + off, nums, mark) for off, nums, mark in cap_cites))
    if any(row_cites):
        new_rows = tuple(
            dataclasses.replace(row, citations=tuple(Citation(row.start + off, nums, mark)
                                                     for off, nums, mark in cites))
            for row, cites in zip(table.rows, row_cites))
        builder.tables[-1] = dataclasses.replace(table, rows=new_rows)


def read(data: bytes, path: Path, *, max_chars: int = 0) -> Document:
    """Read a plain-text or Markdown paper. Raises :class:`ReaderError` on bad input, and on a text of
    more than ``max_chars`` characters (0: no limit) before its Markdown is rendered."""
    try:
        text = decode(data)
        check_length(len(text), max_chars)
        return build_document(text)
    except ReaderError as exc:
        if exc.path is None:
            exc.path = str(path)
        raise
    except RecursionError:
        raise ReaderError("text too deeply nested to read", path=str(path)) from None


__all__ = ["Element", "assemble_tables", "build_document", "decode", "join_broken_paragraphs", "read",
           "render_inline", "split_elements", "strip_markdown"]
