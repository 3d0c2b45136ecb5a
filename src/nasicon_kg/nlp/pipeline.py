"""The spaCy pipeline: a chemistry-aware tokenizer, a sentencizer and five span rulers.

Every factory is registered by :func:`register` (one explicit call, idempotent,
loud on a clash) under a versioned name.  The components only wrap plain
functions of this module and of its neighbours (``formula``, ``quantities``,
``abbreviations``, ``citations``, ``normalize``); vocabulary comes from the
ontology's lexicon, only inflection *rules* live here.

>>> from nasicon_kg.lexicon import load_lexicon
>>> nlp = build_nlp(load_lexicon())
>>> doc = nlp("ZnO was sputtered on LATP.")
>>> [s.text for s in doc.spans["materials"]], [s._.method for s in doc.spans["methods"]]
(['ZnO', 'LATP'], ['sputtering'])
"""
from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..lexicon import Lexicon

FACTORY_NAMES = {
    "sentences": "nkg_sentences_v1",
    "materials": "nkg_materials_v1",
    "methods": "nkg_methods_v1",
    "problems": "nkg_problems_v1",
    "quantities": "nkg_quantities_v1",
    "citations": "nkg_citations_v1",
}
TOKENIZER_NAME = "nkg_chem_tokenizer_v1"
SPAN_KEYS = ("materials", "methods", "problems", "quantities", "citations")

_LOCK = threading.Lock()
_REGISTERED = False
_CACHE: dict[int, tuple[object, "Language"]] = {}

# ----------------------------------------------------------------------------------------------
# Tokenizer: whitespace chunks, with punctuation peeled off the edges only when it is not part
# of a formula, a polymer name or a unit.
# ----------------------------------------------------------------------------------------------

_TRAIL_ALWAYS = set(",;:!?\"'”’»")
_LEAD_ALWAYS = set("\"'“‘«~≈<>")
# words whose final period belongs to them (abbreviations that do not end a sentence)
ABBREV_PERIOD = {"al", "fig", "figs", "ca", "vs", "e.g", "i.e", "ref", "refs", "eq", "eqs", "no",
                 "approx", "resp", "cf", "etc", "ph.d", "dr", "prof", "vol", "pp", "tab"}
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _matching_close(chunk: str, start: int) -> int:
    """Index of the bracket closing the one at ``start``, or -1."""
    opener = chunk[start]
    closer = _PAIRS[opener]
    depth = 0
    for i in range(start, len(chunk)):
        if chunk[i] == opener:
            depth += 1
        elif chunk[i] == closer:
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_chunk(chunk: str) -> list[tuple[int, int]]:
    """Split one whitespace-free chunk into (start, end) token offsets within it."""
    lo, hi = 0, len(chunk)
    prefix: list[tuple[int, int]] = []
    suffix: list[tuple[int, int]] = []
    changed = True
    while changed and hi - lo > 1:
        changed = False
        body = chunk[lo:hi]
        last = body[-1]
        first = body[0]
        if last in _TRAIL_ALWAYS:
            suffix.insert(0, (hi - 1, hi)); hi -= 1; changed = True; continue
        if last == ".":
            word = body[:-1].lstrip("([").lower()
            is_initial = len(word) == 1 and word.isalpha()
            if not (word in ABBREV_PERIOD or is_initial or re.fullmatch(r"[a-z]\.[a-z]", word)):
                suffix.insert(0, (hi - 1, hi)); hi -= 1; changed = True; continue
        if first in _LEAD_ALWAYS:
            prefix.append((lo, lo + 1)); lo += 1; changed = True; continue
        if first in _PAIRS:
            close = _matching_close(body, 0)
            if close == len(body) - 1:  # "(LATP)" -> ( LATP )
                prefix.append((lo, lo + 1)); suffix.insert(0, (hi - 1, hi))
                lo += 1; hi -= 1; changed = True; continue
            if close == -1:  # unbalanced opener: "(LATP"
                prefix.append((lo, lo + 1)); lo += 1; changed = True; continue
        if last in _PAIRS.values():
            opener = {v: k for k, v in _PAIRS.items()}[last]
            if body.count(opener) < body.count(last):  # "LATP)" or "(PO4)3)"
                suffix.insert(0, (hi - 1, hi)); hi -= 1; changed = True; continue
    middle: list[tuple[int, int]] = []
    if hi > lo:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(°C|°|K|nm|μm|µm|h|mA|V|wt%|%)", chunk[lo:hi])
        if m and m.group(2) not in ("%",):  # "60°C" -> 60 °C; keep "15%" whole
            cut = lo + m.end(1)
            middle = [(lo, cut), (cut, hi)]
        else:
            middle = [(lo, hi)]
    return prefix + middle + suffix


