"""Abbreviation definitions in running text, Schwartz & Hearst (2003) style.

As scispacy's ``find_abbreviation``: a short form in parentheses is matched
character by character, backwards, against the words before it; the long form
starts at a word whose first letter matches the short form's first letter.
Additions for chemistry papers:

- reverse definitions whose parenthesis holds a formula: "LATP (Li1.3Al0.3Ti1.7(PO4)3)";
- slash pairs split in two: "A/B (SA/SB)" gives (SA, A) and (SB, B);
- long forms keep inner parentheses: "poly(ethylene oxide) (PEO)";
- definitions written out in the bracket: "(Li2S-B2S3-LiI, denoted as LBSI)", "(..., hereafter LPSC)".

>>> [(a.short, a.long) for a in find_abbreviations("a boron nitride (BN) film")]
[('BN', 'boron nitride')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .formula import parse_formula


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


_NOT_SHORT = re.compile(r"^(?:figs?|table|tables|eq|eqs|ref|refs|scheme|esi|see|i\.e|e\.g|ca|vs|or|and)\b",
                        re.I)
_CLAUSE_BREAK = re.compile(r"[.;:!?]\s|[.;:!?]$|\n")


def _paren_groups(text: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of balanced round parentheses."""
    out: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            out.append((stack.pop(), i))
    return sorted(out)


def _short_form_ok(sf: str) -> bool:
    if not 2 <= len(sf) <= 10 or " " in sf or "," in sf or ";" in sf:
        return False
    if not sf[0].isalnum() or not any(c.isupper() for c in sf):
        return False
    if _NOT_SHORT.match(sf):
        return False
    return sum(c.isalpha() for c in sf) >= 2 or (len(sf) >= 2 and sf[0].isalpha())


_STOPWORDS = frozenset({"a", "an", "and", "or", "of", "the", "with", "in", "on", "for", "to", "as", "by",
                        "from", "at", "is", "was", "are", "were", "its", "their", "this", "that"})


def _starts_stopword(text: str, i: int) -> bool:
    m = re.match(r"[A-Za-z]+", text[i:])
    return bool(m) and m.group(0).lower() in _STOPWORDS


def _balanced(text: str) -> bool:
    depth = {"(": 0, "[": 0}
    pairs = {")": "(", "]": "["}
    for ch in text:
        if ch in depth:
            depth[ch] += 1
        elif ch in pairs:
            depth[pairs[ch]] -= 1
            if depth[pairs[ch]] < 0:
                return False
    return not any(depth.values())


def _best_long_form(short: str, long: str) -> int | None:
    """Schwartz-Hearst: start index in ``long`` of the long form for ``short``, or None."""
    s_idx = len(short) - 1
    l_idx = len(long) - 1
    while s_idx >= 0:
        c = short[s_idx].lower()
        if not c.isalnum():
            s_idx -= 1
            continue
        while l_idx >= 0 and (long[l_idx].lower() != c
                              or (s_idx == 0 and ((l_idx > 0 and long[l_idx - 1].isalnum())
                                                  or _starts_stopword(long, l_idx)))):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    return l_idx + 1


def _window(text: str, end: int, n_words: int) -> int:
    """Start of the last ``n_words`` words before ``end``, not crossing a clause break
    or an unbalanced opening parenthesis."""
    depth = 0
    words = 0
    i = end
    in_word = False
    while i > 0:
        ch = text[i - 1]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return i
            depth -= 1
        if depth == 0 and _CLAUSE_BREAK.match(text, i - 1) and i - 1 < end - 1:
            if not (ch == "." and i >= 2 and text[i - 2].isdigit()):
                return i
        if depth == 0 and ch in ",":
            return i
        if ch.isspace() and depth == 0:
            if in_word:
                words += 1
                in_word = False
                if words >= n_words:
                    return i
        else:
            in_word = True
        i -= 1
    return 0


def _match(text: str, short: str, s_start: int, region_start: int, region_end: int) -> Abbreviation | None:
    n_words = min(len(short) + 5, len(short) * 2)
    start = max(region_start, _window(text, region_end, n_words))
    candidate = text[start:region_end]
    stripped = candidate.rstrip()
    if not stripped:
        return None
    pos = _best_long_form(short, stripped)
    if pos is None:
        return None
    long = stripped[pos:].strip()
    lstart = start + pos + (len(stripped[pos:]) - len(stripped[pos:].lstrip()))
    if not long or len(long) <= len(short) or long.lower() == short.lower() or not _balanced(long):
        return None
    if len(long.split()) > n_words:
        return None
    return Abbreviation(short, long, s_start, s_start + len(short), lstart, lstart + len(long))


def _split_top_level(s: str, sep: str) -> list[int]:
    """Indices of ``sep`` outside parentheses."""
    depth = 0
    out = []
    for i, ch in enumerate(s):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            out.append(i)
    return out


