"""Numbers with units in running text: "~120 μm", "0.1 mA cm⁻²", "4.49 ± 0.31 × 10−3 S cm−1".

Pure functions, no spaCy. :func:`find_quantities` returns every number+unit
mention with offsets into the text it was given; :func:`parse_number`,
:func:`parse_range` and :func:`parse_quantity` read single strings (table cells).

>>> [m.text for m in find_quantities("cycled at 0.1 mA cm⁻² for ~200 h at RT")]
['0.1 mA cm⁻²', '~200 h', 'RT']
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Quantity
from ..units import GLYPH_RESIDUE as UNIT_RESIDUE
from ..units import UNITS, parse_unit

__all__ = ["QuantityMention", "find_quantities", "normalise", "parse_number", "parse_quantity",
           "parse_range"]


@dataclass(frozen=True)
class QuantityMention:
    start: int
    end: int
    text: str
    quantity: Quantity


_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_MAP = str.maketrans(_SUP_DIGITS + "⁺⁻", "0123456789+-")
_SUP_RUN = re.compile(f"[⁺⁻]?[{_SUP_DIGITS}]+")
_DASH = re.compile(r"[−–—‐‑]")
_GROUP_SEP = " \u2009\u202f\u00a0"
#: A glyph the PDF font or the converter lost (GLYPH<c0>, (cid:3), U+FFFD): one character in the grammar.
LOST = "\ufffd"

# ------------------------------------------------------------------ notations
#
# Rewrites that bring the notations papers print to the one the grammar below reads:
# (what it is, pattern, replacement). :func:`normalise` applies them in order and keeps,
# for every character it outputs, the span of the input it came from, so mentions are
# reported with offsets into the text as given. Every pattern is linear: no quantifier
# is unbounded next to another that can match the same characters.


def _caret(m: re.Match) -> str:
    """"^(- 10)", "^ -4" -> "^-10", "^-4" (a bracket is taken only with its partner)."""
    sign, digits = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
    return "^" + sign + digits


#: Glyph names that some PDF-to-text converters print in place of a symbol ("10 /C0 3 S cm /C0 1").
GLYPH_NAMES = {"0": "−", "2": "×", "6": "±", "14": "°", "24": "~"}


def _glyph_name(m: re.Match) -> str:
    return GLYPH_NAMES[m.group(1)]


def _exponent(m: re.Match) -> str:
    return m.group(1) + (m.group(2) or "-") + m.group(3)


_REWRITES: list[tuple[str, re.Pattern, str | object]] = [(name, re.compile(rx), repl) for name, rx, repl in [
    # "4 3 10 /C0 3": a converter that drew × as "3" before a power of ten with a lost minus
    ("× drawn as 3", r"([0-9])[ \u00a0]3[ \u00a0](?=10[ \u00a0]?(?:/C0|[−-])[ \u00a0]?[0-9])", r"\1 × "),
    # "2×10 - 4": the exponent's minus spaced off on both sides (only after ×10, never a range)
    ("spaced power minus", r"([×x][ \u00a0]?10)[ \u00a0][-−][ \u00a0]([0-9])", r"\1 -\2"),
    ("glyph name minus", r"(?<![A-Za-z0-9/])/C0[ \u00a0]?(?=[0-9])", "−"),
    ("glyph name", r"(?<![A-Za-z0-9/])/C(0|2|6|14|24)(?![0-9])", _glyph_name),
    ("lost glyph", UNIT_RESIDUE.pattern, LOST),
    ("LaTeX text", r"\\(?:text|mathrm|textrm|rm|mathit)\s{0,2}\{([^{}]{0,30})\}", r"\1"),
    ("LaTeX ×", r"\\times(?![A-Za-z])", "×"),
    ("LaTeX ·", r"\\cdot(?![A-Za-z])", "·"),
    ("LaTeX ~", r"\\sim(?![A-Za-z])", "~"),
    ("LaTeX ≈", r"\\approx(?![A-Za-z])", "≈"),
    ("LaTeX ±", r"\\pm(?![A-Za-z])", "±"),
    ("LaTeX μ", r"\\mu(?![A-Za-z]) ?", "μ"),
    ("LaTeX Ω", r"\\Omega(?![A-Za-z])", "Ω"),
    ("LaTeX °", r"\^\{?\\circ\}?|\\circ(?![A-Za-z])|\\degree(?![A-Za-z])", "°"),
    ("LaTeX %", r"\\%", "%"),
    ("LaTeX space", r"\\[,;: !]", " "),
    ("LaTeX math", r"[{}$]", ""),
    ("raised degree", r"\^\(?[°º˚∘]\)?", "°"),
    ("caret exponent", r"\^[ \t]{0,3}(?:\([ \t]{0,3}([-−–+]?)[ \t]{0,3}([0-9]{1,3})[ \t]{0,3}\)"
     r"|([-−–+]?)[ \t]{0,3}([0-9]{1,3}))", _caret),
    ("glued unit", r"(?<![A-Za-z])(m?S|mAh?|[μµu]A)(cm|g)(?=[ \u00a0]?[-−–⁻^" + LOST + r"]|[0-9¹²³])",
     r"\1 \2"),
    ("dot between units", r"(?<![A-Za-z])(m?S|mAh?|[μµu]?A|Ω|mA h)\.(?=(?:cm|g|m)(?![A-Za-z]))", r"\1·"),
    # "S cm -1", "cm − 2", "Scm GLYPH<0> 1": a space or a lost glyph before a denominator's power
    ("spaced unit exponent", r"(?<![A-Za-z])(c?m|g)(?:[ \u00a0]{1,2}([-−–])[ \u00a0]?|[ \u00a0]{0,2}" + LOST
     + r"[ \u00a0]{0,2})([1-3])(?![0-9]|[.,][0-9])", _exponent),
    # "300 (cid:3)C": only a degree sign is drawn by a symbol font between a number and C
    ("lost degree", r"([0-9])[ \u00a0]{0,2}" + LOST + r"[ \u00a0]?(?=C(?![A-Za-z]))", r"\1 °"),
]]
_ANY_REWRITE = re.compile("|".join(f"(?:{rx.pattern})" for _, rx, _ in _REWRITES))


def normalise(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` in the notation the grammar reads, and for each output character the start and
    end offsets in ``text`` it came from.

    >>> t, starts, ends = normalise("of $10^{-4}$ S cm$^{-1}$")
    >>> t
    'of 10^-4 S cm^-1'
    >>> "of $10^{-4}$ S cm$^{-1}$"[starts[3]:ends[-1]]
    '10^{-4}$ S cm$^{-1}$'
    """
    starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    if not _ANY_REWRITE.search(text):
        return text, starts, ends
    cur = text
    for _name, rx, repl in _REWRITES:
        if not rx.search(cur):
            continue
        out: list[str] = []
        new_s: list[int] = []
        new_e: list[int] = []
        last = 0
        for m in rx.finditer(cur):
            a, b = m.span()
            out.append(cur[last:a])
            new_s.extend(starts[last:a])
            new_e.extend(ends[last:a])
            rep = repl(m) if callable(repl) else m.expand(repl)
            o_start = starts[a] if a < len(cur) else (ends[-1] if ends else 0)
            o_end = ends[b - 1] if b > a else o_start
            if rep:
                out.append(rep)
                new_s.extend([o_start] * len(rep))
                new_e.extend([o_end] * len(rep))
            elif new_e:
                new_e[-1] = max(new_e[-1], o_end)  # a deleted "}$" belongs to the character before it
            last = b
        out.append(cur[last:])
        new_s.extend(starts[last:])
        new_e.extend(ends[last:])
        cur, starts, ends = "".join(out), new_s, new_e
    return cur, starts, ends