def tokenize_offsets(text: str) -> list[tuple[int, int]]:
    """Character offsets of the tokens of ``text`` (whitespace is never a token).

    >>> t = "PEO (Li1+xAlxTi2-x(PO4)3), 2 mA cm⁻²."
    >>> [t[a:b] for a, b in tokenize_offsets(t)]
    ['PEO', '(', 'Li1+xAlxTi2-x(PO4)3', ')', ',', '2', 'mA', 'cm⁻²', '.']
    """
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", text):
        out.extend((m.start() + a, m.start() + b) for a, b in _split_chunk(m.group()))
    return out


class ChemTokenizer:
    """A spaCy tokenizer over :func:`tokenize_offsets` (no serialisation state)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> "Doc":
        from spacy.tokens import Doc

        offs = tokenize_offsets(text)
        words = [text[a:b] for a, b in offs]
        spaces = [(i + 1 < len(offs) and offs[i + 1][0] > b) or (i + 1 == len(offs) and b < len(text))
                  for i, (a, b) in enumerate(offs)]
        return Doc(self.vocab, words=words, spaces=spaces) if words else Doc(self.vocab, words=[])

    def pipe(self, texts: Iterable[str], batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "ChemTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "ChemTokenizer":
        return self


# ----------------------------------------------------------------------------------------------
# Sentence boundaries
# ----------------------------------------------------------------------------------------------

def is_sentence_end(words: list[str], i: int) -> bool:
    """Whether token ``i`` ends a sentence, given the token texts.

    A period ends a sentence unless it belongs to an abbreviation token ("al.", "Fig.",
    "J.") -- the tokenizer keeps those periods attached -- and the next token starts
    with an upper-case letter, a digit, a bracket or a quote.
    """
    w = words[i]
    if w not in (".", "!", "?"):
        return False
    if i + 1 >= len(words):
        return True
    nxt = words[i + 1]
    if nxt in (")", "]", ",", ";", "."):
        return False
    return nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "([\"'“‘" or not nxt[0].isalpha()


def sentence_starts(words: list[str]) -> list[bool]:
    """``is_sent_start`` for every token."""
    starts = [False] * len(words)
    if words:
        starts[0] = True
    for i in range(len(words) - 1):
        if is_sentence_end(words, i):
            starts[i + 1] = True
    return starts


# ----------------------------------------------------------------------------------------------
# Inflection rules (vocabulary comes from the lexicon)
# ----------------------------------------------------------------------------------------------

_IRREGULAR_PAST = {"casting": ["cast", "casted"], "spraying": ["sprayed"], "pressing": ["pressed"],
                   "dropping": ["dropped"], "sputtering": ["sputtered", "sputter"],
                   "coating": ["coated"], "plating": ["plated"]}
#: verb forms that are ordinary English words: only a method when a material is in the sentence
AMBIGUOUS_FORMS = {"cast", "casted", "pressed", "dropped", "sputter", "coated"}


def _past_forms(word: str) -> list[str]:
    """'sputtering' -> ['sputtered', 'sputter'], 'deposition' -> ['deposited']."""
    w = word.lower()
    if w in _IRREGULAR_PAST:
        return list(_IRREGULAR_PAST[w])
    if w.endswith("ition"):
        return [w[:-5] + "ited"]
    if w.endswith("ation"):
        return [w[:-5] + "ated"]
    if w.endswith("ing") and len(w) > 5:
        return [w[:-3] + "ed"]
    return []


def method_phrases(label: str, abbreviations: Iterable[str] = ()) -> list[str]:
    """Surface forms for a method label: the label plus inflected and passive forms.

    >>> sorted(method_phrases("spin coating"))
    ['spin coated', 'spin coating', 'spin-coated', 'spin-coating']
    >>> "deposited by ALD" in method_phrases("atomic layer deposition", ["ALD"])
    True
    """
    out = {label}
    words = label.split()
    for past in _past_forms(words[-1]):
        head = words[:-1]
        out.add(" ".join(head + [past]))
        if head:
            out.add("-".join(head + [past]))
            out.add("-".join(words))
    for abbr in abbreviations:
        for prep in ("by", "via", "using", "with"):
            out.add(f"deposited {prep} {abbr}")
            out.add(f"grown {prep} {abbr}")
    return [p for p in out if p]


def problem_phrases(label: str) -> list[str]:
    """Plural and reversed forms of a problem label.

    >>> sorted(problem_phrases("dendrite growth"))
    ['dendrite growth', 'dendrites growth', 'growth of dendrites']
    """
    out = {label}
    words = label.split()
    if len(words) == 2 and words[0].isalpha() and words[1].isalpha():
        out.add(f"{words[0]}s {words[1]}")
        out.add(f"{words[1]} of {words[0]}s")
    return sorted(out)


def is_case_sensitive(label: str) -> bool:
    """Short or mixed-case labels (formulas, acronyms) are matched on ORTH, others on LOWER."""
    return len(label) <= 4 or label != label.lower()


# ----------------------------------------------------------------------------------------------
# Plain helpers used by the components
# ----------------------------------------------------------------------------------------------

_POLY_START = re.compile(r"\b(?:poly\s?[\(\[]|P[\(\[])")


def find_polymer_names(text: str) -> list[tuple[int, int]]:
    """Bracketed polymer names: 'poly(acrylic acid-co-maleic acid)', 'poly[...]', 'P(AA-co-MA)'.

    >>> t = "covered with poly(acrylic acid-co-maleic acid) (P(AA-co-MA)) by spraying"
    >>> [t[a:b] for a, b in find_polymer_names(t)]
    ['poly(acrylic acid-co-maleic acid)', 'P(AA-co-MA)']
    """
    out = []
    for m in _POLY_START.finditer(text):
        open_at = m.end() - 1
        close = _matching_close(text, open_at)
        if close == -1:
            continue
        inner = text[open_at + 1:close]
        if not inner.strip() or len(inner) > 200:
            continue
        if m.group().startswith("P") and not re.search(r"[A-Z]{2}", inner):
            continue  # "P(3)" is not a polymer
        end = close + 1
        tail = re.match(r"[A-Za-z-]*(?:\s+(?:ether|ester|[a-z]+ate|[a-z]+ene|[a-z]+ide)\b)*", text[end:])
        if tail and tail.group().strip():
            end += len(tail.group().rstrip())
        out.append((m.start(), end))
    return out


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋ₓ", "0123456789+-x")
_FORMULA_SHAPE = re.compile(r"^[A-Z][A-Za-z0-9.()\[\]+\-−–xyzδ]*$")


def looks_like_formula(token: str) -> bool:
    """A cheap shape test before parse_formula: an element symbol start, digits or 2+ capitals."""
    token = token.translate(_SUBSCRIPTS)
    if not _FORMULA_SHAPE.match(token) or len(token) < 2:
        return False
    caps = sum(c.isupper() for c in token)
    return any(c.isdigit() for c in token) or caps >= 2


def _parse_formula_ok(text: str) -> bool:
    try:
        from .formula import parse_formula
    except ImportError:  # pragma: no cover - parser module missing
        return False
    try:
        return bool(parse_formula(text))
    except Exception:
        return False


def _normalize(text: str, lexicon, abbreviations: dict[str, str] | None):
    try:
        from ..normalize import normalize_material
    except ImportError:  # pragma: no cover - normalize.py not written yet
        return _fallback_entity(text, lexicon, abbreviations)
    try:
        return normalize_material(text, lexicon, abbreviations)
    except Exception:
        return None


def _fallback_entity(text: str, lexicon, abbreviations: dict[str, str] | None):
    """Lexicon-only stand-in for ``normalize_material`` (used only when it is missing)."""
    from types import SimpleNamespace

    long = (abbreviations or {}).get(text)
    term = lexicon.lookup(text) or (lexicon.lookup(long) if long else None)
    if term is not None and term.category == "material":
        return SimpleNamespace(label=term.pref_label, key=term.pref_label, cls=term.material_class,
                               formula=term.formula, is_nasicon=term.is_nasicon, known=True,
                               iri=term.iri, components=())
    if looks_like_formula(text) and _parse_formula_ok(text):
        return SimpleNamespace(label=text, key=text, cls="Material", formula=text, is_nasicon=False,
                               known=False, iri="", components=())
    return None


_STOP_START = re.compile(r"^(?:and|or|of|the|a|an|with|by|in|on|for|to)\b", re.I)


def usable_abbreviation(short: str, long: str) -> bool:
    """Reject long forms that start with a function word or have unbalanced brackets."""
    if not long or _STOP_START.match(long):
        return False
    return all(long.count(o) == long.count(c) for o, c in _PAIRS.items())


def polymer_abbreviations(text: str) -> list:
    """'poly[...] (MEEP)' -> Abbreviation(MEEP, poly[...]): polymer names followed by a short form."""
    from types import SimpleNamespace

    out = []
    for a, b in find_polymer_names(text):
        m = re.match(r"\s*\(\s*([^\s()]+(?:\([^()]*\))?[^\s()]*)\s*\)", text[b:])
        if not m:
            continue
        short = m.group(1)
        if not (1 < len(short) <= 15 and short[0].isupper()) or "/" in short:
            continue  # "(A/B)" defines two short forms: find_abbreviations pairs them
        out.append(SimpleNamespace(short=short, long=text[a:b], short_start=b + m.start(1),
                                   short_end=b + m.end(1), long_start=a, long_end=b))
    return out


def document_abbreviations(document) -> dict[str, str]:
    """short -> long for every sound definition in a paper's text blocks (first one wins)."""
    out: dict[str, str] = {}
    for block in document.blocks:
        if block.kind in ("paragraph", "abstract", "caption") and block.text.strip():
            for short, long in abbreviation_map(block.text).items():
                out.setdefault(short, long)
    return out


