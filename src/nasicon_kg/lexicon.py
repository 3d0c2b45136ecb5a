"""The extractor's vocabulary, read from the ontology's SKOS labels and nowhere else.

Every material, method, problem and strategy type the ontology names becomes a
:class:`Term` with all its labels (``skos:prefLabel``, ``skos:altLabel`` and
their sub-properties ``nkg:abbreviation`` and ``nkg:formula``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Term:
    iri: str
    pref_label: str
    labels: tuple[str, ...]
    category: str  # "material" | "method" | "problem" | "strategy_type" | "cell"
    classes: tuple[str, ...] = ()  # local names of the ontology classes, most specific first
    formula: str = ""
    abbreviations: tuple[str, ...] = ()

    @property
    def is_nasicon(self) -> bool:
        return "NASICONElectrolyte" in self.classes

    @property
    def material_class(self) -> str:
        return self.classes[0] if self.classes else ""


class Lexicon:
    """All terms, with lookup by any label (exact, then case-folded)."""

    def __init__(self, terms: list[Term]):
        self.terms = tuple(terms)
        self._exact: dict[str, Term] = {}
        self._folded: dict[str, Term] = {}
        self._iri = {t.iri: t for t in self.terms}
        self._pref: dict[tuple[str, str], Term] = {}
        for term in self.terms:
            self._pref.setdefault((term.pref_label, term.category), term)
            self._pref.setdefault((term.pref_label, ""), term)
        for term in self.terms:
            for label in term.labels:
                self._exact.setdefault(label, term)
                self._folded.setdefault(_fold(label), term)

    def lookup(self, label: str) -> Term | None:
        label = " ".join(label.split())
        return self._exact.get(label) or self._folded.get(_fold(label))

    def by_iri(self, iri: str) -> Term | None:
        return self._iri.get(iri)

    def by_pref_label(self, label: str, category: str | None = None) -> Term | None:
        return self._pref.get((label, category or ""))

    def of(self, category: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.category == category)

    def __len__(self) -> int:
        return len(self.terms)


def _fold(label: str) -> str:
    return " ".join(label.casefold().replace("–", "-").replace("‐", "-").split())


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Build the lexicon from ``ontology/nasicon.ttl`` (or the file given)."""
    from .ontology import load_ontology_graph, terms_from_graph

    return Lexicon(terms_from_graph(load_ontology_graph(Path(path) if path else None)))
