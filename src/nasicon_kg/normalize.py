"""Material mentions -> canonical material entities (one resource per material).

Resolution order of :func:`normalize_material`:

1. an abbreviation the paper defines (``abbreviations`` maps short -> long) is
   resolved through its long form; it wins over the ontology's own meaning of
   the short form ("PVC" defined as "poly(vinylene carbonate)" is not PVC);
2. the ontology's labels, exactly, then normalised (subscripts, LaTeX, tags,
   dashes, spacing, case) and by formula ("Li₃PO₄" = "Li3PO4" = "lithium phosphate");
3. prefixes: "a-LAGP" / "amorphous LAGP" (a glass electrolyte), "Nb-doped LATP";
4. NASICON formula families: Li-Al-Ti-P-O is LATP, Li-Al-Ge-P-O LAGP, both LATGP;
   the specific composition becomes its own entity of that class;
5. mixtures "A/B", "A and B", "A-B" whose parts are all materials;
6. anything else is a new entity whose class :func:`infer_class` guesses.

Keys are deterministic: a known material's key is its ontology local name, a new
one's its canonical formula or its case-folded label with other characters as "-".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from .lexicon import Lexicon, Term
from .model import Entity
from .nlp.chemnames import formula_from_name
from .nlp.formula import (ALKALI_METALS, RARE_ELEMENTS, canonical_formula, format_formula, parse_formula,
                          parse_ratio_composition, ratio_elements)

MATERIAL_NS = "https://w3id.org/nasicon-kg/resource/material/"

CLASSES = ("Oxide", "DopedOxide", "LithiumSalt", "Fluoride", "Nitride", "Sulfide", "Metal", "Polymer",
           "PolymerElectrolyte", "IonicLiquid", "Nanocomposite", "HybridMaterial", "GlassElectrolyte",
           "NASICONElectrolyte", "LATP", "LAGP", "LATGP", "GarnetElectrolyte", "SulfideElectrolyte",
           "HalideElectrolyte", "HydroborateElectrolyte", "PerovskiteElectrolyte", "CathodeMaterial", "Carbon",
           "LiquidElectrolyte", "Alloy", "SolidElectrolyte", "Material")
NASICON_CLASSES = frozenset({"NASICONElectrolyte", "LATP", "LAGP", "LATGP"})
#: electrolyte family (as :func:`electrolyte_family` names it) -> the ontology class of a minted member
FAMILY_CLASSES = {"NASICON": "NASICONElectrolyte", "garnet": "GarnetElectrolyte",
                  "sulfide": "SulfideElectrolyte", "halide": "HalideElectrolyte",
                  "hydroborate": "HydroborateElectrolyte", "perovskite": "PerovskiteElectrolyte",
                  "LiPON": "GlassElectrolyte"}


#: the entity type (kept under its old name for callers of this module)
MaterialEntity = Entity


def material_iri(key: str) -> str:
    """The IRI of a material with this key (the same scheme as ``rdf.iris.material_iri``)."""
    return MATERIAL_NS + quote(key, safe="-._~()")


# ------------------------------------------------------------------ label cleaning

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋ₓ", "0123456789+-x")


def clean_label(text: str) -> str:
    """Tags, LaTeX wrappers, subscripts, odd dashes and spacing flattened."""
    t = re.sub(r"</?(?:sub|sup|i|em|b)>", "", text, flags=re.I)
    t = re.sub(r"\\(?:text|mathrm|rm|mathit)\s*\{([^{}]*)\}", r"\1", t)
    t = re.sub(r"_\{([^{}]*)\}", r"\1", t)
    t = t.replace("$", "").replace("\\", "")
    t = t.translate(_SUB)
    t = re.sub(r"[−–—‐‑]", "-", t)
    t = " ".join(t.split())
    return t.strip(" ,;:.")


def _loose(label: str) -> str:
    return re.sub(r"[^0-9a-z()\[\]+]", "", label.casefold().replace("aluminium", "aluminum"))


def label_key(label: str) -> str:
    """Case-folded label, runs of other characters as "-": "Al-doped ZnO" -> "al-doped-zno"."""
    return re.sub(r"[^0-9a-z]+", "-", label.casefold()).strip("-") or "material"


class _Index:
    """Material terms of a lexicon by loose label and by formula."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.by_loose: dict[str, Term] = {}
        self.lower_only: set[str] = set()  # loose forms of labels written in lower case ("tin")
        self.by_formula: dict[str, Term] = {}
        for term in lexicon.of("material"):
            for label in term.labels:
                self.by_loose.setdefault(_loose(label), term)
                if label.islower():
                    self.lower_only.add(_loose(label))
            for text in (term.formula, *term.labels):
                f = parse_formula(text)
                if f:
                    self.by_formula.setdefault(f.text, term)
                    self.by_formula.setdefault(format_formula(f), term)


