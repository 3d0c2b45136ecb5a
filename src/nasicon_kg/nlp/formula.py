"""Chemical formulas: "Li1.3Al0.3Ti1.7(PO4)3", "Li₃PO₄", "Li1+xAlxTi2-x(PO4)3", "CuSO4·5H2O".

Which strings are formulas (the rule, tested in tests/test_formula.py):

1. The canonical text (subscripts to ASCII, no spaces, dashes to "-") must parse
   completely into real element symbols (all 118), groups "(...)n"/"[...]n",
   stoichiometries that are numbers in (0, 1000] or linear expressions in x, y, z, δ
   ("1+x", "2-x", "3-δ"), and an optional hydrate "·nH2O".
2. A bare single symbol that is also an English word or a unit ("In", "As", "No",
   "He", "I", "At", "Be", "Am", "Pa", ...), and any bare single-letter symbol
   ("C", "S", "V", "K", ...) is rejected unless ``strict=False``.
3. A formula without any digit or group is accepted only as a binary compound
   ("LiF", "ZnO", "GaN", "SiC"); with all symbols one capital letter ("BN", "CO"),
   only from a short list of known binaries. Digitless strings of three or more
   symbols ("LiPON", "LiBOB", "PVC", "CNS") are abbreviations, not formulas,
   except a few hydroxides/cyanates ("LiOH", "KSCN").
4. Composites "100[Li1.5Cr0.5Ti1.5(PO4)3]–5SiO2" and glass systems "Li2O-Al2O3"
   are not one formula: :func:`parse_formula` returns None and
   :func:`parse_composite` splits them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ELEMENTS = frozenset("""
