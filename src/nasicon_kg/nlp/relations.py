"""Relation patterns as data: ``patterns/relations/*.jsonl`` -> :class:`RelationRuler` ->
``doc.user_data["relations"]``.

A relation ties mentions the earlier components found: a layer to what it sits on, a layer to
the method that made it or to its thickness, a cycling time to its current density. Each file
holds one relation type. Its lines are

- ``{"about": TEXT, "slots": {SLOT: [KIND, ...]}}``: what the relation means and which kinds of
  mention (:data:`KINDS`) may fill each slot;
- ``{"pattern": [TOKEN, ...]}``: a spaCy ``Matcher`` token pattern in which ``{"SLOT": NAME}``
  stands for one mention of the slot's kinds, and ``"MENTION"`` on another token asks what kind of mention it is (``"method"``, ``{"NOT_IN":
  ["material"]}``);
- ``{"example": SENTENCE, "relations": [{SLOT: TEXT, ...}, ...]}``: what the file must find in the
  sentence, exactly (``tests/test_relations.py`` runs every example).

So "ZnO-coated LATP", "LATP coated with ZnO", "a ZnO layer on LATP" and "Li|ZnO|LATP" are four
lines of ``layer_on.jsonl``, not four code branches. The patterns run over a copy of the doc in
which each mention is one marker word (:func:`mention_doc`), so a slot is exactly one mention and
the Matcher tests only plain words; it reports the element each word matched (``with_alignments``),
which gives each slot its mention's character span.

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
RELATION_FILES = ("layer_on", "interlayer", "deposited_by", "thickness", "cycled_at")

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
            patterns.append(tuple(pattern))
        elif "example" in row:
            examples.append((row["example"], tuple(row.get("relations") or ())))
        else:
            raise ValueError(f"{where}: expected 'about', 'pattern' or 'example'")
    if not slots:
        raise ValueError(f"{path}: no 'about' line declaring the slots")
    return RelationFile(name, slots, tuple(patterns), tuple(examples))


def marker(kind: str) -> str:
    """The one word that stands for a mention of ``kind`` in the mention doc ("<electrolyte>")."""
    return f"<{kind}>"


def _markers(spec) -> dict:
    """A MENTION condition (a kind, or {"IN"/"NOT_IN": kinds}) as a condition on the marker words."""
    if isinstance(spec, str):
        return {"IN": [marker(spec)]}
    (op, kinds), = spec.items()
    return {op: [marker(k) for k in kinds]}


def expand(pattern, slots: dict) -> tuple[list[dict], list[str | None]]:
    """The Matcher pattern for ``pattern`` and, per element, the slot it fills (None for others).

    ``{"SLOT": NAME}`` becomes one marker word of the slot's kinds; ``{"MENTION": ...}`` on another
    element asks the same of a token that fills no slot ("by ALD", "not another material")."""
    tokens, names = [], []
    for t in pattern:
        t = dict(t)
        if "SLOT" in t:
            tokens.append({"LOWER": {"IN": [marker(k) for k in slots[t["SLOT"]]]}})
            names.append(t["SLOT"])
            continue
        if "MENTION" in t:
            condition = _markers(t.pop("MENTION"))
            if "LOWER" in t:
                raise ValueError("a pattern token takes MENTION or LOWER, not both")
            t["LOWER"] = condition
        tokens.append(t)
        names.append(None)
    return tokens, names


#: the span groups that hold mentions, in the order that wins where two overlap
_MENTION_KEYS = ("materials", "cues", "methods", "problems", "quantities")


def mentions(doc) -> list[tuple[int, int, str]]:
    """(start token, end token, kind) of every mention, without overlaps, in order: a material wins
    over anything on the same tokens, and a generic word around a named material ("the LLZO
    pellet") is no reference of its own."""
    from .cues import material_role

    found = []
    for key in _MENTION_KEYS:
        for span in doc.spans.get(key, ()) if key in doc.spans else ():
            if key == "materials":
                kind = material_role(span._.material)
            elif key == "cues":
                kind = "ref" if span.label_ == "electrolyte_ref" else ""
            elif key == "quantities":
                kind = UNIT_KINDS.get(span._.quantity.unit, "") if span._.quantity is not None else ""
            else:
                kind = key[:-1]  # methods -> method, problems -> problem
            if kind:
                found.append((span.start, span.end, kind, key))
    taken: list[tuple[int, int, str]] = []
    materials = [(a, b) for a, b, _, key in found if key == "materials"]
    for a, b, kind, key in found:
        if key == "cues" and any(x < b and a < y for x, y in materials):
            continue
        if not any(x < b and a < y for x, y, _ in taken):
            taken.append((a, b, kind))
    return sorted(taken)


def mention_doc(doc):
    """A Doc in which every mention is one marker word ("<electrolyte> coated with a thin
    <material> layer") and every other token is itself, with each word's character span in ``doc``.
    The Matcher then tests plain words, not a Python attribute per token and pattern."""
    from spacy.tokens import Doc

    words, spans = [], []
    at = {a: (b, kind) for a, b, kind in mentions(doc)}
    i = 0
    while i < len(doc):
        if i in at:
            b, kind = at[i]
            words.append(marker(kind))
            spans.append((doc[i].idx, doc[b - 1].idx + len(doc[b - 1].text)))
            i = b
        else:
            words.append(doc[i].text)
            spans.append((doc[i].idx, doc[i].idx + len(doc[i].text)))
            i += 1
    return Doc(doc.vocab, words=words), spans


class RelationMatcher:
    """Every pattern of the relation files ``names`` in one spaCy Matcher, run over the
    :func:`mention_doc` of a doc."""

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
        marked, _ = mention_doc(doc)
        return {doc.vocab.strings[m] for m, _, _ in self.matcher(marked)}

    def __call__(self, doc) -> list[Relation]:
        if not any(len(doc.spans.get(k, ())) for k in ("materials", "quantities") if k in doc.spans):
            return []
        marked, spans = mention_doc(doc)
        strings = doc.vocab.strings
        found: dict[tuple, Relation] = {}
        for match_id, start, end, align in self.matcher(marked, with_alignments=True):
            key = strings[match_id]
            names = self.slot_names[key]
            slots = tuple(sorted((names[element], *spans[start + offset])
                                 for offset, element in enumerate(align) if names[element] is not None))
            name = key.split("#")[0]
            rel = Relation(name, spans[start][0], spans[end - 1][1], slots)
            ident = (name, slots)
            if ident not in found or rel.end - rel.start < found[ident].end - found[ident].start:
                found[ident] = rel
        return sorted(found.values(), key=lambda r: (r.start, r.end, r.name))


class RelationRuler:
    """Relations -> ``doc.user_data["relations"]`` (a list of :class:`Relation`)."""

    def __init__(self, nlp, name: str):
        self.name = name
        self.relations = RelationMatcher(nlp.vocab)

    def __call__(self, doc):
        doc.user_data["relations"] = self.relations(doc)
        return doc


def relations_in(relations, start: int, end: int) -> list[Relation]:
    """The relations lying within character offsets [start, end)."""
    return [r for r in relations if r.start >= start and r.end <= end]