def _reverse_formula(text: str, open_: int, close: int) -> Abbreviation | None:
    """ "LATP (Li1.3Al0.3Ti1.7(PO4)3)": the word before the parenthesis is the short form."""
    inner = text[open_ + 1:close].strip()
    if " " in inner or parse_formula(inner) is None:
        return None
    m = re.search(r"(\S+)\s*$", text[:open_])
    if not m:
        return None
    short = m.group(1)
    if not _short_form_ok(short) or sum(c.isupper() for c in short) < 2 or parse_formula(short):
        return None
    it = iter(inner.lower())
    if not all(c in it for c in short.lower() if c.isalnum()):
        return None
    lstart = text.index(inner, open_)
    return Abbreviation(short, inner, m.start(1), m.end(1), lstart, lstart + len(inner))


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Abbreviations defined in ``text`` ("long form (SF)" or "SF (formula)"), in order.

    >>> [(a.short, a.long) for a in find_abbreviations("poly(ethylene oxide) (PEO)")]
    [('PEO', 'poly(ethylene oxide)')]
    """
    if not isinstance(text, str):
        return []
    out: list[Abbreviation] = []
    for open_, close in _paren_groups(text):
        if open_ > 0 and not text[open_ - 1].isspace():
            continue  # "Li3V2(PO4)3", "poly(ethylene oxide)": not a definition
        inner = text[open_ + 1:close]
        sf = inner.strip()
        s_start = open_ + 1 + (len(inner) - len(inner.lstrip()))
        rev = _reverse_formula(text, open_, close)
        if rev:
            out.append(rev)
            continue
        if "/" in sf:
            parts = sf.split("/")
            if len(parts) != 2 or not all(_short_form_ok(p) for p in parts):
                continue
            region_start = _window(text, open_, len(sf) + 5)
            slashes = _split_top_level(text[region_start:open_], "/")
            if not slashes:
                continue
            slash = region_start + slashes[-1]
            second = _match(text, parts[1], s_start + len(parts[0]) + 1, slash + 1, open_)
            first = _match(text, parts[0], s_start, 0, slash)
            if first and second:
                out.extend([first, second])
            continue
        alone = _DENOTED_ONLY.fullmatch(inner)
        if alone:  # "Li6PS5Cl (hereafter LPSC)": the long form is the word before the bracket
            before = re.search(r"(\S+)\s*$", text[:open_])
            if before and re.search(r"[A-Z].*\d|\d.*[A-Z]", before.group(1)):
                out.append(Abbreviation(alone.group("short"), before.group(1), open_ + 1 + alone.start("short"),
                                        open_ + 1 + alone.end("short"), before.start(1), before.end(1)))
            continue
        named = _DENOTED_IN.fullmatch(inner)
        if named and not re.match(r"[a-z]\s*=", named.group("long")):
            # "(Li2S-B2S3-LiI, denoted as LBSI)": the long form is the bracket's first part
            long_start = open_ + 1 + named.start("long")
            out.append(Abbreviation(named.group("short"), named.group("long"), open_ + 1 + named.start("short"),
                                    open_ + 1 + named.end("short"), long_start, long_start + len(named.group("long"))))
            continue
        if not _short_form_ok(sf):
            continue
        found = _match(text, sf, s_start, 0, open_)
        if found:
            out.append(found)
    out.sort(key=lambda a: a.short_start)
    return out


_NAMING = (r"(?:(?:hereafter|hereinafter|henceforth)\s+)?(?:(?:denoted|designated|abbreviated|referred\s+to|termed|named|"
           r"labell?ed|called)(?:\s+as)?|hereafter|hereinafter)")
#: a bracket that only names what comes before it: "(hereafter LPSC)", "(denoted as LBSI)"
_DENOTED_ONLY = re.compile(r"\s*" + _NAMING + r"\s+(?P<short>[A-Z][A-Za-z0-9.\-]{1,11})\s*")
#: a definition written out inside a bracket: "(Li2S-B2S3-LiI, denoted as LBSI)", "(x = 0.2; hereafter LPSB)"
_DENOTED_IN = re.compile(r"\s*(?P<long>[^,;()]*(?:\([^()]*\)[^,;()]*)*?)\s*[,;]\s*(?:(?:hereafter|hereinafter|henceforth)\s+)?"
                         r"(?:(?:denoted|designated|abbreviated|referred\s+to|termed|named|labell?ed|called)(?:\s+as)?|"
                         r"hereafter|hereinafter)\s+(?P<short>[A-Z][A-Za-z0-9.\-]{1,11})\s*")


def abbreviation_map(text: str) -> dict[str, str]:
    """Short form -> long form for every definition in ``text`` (first definition wins)."""
    out: dict[str, str] = {}
    for abbr in find_abbreviations(text):
        out.setdefault(abbr.short, abbr.long)
    return out
