"""A real spaCy ``Tokenizer`` for solid-state battery papers: blank English plus chemistry rules.

The rules are data (the tuples and patterns below), applied by spaCy's own tokenizer, so the
tokenizer serialises with ``to_bytes`` / ``from_bytes`` like any other:

* ``token_match`` keeps a chemical formula whole ("Li1+xAlxTi2-x(PO4)3", "Li₃PO₄",
  "Li6.4La3Zr1.4Ta0.6O12", "LiPO(N)"), bracketed copolymer names ("P(AA-co-MA)") and
  element systems ("Li–Al–O");
* infixes split cell notation at ``|`` and ``||`` ("Li|LiPON|LATP"), core-shell at ``@``
  ("Si@C"), composites and cell stacks at ``/`` ("LATP/PVDF", "Li/LATP/Li"), a hyphen
  before a role word ("ZnO-coated", "Ta-doped", "PEO-based") and a hyphen between two
  chemical names ("PEO-LiTFSI", "Li2S–P2S5");
* English hyphenated words stay whole ("Li-ion", "NASICON-type", "solid-state"): the
  default rule that splits every letter-hyphen-letter is replaced by the two above;
* a final period splits off "ZnO.", "LiF.", "cm⁻¹." and "50 Ω." too (blank English keeps it
  after an upper-case letter or a superscript); abbreviations keep theirs ("et al.", "Fig.",
  "ca."); English exceptions that are element symbols ("Co.", "Ga.", "La.") or one lower-case
  letter ("h.", a unit here) are dropped.

:func:`spaced_formula_runs` finds formulas that PDF conversion spaced out ("Li 3 PO 4"); the
pipeline's merger component joins them into one token.

>>> import spacy
>>> tok = make_tokenizer(spacy.blank("en").vocab)
>>> [t.text for t in tok("ZnO-coated Li1.3Al0.3Ti1.7(PO4)3 in Li|LiPON|LATP")]
['ZnO', '-', 'coated', 'Li1.3Al0.3Ti1.7(PO4)3', 'in', 'Li', '|', 'LiPON', '|', 'LATP']
>>> [t.text for t in tok("Si@C and LATP/PVDF.")]
['Si', '@', 'C', 'and', 'LATP', '/', 'PVDF', '.']
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from .formula import ELEMENTS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import Vocab

#: Words after a hyphen that make the part before it a modifier: "ZnO-coated", "Ta-doped".
ROLE_WORDS = ("coated", "modified", "based", "derived", "protected", "doped", "codoped",
              "treated", "decorated", "containing", "rich", "free", "supported", "infiltrated",
              "grafted", "stabilized", "stabilised", "covered", "wrapped", "loaded", "filled",
              "reinforced", "functionalized", "functionalised", "substituted", "passivated",
              "buffered", "incorporated", "embedded", "impregnated", "encapsulated", "like")
#: Words whose final period is part of them (they do not end a sentence).
ABBREVIATIONS = ("al.", "fig.", "figs.", "ca.", "vs.", "e.g.", "i.e.", "ref.", "refs.", "eq.", "eqs.",
                 "no.", "approx.", "resp.", "cf.", "etc.", "ph.d.", "dr.", "prof.", "vol.", "pp.",
                 "tab.", "sect.", "suppl.", "ed.", "eds.")
#: Unit tokens the tokenizer keeps whole.
UNIT_TOKENS = ("°C", "°F", "°K")

_HYPHENS = r"\-‐‑–—"
_DIGITS = "0-9₀-₉"
_NUM = rf"(?:[{_DIGITS}]+(?:\.[{_DIGITS}]+)?|\.[{_DIGITS}]+)"
_TERM = rf"(?:{_NUM}?[xyzδₓ]|{_NUM})"
_STOICH = rf"(?:{_TERM}(?:[+\-−–₊₋]{_TERM})*)"
_ELEMENT = "(?:" + "|".join(sorted(ELEMENTS, key=lambda e: (-len(e), e))) + ")"
_UNIT = rf"(?:{_ELEMENT}{_STOICH}?)"
_GROUP1 = rf"(?:[(\[]{_UNIT}+[)\]]{_STOICH}?)"
_GROUP2 = rf"(?:[(\[](?:{_UNIT}|{_GROUP1})+[)\]]{_STOICH}?)"
_BODY = rf"(?:{_UNIT}|{_GROUP2})"
_HYDRATE = rf"(?:[·•⋅]{_NUM}?{_BODY}+)"
#: A formula: starts with an element (or a group with a count, "(PO4)3"), element units and
#: bracket groups to depth two, linear stoichiometries, an optional hydrate or "-δ" tail.
FORMULA_PATTERN = (rf"(?:{_UNIT}|[(\[](?:{_UNIT}|{_GROUP1})+[)\]]{_STOICH})"
                   rf"(?:{_BODY}|[+\-−–]{_NUM}{_BODY})*{_HYDRATE}?(?:[+\-−–][{_DIGITS}]*[δxyz])?")
#: A bracketed copolymer short name: "P(AA-co-MA)", "P(VDF-HFP)", "P(EO)".
COPOLYMER_PATTERN = r"P[(\[][A-Za-z0-9]+(?:-[A-Za-z0-9]+)*[)\]]"
#: An element system: "Li–Al–O", "Li-Al-Ti-P-O" (three or more symbols, no counts).
SYSTEM_PATTERN = rf"{_ELEMENT}(?:[\-‐‑–—]{_ELEMENT}){{2,}}"
#: A composition written as amounts of formulas: "0.13ZrO2-0.61NaCl-0.26Na2ZrCl6", "75Li2S·25P2S5".
RATIO_PATTERN = rf"{_NUM}(?:{FORMULA_PATTERN})(?:[\-‐‑–·•⋅]{_NUM}(?:{FORMULA_PATTERN}))+"
TOKEN_MATCH = rf"^(?:{FORMULA_PATTERN}|{COPOLYMER_PATTERN}|{SYSTEM_PATTERN}|{RATIO_PATTERN})$"


def chemistry_infixes(alpha: str, alpha_upper: str) -> list[str]:
    """Infix patterns: cell separators, a formula glued to the word before it, core-shell,
    composites, role-word and chemical hyphens."""
    left = rf"[{alpha}0-9₀-₉⁰-⁹)\]+]"
    return [
        r"\|\||\|",                                                   # Li|LATP|Li, Li||NMC811
        r"(?<=[a-z]{4})(?=[A-Z][a-z]?(?:[0-9]|[A-Z][a-z]?[0-9]))",      # a converter's "conductiveLi2S"
        rf"(?<={left})@(?=[{alpha}(\[])",                              # Si@C
        rf"(?<=[{alpha}0-9₀-₉)\]])/(?=[{alpha}(\[])",                  # LATP/PVDF, Li/LATP/Li
        rf"(?<=[{alpha}0-9₀-₉)\]])/(?=[0-9]+(?:\.[0-9]+)?[{alpha_upper}])",  # Li/0.75Li2S·0.25P2S5/LGPS
        rf"(?<=[^\s{_HYPHENS}])[{_HYPHENS}](?=(?:{'|'.join(ROLE_WORDS)})(?![a-z]))",  # ZnO-coated
        # PEO-LiTFSI, Li2S–P2S5, Li-In; not after a one-letter prefix: a-LAGP, h-BN, β-Li3PS4
        rf"(?:(?<=[{alpha_upper}0-9₀-₉⁰-⁹)\]+])|(?<=[{alpha}][{alpha}]))"
        rf"[{_HYPHENS}](?=[{alpha_upper}(\[])",
    ]


def _default_hyphen_rule(pattern: str) -> bool:
    """Blank English's letter-hyphen-letter infix (it would split "Li-ion" and "Ti2-x")."""
    return "(?:-|–|—|--|---|——|~)" in pattern


