"""PDF reader: pdfium's characters -> lines -> paragraphs in reading order.

The work is split into plain functions over plain data, so each step can be
tested without a PDF:

1. :func:`_load` (the only code touching pypdfium2 and pdfplumber) turns every
   page into :class:`Glyph` records, table grids and metadata, and maps the
   libraries' exceptions to one-line :class:`~nasicon_kg.errors.ReaderError`\\ s.
   The characters come from pdfium (:func:`pdfium_chars`, about 30 pages a
   second, where pdfplumber's pdfminer reads 5); pdfminer reads the metadata,
   the page tree and fonts' glyph names, decodes the content streams to report
   damage, and pdfplumber finds ruled tables on the pages that print a
   "Table N" caption (docs/architecture.md gives the measurements).
   Glyphs a font draws without a Unicode mapping (pdfminer's ``(cid:N)``, or a
   private-use code point) are mapped by font and glyph name through
   :data:`FONT_GLYPHS` (:func:`glyph_text`); those it cannot map are left out
   and reported once per file as a :class:`LostGlyphWarning`, never guessed;
2. :func:`page_regions` finds the column gutter of a page from where runs of
   text start and stop, and orders full-width rows and the two columns;
3. :func:`build_lines` groups glyphs into lines by baseline, telling sub- and
   superscripts from the line's main size and baseline (:func:`line_text`);
4. :func:`drop_running_lines` removes headers, footers, page numbers and
   download stamps; :func:`assemble` joins lines into headings, paragraphs,
   captions and tables; the reference list goes to
   :func:`~nasicon_kg.readers.references.parse_reference_list`.
"""
from __future__ import annotations

import bisect
import io
import logging
import math
import re
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import ReaderError
from ..model import Document, PaperMetadata
from .metadata import DOWNLOAD_STAMP, byline_names, own_doi, year_from_lines
from .references import find_doi, parse_reference_list, split_number
from .textutil import DocumentBuilder, parse_citation_numbers, superscript

LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}

#: Words after which a raised number is an exponent, not a citation ("cm²", "g⁻¹").
UNIT_WORDS = frozenset(
    "m cm mm nm µm μm km s ms h min g mg kg mol L mL K V mV W kW J eV A mA Å S Pa kPa MPa GPa "
    "Hz Ω ohm C F".split()
)

STAMP = re.compile(
    r"^(Downloaded (via|by|from)\b|Published on\b|This article is licensed\b|Open Access Article\b|"
    r"View Article Online|View Journal|See https?://pubs\.acs\.org|Licensed under\b)", re.I)
REFERENCES_HEADING = re.compile(
    r"^(notes and references|references( and notes)?|bibliography|literature cited|references cited)$", re.I)
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,4}\.)\s+([A-Z][^.]{2,90})$")
CAPTION = re.compile(r"^(Fig\.|Figure|Scheme|FIG\.|FIGURE)\s*(\d+|S\d+)", re.I)
TABLE_CAPTION = re.compile(r"^(Table|TABLE)\s*(\d+|[IVX]+|S\d+)\b")
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")

#: Glyphs that fonts draw without a usable Unicode mapping, by font family (the font name without its
#: subset tag "ABCDEF+" and variant suffix "+e1") and glyph name (from the font's /Encoding /Differences,
#: or "uniXXXX" for a private-use code point). pdfminer gives these as "(cid:N)" where N is the code, and
#: N differs from one PDF's subset to the next: the glyph name is what is stable. Each entry was read off
#: real PDFs and checked against the words around it ("5 C2 10 C0 4" is 5 × 10⁻⁴, "300 C14 C" is 300 °C).
FONT_GLYPHS: dict[str, dict[str, str]] = {
    # Advent's math symbol font: glyph "Cn" is position n of TeX's cmsy layout
    "AdvP4C4E74": {"C0": "−", "C2": "×", "C6": "±", "C14": "°", "C24": "∼"},
    # Advent text fonts (RSC journals): ligatures in the private-use area
    "AdvOT999035f4": {"uniE103": "fi", "uniE104": "fl", "uniE09D": "ft"},
}
DEGREE_SIGNS = frozenset("°º˚∘")
_CID = re.compile(r"\(cid:(\d+)\)")
_HEX_NAME = re.compile(r"(?:uni|u)?([0-9A-Fa-f]{4,6})")


class LostGlyphWarning(UserWarning):
    """A PDF font drew glyphs with no known Unicode: they are left out of the text (a − or × may be lost)."""


@dataclass(frozen=True)
class LostGlyph:
    """One glyph :func:`glyph_text` could not map, with a few characters around it (``?`` marks it)."""

    page: int
    font: str
    code: str
    context: str


def font_family(fontname: str) -> str:
    """A font name without its subset tag and variant suffix.

    >>> font_family("LDNDHM+AdvOT999035f4+e1")
    'AdvOT999035f4'
    """
    name = re.sub(r"^[A-Z]{6}\+", "", fontname)
    return re.sub(r"\+[0-9A-Za-z]{1,3}$", "", name)


def glyph_text(fontname: str, text: str, glyph_name: str | None = None) -> str | None:
    """The text of one drawn character: ``text`` itself, or for an unmapped glyph (``(cid:N)`` or a
    private-use code point) what its font and glyph name say it is, or None when that is not known.

    >>> glyph_text("LDNDGH+AdvP4C4E74", "(cid:3)", "C0")
    '−'
    >>> glyph_text("MMJOFG+LucidaSansUnicode22", "(cid:2)", "22c5")
    '⋅'
    >>> glyph_text("X+Unknown", "(cid:7)", "C7") is None
    True
    """
    private = len(text) == 1 and 0xE000 <= ord(text) <= 0xF8FF
    cid = _CID.fullmatch(text) if text.startswith("(cid:") else None
    if not cid and not private:
        return text
    if private and not glyph_name:
        glyph_name = f"uni{ord(text):04X}"
    if not glyph_name:
        return None
    known = FONT_GLYPHS.get(font_family(fontname), {}).get(glyph_name)
    if known:
        return known
    m = _HEX_NAME.fullmatch(glyph_name)
    if m and cid:
        code = int(m.group(1), 16)
        if code <= 0x10FFFF and not 0xE000 <= code <= 0xF8FF and not 0xD800 <= code <= 0xDFFF:
            return chr(code)
    return None


