"""Document -> facts: tables and running text, merged into one list.

``extract_facts(document, sources="all")`` is the one entry point. A strategy found
both in a table and in the text becomes one fact holding both evidences, by the one merge
policy of :mod:`.merge` that also joins the text's own reports; where the two disagree (960 h
in a table, 1000 h in the text) both figures stay, each with the evidence it came from, so the
disagreement can be queried (queries/conflicts.rq).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Literal

from ..lexicon import Lexicon, load_lexicon
from ..model import Document, Evidence, Fact, InterfaceStrategy, PropertyMeasurement
from .merge import merge_facts, merge_two, same_strategy

__all__ = ["Sources", "extract_facts", "merge_facts", "merge_two", "same_strategy"]

Sources = Literal["text", "tables", "all"]


def extract_facts(document: Document, sources: Sources = "all",
                  lexicon: Lexicon | None = None) -> list[Fact]:
    """Every fact of one paper, from its tables, its text, or both (merged)."""
    from .materials import MaterialResolver
    from .tables import facts_from_tables

    lexicon = lexicon or load_lexicon()
    table_facts: list[Fact] = []
    text_facts: list[Fact] = []
    if sources in ("tables", "all"):
        resolver = MaterialResolver.for_document(document, lexicon)
        table_facts = [_tag(f) for f in facts_from_tables(document, lexicon, resolver)]
    if sources in ("text", "all"):
        from .text import facts_from_text

        text_facts = [_tag(f) for f in facts_from_text(document, lexicon)]
    from ..nlp.linker import Linker, link_facts

    merged = [_placed(f) for f in merge_facts(table_facts, text_facts, lexicon)]
    return link_facts(merged, Linker.for_document(document, lexicon))


def _placed(fact: Fact) -> Fact:
    """A strategy no sentence placed (a table row) gets the default kind and its anode; a value
    credited to a reference (a review's table row) is a cited one."""
    if isinstance(fact, PropertyMeasurement) and fact.cited_refs and fact.modality == "measured":
        return dataclasses.replace(fact, modality="cited")
    if not isinstance(fact, InterfaceStrategy) or (fact.kind and fact.anode):
        return fact
    from .text import anode_of, strategy_kind

    return dataclasses.replace(fact, kind=fact.kind or strategy_kind(frozenset(), fact.strategy_type,
                                                                      bool(fact.method)),
                               anode=fact.anode or anode_of(fact.electrolyte, ()))


def _stating(evidence: tuple[Evidence, ...], *numbers: float | None) -> tuple[Evidence, ...]:
    """The evidence that states one of ``numbers`` (as written: 2000, 0.13), else all of it."""
    written = [f"{n:g}" for n in numbers if n is not None]
    hits = tuple(e for e in evidence
                 if any(re.search(rf"(?<![\d.]){re.escape(w)}(?![\d])", e.text) for w in written))
    return hits or evidence


def _tag(fact: Fact) -> Fact:
    """Attach each cell figure to the evidence that states it, so merged figures keep their source."""
    if not isinstance(fact, InterfaceStrategy):
        return fact
    sym = tuple(s if s.evidence else dataclasses.replace(s, evidence=_stating(fact.evidence, s.hours))
                for s in fact.symmetric_cell)
    full = tuple(f if f.evidence else dataclasses.replace(
        f, evidence=_stating(fact.evidence, f.cycles, f.capacity_mAh_g, f.retention_pct))
        for f in fact.full_cell)
    return dataclasses.replace(fact, symmetric_cell=sym, full_cell=full)