def abbreviation_map(text: str) -> dict[str, str]:
    """short -> long for the definitions in ``text`` that look sound."""
    out: dict[str, str] = {}
    for ab in polymer_abbreviations(text) + find_abbreviation_pairs(text):
        if usable_abbreviation(ab.short, ab.long):
            out.setdefault(ab.short, ab.long)
    return out


def find_abbreviation_pairs(text: str) -> list:
    """``find_abbreviations`` from the parser module (empty when it is missing)."""
    try:
        from .abbreviations import find_abbreviations
    except ImportError:  # pragma: no cover
        return []
    return list(find_abbreviations(text))


# ----------------------------------------------------------------------------------------------
# Components
# ----------------------------------------------------------------------------------------------

class SentenceSetter:
    def __init__(self, nlp, name: str):
        self.name = name

    def __call__(self, doc):
        words = [t.text for t in doc]
        for tok, start in zip(doc, sentence_starts(words)):
            tok.is_sent_start = start
        return doc


class _LexiconComponent:
    """Base: vocabulary arrives in :meth:`initialize` (from the lexicon), never from code."""

    def __init__(self, nlp, name: str):
        self.nlp = nlp
        self.name = name
        self.lexicon = None

    def _require(self):
        if self.lexicon is None:
            from ..errors import ExtractionError

            raise ExtractionError(f"component {self.name!r} used before initialize(lexicon=...)")


