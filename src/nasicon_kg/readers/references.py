"""Parse entries of a numbered reference list into :class:`~nasicon_kg.model.Reference`.

Best effort over the common styles; never raises on odd text:

- RSC: ``N. Tolganbek, A. Mentbayeva and Z. Bakenov, *J. Power Sources*, 2021, **493**, 229686.``
- ACS: ``Liu, Y.; Sun, Q. Title. ACS Appl. Mater. Interfaces 2018, 10, 31240–31248.``
- Elsevier: ``A. Author, B. Author, Title, J. Name 10 (2019) 123–130.``
- ECS/IOP: ``A. Author and B. Author, J. Electrochem. Soc., 164, A1234 (2017).`` (a title may come first)
- Springer: ``Zhang W, Nie J (2018) Title. Nano Energy 45:413–419``
- IEEE: ``A. Author and B. Author, "Title," J. Name, vol. 10, pp. 123–130, 2019.``
- books: ``ed. Y. Kato and Z. Ogumi, *Lithium-Ion Batteries*, Jenny Stanford Publishing, 2019.``
- a DOI anywhere (``doi:10.1039/...``, ``https://doi.org/10....``).

>>> r = parse_reference(4, "N. Tolganbek, A. Mentbayeva and Z. Bakenov, *J. Power Sources*, 2021, **493**, 229686.")
>>> r.authors, r.journal, r.year, r.volume, r.pages
(('N. Tolganbek', 'A. Mentbayeva', 'Z. Bakenov'), 'J. Power Sources', 2021, '493', '229686')
"""
from __future__ import annotations

import re
import unicodedata

from ..model import Reference
from .textutil import superscript

DOI_RE = re.compile(r"10\.\d{4,9}/[^\s\"<>\]]+")
_YEAR = r"(?:19|20)\d\d[a-z]?"
_PAGES = r"[A-Za-z]{0,6}\d+[A-Za-z]?(?:\s*[–—\-−]\s*[A-Za-z]{0,6}\d+[A-Za-z]?)?"
_VOL = r"[A-Za-z]{0,2}\d+(?:\s*[–—\-]\s*\d+)?"

# "J. M. P. Martín", "Y.-W. Hu", "L. van Eijck", "G. Ya Adachi", "T. De Li"
_NAME_INITIALS_FIRST = re.compile(
    r"^(?:[A-Z][a-z]?\.(?:\s*-\s*|\s+)?)+"
    r"(?:(?:van|von|der|de|da|di|del|den|le|la|du|dos|ter)\s+)*"
    r"[^\W\d_][\w'’\-]*(?:\s+(?:(?:van|von|der|de|da|di|del|den|le|la|du)\s+)*[^\W\d_][\w'’\-]*){0,2}\.?$"
)
# "Liu, Y.", "Martínez-Juárez, A. B.", "van Eijck, L."
_NAME_SURNAME_FIRST = re.compile(
    r"^(?:(?:van|von|der|de|da|di|del|den|le|la|du)\s+)*[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*){0,2},"
    r"\s*(?:[A-Z][a-z]?\.(?:\s*-\s*|\s*)?)+$"
)
# Vancouver: "Liu Y", "Martinez-Juarez AB"
_NAME_VANCOUVER = re.compile(r"^[^\W\d_][\w'’\-]+(?:\s+[^\W\d_][\w'’\-]+){0,2}\s+[A-Z]{1,3}(?:-[A-Z]{1,2})?$")


def _clean(text: str) -> str:
    """Markdown emphasis, sub/sup tags and runs of whitespace out; the plain text kept."""
    text = re.sub(r"<sub>\s*(.*?)\s*</sub>", r"\1", text, flags=re.S)
    text = re.sub(r"<sup>\s*(.*?)\s*</sup>", lambda m: superscript(m.group(1)), text, flags=re.S)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = re.sub(r"\[([^\]]*)\]\((?:[^)]*)\)", r"\1", text)
    text = text.replace("\\*", "*").replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def find_doi(text: str) -> str:
    """The first DOI in ``text`` (lower-case prefix kept as written), trailing punctuation stripped."""
    m = DOI_RE.search(text)
    if not m:
        return ""
    doi = m.group(0)
    while doi and doi[-1] in ".,;:)]}'\"*":
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        doi = doi[:-1]
    return doi


