"""Formulas from the systematic names of simple inorganic compounds: "magnesium nitride" -> Mg3N2.

Papers name a layer by its name as often as by its formula ("a lithiophilic magnesium nitride
layer", "tin(IV) oxide", "titanium dioxide"). The ontology's labels cover the common ones; this
covers the rest of a small, regular grammar:

    name    = cation [ "(" roman ")" ] [ prefix ] anion
    cation  = an element name (British or American spelling)
    anion   = oxide nitride fluoride chloride bromide iodide sulfide selenide telluride phosphide
              hydride phosphate carbonate sulfate nitrate hydroxide borate

The cation's charge is its Roman numeral, else its one common charge; an element with several
common charges (Sn, Cu, Fe, Co, ...) needs either the numeral or a prefix on the anion
("tin dioxide"). A name that the grammar cannot balance gives None rather than a guess.
"""
from __future__ import annotations

import re
from math import gcd

#: element name -> (symbol, its one common charge or None when it has several)
CATIONS: dict[str, tuple[str, int | None]] = {
    "lithium": ("Li", 1), "sodium": ("Na", 1), "potassium": ("K", 1), "cesium": ("Cs", 1),
    "caesium": ("Cs", 1), "rubidium": ("Rb", 1), "silver": ("Ag", 1), "magnesium": ("Mg", 2),
    "calcium": ("Ca", 2), "strontium": ("Sr", 2), "barium": ("Ba", 2), "zinc": ("Zn", 2),
    "cadmium": ("Cd", 2), "beryllium": ("Be", 2), "aluminum": ("Al", 3), "aluminium": ("Al", 3),
    "gallium": ("Ga", 3), "indium": ("In", 3), "boron": ("B", 3), "yttrium": ("Y", 3),
    "lanthanum": ("La", 3), "scandium": ("Sc", 3), "bismuth": ("Bi", 3), "zirconium": ("Zr", 4),
    "hafnium": ("Hf", 4), "silicon": ("Si", 4), "germanium": ("Ge", 4), "titanium": ("Ti", 4),
    "niobium": ("Nb", 5), "tantalum": ("Ta", 5), "tin": ("Sn", None), "copper": ("Cu", None),
    "iron": ("Fe", None), "cobalt": ("Co", None), "nickel": ("Ni", None), "manganese": ("Mn", None),
    "chromium": ("Cr", None), "vanadium": ("V", None), "molybdenum": ("Mo", None),
    "tungsten": ("W", None), "antimony": ("Sb", None), "lead": ("Pb", None), "cerium": ("Ce", None),
}
#: anion word -> (formula part, charge, whether the part needs brackets when more than one)
ANIONS: dict[str, tuple[str, int, bool]] = {
    "oxide": ("O", 2, False), "nitride": ("N", 3, False), "fluoride": ("F", 1, False),
    "chloride": ("Cl", 1, False), "bromide": ("Br", 1, False), "iodide": ("I", 1, False),
    "sulfide": ("S", 2, False), "sulphide": ("S", 2, False), "selenide": ("Se", 2, False),
    "telluride": ("Te", 2, False), "phosphide": ("P", 3, False), "hydride": ("H", 1, False),
    "phosphate": ("PO4", 3, True), "carbonate": ("CO3", 2, True), "sulfate": ("SO4", 2, True),
    "sulphate": ("SO4", 2, True), "nitrate": ("NO3", 1, True), "hydroxide": ("OH", 1, True),
    "borate": ("BO3", 3, True),
}
_PREFIXES = {"mono": 1, "di": 2, "tri": 3, "tetra": 4, "penta": 5, "pent": 5}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}

_NAME = re.compile(
    r"(?P<cation>[a-z]+)(?:\((?P<roman>[ivx]+)\)\s*|\s+)(?P<prefix>mono|di|tri|tetra|penta|pent)?"
    r"(?P<anion>[a-z]+)", re.I)


def is_anion_word(word: str) -> bool:
    """Whether ``word`` (with or without a count prefix) is an anion this grammar knows."""
    w = word.lower()
    return w in ANIONS or any(w.startswith(p) and w[len(p):] in ANIONS for p in _PREFIXES)


def _parse(name: str):
    m = _NAME.fullmatch(" ".join(name.split()).replace(" (", "(").replace("( ", "(").replace(" )", ")"))
    if not m or m["cation"].lower() not in CATIONS or m["anion"].lower() not in ANIONS:
        return None
    return m


def is_compound_name(name: str) -> bool:
    """Whether ``name`` has the grammar's shape, balanced or not ("copper oxide" is; "lead to
    lithium oxide" is not)."""
    return _parse(name) is not None


def formula_from_name(name: str) -> str | None:
    """The formula a systematic name gives, or None.

    >>> [formula_from_name(n) for n in ("magnesium nitride", "aluminium oxide", "tin(IV) oxide",
    ...                                 "titanium dioxide", "lithium phosphate", "tin oxide", "zinc blende")]
    ['Mg3N2', 'Al2O3', 'SnO2', 'TiO2', 'Li3PO4', None, None]
    """
    m = _parse(name)
    if m is None:
        return None
    symbol, common = CATIONS[m["cation"].lower()]
    part, charge, grouped = ANIONS[m["anion"].lower()]
    if m["prefix"]:  # "titanium dioxide": the count of the anion is written, one cation
        count = _PREFIXES[m["prefix"].lower()]
        return symbol + _group(part, count, grouped)
    valence = _ROMAN.get((m["roman"] or "").lower()) if m["roman"] else common
    if valence is None:
        return None
    d = gcd(valence, charge)
    cations, anions = charge // d, valence // d
    return f"{symbol}{cations if cations > 1 else ''}{_group(part, anions, grouped)}"


def _group(part: str, count: int, grouped: bool) -> str:
    if count == 1:
        return part
    return f"({part}){count}" if grouped else f"{part}{count}"
