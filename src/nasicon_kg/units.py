"""Units the extractor knows: their keys, QUDT IRIs, kinds and conversions.

Every unit has a short ``key`` ("mA/cm2", "S/cm", ...) that :class:`~nasicon_kg.model.Quantity`
stores, a QUDT IRI (or one in our own namespace where QUDT has none), a ``kind``
and a ``factor`` to the kind's base unit (``base = value * factor + offset``).

>>> parse_unit("mA cm⁻²")
'mA/cm2'
>>> convert(1, "mS/cm", "S/cm")
0.001
"""
from __future__ import annotations

import re
from dataclasses import dataclass

QUDT = "http://qudt.org/vocab/unit/"
NKG = "https://w3id.org/nasicon-kg/ontology#"


@dataclass(frozen=True)
class Unit:
    key: str
    label: str
    qudt: str
    kind: str
    factor: float
    offset: float = 0.0  # only temperatures: degC = K * 1 + (-273.15)


def _u(key: str, label: str, iri: str, kind: str, factor: float = 1.0, offset: float = 0.0) -> Unit:
    return Unit(key, label, iri if iri.startswith("http") else QUDT + iri, kind, factor, offset)


UNITS: dict[str, Unit] = {u.key: u for u in (
    _u("nm", "nm", "NanoM", "thickness"),
    _u("um", "μm", "MicroM", "thickness", 1e3),
    _u("mm", "mm", "MilliM", "thickness", 1e6),
    _u("cm", "cm", "CentiM", "thickness", 1e7),
    _u("h", "h", "HR", "duration"),
    _u("min", "min", "MIN", "duration", 1 / 60),
    _u("s", "s", "SEC", "duration", 1 / 3600),
    _u("day", "day", "DAY", "duration", 24.0),
    _u("mA/cm2", "mA cm⁻²", NKG + "MilliA-PER-CentiM2", "current_density"),
    _u("uA/cm2", "μA cm⁻²", NKG + "MicroA-PER-CentiM2", "current_density", 1e-3),
    _u("A/cm2", "A cm⁻²", "A-PER-CentiM2", "current_density", 1e3),
    _u("S/cm", "S cm⁻¹", "S-PER-CentiM", "conductivity"),
    _u("mS/cm", "mS cm⁻¹", "MilliS-PER-CentiM", "conductivity", 1e-3),
    _u("uS/cm", "μS cm⁻¹", NKG + "MicroS-PER-CentiM", "conductivity", 1e-6),
    _u("S/m", "S m⁻¹", "S-PER-M", "conductivity", 1e-2),
    _u("mAh/g", "mAh g⁻¹", "MilliA-HR-PER-GM", "capacity"),
    _u("mAh/cm2", "mAh cm⁻²", NKG + "MilliA-HR-PER-CentiM2", "areal_capacity"),
    _u("%", "%", "PERCENT", "percentage"),
    _u("wt%", "wt%", "PERCENT", "mass_fraction"),
    _u("degC", "°C", "DEG_C", "temperature"),
    _u("K", "K", "K", "temperature", 1.0, -273.15),
    _u("eV", "eV", "EV", "energy"),
    _u("V", "V", "V", "voltage"),
    _u("mV", "mV", "MilliV", "voltage", 1e-3),
    _u("ohm cm2", "Ω cm²", NKG + "OHM-CentiM2", "area_resistance"),
    _u("kohm cm2", "kΩ cm²", NKG + "OHM-CentiM2", "area_resistance", 1e3),
    _u("ohm", "Ω", "OHM", "resistance"),
    _u("kohm", "kΩ", "KiloOHM", "resistance", 1e3),
    _u("ohm cm", "Ω cm", "OHM-CentiM", "resistivity"),
    _u("C", "C", NKG + "C-RATE", "c_rate"),
    _u("cycle", "cycles", NKG + "CYCLE", "cycles"),
    _u("GPa", "GPa", "GigaPA", "modulus"),
)}

#: Base unit of each kind (the unit whose factor is 1 and offset 0).
BASE_UNITS: dict[str, str] = {u.kind: u.key for u in UNITS.values() if u.factor == 1 and not u.offset}

# Atoms: spellings of one unit symbol, mapped to a canonical atom. Order of the
# regex alternation is longest first so "mAh" wins over "mA".
_ATOMS: dict[str, str] = {
    "nm": "nm", "um": "um", "mm": "mm", "cm": "cm", "m": "m",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "s": "s", "sec": "s", "second": "s", "seconds": "s",
    "day": "day", "days": "day", "d": "day",
    "mA": "mA", "uA": "uA", "A": "A", "mAh": "mAh", "Ah": "Ah",
    "S": "S", "mS": "mS", "uS": "uS", "g": "g",
    "ohm": "ohm", "Ohm": "ohm", "OHM": "ohm", "ohms": "ohm", "Ohms": "ohm", "kohm": "kohm",
    "kOhm": "kohm", "degC": "degC", "oC": "degC", "K": "K", "eV": "eV", "V": "V", "mV": "mV",
    "GPa": "GPa", "C": "C", "cycle": "cycle", "cycles": "cycle", "%": "%", "wt%": "wt%",
}