class MaterialRuler(_LexiconComponent):
    """Material mentions -> ``doc.spans["materials"]``, each with ``span._.material``."""

    def initialize(self, get_examples=None, *, nlp=None, lexicon=None):
        from spacy.matcher import PhraseMatcher

        self.lexicon = lexicon
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for term in lexicon.of("material"):
            for label in term.labels:
                if len(label) < 2:  # "S" (sulfur) would match every "S cm⁻¹"
                    continue
                doc = self.nlp.make_doc(label)
                (self.orth if is_case_sensitive(label) else self.lower).add(term.pref_label, [doc])

    def _is_mixture(self, text: str) -> bool:
        """'LATP/PVDF', 'PVDF@PEO': every part is a material the lexicon or grammar knows."""
        if "/" not in text and "@" not in text:
            return False
        parts = [p for p in re.split(r"[/@]", text) if p]
        if len(parts) < 2:
            return False
        return all(self.lexicon.lookup(p) is not None or (looks_like_formula(p) and _parse_formula_ok(p))
                   for p in parts)

    def __call__(self, doc):
        from spacy.tokens import Span
        from spacy.util import filter_spans

        self._require()
        abbrevs: dict[str, str] = dict(doc.user_data.get("abbreviations") or {})
        for short, long in abbreviation_map(doc.text).items():
            abbrevs.setdefault(short, long)
        long_end = {}  # end offset of a long form in this doc -> its short form
        shorts = set()
        for ab in find_abbreviation_pairs(doc.text) + polymer_abbreviations(doc.text):
            shorts.add(ab.short)
            if usable_abbreviation(ab.short, ab.long):
                long_end[ab.long_end] = ab.short
        cands: list[Span] = []
        for _, s, e in list(self.lower(doc)) + list(self.orth(doc)):
            cands.append(doc[s:e])
        for a, b in find_polymer_names(doc.text):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                cands.append(span)
        for tok in doc:
            text = tok.text
            base = text.split("_")[0] if "_" in text else text
            if self._is_mixture(text) or text in abbrevs or text in shorts or (base != text and self.lexicon.lookup(base)) or (
                    looks_like_formula(text) and _parse_formula_ok(text.translate(_SUBSCRIPTS))):
                cands.append(doc[tok.i:tok.i + 1])
        spans = []
        for span in filter_spans(cands):
            text = span.text.translate(_SUBSCRIPTS)
            if "_" in text and len(span) == 1:  # dopant notation "LATP_8 wt% of Nb2O5"
                text = text.split("_")[0]
            ent = _normalize(text, self.lexicon, abbrevs)
            short = long_end.get(span.end_char)
            if short and short != span.text:
                # a long form defined with a short one: the paper's name for it is the short form
                alt = _normalize(short, self.lexicon, abbrevs)
                if alt is not None and (alt.known or alt.is_nasicon or ent is None or not ent.known):
                    ent = alt
            if ent is not None and not ent.known and text in abbrevs and text != ent.label \
                    and hasattr(ent, "__dataclass_fields__"):
                from dataclasses import replace

                ent = replace(ent, label=text)
            if ent is None:
                continue
            span._.material = ent
            spans.append(span)
        doc.spans["materials"] = spans
        return doc


