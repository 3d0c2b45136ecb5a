"""Relation patterns as data: ``patterns/relations/*.jsonl`` -> :class:`RelationRuler` ->
``doc.user_data["relations"]``.

A relation ties mentions the earlier components found: a layer to what it sits on, a layer to
the method that made it or to its thickness, a cycling time to its current density. Each file
holds one relation type. Its lines are

- ``{"about": TEXT, "slots": {SLOT: [KIND, ...]}}``: what the relation means and which kinds of
  mention (:data:`KINDS`) may fill each slot;
- ``{"pattern": [TOKEN, ...]}``: a spaCy ``Matcher`` token pattern in which ``{"SLOT": NAME}``
  stands for one mention of the slot's kinds (one or more tokens); ``{"SLOT": NAME, "KINDS":
  [...]}`` narrows the kinds for that pattern (a cell stack's "on" is an electrolyte, never the
  metal at its other end);
- ``{"example": SENTENCE, "relations": [{SLOT: TEXT, ...}, ...]}``: what the file must find in the
  sentence, exactly (``tests/test_relations.py`` runs every example).

So "ZnO-coated LATP", "LATP coated with ZnO", "a ZnO layer on LATP" and "Li|ZnO|LATP" are four
lines of ``layer_on.jsonl``, not four code branches. The matcher reports the token each pattern
element matched (``with_alignments``); the tokens of a slot are widened to the whole mention they
belong to, so a match gives each slot the character span of one mention.

The extractor reads relations per sentence (:func:`relations_in`) and assembles them into records
(extract/text.py); the patterns never name a paper's material.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RELATION_DIR = Path(__file__).resolve().parent.parent / "patterns" / "relations"
#: the relation files the pipeline loads
RELATION_FILES = ("layer_on", "deposited_by", "thickness", "cycled_at")

#: what a token can be part of, for a slot: a material by its role, a method, a problem, a
#: generic electrolyte word ("the SSE"), or a quantity by its dimension
KINDS = frozenset({"material", "electrolyte", "alkali", "ref", "method", "problem",
                   "length", "duration", "current", "cycles"})
#: quantity unit -> the kind of mention it is
UNIT_KINDS = {"nm": "length", "um": "length", "mm": "length",
              "h": "duration", "day": "duration",
              "mA/cm2": "current", "uA/cm2": "current", "A/cm2": "current",
              "cycle": "cycles"}


@dataclass(frozen=True)
class RelationFile:
    name: str
    slots: dict
    patterns: tuple[tuple[dict, ...], ...]
    examples: tuple[tuple[str, tuple[dict, ...]], ...]


@dataclass(frozen=True)
class Relation:
    """One match: its type, its character span and each slot's (start, end), doc offsets."""
    name: str
    start: int
    end: int
    slots: tuple[tuple[str, int, int], ...]

    def slot(self, name: str) -> tuple[int, int] | None:
        return next(((a, b) for s, a, b in self.slots if s == name), None)

    def shifted(self, by: int) -> "Relation":
        return Relation(self.name, self.start + by, self.end + by,
                        tuple((s, a + by, b + by) for s, a, b in self.slots))


@lru_cache(maxsize=None)
def load_relation_file(name: str, folder: str | None = None) -> RelationFile:
    """Read ``patterns/relations/NAME.jsonl``; a malformed line raises ValueError naming the line."""
    path = Path(folder or RELATION_DIR) / f"{name}.jsonl"
    slots: dict = {}
    patterns, examples = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not JSON ({exc.msg})") from None
        if "about" in row:
            slots = {k: tuple(v) for k, v in (row.get("slots") or {}).items()}
            bad = {k for v in slots.values() for k in v} - KINDS
            if bad or not slots:
                raise ValueError(f"{where}: slots need kinds among {sorted(KINDS)}")
        elif "pattern" in row:
            pattern = row["pattern"]
            used = [t["SLOT"] for t in pattern if isinstance(t, dict) and "SLOT" in t]
            if not used or set(used) - set(slots) or len(used) != len(set(used)):
                raise ValueError(f"{where}: a pattern names each of its slots once, from {sorted(slots)}")
            if any(set(t.get("KINDS", ())) - set(slots[t["SLOT"]]) for t in pattern if "SLOT" in t):
                raise ValueError(f"{where}: a slot's KINDS must be among the kinds the file declares")
            patterns.append(tuple(pattern))
        elif "example" in row:
            examples.append((row["example"], tuple(row.get("relations") or ())))
        else:
            raise ValueError(f"{where}: expected 'about', 'pattern' or 'example'")
    if not slots:
        raise ValueError(f"{path}: no 'about' line declaring the slots")
    return RelationFile(name, slots, tuple(patterns), tuple(examples))


