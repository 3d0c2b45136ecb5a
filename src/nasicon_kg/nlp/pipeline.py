"""The spaCy pipeline: a chemistry tokenizer, a spaced-formula merger, a sentencizer and five
span rulers.

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

from .chemnames import CATIONS, is_anion_word, is_compound_name
from .cues import CueRuler
from .relations import RelationRuler
from .formula import ALKALI_METALS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..lexicon import Lexicon

FACTORY_NAMES = {
    "spaced_formulas": "nkg_spaced_formulas_v1",
    "sentences": "nkg_sentences_v1",
    "materials": "nkg_materials_v1",
    "methods": "nkg_methods_v1",
    "problems": "nkg_problems_v1",
    "quantities": "nkg_quantities_v1",
    "citations": "nkg_citations_v1",
    "cues": "nkg_cues_v1",
    "relations": "nkg_relations_v1",
}
TOKENIZER_NAME = "nkg_chem_tokenizer_v2"
SPAN_KEYS = ("materials", "methods", "problems", "quantities", "citations", "cues")

_LOCK = threading.Lock()
_REGISTERED = False
_CACHE: dict[int, tuple[object, "Language"]] = {}

# ----------------------------------------------------------------------------------------------
# Tokenizer: a real spaCy Tokenizer with chemistry rules, built in ``tokenizer.py``
# ----------------------------------------------------------------------------------------------

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


def tokenize_offsets(text: str) -> list[tuple[int, int]]:
    """Character offsets of the tokens the pipeline's tokenizer makes of ``text``.

    >>> t = "PEO (Li1+xAlxTi2-x(PO4)3), 2 mA cm⁻²."
    >>> [t[a:b] for a, b in tokenize_offsets(t)]
    ['PEO', '(', 'Li1+xAlxTi2-x(PO4)3', ')', ',', '2', 'mA', 'cm⁻²', '.']
    """
    return [(t.idx, t.idx + len(t.text)) for t in _offsets_tokenizer()(text)]


_OFFSETS_TOKENIZER: list = []


def _offsets_tokenizer():
    if not _OFFSETS_TOKENIZER:
        from spacy.vocab import Vocab

        from .tokenizer import make_tokenizer

        _OFFSETS_TOKENIZER.append(make_tokenizer(Vocab()))
    return _OFFSETS_TOKENIZER[0]


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
    if w in ("C.", "K.", "F.") and i and words[i - 1] == "°":
        pass  # "at 200 ° C. 57 However": a spaced-off degree unit keeps its period, and it ends here
    elif w not in (".", "!", "?"):
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


#: a word that may be an abbreviation with a substitution after it: "LPSBr0.2I0.8", "LGPSCl"
_VARIANT_HINT = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:\d|Cl|Br|F|I)")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋ₓ", "0123456789+-x")
_FORMULA_SHAPE = re.compile(r"^[(\[]?[A-Z][A-Za-z0-9.()\[\]+\-−–xyzδ]*$")  # "(Li0.7Na0.3)3BH4B12H12" too


def looks_like_formula(token: str) -> bool:
    """A cheap shape test before parse_formula: an element symbol start, digits or 2+ capitals."""
    token = token.translate(_SUBSCRIPTS)
    if not _FORMULA_SHAPE.match(token) or len(token) < 2:
        return False
    if token[0] in "([" and not re.match(r"^[(\[][^)\]]*[)\]][0-9.xyzδ+\-]*[(\[A-Z]", token):
        return False  # "(PO4)3" alone is a group of a formula; "(Li0.7Na0.3)3BH4B12H12" is one
    caps = sum(c.isupper() for c in token)
    return any(c.isdigit() for c in token) or caps >= 2


def _parse_formula_ok(text: str) -> bool:
    from .formula import parse_formula

    try:
        return bool(parse_formula(text))
    except Exception:
        return False


def _parse_formula_ok_loose(text: str) -> bool:
    """``parse_formula(strict=False)``: also bare one-letter symbols ("C", "S")."""
    from .formula import parse_formula

    try:
        return bool(parse_formula(text, strict=False))
    except Exception:
        return False


#: two-letter metal symbols that are no English word or common abbreviation ("Co", "Ca", "In", "Pa" are):
#: alone they name the metal, a layer or an electrode ("a 20 nm Nb film", "Sputtering of Ti")
#: what makes "In" (an English word) the metal: "an In interlayer", "In foil"
_INDIUM_NOUNS = frozenset({"interlayer", "interlayers", "layer", "layers", "film", "films", "foil", "foils",
                           "coating", "coatings", "metal", "powder", "buffer"})
BARE_METALS = frozenset("Mg Al Ti Cr Mn Fe Ni Cu Zn Ga Zr Nb Mo Ru Rh Pd Ag Sn Sb Hf Ta Ir Pt Au Bi Pb Si Ge".split())
#: what follows a symbol that is a spectroscopic line or an ion, not the metal: "Ti 2p", "Zr 3d5/2", "Nb K-edge"
_NOT_THE_METAL_AFTER = re.compile(r"^(?:[KLM]|\d?\+|ions?|atoms?|cations?|"
                                  r"species|sites?|contents?|[-‐–]?(?:doped|doping|substituted|rich|poor|O|S|N))$")


_ELEMENT_COUNT = re.compile(r"^[A-Z][a-z]?\d*$")
_SPECTRAL_LINE = re.compile(r"^(?:\d[spdf](?:\d/\d)?|[KLM][-‐]?edge)$")


def ion_or_line(doc, span) -> bool:
    """A one-token mention that is an ion ("Ti4" of "Ti4+"), a spectroscopic line ("Sn 3d",
    "Zr K-edge") or a space group ("C2/m"): the element is named, but not as a material."""
    if len(span) != 1 or not _ELEMENT_COUNT.match(span.text) or span.end >= len(doc):
        return False
    after = doc[span.end].text
    if not span[-1].whitespace_ and re.fullmatch(r"\d?\+", after):
        return True
    if after.isdigit() and span.end + 1 < len(doc) and doc[span.end + 1].text in ("+", "⁺") \
            and not doc[span.end].whitespace_:
        return True  # "Ge 4+": the charge spaced off by a converter
    if not span[-1].whitespace_ and after == "/" and span.end + 1 < len(doc) and \
            re.fullmatch(r"[mcnabd]{1,3}", doc[span.end + 1].text):
        return True  # a space group: "C2/m", "P2/c"
    return bool(_SPECTRAL_LINE.match(after))


#: symbols that stand for an element in a formula: "Li6PS5X (X = Cl, Br, I)", "NaMOCl4 (M = Nb, Ta)"
PLACEHOLDERS = ("X", "M", "A", "B", "Me", "Ln", "RE", "Q", "Z")
_DEFINITION = re.compile(r"\(\s*(?:[A-Z][a-z]?\s*=\s*[A-Z][a-z]?\b[^()]*)\)")
_ASSIGNMENT = re.compile(r"\b([A-Z][a-z]?)\s*=\s*([A-Z][a-z]?)\b")


def placeholder_formulas(text: str, words: list[str], starts: list[int]) -> tuple[dict[int, str], set[int]]:
    """Formulas written with a placeholder a bracket defines: token index -> the formula with each
    placeholder replaced by its first value ("Li6PS5X (X = Cl, Br, I)" -> "Li6PS5Cl"), and the
    indices of the tokens inside those brackets (their element symbols name no material). A
    placeholder once defined serves the later formulas of the text too ("NaMOCl4 (M = Nb, Ta) ...
    their Li analogues, LiMOCl4").

    >>> w = ["Li6PS5X", "(", "X", "=", "Cl", ",", "Br", ")"]
    >>> placeholder_formulas("Li6PS5X (X = Cl, Br)", w, [0, 8, 9, 11, 13, 15, 17, 19])
    ({0: 'Li6PS5Cl'}, {1, 2, 3, 4, 5, 6, 7})
    """
    from .formula import parse_formula

    found: dict[int, str] = {}
    inside: set[int] = set()
    values: dict[str, str] = {}
    for i, word in enumerate(words):
        if not any(p in word for p in PLACEHOLDERS) or not re.search(r"[0-9]", word) or i in inside:
            continue  # a formula has counts: "NMC", "MOF" are no placeholder formulas
        m = _DEFINITION.match(text, starts[i + 1]) if i + 1 < len(words) and words[i + 1] == "(" else None
        here = dict(_ASSIGNMENT.findall(m.group())) if m else {}
        known = {**values, **here}
        example = word
        for var in sorted(known, key=len, reverse=True):
            example = re.sub(rf"{var}(?![a-z])", known[var], example)
        if example == word or not parse_formula(example):
            continue
        found[i] = example
        values.update(here)
        if m:
            end = starts[i + 1] + len(m.group())
            inside.update(k for k in range(i + 1, len(words)) if starts[k] < end)
    return found, inside


_AMOUNT_FIRST = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)?|[xyz])([A-Z][A-Za-z0-9().]*)$")


def _amount_first_system(words: list[str], spaces: list[str], i: int) -> bool:
    """ "3LiCl-InCl3": an amount on the first compound only, a hyphen, then a second compound."""
    m = _AMOUNT_FIRST.match(words[i])
    if not m or i + 2 >= len(words) or words[i + 1] not in _HYPHEN_TOKENS or spaces[i] or spaces[i + 1]:
        return False
    first, second = m.group(1), words[i + 2]
    return (looks_like_formula(first) and _parse_formula_ok(first) and looks_like_formula(second)
            and _parse_formula_ok(second))


_STACK_SEP = frozenset({"/", "|", "||"})
_MEMBER = re.compile(r"^[A-Za-z][A-Za-z0-9@.\-]{0,15}$")


def stack_unknowns(words: list[str], spaces: list[str], known: set[int]) -> set[int]:
    """Members of a symmetric cell written with "/" or "|" that no other rule names ("SP" in
    "Li/SP/LPSCl/SP/Li"): between the metal at both ends, each is a material of the cell.

    >>> sorted(stack_unknowns(["Li", "/", "SP", "/", "LPSCl", "/", "SP", "/", "Li"], [""] * 9, {0, 4, 8}))
    [2, 6]
    """
    out: set[int] = set()
    i, n = 0, len(words)
    while i < n:
        if words[i] not in ALKALI_METALS:
            i += 1
            continue
        j = i
        while j + 2 < n and words[j + 1] in _STACK_SEP and not spaces[j] and not spaces[j + 1]:
            j += 2
        members = range(i + 2, j, 2)
        if j > i + 2 and words[j] in ALKALI_METALS and any(k in known for k in members):
            out.update(k for k in members if k not in known and _MEMBER.match(words[k]) and any(c.isupper() for c in words[k]))
        i = j + 1
    return out



#: an acronym the text does not define, named as a solid electrolyte: "the amorphous NTC SE",
#: "an LNOC solid electrolyte"; battery acronyms (ASSB, LIBs, ASSNIBs) name cells, not materials
_ACRONYM = re.compile(r"^(?:[act]-)?(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9]{1,7}$")  # "c-NNOC": a phase of it
_BATTERY_ACRONYM = re.compile(r"^[A-Z]*(?:B|Bs|BS)$")
_SE_HEAD = frozenset({"SE", "SEs", "SSE", "SSEs"})
_SOLID_HEADS = frozenset({"electrolyte", "electrolytes", "glass", "glasses", "glass-ceramic", "glass-ceramics",
                          "pellet", "pellets", "ceramic", "ceramics", "separator"})
#: commercial liquid electrolytes named by a code: "LP30 electrolyte", "LP57"
_LIQUID_ACRONYM = re.compile(r"^LP\d+$")
#: acronyms that qualify a conductivity rather than name what has it: "the RT conductivity", "DC conductivity"
_NOT_MATERIAL_ACRONYMS = frozenset({"RT", "HT", "LT", "DC", "AC", "EIS", "ASR", "DFT", "MD", "AIMD", "NMR", "XRD",
                                    "SEM", "TEM", "XPS", "CCD", "GB", "EC", "EDS", "ToF", "PFG"})


def electrolyte_acronym(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is an acronym used as the name of a solid electrolyte: followed by "SE",
    "SSE" or "solid(-state) electrolyte" ("NTC SE", "LNOC solid electrolyte"), or named as what has
    a conductivity ("the conductivity of LNOC").

    >>> electrolyte_acronym("the NTC SE was".split(), 1), electrolyte_acronym("an ASSB SE".split(), 1)
    (True, False)
    """
    w = words[i]
    if not _ACRONYM.match(w) or _BATTERY_ACRONYM.match(w) or w in _SE_HEAD or w in _NOT_MATERIAL_ACRONYMS:
        return False
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt in _SE_HEAD or nxt.lower() in _SOLID_HEADS and not _LIQUID_ACRONYM.match(w):
        return True  # "the LBPSI electrolytes", "LBSI glass"
    before = [x.lower() for x in words[max(0, i - 3):i]]
    if before[-2:] in (["conductivity", "of"], ["conductivities", "of"]) or before == ["conductivity", "of", "the"]:
        return True  # "the ionic conductivity of LNOC"
    after = [x.lower() for x in words[i + 1:i + 6]]
    if "conductivity" in after and not {"of", "in", "and", "than", ",", "."} & set(after[:after.index("conductivity")]):
        return True  # "LTOC achieving higher ionic conductivity"
    after = [x.lower() for x in words[i + 1:i + 5]]
    return after[:2] in (["solid", "electrolyte"], ["solid", "electrolytes"]) or \
        after[:4] in (["solid", "-", "state", "electrolyte"], ["solid", "-", "state", "electrolytes"])


def coordinated_acronyms(words: list[str], named: set[str]) -> set[str]:
    """Acronyms coordinated with one already named as an electrolyte: "the conductivities of NNOC
    (1.2 mS/cm) and NTOC (1.5 mS/cm)" names NTOC too.

    >>> sorted(coordinated_acronyms("of NNOC ( 1.2 mS/cm ) and NTOC ( 1.5 mS/cm ) and the EIS".split(), {"NNOC"}))
    ['NTOC']
    """
    out: set[str] = set()
    for i, w in enumerate(words):
        if w not in named:
            continue
        depth = 0
        for j in range(i + 1, min(i + 12, len(words))):
            x = words[j]
            depth += (x == "(") - (x == ")")
            if depth == 0 and words[j - 1] in ("and", "or", ",") and _ACRONYM.match(x) \
                    and not _BATTERY_ACRONYM.match(x) and x not in _NOT_MATERIAL_ACRONYMS and x not in _SE_HEAD:
                out.add(x)
                break
            if depth == 0 and x in (".", ";"):
                break
    return out


#: one element with a count, and the ones that are real substances written so
_LONE_COUNT = re.compile(r"^[A-Z][a-z]?[0-9]+(?:\.[0-9]+)?$")  # "H10", "S5", "Li0.4": a spaced-off fragment
ALLOTROPES = frozenset({"S8", "P4", "C60", "C70", "O2", "O3", "N2", "H2", "F2", "Cl2", "Br2", "I2"})


def bare_metal(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a metal written alone: "Nb" in "a thin Nb layer", not "Ti 2p" or "Ti4+".

    >>> bare_metal(["a", "Nb", "film"], 1), bare_metal(["the", "Ti", "2p", "peak"], 1)
    (True, False)
    >>> bare_metal(["an", "In", "interlayer"], 1), bare_metal(["In", "layer", "2"], 0), bare_metal(["Ge", "4", "+"], 0)
    (True, False, False)
    """
    if words[i] == "In" and i and not is_sentence_end(words, i - 1):  # "an In interlayer", "with In foil"
        return (words[i + 1] if i + 1 < len(words) else "").lower() in _INDIUM_NOUNS
    if words[i] not in BARE_METALS:
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    if after.isdigit() and i + 2 < len(words) and words[i + 2] in ("+", "⁺"):
        return False  # "Ge 4+": an ion whose charge a converter spaced off
    return not (_NOT_THE_METAL_AFTER.match(after) or _SPECTRAL_LINE.match(after))


_FIGURE_WORD = re.compile(r"^(?:Fig(?:ure)?s?\.?|Tables?|Schemes?|Notes?|Movies?|Videos?|Eqs?\.?|Equations?)$", re.I)
_FIGURE_LABEL = re.compile(r"^S?\d+[a-z]?$|^[A-Z]\d+[a-z]?$")
_FIGURE_LIST = re.compile(r"^(?:S?\d+[a-z]?|[A-Z]\d+[a-z]?|[a-z]|and|,|[-–])$")


def _after_figure_word(words: list[str], i: int) -> bool:
    """Whether word ``i`` is a label of a figure list: "Figure S16", "Figs. 2a and S6"."""
    for k in range(i - 1, max(-1, i - 7), -1):
        if _FIGURE_WORD.match(words[k]):
            return True
        if not _FIGURE_LIST.match(words[k]):
            return False
    return False


#: "(denoted as LYCI-0.5)", "labelled LLZO-Ga", "hereafter named NZSP-2": a sample name the paper gives
_SAMPLE_NAME = (r"[\"“']?((?=[^\s]*[A-Z])[A-Za-z0-9][\w.+\-–@]{0,24}[\w+])[\"”']?"
                r"(?=\s*[),;:]|\.(?:\s|$)|\s+(?:and|or|respectively|hereafter|herein)\b)")
DESIGNATION = re.compile(r"\b(?:denoted|labell?ed|named|designated|termed|abbreviated|referred to)\s+(?:as\s+)?"
                         + _SAMPLE_NAME)
#: the next name of a list of them: "labelled LYC-400, LYC-500 and LYC-600"
NEXT_DESIGNATION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)" + _SAMPLE_NAME)


def _name_list(text: str, first: re.Match) -> list[re.Match]:
    """The designation ``first`` and the names listed after it."""
    out = [first]
    while (m := NEXT_DESIGNATION.match(text, out[-1].end())) is not None:
        out.append(m)
    return out


def _is_ratio_composition(text: str) -> bool:
    """ "75Li2S·24P2S5·1P2O5", "0.775Li2S-0.225P2S5": a glass written as molar amounts of compounds."""
    from .formula import parse_ratio_composition

    try:
        return parse_ratio_composition(text) is not None
    except Exception:
        return False


def _is_dopant(text: str) -> bool:
    """The X of "X-doped Y": an element symbol or a formula ("Ta", "In", "Nb2O5")."""
    from .formula import ELEMENTS

    return text in ELEMENTS or (looks_like_formula(text) and _parse_formula_ok(text))


def _normalize(text: str, lexicon, abbreviations: dict[str, str] | None):
    from ..normalize import normalize_material

    try:
        return normalize_material(text, lexicon, abbreviations)
    except Exception:  # a mention the normaliser cannot read is no material, never a failed paper
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
    """The abbreviations the text defines (:func:`~nasicon_kg.nlp.abbreviations.find_abbreviations`)."""
    from .abbreviations import find_abbreviations

    return list(find_abbreviations(text))


#: Connectors that make one mixture of two material mentions written without spaces around
#: them: "LATP/PVDF", "Si@C", "PEO-LiTFSI".  Cell separators ("|", "||") never join.
MIXTURE_JOINERS = frozenset({"/", "@", "-", "‐", "‑", "–", "—"})
_HYPHEN_TOKENS = frozenset({"-", "‐", "‑", "–", "—"})
#: Role words after "X-" that make "X-doped Y" one material (the others, "ZnO-coated", do not).
DOPED_WORDS = frozenset({"doped", "codoped", "substituted"})
#: nouns after "X–C" that make the C carbon ("Ag–C composite", "Si/C anode"), not a stray letter
CARBON_NOUNS = frozenset({"composite", "composites", "nanocomposite", "layer", "layers", "interlayer", "coating",
                          "film", "anode", "anodes", "host", "electrode", "electrodes"})


def join_mentions(spans: Iterable[tuple[int, int]], words: list[str], spaces: list[str], *,
                  joinable=None, is_bare_part=None, is_dopant=None) -> list[tuple[int, int]]:
    """Token ranges of material mentions with mixtures and doped forms joined.

    ``spans`` are non-overlapping token ranges of single mentions; ``spaces[i]`` is the
    whitespace after token ``i``.  Two mentions joined by "/", "@" or a hyphen with no space
    around it become one range when both are ``joinable`` (default: all); after "@" a bare
    token that ``is_bare_part`` accepts may close it ("Si@C"), and after any joiner a "C" that a
    composite noun follows ("Ag–C composite") is carbon.  "X-doped Y" becomes one range
    when ``is_dopant(X)`` and Y is a mention.  Cell notation ("Li|LiPON|LATP") is never joined.

    >>> w = ["LATP", "/", "PVDF", "in", "Li", "|", "LATP", ";", "Ta", "-", "doped", "LLZO"]
    >>> sp = ["", "", " ", " ", "", "", "", " ", "", "", " ", ""]
    >>> join_mentions([(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (11, 12)], w, sp,
    ...               is_dopant=lambda t: t == "Ta")
    [(0, 3), (4, 5), (6, 7), (8, 12)]
    """
    ordered = sorted(spans)
    ends = dict(ordered)
    ok = (lambda span: True) if joinable is None else (lambda span: span in joinable)
    n = len(words)
    out: list[tuple[int, int]] = []
    done = 0  # tokens before this index are in an emitted range
    stacked: set[int] = set()  # starts of the members of a cell stack ("Li/LiPON/LATP"): never joined by "/"
    for s, _ in ordered:
        chain = _slash_chain(s, ends, words, spaces)
        if s not in stacked and _is_cell_stack(chain, words):
            stacked.update(a for a, _ in chain)
    for s, e in ordered:
        if s < done:
            continue
        start, end = s, e
        if (is_dopant is not None and s >= 3 and words[s - 1].lower() in DOPED_WORDS
                and words[s - 2] in _HYPHEN_TOKENS and is_dopant(words[s - 3])):
            if out and out[-1] == (s - 3, s - 2):
                out.pop()  # the dopant was a mention itself: it is part of this one now
                start = s - 3
            elif s - 3 >= done:
                start = s - 3
        last = s  # the member joined last: a stack member is never joined on by "/"
        # the joiner touches both ("Na-Sn"), or a converter spaced a hyphen off the first ("Na -Sn")
        while end + 1 < n and words[end] in MIXTURE_JOINERS \
                and (not spaces[end - 1] or words[end] in _HYPHEN_TOKENS) and not spaces[end] and ok((s, e)) and not (last in stacked and words[end] == "/"):
            nxt = end + 1
            if nxt in ends and ok((nxt, ends[nxt])):
                end, last = ends[nxt], nxt
            elif words[end] == "@" and is_bare_part is not None and is_bare_part(words[nxt]):
                end = nxt + 1
            elif words[nxt] == "C" and nxt + 1 < n and (words[nxt + 1].lower() in CARBON_NOUNS or (
                    words[nxt + 1] == ")" and nxt + 2 < n and words[nxt + 2].lower() in CARBON_NOUNS)):
                end = nxt + 1  # "an Ag–C composite layer", "silver–carbon (Ag-C) composite": C is carbon
            else:
                break
        end = _doped_with(end, ends, words, is_dopant)
        out.append((start, end))
        done = end
    return out


#: what may stand between "doped with" and the dopant: an amount ("0.25", "5 mol%", "x = 0.2")
_AMOUNT = r"[0-9.]+%?|%|mol%?|at\.?%?|wt\.?%?|ppm|x|="
_DOPANT_AMOUNT = re.compile(_AMOUNT, re.I)


def _doped_with(end: int, ends: dict[int, int], words: list[str], is_dopant) -> int:
    """The end of "Y doped with X" when the mention Y ends at ``end`` and X is a dopant
    (a mention or an element symbol), else ``end``: "Li7La3Zr2O12 doped with 0.25 Ga" is one
    material, Ga-doped Li7La3Zr2O12, not two.

    >>> words = ["LLZO", "doped", "with", "0.25", "Ga", "shows"]
    >>> _doped_with(1, {0: 1}, words, lambda t: t == "Ga"), _doped_with(1, {0: 1}, words[:3] + ["air"], bool)
    (5, 1)
    """
    if is_dopant is None or end + 2 >= len(words) or words[end].lower() not in DOPED_WORDS \
            or words[end + 1].lower() not in ("with", "by"):
        return end
    i = end + 2
    while i < len(words) and i < end + 5 and _DOPANT_AMOUNT.fullmatch(words[i]):
        i += 1
    if i >= len(words):
        return end
    if i in ends and ends[i] == i + 1 and is_dopant(words[i]):
        return i + 1
    return i + 1 if i not in ends and is_dopant(words[i]) and words[i][:1].isupper() else end


def _slash_chain(s: int, ends: dict[int, int], words: list[str], spaces: list[str]) -> list[tuple[int, int]]:
    """The mentions from the one starting at token ``s`` on, joined by "/" with no space."""
    chain = [(s, ends[s])]
    while True:
        e = chain[-1][1]
        if e + 1 < len(words) and words[e] == "/" and not spaces[e - 1] and not spaces[e] and e + 1 in ends:
            chain.append((e + 1, ends[e + 1]))
        else:
            return chain


def _is_cell_stack(chain: list[tuple[int, int]], words: list[str]) -> bool:
    """"Li/0.75Li2S·0.25P2S5/LGPS/LiCoO2": slash-joined members that start or end at the alkali
    metal are the layers of a cell, not the parts of one mixture."""
    ends = {" ".join(words[a:b]) for a, b in (chain[0], chain[-1])}
    return len(chain) >= 2 and bool(ends & set(ALKALI_METALS))


_DOPED_WITH = re.compile(r"(?P<host>\S+)\s+(?P<word>(?:co)?doped|substituted)\s+(?:with|by)\s+"
                         rf"(?:(?:{_AMOUNT})\s+){{0,3}}(?P<dopant>\S+)", re.I)


def _systematic_name(doc, i: int):
    """The span of a compound's systematic name starting at token ``i`` ("magnesium nitride",
    "tin(IV) oxide", "titanium dioxide"), or None."""
    if doc[i].text.lower().split("(")[0] not in CATIONS:
        return None
    for j in range(i + 1, min(i + 5, len(doc))):
        if is_anion_word(doc[j].text):
            # named even when the grammar cannot balance it ("copper oxide"); "lead to Li2O" is no name
            return doc[i:j + 1] if is_compound_name(doc[i:j + 1].text) else None
    return None


def _compact(text: str, one_token: bool = True) -> str:
    """A mention's text for normalisation: a merged spaced formula (one token) without its
    spaces ("Li 3 PO 4" -> "Li3PO4"); spaces around a dopant's hyphen dropped ("Ta - doped").

    >>> _compact("Li 7 La 3 Zr 2 O 12"), _compact("Ta - doped LLZO", one_token=False)
    ('Li7La3Zr2O12', 'Ta-doped LLZO')
    >>> _compact("LLZO doped with 0.25 Ga", one_token=False), _compact("PEO -LiTFSI", one_token=False)
    ('Ga-doped LLZO', 'PEO-LiTFSI')
    """
    if " " not in text:
        return text
    if one_token:
        return "".join(text.split())
    doped = _DOPED_WITH.fullmatch(text)
    if doped:  # "Li7La3Zr2O12 doped with 0.25 Ga" -> "Ga-doped Li7La3Zr2O12"
        return f"{doped['dopant']}-{doped['word'].lower()} {doped['host']}"
    text = re.sub(r"\s+([\-‐‑–—])(?=[A-Z])", r"\1", text)  # "PEO -LiTFSI": a hyphen spaced off
    return re.sub(r"\s*([\-‐‑–—])\s*(?=(?:doped|codoped|substituted)\b)", r"\1", text)


_SPACED_FORMULA_HINT = re.compile(r"[A-Z][a-z]? [0-9]|[A-Z][a-z]?[0-9][0-9.]* [A-Z]")


class SpacedFormulaMerger:
    """Formulas that PDF conversion spaced out ("Li 3 PO 4") -> one token each
    (:func:`~nasicon_kg.nlp.tokenizer.spaced_formula_runs`); ``doc.text`` is unchanged."""

    def __init__(self, nlp, name: str):
        self.name = name

    def __call__(self, doc):
        from .tokenizer import spaced_formula_runs

        if not _SPACED_FORMULA_HINT.search(doc_text(doc)):  # a cheap scan: most texts have none
            return doc
        runs = spaced_formula_runs([t.text for t in doc], [t.whitespace_ for t in doc])
        if runs:
            with doc.retokenize() as retokenizer:
                for a, b in runs:
                    retokenizer.merge(doc[a:b])
        return doc


class SentenceSetter:
    def __init__(self, nlp, name: str):
        self.name = name

    def __call__(self, doc):
        import numpy
        from spacy.attrs import SENT_START

        if not len(doc):
            return doc
        # one bulk write: setting ``token.is_sent_start`` one token at a time rescans the doc
        # for a parse on every call (quadratic in the doc's length)
        starts = sentence_starts([t.text for t in doc])
        values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")
        doc.from_array([SENT_START], values)
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

    def _known_part(self, text: str, one_token: bool = True) -> bool:
        """A mixture part: a material the lexicon or the formula grammar knows."""
        text = _compact(text, one_token).translate(_SUBSCRIPTS)
        term = self.lexicon.lookup(text)
        if term is not None:
            return term.category == "material"
        return looks_like_formula(text) and _parse_formula_ok(text)

    def _variant(self, text: str, abbrevs: dict[str, str]) -> bool:
        """"LPSBr0.2I0.8": an electrolyte's abbreviation with a substitution written after it."""
        from ..normalize import abbreviation_splits

        if not abbreviation_splits(text):
            return False
        ent = _normalize(text, self.lexicon, abbrevs)
        return ent is not None and bool(getattr(ent, "family", ""))

    def _bare_part(self, text: str) -> bool:
        """After "@" a bare element symbol is a part too: the C of "Si@C"."""
        return self._known_part(text) or _parse_formula_ok_loose(text)

    def __call__(self, doc):
        from spacy.util import filter_spans

        self._require()
        abbrevs: dict[str, str] = dict(doc.user_data.get("abbreviations") or {})
        pairs, polymer_pairs = doc_abbreviation_pairs(doc), polymer_abbreviations(doc_text(doc))
        for ab in polymer_pairs + pairs:  # what abbreviation_map gives, without finding them again
            if usable_abbreviation(ab.short, ab.long):
                abbrevs.setdefault(ab.short, ab.long)
        long_end = {}  # end offset of a long form in this doc -> its short form
        shorts = set()
        for ab in pairs + polymer_pairs:
            shorts.add(ab.short)
            if usable_abbreviation(ab.short, ab.long):
                long_end[ab.long_end] = ab.short
        cands = []
        for _, s, e in list(self.lower(doc)) + list(self.orth(doc)):
            cands.append(doc[s:e])
        polymers = set()
        for a, b in find_polymer_names(doc_text(doc)):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                cands.append(span)
                polymers.add((span.start, span.end))
        words = [t.text for t in doc]
        spaces = [t.whitespace_ for t in doc]
        self._placeholders, defined = placeholder_formulas(doc_text(doc), words, [t.idx for t in doc])
        self._acronyms: set[int] = set()  # electrolytes named by an acronym the text does not define
        # an acronym named once as an electrolyte ("the NTC SE") names it wherever the block uses it
        named_acronyms = {words[i] for i in range(len(words)) if electrolyte_acronym(words, i)
                          and self.lexicon.lookup(words[i]) is None and words[i] not in abbrevs}
        named_acronyms |= {w for w in coordinated_acronyms(words, named_acronyms)
                           if self.lexicon.lookup(w) is None and w not in abbrevs}
        cands = [c for c in cands if c.start not in defined]
        for i, word in enumerate(words):
            if i in defined:
                continue  # "(M = Nb, Ta)": the values of a placeholder, not materials
            if i in self._placeholders:
                cands.append(doc[i:i + 1])
                continue
            if _amount_first_system(words, spaces, i):
                cands.append(doc[i:i + 3])  # "3LiCl-InCl3", "xLiCl–InCl3": one material of a series
                continue
            if _FIGURE_LABEL.match(word) and _after_figure_word(words, i):
                continue  # "Figure S16", "Figures 2a and S6": a supplementary item, not sulfur
            named = _systematic_name(doc, i)
            if named is not None:
                cands.append(named)  # "magnesium nitride", "tin(IV) oxide": one compound, not the metal
                continue
            text = _compact(word)
            base = text.split("_")[0] if "_" in text else text
            if bare_metal(words, i):
                cands.append(doc[i:i + 1])
                continue
            if _LONE_COUNT.match(text) and text not in ALLOTROPES and self.lexicon.lookup(text) is None:
                continue  # "H10" of "(B10 H10)", "S5" of "P 2 S5": a fragment a converter spaced off
            if text in named_acronyms:
                cands.append(doc[i:i + 1])
                self._acronyms.add(i)
                continue
            if text in abbrevs or text in shorts or (base != text and self.lexicon.lookup(base)) or (
                    looks_like_formula(text) and _parse_formula_ok(text.translate(_SUBSCRIPTS))) or (
                    text[:1].isdigit() and _is_ratio_composition(text.translate(_SUBSCRIPTS))) or (
                    _VARIANT_HINT.match(text) and self._variant(text, abbrevs)):
                cands.append(doc[i:i + 1])
        self._stack_members = stack_unknowns(words, spaces, {sp.start for sp in cands if len(sp) == 1})
        cands.extend(doc[i:i + 1] for i in self._stack_members)
        singles = [(sp.start, sp.end) for sp in filter_spans(cands) if not ion_or_line(doc, sp)]
        joinable = {(a, b) for a, b in singles
                    if (a, b) in polymers or self._known_part(doc[a:b].text, b - a == 1)}
        groups = join_mentions(singles, words, spaces, joinable=joinable, is_bare_part=self._bare_part,
                               is_dopant=_is_dopant)
        spans = []
        for a, b in groups:
            span = self._entity_span(doc, a, b, abbrevs, long_end)
            if span is not None:
                spans.append(span)
            elif (a, b) not in singles:  # a joined form that names no material: its parts
                for a2, b2 in singles:
                    if a <= a2 and b2 <= b:
                        part = self._entity_span(doc, a2, b2, abbrevs, long_end)
                        if part is not None:
                            spans.append(part)
        spans.extend(self._designations(doc, spans))
        doc.spans["materials"] = sorted(spans, key=lambda sp: sp.start)
        return doc

    def _designations(self, doc, spans) -> list:
        """Sample names a paper gives its compositions ("x = 0.5 (denoted as LYCI-0.5)"): each a
        material of the class and family of the material named last before it."""
        from dataclasses import replace

        from ..normalize import label_key, material_iri

        taken = {i for sp in spans for i in range(sp.start, sp.end)}
        out = []
        text = doc_text(doc)
        for m in (n for first in DESIGNATION.finditer(text) for n in _name_list(text, first)):
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            name = m.group(1)
            base = next((sp._.material for sp in reversed(spans + out) if sp.end_char <= m.start()
                         and getattr(sp._.material, "family", "")), None)
            known = _normalize(name, self.lexicon, None)
            if known is not None and getattr(known, "known", False):
                span._.material = known
            elif base is not None:
                span._.material = replace(base, label=name, key=label_key(name), formula="", known=False,
                                          iri=material_iri(label_key(name)), components=())
            else:
                continue
            out.append(span)
            taken.update(range(span.start, span.end))
        for named in list(out):  # the name, once given, names the sample wherever the block uses it
            for m in re.finditer(rf"(?<![\w.+\-–]){re.escape(named.text)}(?![\w+\-–]|\.\w)", text):
                span = doc.char_span(m.start(), m.end())
                if span is not None and not any(i in taken for i in range(span.start, span.end)):
                    span._.material = named._.material
                    out.append(span)
                    taken.update(range(span.start, span.end))
        return out

    def _entity_span(self, doc, a: int, b: int, abbrevs: dict[str, str], long_end: dict[int, str]):
        """The span ``doc[a:b]`` with its entity in ``span._.material``, or None."""
        span = doc[a:b]
        example = getattr(self, "_placeholders", {}).get(a) if b == a + 1 else None
        if example is not None:  # "Li6PS5X (X = Cl, Br, I)": a family written as one formula
            from ..normalize import placeholder_entity

            ent = placeholder_entity(span.text, example, self.lexicon)
            if ent is None:
                return None
            span._.material = ent
            return span
        text = _compact(span.text, len(span) == 1).translate(_SUBSCRIPTS)
        if "_" in text and len(span) == 1:  # dopant notation "LATP_8 wt% of Nb2O5"
            text = text.split("_")[0]
        ent = _normalize(text, self.lexicon, abbrevs)
        if ent is None and b == a + 1 and a in getattr(self, "_stack_members", ()):
            from ..normalize import minted_entity

            ent = minted_entity(span.text)  # "Li/SP/LPSCl/SP/Li": the cell names it as a layer
        if ent is None and b == a + 1 and a in getattr(self, "_acronyms", ()):
            from ..normalize import named_electrolyte

            ent = named_electrolyte(span.text)  # "the NTC SE": an electrolyte, its composition unsaid
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
            return None
        span._.material = ent
        return span


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
        for ab in doc_abbreviation_pairs(doc):
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
        for q in find_quantities(doc_text(doc)):
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
        markers = doc.user_data.get("citations") or ()
        references = doc.user_data.get("references") or ()
        if not len(doc) or not (markers or references):
            doc.spans["citations"] = spans
            return doc
        text = doc_text(doc)
        for offset, numbers in markers:
            offset = max(1, min(int(offset), len(text)))
            span = doc.char_span(offset - 1, offset, alignment_mode="expand")
            if span is None:
                continue
            span._.ref_numbers = tuple(numbers)
            span._.citation_kind = "marker"
            spans.append(span)
        if references:
            from ..model import Citation
            from .citations import find_author_citations

            anchors = tuple(Citation(int(o), tuple(n)) for o, n in markers)
            for start, end, number in find_author_citations(text, references, citations=anchors):
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
    from spacy.tokens import Span, Token

    if not Token.has_extension("material_role"):
        Token.set_extension("material_role", default="")
    for name in ("material", "method", "problem", "quantity", "ref_numbers", "citation_kind"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("problem_addressed"):
        Span.set_extension("problem_addressed", default=False)


def _factory(cls):
    """A factory for ``cls`` whose signature is only (nlp, name): nothing but the name goes
    into the config, so ``nlp.config`` and ``nlp.to_bytes()`` serialise."""
    def factory(nlp, name):
        return cls(nlp, name)

    return factory


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

        # name: (class, assigns, requires, retokenizes)
        makers = {
            FACTORY_NAMES["spaced_formulas"]: (SpacedFormulaMerger, [], [], True),
            FACTORY_NAMES["sentences"]: (SentenceSetter, ["token.is_sent_start"], [], False),
            FACTORY_NAMES["materials"]: (MaterialRuler, ["doc.spans"], [], False),
            FACTORY_NAMES["methods"]: (MethodRuler, ["doc.spans"], ["doc.spans", "token.is_sent_start"],
                                       False),
            FACTORY_NAMES["problems"]: (ProblemRuler, ["doc.spans"], [], False),
            FACTORY_NAMES["quantities"]: (QuantityRuler, ["doc.spans"], [], False),
            FACTORY_NAMES["citations"]: (CitationRuler, ["doc.spans"], [], False),
            FACTORY_NAMES["cues"]: (CueRuler, ["doc.spans", "token._.material_role"], ["doc.spans"], False),
            FACTORY_NAMES["relations"]: (RelationRuler, ["doc.user_data"], ["doc.spans"], False),
        }
        for name in makers:
            if Language.has_factory(name):
                raise ExtractionError(f"spaCy factory {name!r} is already registered")
        if TOKENIZER_NAME in registry.tokenizers:
            raise ExtractionError(f"spaCy tokenizer {TOKENIZER_NAME!r} is already registered")

        def chem_tokenizer():
            from .tokenizer import make_tokenizer

            return lambda nlp: make_tokenizer(nlp.vocab)

        registry.tokenizers.register(TOKENIZER_NAME, func=chem_tokenizer)
        for name, (cls, assigns, requires, retokenizes) in makers.items():
            Language.factory(name, assigns=assigns, requires=requires, retokenizes=retokenizes,
                             func=_factory(cls))
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
    nlp.add_pipe(FACTORY_NAMES["spaced_formulas"])
    nlp.add_pipe(FACTORY_NAMES["sentences"])
    for key_ in ("materials", "methods", "problems", "quantities", "citations", "cues", "relations"):
        pipe = nlp.add_pipe(FACTORY_NAMES[key_])
        if hasattr(pipe, "initialize"):
            pipe.initialize(nlp=nlp, lexicon=lexicon)
    with _LOCK:
        _CACHE[key] = (lexicon, nlp)
    return nlp


def doc_text(doc) -> str:
    """The doc's text, kept by :func:`make_doc` (spaCy's ``Doc.text`` joins every token on each call;
    the merger only retokenizes, so the text is unchanged)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def doc_abbreviation_pairs(doc) -> list:
    """:func:`find_abbreviation_pairs` of the doc's text, found once for the components that read them."""
    pairs = doc.user_data.get("abbreviation_pairs")
    if pairs is None:
        pairs = doc.user_data["abbreviation_pairs"] = find_abbreviation_pairs(doc_text(doc))
    return pairs


def make_doc(nlp: "Language", text: str, *, citations: Iterable[tuple[int, tuple[int, ...]]] = (),
             references: tuple = (), abbreviations: dict[str, str] | None = None) -> "Doc":
    """A tokenized Doc carrying what the components read from ``user_data``."""
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    doc.user_data["citations"] = list(citations)
    doc.user_data["references"] = tuple(references)
    doc.user_data["abbreviations"] = dict(abbreviations or {})
    return doc