class MethodRuler(_LexiconComponent):
    """Fabrication methods -> ``doc.spans["methods"]`` with ``span._.method`` (prefLabel)."""

    def initialize(self, get_examples=None, *, nlp=None, lexicon=None):
        from spacy.matcher import PhraseMatcher

        self.lexicon = lexicon
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.by_long: dict[str, str] = {}
        for term in lexicon.of("method"):
            abbrs = [lb for lb in term.labels if lb.isupper()]
            for label in term.labels:
                self.by_long[label.lower()] = term.pref_label
                for phrase in method_phrases(label, abbrs if label == term.pref_label else ()):
                    matcher = self.orth if phrase.isupper() else self.lower
                    matcher.add(term.pref_label, [self.nlp.make_doc(phrase)])

    def _method_of(self, text: str) -> str | None:
        t = " ".join(text.lower().split())
        for suffix in ("", " technique", " method", " process", " system"):
            if suffix and t.endswith(suffix):
                t2 = t[: -len(suffix)]
            else:
                t2 = t
            for key, pref in self.by_long.items():
                if t2.endswith(key):
                    return pref
        return None

    def __call__(self, doc):
        from spacy.util import filter_spans

        self._require()
        sv = self.nlp.vocab.strings
        cands = []
        for mid, s, e in list(self.lower(doc)) + list(self.orth(doc)):
            span = doc[s:e]
            span._.method = sv[mid]
            cands.append(span)
        # abbreviations defined in the text for a method: "magnetron sputtering technique (MST)"
        abbrevs: dict[str, str] = {}
        for ab in find_abbreviation_pairs(doc.text):
            pref = self._method_of(ab.long)
            if pref:
                abbrevs[ab.short] = pref
        for short, long in (doc.user_data.get("abbreviations") or {}).items():
            pref = self._method_of(long)
            if pref:
                abbrevs.setdefault(short, pref)
        for tok in doc:
            if tok.text in abbrevs:
                span = doc[tok.i:tok.i + 1]
                span._.method = abbrevs[tok.text]
                cands.append(span)
        mats = doc.spans["materials"] if "materials" in doc.spans else []
        out = []
        for span in filter_spans(cands):
            if span.text.lower() in AMBIGUOUS_FORMS:
                sent = span.sent
                if not any(m.start >= sent.start and m.end <= sent.end for m in mats):
                    continue
            pref = span._.method
            if pref is None:
                for mid, s, e in list(self.lower(doc)) + list(self.orth(doc)):
                    if s == span.start and e == span.end:
                        pref = sv[mid]
                span._.method = pref
            out.append(span)
        doc.spans["methods"] = out
        return doc