# Signatures (sorted atom/exponent pairs) -> unit key.
_SIGNATURES: dict[tuple[tuple[str, int], ...], str] = {}


def _sig(*pairs: tuple[str, int]) -> tuple[tuple[str, int], ...]:
    merged: dict[str, int] = {}
    for atom, exp in pairs:
        if atom == "mAh":
            merged["mA"] = merged.get("mA", 0) + exp
            merged["h"] = merged.get("h", 0) + exp
        else:
            merged[atom] = merged.get(atom, 0) + exp
    return tuple(sorted((a, e) for a, e in merged.items() if e))


for _key, _pairs in {
    "nm": [("nm", 1)], "um": [("um", 1)], "mm": [("mm", 1)], "cm": [("cm", 1)],
    "h": [("h", 1)], "min": [("min", 1)], "s": [("s", 1)], "day": [("day", 1)],
    "mA/cm2": [("mA", 1), ("cm", -2)], "uA/cm2": [("uA", 1), ("cm", -2)],
    "A/cm2": [("A", 1), ("cm", -2)],
    "S/cm": [("S", 1), ("cm", -1)], "mS/cm": [("mS", 1), ("cm", -1)],
    "uS/cm": [("uS", 1), ("cm", -1)], "S/m": [("S", 1), ("m", -1)],
    "mAh/g": [("mA", 1), ("h", 1), ("g", -1)],
    "mAh/cm2": [("mA", 1), ("h", 1), ("cm", -2)],
    "%": [("%", 1)], "wt%": [("wt%", 1)], "degC": [("degC", 1)], "K": [("K", 1)],
    "eV": [("eV", 1)], "V": [("V", 1)], "mV": [("mV", 1)],
    "ohm cm2": [("ohm", 1), ("cm", 2)], "kohm cm2": [("kohm", 1), ("cm", 2)],
    "ohm": [("ohm", 1)], "kohm": [("kohm", 1)], "ohm cm": [("ohm", 1), ("cm", 1)],
    "C": [("C", 1)], "cycle": [("cycle", 1)], "GPa": [("GPa", 1)],
}.items():
    _SIGNATURES[_sig(*_pairs)] = _key
# A typo the literature has: "mA g h-1" for mAh g-1.
_SIGNATURES[_sig(("mA", 1), ("g", 1), ("h", -1))] = "mAh/g"

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_TAG = re.compile(r"</?\s*(?:sup|sub|su[pb]\s[^>]*)\s*>", re.I)
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|rm|mathit)\s*\{([^{}]*)\}")

_ATOM_RE = "|".join(sorted((re.escape(a) for a in _ATOMS), key=len, reverse=True))
_FACTOR = re.compile(rf"({_ATOM_RE})(?![A-Za-z])(?:\^?\(?([+-]?\d)\)?)?")


#: A glyph the PDF font or converter lost: docling's "GLYPH<c0>" (also HTML-escaped), pdfminer's "(cid:3)".
GLYPH_RESIDUE = re.compile(r"GLYPH(?:<|&lt;)[^<>&\s]{1,12}(?:>|&gt;)|\(cid:\d{1,5}\)|\ufffd")
_SPACE_RUN = re.compile(r"\s+")
_RAISED = frozenset("<^⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹")
_GLUED = re.compile(r"(?<![A-Za-z])(m?S|mAh?|[uμµ]A|ohm|Ω)(cm|g)(?![A-Za-z])")


def _drop_space_before_raised(m: re.Match) -> str:
    nxt = m.string[m.end():m.end() + 1]
    return "" if nxt and nxt in _RAISED else m.group(0)


def clean_unit_text(text: str) -> str:
    """Flatten the spellings of a unit string: tags, LaTeX, superscripts, mu, Omega, dashes,
    "mS.cm" and "mScm", a space or a lost glyph before an exponent ("cm -1", "cm(cid:0) 1").

    >>> [clean_unit_text(s) for s in ("mS.cm -1", "Scm GLYPH<c0> 1", "S cm$^{-1}$")]
    ['mS cm-1', 'S cm-1', 'S cm^-1']
    """
    t = _SPACE_RUN.sub(_drop_space_before_raised, text)  # one pass over each run: linear
    t = _TAG.sub("", t)
    t = _LATEX_TEXT.sub(r"\1", t)
    t = t.replace("\\mu", "u").replace("\\Omega", "Ω").replace("^\\circ", "°").replace("\\circ", "°")
    t = t.replace("\\%", "%").replace("{", "").replace("}", "").replace("~", " ").replace("\\,", " ")
    t = t.replace("$", "")
    t = t.translate(_SUPERSCRIPTS)
    t = t.replace("μ", "u").replace("µ", "u").replace("Ω", "ohm").replace("Ω", "ohm")
    t = re.sub(r"(?<![A-Za-z])u\s(?=S\b)", "u", t)  # "µ S cm-1": a converter's space in µS
    t = t.replace("\uf0d7", " ")  # the Symbol font's middle dot, in private use: "mS \uf0d7 cm-1"
    t = re.sub(r"[−–—‐]", "-", t)
    # a lost glyph between a unit symbol and a digit can only be an exponent's minus
    t = re.sub(r"(?<=[A-Za-z])\s{0,2}(?:" + GLYPH_RESIDUE.pattern + r")\s{0,2}(?=\d)", "-", t)
    t = re.sub(r"(?:°|º|˚|\bdeg\.?)\s{0,2}C\b", "degC", t).replace("℃", "degC")
    t = re.sub(r"(?<![A-Za-z])o\s?C\b", "degC", t)
    t = re.sub(r"\bwt\s{0,2}\.?\s{0,2}%", "wt%", t)
    t = re.sub(r"(?<=[A-Za-z])\.(?=[A-Za-z])", " ", t)  # "mS.cm"
    t = re.sub(r"[·⋅•∙*]", " ", t)
    t = _GLUED.sub(r"\1 \2", t)  # "mScm-1"
    t = re.sub(r"(?<=[A-Za-z]) {1,2}(?=[-+]\d)", "", t)  # "cm -1"
    t = re.sub(r"(?<=[A-Za-z]) {0,2}- {1,2}(?=[1-3](?![\d.]))", "-", t)  # "cm  - 1", as NER chunks space it
    return " ".join(t.split())