@lru_cache(maxsize=8)
def _index(lexicon: Lexicon) -> _Index:
    return _Index(lexicon)


def term_family(term: Term) -> str:
    """A known material's electrolyte family: the ontology's, else its formula's."""
    family = getattr(term, "electrolyte_family", None)
    if family:
        return family
    if term.is_nasicon or term.material_class in NASICON_CLASSES:
        return "NASICON"
    if term.material_class == "GlassElectrolyte":
        return "LiPON"
    return electrolyte_family(term.formula) or "" if term.formula else ""


def _known(term: Term) -> MaterialEntity:
    key = unquote(term.iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    cls = term.material_class or "Material"
    return MaterialEntity(label=term.pref_label, key=key, cls=cls, formula=term.formula,
                          is_nasicon=term.is_nasicon or cls in NASICON_CLASSES, known=True, iri=term.iri,
                          family=term_family(term))


def _new(label: str, cls: str, formula: str = "", components: tuple[str, ...] = (),
         key: str | None = None, family: str | None = None) -> MaterialEntity:
    key = key or (formula if formula and formula == label else label_key(label))
    if family is None:
        family = next((f for f, c in FAMILY_CLASSES.items() if c == cls), "") or (
            "NASICON" if cls in NASICON_CLASSES else "")
    return MaterialEntity(label=label, key=key, cls=cls, formula=formula,
                          is_nasicon=cls in NASICON_CLASSES,
                          known=False, iri=material_iri(key), components=components, family=family)


# ------------------------------------------------------------------ classes

METALS = frozenset("""
Li Be Na Mg Al K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Cs Ba
La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po Fr Ra Ac Th Pa U
Np Pu Am Cm Bk Cf Es Fm Md No Lr B Si Ge As Sb Te
""".split())
_SALT = re.compile(r"^Li[0-9]*(?:F|Cl|Br|I|OH|PO4|BF4|PF6|AsF6|ClO4|CO3|NO3|SO4|S|CF3SO3"
                   r"|N\(SO2CF3\)2|N\(SO2F\)2)$")
_SALT_NAME = re.compile(r"^Li[- ]?(?:TFSI|FSI|BOB|DFOB|BETI|Tf|TFSA|FSA|DCTA|TDI)$", re.I)
_POLYMER_ABBR = frozenset("""PEO PVDF PVdF PVDF-HFP PAN PMMA PVC PVCA PAA PMA PMAA PEG PEGDA PTFE PI PVA PVP
PS PE PP PET PDMS PU PTMC PCL PPC PVAc PEGDME PDOL PTHF PVEC PEC PTNB""".split())
_IL = re.compile(r"ionic liquid|\bPyr\d|\bPY\d|\bEMI|\bBMI|\[C\d+m?im\]|mim\]|imidazolium|pyrrolidinium|"
                 r"piperidinium", re.I)
_CATHODE_METALS = frozenset({"Fe", "Co", "Ni", "Mn", "V"})
_CARBON = re.compile(r"\b(?:graphene|graphite|carbon|CNTs?|rGO|GO|acetylene black|super ?P|"
                     r"Ketjen ?black)\b", re.I)


#: Framework cations M of LiM2(PO4)3; the one with the largest stoichiometry is the host.
FRAMEWORK_CATIONS = ("Ti", "Ge", "Zr", "Hf", "Sn")


def nasicon_dopants(formula: str) -> tuple[str, ...]:
    """Dopant elements of a NASICON composition: every element but Li, P, O and the host cation.

    >>> nasicon_dopants("Li1.3Al0.3Ti1.7(PO4)3")
    ('Al',)
    >>> nasicon_dopants("Li1.5Al0.4Cr0.1Ge1.5(PO4)3")
    ('Al', 'Cr')
    >>> nasicon_dopants("LiTi2(PO4)3")
    ()
    """
    from .nlp.formula import element_ratio

    f = parse_formula(formula, strict=False)
    if not f or nasicon_family(formula) is None:
        return ()
    symbols = list(dict.fromkeys(s for s, _ in f.elements))
    hosts = [(element_ratio(f, m) or 0.0, m) for m in FRAMEWORK_CATIONS if m in symbols]
    host = max(hosts)[1] if hosts else None
    return tuple(s for s in symbols if s not in ("Li", "P", "O", host))


def nasicon_family(formula: str) -> str | None:
    """LATP / LAGP / LATGP / NASICONElectrolyte for a Li M2(PO4)3-type formula, else None."""
    f = parse_formula(formula, strict=False)
    if not f:
        return None
    symbols = {s for s, _ in f.elements}
    if not {"Li", "P", "O"} <= symbols or not symbols & {"Ti", "Ge", "Zr", "Hf", "Sn"}:
        return None
    if "(PO4)3" not in f.text and not re.search(r"P3O12", format_formula(f)):
        return None
    if symbols <= {"Li", "Al", "Ti", "P", "O"} and {"Al", "Ti"} <= symbols:
        return "LATP"
    if symbols <= {"Li", "Al", "Ge", "P", "O"} and {"Al", "Ge"} <= symbols:
        return "LAGP"
    if symbols <= {"Li", "Al", "Ti", "Ge", "P", "O"} and {"Al", "Ti", "Ge"} <= symbols:
        return "LATGP"
    return "NASICONElectrolyte"


_HALIDE_HOSTS = frozenset("Y In Sc Zr Hf La Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Ta Nb Al Ga Ti Fe Bi Sn".split())
_HALOGENS = frozenset({"F", "Cl", "Br", "I"})


def _amount(f, symbol: str) -> float:
    """The summed numeric count of ``symbol`` in a formula (0 where a count is symbolic)."""
    total = 0.0
    for sym, stoich in f.elements:
        if sym == symbol:
            try:
                total += float(stoich or 1)
            except ValueError:
                return 0.0
    return total


def electrolyte_family(formula: str) -> str | None:
    """The solid-electrolyte family of an alkali-ion conductor's composition, from its elements.

    >>> [electrolyte_family(f) for f in ("Li1.3Al0.3Ti1.7(PO4)3", "Li6.4La3Zr1.4Ta0.6O12", "Li6PS5Cl",
    ...                                  "Li3YCl6", "Na2B12H12", "Na3Zr2Si2PO12", "Li0.33La0.56TiO3")]
    ['NASICON', 'garnet', 'sulfide', 'halide', 'hydroborate', 'NASICON', 'perovskite']
    >>> electrolyte_family("LiCoO2"), electrolyte_family("ZnO"), electrolyte_family("LiF")
    (None, None, None)
    >>> electrolyte_family("Na3SbP0.16S3.6O0.4"), electrolyte_family("Li3PO4"), electrolyte_family("Li3PS3.5O0.5")
    ('sulfide', None, 'sulfide')
    """
    if nasicon_family(formula):
        return "NASICON"
    f = parse_formula(formula, strict=False)
    if not f:
        return None
    symbols = {s for s, _ in f.elements}
    alkali = symbols & {"Li", "Na", "K"}
    if not alkali or len(symbols) < 3:
        return None
    if {"Zr", "Si", "P", "O"} <= symbols and "Na" in symbols:
        return "NASICON"
    if {"La", "Zr", "O"} <= symbols:
        return "garnet"
    if {"La", "Ti", "O"} <= symbols:
        return "perovskite"
    if {"B", "H"} <= symbols and not symbols - alkali - {"B", "H", "C", "N", "Cl", "Br", "I"}:
        return "hydroborate"
    if "S" in symbols and symbols & {"P", "Sb", "Ge", "Si", "Sn", "As"} and (
            "O" not in symbols or _amount(f, "S") > _amount(f, "O") > 0):
        return "sulfide"  # an oxysulfide with more S than O (Na3SbP0.16S3.6O0.4) too
    if symbols & _HALOGENS and not symbols & {"O", "S"} and symbols & _HALIDE_HOSTS:
        return "halide"
    return None


def _glass_system(label: str) -> tuple[str, str] | None:
    """(label, family) of a glass system written as its compounds joined by dashes, one of them
    an alkali compound, when their elements make a solid-electrolyte family.

    >>> _glass_system("Li2S–GeS2–P2S5"), _glass_system("Li2O-Al2O3"), _glass_system("LiF/Li3N")
    (('Li2S-GeS2-P2S5', 'sulfide'), None, None)
    """
    from .nlp.formula import parse_composite

    text = canonical_formula(label)
    if "-" not in text or re.search(r"[/|+]", text):
        return None
    parts = parse_composite(text)
    if not parts or not any({s for s, _ in f.elements} & {"Li", "Na", "K"} for _, f in parts):
        return None
    family = ratio_family(parts)
    return (text, family) if family else None


def ratio_family(parts) -> str:
    """The electrolyte family of a ratio composition, from its summed elements; an oxygen minor
    beside sulfur (an oxysulfide glass, "75Li2S·24P2S5·1P2O5") leaves it a sulfide.

    >>> ratio_family(parse_ratio_composition("75Li2S·24P2S5·1P2O5")), ratio_family(parse_ratio_composition("0.5Li2O-0.5B2O3"))
    ('sulfide', '')
    >>> ratio_family(parse_ratio_composition("0.13ZrO2-0.61NaCl-0.26Na2ZrCl6"))
    'halide'

    """
    total = ratio_elements(parts)
    anions = total.get("S", 0) or sum(total.get(x, 0) for x in ("F", "Cl", "Br", "I"))
    if anions >= 4 * total.get("O", 0) > 0:
        del total["O"]  # an oxide minor beside a sulfide or a halide: "0.13ZrO2-0.61NaCl-0.26Na2ZrCl6"
    return electrolyte_family("".join(f"{sym}{amount:g}" for sym, amount in total.items())) or ""


def infer_class(label: str, formula: str = "") -> str:
    """A class name (from :data:`CLASSES`) for a material the ontology does not know.

    >>> infer_class("MgF2", "MgF2"), infer_class("poly(ethylene glycol)"), infer_class("Nb2O5", "Nb2O5")
    ('Fluoride', 'Polymer', 'Oxide')
    >>> infer_class("Li22Sn5", "Li22Sn5")
    'Alloy'

    """
    lab = label.strip()
    low = lab.casefold()
    if re.search(r"\b(?:gel\s+)?polymer\s+electrolyte|\b(?:SPE|GPE|CPE)\b", lab, re.I):
        return "PolymerElectrolyte"
    if "ionic liquid" in low or _IL.search(lab):
        return "IonicLiquid"
    solvents = r"(?:EC|DMC|DEC|EMC|DME|DOL|PC)"
    if "liquid electrolyte" in low or re.search(rf"\b{solvents}\s*[/:]\s*{solvents}\b", lab):
        return "LiquidElectrolyte"
    if re.search(r"\bdoped\b|-doped\b", low):
        return "DopedOxide"
    if "hybrid" in low:
        return "HybridMaterial"
    if "composite" in low:
        return "Nanocomposite"
    if low.startswith("poly") or re.match(r"^P\(", lab) or "polymer" in low \
            or lab.split()[-1] in _POLYMER_ABBR or lab in _POLYMER_ABBR:
        return "Polymer"
    if _CARBON.search(lab):
        return "Carbon"
    if _SALT_NAME.match(lab):
        return "LithiumSalt"
    f = parse_formula(formula or lab, strict=False)
    if not f:
        return "Material"
    family = nasicon_family(f.text)
    if family:
        return family
    family = electrolyte_family(f.text)
    if family:
        return FAMILY_CLASSES[family]
    symbols = {s for s, _ in f.elements}
    if symbols == {"C"}:
        return "Carbon"
    if len(symbols) == 1:
        return "Metal" if symbols <= METALS else "Material"
    if symbols <= METALS and symbols & {"Li", "Na", "K"} and not symbols & RARE_ELEMENTS \
            and parse_formula(formula or lab) is not None:
        return "Alloy"  # an intermetallic of the alkali metal: Li3Ga7, Li22Sn5, Na15Sn4 (not "BK")
    if symbols & {"Li", "Na", "K"} and symbols & (_CATHODE_METALS | {"Cr", "Ti", "Ru", "Ir"}) and "O" in symbols:
        return "CathodeMaterial"  # LiCoO2, NaCrO2, Na3V2(PO4)3, LiFePO4, Li2RuO3, the electrode Li4Ti5O12
    if _SALT.match(f.text):
        return "LithiumSalt"
    if "F" in symbols and "O" not in symbols:
        return "Fluoride"
    if "N" in symbols and len(symbols) == 2:
        return "Nitride"
    if "S" in symbols and "O" not in symbols and len(symbols) == 2:
        return "Sulfide"
    if "O" in symbols and symbols - {"O"} <= METALS | {"P"}:
        return "Oxide"
    return "Material"


# ------------------------------------------------------------------ resolution

_AMORPHOUS = re.compile(r"^(?:a-|amorphous\s+|glassy\s+|glass-ceramic\s+|glass\s+)(?P<rest>.+)$", re.I)
_DOPED = re.compile(r"^(?P<dopant>[A-Z][a-z]?\d*(?:,\s*[A-Z][a-z]?)*)[- ]doped\s+(?P<rest>.+)$")
_MIX_AND = re.compile(r"\s+(?:and|&|with)\s+|\s*\+\s*")


def _lookup(label: str, lexicon: Lexicon) -> MaterialEntity | None | bool:
    """A known entity, False when the label is a non-material term, None when unknown."""
    for candidate in dict.fromkeys((label, clean_label(label))):
        term = lexicon.lookup(candidate)
        if term is not None:
            return _known(term) if term.category == "material" else False
    index = _index(lexicon)
    cleaned = clean_label(label)
    term = index.by_loose.get(_loose(cleaned))
    if term is not None and not (re.search(r"[a-z][A-Z]", cleaned) and _loose(cleaned) in index.lower_only):
        return _known(term)  # but "TiN" (titanium nitride) never loosens to "tin"
    f = parse_formula(cleaned, strict=False)
    if f:
        term = index.by_formula.get(f.text) or index.by_formula.get(format_formula(f))
        if term is not None:
            return _known(term)
    return None


def _split_mixture(label: str) -> list[str] | None:
    from .nlp.formula import split_outside_brackets

    parts = split_outside_brackets(label, "/|")
    if len(parts) > 1:
        return [p.strip() for p in parts]
    parts = _MIX_AND.split(label)
    if len(parts) > 1:
        return [p.strip() for p in parts]
    if "-" in label and " " not in label:
        return [p.strip() for p in label.split("-")]
    return None


_ALLOY = re.compile(r"(?P<metals>[A-Z][a-z]?(?:\s?[-–‐]\s?[A-Z][a-z]?){1,2})(?:\s+alloys?)?")


def alloy_label(label: str) -> str | None:
    """ "Na–Sn alloy", "Li-Zn" -> "Na-Sn", "Li-Zn": metals joined by dashes, one of them an alkali
    metal (the anode's), are an alloy; "Li-S" or "Ti-O" are not (S and O are not metals).

    >>> alloy_label("Na–Sn alloy"), alloy_label("Li-Zn"), alloy_label("Li-S"), alloy_label("Ag-C")
    ('Na-Sn', 'Li-Zn', None, None)
    """
    m = _ALLOY.fullmatch(label.strip())
    if not m:
        return None
    metals = [x.strip() for x in re.split(r"[-–‐]", m.group("metals"))]
    if len(set(metals)) < len(metals) or not all(x in METALS for x in metals) or \
            not any(x in ALKALI_METALS for x in metals):
        return None
    return "-".join(metals)


def _resolve(label: str, lexicon: Lexicon, depth: int = 0) -> MaterialEntity | None:
    found = _lookup(label, lexicon)
    if found is False:
        return None
    if found:
        return found  # type: ignore[return-value]
    cleaned = clean_label(label)
    named = formula_from_name(cleaned)
    if named and depth < 2:  # "magnesium nitride": the compound its systematic name gives
        return _resolve(named, lexicon, depth + 1)
    m = _AMORPHOUS.match(cleaned)
    if m and depth < 2:
        base = _resolve(m.group("rest"), lexicon, depth + 1)
        if base and base.is_nasicon:
            short = "a-" + base.label
            return MaterialEntity(label=short, key=label_key(short) if not base.known else "a-" + base.key,
                                  cls="GlassElectrolyte", formula=base.formula, is_nasicon=True, known=False,
                                  iri=material_iri("a-" + base.key), components=(), family=base.family)
        if base:
            return base
    m = _DOPED.match(cleaned)
    if m and depth < 2:
        base = _resolve(m.group("rest"), lexicon, depth + 1)
        if base and base.is_nasicon:
            return _new(cleaned, base.cls if base.cls in NASICON_CLASSES else "NASICONElectrolyte")
        if base and base.family:
            return _new(cleaned, FAMILY_CLASSES.get(base.family, base.cls), family=base.family)
        return _new(cleaned, "DopedOxide")
    alloy = alloy_label(cleaned)
    if alloy:
        return _new(alloy, "Alloy", key=label_key(alloy))
    f = parse_formula(cleaned)
    if f:
        family = nasicon_family(f.text)
        if family:
            return _new(f.text, family, formula=f.text, key=f.text)
        return _new(f.text, infer_class(f.text, f.text), formula=f.text, key=f.text)
    ratio = parse_ratio_composition(cleaned)
    if ratio:  # "75Li2S·24P2S5·1P2O5": one glass, its family from what it is made of
        family = ratio_family(ratio)
        text = canonical_formula(cleaned)
        return _new(text, FAMILY_CLASSES.get(family, "Material"), key=label_key(text), family=family)
    system = _glass_system(cleaned)
    if system:  # "Li2S-P2S5", "Li2S-GeS2-P2S5": a glass system of one family, not a mixture
        return _new(system[0], FAMILY_CLASSES.get(system[1], "Material"), key=label_key(system[0]),
                    family=system[1])
    if depth < 2:
        parts = _split_mixture(cleaned)
        if parts and len(parts) >= 2 and all(parts):
            resolved = [_part(p, lexicon, depth + 1) for p in parts]
            if all(resolved):
                comps = tuple(r.label for r in resolved)  # type: ignore[union-attr]
                classes = [r.cls for r in resolved]  # type: ignore[union-attr]
                polymers = [c for c in classes if c in ("Polymer", "PolymerElectrolyte")]
                if polymers and "LithiumSalt" in classes and len(classes) == len(polymers) + 1:
                    cls = "PolymerElectrolyte"
                elif polymers and len(polymers) < len(classes):
                    cls = "HybridMaterial"
                elif len(polymers) == len(classes):
                    cls = "Polymer"
                else:
                    cls = "Nanocomposite"
                joined = "/".join(comps)
                return _new(joined, cls, components=comps, key=label_key(joined))
    if not re.search(r"[A-Za-z]", cleaned) or len(cleaned) > 100:
        return None
    cls = infer_class(cleaned)
    if cls == "Material" and not looks_chemical(cleaned) and re.fullmatch(r"[A-Z][A-Z0-9]{1,5}s?", cleaned):
        return None  # "XRD", "DRT", "VB": an acronym with nothing chemical about it names no material
    return _new(cleaned, cls)


def minted_entity(label: str) -> MaterialEntity:
    """A material the text names without saying what it is ("SP" in a cell "Li/SP/LPSCl/SP/Li"):
    minted from its label, of no more specific class than Material (an acronym's letters are not
    its elements: SP is Super P carbon, not a sulfide)."""
    return _new(label, "Material")


def named_electrolyte(label: str) -> MaterialEntity:
    """A solid electrolyte the text names by an acronym it does not define ("the NTC SE"):
    minted from its label as a nkg:SolidElectrolyte of family "other" (its composition, and so
    its family, is not in the text)."""
    return _new(label, "SolidElectrolyte", family="other")


def placeholder_entity(label: str, example: str, lexicon: Lexicon) -> MaterialEntity | None:
    """A formula with a placeholder ("Li6PS5X", "NaMOCl4"): a material of its own, keyed by the
    label as written, of the class and family of ``example`` (the formula with the placeholder's
    first value put in: "Li6PS5Cl")."""
    ent = normalize_material(example, lexicon)
    if ent is None:
        return None
    family = getattr(ent, "family", "") or ""
    cls = FAMILY_CLASSES.get(family, ent.cls) if family else ent.cls
    return _new(label, cls, family=family or None)


def abbreviation_splits(label: str) -> list[tuple[str, str]]:
    """Ways to read a label as an abbreviation with a substitution written after it, longest
    abbreviation first: "LPSBr0.2I0.8" -> [("LPS", "Br0.2I0.8"), ("LP", "SBr0.2I0.8")]. The rest is
    element symbols with counts (or halogens alone: "LPSCl" is LPS + Cl). Which split names a
    material is the caller's to decide."""
    from .nlp.formula import ELEMENTS

    out = []
    for cut in range(len(label) - 1, 1, -1):
        base, rest = label[:cut], label[cut:]
        if not re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][a-z]?", base) or \
                not re.fullmatch(r"(?:[A-Z][a-z]?(?:\d+(?:\.\d+)?)?)+", rest):
            continue
        symbols = re.findall(r"[A-Z][a-z]?", rest)
        if all(x in ELEMENTS for x in symbols) and (re.search(r"\d", rest) or set(symbols) <= _HALOGENS):
            out.append((base, rest))
    return out