_REDUCE_FORMS = ["reduce", "reduced", "reduces", "reducing", "reduction"]
_REACT_FORMS = ["react", "reacts", "reacted", "reacting", "reaction", "reactions"]
#: words that say a contact is good: "intimate contact" is the contact problem addressed
_GOOD = ["intimate", "close", "good", "tight", "conformal", "better", "improved", "excellent",
         "seamless", "enhanced", "intact", "full", "homogeneous", "uniform"]
#: words that say a resistance fell: "a drop in resistivity" is the resistance problem addressed
_LOWER = ["low", "lower", "lowered", "decrease", "decreased", "decreasing", "reduced", "reduction",
          "reducing", "drop", "dropped", "decline", "declined", "smaller", "small", "diminished"]
_BE = ["is", "was", "were", "are", "became", "becomes", "been", "be", "remained"]


def _solved_patterns(labels: Iterable[str], good: list[str]) -> list[list[dict]]:
    """Matcher patterns for a problem stated as overcome: ``good`` words before or after
    the head nouns of the problem's labels ("low interfacial impedance", "the impedance ...
    was dramatically lower", "intimate contact").  The head noun is each label's last word;
    its other words (minus the bad-state ones, which the labels themselves use) may stand
    between.

    >>> len(_solved_patterns(["poor contact"], ["good"]))
    3
    """
    words = [lb.lower().split() for lb in labels if lb.replace(" ", "").isalpha()]
    nouns = sorted({w[-1] for w in words if len(w) > 1} | {w[0] for w in words if len(w) == 1})
    bad = {"poor", "high", "large", "insufficient", "low"}
    adjs = sorted({x for w in words for x in w[:-1]} - bad - set(nouns))
    noun = {"LOWER": {"IN": nouns}}
    adj = {"LOWER": {"IN": adjs}, "OP": "?"} if adjs else {"LOWER": "the", "OP": "?"}
    good_tok = {"LOWER": {"IN": good}}
    return [
        # "low interfacial impedance", "a drop in resistivity", "decrease of the overall resistance"
        [good_tok, {"LOWER": {"IN": ["of", "in"]}, "OP": "?"}, {"LOWER": "the", "OP": "?"},
         {"IS_ALPHA": True, "IS_LOWER": True, "OP": "?"}, adj, noun],
        # "the impedance of the coated pellet was dramatically lower"
        [adj, noun, {"IS_PUNCT": False, "OP": "{0,8}"}, {"LOWER": {"IN": _BE}},
         {"LOWER": {"REGEX": "ly$"}, "OP": "?"}, good_tok],
        # "the interfacial impedance decreased"
        [adj, noun, {"LOWER": {"IN": ["decreased", "dropped", "declined", "decreases", "drops", "fell",
                                      "improved"]}}],
    ]


#: Measured quantities whose "reduction" is an improvement, not the reduction of the electrolyte.
_QUANTITY_NOUNS = {"resistance", "resistances", "resistivity", "impedance", "impedances", "overpotential",
                   "overpotentials", "polarization", "polarisation", "thickness", "size", "cost", "costs",
                   "crystallinity", "temperature", "time", "voltage", "current", "volume", "porosity"}


def _reduction_of_a_quantity(span) -> bool:
    """A bare "reduction" that reduces a quantity: "reduction of the interfacial resistance",
    "a reduction in overpotential", "impedance reduction"."""
    if span.text.lower() not in ("reduction", "reductions"):
        return False
    doc = span.doc
    after = [t.lower_ for t in doc[span.end:span.end + 5]]
    if after[:1] and after[0] in ("of", "in") and any(w in _QUANTITY_NOUNS for w in after[1:]):
        return True
    before = [t.lower_ for t in doc[max(0, span.start - 2):span.start]]
    return any(w in _QUANTITY_NOUNS for w in before)


