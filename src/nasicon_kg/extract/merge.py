"""One merge policy for strategies, whether their reports come from sentences or table rows.

Two reports are one strategy (:func:`same_strategy`) when they put the same layer on the same
electrolyte and credit no different works; :func:`merge_two` combines them: the first report's
single values win, except that a more precise method ("magnetron sputtering" over "sputtering")
does, lists are united, and figures that agree within 1 % become one figure with both evidences.
Figures that disagree (960 h in a table, 1000 h in the text) both stay, each with its evidence.

:func:`merge_strategies` applies the policy within the text, :func:`merge_facts` between tables
and text; a caption or summary that only restates a result joins it by the same policy
(extract/text.py: ``keep_reported``).
"""
from __future__ import annotations

import dataclasses

from ..lexicon import Lexicon
from ..model import Condition, Fact, FullCell, InterfaceStrategy, SymmetricCell


def _components(fact: InterfaceStrategy) -> frozenset[str]:
    return frozenset(fact.components or (fact.layer,))


def _core(components: frozenset[str], lexicon: Lexicon | None) -> frozenset[str]:
    """Components without lithium salts: "PEO with LiTFSI" and "PEO" name one layer."""
    if lexicon is None:
        return components
    core = frozenset(c for c in components
                     if not ((t := lexicon.lookup(c)) is not None and "LithiumSalt" in t.classes))
    return core or components


def _prose_only(fact: InterfaceStrategy) -> bool:
    return bool(fact.evidence) and all(e.origin != "table" for e in fact.evidence)


def same_strategy(a: InterfaceStrategy, b: InterfaceStrategy, lexicon: Lexicon | None = None) -> bool:
    """Whether two reports describe one strategy:

    - the same electrolyte;
    - the same layer components, lithium salts and the protected electrolyte itself aside ("LATP/PVDF"
      and "PVDF" on LATP; "PEO/LiTFSI" and "PEO"), or, for two sentences crediting one work, one set
      inside the other ("BN" and "BN/PEO": one layer described twice; a table's rows "PEO" and
      "PEO/BaTiO3" from one reference are two layers, each named whole);
    - no conflicting cited references;
    - a sentence crediting no work joins one that credits a work only in its section: an uncredited
      "ZnO on LATP" in the outlook is not the results' ZnO work. Two uncredited sentences are one
      strategy wherever they stand (the paper's own: its methods and its results), and a table row
      summarises the whole paper, so it has no section to share."""
    if a.electrolyte != b.electrolyte:
        return False
    shared = set(a.cited_refs) & set(b.cited_refs)
    if a.cited_refs and b.cited_refs and not shared:
        return False
    ca = _components(a) - {a.electrolyte} or _components(a)
    cb = _components(b) - {b.electrolyte} or _components(b)
    prose = _prose_only(a) and _prose_only(b)
    same = ca == cb or _core(ca, lexicon) == _core(cb, lexicon)
    if not same and not (prose and shared and (ca <= cb or cb <= ca)):
        return False
    if not shared and prose and (a.cited_refs or b.cited_refs):
        return a.evidence[0].section == b.evidence[0].section
    return True


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


def _merge_conditions(a: tuple[Condition, ...], b: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """``a``'s conditions, then ``b``'s of another kind or temperature (two sentences saying "a liquid
    electrolyte was added" in other words are one condition)."""
    seen = {(c.kind, c.temperature_C) for c in a}
    return a + tuple(c for c in b if (c.kind, c.temperature_C) not in seen)


def union(a: tuple, b: tuple) -> tuple:
    """``a`` then the items of ``b`` not in it."""
    return tuple(dict.fromkeys(a + b))


def merge_two(a: InterfaceStrategy, b: InterfaceStrategy) -> InterfaceStrategy:
    """One strategy from two reports of it (see the module's docstring); a second report raises the
    confidence by 0.05, up to 0.98."""
    evidence = sorted(dict.fromkeys(a.evidence + b.evidence),
                      key=lambda e: (e.origin != "table", e.start))  # rows, then sentences in order
    method = a.method or b.method
    if a.method and b.method and b.method != a.method and b.method.endswith(a.method):
        method = b.method  # "magnetron sputtering" is more precise than "sputtering"
    return dataclasses.replace(
        a,
        evidence=tuple(evidence),
        confidence=min(0.98, max(a.confidence, b.confidence) + 0.05),
        strategy_type=a.strategy_type or b.strategy_type,
        method=method,
        thickness_nm=a.thickness_nm or b.thickness_nm,
        symmetric_cell=_merge_cells(list(a.symmetric_cell) + list(b.symmetric_cell)),
        full_cell=_merge_full(list(a.full_cell) + list(b.full_cell)),
        problems=union(a.problems, b.problems),
        conditions=_merge_conditions(a.conditions, b.conditions),
        cited_refs=union(a.cited_refs, b.cited_refs),
        authors=a.authors or b.authors,
        components=a.components or b.components,
        kind=a.kind or b.kind,
        anode=a.anode or b.anode,
        inferred_problems=union(a.inferred_problems, b.inferred_problems),
    )


def _wider_first(a: InterfaceStrategy, b: InterfaceStrategy) -> InterfaceStrategy:
    """merge_two with the report naming more components first ("BN/PEO" over "BN")."""
    return merge_two(a, b) if len(a.components) >= len(b.components) else merge_two(b, a)


def _nearest_attributed(f: InterfaceStrategy, facts: list[InterfaceStrategy],
                        lexicon: Lexicon | None) -> int | None:
    """Index of the strategy with cited references that :func:`same_strategy` joins with the
    uncredited ``f`` and whose evidence lies nearest to ``f``'s."""
    best: tuple[int, int] | None = None
    for i, g in enumerate(facts):
        if not g.cited_refs or not g.evidence or not f.evidence or not same_strategy(f, g, lexicon):
            continue
        gap = min(abs(a.start - b.start) for a in f.evidence for b in g.evidence)
        if best is None or gap < best[0]:
            best = (gap, i)
    return best[1] if best else None


def merge_strategies(facts: list[InterfaceStrategy], lexicon: Lexicon | None = None) -> list[InterfaceStrategy]:
    """Join the text's reports of one strategy (:func:`same_strategy`), keeping every evidence
    sentence and every distinct value.

    A strategy no work is credited with ("PEO coated LATP has also been used in Li-S cells") joins
    the nearest credited one of its section, which may be the next paragraph's work rather than an
    earlier one."""
    target = {i: _nearest_attributed(f, facts, lexicon) for i, f in enumerate(facts) if not f.cited_refs}
    placed: dict[int, int] = {}  # index in facts -> index in out
    waiting: dict[int, list[InterfaceStrategy]] = {}
    out: list[InterfaceStrategy] = []

    for n, f in enumerate(facts):
        t = target.get(n)
        if t is not None:
            if t in placed:
                out[placed[t]] = _wider_first(out[placed[t]], f)
                placed[n] = placed[t]
            else:
                waiting.setdefault(t, []).append(f)
            continue
        k = next((i for i, g in enumerate(out) if same_strategy(g, f, lexicon)), None)
        if k is None:
            out.append(f)
            k = len(out) - 1
        else:
            out[k] = _wider_first(out[k], f)
        placed[n] = k
        for w in waiting.pop(n, []):
            out[k] = _wider_first(out[k], w)
    return out


def merge_facts(table_facts: list[Fact], text_facts: list[Fact],
                lexicon: Lexicon | None = None) -> list[Fact]:
    """Table facts first (their values win for single fields), text facts merged into them by the
    same policy; other facts once per key."""
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
