"""Metadata from a paper's own front matter, for papers without a ``.meta.json`` sidecar.

>>> m = metadata_from_text("## REVIEW\\n\\nCite this: Mater. Adv., 2022\\n\\nDOI: 10.1039/d1ma01239h.\\n\\n## Introduction\\n")
>>> m.doi, m.year, m.kind
('10.1039/d1ma01239h', 2022, 'review')
"""
from __future__ import annotations

import re

from ..model import PaperMetadata
from .references import find_doi

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_FRONT_MARKERS = {"review", "article", "paper", "communication", "research article", "review article",
                  "full paper", "letter", "perspective", "minireview", "mini review", "feature article",
                  "highlight", "edge article", "original article", "research paper", "abstract",
                  "open access", "tutorial review", "critical review"}
_YEAR_CUES = ("Published", "Accepted", "Cite this", "Received", "©", "Copyright")


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


def metadata_from_text(text: str) -> PaperMetadata:
    """DOI, title, year and kind read from the front matter; empty fields when unsure."""
    try:
        front = front_matter(text or "")
        return PaperMetadata(doi=find_doi(front), title=guess_title(front), year=guess_year(front),
                             kind=guess_kind(front))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - metadata is best effort; the sidecar can supply it
        return PaperMetadata()