H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr
Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm
Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No
Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og
""".split())

#: The alkali metals an anode is made of: the metal side of every interface this project is about.
ALKALI_METALS = ("Li", "Na", "K")

#: Symbols that are also English words, units or common abbreviations when they stand alone.
AMBIGUOUS_SYMBOLS = frozenset({"In", "As", "No", "He", "At", "Be", "Am", "Bi", "Pa", "Po", "Ho", "Os",
                               "Re", "Mt", "Md", "Es", "Ts", "Ra", "Hs", "Ds", "Db", "Cm"})
#: Radioactive or synthetic elements: a digitless "compound" of one of them is an abbreviation
#: ("SEs" is solid electrolytes, not sulfur einsteinide).
RARE_ELEMENTS = frozenset("Tc Pm Po At Rn Fr Ra Ac Pa Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs "
                          "Mt Ds Rg Cn Nh Fl Mc Lv Ts Og".split())
#: Digitless all-capital binaries accepted as formulas.
KNOWN_CAPITAL_BINARIES = frozenset({"BN", "CO", "HF", "KF", "KI", "NO"})
#: Digitless compounds of three or more symbols that are formulas, not abbreviations.
KNOWN_DIGITLESS = frozenset({"LiOH", "NaOH", "KOH", "CsOH", "LiSCN", "NaSCN", "KSCN", "LiCN", "HCN"})

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₓ", "0123456789+-=()x")
_VARS = "xyzδ"


@dataclass(frozen=True)
class Formula:
    text: str
    elements: tuple[tuple[str, str], ...]  # (symbol, stoichiometry as written, "" for 1)


def canonical_formula(text: str) -> str:
    """Subscripts to ASCII, tags and spaces removed, dashes to "-", dots to "·".

    >>> canonical_formula("Li₁.₃Al₀.₃Ti₁.₇(PO₄)₃")
    'Li1.3Al0.3Ti1.7(PO4)3'
    """
    t = re.sub(r"</?sub>", "", text, flags=re.I)
    t = re.sub(r"_\{([^{}]*)\}", r"\1", t)
    t = re.sub(r"_([0-9.+\-xyzδ]+)", r"\1", t)
    t = t.replace("\\text", "").replace("\\mathrm", "").replace("{", "").replace("}", "")
    t = t.translate(_SUB)
    t = re.sub(r"[−–—‐‑]", "-", t)
    t = re.sub(r"[•⋅∙]", "·", t)
    return "".join(t.split())


# ---------------------------------------------------------------- linear stoichiometry

_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_TERM = rf"(?:{_NUMBER}?[{_VARS}]|{_NUMBER})"
_STOICH = re.compile(rf"{_TERM}(?:[+\-]{_TERM})*")
_SYMBOL = re.compile(r"[A-Z][a-z]?")


def _linear(expr: str) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for sign, num, var in re.findall(rf"([+\-]?)({_NUMBER})?([{_VARS}])?", expr):
        if not num and not var:
            continue
        coef = Fraction(Decimal(num)) if num else Fraction(1)
        if sign == "-":
            coef = -coef
        out[var] = out.get(var, Fraction(0)) + coef
    return out


def _fmt_number(x: Fraction) -> str:
    d = Decimal(x.numerator) / Decimal(x.denominator)
    s = format(d.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _format_linear(lin: dict[str, Fraction]) -> str:
    parts: list[str] = []
    for var in [""] + sorted(v for v in lin if v):
        coef = lin.get(var, Fraction(0))
        if coef == 0:
            continue
        mag = abs(coef)
        body = _fmt_number(mag) if not var else (var if mag == 1 else _fmt_number(mag) + var)
        parts.append(("-" if coef < 0 else ("+" if parts else "")) + body)
    return "".join(parts) or "0"


def _multiply(stoich: str, mult: Fraction) -> str:
    if mult == 1:
        return stoich
    lin = _linear(stoich) if stoich else {"": Fraction(1)}
    return _format_linear({k: v * mult for k, v in lin.items()})


# ---------------------------------------------------------------- parser

class _Fail(Exception):
    pass


def _parse_seq(t: str, pos: int, closing: str | None) -> tuple[list[tuple[str, str]], int]:
    elements: list[tuple[str, str]] = []
    while pos < len(t):
        ch = t[pos]
        if ch in ")]":
            if closing != ch:
                raise _Fail
            return elements, pos
        if ch in "([":
            inner, pos = _parse_seq(t, pos + 1, ")" if ch == "(" else "]")
            if not inner:
                raise _Fail
            pos += 1
            m = _STOICH.match(t, pos)
            mult_text = m.group(0) if m else ""
            if m:
                pos = m.end()
            if mult_text and not re.fullmatch(_NUMBER, mult_text):
                # a symbolic multiplier ("(CB11H12)x", "(B12H12)1-x") on a group of plain counts
                if any(st and not re.fullmatch(_NUMBER, st) for _, st in inner):
                    raise _Fail
                lin = _linear(mult_text)
                elements.extend((s, _format_linear({k: v * Fraction(Decimal(st or "1")) for k, v in lin.items()}))
                                for s, st in inner)
                continue
            mult = Fraction(Decimal(mult_text)) if mult_text else Fraction(1)
            if mult <= 0 or mult > 1000:
                raise _Fail
            elements.extend((s, _multiply(st, mult)) for s, st in inner)
            continue
        m = _SYMBOL.match(t, pos)
        if not m:
            raise _Fail
        sym = m.group(0)
        if sym not in ELEMENTS:
            if len(sym) == 2 and sym[0] in ELEMENTS and sym[1] not in _VARS:
                raise _Fail
            if len(sym) == 2 and sym[0] in ELEMENTS:
                sym = sym[0]  # "Alx": symbol then variable
            else:
                raise _Fail
        pos += len(sym)
        s = _STOICH.match(t, pos)
        stoich = ""
        if s:
            stoich = s.group(0)
            pos = s.end()
            _check_stoich(stoich)
        elements.append((sym, stoich))
    if closing:
        raise _Fail
    return elements, pos


def _check_stoich(stoich: str) -> None:
    lin = _linear(stoich)
    if re.fullmatch(_NUMBER, stoich):
        value = lin[""]
        if value <= 0 or value > 1000 or (len(stoich) > 1 and stoich[0] == "0" and stoich[1] != "."):
            raise _Fail


def _parse_core(t: str) -> list[tuple[str, str]] | None:
    """Elements of one formula with an optional hydrate part, or None."""
    parts = t.split("·")
    if len(parts) > 2 or not parts[0]:
        return None
    try:
        elements, _ = _parse_seq(parts[0], 0, None)
        if len(parts) == 2:
            m = re.match(rf"({_NUMBER}|[{_VARS}])?", parts[1])
            coef = m.group(1) or ""
            hydrate, _ = _parse_seq(parts[1][m.end():], 0, None)
            if not hydrate:
                return None
            if coef in _VARS and coef:
                if any(st and not re.fullmatch(_NUMBER, st) for _, st in hydrate):
                    return None
                elements.extend((s, (st if st != "1" else "") + coef) for s, st in hydrate)
            else:
                mult = Fraction(Decimal(coef)) if coef else Fraction(1)
                elements.extend((s, _multiply(st, mult)) for s, st in hydrate)
    except (_Fail, ArithmeticError, ValueError):
        return None
    return elements or None


def parse_formula(text: str, *, strict: bool = True) -> Formula | None:
    """A :class:`Formula` if ``text`` is one chemical formula, else None.

    >>> parse_formula("Li3PO4").elements
    (('Li', '3'), ('P', ''), ('O', '4'))
    >>> parse_formula("LATP") is None, parse_formula("In") is None, parse_formula("SEs") is None
    (True, True, True)
    """
    if not isinstance(text, str):
        return None
    t = canonical_formula(text)
    if not t or len(t) > 120 or not t[0].isupper() and t[0] not in "([":
        return None
    elements = _parse_core(t)
    if elements is None:
        return None
    has_digit = any(c.isdigit() for c in t) or any(c in _VARS for c in t)
    symbols = [s for s, _ in elements]
    if strict:
        if len(elements) == 1 and not elements[0][1]:
            if len(t) == 1 or t in AMBIGUOUS_SYMBOLS:
                return None
        elif not has_digit and "(" not in t:
            if len(symbols) == 2:
                if all(len(s) == 1 for s in symbols) and t not in KNOWN_CAPITAL_BINARIES:
                    return None
                if set(symbols) & RARE_ELEMENTS and t not in KNOWN_CAPITAL_BINARIES:
                    return None
            elif t not in KNOWN_DIGITLESS:
                return None
    return Formula(t, tuple(elements))


def format_formula(f: Formula) -> str:
    """The formula's elements written out flat: ``Li3V2(PO4)3`` -> ``Li3V2P3O12``."""
    return "".join(sym + stoich for sym, stoich in f.elements)