def make_tokenizer(vocab: "Vocab") -> "Tokenizer":
    """The chemistry tokenizer for ``vocab``: blank English defaults plus the rules above."""
    from spacy.lang.char_classes import ALPHA, ALPHA_UPPER
    from spacy.lang.en import English
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = English.Defaults
    # a hyphen a converter spaced off the word before it: "Na -Sn", "PEO -LiTFSI"
    prefixes = [r"(?:\|\||\|)", rf"[{_HYPHENS}](?=[{ALPHA_UPPER}])"] + list(defaults.prefixes)
    # a suspended hyphen after a formula: "LiF- and Li3N-rich"
    suffixes = [r"(?:\|\||\|)", rf"(?:(?<=[{ALPHA_UPPER}])|(?<=[{ALPHA_UPPER}][a-z0-9])|(?<=[0-9][0-9]))[{_HYPHENS}]$", r"(?<=[0-9])°[CFK]", rf"(?<=[^\s.][{ALPHA_UPPER}])\.",
                r"(?<=[^\sA-Za-z.])\."] + list(defaults.suffixes)
    infixes = [p for p in defaults.infixes if not _default_hyphen_rule(p)]
    infixes += chemistry_infixes(ALPHA, ALPHA_UPPER)
    # "Co.", "Ga.", "La." (US states) are element symbols and "h.", "s." units here: their
    # period ends a sentence; upper-case initials ("J. Liu") keep theirs
    rules = {k: v for k, v in defaults.tokenizer_exceptions.items()
             if not (k.endswith(".") and (k[:-1] in ELEMENTS or re.fullmatch(r"[a-z]\.", k)))}
    for word in ABBREVIATIONS + UNIT_TOKENS:
        for form in {word, word[:1].upper() + word[1:]}:
            rules[form] = [{ORTH: form}]
    return Tokenizer(vocab, rules=rules,
                     prefix_search=compile_prefix_regex(prefixes).search,
                     suffix_search=compile_suffix_regex(suffixes).search,
                     infix_finditer=compile_infix_regex(infixes).finditer,
                     token_match=re.compile(TOKEN_MATCH).match,
                     url_match=defaults.url_match)


