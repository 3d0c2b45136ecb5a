"""Cue patterns as data: ``patterns/*.jsonl`` -> :class:`CueMatcher` -> ``doc.spans["cues"]``.

Each pattern file holds one kind of cue (modality, strategy kind, electrode side,
qualifiers of a value).  A line is either a pattern, ``{"cue": NAME, "pattern": [token
dicts]}`` (spaCy ``Matcher`` syntax), or a test, ``{"example": SENTENCE, "cues": [NAMES]}``:
the cues of that file the sentence must give, exactly.  ``tests/test_cues.py`` runs every
example, so a pattern file cannot drift from what it claims.

Extraction code asks a sentence for its cues (:func:`cue_names`) and never spells the
words itself. A cue named ``not_NAME`` cancels the NAME cues it overlaps (:func:`without_negated`):
"based on" keeps "on Li6PS5Cl" from cueing a coating.

A pattern may also name what kind of material a token belongs to, ``{"_": {"material_role":
"electrolyte"}}`` ("alkali" for Li, Na or K metal, "material" for any other): :class:`CueRuler`
sets the role from ``doc.spans["materials"]`` before it matches, so "on the surface of
Li6PS5Cl" is a coating cue for any electrolyte the pipeline knows, named or not.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PATTERN_DIR = Path(__file__).resolve().parent.parent / "patterns"
#: the pattern files the pipeline loads, in order
CUE_FILES = ("modality", "strategy_kind", "side", "qualifiers", "references", "attribution")


@dataclass(frozen=True)
class PatternFile:
    name: str
    patterns: tuple[tuple[str, tuple[dict, ...]], ...]  # (cue, token pattern)
    examples: tuple[tuple[str, frozenset[str]], ...]

    @property
    def cues(self) -> frozenset[str]:
        return frozenset(c for c, _ in self.patterns)


@lru_cache(maxsize=None)
def load_pattern_file(name: str, folder: str | None = None) -> PatternFile:
    """Read ``patterns/NAME.jsonl``; a malformed line raises ValueError naming the line."""
    path = Path(folder or PATTERN_DIR) / f"{name}.jsonl"
    patterns, examples = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if "cue" in row:
            if not isinstance(row.get("pattern"), list) or not row["pattern"]:
                raise ValueError(f"{path}:{number}: a cue needs a non-empty token pattern")
            patterns.append((row["cue"], tuple(row["pattern"])))
        elif "example" in row:
            examples.append((row["example"], frozenset(row.get("cues") or ())))
        elif "about" not in row:
            raise ValueError(f"{path}:{number}: expected 'cue', 'example' or 'about'")
    return PatternFile(name, tuple(patterns), tuple(examples))


def _word_set(token: dict) -> tuple[str, frozenset[str]] | None:
    """("LOWER" or "TEXT", its words) of a pattern token that is only a word or a word list."""
    if len(token) != 1:
        return None
    (attr, value), = token.items()
    if attr not in ("LOWER", "TEXT", "ORTH"):
        return None
    if isinstance(value, str):
        return ("LOWER" if attr == "LOWER" else "TEXT"), frozenset([value])
    if isinstance(value, dict) and list(value) == ["IN"]:
        return ("LOWER" if attr == "LOWER" else "TEXT"), frozenset(value["IN"])
    return None


class WordSequences:
    """The fixed-length cue patterns whose every token is a word or a word list, matched by
    looking up each token's first word: the same matches as spaCy's Matcher, whose time grows
    with the number of patterns (each costs about 0.3 µs a token; 44 of 75 patterns are such
    sequences, so the Matcher keeps the other 31 and the cue step takes about half the time)."""

    def __init__(self, patterns):
        self.by_first: dict[tuple[str, str], list[tuple[str, tuple]]] = {}
        for cue, tokens in patterns:
            sets = [_word_set(t) for t in tokens]
            attr, first = sets[0]
            for word in first:
                self.by_first.setdefault((attr, word), []).append((cue, tuple(sets[1:])))

    @staticmethod
    def accepts(pattern) -> bool:
        return all(_word_set(t) is not None for t in pattern)

    def __call__(self, doc) -> list[tuple[str, int, int]]:
        lower = [t.lower_ for t in doc]
        text = [t.text for t in doc]
        words = {"LOWER": lower, "TEXT": text}
        out = []
        for i in range(len(doc)):
            for key in (("LOWER", lower[i]), ("TEXT", text[i])):
                for cue, rest in self.by_first.get(key, ()):
                    end = i + 1 + len(rest)
                    if end <= len(doc) and all(words[a][i + 1 + k] in ws for k, (a, ws) in enumerate(rest)):
                        out.append((cue, i, end))
        return out


class CueMatcher:
    """Every cue pattern of the files ``names``: the word sequences by :class:`WordSequences`, the
    rest by one spaCy Matcher. Called on a doc, it gives the cue spans (label = cue name) in
    document order, each once, less the negated ones (:func:`without_negated`)."""

    def __init__(self, vocab, names=CUE_FILES):
        from spacy.matcher import Matcher

        self.matcher, plain = Matcher(vocab), []
        for name in names:
            for cue, pattern in load_pattern_file(name).patterns:
                if WordSequences.accepts(pattern):
                    plain.append((cue, pattern))
                else:
                    self.matcher.add(cue, [list(pattern)])
        self.sequences = WordSequences(plain)

    def __call__(self, doc) -> list:
        strings = doc.vocab.strings
        found = {(strings[m], s, e) for m, s, e in self.matcher(doc)} | set(self.sequences(doc))
        spans = []
        for cue, start, end in sorted(found, key=lambda c: (c[1], c[2], c[0])):
            span = doc[start:end]
            span.label_ = cue
            spans.append(span)
        return without_negated(spans)


def material_role(entity) -> str:
    """What a material mention is for the cue patterns: "electrolyte", "alkali" or "material"."""
    if getattr(entity, "is_electrolyte", False) or getattr(entity, "is_nasicon", False):
        return "electrolyte"
    from .formula import ALKALI_METALS

    if getattr(entity, "label", "") in ALKALI_METALS:
        return "alkali"
    return "material"


def set_material_roles(doc) -> None:
    """``token._.material_role`` for every token of a material span ("" elsewhere)."""
    for span in doc.spans["materials"] if "materials" in doc.spans else ():
        role = material_role(span._.material)
        for token in span:
            token._.material_role = role


class CueRuler:
    """Cue spans -> ``doc.spans["cues"]``, each labelled with its cue name."""

    def __init__(self, nlp, name: str):
        self.name = name
        self.cues = CueMatcher(nlp.vocab)

    def __call__(self, doc):
        set_material_roles(doc)
        doc.spans["cues"] = self.cues(doc)
        return doc


def without_negated(spans) -> list:
    """The cue spans less those a ``not_NAME`` cue overlaps ("based on Li6PS5Cl" is no coating cue),
    and less the ``not_`` cues themselves."""
    negations = [s for s in spans if s.label_.startswith("not_")]
    return [s for s in spans if not s.label_.startswith("not_") and not any(
        n.label_ == "not_" + s.label_ and n.start < s.end and s.start < n.end for n in negations)]


def cue_names(spans, start: int, end: int) -> frozenset[str]:
    """Names of the cue spans lying within character offsets [start, end) of their doc."""
    return frozenset(s.label_ for s in spans if s.start_char >= start and s.end_char <= end)