def formula_elements(text: str) -> frozenset[str]:
    """The element symbols of a formula or composite (empty when ``text`` is neither)."""
    f = parse_formula(text, strict=False)
    if f:
        return frozenset(s for s, _ in f.elements)
    parts = parse_composite(text)
    return frozenset(s for _, p in parts for s, _ in p.elements) if parts else frozenset()


def element_ratio(f: Formula, symbol: str) -> float | None:
    """Total numeric stoichiometry of ``symbol`` in ``f``; None if absent or symbolic."""
    total = Fraction(0)
    found = False
    for sym, stoich in f.elements:
        if sym != symbol:
            continue
        found = True
        if not stoich:
            total += 1
        elif re.fullmatch(_NUMBER, stoich):
            total += Fraction(Decimal(stoich))
        else:
            return None
    return float(total) if found else None


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split ``text`` at any of the ``separators`` characters that stand outside () and [].

    >>> split_outside_brackets("100[Li1.5Cr0.5Ti1.5(PO4)3]-5SiO2", "-")
    ['100[Li1.5Cr0.5Ti1.5(PO4)3]', '5SiO2']
    >>> split_outside_brackets("P(AA-co-MA)/LiCl", "/-")
    ['P(AA-co-MA)', 'LiCl']
    """
    pieces, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if depth == 0 and ch in separators:
            pieces.append(cur)
            cur = ""
        else:
            cur += ch
    pieces.append(cur)
    return pieces


_COMPOSITE_PART = re.compile(rf"^({_NUMBER})?(?:\[(.+)\]|(.+))$")


def parse_composite(text: str) -> tuple[tuple[float, Formula], ...] | None:
    """Split "100[Li1.5Cr0.5Ti1.5(PO4)3]–5SiO2" or "Li2O-Al2O3-P2O5" into (amount, formula) parts.

    Returns None unless there are at least two parts and each is a formula. The
    amount is the leading coefficient (1.0 when none is written).
    """
    return _amounts_of_parts(text, "-+/", _COMPOSITE_PART)


def _amounts_of_parts(text: str, separators: str, part: re.Pattern) -> tuple[tuple[float, Formula], ...] | None:
    """(amount, formula) of each piece of ``text`` between ``separators``: ``part`` gives the
    amount (group 1, 1.0 when absent) and the compound (the first other group that matched).
    None unless there are two pieces or more and each is a compound (a digit or two elements)."""
    pieces = split_outside_brackets(canonical_formula(text), separators)
    if len(pieces) < 2:
        return None
    out: list[tuple[float, Formula]] = []
    for piece in pieces:
        m = part.match(piece)
        if not m:
            return None
        body = next(g for g in m.groups()[1:] if g)
        f = parse_formula(body, strict=False)
        if f is None or (not any(c.isdigit() for c in body) and len(f.elements) < 2):
            return None
        out.append((float(m.group(1)) if m.group(1) else 1.0, f))
    return tuple(out)


_RATIO_PART = re.compile(rf"^({_NUMBER})%?(?:\[(.+)\]|\((.+)\)|(.+))$")


def parse_ratio_composition(text: str) -> tuple[tuple[float, Formula], ...] | None:
    """A glass or glass-ceramic written as molar amounts of its compounds: "75Li2S·24P2S5·1P2O5",
    "0.775Li2S-0.225P2S5", "70Li2S–30P2S5", "80Li2S:20P2S5".  One material, not a mixture of two.

    Every part needs its amount (so "CuSO4·5H2O" and "Li2S-P2S5" are not ratio compositions),
    and every part must be a compound (a digit or two elements).

    >>> [(a, f.text) for a, f in parse_ratio_composition("75Li2S·24P2S5·1P2O5")]
    [(75.0, 'Li2S'), (24.0, 'P2S5'), (1.0, 'P2O5')]
    >>> parse_ratio_composition("CuSO4·5H2O") is None, parse_ratio_composition("Li2S-P2S5") is None
    (True, True)
    """
    parts = _amounts_of_parts(text, "·-:", _RATIO_PART)  # _RATIO_PART requires each amount
    return parts if parts and all(a > 0 for a, _ in parts) else None


def ratio_elements(parts: tuple[tuple[float, Formula], ...]) -> dict[str, float]:
    """Total amount of each element over a ratio composition's parts (symbolic counts as 1).

    >>> ratio_elements(parse_ratio_composition("70Li2S-30P2S5"))
    {'Li': 140.0, 'S': 220.0, 'P': 60.0}
    """
    total: dict[str, float] = {}
    for amount, f in parts:
        for sym in dict.fromkeys(s for s, _ in f.elements):
            total[sym] = total.get(sym, 0.0) + amount * (element_ratio(f, sym) or 1.0)
    return total