def _differences(page) -> dict[str, dict[int, str]]:
    """Each font's code -> glyph name, from its /Encoding /Differences (the page's own fonts)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    out: dict[str, dict[int, str]] = {}
    try:
        fonts = resolve1((page.page_obj.resources or {}).get("Font")) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            if not isinstance(font, dict):
                continue
            base = font.get("BaseFont")
            enc = resolve1(font.get("Encoding"))
            if not isinstance(base, PSLiteral) or not isinstance(enc, dict):
                continue
            names: dict[int, str] = {}
            code = 0
            for item in resolve1(enc.get("Differences")) or []:
                item = resolve1(item)
                if isinstance(item, int):
                    code = item
                elif isinstance(item, PSLiteral):
                    names[code] = item.name if isinstance(item.name, str) else str(item.name)
                    code += 1
            out[base.name if isinstance(base.name, str) else str(base.name)] = names
    except Exception:  # noqa: BLE001 - a damaged font dictionary only costs the mapping
        return out
    return out


def _page_glyphs(chars: list[dict], names: dict[str, dict[int, str]], page: int = 0
                 ) -> tuple[list[Glyph], list[LostGlyph]]:
    """A page's characters -> glyphs (unmapped ones mapped by font where known) and the glyphs lost."""
    glyphs: list[Glyph] = []
    lost: list[LostGlyph] = []
    for i, ch in enumerate(chars):
        text = ch.get("text", "")
        cid = _CID.fullmatch(text) if text.startswith("(cid:") else None
        font = str(ch.get("fontname", ""))
        name = names.get(font, {}).get(int(cid.group(1))) if cid else None
        mapped = glyph_text(font, text, name)
        if mapped is None:
            around = "".join("?" if j == i else (c.get("text", "") if len(c.get("text", "")) == 1 else "?")
                             for j, c in enumerate(chars[max(0, i - 12):i + 12], start=max(0, i - 12)))
            lost.append(LostGlyph(page, font_family(font), name or text, around))
            continue
        g = _glyph(ch if mapped is text else dict(ch, text=mapped))
        if g is not None:
            glyphs.append(g)
    return glyphs, lost


def warn_lost_glyphs(lost: list[LostGlyph], where: str = "") -> None:
    """One :class:`LostGlyphWarning` for a file's lost glyphs: how many, in which fonts, one example."""
    if not lost:
        return
    fonts = Counter(g.font for g in lost)
    near_digits = [g for g in lost if re.search(r"\d ?\?|\? ?\d", g.context)]
    example = (near_digits or lost)[0]
    fonts_text = ", ".join(f"{f} ({n})" for f, n in fonts.most_common())
    warnings.warn(
        f"{where + ': ' if where else ''}{len(lost)} glyph(s) with no known Unicode left out "
        f"(fonts {fonts_text}; {len(near_digits)} next to digits, where a − or × may be missing), "
        f"e.g. page {example.page} {example.context!r}",
        LostGlyphWarning, stacklevel=3)


@dataclass(slots=True)
class Glyph:
    """One drawn character, top-down coordinates (``base`` is the baseline's y). Slotted: a page holds
    thousands, and every page's glyphs are kept until the document is assembled."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    base: float
    bold: bool = False


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int = 0
    region: tuple[float, float] = (0.0, 0.0)
    cites: list[tuple[int, tuple[int, ...], str]] = field(default_factory=list)


@dataclass
class PageData:
    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    tables: list[tuple[tuple[float, float, float, float], list[list[list[Glyph]]]]]
    #: the page's lines (:func:`page_lines`, nothing excluded), when they are already known
    lines: list[Line] | None = None


# ---------------------------------------------------------------------------------------------
# 1. pdfplumber -> plain records


def _glyph(ch: dict) -> Glyph | None:
    text = ch.get("text", "")
    if not text or not ch.get("upright", True):
        return None
    m = ch.get("matrix") or (1, 0, 0, 1, 0, 0)
    if abs(m[1]) > 1e-3 or abs(m[2]) > 1e-3:  # rotated or skewed: margin stamps
        return None
    text = LIGATURES.get(text, text)
    if text.startswith("(cid:") and _CID.fullmatch(text):
        return None
    size = float(ch.get("size") or 0) or float(ch["bottom"] - ch["top"])
    base = float(ch["top"]) + (float(ch["y1"]) - float(m[5]))
    return Glyph(text, float(ch["x0"]), float(ch["x1"]), float(ch["top"]), float(ch["bottom"]),
                 round(size, 2), base, _is_bold(str(ch.get("fontname", ""))))


@lru_cache(maxsize=512)
def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|-b$|\.b$", fontname, re.I))


def _inside(g: Glyph, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


class PdfDamageWarning(UserWarning):
    """pdfminer read past damage in the file (a corrupt compressed stream...): some text may be missing."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


@contextmanager
def pdfminer_log() -> Iterator[list[str]]:
    """pdfminer's warnings collected into a list instead of printed on stderr (its logger would
    otherwise fall back to Python's last-resort handler), for :func:`warn_pdfminer`."""
    logger = logging.getLogger("pdfminer")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def warn_pdfminer(messages: list[str], where: str = "") -> None:
    """One :class:`PdfDamageWarning` for all that pdfminer reported while reading a file."""
    if not messages:
        return
    counts = Counter(messages)
    said = "; ".join(f"{m[:100]}{f' (×{n})' if n > 1 else ''}" for m, n in counts.most_common(3))
    more = f"; and {len(counts) - 3} other kind(s)" if len(counts) > 3 else ""
    warnings.warn(f"{where + ': ' if where else ''}the PDF is damaged, some text may be missing "
                  f"(pdfminer: {said}{more})", PdfDamageWarning, stacklevel=3)


def _load(data: bytes, max_pages: int = 0) -> tuple[list[PageData], dict, list[LostGlyph], list[str]]:
    """Every page's glyphs and table grids, the document info, the glyphs no font mapping
    explains and what pdfminer warned of; pdfminer errors -> ReaderError."""
    with pdfminer_log() as messages:
        pages, meta, lost = _load_pages(data, max_pages)
    return pages, meta, lost, messages