def _strip_doi(text: str) -> str:
    text = re.sub(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*|DOI:?\s*)?10\.\d{4,9}/[^\s\"<>\]]+", " ", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(" ,;")


def is_author_name(segment: str) -> bool:
    """Whether a comma/semicolon-separated segment reads as one person's name."""
    s = segment.strip()
    if not s or re.search(r"\d", s) or len(s) > 60:
        return False
    return bool(_NAME_INITIALS_FIRST.match(s) or _NAME_SURNAME_FIRST.match(s) or _NAME_VANCOUVER.match(s))


def split_authors(text: str) -> tuple[str, ...]:
    """Names in an author string: ``"A. B, C. D and E. F"`` or ``"Liu, Y.; Sun, Q."``."""
    text = re.sub(r"^\s*(?:eds?\.|edited by)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r",?\s+et\s+al\.?\s*$", "", text)
    if ";" in text:
        parts = re.split(r"\s*;\s*", text)
    else:
        parts = re.split(r"\s*,\s*", text)
    names: list[str] = []
    for part in parts:
        for name in re.split(r"\s*(?:\band\b|&)\s+", part):
            name = re.sub(r"^(?:and|&)\s+", "", name.strip()).strip(" ,")
            if name:
                names.append(name)
    return tuple(names)


def _leading_authors(segments: list[str], keep: int = 1) -> tuple[list[str], list[str]]:
    """Split comma segments into leading author-like ones and the rest (at least ``keep`` left)."""
    authors: list[str] = []
    i = 0
    while i < len(segments) - keep:
        seg = re.sub(r"^\s*(?:eds?\.|edited by)\s+", "", segments[i], flags=re.I)
        names = [n for n in re.split(r"\s*(?:\band\b|&)\s+", seg) if n.strip()]
        names = [re.sub(r"\s+et\s+al\.?$", "", n) for n in names]
        if names and all(is_author_name(n) for n in names):
            authors.extend(n.strip() for n in names)
            i += 1
        else:
            break
    return authors, segments[i:]


def _year(text: str) -> int | None:
    m = re.search(rf"(?<!\d)({_YEAR})(?!\d)", text)
    return int(m.group(1)[:4]) if m else None


def _pages_clean(p: str) -> str:
    return re.sub(r"\s*[–—\-−]\s*", "–", p.strip())


def _parse_rsc(raw: str, text: str) -> dict | None:
    """``authors, journal, YEAR, vol, pages`` (journal emphasised or not)."""
    m = re.search(rf",\s*({_YEAR})\s*,\s*(?:\*\*)?({_VOL})?(?:\*\*)?\s*(?:\(\d+\))?\s*,?\s*({_PAGES})?\s*\.?\s*$",
                  raw)
    if not m or not (m.group(2) or m.group(3)):
        return None
    before = raw[: m.start()]
    emph = list(re.finditer(r"(?<!\*)\*(?!\*)([^*]+)\*(?!\*)", before))
    if emph:
        last = emph[-1]
        journal = _clean(last.group(1))
        head = before[: last.start()].rstrip(" ,")
        segs = [s for s in re.split(r"\s*,\s*", _clean(head)) if s]
        authors, rest = _leading_authors(segs, keep=0)
        title = ", ".join(rest)
    else:
        segs = [s for s in re.split(r"\s*,\s*", _clean(before)) if s]
        authors, rest = _leading_authors(segs, keep=1)
        title = ""
        journal = ", ".join(rest)
        if len(rest) > 1 and not re.search(r"\.\s*$|\b[A-Z][a-z]*\.", rest[0]):
            title, journal = rest[0], ", ".join(rest[1:])
    vol = m.group(2) or ""
    pages = m.group(3) or ""
    if vol and not pages and not m.group(0).count("**"):
        # "2016, 1500359": one number after the year is an article number
        vol, pages = "", vol
    return {"authors": tuple(authors), "journal": journal, "title": title,
            "year": int(m.group(1)[:4]), "volume": vol.replace(" ", ""), "pages": _pages_clean(pages)}


def _parse_acs(text: str) -> dict | None:
    """``Surname, I.; Surname, I. Title. Journal YEAR, vol, pages.``"""
    m = re.search(rf"\s({_YEAR}),\s*(?:({_VOL})\s*(?:\(\s*[\w\-–]+\s*\))?\s*,\s*)?({_PAGES})\.?\s*$", text)
    if not m:
        return None
    before = re.sub(r"[;,]\s*et\s+al\.\s*", "; ", text[: m.start()].strip(), count=1)
    am = re.match(
        r"^((?:(?:and\s+)?[^;.,]+?,\s*(?:[A-Z][a-z]?\.\s*-?\s*)+(?:;\s*|\s*,\s*and\s+|\s+and\s+|\s+))+)",
        before)
    if not am:
        return None
    authors = split_authors(am.group(1).strip().rstrip(";,"))
    if not authors or not all(is_author_name(a) for a in authors):
        return None
    rest = before[am.end():].strip()
    spill = re.search(r"(?<=[\s.])J\.(?:\s*[A-Z][a-z]\.)*$", authors[-1])
    if spill and 0 < len(rest.split()) <= 5 and is_author_name(authors[-1][:spill.start()].strip()):
        # "Park, K.-S. J. Am. Chem. Soc.": with no title, "J. Am." is the journal's, not initials
        authors = authors[:-1] + (authors[-1][:spill.start()].strip(),)
        rest = f"{spill.group(0)} {rest}"
    pieces = re.split(r"(?<=[.?!])\s+", rest)
    journal_pieces: list[str] = []
    while pieces:
        piece = pieces[-1]
        words = piece.rstrip(".").split()
        small = len(words) <= 3 and all(w[:1].isupper() or w in {"of", "and", "&", "für", "de"} for w in words)
        if small and (len(pieces) > 1 or re.fullmatch(r"[A-Z][a-z]{0,4}\.", piece)):
            journal_pieces.insert(0, pieces.pop())
        else:
            break
    if not journal_pieces and pieces:
        journal_pieces = [pieces.pop()]
    title = " ".join(pieces).strip().rstrip(".")
    return {"authors": authors, "title": title, "journal": " ".join(journal_pieces).strip(),
            "year": int(m.group(1)[:4]), "volume": (m.group(2) or "").replace(" ", ""),
            "pages": _pages_clean(m.group(3) or "")}


def _parse_ecs(text: str) -> dict | None:
    """``authors, [title,] Journal, vol, pages (YEAR).`` (ECS and IOP journals): the year last, in
    parentheses, after the journal's volume; volume and pages may be missing."""
    m = re.search(rf",\s*(?:({_VOL})\s*(?:\(\s*[\w\-–]+\s*\))?\s*,?\s*)?"
                  rf"(?:({_PAGES})\s*)?\(({_YEAR})\)\s*\.?\s*$", text)
    if not m:
        return None
    segs = [s for s in re.split(r"\s*,\s*", text[: m.start()].strip()) if s]
    authors, rest = _leading_authors(segs, keep=1)
    if not authors or not rest or re.search(r"\d", rest[-1]):
        return None
    return {"authors": tuple(authors), "title": ", ".join(rest[:-1]), "journal": rest[-1],
            "year": int(m.group(3)[:4]), "volume": (m.group(1) or "").replace(" ", ""),
            "pages": _pages_clean(m.group(2) or "")}


def _parse_springer(text: str) -> dict | None:
    """``Surname AB, Surname C (YEAR) Title. Journal vol(issue):pages``."""
    m = re.match(rf"^(.+?)\s*\(({_YEAR})\)\s*(.+?)\s+({_VOL})\s*(?:\(\s*[\w\-–]+\s*\))?\s*:"
                 rf"\s*({_PAGES})\s*\.?\s*$", text)
    if not m:
        return None
    names = re.sub(r",?\s+et al\.?$", "", m.group(1))
    authors = tuple(a for a in re.split(r"\s*,\s*|\s+(?:and|&)\s+", names) if a)
    if not authors or not all(is_author_name(a) for a in authors):
        return None
    pieces = re.split(r"(?<=[.?!])\s+", m.group(3))
    return {"authors": authors, "title": " ".join(pieces[:-1]).rstrip("."), "journal": pieces[-1].rstrip("."),
            "year": int(m.group(2)[:4]), "volume": m.group(4), "pages": _pages_clean(m.group(5))}


def _parse_elsevier(text: str) -> dict | None:
    """``authors, title, Journal vol (YEAR) pages``."""
    m = re.search(rf"\s({_VOL})\s*\(({_YEAR})\)\s*,?\s*({_PAGES})?\s*\.?\s*$", text)
    if not m:
        return None
    before = text[: m.start()].strip()
    segs = [s for s in re.split(r"\s*,\s*", before) if s]
    authors, rest = _leading_authors(segs, keep=1)
    journal = rest[-1] if rest else ""
    title = ", ".join(rest[:-1])
    return {"authors": tuple(authors), "title": title, "journal": journal,
            "year": int(m.group(2)[:4]), "volume": m.group(1).replace(" ", ""),
            "pages": _pages_clean(m.group(3) or "")}


def _parse_ieee(text: str) -> dict | None:
    """``authors, "Title," Journal, vol. X, no. Y, pp. A–B, YEAR.``"""
    vm = re.search(r"\bvol\.\s*([\w\-–]+)", text)
    pm = re.search(rf"\bpp?\.\s*({_PAGES})", text)
    qm = re.search(r"[\"“](.+?)[,.]?[\"”]", text)
    if not (vm or pm or qm):
        return None
    out: dict = {"volume": vm.group(1) if vm else "", "pages": _pages_clean(pm.group(1)) if pm else "",
                 "year": _year(text[vm.end():] if vm else text) or _year(text)}
    if qm:
        out["title"] = qm.group(1).strip()
        head = text[: qm.start()].strip().rstrip(",")
        out["authors"] = split_authors(head)
        tail = text[qm.end():].strip().lstrip(",").strip()
        out["journal"] = re.split(r",\s*(?:vol\.|no\.|pp?\.|\d)", tail)[0].strip().strip(",.")
        out["journal"] = re.sub(r"^in\s+", "", out["journal"])
    else:
        segs = [s for s in re.split(r"\s*,\s*", text[: vm.start() if vm else pm.start()]) if s]
        authors, rest = _leading_authors(segs, keep=1)
        out["authors"] = tuple(authors)
        out["journal"] = rest[-1] if rest else ""
        out["title"] = ", ".join(rest[:-1])
    return out


def _parse_book(raw: str, text: str) -> dict | None:
    """``authors, *Title*, Publisher, YEAR.`` (a trailing year and no volume)."""
    m = re.search(rf",\s*({_YEAR})\s*\.?\s*$", text)
    if not m:
        return None
    emph = re.search(r"(?<!\*)\*(?!\*)([^*]+)\*(?!\*)", raw)
    segs = [s for s in re.split(r"\s*,\s*", text[: m.start()]) if s]
    if emph:
        title = _clean(emph.group(1))
        head = _clean(raw[: emph.start()]).rstrip(" ,")
        authors, _ = _leading_authors([s for s in re.split(r"\s*,\s*", head) if s] + [""], keep=1)
        return {"authors": tuple(authors), "title": title, "journal": "", "year": int(m.group(1)[:4])}
    authors, rest = _leading_authors(segs, keep=1)
    return {"authors": tuple(authors), "title": rest[0] if rest else "", "journal": "",
            "year": int(m.group(1)[:4])}


def _parse_vancouver(text: str) -> dict | None:
    """``Liu Y, Sun Q. Title. J Name. 2018;10(3):31240-8.``"""
    m = re.search(rf"({_YEAR})[^;]*;\s*({_VOL})?\s*(?:\([^)]*\))?\s*:\s*({_PAGES})", text)
    if not m:
        return None
    pieces = re.split(r"(?<=\.)\s+", text[: m.start()].strip())
    authors = split_authors(pieces[0].rstrip(".")) if pieces else ()
    if not authors or not all(is_author_name(a) for a in authors):
        authors = ()
    return {"authors": authors, "title": pieces[1].rstrip(".") if len(pieces) > 2 else "",
            "journal": " ".join(pieces[2:]).rstrip(".") if len(pieces) > 2 else "",
            "year": int(m.group(1)[:4]), "volume": m.group(2) or "", "pages": _pages_clean(m.group(3))}


def parse_reference(number: int, text: str) -> Reference:
    """One reference entry's fields, best effort; unknown fields stay empty."""
    try:
        return _parse_reference(number, text)
    except Exception:  # noqa: BLE001 - a malformed entry must never stop a paper
        return Reference(number=number, text=_safe_clean(text), doi=find_doi(text or ""))


def _safe_clean(text: str) -> str:
    try:
        return _clean(text or "")
    except Exception:  # noqa: BLE001
        return re.sub(r"\s+", " ", str(text)).strip()


def _parse_reference(number: int, text: str) -> Reference:
    raw = re.sub(r"\s+", " ", text or "").strip()
    clean = _clean(raw)
    doi = find_doi(clean)
    raw_nodoi = _for_parsing(_strip_doi(raw) if doi else raw)
    body = _for_parsing(_strip_doi(clean) if doi else clean)
    fields = (_parse_rsc(raw_nodoi, body) or _parse_acs(body) or _parse_springer(body) or _parse_ecs(body)
              or _parse_elsevier(body) or _parse_vancouver(body) or _parse_ieee(body)
              or _parse_book(raw_nodoi, body))
    if fields is None:
        segs = [s for s in re.split(r"\s*,\s*", body) if s]
        authors, _ = _leading_authors(segs, keep=1)
        fields = {"authors": tuple(authors), "year": _year(body)}
    return Reference(
        number=number,
        text=clean,
        authors=tuple(a for a in fields.get("authors", ()) if a),
        title=fields.get("title", "") or "",
        journal=(fields.get("journal", "") or "").strip(" ,"),
        year=fields.get("year"),
        volume=fields.get("volume", "") or "",
        pages=fields.get("pages", "") or "",
        doi=doi,
    )


def _for_parsing(text: str) -> str:
    """Accents a PDF drew as separate marks ("Fjellvag̊ , H.") folded or dropped, so names parse."""
    text = "".join(c for c in unicodedata.normalize("NFC", text) if not unicodedata.combining(c))
    return re.sub(r"(?<=\w) +(?=,)", "", text)


_BULLET = re.compile(r"^\s*(?:[-*+•]|\u2022)\s+")
_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\.(?=\s)|(\d{1,4})(?=\s+\S))\s*")


def split_number(line: str) -> tuple[int | None, str]:
    """A list entry's leading number (``28 ...``, ``[28]``, ``28.``, ``(28)``) and the rest."""
    m = _NUMBERED.match(line)
    if not m:
        return None, line.strip()
    rest = line[m.end():].strip()
    num = int(next(g for g in m.groups() if g))
    # "2019 ..." would be a year, not a number; a bare digit run must be followed by a letter
    if m.group(4) and (num > 1900 or not re.match(r"[^\W\d]", rest)):
        return None, line.strip()
    return num, rest


def parse_reference_list(lines: list[str]) -> list[Reference]:
    """Entries in order. A leading number sets the entry's number; an unnumbered
    entry gets the previous number + 1 (the first gets 1). When the entries are
    list items (``- ``), a line without a bullet continues the entry above."""
    lines = [ln for ln in (lines or []) if ln and ln.strip()]
    bulleted = any(_BULLET.match(ln) for ln in lines)
    entries: list[str] = []
    for ln in lines:
        if bulleted:
            if _BULLET.match(ln):
                entries.append(_BULLET.sub("", ln, count=1).strip())
            elif entries:
                entries[-1] = entries[-1].rstrip() + " " + ln.strip()
            else:
                entries.append(ln.strip())
        else:
            entries.append(ln.strip())
    refs: list[Reference] = []
    previous = 0
    for entry in entries:
        num, rest = split_number(entry)
        if num is None or num < 1:
            num = previous + 1
        if not rest:
            continue
        refs.append(parse_reference(num, rest))
        previous = num
    return refs
