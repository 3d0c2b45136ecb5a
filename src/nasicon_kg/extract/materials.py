"""Material cells and phrases -> entities: electrolytes, (multi-component) layers, cathodes.

Shared by the table and text extractors. A layer written as "BN and PEO hybrid layer",
"Mixture of LiF, MgF2 and B2O3 nanocomposite", "MEEP_PVDF-HFP and LiBOB salt" or "IL-LAGP"
becomes one :class:`Layer` whose components are resolved materials and whose label joins
their labels with "/". Abbreviations the paper defines ("(LiBTFMSI/PVC)") are resolved
through their long forms first.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..model import Document
from ..normalize import MaterialEntity, family_label, normalize_material

NASICON_FAMILIES = ("LATP", "LAGP", "LATGP")
POLYMER_CLASSES = {"Polymer", "PolymerElectrolyte"}
NEUTRAL_CLASSES = {"LithiumSalt", "IonicLiquid", "LiquidElectrolyte", "Material", ""}
#: Li metal reduces these framework cations (Ti4+ -> Ti3+, Ge4+ -> Ge0).
REDUCIBLE_ELEMENTS = {"Ti", "Ge"}
#: name of the rule behind :meth:`MaterialResolver.inferred_problems`
REDUCIBLE_RULE = "layer-on-reducible-NASICON-addresses-reduction"

_DESCRIPTORS = re.compile(
    r"\b(?:mixture of|nanocomposites?|hybrid(?: protective)? layers?|hybrid|protective layers?|layers?|"
    r"salts?|films?|coatings?|interlayers?|membranes?|based|composites?)\b", re.I)
_ALTERNATIVE = re.compile(r"\(\s*or\s+[^)]*\)", re.I)
_SEPARATORS = (r"\s+and\s+", r"\s*,\s*", r"\s+with\s+", r"\s*/\s*", r"\s*_\s*", r"\s*\+\s*", r"\s*@\s*",
               r"\s*[-–]\s*")
_DOPANT = re.compile(r"(?:_|\s+with\s+|\s*\+\s*|\s*-\s*)(\d+(?:\.\d+)?\s*(?:wt|mol|at)\.?\s*%.*)$", re.I)


@dataclass(frozen=True)
class Layer:
    label: str
    components: tuple[str, ...]
    classes: tuple[str, ...]
    entities: tuple[MaterialEntity, ...]


def _top_level_split(text: str, pattern: str) -> list[str]:
    """Split on ``pattern`` only outside brackets."""
    parts, depth, last = [], 0, 0
    regex = re.compile(pattern)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = regex.match(text, i)
            if m and m.end() > m.start() and i > 0:
                parts.append(text[last:i])
                last = i = m.end()
                continue
        i += 1
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


def _strip_brackets(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


class MaterialResolver:
    def __init__(self, lexicon: Lexicon, abbreviations: dict[str, str] | None = None):
        self.lx = lexicon
        self.abbreviations = abbreviations or {}
        self._cathodes = sorted(
            ((label, t.pref_label) for t in lexicon.of("material") if "CathodeMaterial" in t.classes
             for label in t.labels if len(label) > 1),
            key=lambda p: -len(p[0]))

    @classmethod
    def for_document(cls, document: Document, lexicon: Lexicon) -> "MaterialResolver":
        from ..nlp.pipeline import document_abbreviations

        return cls(lexicon, document_abbreviations(document))

    # -- single materials -------------------------------------------------------------
    def material(self, text: str) -> MaterialEntity | None:
        text = " ".join(text.split()).strip(" .,;:")
        if not text:
            return None
        entity = normalize_material(text, self.lx, self.abbreviations)
        if entity is not None and not entity.known:
            if text in self.abbreviations and entity.label != text:
                # a new material the paper names by an abbreviation it defines: keep the paper's name
                entity = dataclasses.replace(entity, label=text)
        if entity is not None and not entity.known and re.fullmatch(r"[a-z]{1,2}", entity.label):
            return None  # "a" of "a-LAGP", "h" of "h-BN": prefixes, not materials
        return entity

    def family(self, entity: MaterialEntity) -> MaterialEntity:
        """A NASICON composition's family (Li1.3Al0.3Ti1.7(PO4)3 -> LATP), else the entity itself."""
        if entity.is_nasicon and entity.cls in NASICON_FAMILIES:
            label = family_label(entity, self.lx)
            term = self.lx.lookup(label) if label != entity.label else None
            if term is not None:
                return MaterialEntity(label=term.pref_label, key=entity.cls, cls=entity.cls,
                                      formula=term.formula, is_nasicon=True, known=True, iri=term.iri)
        return entity

    def electrolyte(self, cell: str) -> MaterialEntity | None:
        """The protected electrolyte of a cell such as "LATP", "LAGTP", "LATP_8 wt% of Nb2O5"."""
        cell = _DOPANT.sub("", cell.strip())
        entity = self.material(cell)
        return self.family(entity) if entity is not None else None

    # -- layers -----------------------------------------------------------------------
    def layer(self, cell: str) -> Layer | None:
        text = _ALTERNATIVE.sub("", cell)
        text = _DESCRIPTORS.sub(" ", text)
        text = _strip_brackets(" ".join(text.split()).strip(" ,;"))
        if not text:
            return None
        entities = self._components(text)
        if not entities:
            return None
        labels = tuple(dict.fromkeys(e.label for e in entities))
        ents = tuple({e.label: e for e in entities}.values())
        return Layer(label="/".join(labels), components=labels,
                     classes=tuple(e.cls for e in ents), entities=ents)

    def _components(self, text: str, depth: int = 0) -> list[MaterialEntity]:
        text = _strip_brackets(text)
        whole = self.material(text)
        if whole is not None and (whole.known or not self._has_separator(text)):
            return [whole]
        if depth < 4:
            for sep in _SEPARATORS:
                parts = _top_level_split(text, sep)
                if len(parts) < 2:
                    continue
                resolved = [self._components(p, depth + 1) for p in parts]
                if all(resolved):
                    return [e for group in resolved for e in group]
        return [whole] if whole is not None else []

    @staticmethod
    def _has_separator(text: str) -> bool:
        return any(len(_top_level_split(text, sep)) > 1 for sep in _SEPARATORS)

    def nasicon_component(self, layer: Layer) -> MaterialEntity | None:
        for entity in layer.entities:
            if entity.is_nasicon:
                return self.family(entity)
        return None

    # -- cathodes and problems ----------------------------------------------------------
    def cathode_in(self, text: str) -> str:
        for label, pref in self._cathodes:
            if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text):
                return pref
        return ""

    def problems_for(self, electrolyte: MaterialEntity, strategy_type: str, context: str) -> tuple[str, ...]:
        """Problems a strategy's context (a table caption, its row) names."""
        found: list[str] = []
        lowered = context.casefold()
        for term in self.lx.of("problem"):
            if any(len(label) > 4 and re.search(rf"\b{re.escape(label.casefold())}\b", lowered)
                   for label in term.labels):
                found.append(term.pref_label)
        return tuple(dict.fromkeys(found))

    def inferred_problems(self, electrolyte: MaterialEntity, strategy_type: str) -> tuple[tuple[str, str], ...]:
        """Problems a domain rule adds, each with the rule's name (:data:`REDUCIBLE_RULE`).

        The rule: a layer or composite that keeps Li metal off a NASICON electrolyte whose
        framework cation Li reduces (Ti, Ge) addresses "reduction by Li metal".  It is the
        purpose of such a layer in this field, not something the paper states; the RDF marks it
        as an inference (``nkg:hasInference``) so that queries can tell it from a statement.
        """
        if not (strategy_type and self._reducible(electrolyte)):
            return ()
        term = self.lx.lookup("reduction by Li metal")
        return ((term.pref_label, REDUCIBLE_RULE),) if term is not None else ()

    def _reducible(self, entity: MaterialEntity) -> bool:
        if entity.cls in NASICON_FAMILIES:
            return True
        from ..nlp.formula import formula_elements

        formula = entity.formula or ""
        return entity.is_nasicon and bool(formula_elements(formula) & REDUCIBLE_ELEMENTS) if formula else False


