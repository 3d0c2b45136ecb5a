"""Metadata from a paper's own front matter, for papers without a ``.meta.json`` sidecar.

The DOI is the paper's own only where a line presents it as such (:func:`own_doi`): a DOI the
text comments on, cites or lists never names the paper, so a note reading "Comment on:
doi:10.1039/..." is keyed by its content, not by the paper it names.

>>> m = metadata_from_text("## REVIEW\\n\\nCite this: Mater. Adv., 2022\\n\\nDOI: 10.1039/d1ma01239h.\\n\\n## Introduction\\n")
>>> m.doi, m.year, m.kind
('10.1039/d1ma01239h', 2022, 'review')
"""
from __future__ import annotations

import re

from ..model import PaperMetadata
from .references import DOI_RE, find_doi

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FRONT_MARKERS = {"review", "article", "paper", "communication", "research article", "review article",
                  "full paper", "letter", "perspective", "minireview", "mini review", "feature article",
                  "highlight", "edge article", "original article", "research paper", "abstract",
                  "open access", "tutorial review", "critical review"}

# A DOI written as one: "DOI: 10.1039/...", "doi:10...", "https://doi.org/10...".
_LABELLED_DOI = re.compile(r"(?i)(?:\bdoi\b\s*[:.]?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/")
# What may come before it on a line that gives the paper's own DOI...
_OWN_CUE = re.compile(r"(?i)cite this|this (?:article|paper|review)|©|\(c\)|copyright|published|"
                      r"available online|received|accepted|open access")
_JOURNAL_HEADER = re.compile(r"^[A-Z][\w.&' -]*,? \(?(?:19|20)\d\d\)?[\d ,;:()–—-]*$")  # "J. Mater. Chem., 2010, 20, 2345"
# ...and what marks a DOI the line only mentions.
_MENTION_CUE = re.compile(r"(?i)\b(?:comments? on|commentary|reply|response|see|cf|erratum|corrigendum|"
                          r"correction|retraction|related|cited|citing|refer(?:s|ring)? to|original|"
                          r"supplementary|supporting)\b")
_LIST_ITEM = re.compile(r"^(?:[-*+•]|\(?\d{1,3}[.)\]]|\[\d{1,3}\])\s")
_MAX_DOI_LINE = 300


def front_matter(text: str) -> str:
    """The text before the first section heading (article-type headings like ``## REVIEW``
    and ``## Abstract`` do not end it)."""
    lines = text.splitlines()
    seen_title = False
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if not m:
            continue
        name = _plain(m.group(2)).casefold()
        if len(m.group(1)) == 1 and not seen_title:
            seen_title = True
            continue
        if name in _FRONT_MARKERS or name.startswith("abstract"):
            continue
        return "\n".join(lines[:i])
    return "\n".join(lines[:60])


def _plain(s: str) -> str:
    s = re.sub(r"<[^>]+>", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = s.replace("**", "").replace("*", "").replace("\\", "")
    return re.sub(r"\s+", " ", s).strip()


def guess_title(front: str) -> str:
    """The first ``# `` heading; else the first line that reads like a title."""
    for line in front.splitlines():
        m = _HEADING.match(line)
        if m and len(m.group(1)) == 1:
            return _plain(m.group(2))
    for line in front.splitlines():
        raw = line.strip()
        if not raw or _HEADING.match(raw) or "<sup>" in raw or "](" in raw or "\t" in raw:
            continue
        plain = _plain(raw)
        words = plain.split()
        if not 4 <= len(words) <= 30 or not plain[0].isupper():
            continue
        if plain.endswith((".", ":", ",", ";")) or re.search(r"\b(?:doi|DOI|Received|Accepted|Cite this|"
                                                            r"Published|E-?mail|©|View)\b", plain):
            continue
        return plain
    return ""


#: A line a publisher or a library stamps on a copy: its date is the download's, never the paper's.
DOWNLOAD_STAMP = re.compile(r"(?i)\bdownload(?:ed|s)?\b|\baccessed\b|\bprinted (?:on|by)\b|\bIP address\b")
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_Y = r"((?:19|20)\d\d)(?!\d)"
#: A written date ("12 April 2019", "9th November 2009", "April 12, 2019", "2019-04-12"): its year.
_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*{_MONTH},?\s*{_Y}"
                   rf"|\b{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*{_Y}"
                   rf"|\b{_MONTH}\s+{_Y}|(?<!\d){_Y}-\d\d-\d\d", re.I)