#: the morphemes of chemical names: what an abbreviation's long form needs to name a substance
CHEMICAL_WORD = re.compile(
    r"(?:ide|ate|ite|ium|ene|yl|ane|ine|ol|one)s?\b|oxy|poly|acid|amide|imide|ester|ether|glass|ceramic|"
    r"alloy|metal|carbon|graphit|graphene|nanotube|salt|electrolyte|garnet|argyrodite|perovskite|nasicon|"
    r"lisicon|spinel|olivine|composite|hybrid", re.I)
_FORMULA_PIECE = re.compile(r"\b[A-Z][a-z]?\d|\b[A-Z][a-z]?[A-Z][a-z]?\d")


def looks_chemical(text: str) -> bool:
    """Whether a name looks like a substance's: a formula piece or a chemical morpheme.

    >>> [looks_chemical(t) for t in ("lithium phosphorus oxynitride", "poly(ethylene oxide)",
    ...                              "internal short circuits", "distribution of relaxation times")]
    [True, True, False, False]
    """
    words = re.sub(r"[^\w()/+-]+", " ", text)
    return any(CHEMICAL_WORD.search(w) and not _PLAIN_WORD.fullmatch(w) for w in words.split()) or \
        bool(_FORMULA_PIECE.search(text)) or parse_formula(clean_label(text), strict=False) is not None


