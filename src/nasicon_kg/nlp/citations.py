"""Author-name citations: "Hao et al.", "Y. Liu et al.", "Goodenough's group", "Li and Wang".

A mention resolves to a reference number by surname (and initial when written)
against :attr:`Reference.authors`: the first author for "et al." / "and
co-workers" / "A and B", any author for "X's group" / "group led by X". When
several references fit, a numeric citation in the same sentence (a
:class:`~nasicon_kg.model.Citation` anchor, or a marker still in the text)
must name exactly one of them; otherwise the mention is skipped.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from ..model import Citation, Reference
from ..readers.textutil import parse_citation_numbers

_SURNAME = r"[A-Z][a-zà-öø-ÿ]+(?:[-'’][A-Z]?[a-zà-öø-ÿ]+)?"
_INITIALS = r"(?:[A-Z]\.\s?-?\s?){1,3}"
_ETAL = re.compile(
    rf"(?<![\w.])(?P<init>{_INITIALS})?(?P<name>{_SURNAME})(?:\s+(?:and|&)\s+(?P<name2>{_SURNAME}))?"
    r"\s+[*_]?(?:et\s?al\.?|and\s+co-?workers|and\s+colleagues|and\s+co-?authors)[*_]?")
_PAIR = re.compile(
    rf"(?<![\w.])(?P<init>{_INITIALS})?(?P<name>{_SURNAME})\s+(?:and|&)\s+(?P<name2>{_SURNAME})\b")
_POSSESSIVE = re.compile(rf"(?<![\w.])(?P<init>{_INITIALS})?(?P<name>{_SURNAME})['’]s\b")
_GROUP_AFTER = re.compile(
    r"(?:\s*(?:<sup>[^<]{0,30}</sup>|\[[0-9,–\- ]{1,30}\]|\([^()]{0,40}\)|and|,|"
    rf"{_SURNAME}['’]s))*\s*(?:[a-z]+\s+){{0,2}}groups?\b")
_LED_BY = re.compile(
    r"\bgroups?\s+(?:led\s+by|of)\s+(?:Prof(?:essor)?\.?\s+|Dr\.?\s+)?"
    rf"(?P<init>{_INITIALS})?(?P<name>{_SURNAME})")
_MARKER = re.compile(r"<sup>([^<]{1,40})</sup>|\[([0-9,–\-— ]{1,40})\]")
_SENTENCE_END = re.compile(r"(?<!\bal)(?<!\bFig)(?<!\bFigs)(?<!\bRef)(?<!\bRefs)(?<!\be\.g)(?<!\bi\.e)"
                           r"(?<!\bvs)"
                           r"(?<!\bca)(?<!\bNo)[.!?](?=\s|$|<sup>|\[)")


def _fold(name: str) -> str:
    norm = unicodedata.normalize("NFKD", name)
    return "".join(c for c in norm if not unicodedata.combining(c)).casefold().replace("’", "'")


def author_name(author: str) -> tuple[str, str]:
    """(folded surname, folded first initial or "") of an author string.

    >>> author_name("J. B. Goodenough"), author_name("Liu, Y."), author_name("Liu Y")
    (('goodenough', 'j'), ('liu', 'y'), ('liu', 'y'))
    """
    author = " ".join(author.replace(".", ". ").split())
    if "," in author:
        surname, _, given = author.partition(",")
        given = given.strip()
        return _fold(surname.strip()), _fold(given[:1])
    tokens = author.split()
    if not tokens:
        return "", ""
    if len(tokens) >= 2 and all(re.fullmatch(r"[A-Z]{1,3}\.?|[A-Z]\.", t) for t in tokens[1:]) \
            and not re.fullmatch(r"[A-Z]\.?", tokens[0]):
        return _fold(tokens[0]), _fold(tokens[1][:1])  # "Liu Y"
    return _fold(tokens[-1]), (_fold(tokens[0][:1]) if len(tokens) > 1 else "")


def _sentence_window(text: str, end: int) -> int:
    m = _SENTENCE_END.search(text, end)
    stop = m.end() if m else min(len(text), end + 300)
    after = _MARKER.match(text, stop)
    return after.end() if after else stop


def _nearby_numbers(text: str, start: int, end: int, citations: Iterable[Citation]) -> set[int]:
    stop = _sentence_window(text, end)
    numbers = {n for c in citations if start <= c.offset <= stop for n in c.numbers}
    for m in _MARKER.finditer(text, start, stop):
        parsed = parse_citation_numbers(m.group(1) or m.group(2))
        if parsed:
            numbers.update(parsed)
    return numbers


def _resolve(candidates: list[Reference], initial: str, text: str, start: int, end: int,
             citations: tuple[Citation, ...], first_author: bool, surname: str) -> int | None:
    if initial:
        def fits(ref: Reference) -> bool:
            names = [author_name(a) for a in (ref.authors[:1] if first_author else ref.authors)]
            return any(s == surname and (not i or i == initial) for s, i in names)
        candidates = [r for r in candidates if fits(r)]
    if len(candidates) == 1:
        return candidates[0].number
    if len(candidates) > 1:
        near = _nearby_numbers(text, start, end, citations)
        hits = [r for r in candidates if r.number in near]
        if len(hits) == 1:
            return hits[0].number
    return None


def find_author_citations(text: str, references: tuple[Reference, ...], *,
                          citations: tuple[Citation, ...] = ()) -> list[tuple[int, int, int]]:
    """(start, end, reference number) of every resolvable author-name citation in ``text``.

    >>> refs = (Reference(1, "", authors=("X. Hao", "Y. Ma")),)
    >>> find_author_citations("Hao et al. used ZnO.", refs)
    [(0, 10, 1)]
    """
    if not text or not references:
        return []
    firsts: dict[str, list[Reference]] = {}
    anyone: dict[str, list[Reference]] = {}
    for ref in references:
        for i, author in enumerate(ref.authors):
            surname, _ = author_name(author)
            if not surname:
                continue
            if i == 0:
                firsts.setdefault(surname, []).append(ref)
            if ref not in anyone.get(surname, []):
                anyone.setdefault(surname, []).append(ref)
    out: list[tuple[int, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, number: int | None) -> None:
        if number is not None and not any(s < end and start < e for s, e in taken):
            out.append((start, end, number))
            taken.append((start, end))

    def initial_of(m: re.Match) -> str:
        return _fold(m.group("init")[0]) if m.group("init") else ""

    for m in _ETAL.finditer(text):
        surname = _fold(m.group("name"))
        cands = list(firsts.get(surname, []))
        if m.group("name2"):
            second = _fold(m.group("name2"))
            both = [r for r in cands if any(author_name(a)[0] == second for a in r.authors[1:])]
            cands = both or cands
        add(m.start(), m.end(), _resolve(cands, initial_of(m), text, m.start(), m.end(), citations,
                                         True, surname))
    for m in _PAIR.finditer(text):
        surname, second = _fold(m.group("name")), _fold(m.group("name2"))
        cands = [r for r in firsts.get(surname, [])
                 if any(author_name(a)[0] == second for a in r.authors[1:])]
        add(m.start(), m.end(), _resolve(cands, initial_of(m), text, m.start(), m.end(), citations,
                                         True, surname))
    for m in _POSSESSIVE.finditer(text):
        if not _GROUP_AFTER.match(text, m.end()):
            continue
        surname = _fold(m.group("name"))
        add(m.start(), m.end(), _resolve(list(anyone.get(surname, [])), initial_of(m), text, m.start(),
                                         m.end(), citations, False, surname))
    for m in _LED_BY.finditer(text):
        surname = _fold(m.group("name"))
        add(m.start("name") - len(m.group("init") or ""), m.end(),
            _resolve(list(anyone.get(surname, [])), initial_of(m), text, m.start(), m.end(), citations,
                     False, surname))
    out.sort()
    return out
