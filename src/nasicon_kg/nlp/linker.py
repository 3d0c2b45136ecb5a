"""Entity linking in one place: a material's text -> one :class:`~nasicon_kg.model.Entity`.

A :class:`Linker` holds a paper's own abbreviations (``LPSCl`` defined as ``Li6PS5Cl``) and
resolves every material mention and every label a fact holds through
:func:`~nasicon_kg.normalize.normalize_material`: to an ontology term (its IRI), or to a
material minted from its canonical formula or name.  Facts leave extraction with the entities
of all their labels attached (:func:`link_facts`), so rdf/ writes what was linked and never
normalises a label again.

>>> from nasicon_kg.lexicon import load_lexicon
>>> linker = Linker(load_lexicon(), {"LPSCl": "Li6PS5Cl"})
>>> e = linker.link("LPSCl"); (e.label, e.key, e.family)
('Li6PS5Cl', 'Li6PS5Cl', 'sulfide')
>>> e = linker.link("Li1.3Al0.3Ti1.7(PO4)3"); (e.key, e.variant_of.rsplit("/", 1)[-1], e.dopants)
('Li1.3Al0.3Ti1.7(PO4)3', 'LATP', ('Al',))
"""
from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from ..model import Entity, Fact


class Linker:
    """Text -> Entity for one paper (its abbreviations), cached."""

    def __init__(self, lexicon, abbreviations: dict[str, str] | None = None):
        self.lexicon = lexicon
        self.abbreviations = dict(abbreviations or {})
        self._cache: dict[str, Entity | None] = {}

    @classmethod
    def for_document(cls, document, lexicon) -> "Linker":
        from .pipeline import document_abbreviations

        return cls(lexicon, document_abbreviations(document))

    def link(self, text: str) -> Entity | None:
        """The entity ``text`` names, or None when it names no material."""
        if text in self._cache:
            return self._cache[text]
        from ..normalize import normalize_material

        entity = normalize_material(text, self.lexicon, self.abbreviations)
        if entity is not None:
            entity = self._enrich(entity)
        self._cache[text] = entity
        return entity

    def entity_for(self, label: str, components: tuple[str, ...] = ()) -> Entity:
        """The entity of a label a fact holds; a label that names no known kind of material is
        minted as a plain material under its own name (facts never lose a label)."""
        entity = self.link(label)
        if entity is None:
            from ..normalize import label_key, material_iri

            key = label_key(label)
            entity = Entity(label=label, key=key, cls="HybridMaterial" if len(components) > 1 else "Material",
                            formula="", is_nasicon=False, known=False, iri=material_iri(key))
        if entity.label != label:
            entity = dataclasses.replace(entity, label=label)  # the fact's name for it
        if len(components) > 1 and not entity.components:
            entity = dataclasses.replace(entity, components=tuple(components))
        return entity

    def _enrich(self, entity: Entity) -> Entity:
        """A NASICON composition gets its family term and its dopants."""
        if entity.known or not entity.is_nasicon:
            return entity
        from ..normalize import family_label, nasicon_dopants

        family = self.lexicon.lookup(family_label(entity, self.lexicon))
        return dataclasses.replace(
            entity,
            variant_of=family.iri if family is not None and family.pref_label != entity.label else "",
            dopants=nasicon_dopants(entity.formula) if entity.formula else ())


def link_facts(facts: Iterable[Fact], linker: Linker) -> list[Fact]:
    """Every fact with the entity of each of its material labels attached."""
    out = []
    for fact in facts:
        components = tuple(getattr(fact, "components", ()) or ())
        layer = getattr(fact, "layer", None)
        entities = [linker.entity_for(label, components if label == layer else ())
                    for label in fact.material_labels() if _is_name(label)]
        named = {e.label for e in entities}
        for entity in list(entities):  # the parts of a mixture are materials of the fact too
            for part in entity.components:
                if part not in named and _is_name(part):
                    entities.append(linker.entity_for(part))
                    named.add(part)
        out.append(dataclasses.replace(fact, entities=tuple(entities)))
    return out


def _is_name(label: str) -> bool:
    return bool(re.search(r"[A-Za-z]", label or ""))