#: English words that end like chemical names but are not ("circuits" does not; "time", "state" do)
_PLAIN_WORD = re.compile(r"(?:time|state|rate|date|site|plate|late|gate|route|one|none|line|online|machine|"
                         r"engine|outline|baseline|pipeline|define|combine|determine|examine|fine|mine|"
                         r"nine|ol|cool|control|protocol|tool|school|pool|model|level|panel|barrier|"
                         r"relaxation|separate|moderate|accurate|adequate|appropriate|approximate|"
                         r"immediate|intermediate|ultimate|estimate|evaluate|indicate|demonstrate|"
                         r"candidate|substrate|aggregate|climate|ratio)s?", re.I)


def _part(label: str, lexicon: Lexicon, depth: int) -> MaterialEntity | None:
    """A mixture component: known, or a formula; not an arbitrary word."""
    found = _lookup(label, lexicon)
    if found:
        return found  # type: ignore[return-value]
    if found is False:
        return None
    cleaned = clean_label(label)
    if parse_formula(cleaned) or _AMORPHOUS.match(cleaned) or _DOPED.match(cleaned):
        return _resolve(cleaned, lexicon, depth)
    if infer_class(cleaned) in ("Polymer", "LithiumSalt", "IonicLiquid", "Carbon"):
        return _new(cleaned, infer_class(cleaned))
    return None