def expand(pattern, slots: dict) -> tuple[list[dict], list[str | None]]:
    """The Matcher pattern for ``pattern`` and, per element, the slot it fills (None for others)."""
    tokens, names = [], []
    for t in pattern:
        if "SLOT" in t:
            kinds = t.get("KINDS") or slots[t["SLOT"]]
            tokens.append({"_": {"mention": {"IN": list(kinds)}}, "OP": "+"})
            names.append(t["SLOT"])
        else:
            tokens.append(dict(t))
            names.append(None)
    return tokens, names


def set_mentions(doc) -> None:
    """``token._.mention``: the kind (:data:`KINDS`) of the mention a token is part of, "" if none.
    A material wins over a quantity or method on the same token; a generic word around a named
    material ("the LLZO pellet") is no reference of its own."""
    from .cues import material_role

    for token in doc:
        token._.mention = ""
    materials = list(doc.spans.get("materials", ()))
    marked = [(s, material_role(s._.material)) for s in materials]
    marked += [(s, "ref") for s in doc.spans.get("cues", ()) if s.label_ == "electrolyte_ref"
               and not any(m.start < s.end and s.start < m.end for m in materials)]  # "the LLZO pellet" names it
    marked += [(s, "method") for s in doc.spans.get("methods", ())]
    marked += [(s, "problem") for s in doc.spans.get("problems", ())]
    marked += [(s, UNIT_KINDS.get(s._.quantity.unit, "")) for s in doc.spans.get("quantities", ())
               if s._.quantity is not None]
    for span, kind in marked:
        for token in span:
            if kind and not token._.mention:
                token._.mention = kind


def _mention_bounds(doc) -> list[tuple[int, int]]:
    """Token (start, end) of every mention, for widening a slot to the mention it is in: a
    material's own span, not the generic phrase around it ("the LLZO pellet" is LLZO)."""
    out = []
    for key in ("materials", "methods", "problems", "quantities", "cues"):
        for s in doc.spans.get(key, ()):
            if key != "cues" or (s.label_ == "electrolyte_ref" and all(t._.mention == "ref" for t in s)):
                out.append((s.start, s.end))
    return out


class RelationMatcher:
    """Every pattern of the relation files ``names`` in one spaCy Matcher."""

    def __init__(self, vocab, names=RELATION_FILES, folder: str | None = None):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab)
        self.slot_names: dict[str, list[str | None]] = {}
        for name in names:
            rf = load_relation_file(name, folder)
            for k, pattern in enumerate(rf.patterns):
                key = f"{name}#{k}"
                tokens, slots = expand(pattern, rf.slots)
                self.matcher.add(key, [tokens])
                self.slot_names[key] = slots

    def pattern_keys(self, doc) -> set[str]:
        """"FILE#LINE" of every pattern that matches in ``doc`` (LINE counts patterns from 0)."""
        return {doc.vocab.strings[m] for m, _, _ in self.matcher(doc)}

    def __call__(self, doc) -> list[Relation]:
        strings = doc.vocab.strings
        bounds = _mention_bounds(doc)
        found: dict[tuple, Relation] = {}
        for match_id, start, end, align in self.matcher(doc, with_alignments=True):
            key = strings[match_id]
            names = self.slot_names[key]
            spans: dict[str, list[int]] = {}
            for offset, element in enumerate(align):
                slot = names[element]
                if slot is not None:
                    spans.setdefault(slot, []).append(start + offset)
            slots = []
            for slot, toks in spans.items():
                a, b = min(toks), max(toks) + 1
                for s, e in bounds:  # widen to the mention the slot's tokens are part of
                    if s < b and a < e:
                        a, b = min(a, s), max(b, e)
                slots.append((slot, doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)))
            name = key.split("#")[0]
            rel = Relation(name, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text),
                           tuple(sorted(slots)))
            ident = (name, rel.slots)
            if ident not in found or rel.end - rel.start < found[ident].end - found[ident].start:
                found[ident] = rel
        return sorted(found.values(), key=lambda r: (r.start, r.end, r.name))


class RelationRuler:
    """Relations -> ``doc.user_data["relations"]`` (a list of :class:`Relation`)."""

    def __init__(self, nlp, name: str):
        self.name = name
        self.relations = RelationMatcher(nlp.vocab)

    def __call__(self, doc):
        set_mentions(doc)
        doc.user_data["relations"] = self.relations(doc)
        return doc


def relations_in(relations, start: int, end: int) -> list[Relation]:
    """The relations lying within character offsets [start, end)."""
    return [r for r in relations if r.start >= start and r.end <= end]