def _load_pages(data: bytes, max_pages: int = 0) -> tuple[list[PageData], dict, list[LostGlyph]]:
    """What :func:`_load` returns but pdfminer's warnings. A PDF of more than ``max_pages`` pages
    (0: no limit) is refused before any page is parsed; each page's pdfium and pdfplumber objects
    are closed once its glyphs are taken, so memory grows with the glyphs kept."""
    import pdfplumber
    import pypdfium2
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if b"%%EOF" not in data[-4096:]:
        raise ReaderError("corrupt or truncated PDF: no end-of-file marker")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        # before `with pdf`: pdfplumber's close() walks every page, the work this check is to spare
        _check_page_count(_declared_pages(pdf), max_pages)
    except ReaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on bad input
        raise _pdf_error(exc, (PDFEncryptionError, PDFPasswordIncorrect)) from None
    try:
        with pdf:
            meta = {str(k): _meta_str(v) for k, v in (pdf.metadata or {}).items()}
            meta.update(_xmp(pdf))
            _check_page_count(len(pdf.pages), max_pages)  # the pages there are, if /Count lied
            document = pypdfium2.PdfDocument(data)
            if len(document) != len(pdf.pages):
                raise ReaderError(f"corrupt or truncated PDF: pdfium finds {len(document)} pages, "
                                  f"pdfminer {len(pdf.pages)}")
            pages = []
            lost: list[LostGlyph] = []
            for index, page in enumerate(pdf.pages):
                _decode_contents(page)
                drawn = document[index]
                chars, width, height = pdfium_chars(drawn, _descents(page))
                names = _differences(page) if any(ch["text"].startswith("(cid:") for ch in chars) else {}
                glyphs, page_lost = _page_glyphs(chars, _unsubset(names), page.page_number)
                lost.extend(page_lost)
                data_page = PageData(page.page_number, width, height, glyphs, [])
                data_page.lines = page_lines(data_page, [])
                if any(TABLE_CAPTION.match(ln.text) for ln in data_page.lines):
                    for tab in _find_tables(page, pdfium_rules(drawn, height)):
                        grid = [[[g for g in glyphs if _inside(g, cell)] if cell else [] for cell in row.cells]
                                for row in tab.rows]
                        data_page.tables.append((tuple(tab.bbox), grid))
                pages.append(data_page)
                drawn.close()
                page.close()
            document.close()
    except ReaderError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _pdf_error(exc, (PDFEncryptionError, PDFPasswordIncorrect)) from None
    if not pages:
        raise ReaderError("corrupt or truncated PDF: no pages")
    return pages, meta, lost


