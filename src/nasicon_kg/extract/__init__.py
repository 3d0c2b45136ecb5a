"""Document -> facts: tables and running text, merged into one list.

``extract_facts(document, sources="all")`` is the one entry point. A strategy found
both in a table and in the text becomes one fact holding both evidences; where the
two disagree (960 h in a table, 1000 h in the text) both figures stay, each with the
evidence it came from, so the disagreement can be queried (queries/conflicts.rq).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Literal

from ..lexicon import Lexicon, load_lexicon
from ..model import Document, Evidence, Fact, FullCell, InterfaceStrategy, PropertyMeasurement, SymmetricCell

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


def _components(fact: InterfaceStrategy) -> frozenset[str]:
    return frozenset(fact.components or (fact.layer,))


def _core(components: frozenset[str], lexicon: Lexicon | None) -> frozenset[str]:
    """Components without lithium salts: "PEO with LiTFSI" and "PEO" name one layer."""
    if lexicon is None:
        return components
    core = frozenset(c for c in components
                     if not ((t := lexicon.lookup(c)) is not None and "LithiumSalt" in t.classes))
    return core or components


def same_strategy(a: InterfaceStrategy, b: InterfaceStrategy, lexicon: Lexicon | None = None) -> bool:
    """Same electrolyte, same layer components (salts aside), no conflicting cited references."""
    if a.electrolyte != b.electrolyte:
        return False
    # "LATP/PVDF" (a composite naming its ceramic) and "PVDF" (the matrix) on LATP are one strategy
    ca = _components(a) - {a.electrolyte} or _components(a)
    cb = _components(b) - {b.electrolyte} or _components(b)
    if ca != cb and _core(ca, lexicon) != _core(cb, lexicon):
        return False
    return not (a.cited_refs and b.cited_refs and not set(a.cited_refs) & set(b.cited_refs))


def _close(x: float | None, y: float | None) -> bool:
    return x is None or y is None or abs(x - y) <= 0.01 * max(abs(x), abs(y))


def _merge_cells(cells: list[SymmetricCell]) -> tuple[SymmetricCell, ...]:
    out: list[SymmetricCell] = []
    for cell in cells:
        for i, kept in enumerate(out):
            if _close(kept.hours, cell.hours) and kept.hours is not None and cell.hours is not None and \
                    _close(kept.current_density_mA_cm2, cell.current_density_mA_cm2) and \
                    _close(kept.temperature_C, cell.temperature_C):
                out[i] = SymmetricCell(
                    hours=kept.hours,
                    current_density_mA_cm2=kept.current_density_mA_cm2 if kept.current_density_mA_cm2 is not None else cell.current_density_mA_cm2,
                    temperature_C=kept.temperature_C if kept.temperature_C is not None else cell.temperature_C,
                    evidence=kept.evidence + tuple(e for e in cell.evidence if e not in kept.evidence))
                break
        else:
            out.append(cell)
    return tuple(out)


def _merge_full(cells: list[FullCell]) -> tuple[FullCell, ...]:
    out: list[FullCell] = []
    for cell in cells:
        if any(dataclasses.replace(cell, evidence=()) == dataclasses.replace(k, evidence=()) for k in out):
            continue
        out.append(cell)
    return tuple(out)


def merge_two(a: InterfaceStrategy, b: InterfaceStrategy) -> InterfaceStrategy:
    """One strategy from two reports of it; ``a``'s single values win, lists are united."""
    return dataclasses.replace(
        a,
        evidence=a.evidence + tuple(e for e in b.evidence if e not in a.evidence),
        confidence=max(a.confidence, b.confidence),
        strategy_type=a.strategy_type or b.strategy_type,
        method=a.method or b.method,
        thickness_nm=a.thickness_nm or b.thickness_nm,
        symmetric_cell=_merge_cells(list(a.symmetric_cell) + list(b.symmetric_cell)),
        full_cell=_merge_full(list(a.full_cell) + list(b.full_cell)),
        problems=tuple(dict.fromkeys(a.problems + b.problems)),
        conditions=tuple(dict.fromkeys(a.conditions + b.conditions)),
        cited_refs=tuple(dict.fromkeys(a.cited_refs + b.cited_refs)),
        authors=a.authors or b.authors,
        components=a.components or b.components,
        kind=a.kind or b.kind,
        anode=a.anode or b.anode,
        inferred_problems=tuple(dict.fromkeys(a.inferred_problems + b.inferred_problems)),
    )


def merge_facts(table_facts: list[Fact], text_facts: list[Fact],
                lexicon: Lexicon | None = None) -> list[Fact]:
    """Table facts first (their values win for single fields), text facts merged into them."""
    merged: list[Fact] = list(table_facts)
    for fact in text_facts:
        if isinstance(fact, InterfaceStrategy):
            for i, kept in enumerate(merged):
                if isinstance(kept, InterfaceStrategy) and same_strategy(kept, fact, lexicon):
                    merged[i] = merge_two(kept, fact)
                    break
            else:
                merged.append(fact)
        elif not any(type(k) is type(fact) and k.key() == fact.key() for k in merged):
            merged.append(fact)
    return merged