class ProblemRuler(_LexiconComponent):
    """Problems -> ``doc.spans["problems"]`` with ``span._.problem`` (prefLabel)."""

    def initialize(self, get_examples=None, *, nlp=None, lexicon=None):
        from spacy.matcher import Matcher, PhraseMatcher

        self.lexicon = lexicon
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.matcher = Matcher(self.nlp.vocab)
        problems = {t.pref_label: t for t in lexicon.of("problem")}
        for term in problems.values():
            for label in term.labels:
                for phrase in problem_phrases(label):
                    matcher = self.orth if is_case_sensitive(phrase) else self.lower
                    matcher.add(term.pref_label, [self.nlp.make_doc(phrase)])
        # "reduce(d/s) ... Li metal / lithium" -> the problem whose label says "by Li metal"
        by_li = next((t for t in problems.values()
                      if any(lb.lower().startswith("reduction by") for lb in t.labels)), None)
        li = lexicon.lookup("Li")
        if by_li and li:
            li_words = sorted({w.lower() for lb in li.labels for w in lb.split()} - {"metal"})
            self.matcher.add(by_li.pref_label, [[
                {"LOWER": {"IN": _REDUCE_FORMS}},
                {"IS_PUNCT": False, "OP": "{0,4}"},
                {"LOWER": {"IN": li_words}},
            ]], greedy="LONGEST")
        # "dendrite(s)" + growth/formation/nucleation -> the problem with a "dendrite growth" label
        dend = next((t for t in problems.values() if any("dendrite" in lb for lb in t.labels)), None)
        if dend:
            nouns = sorted({lb.split()[-1].lower() for lb in dend.labels if len(lb.split()) > 1})
            self.matcher.add(dend.pref_label, [
                [{"LOWER": {"IN": ["dendrite", "dendrites", "dendritic"]}}, {"LOWER": {"IN": nouns}}],
                [{"LOWER": {"IN": nouns}}, {"LOWER": "of"}, {"IS_ALPHA": True, "OP": "?"},
                 {"LOWER": {"IN": ["dendrite", "dendrites"]}}],
            ])
            # "kept LATP from reacting with Li metal": the reaction is the reduction
            self.matcher.add(by_li.pref_label, [[
                {"LOWER": {"IN": _REACT_FORMS}}, {"LOWER": {"IN": ["with", "towards", "toward"]}},
                {"LOWER": {"IN": ["the", "metallic"]}, "OP": "?"}, {"LOWER": {"IN": li_words}},
            ]])
        # a problem stated as overcome ("intimate contact", "low impedance"): spans flagged
        # ``problem_addressed``; the problems whose labels name a contact or a resistance
        self.solved = Matcher(self.nlp.vocab)
        for term in problems.values():
            heads = {lb.lower().split()[-1] for lb in term.labels}
            if "contact" in heads:
                self.solved.add(term.pref_label, _solved_patterns(term.labels, _GOOD))
            elif heads & {"resistance", "impedance"}:
                self.solved.add(term.pref_label, _solved_patterns(term.labels, _LOWER))
        # "interfacial resistance/impedance decreased/reduced" is the resistance problem
        # (matched by its own label); the bare "shuttle" -> the shuttle problem
        shuttle = next((t for t in problems.values() if any("shuttle" in lb for lb in t.labels)), None)
        if shuttle:
            self.matcher.add(shuttle.pref_label, [[{"LOWER": {"IN": ["shuttle", "shuttling"]}}]])

    def __call__(self, doc):
        from spacy.util import filter_spans

        self._require()
        sv = self.nlp.vocab.strings
        cands = []
        for mid, s, e in list(self.matcher(doc)) + list(self.lower(doc)) + list(self.orth(doc)):
            span = doc[s:e]
            cands.append((span, sv[mid]))
        solved = set()
        for mid, s, e in self.solved(doc):
            cands.append((doc[s:e], sv[mid]))
            solved.add((s, e))
        label_of = {}
        for span, pref in cands:
            key = (span.start, span.end)
            # a specific problem wins over the generic "reduction" on the same tokens
            if key not in label_of or len(pref) > len(label_of[key]):
                label_of[key] = pref
        out = []
        for span in filter_spans([s for s, _ in cands]):
            if _reduction_of_a_quantity(span):
                continue
            span._.problem = label_of[(span.start, span.end)]
            span._.problem_addressed = (span.start, span.end) in solved
            out.append(span)
        doc.spans["problems"] = out
        return doc


class QuantityRuler:
    """Quantities (``find_quantities``) aligned to tokens -> ``doc.spans["quantities"]``."""

    def __init__(self, nlp, name: str):
        self.name = name

    def __call__(self, doc):
        from .quantities import find_quantities

        spans = []
        for q in find_quantities(doc.text):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None:
                continue
            span._.quantity = q.quantity
            spans.append(span)
        doc.spans["quantities"] = spans
        return doc