# ---------------------------------------------------------------- parse_number

_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(rf"[0-9]{{1,3}}(?:[,{_GROUP_SEP}][0-9]{{3}})+(?:\.[0-9]+)?")
_TIMES_CHARS = "×xX*·⋅∙✕"
_POWER = re.compile(
    r"(?P<m>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?\s{0,3}(?:[" + _TIMES_CHARS + r"]\s{0,3})?"
    r"10\s{0,3}(?:\^\s{0,3}\(?\s{0,3}(?P<e>[+-]?\s{0,3}[0-9]{1,4})\s{0,3}\)?)")
_TIMES_DASH = re.compile(r"(?P<m>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s{0,3}[" + _TIMES_CHARS
                         + r"]\s{0,3}10\s{0,3}-\s{0,3}(?P<e>[0-9]{1,4})")
_PM_CLEAN = re.compile(r"\s{0,3}(?:±|\+/-)\s{0,3}(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
_SUP_TAG = re.compile(r"<sup>([^<]{0,20})</sup>", re.I)
#: Signs that a number lost its minus (and perhaps its ×): a lost glyph, or "10", a space, raised digits.
_LOSSY = re.compile(rf"{LOST}|{UNIT_RESIDUE.pattern}|10[ \u00a0][{_SUP_DIGITS}]")
_LOST_EXP_END = re.compile(rf"10[ \u00a0]?(?:{LOST}[ \u00a0]?|\^)([0-9]{{1,2}})$")
_LOST_TIMES = re.compile(rf"[ \u00a0]?{LOST}[ \u00a0]?(?=10\^)")
_MAX_NUMBER = 100


def _clean_number(text: str) -> str:
    t = text.strip()
    t = _SUP_TAG.sub(lambda m: "^" + m.group(1).strip(), t)
    t = _SUP_RUN.sub(lambda m: "^" + m.group(0).translate(_SUP_MAP), t)
    t = t.replace("\\times", "×").replace("\\cdot", "·").replace("\\pm", "±")
    t = t.replace("{", "").replace("}", "").replace("$", "")
    t = UNIT_RESIDUE.sub(LOST, t)
    t = _DASH.sub("-", t)
    t = _PM_CLEAN.sub("", t)
    return t.strip()


def parse_number(text: str) -> float | None:
    """The number ``text`` spells, or None.

    >>> [parse_number(s) for s in ("9.6 × 10⁻⁴", "10^-3", "4.49 ± 0.31 × 10−3", "30 000", "2,000")]
    [0.00096, 0.001, 0.00449, 30000.0, 2000.0]

    A number that lost its minus sign ("4 10 ¹⁰", "10 GLYPH<c0> 4") is None here: only its
    unit can say the exponent was negative (see :func:`find_quantities`).
    """
    return _parse_number(text, lost_minus=False)


def _parse_number(text: str, lost_minus: bool) -> float | None:
    try:
        if not isinstance(text, str) or len(text) > 3 * _MAX_NUMBER:
            return None
        lossy = bool(_LOSSY.search(text))
        if lossy and not lost_minus:
            return None
        t = _clean_number(text)
        if not t or len(t) > 60:
            return None
        if lossy:
            # the exponent at the end lost its minus; a lost glyph before "10" was the ×
            t = _LOST_EXP_END.sub(r"10^-\1", t)
            t = _LOST_TIMES.sub("×", t)
            if LOST in t or "^-" not in t:
                return None
        if _THOUSANDS.fullmatch(t):
            return float(re.sub(f"[,{_GROUP_SEP}]", "", t))
        m = _POWER.fullmatch(t) or _TIMES_DASH.fullmatch(t)
        if m:
            exp = int(m.group("e").replace(" ", ""))
            if m.re is _TIMES_DASH:
                exp = -exp
            mant = float(m.group("m")) if m.group("m") else 1.0
            value = mant * 10.0 ** exp
        elif _PLAIN.fullmatch(t):
            value = float(t)
        else:
            return None
        if not math.isfinite(value):
            return None
        # 4.49 × 10^-3 computes as 0.0044900000000000005: keep the digits as written.
        return float(f"{value:.12g}")
    except (ValueError, OverflowError):
        return None


_RANGE_JOIN = re.compile(r"[-−–—‐]|\bto\b|\band\b", re.I)
_RANGE_FROM = re.compile(r"(?:from|between)\s", re.I)
_DASHES = "-−–—‐"


def parse_range(text: str) -> tuple[float, float] | None:
    """Low and high of a range such as "0.2–0.5", "from 30 to 280", "1-2", "10^-4 to 10^-3".

    >>> parse_range("0.2–0.5")
    (0.2, 0.5)

    Linear in the length of ``text``: the separators are found in one scan and a range
    longer than any table cell is refused before any is tried.
    """
    if not isinstance(text, str):
        return None
    t = text.strip()
    if not t or len(t) > 2 * _MAX_NUMBER:
        return None
    m = _RANGE_FROM.match(t)
    if m:
        t = t[m.end():].lstrip()
    for sep in _RANGE_JOIN.finditer(t):
        a, b = t[:sep.start()].strip(), t[sep.end():].strip()
        if not a or not b or b[0] in _DASHES:
            continue
        low, high = parse_number(a), parse_number(b)
        if low is not None and high is not None:
            return (low, high)
    return None


# ------------------------------------------------------------- find_quantities

_MANT = (rf"(?:[0-9]{{1,3}}(?:[{_GROUP_SEP}][0-9]{{3}})+(?![0-9.,])"
         r"|[0-9]{1,3}(?:,[0-9]{3})+(?![0-9.])"
         r"|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
_PM = r"(?:\s{0,2}(?:±|\+/-)\s{0,2}(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))?"
_EXP = (rf"(?:\^\(?[-−–+]?[0-9]{{1,3}}\)?|<sup>[ ]{{0,2}}[-−–+]?[0-9]{{1,3}}[ ]{{0,2}}</sup>"
        rf"|[⁻⁺]?[{_SUP_DIGITS}]{{1,3}})")
# an exponent whose minus a PDF font lost: "10 GLYPH<c0> 4" (after normalise: "10 \ufffd 4")
_LOST_EXP = rf"(?:[ \u00a0]?{LOST}[ \u00a0]?[0-9]{{1,2}})"
# "5 × 10⁻⁷", "5⋅10−7", "5e-7", "5 10⁻⁷" (PDF fonts often drop the ×: accepted only with a raised
# exponent), "9.2 (cid:5) 10 (cid:1) 4" (both lost)
_SCI = (rf"(?:\s{{0,2}}[{_TIMES_CHARS}]\s{{0,2}}10(?:\s{{0,2}}(?:{_EXP}|[-−–][0-9]{{1,2}})|{_LOST_EXP})"
        rf"|[ \u00a0]?{LOST}[ \u00a0]?10(?:{_EXP}|{_LOST_EXP})"
        rf"|\s{{1,2}}10(?:\s?{_EXP}|{_LOST_EXP})"
        r"|[eE][-+]?[0-9]{1,3})?")
_NUM = re.compile(rf"(?<![\w.,^])(?:10(?:\s?{_EXP}|{_LOST_EXP})|{_MANT}{_PM}{_SCI})(?![0-9{_SUP_DIGITS}])")

#: a number in any notation the quantity finder reads ("4.8 × 10−4", "1.2e-3", "0.41"), for callers that
#: walk a list of numbers written before one unit
NUMBER = _NUM

_ATOMS_TEXT = sorted([
    "mAh", "mA", "μA", "µA", "uA", "A", "mS", "ms", "μS", "µS", "μ S", "µ S", "uS", "S", "g", "cm", "nm", "μm", "µm", "um", "mm", "m",
    "hours", "hour", "hrs", "hr", "h", "minutes", "minute", "mins", "min", "seconds", "second",
    "sec", "s", "days", "day", "Ω", "Ω", "ohms", "ohm", "Ohms", "Ohm", "kΩ", "kohm", "kOhm", "eV",
    "mV", "V", "GPa", "K", "C", "cycles", "cycle", "%",
], key=len, reverse=True)
_ATOM = (r"(?:(?:°|º|˚)\s?C|℃|(?<![A-Za-z])oC|wt\s?\.?\s?%|%|(?:"
         + "|".join(re.escape(a) for a in _ATOMS_TEXT) + r")(?![A-Za-z]))")
# a unit's power; "cm-1." at the end of a sentence is still cm⁻¹
_UEXP = (r"(?:\s?<sup>\s?[-−–+]?[0-9]\s?</sup>|\^\(?[-−–+]?[0-9]\)?"
         rf"|\s?[⁻⁺]?[{_SUP_DIGITS}]|[-−–]?[0-9](?![0-9]|[.,][0-9])|\s{{0,2}}[-−–]\s{{1,2}}[1-3](?![0-9]|[.,][0-9]))?")
_UNIT_ATOM = re.compile(_ATOM + _UEXP)
_UNIT_SEP = re.compile(r"\s{0,2}[/·⋅•∙\uf0d7]\s{0,2}|[ \u00a0\u2009\u202f]")
_LEAD_SPACE = re.compile(r"[ \u00a0\u2009\u202f]{0,2}")
#: a compound adjective joins number and unit with a hyphen: "a 10-nm-thick film", "a 500-h test"
_HYPHEN_LEAD = re.compile(r"[-‐](?=(?:nm|μm|µm|um|mm|cm|h|hours?|days?)(?![A-Za-z]))")

_QUALIFIERS = [
    (re.compile(r"(?:~|∼|≈|≃|\\sim|\\approx|(?<![A-Za-z])(?:approx\.|approximately|around|about|nearly"
                r"|roughly|ca\.|circa|almost))\s{0,3}$", re.I), "~"),
    (re.compile(r"(?:≤|<=|⩽|\\leq|(?<![A-Za-z])(?:up\s{1,3}to|at\s{1,3}most|not\s{1,3}exceeding"
                r"|no\s{1,3}more\s{1,3}than))\s{0,3}$", re.I), "<="),
    (re.compile(r"(?:≥|>=|⩾|\\geq|(?<![A-Za-z])(?:at\s{1,3}least|no\s{1,3}less\s{1,3}than))\s{0,3}$", re.I),
     ">="),
    (re.compile(r"(?:<|(?<![A-Za-z])(?:less\s{1,3}than|lower\s{1,3}than|smaller\s{1,3}than|fewer\s{1,3}than"
                r"|below|under))\s{0,3}$",
                re.I), "<"),
    (re.compile(r"(?:>|(?<![A-Za-z])(?:more\s{1,3}than|greater\s{1,3}than|higher\s{1,3}than"
                r"|larger\s{1,3}than|over|above|exceeding|exceeds|exceeded|beyond"
                r"|in\s{1,3}excess\s{1,3}of))\s{0,3}$", re.I), ">"),
]
_FROM = re.compile(r"(?<![A-Za-z])(from|between)\s{1,3}$", re.I)
_RANGE_SEP = re.compile(r"\s{0,2}(?:[-−–—‐]|to\b|and\b)\s{0,2}", re.I)
_RT = re.compile(r"(?<![A-Za-z])(?:RT|[Rr]oom[\s-]temperature)(?![A-Za-z])")
_C_OVER = re.compile(r"(?<![A-Za-z0-9/])C\s?/\s?([0-9]+(?:\.[0-9]+)?)(?![0-9.])")
_HAS_EXP = re.compile(rf"[\^{_SUP_DIGITS}eE]|<sup>|10\s?[-−–]")
#: Kinds whose values are read with a minus a PDF lost: conductivities are 10⁻¹⁸ to 10⁻¹ S/cm, so an
#: exponent printed without its sign ("4 10 ¹⁰ S cm ¹") can only be negative.
_LOST_MINUS_KINDS = frozenset({"conductivity"})
#: Kinds a lost glyph right before the number makes unknowable (it may be a minus, ~ or <).
_SIGNED_KINDS = frozenset({"temperature", "voltage", "energy"})


def _match_unit(text: str, pos: int) -> tuple[str, int] | None:
    """The longest unit starting at ``pos`` (after at most two spaces): (key, end)."""
    hyphen = _HYPHEN_LEAD.match(text, pos)
    start = hyphen.end() if hyphen else _LEAD_SPACE.match(text, pos).end()
    ends: list[int] = []
    m = _UNIT_ATOM.match(text, start)
    while m and len(ends) < 4:
        ends.append(m.end())
        sep = _UNIT_SEP.match(text, m.end())
        if not sep:
            break
        m = _UNIT_ATOM.match(text, sep.end())
    for end in reversed(ends):
        key = parse_unit(text[start:end])
        if key:
            return key, end
    return None


def _qualifier(text: str, start: int) -> tuple[str, int]:
    window_start = max(0, start - 30)
    before = text[window_start:start]
    for pattern, symbol in _QUALIFIERS:
        m = pattern.search(before)
        if m:
            return symbol, window_start + m.start()
    return "", start


def _mention(text: str, start: int, end: int, value: float, unit: str, low: float, high: float,
             qualifier: str) -> QuantityMention:
    quantity = Quantity(value=value, unit=unit, low=low, high=high, qualifier=qualifier,
                        kind=UNITS[unit].kind)
    return QuantityMention(start, end, text[start:end], quantity)


def _signed(text: str, start: int, value: float) -> tuple[float, int]:
    """Apply a minus sign written right before the number ("−20 °C")."""
    if start >= 1 and text[start - 1] in "-−" and (start == 1 or text[start - 2] in " (=:[\n\t"):
        return -value, start - 1
    return value, start


def find_quantities(text: str) -> list[QuantityMention]:
    """Every number+unit mention in ``text``, in order, with offsets into ``text``.

    >>> m = find_quantities("a layer of 20–25 μm")[0]
    >>> (m.text, m.quantity.low, m.quantity.high, m.quantity.unit)
    ('20–25 μm', 20.0, 25.0, 'um')

    The notations of real papers are read through :func:`normalise` (LaTeX, "S cm -1",
    "mS.cm", lost glyphs); PDF text that lost a minus is read only for a conductivity:

    >>> [(m.text, m.quantity.value) for m in find_quantities("of $10^{-4}$ S cm$^{-1}$ and 4 10 ¹⁰ S cm ¹")]
    [('$10^{-4}$ S cm$^{-1}$', 0.0001), ('4 10 ¹⁰ S cm ¹', 4e-10)]
    """
    if not isinstance(text, str) or not text:
        return []
    norm, starts, ends = normalise(text)
    found = _find(norm)
    if norm is text:
        return found
    out = []
    for q in found:
        start, end = starts[q.start], ends[q.end - 1]
        span = text[start:end]
        if span.count("$") % 2:  # "10^{-4}$ S cm$^{-1}$": take in the "$" that opened the math
            if start > 0 and text[start - 1] == "$":
                start -= 1
            elif end < len(text) and text[end] == "$":
                end += 1
        out.append(QuantityMention(start, end, text[start:end], q.quantity))
    return out


def _find(text: str) -> list[QuantityMention]:
    out: list[QuantityMention] = []
    pos = 0
    while (m := _NUM.search(text, pos)) is not None:
        # a number that starts inside the last mention ("cm-1 10 ..."): look again after it
        pos = m.end()
        if out and m.start() < out[-1].end:
            pos = out[-1].end
            continue
        lossy = bool(_LOSSY.search(m.group(0)))
        first = _parse_number(m.group(0), lost_minus=lossy)
        if first is None:
            continue
        mention = _number_mention(text, m, first, lossy)
        if mention:
            out.append(mention)
            pos = max(pos, mention.end)
    for rx, make in ((_RT, _rt_mention), (_C_OVER, _c_over_mention)):
        for m in rx.finditer(text):
            if not any(q.start <= m.start() < q.end or m.start() <= q.start < m.end() for q in out):
                mention = make(text, m)
                if mention:
                    out.append(mention)
    out.sort(key=lambda q: q.start)
    return out


def _flattened_power(text: str, m: re.Match, sep: re.Match, m2: re.Match, first: float, high: float,
                     key: str) -> float | None:
    """"10-3 S cm-1", "10−10 S/cm", "2.10–7 S/cm": a power of ten whose superscript was
    flattened into the line, read so only where a range cannot be meant."""
    dash = sep.group(0).strip()
    if dash not in ("-", "−", "–") or not m2.group(0).isdigit() or not 1 <= high <= 20:
        return None
    tight = not sep.group(0).endswith((" ", "\u00a0"))
    if m.group(0) == "10" and (first > high or (key == "S/cm" and tight)):
        return 10.0 ** -high  # a range "10 to 3" runs backwards; "10 to 10 S/cm" is no range
    if re.fullmatch(r"[1-9]\.10", m.group(0)) and key == "S/cm" and tight and not sep.group(0)[0].isspace():
        return float(f"{int(m.group(0)[0]) * 10.0 ** -high:.12g}")  # "2.10–7 S/cm": 2·10⁻⁷
    return None


def _number_mention(text: str, m: re.Match, first: float, lossy: bool = False) -> QuantityMention | None:
    start, end = m.start(), m.end()
    unit = _match_unit(text, end)
    # A range: "20–25 μm", "from 30 to 280 nm", "20 nm to 25 nm", "between 1 and 2 V".
    sep = _RANGE_SEP.match(text, unit[1] if unit else end)
    second = None
    lossy2 = False
    if sep:
        m2 = _NUM.match(text, sep.end())
        if m2:
            joined = sep.group(0).strip().lower()
            before = _FROM.search(text[max(0, start - 10):start])
            if joined == "and" and not (before and before.group(1).lower() == "between"):
                m2 = None
            elif joined == "to" and not before and not unit \
                    and not (_HAS_EXP.search(m.group(0)) and _HAS_EXP.search(m2.group(0))):
                m2 = None
        if m2:
            lossy2 = bool(_LOSSY.search(m2.group(0)))
            value2 = _parse_number(m2.group(0), lost_minus=lossy2)
            unit2 = _match_unit(text, m2.end())
            if value2 is not None and unit2 and (unit is None or unit[0] == unit2[0]):
                second = (value2, unit2)
    key = (second[1][0] if second else unit[0] if unit else None)
    if key is None:
        return None
    if (lossy or (second and lossy2)) and UNITS[key].kind not in _LOST_MINUS_KINDS:
        return None  # "10 ⁶ Torr", "10 (cid:0) 2 mA": the lost glyph may have been anything
    if UNITS[key].kind in _SIGNED_KINDS and start and LOST in text[max(0, start - 2):start]:
        return None  # "( GLYPH<0> 3.04 V": minus, ~ or < before the number, unknown which
    if second:
        (high, (key, uend)) = second
        low = first
        flat = _flattened_power(text, m, sep, m2, first, high, key)
        if flat is not None:
            return _single(text, start, uend, flat, key)
        if low > high:
            # "decreased from 30 000 to 280 Ω": a change, not a range; the second number
            # is found on its own by the caller's scan
            qualifier, qstart = _qualifier(text, start)
            return _mention(text, qstart, m.end(), low, key, low, low, qualifier)
        qualifier, qstart = _qualifier(text, start)
        before = _FROM.search(text[max(0, qstart - 10):qstart])
        if before:
            qstart = max(0, qstart - 10) + before.start()
        return _mention(text, qstart, uend, (low + high) / 2, key, low, high, qualifier)
    return _single(text, start, unit[1], first, unit[0])


def _single(text: str, start: int, end: int, value: float, key: str) -> QuantityMention:
    if UNITS[key].kind in _SIGNED_KINDS:
        value, start = _signed(text, start, value)
    qualifier, qstart = _qualifier(text, start)
    return _mention(text, qstart, end, value, key, value, value, qualifier)


def _rt_mention(text: str, m: re.Match) -> QuantityMention:
    return _mention(text, m.start(), m.end(), 25.0, "degC", 25.0, 25.0, "RT")


def _c_over_mention(text: str, m: re.Match) -> QuantityMention | None:
    n = parse_number(m.group(1))
    if not n:
        return None
    value = float(f"{1 / n:.12g}")
    return _mention(text, m.start(), m.end(), value, "C", value, value, "")


def parse_quantity(text: str, unit: str | None = None) -> Quantity | None:
    """Read one table cell: a quantity with its own unit, or a number/range in ``unit``.

    >>> parse_quantity("~120", unit="um")
    Quantity(value=120.0, unit='um', low=120.0, high=120.0, qualifier='~', kind='thickness')
    >>> parse_quantity("4 10 ¹⁰", unit="S/cm").value
    4e-10
    """
    found = find_quantities(text)
    if found:
        return found[0].quantity
    if unit is None or unit not in UNITS:
        return None
    t = normalise(text)[0].strip()
    m = _NUM.search(t)
    if not m:
        return None
    qualifier, _ = _qualifier(t, m.start())
    rest = t[m.start():]
    rng = parse_range(rest)
    if rng:
        lo, hi = sorted(rng)
        return Quantity((lo + hi) / 2, unit, lo, hi, qualifier, UNITS[unit].kind)
    lossy = bool(_LOSSY.search(m.group(0)))
    if lossy and UNITS[unit].kind not in _LOST_MINUS_KINDS:
        return None
    value = _parse_number(m.group(0), lost_minus=lossy)
    if value is None:
        return None
    return Quantity(value, unit, value, value, qualifier, UNITS[unit].kind)
