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
from .units import UNITS, parse_unit

__all__ = ["QuantityMention", "find_quantities", "parse_number", "parse_quantity", "parse_range"]


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

# ---------------------------------------------------------------- parse_number

_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(rf"[0-9]{{1,3}}(?:[,{_GROUP_SEP}][0-9]{{3}})+(?:\.[0-9]+)?")
_POWER = re.compile(
    r"(?P<m>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?\s*(?:[×xX*·✕]\s*)?"
    r"10\s*(?:\^\s*\(?\s*(?P<e>[+-]?\s*[0-9]+)\s*\)?)")
_TIMES_DASH = re.compile(r"(?P<m>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*[×xX*·✕]\s*10\s*-\s*(?P<e>[0-9]+)")


def _clean_number(text: str) -> str:
    t = text.strip()
    t = re.sub(r"<sup>\s*([^<]*?)\s*</sup>", r"^\1", t, flags=re.I)
    t = _SUP_RUN.sub(lambda m: "^" + m.group(0).translate(_SUP_MAP), t)
    t = t.replace("\\times", "×").replace("\\cdot", "·").replace("\\pm", "±")
    t = t.replace("{", "").replace("}", "").replace("$", "")
    t = _DASH.sub("-", t)
    t = re.sub(r"\s*(?:±|\+/-)\s*[0-9]*\.?[0-9]+", "", t)
    return t.strip()


def parse_number(text: str) -> float | None:
    """The number ``text`` spells, or None.

    >>> [parse_number(s) for s in ("9.6 × 10⁻⁴", "10^-3", "4.49 ± 0.31 × 10−3", "30 000", "2,000")]
    [0.00096, 0.001, 0.00449, 30000.0, 2000.0]
    """
    try:
        t = _clean_number(text)
        if not t or len(t) > 60:
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


_RANGE_SPLIT = re.compile(r"^\s*(?:from\s+|between\s+)?(?P<a>.+?)\s*(?:[-−–—‐]|\bto\b|\band\b)\s*"
                          r"(?P<b>[^-−–—‐].*?)\s*$",
                          re.I)


def parse_range(text: str) -> tuple[float, float] | None:
    """Low and high of a range such as "0.2–0.5", "from 30 to 280", "1-2".

    >>> parse_range("0.2–0.5")
    (0.2, 0.5)
    """
    m = _RANGE_SPLIT.match(text)
    if not m:
        return None
    a, b = parse_number(m.group("a")), parse_number(m.group("b"))
    if a is None or b is None:
        return None
    return (a, b)


# ------------------------------------------------------------- find_quantities