# ----------------------------------------------------------------------------------------------
# Spaced formulas from PDF conversion: "Li 3 PO 4", "Li 7 La 3 Zr 2 O 12"
# ----------------------------------------------------------------------------------------------

_SYMBOLS_RE = re.compile(r"(?:[A-Z][a-z]?)+")
_COUNT_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _is_symbols(word: str) -> bool:
    """Whether ``word`` is only element symbols: "Li", "PO", "PS", "Cl"."""
    return bool(_SYMBOLS_RE.fullmatch(word)) and all(s in ELEMENTS for s in re.findall(r"[A-Z][a-z]?", word))


_FRAGMENT_RE = re.compile(r"(?:[A-Z][a-z]?(?:[0-9]+(?:\.[0-9]+)?)?)+")
_GLUED_COUNT_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?=[A-Z])")


def _is_fragment(word: str) -> bool:
    """Symbols, or symbols with their counts, of a formula the converter split: "Li", "PO",
    "InCl6", "PS5Cl"."""
    return _is_symbols(word) or (bool(_FRAGMENT_RE.fullmatch(word)) and any(c.isdigit() for c in word)
                                 and all(s in ELEMENTS for s in re.findall(r"[A-Z][a-z]?", word)))


def _is_counted_fragment(word: str) -> bool:
    """A count glued to the fragment after it, where the space fell before the count: the
    "10SnP2S12" of "Li 10SnP2S12"."""
    m = _GLUED_COUNT_RE.match(word)
    return bool(m) and _is_fragment(word[m.end():])


#: element symbols that are also English words: "In 50TiS2-50Li7P3S11" starts a sentence
_WORD_SYMBOLS = frozenset({"In", "As", "At", "No", "Be", "He", "I", "Am"})
def _two_word_formula(first: str, second: str) -> bool:
    """Two words that are one formula: a count glued to the rest ("Li 10SnP2S12"), or a salt of an
    alkali metal with its last count spaced off ("LiBH 4", "NaPF 6"); "CV 3", "In 2019" are not."""
    if first in _WORD_SYMBOLS:
        return False
    if _is_counted_fragment(second):
        return True
    symbols = re.findall(r"[A-Z][a-z]?", first)
    return _COUNT_RE.fullmatch(second) is not None and _is_symbols(first) and len(symbols) >= 3 and \
        symbols[0] in ("Li", "Na", "K")


_DIATOMIC = {"H2", "N2", "O2", "F2", "Cl2", "Br2", "I2", "S8", "P4"}


def _lone_element(word: str) -> bool:
    """One element with its count ("Li10", "S12", "Sn0.0625"): no compound on its own, so a
    piece of a spaced formula (an element or molecule such as O2 or S8 may stand alone)."""
    m = re.fullmatch(r"([A-Z][a-z]?)([0-9]+(?:\.[0-9]+)?)", word)
    return bool(m) and m.group(1) in ELEMENTS and word not in _DIATOMIC


def _spaced_formula_ok(words: Sequence[str]) -> bool:
    """Whether the joined words are a formula of two or more elements worth joining."""
    from .formula import parse_formula

    counts = [w for w in words if _COUNT_RE.fullmatch(w) or _is_counted_fragment(w)]
    if not counts and not any(_lone_element(w) for w in words):
        return False  # "Li2S P2S5": two formulas side by side; "Li10 SiP2 S12": one spaced
    if all(len(w) == 1 for w in words if not _COUNT_RE.fullmatch(w)) and len(counts) < 2:
        return False  # "B 2 C", "V 3 A": single capitals need two counts ("V 2 O 5")
    f = parse_formula("".join(words))
    return bool(f) and len({s for s, _ in f.elements}) >= 2