def _term_labels(lexicon: Lexicon, entity: MaterialEntity) -> tuple[str, ...]:
    term = lexicon.by_iri(entity.iri)
    return term.labels if term else (entity.label,)


_STOP = frozenset({"of", "and", "the", "a", "an", "with", "in"})


def _tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", clean_label(text).casefold()) if t not in _STOP]


def _names_agree(long: str, labels: tuple[str, ...]) -> bool:
    """Whether ``long`` rewords one of ``labels``: every word of each matches a word of the other,
    equal or one a prefix of the other ("alumina doped ZnO" ~ "Al-doped ZnO")."""
    def fits(a: str, b: str) -> bool:
        return a == b or (min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a)))

    words = _tokens(long)
    for label in labels:
        other = _tokens(label)
        if len(other) >= 2 and all(any(fits(w, o) for o in other) for w in words) \
                and all(any(fits(o, w) for w in words) for o in other):
            return True
    return False


#: words of a long form that names a technique, a quantity or a device, not a substance
#: ("scanning electron microscopy (SEM)", "critical current density (CCD)")
NOT_A_SUBSTANCE = re.compile(
    r"\b(?:microscop|spectroscop|spectrometr|diffract|tomograph|analys[ie]s|calculation|theory|theoretical|"
    r"simulation|measurement|method|technique|impedance|voltammetr|resonance|energy|density|densities|"
    r"capacity|efficiency|temperature|potential|window|number|batter(?:y|ies)|cells?\b|test|model|"
    r"function|principle|dynamics|mapping|imaging|profil|titration|polarization|conductivit|"
    r"resistance|current|voltage|rate\b|ratio|coefficient|constant|state of charge|depth of|"
    r"interphase|interface|transfer|electrode|junction|collector|laboratory|national|university|"
    r"institute|company|potentiostat|single[- ]crystal|entropy|boundary|boundaries|microscope)", re.I)