_MANT = (rf"(?:[0-9]{{1,3}}(?:[{_GROUP_SEP}][0-9]{{3}})+(?![0-9.,])"
         r"|[0-9]{1,3}(?:,[0-9]{3})+(?![0-9.])"
         r"|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
_PM = r"(?:\s*(?:±|\+/-)\s*[0-9]*\.?[0-9]+)?"
_EXP = (rf"(?:\^\s*\{{?\(?\s*[-−–+]?[0-9]+\s*\)?\}}?|<sup>\s*[-−–+]?[0-9]+\s*</sup>"
        rf"|[⁻⁺]?[{_SUP_DIGITS}]+)")
# "5 × 10⁻⁷", "5e-7", and "5 10⁻⁷" (PDF fonts often drop the ×: accepted only with a raised exponent)
_SCI = rf"(?:\s*[×xX✕]\s*10\s*(?:{_EXP}|[-−–][0-9]+)|\s+10\s*(?:{_EXP})|[eE][-+]?[0-9]+)?"
_NUM = re.compile(rf"(?<![\w.,^])(?:10{_EXP}|{_MANT}{_PM}{_SCI})(?![0-9])")

_ATOMS_TEXT = sorted([
    "mAh", "mA", "μA", "µA", "uA", "A", "mS", "S", "g", "cm", "nm", "μm", "µm", "um", "mm", "m",
    "hours", "hour", "hrs", "hr", "h", "minutes", "minute", "mins", "min", "seconds", "second",
    "sec", "s", "days", "day", "Ω", "Ω", "ohms", "ohm", "Ohms", "Ohm", "kΩ", "kohm", "kOhm", "eV",
    "mV", "V", "GPa", "K", "C", "cycles", "cycle", "%",
], key=len, reverse=True)
_ATOM = (r"(?:(?:°|º|˚)\s?C|℃|(?<![A-Za-z])oC|wt\s?\.?\s?%|%|(?:"
         + "|".join(re.escape(a) for a in _ATOMS_TEXT) + r")(?![A-Za-z]))")
_UEXP = (r"(?:\s?<sup>\s*[-−–+]?[0-9]\s*</sup>|\^\s*\{?\(?[-−–+]?[0-9]\)?\}?"
         rf"|\s?[⁻⁺]?[{_SUP_DIGITS}]|[-−–]?[0-9](?![0-9.]))?")
_UNIT_ATOM = re.compile(_ATOM + _UEXP)
_UNIT_SEP = re.compile(r"\s{0,2}[/·⋅•]\s{0,2}|[ \u00a0\u2009\u202f]")
_LEAD_SPACE = re.compile(r"[ \u00a0\u2009\u202f]{0,2}")

_QUALIFIERS = [
    (re.compile(r"(?:~|∼|≈|≃|\\sim|\\approx|(?<![A-Za-z])(?:approx\.|approximately|around|about|nearly"
                r"|roughly|ca\.|circa|almost))\s*$", re.I), "~"),
    (re.compile(r"(?:≤|<=|⩽|\\leq|(?<![A-Za-z])(?:up\s+to|at\s+most|not\s+exceeding|no\s+more\s+than))\s*$",
                re.I), "<="),
    (re.compile(r"(?:≥|>=|⩾|\\geq|(?<![A-Za-z])(?:at\s+least|no\s+less\s+than))\s*$", re.I), ">="),
    (re.compile(r"(?:<|(?<![A-Za-z])(?:less\s+than|lower\s+than|smaller\s+than|fewer\s+than"
                r"|below|under))\s*$",
                re.I), "<"),
    (re.compile(r"(?:>|(?<![A-Za-z])(?:more\s+than|greater\s+than|higher\s+than|larger\s+than|over|above"
                r"|exceeding|exceeds|exceeded|beyond|in\s+excess\s+of))\s*$", re.I), ">"),
]
_FROM = re.compile(r"(?<![A-Za-z])(from|between)\s+$", re.I)
_RANGE_SEP = re.compile(r"\s{0,2}(?:[-−–—‐]|to\b|and\b)\s{0,2}", re.I)
_RT = re.compile(r"(?<![A-Za-z])(?:RT|[Rr]oom[\s-]temperature)(?![A-Za-z])")
_C_OVER = re.compile(r"(?<![A-Za-z0-9/])C\s?/\s?([0-9]+(?:\.[0-9]+)?)(?![0-9.])")


def _match_unit(text: str, pos: int) -> tuple[str, int] | None:
    """The longest unit starting at ``pos`` (after at most two spaces): (key, end)."""
    start = _LEAD_SPACE.match(text, pos).end()
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
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[QuantityMention] = []
    taken_until = 0
    for m in _NUM.finditer(text):
        if m.start() < taken_until:
            continue
        first = parse_number(m.group(0))
        if first is None:
            continue
        mention = _number_mention(text, m, first)
        if mention:
            out.append(mention)
            taken_until = mention.end
    for rx, make in ((_RT, _rt_mention), (_C_OVER, _c_over_mention)):
        for m in rx.finditer(text):
            if not any(q.start <= m.start() < q.end or m.start() <= q.start < m.end() for q in out):
                mention = make(text, m)
                if mention:
                    out.append(mention)
    out.sort(key=lambda q: q.start)
    return out


def _number_mention(text: str, m: re.Match, first: float) -> QuantityMention | None:
    start, end = m.start(), m.end()
    unit = _match_unit(text, end)
    # A range: "20–25 μm", "from 30 to 280 nm", "20 nm to 25 nm", "between 1 and 2 V".
    sep = _RANGE_SEP.match(text, unit[1] if unit else end)
    second = None
    if sep:
        m2 = _NUM.match(text, sep.end())
        if m2:
            joined = sep.group(0).strip().lower()
            before = _FROM.search(text[max(0, start - 10):start])
            if joined == "and" and not (before and before.group(1).lower() == "between"):
                m2 = None
            elif joined == "to" and not before and not unit:
                m2 = None
        if m2:
            value2 = parse_number(m2.group(0))
            unit2 = _match_unit(text, m2.end())
            if value2 is not None and unit2 and (unit is None or unit[0] == unit2[0]):
                second = (value2, unit2)
    if second:
        (high, (key, uend)) = second
        low = first
        if m.group(0) == "10" and low > high and float(high).is_integer() and high <= 20 \
                and text[sep.start():sep.end()].strip() in "-−–":
            # "10-3 S cm-1": a flattened power of ten, not a range 10 to 3
            value = 10.0 ** -high
            return _single(text, start, uend, value, key)
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
    if unit:
        return _single(text, start, unit[1], first, unit[0])
    return None


def _single(text: str, start: int, end: int, value: float, key: str) -> QuantityMention:
    if UNITS[key].kind in ("temperature", "voltage", "energy"):
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
    """
    found = find_quantities(text)
    if found:
        return found[0].quantity
    if unit is None or unit not in UNITS:
        return None
    t = text.strip()
    m = _NUM.search(t)
    if not m:
        return None
    qualifier, _ = _qualifier(t, m.start())
    rest = t[m.start():]
    rng = parse_range(rest)
    if rng:
        lo, hi = sorted(rng)
        return Quantity((lo + hi) / 2, unit, lo, hi, qualifier, UNITS[unit].kind)
    value = parse_number(m.group(0))
    if value is None:
        return None
    return Quantity(value, unit, value, value, qualifier, UNITS[unit].kind)
