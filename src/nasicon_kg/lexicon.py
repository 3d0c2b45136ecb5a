"""The extractor's vocabulary, read from the ontology's SKOS labels and nowhere else.

Every material, method, problem, strategy type and kind, cell test and electrolyte family
the ontology names becomes a :class:`Term` with all its labels (``skos:prefLabel``,
``skos:altLabel`` and their sub-properties ``nkg:abbreviation`` and ``nkg:formula``).

Categories:

``material``       an individual under res:material/ (LATP, LLZTO, Li6PS5Cl, Na, PEO, ZnO);
``method``         a fabrication method (ALD, sputtering);
``problem``        an interface problem (reduction by Li metal, void formation);
``strategy_type``  what a strategy's layer is made of (inorganic protective layer, hybrid layer);
``strategy_kind``  where the fix sits (electrolyte coating, anode coating, interlayer,
                   alloy or composite anode, current-collector coating);
``cell``           a cell test (symmetric cell, full cell);
``family``         an electrolyte family class ("garnet", "sulfide electrolyte", "NASICON"):
                   a reference to resolve to a named material of that family, not a material.

>>> lx = load_lexicon()
>>> t = lx.lookup("LLZTO")
>>> t.category, t.material_class, t.electrolyte_family, t.is_solid_electrolyte
('material', 'GarnetElectrolyte', 'garnet', True)
>>> lx.lookup("garnet").category, lx.lookup("garnet").electrolyte_family
('family', 'garnet')
>>> lx.lookup("sodium metal").is_alkali_metal
True
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


#: Electrolyte family classes (local names) -> the family's name. A term's family is that of the
#: most specific of its classes found here: an argyrodite is a sulfide, a sulfide glass a sulfide,
#: LiPON (nkg:LiPONElectrolyte, a glass) "LiPON". tests/test_lexicon.py keeps this in step with
#: the ontology (every subclass of nkg:SolidElectrolyte is here or under one that is).
ELECTROLYTE_FAMILIES = {
    "NASICONElectrolyte": "NASICON",
    "GarnetElectrolyte": "garnet",
    "SulfideElectrolyte": "sulfide",
    "HalideElectrolyte": "halide",
    "HydroborateElectrolyte": "hydroborate",
    "PerovskiteElectrolyte": "perovskite",
    "LiPONElectrolyte": "LiPON",
    "PolymerElectrolyte": "polymer",
}


@dataclass(frozen=True)
class Term:
    iri: str
    pref_label: str
    labels: tuple[str, ...]
    #: "material" | "method" | "problem" | "strategy_type" | "strategy_kind" | "cell" | "family"
    category: str
    #: local names of the term's ontology classes and all their superclasses, most specific first
    #: (for a class term, the class itself first)
    classes: tuple[str, ...] = ()
    formula: str = ""
    abbreviations: tuple[str, ...] = ()

    @property
    def is_nasicon(self) -> bool:
        return "NASICONElectrolyte" in self.classes

    @property
    def material_class(self) -> str:
        return self.classes[0] if self.classes else ""

    @property
    def is_solid_electrolyte(self) -> bool:
        """A solid electrolyte of any family, polymer electrolytes included; a polymer that the
        ontology does not class as nkg:PolymerElectrolyte (PEO, PVDF-HFP) is not one."""
        return "SolidElectrolyte" in self.classes

    @property
    def electrolyte_family(self) -> str | None:
        """"NASICON", "garnet", "sulfide", "halide", "hydroborate", "perovskite", "LiPON",
        "polymer", or None for a term that is no solid electrolyte (or of no known family)."""
        for cls in self.classes:
            if cls in ELECTROLYTE_FAMILIES:
                return ELECTROLYTE_FAMILIES[cls]
        return None

    @property
    def is_alkali_metal(self) -> bool:
        """Li, Na or K metal (nkg:AlkaliMetal); not an alloy of them, not a salt."""
        return "AlkaliMetal" in self.classes


class Lexicon:
    """All terms, with lookup by any label (exact, then case-folded)."""

    def __init__(self, terms: list[Term]):
        self.terms = tuple(terms)
        self._exact: dict[str, Term] = {}
        self._folded: dict[str, Term] = {}
        self._lower_only: set[str] = set()  # folded labels first written in lower case
        self._iri = {t.iri: t for t in self.terms}
        self._pref: dict[tuple[str, str], Term] = {}
        for term in self.terms:
            self._pref.setdefault((term.pref_label, term.category), term)
            self._pref.setdefault((term.pref_label, ""), term)
        for term in self.terms:
            for label in term.labels:
                self._exact.setdefault(label, term)
                self._folded.setdefault(_fold(label), term)
                if label.islower():
                    self._lower_only.add(_fold(label))

    def lookup(self, label: str) -> Term | None:
        """The term with this label: exactly, else case-folded, except that a formula-cased query
        never folds onto a lower-case word ("TiN" is titanium nitride, not "tin")."""
        label = " ".join(label.split())
        exact = self._exact.get(label)
        if exact is not None:
            return exact
        folded = _fold(label)
        if folded in self._lower_only and _CAMEL.search(label):
            return None
        return self._folded.get(folded)

    def by_iri(self, iri: str) -> Term | None:
        return self._iri.get(iri)

    def by_pref_label(self, label: str, category: str | None = None) -> Term | None:
        return self._pref.get((label, category or ""))

    def of(self, category: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.category == category)

    def __len__(self) -> int:
        return len(self.terms)


_CAMEL = re.compile(r"[a-z][A-Z]")


def _fold(label: str) -> str:
    return " ".join(label.casefold().replace("–", "-").replace("‐", "-").split())


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Build the lexicon from ``ontology/nasicon.ttl`` (or the file given)."""
    from .ontology import load_ontology_graph, terms_from_graph

    return Lexicon(terms_from_graph(load_ontology_graph(Path(path) if path else None)))