class CitationRuler:
    """Citation anchors (``doc.user_data["citations"]``: (offset, numbers) within the doc's
    text) and author citations ("Hao et al.") -> ``doc.spans["citations"]`` with
    ``span._.ref_numbers``.  An anchor's span is the token before its offset."""

    def __init__(self, nlp, name: str):
        self.name = name

    def __call__(self, doc):
        spans = []
        for offset, numbers in doc.user_data.get("citations") or ():
            if not len(doc):
                break
            offset = max(1, min(int(offset), len(doc.text)))
            span = doc.char_span(offset - 1, offset, alignment_mode="expand")
            if span is None:
                continue
            span._.ref_numbers = tuple(numbers)
            span._.citation_kind = "marker"
            spans.append(span)
        references = doc.user_data.get("references") or ()
        if references:
            try:
                from .citations import find_author_citations
            except ImportError:  # pragma: no cover
                find_author_citations = None
            if find_author_citations is not None:
                from ..model import Citation

                anchors = tuple(Citation(int(o), tuple(n)) for o, n in
                                doc.user_data.get("citations") or ())
                try:
                    found = find_author_citations(doc.text, references, citations=anchors)
                except TypeError:  # an older signature without the anchors
                    found = find_author_citations(doc.text, references)
                for start, end, number in found:
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is None:
                        continue
                    span._.ref_numbers = (number,) if isinstance(number, int) else tuple(number)
                    span._.citation_kind = "author"
                    spans.append(span)
        doc.spans["citations"] = spans
        return doc


# ----------------------------------------------------------------------------------------------
# Registration and construction
# ----------------------------------------------------------------------------------------------

def _set_extensions() -> None:
    from spacy.tokens import Span

    for name in ("material", "method", "problem", "quantity", "ref_numbers", "citation_kind"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("problem_addressed"):
        Span.set_extension("problem_addressed", default=False)


def register() -> None:
    """Register the tokenizer, the factories and the span extensions (once per process).

    Raises :class:`~nasicon_kg.errors.ExtractionError` when another package already
    registered one of our names with a different function.
    """
    global _REGISTERED
    with _LOCK:
        if _REGISTERED:
            return
        from spacy.language import Language
        from spacy.util import registry

        from ..errors import ExtractionError

        makers = {
            FACTORY_NAMES["sentences"]: (SentenceSetter, ["token.is_sent_start"], []),
            FACTORY_NAMES["materials"]: (MaterialRuler, ["doc.spans"], []),
            FACTORY_NAMES["methods"]: (MethodRuler, ["doc.spans"], ["doc.spans"]),
            FACTORY_NAMES["problems"]: (ProblemRuler, ["doc.spans"], []),
            FACTORY_NAMES["quantities"]: (QuantityRuler, ["doc.spans"], []),
            FACTORY_NAMES["citations"]: (CitationRuler, ["doc.spans"], []),
        }
        for name in makers:
            if Language.has_factory(name):
                raise ExtractionError(f"spaCy factory {name!r} is already registered")
        if TOKENIZER_NAME in registry.tokenizers:
            raise ExtractionError(f"spaCy tokenizer {TOKENIZER_NAME!r} is already registered")

        def make_tokenizer():
            return lambda nlp: ChemTokenizer(nlp.vocab)

        registry.tokenizers.register(TOKENIZER_NAME, func=make_tokenizer)
        for name, (cls, assigns, requires) in makers.items():
            def factory(nlp, name, _cls=cls):
                return _cls(nlp, name)

            Language.factory(name, assigns=assigns, requires=requires, func=factory)
        _set_extensions()
        _REGISTERED = True


def build_nlp(lexicon: "Lexicon") -> "Language":
    """The pipeline for ``lexicon``: built once per process and lexicon, then reused."""
    key = id(lexicon)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    register()
    import spacy

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.add_pipe(FACTORY_NAMES["sentences"])
    for key_ in ("materials", "methods", "problems", "quantities", "citations"):
        pipe = nlp.add_pipe(FACTORY_NAMES[key_])
        if hasattr(pipe, "initialize"):
            pipe.initialize(nlp=nlp, lexicon=lexicon)
    with _LOCK:
        _CACHE[key] = (lexicon, nlp)
    return nlp


def make_doc(nlp: "Language", text: str, *, citations: Iterable[tuple[int, tuple[int, ...]]] = (),
             references: tuple = (), abbreviations: dict[str, str] | None = None) -> "Doc":
    """A tokenized Doc carrying what the components read from ``user_data``."""
    doc = nlp.make_doc(text)
    doc.user_data["citations"] = list(citations)
    doc.user_data["references"] = tuple(references)
    doc.user_data["abbreviations"] = dict(abbreviations or {})
    return doc