def _run_end(words: Sequence[str], spaces: Sequence[str], i: int) -> int:
    """How far a spaced formula starting at ``i`` may reach: symbols, count, symbols, count ...
    one plain space between, and groups in parentheses ("Li 1.3 Al 0.3 Ti 1.7 (PO 4 ) 3",
    "Na 4 (B 12 H 12 )(B 10 H 10 )"), one level deep, a count inside each; a parenthesis may
    touch its neighbours or stand apart by one space."""
    n = len(words)
    j = i + 1
    expect_count = not words[i][-1].isdigit()  # "InCl6" in "Li 3 InCl6" brings its own count
    depth, counted = 0, False  # inside a group; a count seen inside it
    if _open_group(words[i]):  # "Na4(B12H12)(B10 H10)": the space fell inside the last group
        depth, counted, expect_count = 1, True, not words[i][-1].isdigit()
    while j < n:
        w, gap = words[j], spaces[j - 1]
        paren = w in ("(", ")") or words[j - 1] in ("(", ")")
        if gap != " " and not (paren and gap == ""):
            break
        if w == "(":
            if depth or words[j - 1] == "(":
                break
            depth, counted, expect_count = 1, False, False
        elif w == ")":
            if depth != 1 or not counted or words[j - 1] == "(":
                break
            depth, expect_count = 0, True  # a count may follow the group ("(PO 4 ) 3"), or not
        elif words[j - 1] == ")" and not _COUNT_RE.fullmatch(w):
            break  # after a group: its count or another group, nothing else
        elif not (_COUNT_RE.fullmatch(w) or _is_counted_fragment(w) if expect_count else _is_fragment(w)):
            break
        else:
            if depth and (_COUNT_RE.fullmatch(w) or any(c.isdigit() for c in w)):
                counted = True
            expect_count = not w[-1].isdigit() if not expect_count or _is_counted_fragment(w) else False
        j += 1
    return j


def _balanced(words: Sequence[str]) -> bool:
    """Every group of a run closed, and the run does not end on an opening parenthesis."""
    return sum(w.count("(") for w in words) == sum(w.count(")") for w in words) and words[-1] != "("


_OPEN_GROUP_RE = re.compile(r"(?:[A-Z][a-z]?[0-9.]*|\([A-Za-z0-9.]+\)[0-9.]*)+\((?:[A-Z][a-z]?[0-9.]*)+")


def _open_group(word: str) -> bool:
    """A formula cut inside its last group: "Na4(B12H12)(B10" of "Na4(B12H12)(B10 H10)"."""
    return bool(_OPEN_GROUP_RE.fullmatch(word)) and word.count("(") == word.count(")") + 1

def spaced_formula_runs(words: Sequence[str], spaces: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of formulas spelt out with spaces: element-symbol tokens
    alternating with counts, one plain space between, that parse as a formula of two or more
    elements.  A converter may space a formula at a few places only: "Li 6 PS5Cl",
    "Li 10SnP2S12" (the count glued to what follows), "Li10 SiP2 S12" (no lone count, but a
    lone element with its count is no compound).  Ordinary text is left alone, and so are two
    formulas side by side ("Li2S P2S5").

    ``spaces[i]`` is the whitespace after token ``i`` (``Token.whitespace_``).

    >>> w = "the Li 3 PO 4 film at 3 V".split()
    >>> spaced_formula_runs(w, [" "] * len(w))
    [(1, 5)]
    >>> w = "the Li 3 InCl6 film".split()
    >>> spaced_formula_runs(w, [" "] * len(w))
    [(1, 4)]
    >>> w = "Fig. 3 C and S 2p and In 2019".split()
    >>> spaced_formula_runs(w, [" "] * len(w))
    []
    """
    out: list[tuple[int, int]] = []
    n = len(words)
    i = 0
    while i < n:
        if not (_is_fragment(words[i]) or _open_group(words[i])):
            i += 1
            continue
        j = _run_end(words, spaces, i)
        best = None
        for end in range(j, i + 1, -1):  # the longest run that parses
            if (end > i + 2 or _two_word_formula(words[i], words[i + 1])) and _balanced(words[i:end]) \
                    and _spaced_formula_ok(words[i:end]):
                best = end
                break
        if best is not None:
            out.append((i, best))
            i = best
        else:
            i += 1
    return out