_SPACED_SUP = re.compile(r"(?<=[A-Za-z]) ([¹²³])(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")


def parse_unit(text: str) -> str | None:
    """The key of the unit ``text`` spells, or None.

    >>> [parse_unit(s) for s in ("S cm−1", "mA h g-1", "Ω cm2", "µm", "wt.%", "hours")]
    ['S/cm', 'mAh/g', 'ohm cm2', 'um', 'wt%', 'h']

    PDF text that lost an exponent's minus ("S cm ¹": a space, then a bare raised digit) is
    read with the minus only where the unit as written is not a unit at all:

    >>> parse_unit("S cm ¹"), parse_unit("Ω cm ²")
    ('S/cm', 'ohm cm2')

    A lower-cased siemens is read where seconds would make no unit: ``parse_unit("s cm-1")`` is
    'S/cm', ``parse_unit("s")`` stays 's'.
    """
    if not text or len(text) > 80:
        return None
    key = _parse_unit(text)
    if key is None and _SPACED_SUP.search(text):
        key = _parse_unit(_SPACED_SUP.sub(lambda m: "⁻" + m.group(1), text))
    if key is None and _LOWER_SIEMENS.match(text):
        key = _parse_unit(_LOWER_SIEMENS.sub(lambda m: m.group(1) + "S", text, count=1))
    if key is None:
        key = _LOST_EXPONENT.get(clean_unit_text(text))
    return key


#: units that are no unit without their exponent, as text that lost it prints them ("3.82 mS cm",
#: "0.1 mA cm"): siemens or amperes per length is never meant
_LOST_EXPONENT = {"S cm": "S/cm", "mS cm": "mS/cm", "uS cm": "uS/cm", "mA cm": "mA/cm2", "mAh cm": "mAh/cm2",
                  "uA cm": "uA/cm2"}


#: a lower-cased siemens ("s cm-1", "ms cm-1" in text a converter lower-cased): seconds per length is no unit
_LOWER_SIEMENS = re.compile(r"^([mµμu]?)s(?=\s?(?:cm|m)\b)")


def _parse_unit(text: str) -> str | None:
    t = clean_unit_text(text)
    if not t:
        return None
    pairs: list[tuple[str, int]] = []
    pos = 0
    invert_next = False
    while pos < len(t):
        ch = t[pos]
        if ch == " ":
            pos += 1
            continue
        if ch == "/":
            if invert_next or not pairs:
                return None
            invert_next = True
            pos += 1
            continue
        m = _FACTOR.match(t, pos)
        if not m:
            return None
        atom = _ATOMS[m.group(1)]
        exp = int(m.group(2)) if m.group(2) else 1
        if exp == 0:
            return None
        if invert_next:
            exp = -exp
            invert_next = False
        pairs.append((atom, exp))
        pos = m.end()
    if invert_next or not pairs:
        return None
    return _SIGNATURES.get(_sig(*pairs))


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between two units of one kind (ValueError otherwise).

    >>> convert(300, "K", "degC")
    26.850000000000023
    >>> convert(2, "um", "nm")
    2000.0
    """
    try:
        src, dst = UNITS[from_unit], UNITS[to_unit]
    except KeyError as exc:
        raise ValueError(f"unknown unit {exc.args[0]!r}") from None
    if src.kind != dst.kind:
        raise ValueError(f"cannot convert {src.kind} ({from_unit}) to {dst.kind} ({to_unit})")
    if src is dst:
        return float(value)
    base = value * src.factor + src.offset
    return (base - dst.offset) / dst.factor


def to_base(value: float, unit: str) -> tuple[float, str]:
    """``value`` in the base unit of its kind, and that unit's key."""
    base = BASE_UNITS[UNITS[unit].kind]
    return convert(value, unit, base), base
