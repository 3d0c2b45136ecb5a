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
_YEAR_CUES = ("Published", "Accepted", "Cite this", "Received", "©", "Copyright")

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


def guess_year(front: str) -> int | None:
    """The year named by a Published/Accepted/Cite-this line, else the latest year in the front matter."""
    for cue in _YEAR_CUES:
        for line in front.splitlines():
            if cue in line:
                years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", line[line.index(cue):])
                if years:
                    return int(years[-1] if cue in ("Accepted", "Received") else years[0])
    years = [int(y) for y in re.findall(r"(?<![\d./])((?:19|20)\d\d)(?![\d/])", front)]
    return max(years) if years else None


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