def normalize_material(text: str, lexicon: Lexicon,
                       abbreviations: dict[str, str] | None = None) -> MaterialEntity | None:
    """The entity a material mention names, or None when it names no material.

    ``abbreviations`` are the paper's own definitions (short -> long form).
    """
    if not isinstance(text, str):
        return None
    label = clean_label(text)
    if not label:
        return None
    if abbreviations and label in abbreviations and abbreviations[label].strip() != label:
        long = re.sub(r"(?<=[a-z])- (?=[a-z])", "", abbreviations[label])  # "inter- phase": a line break
        if _lookup(long, lexicon) is False:
            return None  # the paper defines it as a method, problem...: not a material
        if _lookup(long, lexicon) is None and NOT_A_SUBSTANCE.search(long) and not parse_formula(
                clean_label(long), strict=False):
            return None  # "scanning electron microscopy (SEM)": a technique
        via_long = _resolve(long, lexicon)
        own = _lookup(label, lexicon)
        if via_long is not None and not via_long.known and via_long.cls == "Material" and not own \
                and not looks_chemical(long):
            return None  # "internal short circuits (ISCs)": the paper's abbreviation names no substance
        if via_long is not None:
            if via_long.known:
                return via_long
            # keep the ontology's term when the paper's long form is its composition ("LATP")
            # or a rewording of one of its labels ("AZO" = "alumina doped ZnO")
            if isinstance(own, MaterialEntity) and via_long.cls == own.cls and (
                    via_long.formula or _names_agree(long, _term_labels(lexicon, own))):
                return own
            return via_long
    found = _resolve(label, lexicon)
    if found is not None and (found.known or found.formula or found.components or found.family):
        return found
    variant = _variant_entity(label, lexicon, abbreviations)
    return variant or found


def _variant_entity(label: str, lexicon: Lexicon, abbreviations: dict[str, str] | None) -> MaterialEntity | None:
    """"LPSBr0.2I0.8", "LPSZn0.05Br0.2I0.8": a substituted variant of the electrolyte an
    abbreviation names (the lexicon's, or the paper's own), of that electrolyte's family."""
    for base_label, _ in abbreviation_splits(label):
        base = normalize_material(base_label, lexicon, abbreviations)
        if base is not None and base.family and base.family != "polymer":
            return _new(label, FAMILY_CLASSES.get(base.family, base.cls), family=base.family)
    return None


def family_label(entity, lexicon) -> str:
    """The NASICON family a (composition) entity belongs to: LATP, LAGP, LATGP...

    A composition like Li1.3Al0.3Ti1.7(PO4)3 has the family's class; the family
    term is the NASICON term whose most specific class is that class.
    """
    label = entity.label
    term = lexicon.lookup(label)
    if term is not None and term.is_nasicon:
        return term.pref_label
    cls = getattr(entity, "cls", "")
    for t in lexicon.of("material"):
        if t.is_nasicon and t.material_class == cls and cls != "NASICONElectrolyte":
            return t.pref_label
    return label