#: Wording that makes a polymer-with-ceramic system a composite electrolyte, not a coating.
COMPOSITE_CONTEXT = re.compile(r"composite (?:solid |polymer )?electrolyte|\bmembrane|\bmatrix|\bfiller|"
                               r"\bdispers|\bembedded|\bblend", re.I)


def strategy_type_of(classes: Iterable[str], components: Iterable[str], context: str) -> str:
    """The strategy type's prefLabel from the layer materials' classes and the wording around them.

    Lithium salts, ionic liquids and liquid electrolytes are neutral: PEO with LiTFSI is a polymer
    layer, PEO with BaTiO3 a hybrid one. Cue words come first: "sandwich", a polymer in a
    "matrix"/"membrane"/"filler" context (composite electrolyte), "hybrid".

    >>> strategy_type_of(["Polymer", "LithiumSalt"], ["PEO", "LiTFSI"], "a PEO coating")
    'polymer protective layer'
    >>> strategy_type_of(["Nitride", "Polymer"], ["BN", "PEO"], "")
    'hybrid layer'
    """
    ctx = context.casefold()
    classes = set(classes)
    polymeric = bool(classes & POLYMER_CLASSES) or any(c.lower().startswith("poly") for c in components)
    inorganic = bool(classes - POLYMER_CLASSES - NEUTRAL_CLASSES)
    if "sandwich" in ctx:
        return "sandwich interlayer"
    if polymeric and COMPOSITE_CONTEXT.search(context):
        return "composite electrolyte"
    if "hybrid" in ctx or (polymeric and inorganic):
        return "hybrid layer"
    if polymeric or ("polymer" in ctx and not inorganic):
        return "polymer protective layer"
    return "inorganic protective layer"