def pdfium_chars(page, descents: dict[str, float] | None = None) -> tuple[list[dict], float, float]:
    """A pypdfium2 page's drawn characters as pdfplumber-style dicts (top-down coordinates; ``text``
    ``(cid:N)`` for a code the font gives no Unicode, as pdfminer writes it), its width and height.

    Boxes are pdfminer's: ``x0`` at the origin, ``x1`` one advance width (the font's /Widths) right of ``x0``, ``bottom`` at
    the descent its font descriptor gives (``descents``, by font name: pdfium takes the font's own
    bounding box where the descriptor says 0, pdfminer does not), ``top`` one font size above it. pdfium's loose box gives ``x0`` and ``bottom``
    only: its edges take in a glyph's overhang (an "f" or "t" of a serif font), which would close
    the gap before the next word.
    Characters pdfium adds itself (spaces and line ends it infers) are left out; a line-end hyphen
    it marks as such is a "-" again.
    """
    import ctypes

    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    rect, x, y, matrix = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double(), raw.FS_MATRIX()
    name, advance = ctypes.create_string_buffer(256), ctypes.c_float()
    runs: dict[int | None, tuple] = {}
    widths: dict[tuple[int | None, int], float | None] = {}
    last_key, last_x = None, None
    chars = []
    try:
        for i in range(raw.FPDFText_CountChars(textpage)):
            if raw.FPDFText_IsGenerated(textpage, i):
                continue
            code = raw.FPDFText_GetUnicode(textpage, i)
            obj = raw.FPDFText_GetTextObject(textpage, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value
            run = runs.get(key)
            if run is None:  # font, matrix and size are the text object's: read once per object
                name.value = b""
                font_handle = raw.FPDFTextObj_GetFont(obj)
                raw.FPDFFont_GetBaseFontName(font_handle, name, len(name))
                raw.FPDFText_GetMatrix(textpage, i, matrix)
                em = raw.FPDFText_GetFontSize(textpage, i)
                font_name = name.value.decode("latin-1")
                run = runs[key] = (font_name, (matrix.a, matrix.b, matrix.c, matrix.d), em * abs(matrix.d),
                                   font_handle, em, ctypes.cast(font_handle, ctypes.c_void_p).value,
                                   (descents or {}).get(font_name))
            font, (a, b, c, d), size, font_handle, em, font_key, descent = run
            mapped = not raw.FPDFText_HasUnicodeMapError(textpage, i)
            if not mapped:
                text = f"(cid:{code})"
            elif code == 2 and raw.FPDFText_IsHyphen(textpage, i):
                text = "-"
            else:
                text = chr(code)
            raw.FPDFText_GetLooseCharBox(textpage, i, rect)
            raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            glyph_width = widths.get((font_key, code), 0.0) if mapped else None
            if glyph_width == 0.0:
                ok = raw.FPDFFont_GetGlyphWidth(font_handle, code, em, advance)
                glyph_width = widths[(font_key, code)] = advance.value if ok and advance.value > 0 else None
            upright = abs(b) < 1e-3 and abs(c) < 1e-3
            left = x.value if upright else rect.left  # the loose box takes in an italic f's overhang
            right = rect.right
            if glyph_width is not None:  # the width pdfium finds by Unicode; a CID font's can be another glyph's
                right = min(right, left + glyph_width * abs(a))
            if chars and key == last_key and abs(x.value - last_x) < 1e-3 and mapped:
                chars[-1]["text"] += text  # one glyph, several characters (a ligature's "fi")
                chars[-1]["x1"] = rect.right
                continue
            last_key, last_x = key, x.value
            bottom = height - y.value - descent * size if descent is not None else height - rect.bottom
            top = bottom - size
            chars.append({"text": text, "x0": left, "x1": right, "top": top, "bottom": bottom,
                          "y1": height - top, "size": size, "matrix": (a, b, c, d, x.value, y.value),
                          "fontname": font, "upright": upright})
    finally:
        textpage.close()
    return chars, float(width), float(height)


def _descents(page) -> dict[str, float]:
    """Each of a page's fonts' descent (em fraction, <= 0) as its descriptor gives it, by font name
    with and without the subset tag."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    out: dict[str, float] = {}
    try:
        fonts = resolve1((page.page_obj.resources or {}).get("Font")) or {}
        for ref in fonts.values():
            font = resolve1(ref)
            if not isinstance(font, dict) or not isinstance(font.get("BaseFont"), PSLiteral):
                continue
            if font.get("Subtype") is not None and getattr(font["Subtype"], "name", "") == "Type3":
                continue
            source = font
            if font.get("DescendantFonts"):
                source = resolve1(resolve1(font["DescendantFonts"])[0])
            descriptor = resolve1(source.get("FontDescriptor")) if isinstance(source, dict) else None
            if not isinstance(descriptor, dict):
                continue
            value = resolve1(descriptor.get("Descent", 0))
            name = str(font["BaseFont"].name)
            if isinstance(value, (int, float)):
                out[name] = out[re.sub(r"^[A-Z]{6}\+", "", name)] = -abs(value) / 1000
    except Exception:  # noqa: BLE001 - a damaged font dictionary only costs pdfminer's boxes
        return out
    return out


def _then(m: tuple, n: tuple) -> tuple:
    """The affine matrix (a, b, c, d, e, f) of applying ``m``, then ``n``."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def pdfium_rules(page, height: float) -> list[dict]:
    """The horizontal and vertical straight pieces of every path a pypdfium2 page draws (inside form
    XObjects too), at least 1 pt long, as pdfplumber "line" objects in top-down coordinates: what
    pdfplumber's table finder takes its edges from."""
    import ctypes

    import pypdfium2.raw as raw

    pieces: list[tuple[tuple[float, float], tuple[float, float]]] = []
    matrix, x, y = raw.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()

    def walk(objects, outer: tuple) -> None:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            m = _then((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                walk([raw.FPDFFormObj_GetObject(obj, k) for k in range(raw.FPDFFormObj_CountObjects(obj))], m)
                continue
            start = at = None
            for k in range(raw.FPDFPath_CountSegments(obj)):
                segment = raw.FPDFPath_GetPathSegment(obj, k)
                raw.FPDFPathSegment_GetPoint(segment, x, y)
                point = (x.value * m[0] + y.value * m[2] + m[4], x.value * m[1] + y.value * m[3] + m[5])
                kind_of = raw.FPDFPathSegment_GetType(segment)
                if kind_of == raw.FPDF_SEGMENT_MOVETO:
                    start = point
                elif kind_of == raw.FPDF_SEGMENT_LINETO and at is not None:
                    pieces.append((at, point))
                at = point  # a curve's end: curves give no rules
                if raw.FPDFPathSegment_GetClose(segment) and start is not None and at != start:
                    pieces.append((at, start))
                    at = start

    walk([raw.FPDFPage_GetObject(page, k) for k in range(raw.FPDFPage_CountObjects(page))], (1, 0, 0, 1, 0, 0))
    rules = []
    for (x0, y0), (x1, y1) in pieces:
        if abs(y0 - y1) < 1e-6 or abs(x0 - x1) < 1e-6:
            left, right = sorted((x0, x1))
            top, bottom = sorted((height - y0, height - y1))
            if max(right - left, bottom - top) >= 1:
                rules.append({"object_type": "line", "x0": left, "x1": right, "top": top, "bottom": bottom,
                              "width": right - left, "height": bottom - top})
    return rules


def _unsubset(names: dict[str, dict[int, str]]) -> dict[str, dict[int, str]]:
    """Glyph names by font name without its subset tag, as pdfium names fonts; a name two subsets on
    one page share with different glyph names maps nothing (its glyphs are reported, not guessed)."""
    out: dict[str, dict[int, str]] = {}
    for font, glyphs in names.items():
        bare = re.sub(r"^[A-Z]{6}\+", "", font)
        out[bare] = glyphs if out.get(bare, glyphs) == glyphs else {}
    return out


def _decode_contents(page) -> None:
    """Decode a page's content streams with pdfminer, whose log then says what is damaged (pdfium
    reads past damage silently)."""
    from pdfminer.pdftypes import resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    for stream in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(stream)
        if hasattr(stream, "get_data"):
            stream.get_data()


def _declared_pages(pdf) -> int:
    """The page count the PDF's page tree declares (/Count), read without walking the tree."""
    from pdfminer.pdftypes import resolve1

    count = resolve1((resolve1(pdf.doc.catalog.get("Pages")) or {}).get("Count"))
    return count if isinstance(count, int) else 0


def _check_page_count(count: int, max_pages: int) -> None:
    if max_pages and count > max_pages:
        raise ReaderError(f"PDF has {count:,} pages, over the limit of {max_pages:,} (raise it with --max-pages)")


def _find_tables(page, rules: list[dict]) -> list:
    """Ruled tables with at least two rows and two columns: pdfplumber's finder on the ``rules``
    pdfium drew (:func:`pdfium_rules`), so that pdfminer need not lay the page out again (on the
    four real PDFs the tables are the same as its default finder's on pdfminer's lines)."""
    across = [r for r in rules if r["top"] == r["bottom"]]
    down = [r for r in rules if r["top"] != r["bottom"]]
    if len(across) < 2 or len(down) < 2:
        return []
    found = []
    for tab in page.find_tables({"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                 "explicit_vertical_lines": down, "explicit_horizontal_lines": across}):
        rows = tab.rows
        if len(rows) >= 2 and max(len(r.cells) for r in rows) >= 2:
            found.append(tab)
    return found


def _pdf_error(exc: Exception, encrypted_types: tuple) -> ReaderError:
    inner = exc
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], Exception):
        inner = exc.args[0]
    if isinstance(inner, encrypted_types) or "password" in str(inner).lower():
        return ReaderError("encrypted PDF: cannot read without the password")
    reason = str(inner).strip().splitlines()[0] if str(inner).strip() else type(inner).__name__
    return ReaderError(f"corrupt or truncated PDF: {reason[:120]}")


_XMP_DOI = re.compile(r"<(?:prism|pdfx|crossmark):doi>\s*(?:doi:)?(10\.\d{4,9}/[^<\s]+)"
                      r"|<dc:identifier>\s*(?:<rdf:\w+>\s*<rdf:li[^>]*>)?\s*doi:(10\.\d{4,9}/[^<\s]+)")
#: The XMP dates that say when the paper was published (never xmp:CreateDate/ModifyDate/MetadataDate,
#: which date the file: a copy downloaded in 2025 has a 2025 ModifyDate).
_XMP_PUBLISHED = re.compile(r"prism:(?:coverDate|publicationDate|coverDisplayDate)\s*(?:=\s*\"|>)\s*"
                            r"(?:<rdf:\w+>\s*<rdf:li[^>]*>\s*)?((?:19|20)\d\d)")


def _xmp(pdf) -> dict[str, str]:
    """The DOI and publication year the PDF's XMP metadata stream gives ("" for each it lacks)."""
    from pdfminer.pdftypes import resolve1

    try:
        stream = resolve1(pdf.doc.catalog.get("Metadata"))
        data = stream.get_data().decode("utf-8", "replace") if stream is not None else ""
    except Exception:  # noqa: BLE001 - a broken XMP stream only loses these hints
        return {}
    doi = _XMP_DOI.search(data)
    published = _XMP_PUBLISHED.search(data)
    return {"xmp:doi": (doi.group(1) or doi.group(2)) if doi else "",
            "xmp:published": published.group(1) if published else ""}


def _meta_str(value) -> str:
    if isinstance(value, bytes):
        for enc in ("utf-16", "latin-1"):
            try:
                return value.decode(enc)
            except UnicodeDecodeError:
                continue
    return str(value) if value is not None else ""


# ---------------------------------------------------------------------------------------------
# 2. columns


def _segments(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Runs of glyphs on one rough baseline with no gap wider than about one em."""
    rows: dict[int, list[Glyph]] = {}
    for g in glyphs:
        rows.setdefault(round(g.base), []).append(g)
    segs = []
    for row in rows.values():
        row.sort(key=lambda g: g.x0)
        cur = [row[0]]
        for g in row[1:]:
            if g.x0 - max(c.x1 for c in cur[-3:]) > 1.1 * max(g.size, cur[-1].size):
                segs.append(cur)
                cur = [g]
            else:
                cur.append(g)
        segs.append(cur)
    return [[g for g in s if not g.text.isspace()] for s in segs if any(not g.text.isspace() for g in s)]


def find_gutter(segments: list[tuple[float, float]], width: float) -> tuple[float, float] | None:
    """The x-range between two columns, from text runs ``(x0, x1)``; None for one column.

    A gutter is a vertical strip in the middle of the page that few runs cross
    (only full-width lines do) while many runs lie on either side of it.

    >>> runs = [(50, 280), (310, 540)] * 20 + [(50, 540)] * 3
    >>> find_gutter(runs, 595)
    (281, 309)
    >>> find_gutter([(50, 540)] * 20, 595) is None
    True
    """
    if len(segments) < 6:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    cover = [0] * (hi - lo + 1)
    for x0, x1 in segments:
        a, b = max(lo, math.ceil(x0)), min(hi, math.floor(x1))
        for x in range(a, b + 1):
            cover[x - lo] += 1
    least = min(cover)
    median = sorted(cover)[len(cover) // 2]
    if least > 0.6 * median:
        return None
    limit = least + max(1.0, 0.25 * (median - least))
    best: tuple[int, int] | None = None
    start = None
    for i, c in enumerate(cover + [10**9]):
        if c <= limit and start is None:
            start = i
        elif c > limit and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    if best is None or best[1] - best[0] < 3:
        return None
    gl, gr = best[0] + lo, best[1] + lo
    left = sum(1 for x0, x1 in segments if x1 <= gl + 0.5 and x1 - x0 > 0.15 * width)
    right = sum(1 for x0, x1 in segments if x0 >= gr - 0.5 and x1 - x0 > 0.15 * width)
    if left < 3 or right < 3:
        return None
    return gl, gr


def page_regions(glyphs: list[Glyph], width: float) -> list[tuple[tuple[float, float], list[Glyph]]]:
    """Glyph groups in reading order, each with its x-extent: full-width bands and,
    between them, the left column then the right column."""
    segs = _segments(glyphs)
    gutter = find_gutter([(s[0].x0, s[-1].x1) for s in segs], width)
    if gutter is None:
        body = [g for s in segs for g in s]
        return [(_extent(body), body)] if body else []
    gl, gr = gutter
    full = [s for s in segs if s[0].x0 < gl and s[-1].x1 > gr]
    bands = sorted((min(g.top for g in s), max(g.bottom for g in s)) for s in full)
    merged: list[list[float]] = []
    for top, bottom in bands:
        if merged and top <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    tops = [b[0] for b in merged]
    groups: dict[tuple[int, int], list[Glyph]] = {}
    for s in segs:
        cy = (min(g.top for g in s) + max(g.bottom for g in s)) / 2
        k = bisect.bisect_right(tops, cy) - 1
        if k >= 0 and cy <= merged[k][1] + 0.5:
            key = (2 * k + 1, 0)
        else:
            side = 0 if (s[0].x0 + s[-1].x1) / 2 < (gl + gr) / 2 else 1
            key = (2 * (k + 1), side)
        groups.setdefault(key, []).extend(s)
    return [(_extent(groups[k]), groups[k]) for k in sorted(groups)]


def _extent(glyphs: list[Glyph]) -> tuple[float, float]:
    return (min(g.x0 for g in glyphs), max(g.x1 for g in glyphs))


# ---------------------------------------------------------------------------------------------
# 3. lines, sub- and superscripts


@dataclass
class _Row:
    base: float
    size: float
    main: list[Glyph] = field(default_factory=list)
    sub: list[Glyph] = field(default_factory=list)
    sup: list[Glyph] = field(default_factory=list)
    top: float = 1e9
    bottom: float = -1e9
    x0: float = 1e9
    x1: float = -1e9

    def add_main(self, g: Glyph) -> None:
        self.main.append(g)
        self.top, self.bottom = min(self.top, g.top), max(self.bottom, g.bottom)
        self.x0, self.x1 = min(self.x0, g.x0), max(self.x1, g.x1)


def build_lines(glyphs: list[Glyph]) -> list[Line]:
    """Group one region's glyphs into lines, top to bottom.

    Larger glyphs found lines first; a smaller glyph sitting below a line's
    baseline is a subscript of it, above the baseline a superscript.
    """
    counts = Counter(round(g.base) for g in glyphs)
    # letters and digits found the lines; punctuation and symbols (a 32 pt "■") join them after
    order = sorted(glyphs, key=lambda g: (not g.text.isalnum(), -round(g.size, 1), -counts[round(g.base)],
                                          g.base, g.x0))
    rows: list[_Row] = []
    bases: list[float] = []
    for g in order:
        if g.text.isspace():
            continue
        best, role, score = None, "", 9.0
        i = bisect.bisect_left(bases, g.base - 40)
        while i < len(bases) and bases[i] <= g.base + 40:
            row = rows[i]
            d = (g.base - row.base) / row.size
            if abs(d) <= 0.12 or (abs(d) <= 0.2 and g.size >= 0.9 * row.size):
                r = "main"
            elif g.size < 0.92 * row.size and 0.08 < d <= 0.5 and g.top < row.bottom - 0.1 * row.size:
                r = "sub"
            elif g.size < 0.92 * row.size and -0.65 <= d < -0.12 and g.bottom > row.top + 0.1 * row.size:
                r = "sup"
            else:
                r = ""
            if r in ("sub", "sup") and not (row.x0 - 1.5 * row.size <= g.x0 <= row.x1 + 1.5 * row.size):
                r = ""
            if r and abs(d) < score:
                best, role, score = row, r, abs(d)
            i += 1
        if best is None:
            j = bisect.bisect_left(bases, g.base)
            bases.insert(j, g.base)
            rows.insert(j, _Row(g.base, g.size))
            rows[j].add_main(g)
        elif role == "main":
            best.add_main(g)
        else:
            getattr(best, role).append(g)
    spaces = [g for g in glyphs if g.text.isspace()]
    return [_make_line(r, spaces) for r in rows]


def _make_line(row: _Row, spaces: list[Glyph]) -> Line:
    items = [(g, "main") for g in row.main] + [(g, "sub") for g in row.sub] + [(g, "sup") for g in row.sup]
    items.sort(key=lambda t: t[0].x0)
    text, cites = line_text(items, row.size)
    allg = [g for g, _ in items]
    return Line(text=text, x0=min(g.x0 for g in allg), x1=max(g.x1 for g in allg),
                top=min(g.top for g in row.main), bottom=max(g.bottom for g in row.main),
                size=Counter(g.size for g in row.main).most_common(1)[0][0],
                bold=sum(g.bold for g in row.main if g.text.strip()) >= 0.8 * max(1, len(row.main)),
                cites=cites)


def line_text(items: list[tuple[Glyph, str]], size: float) -> tuple[str, list[tuple[int, tuple[int, ...], str]]]:
    """Text of one line from (glyph, role) pairs in x order; citation superscripts
    come back as (offset, numbers, raw) and are left out of the text."""
    out: list[str] = []
    cites: list[tuple[int, tuple[int, ...], str]] = []
    prev: Glyph | None = None
    i = 0
    while i < len(items):
        g, role = items[i]
        gap = g.x0 - prev.x1 if prev else 0.0
        if prev is not None and gap > 0.17 * size and out and not out[-1].endswith(" "):
            out.append(" ")
        if role != "sup":
            out.append(g.text)
            prev = g
            i += 1
            continue
        run = [g]
        j = i + 1
        while j < len(items) and items[j][1] == "sup" and items[j][0].x0 - run[-1].x1 < 0.6 * size:
            run.append(items[j][0])
            j += 1
        raw = _join_run(run)
        before = "".join(out)
        numbers = parse_citation_numbers(raw)
        if numbers and is_citation_context(before):
            stripped = before.rstrip()
            out = [stripped]
            cites.append((len(stripped), numbers, raw))
            if j < len(items) and items[j][0].x0 - run[-1].x1 > 0.1 * size:
                out.append(" ")
        elif raw in DEGREE_SIGNS:
            out.append("°")  # a symbol font's degree sign sits raised: "150 °C", not "150 ^(°)C"
        else:
            out.append(superscript(raw))
        prev = run[-1]
        i = j
    text = "".join(out)
    text = re.sub(r" {2,}", " ", text)
    if text.endswith(" "):
        text = text.rstrip()
    return text, [(min(o, len(text)), n, r) for o, n, r in cites]


def _join_run(run: list[Glyph]) -> str:
    parts = [run[0].text]
    for a, b in zip(run, run[1:]):
        if b.x0 - a.x1 > 0.25 * a.size:
            parts.append(" ")
        parts.append(b.text)
    return "".join(parts).strip()


def is_citation_context(before: str) -> bool:
    """Whether a raised number after ``before`` is a citation (not an exponent or a unit power).

    >>> is_citation_context("as reported earlier.")
    True
    >>> is_citation_context("0.3 mA cm")
    False
    >>> is_citation_context("1 × 10")
    False
    """
    s = before.rstrip()
    if not s:
        return False
    last = s[-1]
    if last.isdigit() or last in "+-−×^":
        return False
    word = re.search(r"([^\s(]+)$", s)
    return not (word and word.group(1).strip(".,;:") in UNIT_WORDS)


# ---------------------------------------------------------------------------------------------
# 4. running lines, paragraphs


def page_lines(page: PageData, exclude: list[tuple[float, float, float, float]]) -> list[Line]:
    """A page's lines in reading order, glyphs inside ``exclude`` boxes (tables) left out."""
    glyphs = [g for g in page.glyphs if not any(_inside(g, b) for b in exclude)
              and -2 <= g.x0 <= page.width + 2 and -2 <= g.top <= page.height + 2]
    out = []
    for region, group in page_regions(glyphs, page.width):
        for line in build_lines(group):
            if any(c.isalnum() for c in line.text):
                line.page = page.number
                line.region = region
                out.append(line)
    return out


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text.lower()))


def drop_running_lines(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Remove running headers/footers (same text in the page margins of many pages, or
    the same text at the same height), lone page numbers and download/licence stamps."""
    n = len(pages)
    margin_pages: dict[str, set[int]] = {}
    place_pages: dict[tuple[str, int], set[int]] = {}
    for i, (lines, h) in enumerate(zip(pages, heights)):
        for ln in lines:
            k = _key(ln.text)
            if ln.top < 0.1 * h or ln.bottom > 0.92 * h:
                margin_pages.setdefault(k, set()).add(i)
            place_pages.setdefault((k, round(ln.top / 4)), set()).add(i)
    need_margin = max(2, math.ceil(0.4 * n))
    need_place = max(3, math.ceil(0.5 * n))
    out = []
    for lines, h in zip(pages, heights):
        kept = []
        for ln in lines:
            k = _key(ln.text)
            in_margin = ln.top < 0.1 * h or ln.bottom > 0.92 * h
            if STAMP.match(ln.text.strip()):
                continue
            if in_margin and (len(margin_pages.get(k, ())) >= need_margin
                              or re.fullmatch(r"\W*\d{1,5}\W*|(page|p\.)\s*\d+( of \d+)?", ln.text.strip(), re.I)):
                continue
            if len(place_pages.get((k, round(ln.top / 4)), ())) >= need_place and n > 2:
                continue
            kept.append(ln)
        out.append(kept)
    return out


#: Two initialled names, or an affiliation marker after a name: a byline.
AUTHOR_LINE = re.compile(r"\b[A-Z]\.(?:\s?[A-Z]\.)*\s[A-Z][a-z]+.*\b[A-Z]\.(?:\s?[A-Z]\.)*\s[A-Z][a-z]+"
                         r"|\b[A-Z][a-z]+,?\s?\^\(")


def heading_text(line: Line, body_size: float) -> str | None:
    """The section name if ``line`` is a section heading (bold or larger, or numbered), else None."""
    text = line.text.strip().lstrip("■▪●").strip()
    if not text or len(text) > 100 or not re.search(r"[A-Za-z]{3}", text):
        return None
    if text.endswith((".", ",", ";")) and not re.fullmatch(r"[\d.]+\s*", text):
        if not NUMBERED_HEADING.match(text):
            return None
    if CAPTION.match(text) or TABLE_CAPTION.match(text):
        return None
    if AUTHOR_LINE.search(text):
        return None  # "B. Put,^(1,2,z) M. J. Mees": an author list, not a section
    numbered = NUMBERED_HEADING.match(text)
    if line.bold or line.size >= 1.12 * body_size or (numbered and len(text) < 70):
        if numbered:
            text = numbered.group(2)
        return text.rstrip(":").strip()
    return None


def _join(a: str, b: str) -> str:
    """Join two lines of a paragraph, undoing end-of-line hyphenation."""
    if not a:
        return b
    m = re.search(r"(\S*)-$", a)
    if m and b[:1].islower() and re.search(r"[a-z]{2}-$", a):
        word = m.group(1)
        if re.search(r"[A-Z0-9]", word[1:]):
            return a + b  # "LiPON-based": a real hyphen (a capital after the first letter, or a digit)
        return a[:-1] + b
    if a.endswith(("-", "–", "/")):
        return a + b
    return a + " " + b


@dataclass
class _Para:
    lines: list[Line]
    kind: str = "paragraph"
    section: str = ""

    def text_and_cites(self) -> tuple[str, list[tuple[int, tuple[int, ...], str]]]:
        text = ""
        cites = []
        for ln in self.lines:
            joined = _join(text, ln.text)
            shift = len(joined) - len(ln.text)
            cites.extend((o + shift, n, r) for o, n, r in ln.cites)
            text = joined
        return text, cites


def _starts_new(prev: Line, ln: Line, body: float) -> bool:
    same_region = prev.page == ln.page and prev.region == ln.region
    left, right = ln.region
    size = max(prev.size, 1.0)
    if abs(prev.size - ln.size) > 0.6 or prev.bold != ln.bold:
        return True
    if CAPTION.match(ln.text) or TABLE_CAPTION.match(ln.text):
        return True
    indented = ln.x0 - left > 0.8 * size
    prev_short = prev.x1 < prev.region[1] - 2.5 * size
    if same_region:
        gap = ln.top - prev.bottom
        if gap > 0.9 * size or gap < -0.5 * size:
            return True
        if indented and not (prev.x0 - prev.region[0] > 0.8 * size):
            return True
        return prev_short and prev.text.rstrip().endswith((".", ":", "!", "?"))
    return prev_short or indented


def assemble(lines: list[Line], body: float) -> list[_Para]:
    """Lines -> headings and paragraphs (with their section), in order."""
    paras: list[_Para] = []
    section = "Front matter"
    for ln in lines:
        name = heading_text(ln, body)
        if name is not None:
            prev = paras[-1] if paras else None
            if prev and prev.kind == "heading" and prev.lines[-1].page == ln.page \
                    and ln.top - prev.lines[-1].bottom < 0.8 * ln.size and prev.lines[-1].size == ln.size:
                prev.lines.append(ln)
                prev.section = section = _heading_name(prev, body)
                continue
            if ln.size >= 1.4 * body and ln.page == lines[0].page:
                paras.append(_Para([ln], "paragraph", section))  # the title, not a section
                continue
            section = name
            paras.append(_Para([ln], "heading", section))
            continue
        prev = paras[-1] if paras else None
        if prev is None or prev.kind == "heading" or _starts_new(prev.lines[-1], ln, body):
            kind = "caption" if CAPTION.match(ln.text) or TABLE_CAPTION.match(ln.text) else "paragraph"
            paras.append(_Para([ln], kind, section))
        else:
            prev.lines.append(ln)
    return paras


def _heading_name(para: _Para, body: float) -> str:
    text, _ = para.text_and_cites()
    text = text.lstrip("■▪●").strip()
    m = NUMBERED_HEADING.match(text)
    return (m.group(2) if m else text).rstrip(":").strip()


def group_reference_entries(lines: list[str]) -> list[str]:
    """Physical lines of a reference list -> one string per numbered entry.

    A line starts an entry when it begins with the next expected number
    (``12 A. Author``, ``(12)``, ``[12]``, ``12.``); other lines continue the entry.

    >>> group_reference_entries(["1 A. Smith, J. Chem.,", "2010, 5, 1.", "2 B. Jones, Nature, 2001."])
    ['1 A. Smith, J. Chem., 2010, 5, 1.', '2 B. Jones, Nature, 2001.']
    """
    entries: list[str] = []
    expected = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        num, _ = split_number(line)
        if num is not None and (expected is None and num <= 3 or num == expected):
            entries.append(line)
            expected = num + 1
        elif entries:
            entries[-1] = _join(entries[-1], line)
        else:
            continue
    return entries


# ---------------------------------------------------------------------------------------------
# 5. metadata


def _metadata(meta: dict, first_lines: list[Line], front: list[Line]) -> PaperMetadata:
    """The paper's DOI, title, authors and year from the Info dictionary, XMP and its first pages
    (``front``: the lines of the first two pages, a cover sheet's too; ``first_lines``: page 1's
    lines without running headers)."""
    front_text = [ln.text for ln in front]
    doi = ""
    for key in ("prism:doi", "doi", "DOI", "xmp:doi", "Subject", "Keywords", "Title"):
        doi = find_doi(meta.get(key, ""))
        if doi:
            break
    if not doi:
        doi = own_doi(front_text)
    title = meta.get("Title", "").strip()
    if len(title.split()) < 4 or re.search(r"\.(pdf|docx?|tex)$|^microsoft|untitled", title, re.I):
        title = ""
    if not title and first_lines:
        biggest = max(ln.size for ln in first_lines)
        picked = [ln for ln in first_lines if ln.size >= biggest - 0.3]
        title = " ".join(ln.text for ln in picked if len(ln.text) > 2)
    info_authors = tuple(a.strip() for a in re.split(r",\s*(?:and\s+)?|\s+and\s+", meta.get("Author", ""))
                         if len(a.strip().split()) >= 2) if meta.get("Author") else ()
    byline = byline_authors(front, title)
    authors = byline if len(byline) > len(info_authors) else info_authors
    return PaperMetadata(doi=doi, title=title, authors=authors, year=publication_year(meta, front_text))


def publication_year(meta: dict, front: list[str]) -> int | None:
    """The year the paper was published, not the year a copy was made.

    In order: the XMP publication date (``prism:coverDate``/``publicationDate``); the first pages'
    citation, "Published", "Accepted", copyright and "Received" lines
    (:func:`~nasicon_kg.readers.metadata.year_from_lines`, which never reads a download stamp);
    a year in the Info Subject (publishers put the citation there: "RSC Advances (2017), 7, 41359");
    the Info CreationDate (the PDF's making, usually the month of publication); the latest year on the
    pages outside download stamps. Never ModDate or XMP ModifyDate: they date the download.
    """
    if meta.get("xmp:published"):
        return int(meta["xmp:published"])
    year = year_from_lines(front)
    if year:
        return year
    subject = YEAR.search(meta.get("Subject", ""))
    if subject and re.search(r"\d+\s*[,.:]\s*\d+", meta.get("Subject", "")):
        return int(subject.group(1))
    created = re.match(r"(?:D:)?((?:19|20)\d\d)", meta.get("CreationDate", "").strip())
    if created:
        return int(created.group(1))
    years = [int(y) for line in front if not DOWNLOAD_STAMP.search(line) for y in YEAR.findall(line)]
    return max(years) if years else None


def byline_authors(lines: list[Line], title: str) -> tuple[str, ...]:
    """The names on the author line(s) under the title, or () when none reads as a byline.

    The title is found among ``lines`` by its text (so a cover sheet's other papers are passed by);
    the byline is the first of the next rows, under the title and starting within its width, whose
    text :func:`~nasicon_kg.readers.metadata.byline_names` reads as names; a name list running onto
    further rows is followed.
    """
    placed = _title_lines(lines, title)
    if not placed:
        return ()
    last = placed[-1]
    left, right = min(ln.x0 for ln in placed), max(ln.x1 for ln in placed)
    below = [ln for ln in lines if ln.page == last.page and left - 2 <= ln.x0 < right
             and last.bottom - 1 < ln.top < last.bottom + 8 * last.size]
    names: list[str] = []
    passed = 0
    for row in _rows(below):
        found = byline_names(row)
        if found:
            names.extend(found)
        elif names or passed == 2:
            break
        else:
            passed += 1
    return tuple(dict.fromkeys(names))


def _title_lines(lines: list[Line], title: str) -> list[Line]:
    """The consecutive lines of one page that spell ``title`` (letters and digits compared)."""
    want = _alnum(title)
    if len(want) < 8:
        return []
    for i, first in enumerate(lines):
        got = ""
        for j in range(i, min(i + 6, len(lines))):
            if lines[j].page != first.page:
                break
            got += _alnum(lines[j].text)
            if got == want:
                return lines[i:j + 1]
            if not want.startswith(got):
                break
    return []


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _rows(lines: list[Line]) -> list[str]:
    """Lines at one height joined left to right (a byline split at a column gutter), top to bottom."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if rows and abs(rows[-1][0].top - ln.top) < 0.5 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [" ".join(ln.text for ln in sorted(row, key=lambda ln: ln.x0)) for row in rows]


# ---------------------------------------------------------------------------------------------
# the reader


def read(data: bytes, path: Path, *, max_pages: int = 0) -> Document:
    """Read a PDF's text layer into a Document (see the module docstring); a PDF of more than
    ``max_pages`` pages (0: no limit) is refused before its text is read."""
    try:
        pages, meta, lost, damage = _load(data, max_pages)
    except ReaderError as exc:
        raise ReaderError(exc.message, path=str(path)) from None
    if not any(g.text.strip() for p in pages for g in p.glyphs):
        raise ReaderError("no text layer: run OCR first", path=str(path))
    warn_lost_glyphs(lost, str(path))
    warn_pdfminer(damage, str(path))
    return document_from_pages(pages, meta)


def document_from_pages(pages: list[PageData], meta: dict | None = None) -> Document:
    """Pages of glyphs and table grids -> Document."""
    meta = meta or {}
    sizes = Counter(g.size for p in pages for g in p.glyphs if g.text.strip())
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    for p in pages:  # a grid is a table only where the page prints a "Table N" caption
        if p.lines is None:
            p.lines = page_lines(p, [])
        if p.tables and not any(TABLE_CAPTION.match(ln.text) for ln in p.lines):
            p.tables = []
    per_page = [page_lines(p, [bbox for bbox, _ in p.tables]) if p.tables else p.lines for p in pages]
    front = per_page[0] + (per_page[1] if len(per_page) > 1 else [])
    per_page = drop_running_lines(per_page, [p.height for p in pages])
    lines = [ln for page in per_page for ln in page]
    paras = assemble(lines, body)

    tables_by_page = {p.number: list(p.tables) for p in pages}
    builder = DocumentBuilder()
    ref_lines: list[str] = []
    in_refs = False
    abstract_done = False
    seen_heading = False
    for para in paras:
        text, cites = para.text_and_cites()
        if para.kind == "heading":
            name = _heading_name(para, body)
            if REFERENCES_HEADING.match(name):
                in_refs = True
                continue
            if in_refs:
                in_refs = name.lower() not in {"appendix", "supporting information"}
                if in_refs:
                    ref_lines.extend(ln.text for ln in para.lines)
                    continue
            seen_heading = seen_heading or name.lower() not in {"abstract"}
            builder.add_block(text.lstrip("■▪● ").strip(), section=name, kind="heading")
            continue
        if in_refs:
            ref_lines.extend(ln.text for ln in para.lines)
            continue
        page = para.lines[0].page
        if para.kind == "caption" and TABLE_CAPTION.match(text) and tables_by_page.get(page):
            bbox, grid = _nearest_table(tables_by_page[page], para.lines[0])
            tables_by_page[page].remove((bbox, grid))
            _add_table(builder, TABLE_CAPTION.match(text).group(0), text, grid, para.section)
            continue
        kind = para.kind
        section = para.section
        if re.match(r"(?i)abstract\b", text) and not abstract_done:
            kind, section, abstract_done = "abstract", "Abstract", True
        elif (not abstract_done and not seen_heading and page == pages[0].number and kind == "paragraph"
              and len(text) > 400):
            kind, section, abstract_done = "abstract", "Abstract", True
        builder.add_block(text, section=section, kind=kind, citations=cites)
    for page_tables in tables_by_page.values():
        for _bbox, grid in page_tables:
            _add_table(builder, "", "", grid, "Tables")
    references = parse_reference_list(group_reference_entries(ref_lines)) if ref_lines else []
    first_lines = [ln for ln in per_page[0] if ln.page == pages[0].number]
    return builder.build(_metadata(meta, first_lines, front), references)


def _nearest_table(tables, line: Line):
    return min(tables, key=lambda t: abs(t[0][1] - line.bottom) + (0 if t[0][1] >= line.top - 2 else 500))


def cell_text(glyphs: list[Glyph]) -> str:
    """A table cell's text, sub/superscripts handled like running text."""
    if not glyphs:
        return ""
    lines = build_lines(glyphs)
    text = ""
    for ln in lines:
        text = _join(text, ln.text)
    return text.strip()


def _add_table(builder: DocumentBuilder, label: str, caption: str, grid, section: str) -> None:
    rows = [[cell_text(c) for c in row] for row in grid]
    rows = [r for r in rows if any(r)]
    if not rows:
        return
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    builder.add_table(label, caption, rows[0], rows[1:], section=section)