_ANY_YEAR = re.compile(rf"(?<![\d./-]){_Y}")
#: Cues of the paper's own year, best first: its citation line, its publication, acceptance and
#: copyright lines, its receipt (the year after a cue; for a dated cue, the year of the first date).
YEAR_CUES: tuple[tuple[re.Pattern, bool], ...] = (
    (re.compile(r"(?i)\b(?:to )?cite this(?: article)?\s*:"), False),
    (re.compile(r"(?i)\bpublished\b"), True),
    (re.compile(r"(?i)\baccepted\b"), True),
    (re.compile(r"(?i)©|\(c\)\s*(?=(?:19|20)\d\d)|\bcopyright\b"), False),
    (re.compile(r"(?i)\b(?:received|submitted)\b"), True),
)
_CUE_REACH = 90
THIS_YEAR_BOUND = 2100


def year_from_lines(lines: list[str]) -> int | None:
    """The year a paper's own front-matter lines give it: from its citation line ("Cite this: J. Phys.
    Chem. C 2024, 128, 19638"), else "Published …", "Accepted …", the copyright line, "Received …".
    A download or access stamp ("Downloaded via … on July 18, 2025", "This content was downloaded
    … on 07/08/2025") never gives it, whatever it says.

    >>> year_from_lines(["This content was downloaded from IP address 1.2.3.4 on 07/08/2025",
    ...                  "Received 9th November 2009, Accepted 13th January 2010"])
    2010
    >>> year_from_lines(["Published on 11 February 2010. Downloaded by X on 18/07/2025"]) is None
    True
    """
    own = [ln for ln in lines if ln and not DOWNLOAD_STAMP.search(ln)]
    for cue, dated in YEAR_CUES:
        for line in own:
            for m in cue.finditer(line):
                year = _year_after(line[m.end():m.end() + _CUE_REACH], dated)
                if year:
                    return year
    return None


def _year_after(text: str, dated: bool) -> int | None:
    m = (_DATE if dated else _ANY_YEAR).search(text)
    if not m:
        return None
    year = int(next(g for g in m.groups() if g))
    return year if year < THIS_YEAR_BOUND else None


def guess_year(front: str) -> int | None:
    """The year the front matter's cue lines give (:func:`year_from_lines`), else the latest year
    in it outside download stamps."""
    lines = front.splitlines()
    year = year_from_lines(lines)
    if year:
        return year
    years = [int(y) for ln in lines if not DOWNLOAD_STAMP.search(ln)
             for y in re.findall(r"(?<![\d./])((?:19|20)\d\d)(?![\d/])", ln)]
    return max(years) if years else None


#: Affiliation and footnote markers a byline sets after names: "^(1,2,z)", "ᵃ", "*", "†", "1,2".
_BYLINE_MARKS = re.compile(r"\^\([^)]*\)|[\u00b9\u00b2\u00b3\u2070-\u209f\u1d2c-\u1dbf\u02b0-\u02ff]+"
                           r"|[*∗†‡§¶#]+|\d+")
_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "du", "dos", "le", "la", "ter", "ten",
              "bin", "al"}
_NOT_NAME_WORDS = re.compile(
    r"(?i)^(?:universit\w*|department|institute|laborator\w*|school|college|centre|center|faculty|chemistry|"
    r"physics|engineering|materials?|science|technology|national|research|received|accepted|abstract|journal|"
    r"society|batter\w*|lithium|the|of|for|cite|this|article|doi|view|online|email|e-mail|thin|film|"
    r"solid|state|electrolytes?|cells?|ion|layers?|deposition|atomic|anodes?|cathodes?|interfaces?|"
    r"supporting|information|open|access|review|paper|communication|letter|introduction)$")
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zà-öø-ÿ'’"
#: A capitalised name word: "Li", "McNeil", "Jean-Luc", "O'Brien"
_NAME_WORD = re.compile(rf"^[{_UP}](?:[{_LOW}]+|[{_LOW}]*[{_UP}][{_LOW}]+)(?:-[{_UP}]?[{_LOW}]+)*$")
_INITIALS = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][a-z]?\.\s*-?\s*)+$")


def byline_names(line: str) -> tuple[str, ...]:
    """The personal names a byline lists, or () when ``line`` is not one: names separated by
    commas and "and", affiliation markers (superscript letters, digits, asterisks) stripped.

    >>> byline_names("B. Put,^(1,2,z) M. J. Mees, C. van Helvoirt,^(2,∗) and M. Creatore¹")
    ('B. Put', 'M. J. Mees', 'C. van Helvoirt', 'M. Creatore')
    >>> byline_names("Titta Aaltonen,*ᵃ Mari Alnes,ᵃ and Helmer Fjellvågᵃ")
    ('Titta Aaltonen', 'Mari Alnes', 'Helmer Fjellvåg')
    >>> byline_names("Department of Applied Physics, Eindhoven University of Technology")
    ()
    """
    text = _BYLINE_MARKS.sub(" ", line)
    text = re.sub(r",?\s+et\s+al\.?\s*$", "", text)
    parts = [p.strip(" ,;") for p in re.split(r"\s*[,;]\s*|\s+(?:and|&)\s+", text)]
    parts = [re.sub(r"^(?:and|&)\s+", "", p) for p in parts
             if p.strip(" ,;") and not re.fullmatch(r"[a-z]", p)]  # "z" of "^(1,2,z)"
    if not parts or not all(is_person_name(p) for p in parts):
        return ()
    return tuple(re.sub(r"\s+", " ", p) for p in parts)


def is_person_name(text: str) -> bool:
    """Two to five words, the last a capitalised surname, the others given names, initials or
    particles ("M. J. Pieters", "Helmer Fjellvåg", "C. van Helvoirt"); no affiliation word."""
    words = re.sub(r"\.(?=[A-ZÀ-ÖØ-Þ])", ". ", text.strip()).split()
    if not 2 <= len(words) <= 5 or not _NAME_WORD.match(words[-1]) or words[0] in _PARTICLES:
        return False
    if any(_NOT_NAME_WORDS.match(w.strip(".")) for w in words):
        return False
    return all(_NAME_WORD.match(w) or _INITIALS.match(w) or w in _PARTICLES for w in words[:-1])


def guess_kind(front: str) -> str:
    if re.search(r"(?m)^\s*(?:#+\s*)?(?:\*\*)?(?:[A-Z ]+ )?REVIEW\b", front) or re.search(r"\bThis review\b", front):
        return "review"
    return ""


def own_doi(lines: list[str]) -> str:
    """The DOI these front-matter (or first-page) lines give as the paper's own, else "".

    A line gives it when it is the labelled DOI alone ("DOI: 10.1039/d1ma01239h",
    "https://doi.org/10.1038/..."), or after a cue naming this paper: an article-type word, a
    "Cite this:" or copyright line, the journal header ("J. Mater. Chem., 2010, 20, 2345 |").
    Not: a DOI after "Comment on", "see" and the like, a list item, a line of several DOIs,
    a paragraph. Two different DOIs given so: neither (the text is a list, not a paper).

    >>> own_doi(["Mater. Adv., 2022, 3, 3055", "DOI: 10.1039/d1ma01239h."])
    '10.1039/d1ma01239h'
    >>> own_doi(["Comment on: doi:10.1039/d1ma01239h"]), own_doi(["- DOI 10.1/a", "- DOI 10.1/b"])
    ('', '')
    """
    found: dict[str, str] = {}
    for line in lines:
        doi = _doi_of_line(line)
        if doi:
            found.setdefault(doi.lower(), doi)
    return next(iter(found.values())) if len(found) == 1 else ""


def _doi_of_line(line: str) -> str:
    plain = _plain(line)
    if len(plain) > _MAX_DOI_LINE or _LIST_ITEM.match(plain) or len({find_doi(d).lower() for d in DOI_RE.findall(plain)}) != 1:
        return ""
    m = _LABELLED_DOI.search(plain)
    if not m:
        return ""
    before = plain[:m.start()].strip(" |[(:;,.–—-")
    if _MENTION_CUE.search(before):
        return ""
    if before and not (_OWN_CUE.search(before) or before.casefold() in _FRONT_MARKERS
                       or _JOURNAL_HEADER.match(before)):
        return ""
    return find_doi(plain[m.start():])


def metadata_from_text(text: str) -> PaperMetadata:
    """DOI, title, year and kind read from the front matter; empty fields when unsure."""
    try:
        front = front_matter(text or "")
        return PaperMetadata(doi=own_doi(front.splitlines()), title=guess_title(front), year=guess_year(front),
                             kind=guess_kind(front))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - metadata is best effort; the sidecar can supply it
        return PaperMetadata()
