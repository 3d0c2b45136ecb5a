"""Facts from running text: interface strategies, property measurements, problems.

The spaCy pipeline (:mod:`nasicon_kg.nlp.pipeline`) marks materials, methods,
problems, quantities and citations; this module reads those marks sentence by
sentence (:class:`Sent`) and turns them into facts with the sentences as
evidence.  The decisions are small plain functions over ``Sent`` objects:

* :func:`strategy_drafts` walks a paragraph, opening a draft when a sentence
  names a layer material, a protected NASICON electrolyte and some support
  (a method, a thickness, a cycling result or a layer cue), and extending it with
  following sentences that continue the same subject ("this layer", "the cell",
  the same authors or the same reference);
* :func:`~nasicon_kg.extract.merge.merge_strategies` joins drafts about one layer on one electrolyte,
  by the merge policy tables use too;
* :func:`property_facts` and :func:`problem_facts` read one sentence each.

>>> from nasicon_kg.lexicon import load_lexicon
>>> from nasicon_kg.readers.textutil import DocumentBuilder
>>> from nasicon_kg.model import PaperMetadata
>>> b = DocumentBuilder()
>>> _ = b.add_block("A 20 nm ZnO layer was sputtered on LATP to face the Li metal anode.", section="Results")
>>> facts = facts_from_text(b.build(PaperMetadata()), load_lexicon())
>>> [(f.electrolyte, f.layer, f.method, f.thickness_nm) for f in facts]
[('LATP', 'ZnO', 'sputtering', (20.0, 20.0))]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from .materials import POLYMER_CLASSES, family_label, strategy_type_of
from .merge import merge_strategies, merge_two, union
from ..model import (Block, Condition, Document, Entity, Evidence, Fact, FullCell, InterfaceStrategy,
                     ProblemStatement, PropertyMeasurement, Quantity, SymmetricCell)
from ..nlp.formula import ALKALI_METALS
from ..nlp.pieces import PIECE_CHARS, pieces
from ..units import GLYPH_RESIDUE

TEXT_KINDS = ("paragraph", "abstract", "caption")

#: words that make a material a layer rather than a passing mention
LAYER_CUE = re.compile(
    r"\b(layers?|coatings?|coated|interlayers?|protective|protection|buffer|composite|sandwich|"
    r"membranes?|films?|interfacial layer|artificial SEI|deposited|covered|interphase layer|matrix|"
    r"fillers?|blend(?:ed|ing)?|dispersed|embedded|combined with)\b", re.I)
ANAPHOR = re.compile(
    r"\b(?:the|this|these|such|that|those|both)\s+(?:\w+\s+){0,3}?"
    r"(salt|layers?|interlayers?|cells?|composites?|coatings?|films?|polymers?|membranes?|"
    r"samples?|materials?|oxides?|buffer|electrolytes?|interfaces?|systems?|technique|method|study|"
    r"work|authors|design|approach|modification|protection|report|procedure)\b"
    r"|\b(?:a similar|the same)\b", re.I)
CYCLING_CUE = re.compile(r"symmetric|cycl|strip|plating|perform|operat|stabl|lifespan|durab|\bran\b|\bruns?\b|lasted|"
                         r"lifetime|steady", re.I)
ADDRESS_CUE = re.compile(r"prevent|suppress|inhibit|protect|avoid|hinder|mitigat|address|solv|"
                         r"decreas|reduc(?:e|es|ed|ing|tion)\b[^.;]{0,40}?\b(?:interfacial|resistance|impedance|voids?|dendrit|"
                         r"overpotential|polari[sz]ation|decomposition|reactivity|degradation|side reactions?)|improv|block|"
                         r"stop|shield|eliminat|alleviat|overcom|lower|minimi[sz]|"
                         r"stabili[sz]\w*\s+(?:the\s+)?(?:[\w/|-]+\s+){0,3}?(?:interfaces?|interphases?|anodes?|cycling|"
                         r"plating|stripping|deposition)\b|"
                         r"\bke(?:ep|eps|pt|eping)\b[^.;]{0,40}\bfrom\b", re.I)
CAUSE_CUE = re.compile(r"\b(form(?:s|ed|ing)?|lead(?:s|ing)? to|led to|result(?:s|ed|ing)? in|"
                       r"caus(?:e|es|ed|ing)|giv(?:e|es|ing) rise to|produc(?:e|es|ed|ing))\b", re.I)
AUTHOR = re.compile(
    r"\b((?:[A-Z]\.\s?){0,2}[A-Z][a-zà-ÿ]+(?:[- ][A-Z][a-zà-ÿ]+)?)\s*\*?\s*"
    r"(et\s+al\.?|and\s+(?:co-?workers|colleagues|coauthors|co-authors)|['’]s\s+(?:research\s+)?group)",
    re.U)
PRECYCLING = re.compile(r"pre-?cycl|pre-?condition|conditioned to cycle|pre-electrochemical|"
                        r"formation cycles", re.I)
HEATING = re.compile(r"\b(heat(?:ing|ed)?|anneal(?:ing|ed)?|annealing)\b", re.I)
LIQUID_ADDED = re.compile(r"\b(add(?:ed|ition|ing)?|drop(?:ped)?|wett?(?:ed|ing)?|soak(?:ed)?|"
                          r"applied|infiltrat\w*)\b", re.I)
#: a paragraph opening that goes on about the work of the paragraph before
CONNECTIVE = re.compile(r"(?:as a (?:result|consequence)|consequently|therefore|hence|thus|"
                        r"in addition|moreover|furthermore|additionally)\b\s*,?", re.I)
COMPOSITE = re.compile(r"\bcomposite (?:solid |polymer )?electrolyte|\bmembrane|\bhybrid electrolyte|"
                       r"\bblend(?:ed)?\b|\bmatrix\b|\bfiller", re.I)
FULL_CELL = re.compile(r"full[- ]cells?|cathode|\bLi[-–/ ]?S\b|battery|batteries", re.I)
NOT_A_RESULT = re.compile(r"\b(?:after|from|starting from|within|first|initial|before)\s+$", re.I)

COMPOSITE_CUE = re.compile(r"composite|\bmatrix|filler|dispers|embedded|blend|composition of", re.I)
COMBINE = re.compile(r"combined with|mixed with|blended with|together with|mixture of", re.I)
#: classes never taken as a protective layer (they are the electrode, a cathode, a liquid)
NOT_LAYER_CLASSES = {"CathodeMaterial", "LiquidElectrolyte"}
#: sections that restate results reported earlier in the paper
RESTATING_SECTION = re.compile(r"summar|conclu|outlook|perspective|future (?:work|direction)", re.I)
#: a material term that names a class of materials ("solid polymer electrolyte", "ionic liquid")
GENERIC_LABEL = re.compile(r"[a-z]+(?: [a-z]+)+")
#: common nouns of material classes -> the ontology class they name
CLASS_WORDS = {"salt": "LithiumSalt", "oxide": "Oxide", "polymer": "Polymer", "metal": "Metal",
               "nitride": "Nitride", "fluoride": "Fluoride"}
#: a sentence comparing or listing classes ("superior to inorganics", "inorganics such as
#: oxides") characterises the classes in general
CLASS_COMPARED = re.compile(r"\b(?:compared (?:to|with)|in comparison|than|superior|inferior|unlike|"
                            r"in contrast|whereas|over (?:inorganic|organic|oxide|polymer|metal)s?|"
                            r"inorganics|organics|such as)\b",
                            re.I)
_NUMBER_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WORKS = (r"(?:works|studies|reports|papers|groups|approaches|strategies|attempts|layers|coatings|"
          r"interlayers|films|designs)")
#: "Both works", "All three reports", "these two studies": a statement about the last N works
COUNT_GROUP = re.compile(r"\b(?:(both)|(?:all|these|those|the)\s+(two|three|four|five|six|[2-9]))\s+"
                         r"(?:[a-z-]+\s+){0,2}?" + _WORKS + r"\b", re.I)
#: "Oxide layers", "pure metals", "polymeric coatings": a statement about a class of layers
CLASS_GROUP = re.compile(r"(?<!lithium )(?<!Li )\b(salt|oxide|polymer|metal|nitride|fluoride)"
                         r"(?:(s)\b|(?:l?ic|ical)?[- ](?:based\s+)?" + _WORKS + r"\b)", re.I)


# ----------------------------------------------------------------------------------------------
# Sentences with their marks
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mat:
    start: int
    end: int
    text: str
    entity: Any
    role: str = ""  # "layer" when a cell stack places it between the metal and the electrolyte

    @property
    def label(self) -> str:
        return self.entity.label

    @property
    def cls(self) -> str:
        return getattr(self.entity, "cls", "") or ""


@dataclass
class Sent:
    """One sentence (or caption clause) of a document, offsets into ``Document.text``."""

    start: int
    end: int
    text: str
    section: str
    block: int
    materials: list[Mat] = field(default_factory=list)
    methods: list[tuple[int, int, str]] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)
    solved: tuple[int, ...] = ()  # starts of problem spans worded as overcome ("low impedance")
    quantities: list[tuple[int, int, Quantity]] = field(default_factory=list)
    refs: tuple[int, ...] = ()
    authors: tuple[str, ...] = ()
    caption: bool = False
    block_open: bool = False  # the block stops mid-sentence (a figure cut the paragraph)
    cues: frozenset[str] = frozenset()  # names of the cue patterns (patterns/*.jsonl) it matches
    cue_spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, cue name), document offsets
    generic: tuple[tuple[int, int], ...] = ()  # generic electrolyte words ("the SSE"), document offsets
    alloy_fix: bool = False  # an alloy anode here is a fix: the paper says so, or this sentence or the two before give a purpose (set by sentences_of)
    relations: tuple = ()  # nlp.relations.Relation matches (patterns/relations/*.jsonl), document offsets
    ref_marks: tuple[tuple[int, tuple[int, ...]], ...] = ()  # (document offset, numbers) of each citation marker

    def evidence(self) -> Evidence:
        return Evidence(text=self.text, section=self.section, start=self.start, end=self.end,
                        origin="text", cited_refs=self.refs)

    def quantities_of(self, *units: str) -> list[tuple[int, int, Quantity]]:
        return [q for q in self.quantities if q[2].unit in units]


def _entity_components(entity) -> tuple:
    return tuple(getattr(entity, "components", ()) or ())


def is_nasicon(entity) -> bool:
    return bool(getattr(entity, "is_nasicon", False))


def is_electrolyte(entity) -> bool:
    """A solid electrolyte of any family (NASICON, garnet, sulfide, halide, ...)."""
    return bool(getattr(entity, "is_electrolyte", False)) or is_nasicon(entity)




def _term_is_electrolyte(term) -> bool:
    from ..normalize import term_family

    return term is not None and term.category == "material" and term_family(term) not in ("", "polymer")


def sentences_of(document: Document, lexicon, nlp=None) -> list[Sent]:
    """Run the pipeline over every text block (an oversized one in pieces: :func:`block_pieces`) and
    return its sentences with their marks."""
    from ..nlp.pipeline import build_nlp, document_abbreviations, make_doc

    nlp = nlp or build_nlp(lexicon)
    blocks = [(i, piece) for i, b in enumerate(document.blocks) if b.kind in TEXT_KINDS and b.text.strip()
              for piece in block_pieces(b, min(PIECE_CHARS, nlp.max_length))]
    abbreviations = document_abbreviations(document)
    docs = (make_doc(nlp, b.text,
                     citations=[(c.offset - b.start, c.numbers) for c in b.citations],
                     references=document.references, abbreviations=abbreviations)
            for _, b in blocks)
    out: list[Sent] = []
    for (index, block), doc in zip(blocks, nlp.pipe(docs, batch_size=64)):
        out.extend(_sents_of_doc(doc, block, index, caption=block.kind == "caption"))
    if any("alloy_anode" in s.cues and ADDRESS_CUE.search(s.text) for s in out):
        for s in out:  # "(2) using Li-alloy anodes to lower the reactivities": the paper's alloy is a fix
            s.alloy_fix = True
    for i, s in enumerate(out):  # "... Li-M alloys to minimize the reactivity. Cells with a Li3Ga7 alloy anode ..."
        if "alloy_anode" in s.cues and any(purpose(b) and (b is s or b.cues & {"anode", "alloy_anode"})
                                           for b in out[max(0, i - 2):i + 1] if b.block == s.block):
            s.alloy_fix = True
    return out




def block_pieces(block: Block, limit: int = PIECE_CHARS) -> list[Block]:
    """``block`` itself when it fits in ``limit`` characters, else its :func:`~nasicon_kg.nlp.pieces.pieces`
    as blocks with their own offsets into the document and the citations that fall in them."""
    if len(block.text) <= limit:
        return [block]
    out = []
    for offset, text in pieces(block.text, limit):
        start = block.start + offset
        end = start + len(text)
        out.append(replace(block, text=text, start=start, end=end,
                                       citations=tuple(c for c in block.citations if start <= c.offset < end)))
    return out


def _clauses(doc, caption: bool) -> list[tuple[int, int]]:
    """(start_char, end_char) of the doc's sentences; captions are also split at ';'."""
    spans = []
    for sent in doc.sents:
        start = sent.start
        if caption:
            for tok in sent:
                if tok.text == ";" and tok.i + 1 < sent.end:
                    spans.append((doc[start].idx, tok.idx + 1))
                    start = tok.i + 1
        if start < sent.end:
            spans.append((doc[start].idx, sent.end_char))
    return spans


def _sents_of_doc(doc, block, index: int, caption: bool) -> list[Sent]:
    base = block.start
    clauses = _clauses(doc, caption)
    open_end = not re.search(r"[.!?:][\s\"')\]]*$", block.text)
    sents = [Sent(start=base + a, end=base + b, text=block.text[a:b], section=block.section,
                  block=index, caption=caption, block_open=open_end) for a, b in clauses]
    starts = [a for a, _ in clauses]

    def owner(char: int, anchor: bool = False) -> Sent | None:
        # a citation anchor belongs to the sentence whose last character precedes it
        best = None
        for k, a in enumerate(starts):
            if a < char or (not anchor and a == char):
                best = k
        return sents[best] if best is not None else None

    for span in doc.spans.get("materials", []):
        s = owner(span.start_char)
        if s is not None and _names_an_ion(block.text, span):
            continue  # "sodium ion conductivity", "Li+ transport": the ion, not the metal
        if s is not None and is_generic(span._.material):
            s.generic += ((base + span.start_char, base + span.end_char),)
        elif s is not None:
            s.materials.append(Mat(base + span.start_char, base + span.end_char, span.text,
                                   span._.material))
    for span in doc.spans.get("methods", []):
        s = owner(span.start_char)
        if s is not None and span._.method:
            s.methods.append((base + span.start_char, base + span.end_char, span._.method))
    for span in doc.spans.get("problems", []):
        s = owner(span.start_char)
        if s is not None and span._.problem:
            s.problems.append((base + span.start_char, base + span.end_char, span._.problem))
            if span._.problem_addressed:
                s.solved += (base + span.start_char,)
    for span in doc.spans.get("quantities", []):
        s = owner(span.start_char)
        if s is not None:
            s.quantities.append((base + span.start_char, base + span.end_char, span._.quantity))
    for offset, numbers in doc.user_data.get("citations") or ():
        s = owner(offset, anchor=True)
        if s is not None:
            s.refs = tuple(dict.fromkeys(s.refs + tuple(numbers)))
            s.ref_marks += ((base + offset, tuple(numbers)),)
    for span in doc.spans.get("citations", []):
        if span._.citation_kind == "author":
            s = owner(span.start_char)
            if s is not None and not s.refs:  # a numbered marker in the sentence wins
                s.refs = tuple(dict.fromkeys(s.refs + tuple(span._.ref_numbers)))
    from ..nlp.cues import cue_names
    from ..nlp.relations import relations_in

    cue_spans = doc.spans.get("cues", [])
    for s, (a, b) in zip(sents, clauses):
        s.authors = tuple(dict.fromkeys(f"{m.group(1)} et al." for m in AUTHOR.finditer(s.text)))
        s.cues = cue_names(cue_spans, a, b)
        s.cue_spans = tuple((base + c.start_char, base + c.end_char, c.label_) for c in cue_spans
                            if c.start_char >= a and c.end_char <= b)
        s.generic = tuple((st, en) for st, en, name in s.cue_spans if name == "electrolyte_ref"
                          and not _heads_a_name(s, st)) + s.generic
        s.relations = tuple(r.shifted(base) for r in relations_in(doc.user_data.get("relations", ()), a, b))
    return sents


def _heads_a_name(sent: Sent, at: int) -> bool:
    """Whether the generic words at ``at`` follow a material as its head noun ("a Na3PS4 sulfide SE",
    "the LYC SE separator"): they name that material, they do not refer to another."""
    return any(m.end <= at and re.fullmatch(r"\s*(?:-?\s*based\s+)?(?:[a-z]+(?:-[a-z]+)?\s+)?", sent.text[m.end - sent.start:at - sent.start])
               for m in sent.materials)


def _names_an_ion(text: str, span) -> bool:
    """An alkali metal's name used for its ion: "sodium ion", "Li-ion", "Li+", "lithium-ionic", "a Li
    conductivity", "a sodium electrolyte"."""
    entity = span._.material
    if getattr(entity, "label", "") not in ALKALI_METALS:
        return False
    return bool(re.match(r"\s?(?:[-‐]?\s?ions?\b|[-‐]?\s?ionic\b|\s?\+|⁺)", text[span.end_char:span.end_char + 8],
                         re.I)) or bool(ION_NOUN.match(text[span.end_char:span.end_char + 30]))


#: what an alkali metal's name qualifies when it names the ion: "a Li conductivity", "a sodium electrolyte"
ION_NOUN = re.compile(r"\s(?:super)?(?:conductivit\w*|conductors?|conduction|transport|diffusion|diffusivity|"
                      r"mobility|hopping|migration|(?:solid[- ]state\s+|solid\s+)?electrolytes?|superionic|"
                      r"argyrodites?|garnets?|thiophosphates?|borohydrides?|hydroborates?|halides?|chlorides?|"
                      r"oxides?|sulfides?|salts?|compounds?|analogues?|counterparts?)\b", re.I)
# "lithium argyrodite", "sodium thiophosphates": the name qualifies a class of compounds, not the metal


#: a minted "material" that only names a class of electrolytes ("solid-state electrolyte", "SEs")
GENERIC_ELECTROLYTE = re.compile(
    r"(?i:(?:(?:solid|solid-state|all-solid-state|inorganic|ceramic|oxide|sulfide|halide|hybrid|composite|"
    r"glass|glassy|crystalline|amorphous|thin-film|ionic|lithium|sodium|li-ion|na-ion|superionic|fast)"
    r"[- ]+)*(?:electrolytes?|conductors?))|[A-Z]{0,2}SSEs?|[A-Z]?SEs?")


def is_generic(entity) -> bool:
    """A word for a class of electrolytes, which refers to a material but names none."""
    return not getattr(entity, "known", True) and not getattr(entity, "formula", "") and \
        bool(GENERIC_ELECTROLYTE.fullmatch(getattr(entity, "label", "") or ""))


# ----------------------------------------------------------------------------------------------
# Interface strategies
# ----------------------------------------------------------------------------------------------

@dataclass
class Draft:
    electrolyte: str
    components: list[str]
    classes: list[str]
    sents: list[Sent]
    own_electrolyte: bool = True
    refs: tuple[int, ...] = ()
    authors: tuple[str, ...] = ()
    precursors: bool = False  # the named materials react to form the layer


PRECURSOR = re.compile(r"(?:solution|precursors?|containing|dissolv\w+|mixture)\s+(?:of\s+)?"
                       r"(?:[\w-]+\s+){0,2}$", re.I)
PRODUCT = re.compile(r"\b(?:production|formation|form(?:ed|s|ing)?|produc\w+|yield\w*|"
                     r"convert\w*|transform\w*)\b", re.I)


#: a material named as what a surface is treated with: "pretreated in a LiNO3 solution", "treated with H3PO4"
_REAGENT_BEFORE = re.compile(r"\b(?:(?:pre|surface[- ])?treat(?:ed|ing|ment)|immers(?:ed|ing|ion)|soak(?:ed|ing)|"
                             r"dipp(?:ed|ing)|react(?:ed|ing)|expos(?:ed|ing|ure)|etch(?:ed|ing))\s+(?:[\w-]+\s+){0,3}?"
                             r"(?:in|with|to|by|into)\s+"
                             r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_REAGENT_AFTER = re.compile(r"\s*(?:solutions?|vapou?rs?|gas|bath|melt)\b", re.I)


def reagent(sent: Sent, mat: Mat) -> bool:
    """Whether a material is what forms the layer, not the layer: "pretreated in a LiNO3 solution to
    form a LiF-rich layer", "treated with H3PO4 to form Li3PO4"."""
    before = sent.text[max(0, mat.start - sent.start - 60):mat.start - sent.start]
    after = sent.text[mat.end - sent.start:]
    if re.search(r"\bsputter\w*\s+of\s+(?:an?\s+|the\s+)?$", before, re.I) and \
            re.match(r"\s+(?:targets?\s+)?in\s+(?:N\s?2|Ar|O\s?2|nitrogen|argon|oxygen)\b", after, re.I):
        return True  # "sputtering of Li3PO4 in N2": the target the film is made from
    return bool(_REAGENT_BEFORE.search(before) or PRECURSOR.search(before) or _REAGENT_AFTER.match(after))


#: a sentence that goes on about the coated metal: "The coated lithium was paired with ...", "the treated Li"
COATED_METAL = re.compile(r"\b(?:the|this|such|these)\s+(?:[\w-]+\s+)?(?:coated|treated|protected|modified|"
                          r"pretreated)\s+(?:Li|lithium|Na|sodium)\b", re.I)


def _products(sent: Sent, layers: list[Mat]) -> list[Mat]:
    """Layer materials named after a 'production of' / 'formed' cue."""
    m = PRODUCT.search(sent.text)
    if not m:
        return []
    at = sent.start + m.end()
    return [x for x in layers if x.start >= at]


#: text right before a material that names it as the layer: "a thin layer of", "an interlayer of the"
LAYER_OF = re.compile(r"\b(?:inter)?(?:layers?|films?|buffer)\s+of\s+(?:the\s+)?(?:(?:more|less|most|highly)\s+[\w-]+\s+)?$|"
                      r"\b(?:the|an?|this|that)\s+(?:[\w-]+\s+)?interlayers?\s+$", re.I)  # "the interlayer Na3PS4"


def _followed_by_layer_word(sent: Sent, mat: Mat) -> bool:
    """Whether a material is named as the layer: "X coated ...", "X layer", "a thin layer of X"."""
    before = sent.text[max(0, mat.start - sent.start - 25):mat.start - sent.start]
    if LAYER_OF.search(before):
        return True
    if re.search(r"\b(?:on|onto|of|for|protect(?:ed|s|ing)?)\s+(?:the\s+)?(?:[\w-]+\s+)?$", before):
        return False  # "coated on (the) LATP ..." names the substrate
    after = sent.text[mat.end - sent.start:mat.end - sent.start + 70]
    after = re.sub(r"^\s*\)?\s*(?:\([^)]*\))?", "", after)
    if re.match(r"\s*(?:was\s+|were\s+)?(?:coated|covered|modified|decorated|protected)\s+(?:with|by)\b",
                after, re.I):
        return False  # "LLZO coated with ZnO": the substrate, not the layer
    return bool(re.match(r"\s*[-‐]?\s*(?:coated|modified|decorated|deposited|coating|layer|interlayer|film|buffer|"
                         r"as an? (?:\w+\s){0,3}?(?:layer|interlayer|coating|film|buffer)\b" + IN_ELECTRODE + ")",
                         after, re.I)) or bool(
        LAYER_NOUN_AFTER.match(after)) or bool(ACTS_AS_LAYER.match(
            re.sub(r"^\s*\)?\s*(?:\([^)]*\))?", "", sent.text[mat.end - sent.start:mat.end - sent.start + 90])))
    # "a 70Li2S–30P2S5 glass layer", "a LiPON thin film", "the Li3PS4 also acted as the protective layer"


#: a material said to serve as the layer: "also acted as the protective layer", "serves as a buffer"
#: not followed by "in the (composite) cathode/electrode": a role inside an electrode, not at the anode
IN_ELECTRODE = r"(?!\s+(?:[\w-]+\s+){0,2}?(?:in|of|for|within)\s+the\s+(?:composite\s+)?(?:cathodes?|electrodes?))"
ACTS_AS_LAYER = re.compile(r"\s*(?:,\s*)?(?:which\s+|that\s+)?(?:[A-Za-z]+\s+){0,3}?[a-z]*?(?:acts?|acted|acting|serves?|served|"
                           r"serving|functions?|functioned|works?|worked|(?:was|were|is|are)\s+(?:introduced|used|employed|"
                           r"applied|adopted|inserted|added|chosen|selected))\s+as\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,3}?"
                           r"(?:inter)?(?:layers?|coatings?|films?|buffers?|barriers?)\b" + IN_ELECTRODE,
                           re.I)  # "X also acted as the buffer material in the electrode": the cathode's, not a layer


#: one or two describing words, then a layer noun: "glass layer", "thin film", "protective coating"
LAYER_NOUN_AFTER = re.compile(r"\s*(?!(?:solid |polymer |composite )?(?:electrolyte|separator|pellet|membrane)s?\b)"
                              r"(?:[a-z][a-z-]*\s+){1,2}(?:inter)?(?:layers?|films?|coatings?|buffers?)\b")


#: what follows a polymer (or polymer-salt mixture) named as the cell's electrolyte
POLYMER_AS_ELECTROLYTE = re.compile(r"\s*\)?\s*(?:\([^)]*\)\s*)?(?:(?:solid|gel|polymer|composite)[- ]){0,2}"
                                    r"(?:electrolyte|SPE|GPE)s?\b", re.I)


def _named_as_layer(sent: Sent, mat: Mat) -> bool:
    """ "a thin layer of Li6PS5Cl", "an LiPON interlayer": an electrolyte the sentence names as a layer."""
    before = sent.text[max(0, mat.start - sent.start - 25):mat.start - sent.start]
    after = sent.text[mat.end - sent.start:mat.end - sent.start + 20]
    return bool(LAYER_OF.search(before) or re.match(r"\s*(?:-\s*)?(?:inter|buffer\s+)layers?\b", after, re.I))


def _is_product(sent: Sent, mat: Mat) -> bool:
    after = sent.text[mat.end - sent.start:mat.end - sent.start + 50]
    before = sent.text[max(0, mat.start - sent.start - 25):mat.start - sent.start]
    if mat.cls == "LithiumSalt" and re.match(r"\s*(?:[a-z]+\s+){0,2}?(?:liquid\s+)?electrolyte",
                                             after, re.I):
        return True  # the salt of a liquid electrolyte, not a layer
    if mat.cls == "LithiumSalt" and (LIQUID_SOLUTION.match(after) or re.match(
            r"\s*\)?\s*(?:\([^)]*\)\s*)?in\s+[^.;]{0,50}?electrolytes?\b", after + sent.text[
                mat.end - sent.start + 50:mat.end - sent.start + 90], re.I)):
        return True  # "1 m LiTFSI in DOL/DME": a liquid electrolyte's salt
    if EQUIPMENT.match(after):
        return True  # "a PEEK die", "an alumina crucible": the apparatus, not a layer
    if ELECTRODE.match(after) and "alloy_anode" not in sent.cues and not (
            re.match(r"\s*current[- ]collectors?\b", after, re.I) and _ANODE_FREE.search(sent.text)
            and (purpose(sent) or re.search(r"\benabl\w*|\b(?:uniform|homogeneous|dense)\b", sent.text, re.I))):
        return True  # "a Li4Ti5O12 cathode", "Si substrates", "a TiN current collector": not the layer; in an
        # anode-free cell the current collector for a purpose is the fix ("an Al current collector enabled ...")
    if DOPANT_AFTER.match(after) or re.search(r"\b(?:cations?|anions?|dopants?)\s+$", before, re.I) or re.search(
            r"\b(?:removal of|removing|remove[sd]?|eliminat\w+|contaminat\w+ (?:by|with))\s+(?:the\s+)?(?:surface\s+)?$",
            before, re.I):
        return True  # "by SnI4 co-doping", "Zn, Si and Sb doped LPS", "cations Zn": a dopant;
        # "the removal of Li2CO3": a contaminant
    if before.endswith("[") and re.match(r"\s*\]", after):
        return True  # "[B12H12]2−": an anion of the salt, not a material of its own
    if re.search(r"(?<!artificial )\b(?:SEI|CEI|interphases?)\b(?:[^.;]|\b[ei]\.[eg]\.){0,70}$",
                 sent.text[max(0, mat.start - sent.start - 90):mat.start - sent.start]) and not (
            _followed_by_layer_word(sent, mat)):
        return True  # "the SEI film with the composition (e.g. Li3N, LiF": what the interphase is made of
    if re.search(r"(?:\bdecompos\w*\s+(?:in)?to|→|->|\b(?:is|are|was|were|be|being|gets?|got)\s+reduced\b[^.;]{0,30}?\bto)[^.;]{0,80}$",
                 sent.text[max(0, mat.start - sent.start - 90):mat.start - sent.start], re.I):
        return True  # "LGPS decomposed into Li2S, Li3P and a Li-Ge alloy": what a reaction gives
    if re.match(r"\s*(?:(?:and|or)\s+)?(?:[\w-]+\s+){0,2}?(?:contamination|impurit(?:y|ies)|residues?)\b", after, re.I):
        return True  # "the Li2CO3 and LiOH contamination layer": what spoils the surface, not a fix
    wide = sent.text[max(0, mat.start - sent.start - 60):mat.start - sent.start]
    if _FORMED_BEFORE.search(wide) and _DECOMPOSES.search(sent.text[:mat.start - sent.start]) \
            and not _followed_by_layer_word(sent, mat):
        return True  # "Ge4+ is reduced by Li, forming an electronically conducting Li-Ge alloy"
    earlier = [m for m in sent.materials if m.end <= mat.start]
    if earlier and re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", sent.text[earlier[-1].end - sent.start:mat.start - sent.start]) \
            and _FORMED_BEFORE.search(sent.text[max(0, earlier[-1].start - sent.start - 60):earlier[-1].start - sent.start]) \
            and _DECOMPOSES.search(sent.text[:mat.start - sent.start] + " " + sent.text[mat.end - sent.start:]):
        return True  # "the formation of Li2S and Li3P at Li/Li7P3S11 interfaces": both are products
    return bool(re.search(r"product|by-?product", after, re.I)) or bool(
        re.search(r"\b(?:or|forming|to form|formation of|yields? an?(?: \w+)? of)\s*\(?\s*$|"
                  r"\bgeneration of\s+(?:an?\s+|the\s+)?$", before, re.I))


#: a word that something forms before a mention: "forming an electronically conducting Li-Ge alloy"
_FORMED_BEFORE = re.compile(r"\b(?:forming|formation of|forms|formed|revealing the formation of)\s+"
                            r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}$", re.I)
#: the sentence speaks of a reaction that gives products: a reduction, a decomposition, a reaction with the metal
_DECOMPOSES = re.compile(r"\breduc(?:ed|es|tion)\b|\bdecompos\w*|\bdegrad\w*|\breacts?\s+with\s+(?:Li|Na|lithium|sodium)\b|"
                         r"\binterfaces?\b", re.I)


#: what follows a dopant, or each of a list of dopants: "SnI4 co-doping", "Zn, Si and Sb doped LPS"
DOPANT_AFTER = re.compile(r"(?:\s*(?:,|,?\s+and|,?\s+or)\s+[A-Z][A-Za-z0-9.]{0,8})*\s*\)?\s*[-‐]?\s*(?:co-?)?"
                          r"(?:doping|doped|substitution|substituted|dopants?|cations?|anions?)\b", re.I)


#: what follows a lithium salt dissolved in a liquid
LIQUID_SOLUTION = re.compile(r"\s*(?:\)\s*)?(?:dissolved\s+)?in\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                             r"(?:DOL|DME|EC|DMC|DEC|EMC|PC|FEC|TEGDME|dioxolane|dimethoxyethane|carbonates?|"
                             r"ethers?|glymes?|solvents?|water|acetonitrile|ionic liquids?)\b", re.I)


#: what follows a material that is an electrode or a substrate of the cell, not a layer in it
_ANODE_FREE = re.compile(r"\banode[- ]?(?:free|less)\b", re.I)
ELECTRODE = re.compile(r"\s*\)?\s*(?:\([^)]*\)\s*)?(?:cathodes?|anodes?|substrates?|wafers?|current[- ]collectors?|"
                       r"foils?|meshe?s?|(?:counter |working |reference )?electrodes?)\b|"
                       r"[^.;]{0,40}?\bas\s+(?:the\s+|an?\s+)?(?:RE|CE|WE|(?:reference|counter|working)\s+electrodes?)\b",
                       re.I)


#: what follows a material that is part of the apparatus
EQUIPMENT = re.compile(r"\s*\)?\s*(?:\([^)]*\)\s*)?(?:dies?|molds?|moulds?|crucibles?|holders?|reactors?|vessels?|"
                       r"tubes?|boats?|cylinders?|plungers?|jars?|vials?|containers?|sleeves?|mortars?)\b", re.I)


#: what follows "Li-S", "Li-O2" when they name a cell chemistry, not a composite
_CHEMISTRY_AFTER = re.compile(r"\s*(?:batter(?:y|ies)|cells?|chemistr(?:y|ies)|systems?|full[- ]cells?)\b", re.I)


def _split_composites(mats: list[Mat], lexicon, sent: Sent | None = None) -> list[Mat]:
    """'LATP/PVDF' -> the electrolyte part and the rest as one layer mention; "GaN-Li" (a hyphen
    or "@", not a cell's "/" or "|") stays a composite of the metal."""
    from ..normalize import normalize_material

    out: list[Mat] = []
    for m in mats:
        parts = [p if isinstance(p, str) else getattr(p, "label", "") for p in _entity_components(m.entity)]
        if not parts and re.search(r"[|/]", m.text):  # a stack whose members are not all materials
            from ..nlp.formula import split_outside_brackets

            parts = [p.strip() for p in split_outside_brackets(m.text, "/|") if p.strip()]
        ents = [normalize_material(p, lexicon) for p in parts]
        electrolytes = [e for e in ents if e is not None and is_electrolyte(e)]
        if not parts or not electrolytes:
            if not any(e is not None and e.label in ALKALI_METALS for e in ents) or (
                    sent is not None and not re.search(r"[|/]", m.text)
                    and not _CHEMISTRY_AFTER.match(sent.text[m.end - sent.start:m.end - sent.start + 30])):
                out.append(m)  # "Li/LFP" (a cell) names no layer; "a GaN-Li composite anode" does
            continue
        stack = stack_layer(ents) if re.search(r"[|/]", m.text) else None
        if stack is not None:  # "Li/β-Li3PS4/LGPS": the member at the metal is the layer
            out.append(Mat(m.start, m.end, m.text, stack[1]))
            out.append(Mat(m.start, m.end, m.text, stack[0], role="layer"))
            continue
        out.append(Mat(m.start, m.end, m.text, electrolytes[0]))
        if any(e is not None and (e.label in ALKALI_METALS or e.cls in NOT_LAYER_CLASSES) for e in ents):
            continue  # "Li/LATP/Li" is a cell stack, not a composite: only the electrolyte is named
        rest = [p for p, e in zip(parts, ents) if not (e is not None and is_electrolyte(e))]
        if rest:
            classes = [_class_of(p, lexicon) for p in rest]
            label = "/".join(rest)
            out.append(Mat(m.start, m.end, m.text, Entity(
                label=label, key=label, cls=classes[0] if len(rest) == 1 else "HybridMaterial", formula="",
                is_nasicon=False, known=False, iri="", components=tuple(rest) if len(rest) > 1 else ())))
    return out


MIXTURE_BEFORE = re.compile(r"\b(?:paste|slurry|mixture|composite|blend|ink|suspension)\s+"
                            r"(?:(?:made|prepared|formed)\s+)?(?:from|of|out of)\s+(?:the\s+)?$", re.I)
MIXTURE_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:,|and|with|plus)\s", re.I)


def mixed_in(sent: Sent, mat: Mat) -> bool:
    """Whether a material is an ingredient of a mixture ("a paste from LAGP and an ionic
    liquid"): then a NASICON is part of the layer, not the electrolyte protected."""
    before = sent.text[max(0, mat.start - sent.start - 40):mat.start - sent.start]
    after = sent.text[mat.end - sent.start:mat.end - sent.start + 30]
    return bool(MIXTURE_BEFORE.search(before) and MIXTURE_AFTER.match(after))


#: "between A and B": the two sides of a layer placed in between
_BETWEEN = re.compile(r"\bbetween\s+(?P<a>[^,;]{1,60}?)\s+and\s+(?P<b>[^,;]{1,60}?)(?=\s+(?:to|for|as|in|which|that|"
                      r"was|were|by|with)\b|[,;.)]|$)")
_ANODE_WORD = re.compile(r"\b(?:anodes?|Li|Na|K|lithium|sodium|potassium|metal|In/InLi|Li[-–]?In|InLi)\b")


def _between_anode_and(sent: Sent, layers: list[Mat], electrolytes: list[tuple[str, Mat]], lexicon
                       ) -> tuple[list[Mat], list[str]] | None:
    """"X was added between the anode and Y", "Y ... between Li and Y": an electrolyte named before
    "between" is the layer that separates the anode from the electrolyte named in the phrase."""
    m = _BETWEEN.search(sent.text)
    if not m or not (_ANODE_WORD.search(m.group("a")) or _ANODE_WORD.search(m.group("b"))):
        return None
    lo, hi = sent.start + m.start(), sent.start + m.end()
    solids = sorted([e for _, e in electrolytes] + [x for x in layers if is_electrolyte(x.entity)],
                    key=lambda x: x.start)
    inside = [x for x in solids if lo <= x.start and x.end <= hi]
    before = [x for x in solids if x.end <= lo]
    if not inside or not before:
        return None
    kept = [x for x in layers if not (lo <= x.start and x.end <= hi) and x not in before]  # the sides are no layer
    return sorted(kept + before[-1:], key=lambda x: x.start), [family_label(inside[0].entity, lexicon)]


def slot_mats(sent: Sent, relation, slot: str) -> list[Mat]:
    """The sentence's materials that a relation's slot covers."""
    span = relation.slot(slot)
    return [] if span is None else [m for m in sent.materials if m.start < span[1] and span[0] < m.end]


@dataclass(frozen=True)
class LayerOn:
    """A layer_on relation read against the sentence's materials."""
    layer: Mat
    on: Mat | None  # None: a generic word ("on the SSE"), resolved by the walk
    kind: str  # "electrolyte", "alkali" (a coating on the metal) or "ref"
    at_metal: bool  # an interlayer relation: the layer is next to the metal ("Li|X|Y", "X between Y and Li")


def layer_on(sent: Sent) -> list[LayerOn]:
    """The sentence's layer_on and interlayer relations. A material on itself ("Li/LGPS/LGPS-C/Pt")
    is none."""
    out = []
    for r in sent.relations:
        if r.name not in ("layer_on", "interlayer"):
            continue
        on = slot_mats(sent, r, "on")
        at_metal = r.name == "interlayer"
        for layer in slot_mats(sent, r, "layer")[:1]:
            if not on:
                out.append(LayerOn(layer, None, "ref", at_metal))
            elif on[0].label == layer.label:
                continue
            elif is_electrolyte(on[0].entity):
                out.append(LayerOn(layer, on[0], "electrolyte", at_metal))
            elif on[0].label in ALKALI_METALS:
                out.append(LayerOn(layer, on[0], "alkali", at_metal))
    return out


def _same(a: Mat, b: Mat) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _layer_and_electrolytes(sent: Sent, lexicon, carried: str | None = None
                            ) -> tuple[list[Mat], list[str]]:
    """Layer candidates and protected electrolytes (family labels) of one sentence.

    A thin-film electrolyte (LiPON) is the layer when the sentence, or the section before
    it, names another electrolyte it sits on."""
    layers: list[Mat] = []
    electrolytes: list[tuple[str, Mat]] = []
    mats = _split_composites(sent.materials, lexicon, sent)
    # "the ionic liquid Pyr14TFSI", "the polymer PEO": a class word in apposition names no material of its own
    mats = [m for i, m in enumerate(mats) if not (
        m.text.islower() and i + 1 < len(mats) and not sent.text[m.end - sent.start:mats[i + 1].start - sent.start].strip())]
    for run in _stack_members(sent):  # "Li | Ag | LLZO | Ag | Li" written member by member
        stack = stack_layer([r.entity for r in run])
        if stack is not None:
            mats = [m for m in mats if m not in run] + [
                replace(next(r for r in run if r.entity is stack[0]), role="layer"),
                next(r for r in run if r.entity is stack[1])]
    for m in mats:
        if m.role == "layer":
            layers.append(m)
            continue
        if is_electrolyte(m.entity) and not _followed_by_layer_word(sent, m) and not mixed_in(sent, m):
            fam = family_label(m.entity, lexicon)
            if fam not in [f for f, _ in electrolytes]:
                electrolytes.append((fam, m))
            continue
        if m.label in ALKALI_METALS or m.cls in NOT_LAYER_CLASSES or _is_product(sent, m) or \
                _is_process_gas(m.label) or _MOLECULE.fullmatch(m.label) or _INTERPHASE.fullmatch(m.label):
            continue
        if m.cls == "Alloy" and not _followed_by_layer_word(sent, m) and not (
                "alloy_anode" in sent.cues and (sent.alloy_fix or ADDRESS_CUE.search(sent.text) or sent.solved)):
            continue  # "LiIn|LPSBr|LiIn", "a Li-In anode was pressed on": the usual counter electrode; a fix
            # only when named as the anode for a purpose ("a Li-In anode to lower the reactivity")
        layers.append(m)
    if not electrolytes:  # "with a crosslinked PEO-LiTFSI electrolyte": a polymer named as the electrolyte
        named = [m for m in layers if m.cls in POLYMER_CLASSES | {"HybridMaterial", "Nanocomposite"}
                 and POLYMER_AS_ELECTROLYTE.match(sent.text[m.end - sent.start:m.end - sent.start + 40])
                 and not re.search(r"layer|coating|film|buffer", sent.text[:m.start - sent.start], re.I)]
        if named:
            electrolytes = [(named[0].label, named[0])]
            layers = [m for m in layers if m is not named[0]]
    # "cathode|halide electrolyte|Li6PS5Cl|Li": the electrolyte at the metal is the layer, when what it
    # sits on is another electrolyte or words for another family ("the garnet pellet" may be itself)
    for r in layer_on(sent):
        if r.at_metal and r.kind in ("electrolyte", "ref") and any(_same(r.layer, m) for _, m in electrolytes) and (
                family_label(r.layer.entity, lexicon) != family_label(r.on.entity, lexicon) if r.on is not None
                else referred_family(sent, lexicon) not in (None, getattr(r.layer.entity, "family", None))):
            electrolytes = [(f, m) for f, m in electrolytes if not _same(m, r.layer)]
            layers = sorted(layers + [replace(r.layer, role="layer")], key=lambda m: m.start)
    swapped = _between_anode_and(sent, layers, electrolytes, lexicon)
    if swapped is not None:
        return swapped
    thin = [(f, m) for f, m in electrolytes if getattr(m.entity, "family", "") == "LiPON"]
    if thin and (len(thin) < len(electrolytes) or carried):
        electrolytes = [x for x in electrolytes if x not in thin]
        layers = sorted(layers + [m for _, m in thin], key=lambda m: m.start)
    # an electrolyte named as a layer ("LAGP coated LATP") is a layer only when another is protected
    if not electrolytes:
        layers = [m for m in layers if not is_electrolyte(m.entity) or mixed_in(sent, m) or m.role == "layer"
                  or any(m is t for _, t in thin) or _named_as_layer(sent, m)]
    return layers, [f for f, _ in electrolytes]


_JOIN_GAP = re.compile(r"^-?[\s,()]*(?:and|with|combined with|mixed with|blended with|containing|plus|"
                       r"as well as|/|-|\+|&)?[\s,]*(?:an?\s+|the\s+)?(?:[a-z][a-z-]*\s+){0,3}?"
                       r"(?:of\s+)?$")


def interleaved_pairs(sent: Sent, layers: list[Mat], lexicon) -> list[tuple[Mat, str]]:
    """A list of fixes each followed by its own electrolyte ("LiF-coated Li for Li3PS4 [31], Li-In
    alloy anodes for Li10GeP2S12 [32] and a Li3PO4 layer on Li7P3S11 [33]"): (layer, electrolyte)
    pairs in text order, when layers and electrolytes alternate, two pairs or more; else []."""
    layers = layers + [m for m in sent.materials if m.cls == "Alloy" and m not in layers]  # listed, an alloy is one
    electrolytes = [m for m in sent.materials if is_electrolyte(m.entity) and m not in layers]
    marks = sorted([(m.start, "L", m) for m in layers] + [(m.start, "E", m) for m in electrolytes],
                   key=lambda x: x[0])
    kinds = "".join(k for _, k, _ in marks)
    if len(kinds) < 4 or not re.fullmatch(r"(?:LE)+", kinds):
        return []
    return [(marks[i][2], family_label(marks[i + 1][2].entity, lexicon)) for i in range(0, len(marks), 2)]


def _refs_between(sent: Sent, start: int, end: int) -> tuple[int, ...]:
    """The reference numbers of the citation markers anchored in ``(start, end]`` of a sentence."""
    return tuple(dict.fromkeys(n for at, numbers in sent.ref_marks if start < at <= end for n in numbers))


def group_layer(sent: Sent, layers: list[Mat]) -> list[Mat]:
    """The first layer material and those coordinated with it ("LiF, MgF2 and B2O3")."""
    if not layers:
        return []
    group = [layers[0]]
    for m in layers[1:]:
        gap = sent.text[group[-1].end - sent.start:m.start - sent.start]
        if gap.strip() == "(":  # "poly(...) (PTNB)": the short form names the same material
            group[-1] = m
            continue
        gap = re.sub(r"\d+(?:\.\d+)?\s*(?:wt|vol|mol)?\s?%", " ", gap)
        if not re.search(r"\(\s*or\b", gap):
            gap = re.sub(r"\([^()]{0,40}\)", " ", gap)  # "carbon black (Imerys), silver": a supplier, a purity
        if re.search(r"\(\s*or\s*$", gap) or re.search(r"[\d;.]", gap) or len(gap) > 45:
            break
        words = re.findall(r"[A-Za-z]+", gap)
        if len(words) > 4 or any(not w.islower() for w in words) or re.search(
                r"\b(?:was|were|is|are|on|onto|for|than|to|into|between)\b", gap):
            break
        if m.cls == "LithiumSalt" and re.fullmatch(r"\s*with\s*", gap) and (
                group[-1].cls in POLYMER_CLASSES):
            continue  # "PEO with LiTFSI salt": the polymer's salt, not another layer
        group.append(m)
    if any(m.cls in POLYMER_CLASSES for m in group) and not COMBINE.search(sent.text):
        # the salt or ionic liquid of a polymer electrolyte is part of the polymer, not a layer
        group = [m for m in group if m.cls not in ("LithiumSalt", "IonicLiquid")] or group
    seen: dict[str, Mat] = {}
    for m in group:
        seen.setdefault(m.label, m)
    return list(seen.values())


#: words that present the coordinated materials as alternatives ("two interlayer materials, Si and Al2O3")
ALTERNATIVES = re.compile(r"\b(?:two|three|four|several|various|different|both|respectively|compared|"
                          r"comparison|versus|vs\.?|either)\b", re.I)


def alternatives(sent: Sent, group: list[Mat]) -> list[list[Mat]]:
    """The layer groups a sentence states: one group ("LiF, MgF2 and B2O3" form one layer), or
    one per material when the sentence presents them as alternatives."""
    if len(group) < 2:
        return [group]
    before = sent.text[max(0, group[0].start - sent.start - 60):group[0].start - sent.start]
    if ALTERNATIVES.search(before) and not COMBINE.search(sent.text):
        return [[m] for m in group]
    return [group]


def _components(mats: Iterable[Mat], lexicon) -> tuple[list[str], list[str]]:
    labels: list[str] = []
    classes: list[str] = []
    for m in mats:
        parts = _entity_components(m.entity)
        if parts:
            for p in parts:
                lab = getattr(p, "label", p)
                cls = getattr(p, "cls", "")
                if isinstance(lab, str) and lab not in labels:
                    labels.append(lab)
                    classes.append(cls or _class_of(lab, lexicon))
        elif m.label not in labels:
            label = family_label(m.entity, lexicon) if is_nasicon(m.entity) and lexicon.lookup(
                m.label) is None and m.text.isupper() else m.label
            labels.append(label)
            classes.append(m.cls)
    return labels, classes


def _class_of(label: str, lexicon) -> str:
    term = lexicon.lookup(label)
    return term.material_class if term else ""


def layer_thicknesses(sent: Sent) -> list[tuple[int, int, Quantity]]:
    """The sentence's lengths less those a thickness relation puts before an electrolyte ("80-µm thick
    LLZO sheets" is the electrolyte's own thickness, no layer's; "deposited on LATP with a thickness
    of 15 nm" may be the layer's)."""
    own = [r.slot("thickness") for r in sent.relations if r.name == "thickness"
           and r.slot("thickness")[1] <= r.slot("layer")[0]
           and any(is_electrolyte(m.entity) for m in slot_mats(sent, r, "layer"))]
    return [q for q in sent.quantities_of("nm", "um", "mm")
            if not any(a < q[1] and q[0] < b for a, b in own)]


def _support(sent: Sent) -> int:
    """How many kinds of strategy support a sentence gives (method, thickness, cycling, cue)."""
    n = 0
    n += bool(sent.methods)
    n += bool(layer_thicknesses(sent))
    n += bool(_hours(sent))
    n += bool(LAYER_CUE.search(sent.text))
    n += bool(STACK.search(sent.text))
    n += bool(sent.cues & {"anode_coating", "alloy_anode", "current_collector", "electrolyte_coating"})
    n += bool(("interlayer" in sent.cues and _BETWEEN.search(sent.text) or _AT_METAL_INTERFACE.search(sent.text)) and (
        PLACING_VERB.search(sent.text) or _PUT.search(sent.text)))  # "X was added between the anode and Y",
    # "X was placed at the Li/LATP interface"
    return n


_AT_METAL_INTERFACE = re.compile(r"\b(?:at|to|into|on)\s+the\s+(?:(?:Li|Na|lithium|sodium)(?:\s*metal)?\s*[/|]\s*[^\s/|]+|"
                                 r"[^\s/|]+\s*[/|]\s*(?:Li|Na|lithium|sodium))\s+interfaces?\b", re.I)
_PUT = re.compile(r"\b(?:add(?:ed|ing)|plac(?:ed|ing)|interpos(?:ed|ing)|locat(?:ed|ing)|position(?:ed|ing))\b", re.I)


#: a cell stack that starts or ends at the alkali metal: "Li|LiPON|LATP|LiPON|Li", "Na/SnO2/NZSP"
STACK = re.compile(r"\b(?:Li|Na|K)\s?(?:\|{1,2}|/)\s?[^\s|/]+\s?(?:\|{1,2}|/)|"
                   r"(?:\|{1,2}|/)\s?[^\s|/]+\s?(?:\|{1,2}|/)\s?(?:Li|Na|K)\b")


_STACK_RUN = re.compile(r"[^\s|/(),;]+(?:\s?(?:\|{1,2}|/)\s?[^\s|/(),;]+)+")
_STACK_END = re.compile(r"^(?:Li|Na|K)$")


def _stack_runs(sent: Sent):
    """The cell stacks a sentence writes with "|" or "/", three members or more: each as its members'
    (start, end) document offsets and their texts."""
    for run in _STACK_RUN.finditer(sent.text):
        base = sent.start + run.start()
        cuts = [(m.start(), m.end()) for m in _STACK_SEP.finditer(run.group())]
        bounds = [0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(run.group())]
        members = [(base + a, base + b) for a, b in zip(*bounds)]
        if len(members) >= 3:
            yield members, [sent.text[a - sent.start:b - sent.start] for a, b in members]


def in_stack(sent: Sent, mat: Mat) -> bool:
    """Whether a mention is the member next to the alkali metal of a cell stack that ends at it
    ("the Ag of Li|Ag|LLZO|Ag|Li"); the far end of "Li/SSE/Au" is a working electrode and the
    "@Nb" of "NCM712@Nb|LPSBr|Li" a cathode coating; a stack elsewhere in the sentence does not
    place it."""
    for members, names in _stack_runs(sent):
        nearest = ([members[1]] if _STACK_END.match(names[0]) else []) + \
                  ([members[-2]] if _STACK_END.match(names[-1]) else [])
        if any(a <= mat.start and mat.end <= b for a, b in nearest):
            return True
    return False


_STACK_SEP = re.compile(r"\s?(?:\|{1,2}|/)\s?")


def far_in_stack(sent: Sent, mat: Mat) -> bool:
    """Whether a mention is a member of a cell stack that starts or ends at the alkali metal but is
    not next to it: the working electrode Au of "Li/SSE/Au", the Pt of "Li/SSE/SSE-C/Pt"."""
    for members, names in _stack_runs(sent):
        if not (_STACK_END.match(names[0]) or _STACK_END.match(names[-1])):
            continue
        inside = [i for i, (a, b) in enumerate(members) if a <= mat.start and mat.end <= b]
        if inside and not in_stack(sent, mat) and not _STACK_END.match(names[inside[0]]):
            return True
    return False


def stack_layer(members: list) -> tuple[Any, Any] | None:
    """(layer, electrolyte) of a cell stack whose end is the alkali metal and whose next two
    members are a layer and an electrolyte: "Li/β-Li3PS4/Li10GeP2S12" -> (β-Li3PS4, LGPS).

    >>> from types import SimpleNamespace as E
    >>> li, x, y = E(label="Li", cls="AlkaliMetal"), E(label="Ag", cls="Metal"), E(label="LLZO", cls="", is_electrolyte=True)
    >>> [m.label for m in stack_layer([li, x, y, x, li])]
    ['Ag', 'LLZO']
    >>> stack_layer([li, y, li]) is None
    True
    """
    for seq in (members, members[::-1]):
        if len(seq) >= 3 and seq[0] is not None and seq[0].label in ALKALI_METALS:
            x, y = seq[1], seq[2]
            if x is not None and y is not None and is_electrolyte(y) and x.label != y.label \
                    and x.label not in ALKALI_METALS and getattr(x, "cls", "") not in NOT_LAYER_CLASSES:
                return x, y
    return None


def _stack_members(sent: Sent) -> list[list[Mat]]:
    """Runs of material mentions the text joins by "|" or "/" only (a cell written member by member)."""
    runs: list[list[Mat]] = []
    for m in sorted(sent.materials, key=lambda m: m.start):
        gap = sent.text[runs[-1][-1].end - sent.start:m.start - sent.start] if runs else None
        if gap is not None and m.start >= runs[-1][-1].end and re.fullmatch(r"\s?(?:\|{1,2}|/)\s?", gap):
            runs[-1].append(m)
        else:
            runs.append([m])
    return [r for r in runs if len(r) >= 3]


def _continues(sent: Sent, draft: Draft, layers: list[Mat], electrolytes: list[str] = ()) -> bool:
    """Whether ``sent`` goes on about the draft's strategy.  A sentence that puts a layer of the
    draft on electrolytes other than the draft's names a new strategy."""
    if electrolytes and draft.own_electrolyte and draft.electrolyte not in electrolytes and \
            any(m.label in draft.components for m in layers):
        return False
    new_layers = [m for m in layers if m.label not in draft.components]
    mentioned = any(m.label in draft.components for m in layers)
    if draft.precursors and _products(sent, new_layers):
        return not (sent.refs and draft.refs and not set(sent.refs) & set(draft.refs))
    if new_layers and not mentioned and not COMBINE.search(sent.text):
        return False
    if sent.refs and draft.refs and not set(sent.refs) & set(draft.refs):
        return False
    if any(m.label in draft.components for m in layers):
        return True
    if sent.refs and set(sent.refs) & set(draft.refs):
        return True
    if sent.authors and set(sent.authors) & set(draft.authors):
        return True
    return bool(ANAPHOR.search(sent.text[:120]))


def resolve_generic(mat: Mat, earlier: list[tuple[Mat, Sent]], lexicon) -> tuple[Mat, Sent] | None:
    """A class term used as a layer ("the solid polymer electrolyte") -> the latest specific
    material of that class named before it in the paragraph ("PEO"), with its sentence."""
    term = lexicon.lookup(mat.label)
    if term is None or not GENERIC_LABEL.fullmatch(term.pref_label):
        return None
    classes = set(term.classes) - {"Material"}
    for m, sent in reversed(earlier):
        if m.end <= mat.start and m.cls in classes and not GENERIC_LABEL.fullmatch(m.label):
            return m, sent
    return None


def _resolve_anaphor(sent: Sent, recent: dict[str, tuple[Mat, int]]) -> Mat | None:
    """'the salt' / 'the oxide' / 'the polymer' -> the latest material of that class."""
    m = re.search(r"\b(?:the|this|these)\s+(salt|oxide|polymer|metal|nitride|fluoride)\b"
                  r"(?!\s+(?:matrix|phase|host|chains?|electrolytes?|materials?|segments?|films?))",
                  sent.text, re.I)
    if not m:
        return None
    want = CLASS_WORDS[m.group(1).lower()]
    if want not in recent:
        return None
    mat = recent[want][0]
    at = sent.start + m.start()
    return Mat(at, sent.start + m.end(), m.group(), mat.entity)


def strategy_drafts(sents: list[Sent], lexicon) -> list[Draft]:
    """Collect strategy drafts from the prose, then from the captions (each its own stream)."""
    return _walk([s for s in sents if not s.caption], lexicon) + \
        _walk([s for s in sents if s.caption], lexicon)


def electrolyte_counts(sents: list[Sent], lexicon) -> dict[tuple[str, str], int]:
    """How often the sentences name each electrolyte: (label, family) -> mentions (cell stacks
    and composites count their electrolyte)."""
    from collections import Counter

    return Counter((family_label(m.entity, lexicon), m.entity.family) for s in sents
                   for m in _split_composites(s.materials, lexicon)
                   if is_electrolyte(m.entity) and getattr(m.entity, "family", "") != "LiPON")


def main_electrolyte(counts: dict[tuple[str, str], int], family: str | None = None) -> str | None:
    """The electrolyte a paper names most often (of ``family`` if given): what "the SSE" (or "the
    halide electrolyte") refers to when nothing nearer does."""
    best = [(n, -i, label) for i, ((label, fam), n) in enumerate(counts.items())
            if family is None or fam == family]
    return max(best)[2] if best else None


def referred_family(sent: Sent, lexicon) -> str | None:
    """The electrolyte family a generic reference of the sentence names ("halide electrolytes",
    "the garnet pellet"), from the ontology's family labels."""
    families = _family_labels(lexicon)
    for a, b in sent.generic:
        text = " " + " ".join(re.findall(r"[\w-]+", sent.text[a - sent.start:b - sent.start].casefold())) + " "
        for label, family in families:
            if f" {label} " in text:
                return family
    return None


_FAMILY_LABELS: dict[int, list[tuple[str, str]]] = {}


def _family_labels(lexicon) -> list[tuple[str, str]]:
    """(case-folded label, family) of the ontology's electrolyte-family terms, longest first."""
    key = id(lexicon)
    if key not in _FAMILY_LABELS:
        pairs = {(label.casefold(), t.electrolyte_family) for t in lexicon.of("family")
                 for label in t.labels if t.electrolyte_family and label.isascii()}
        _FAMILY_LABELS[key] = sorted(pairs, key=lambda p: -len(p[0]))
    return _FAMILY_LABELS[key]


#: a sentence that is a reference-list entry or a figure credit, not a statement
_REFERENCE_LIKE = re.compile(r"(?:\b[A-Z]\.(?:[- ]?[A-Z]\.)?\s[A-Z][a-z]+,.*){3}|\(\d{4}\)\s*\d+[-–]\d+|"
                             r"(?:\b[A-Z][a-z'-]+,\s(?:[A-Z]\.[\s-]?){1,3}[;,]\s){2}|"
                             r"Reproduced with permission|Reprinted (?:with permission|from)|Copyright\s+\d{4}")


#: cues that place a layer in the cell by themselves
PLACEMENT_CUES = frozenset({"anode_coating", "interlayer", "alloy_anode", "current_collector",
                            "electrolyte_coating", "composite_electrolyte"})
_PLACED_BETWEEN = re.compile(r"\b(?:on|onto|over|covering|between|atop|at the|to the)\b", re.I)


#: a verb or its noun that puts one material on another: "coated", "to coat", "deposition of", "after coating"
PLACING_VERB = re.compile(r"\b(?:coat(?:s|ed|ing)?|cover(?:s|ed|ing)?|modif(?:y|ies|ied|ying|ication)|protected|"
                          r"decorat(?:e|es|ed|ing|ion)|treated|wetted|sputter(?:s|ed|ing)?|deposit(?:s|ed|ing|ion)|"
                          r"evaporat(?:e|es|ed|ing|ion)|grown|growth|cast(?:ing)?|spin-coat(?:s|ed|ing)?|"
                          r"insert(?:s|ed|ing|ion)|introduc(?:e|es|ed|ing|tion)|sandwich(?:ed|ing)?|"
                          r"appl(?:y|ies|ied|ication))\b", re.I)


def placed(sent: Sent, group: list[Mat]) -> bool:
    """Whether the sentence puts the layer somewhere: a placement cue, a cell stack, the layer named
    as a layer ("a ZnO film", "a layer of X"), a preposition between it and an electrolyte ("X on
    LLZO", "between LLZO and Li"), a coating verb, a mixture or a problem it addresses.  "ALD of
    LiPON and Li3PO4 was studied" places nothing."""
    if not group or all(far_in_stack(sent, m) for m in group):
        return False  # "Li/SSE/Au": the far end of a cell is its working electrode
    if any(_same(r.layer, m) for r in layer_on(sent) for m in group):
        return True  # a layer_on relation pattern: "ZnO-coated LATP", "Li|ZnO|LATP"
    if _placed_by_cue(sent, group):
        return True
    if any(m.cls != "Carbon" and (_word_near(sent, m, COMBINE) or _word_near(sent, m, COMPOSITE, reach=160)
                                  or _word_near(sent, m, COMPOSITE_CUE, reach=160)) for m in group):
        return True  # "LLZTO blended with PEO"; carbon mixed into a composite makes an electrode of it
    if any(_followed_by_layer_word(sent, m) or _named_as_layer(sent, m) or m.role == "layer" for m in group):
        return True
    if any(re.match(r"\s*\)?\s*[-‐]?\s*(?:coated|modified|decorated|protected|covered|treated|layers?|films?)\b",
                    sent.text[m.end - sent.start:m.end - sent.start + 20], re.I) for m in group):
        return True  # "Li3BO3 coated LAGP", "the ZnO-modified garnet"
    if PLACING_VERB.search(sent.text) and \
            re.search(r"\b(?:on|onto|with|by|between|at|to)\b", sent.text, re.I):
        others = [m for m in sent.materials if m not in group and (is_electrolyte(m.entity) or m.label in ALKALI_METALS)]
        for m in group:
            for o in others:
                a, b = sorted((m, o), key=lambda x: x.start)
                if _PLACED_BETWEEN.search(sent.text[a.end - sent.start:b.start - sent.start]) or re.search(
                        r"\b(?:with|by)\b", sent.text[a.end - sent.start:b.start - sent.start]):
                    return True
        return bool(sent.generic)
    return False


def _placed_by_cue(sent: Sent, group: list[Mat]) -> bool:
    """A placement cue or a cell stack at one of the layer's mentions, or a problem the sentence addresses."""
    return any(cue_near(sent, m, PLACEMENT_CUES) or in_stack(sent, m) for m in group) or bool(
        ADDRESS_CUE.search(sent.text))


def _put_somewhere(sent: Sent, group: list[Mat]) -> bool:
    """For a sentence that names no electrolyte: whether it puts the layer somewhere (a placement cue
    or a cell stack near it, a problem it addresses, a preposition to a surface, the metal or an
    interface), not only names a film ("lithium oxide films are likely to be deposited")."""
    if _placed_by_cue(sent, group) or re.search(r"\binterfac(?:e|es|ial)\b", sent.text, re.I):
        return True  # "engineered the interface with a PEO layer"
    return bool(re.search(r"\b(?:on|onto|over|between|at)\s+(?:the\s+|both\s+|each\s+)?(?:[\w-]+\s+){0,2}?"
                          r"(?:surfaces?|sides?|interfaces?|pellets?|electrolytes?|ceramics?|SSEs?|anodes?|metal|"
                          r"(?:Li|Na)(?![\w(]))\b",
                          sent.text))


def _fix_in_context(before: list[Sent], sent: Sent) -> bool:
    """Whether the two sentences before (in the same section) speak of the anode side or a problem:
    "LATP reacts with Li metal. Coatings help. A cross-linked PEG layer was 200 nm thick." A
    current collector does not count (a thin-film stack's "TiN current collector")."""
    return any(b.section == sent.section and (b.cues & {"anode", "anode_coating", "alloy_anode", "interlayer"}
                                               or b.problems) for b in before)


def cue_near(sent: Sent, mat: Mat, names: frozenset[str], reach: int = 60) -> bool:
    """Whether a cue of ``names`` starts within ``reach`` characters after the mention or ends
    within half that before it (a layer is named before its place): "a Ag interlayer
    between LLZO and Li" places the Ag; "reactions between the electrolyte and Li, ... Li2S at the
    interface" does not place the Li2S named far from it."""
    return any(name in names and mat.start - reach // 2 <= end and start <= mat.end + reach
               for start, end, name in sent.cue_spans)


#: a composite that is an electrode, not an electrolyte: its parts are not a fix of the electrolyte
ELECTRODE_COMPOSITE = re.compile(r"composite\s+(?:cathodes?|anodes?|electrodes?)|(?:cathode|anode|electrode)s?\s+"
                                 r"composites?|composite\s+(?:positive|negative)", re.I)


def _word_near(sent: Sent, mat: Mat, pattern: re.Pattern, reach: int = 80) -> bool:
    """Whether ``pattern`` matches within ``reach`` characters of the mention (an electrode
    composite does not count): "PEO blended with LLZTO" places the PEO; "a composite cathode of
    TiS2 and Li7P3S11" places nothing on the electrolyte."""
    a = max(0, mat.start - sent.start - reach)
    b = min(len(sent.text), mat.end - sent.start + reach)
    window = sent.text[a:b]
    return any(not ELECTRODE_COMPOSITE.search(window[max(0, m.start() - 20):m.end() + 20])
               for m in pattern.finditer(window))


def not_prose(sent: Sent) -> bool:
    return bool(_REFERENCE_LIKE.search(sent.text))


def on_cathode(sent: Sent, mat: Mat) -> bool:
    """A layer put on the cathode: "LiNbO3-coated NCM", "a Li3PO4 coating on the LiCoO2 cathode",
    the shell of "NCM712@Nb"."""
    before = sent.text[max(0, mat.start - sent.start - 30):mat.start - sent.start]
    if re.search(r"@\s?$", before) and (CATHODE_NAME.search(before) or any(
            x.cls == "CathodeMaterial" and 0 <= mat.start - x.end <= 2 for x in sent.materials)):
        return True
    after = sent.text[mat.end - sent.start:mat.end - sent.start + 45]
    if re.match(r"\s*(?:\([^)]{1,20}\)\s*)?(?:composite\s+)?(?:cathodes?|positive electrodes?)\b", after, re.I):
        return True  # "a LiNi0.8Mn0.1Co0.1 (NMC-811) cathode": the cathode itself
    m = re.match(r"\s*\)?\s*(?:[-‐]?\s*(?:coated|modified|protected)|(?:coating|layer|film|shell)?\s*"
                 r"(?:on|onto|over|around)\s+(?:the\s+)?(?:surface of\s+(?:the\s+)?)?)\s*", after, re.I)
    if not m:
        return False
    at = mat.end + m.end()
    nxt = next((x for x in sent.materials if x.start >= at), None)
    if nxt is not None and nxt.start - at <= 2 and nxt.cls == "CathodeMaterial":
        return True
    rest = sent.text[at - sent.start:at - sent.start + 40]
    return bool(re.match(r"(?:[\w-]+\s+){0,2}?(?:cathode|positive electrode|CAM)\b", rest, re.I)
                or CATHODE_NAME.match(rest))  # "LiNbO3-coated NCM622"


def in_cathode_mix(sent: Sent, mat: Mat) -> bool:
    """An ingredient of a composite cathode: "a composite cathode of NCM, LYC, and carbon"."""
    before = sent.text[max(0, mat.start - sent.start - 140):mat.start - sent.start]
    m = re.search(r"cathodes?\s+(?:\w+\s+){0,3}?(?:of|with|containing|comprising)\b", before, re.I)
    return bool(m) and not re.search(r"\banode|;|\.(?:\s|$)|,\s+(?:and\s+)?(?:an?|the)\s|"
                                     r"\ban?\s+(?:\w+\s+){1,2}(?:separator|electrolyte)",
                                     before[m.end():], re.I)


#: cathode materials as papers abbreviate them: "NCM712", "SC-NMC622", "LLO", "N-LMRO", "LCO"
CATHODE_NAME = re.compile(r"(?<![\w-])(?:SC-|N-)?(?:NCM|NMC|NCA|LCO|LFP|LMO|LNMO|LMNO|LRMO?|LMRO?|LLO|LRM)"
                          r"(?:[-‐]?\d{3,4})?(?![\w-])")


def _about_cathode(sent: Sent) -> bool:
    return "cathode" in sent.cues or any(m.cls == "CathodeMaterial" for m in sent.materials) or bool(
        CATHODE_NAME.search(sent.text))


def _same_family_film(draft: Draft, lexicon) -> bool:
    """"an LLT film with the composition Li0.32La0.30TiOz": one electrolyte named twice, not a layer
    of one electrolyte on another of its family (a cell stack may put one there: kept)."""
    from ..normalize import normalize_material

    if len(draft.components) != 1 or any(STACK.search(s.text) for s in draft.sents):
        return False
    layer, electrolyte = (normalize_material(x, lexicon) for x in (draft.components[0], draft.electrolyte))
    if not (layer and electrolyte and layer.family and layer.family == electrolyte.family):
        return False
    from ..nlp.formula import ELEMENTS

    elements = [{t if t in ELEMENTS else t[0] for t in re.findall(r"[A-Z][a-z]?", e.formula)}
                for e in (layer, electrolyte) if e.formula]  # "TiOz": O with a variable count
    return len(elements) == 2 and elements[0] == elements[1]  # one composition, two names


def _phase_composite(draft: Draft, lexicon) -> bool:
    """"The NaLa0.95Ta0.43Cl6 composite of NaLa1.67Cl6 and NaTaCl6": phases of one electrolyte's
    family that make up that electrolyte, with no word of the metal side, are no layer on it (a
    bilayer electrolyte names the metal: "Li3PS4 between LGPS and Li metal")."""
    from ..normalize import normalize_material

    if any("anode" in s.cues or s.cues & ANODE_SIDE or STACK.search(s.text) for s in draft.sents):
        return False
    target = normalize_material(draft.electrolyte, lexicon)
    parts = [normalize_material(c, lexicon) for c in draft.components]
    return bool(target and target.family) and all(p is not None and p.family == target.family for p in parts)


def main_material(sents: list[Sent]) -> str | None:
    """The material a paper names most often, among those that can conduct ions (no metal, cathode,
    carbon, gas or liquid), when it is named at least three times and twice as often as the next."""
    from collections import Counter

    counts = Counter(m.label for s in sents for m in s.materials
                     if m.cls not in NOT_ION_CONDUCTORS | NOT_LAYER_CLASSES and not _is_process_gas(m.label))
    top = counts.most_common(2)
    if not top or top[0][1] < 3 or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
        return None
    return top[0][0]


#: a figure caption run into the text: "(c/d) Ratio of ...", "a-7) STEM image of ...", "Figure 3. XRD patterns of"
_CAPTION_START = re.compile(r"\s*(?:\(?[a-z](?:\s?[-–,/]\s?[a-z0-9]+)?\)\s|(?:Fig(?:ure)?s?\.?|Table)\s*S?\d+[a-z]?\s*[.:|]\s"
                            r"|(?:[\w/-]+\s){0,3}(?:images?|spectra|patterns?|profiles?|curves?|mappings?|plots?)"
                            r" (?:of|for)\b)")


def caption_like(sent: Sent) -> bool:
    """Whether a sentence is a figure caption that a converter ran into the text (a caption the
    reader marked may add evidence to a strategy its paper states, and is handled as such)."""
    return not sent.caption and bool(_CAPTION_START.match(sent.text))


_PREPARATION = re.compile(r"\b(?:starting|raw) materials?\b|\bas (?:the )?precursors?\b", re.I)


def preparation_only(sent: Sent) -> bool:
    """A synthesis sentence ("using Li2S and P2S5 as starting materials") that says nothing of the
    anode side: its materials are reagents, not layers."""
    return bool(_PREPARATION.search(sent.text)) and not sent.cues & ANODE_SIDE


def _alloys_only(sent: Sent, group: list[Mat]) -> bool:
    """Whether every layer is an alloy, or is named as the anode itself ("a Li3Ga7 alloy anode")."""
    return bool(group) and all(m.cls == "Alloy" or re.match(
        r"\s*(?:[-‐]?based\s+)?(?:alloy\s+)?(?:anodes?|negative electrodes?)\b",
        sent.text[m.end - sent.start:m.end - sent.start + 30], re.I) for m in group)


def purpose(sent: Sent) -> bool:
    """Whether a sentence says what a fix does: a problem, an addressing verb, or a cell's hours.
    An alloy anode named as the cell's counter electrode ("full cells ... and a Li-In alloy
    anode") is part of the set-up, not a fix."""
    return bool(sent.problems or ADDRESS_CUE.search(sent.text) or _hours(sent) or _REPLACES_METAL.search(sent.text))


#: an anode said to replace the bare metal: "used in place of pure lithium", "instead of Na metal"
_REPLACES_METAL = re.compile(r"\b(?:in place of|instead of|replac\w*)\s+(?:the\s+)?(?:pure|bare|pristine|metallic)?\s*"
                             r"(?:Li|lithium|Na|sodium)\b", re.I)


def metal_side(block: list[Sent]) -> bool:
    """Whether a paragraph speaks of the alkali-metal side or of a problem at all: a fix at the
    anode is written in one that does ("... against Li metal", "Li|X|LLZO|X|Li", "dendrites");
    carbon spread on both faces of a pellet for impedance, fillers of an electrolyte, a precursor
    milled with it are not."""
    return any(s.cues & ANODE_SIDE or s.problems or STACK.search(s.text)
               or any(m.cls == "AlkaliMetal" for m in s.materials) for s in block)


def _evident_layer(sent: Sent, group: list[Mat]) -> bool:
    """A layer the sentence itself makes plain without the metal side: a thickness with a layer
    word ("coated on LATP as a 2 μm layer"), a polymer (a coating or composite electrolyte), or
    a compound deposited on the electrolyte ("ZnO was sputtered on LATP"). A metal or carbon put
    on a pellet is as often an electrode for a measurement, so it needs the metal side named."""
    if sent.quantities_of("nm", "um", "mm") and LAYER_CUE.search(sent.text):
        return True
    if any(m.cls in POLYMER_CLASSES for m in group):
        return True
    return bool(PLACING_VERB.search(sent.text)) and any(
        m.cls not in ("Metal", "Carbon", "AlkaliMetal", "Alloy") and cue_near(sent, m, frozenset({"electrolyte_coating"}))
        for m in group)


def cathode_side(sent: Sent, block: list[Sent] = ()) -> bool:
    """A sentence about the cathode (a coated NCM) and not the alkali-metal anode: it says so
    itself, or it says nothing of either and its paragraph speaks of the cathode only."""
    if "anode" in sent.cues:
        return False
    if _about_cathode(sent):
        return True
    return any(_about_cathode(s) for s in block) and not any("anode" in s.cues for s in block)


def _walk(sents: list[Sent], lexicon) -> list[Draft]:
    counts = electrolyte_counts(sents, lexicon)
    main = main_electrolyte(counts)
    blocks: dict[int, list[Sent]] = {}
    for s in sents:
        blocks.setdefault(s.block, []).append(s)
    drafts: list[Draft] = []
    open_: list[Draft] = []  # drafts the current sentence may continue
    carried: str | None = None  # the electrolyte last named in this section
    by_source: dict[object, str] = {}  # ref number / author -> electrolyte they worked on
    section = None
    block = None
    block_open = False
    recent: dict[str, tuple[Mat, int]] = {}
    pending: tuple = ((), ())
    pending_block = None
    coated: tuple | None = None  # (group, sentence, index): a coated metal whose electrolyte comes later
    last_sent = None
    earlier: list[tuple[Mat, Sent]] = []  # materials named earlier in the current block
    block_of_earlier = None
    block_work: tuple | None = None  # (refs, authors) last cited in the current block
    for index, sent in enumerate(sents):
        previous, last_sent = last_sent, sent
        if sent.section != section:
            carried, section, recent, open_ = None, sent.section, {}, []
        split_sentence = False
        if sent.block != block:
            split_sentence = block_open and bool(open_)  # a figure cut this sentence in two
            if not block_open and CONNECTIVE.match(sent.text) and open_ and not sent.refs:
                split_sentence = True  # "As a result, ..." goes on about the last work
            elif not block_open:
                open_ = []
            if sent.caption:
                carried = None  # a caption names its own electrolyte
            block = sent.block
        block_open = sent.block_open
        layers, electrolytes = _layer_and_electrolytes(sent, lexicon, carried)
        if sent.block != block_of_earlier:
            earlier, block_of_earlier, block_work = [], sent.block, None
        resolved_from: Sent | None = None
        for k, m in enumerate(layers):
            specific = resolve_generic(m, earlier + [(x, sent) for x in sent.materials], lexicon)
            if specific is not None:
                layers[k] = Mat(m.start, m.end, m.text, specific[0].entity)
                resolved_from = specific[1] if specific[1] is not sent else resolved_from
        earlier.extend((x, sent) for x in sent.materials)
        if not layers:
            ref = _resolve_anaphor(sent, recent)
            if ref is not None and (not open_ or ref.label not in open_[0].components):
                layers = [ref]
        for key in [k for k, (_, at) in recent.items() if at < index - 8]:
            del recent[key]  # "the polymer" refers back a few sentences at most
        for m in sent.materials:
            if m.cls:
                recent[m.cls] = (m, index)
                if m.cls == "PolymerElectrolyte":
                    recent["Polymer"] = (m, index)
        sources = list(sent.refs) + list(sent.authors)
        if not (open_ and _continues(sent, open_[0], layers, electrolytes)):
            # a sentence naming the authors or the reference of an earlier draft goes back to it
            back = [d for d in drafts[-8:] if d.sents[-1].section == sent.section and (
                set(sent.authors) & set(d.authors) or set(sent.refs) & set(d.refs))]
            if back and _continues(sent, back[-1], layers, electrolytes):
                open_ = [back[-1]]
        if open_ and (split_sentence or _continues(sent, open_[0], layers, electrolytes)):
            pending = ((), ())
            extra = []
            if COMBINE.search(sent.text):  # "BN was combined with PEO"
                extra = [m for m in layers if m.label not in open_[0].components]
            products = _products(sent, [m for m in layers if m.label not in open_[0].components])
            if open_[0].precursors and products:
                # "a solution of LiBF4 ... enabled the production of LiF, MgF2 and B2O3"
                labels, classes = _components(group_layer(sent, products), lexicon)
                for d in open_:
                    d.components, d.classes, d.precursors = list(labels), list(classes), False
            if len(sent.authors) >= 2 and len(sent.refs) == len(sent.authors) and \
                    not any(d.refs for d in open_):
                # an unattributed draft now credited to two works: one draft per work
                split = []
                for d in open_:
                    for r, a in zip(sent.refs, sent.authors):
                        copy = Draft(d.electrolyte, list(d.components), list(d.classes), list(d.sents),
                                     d.own_electrolyte, (r,), (a,))
                        split.append(copy)
                    drafts.remove(d)
                drafts.extend(split)
                open_ = split
                did_split = True
            else:
                did_split = False
            for d in open_:
                if sent.refs and d.refs and not set(sent.refs) & set(d.refs):
                    continue  # "Shi et al.¹¹⁸ and Liang et al.¹¹⁹": each draft keeps its own work
                d.sents.append(sent)
                if not did_split:
                    d.refs = tuple(dict.fromkeys(d.refs + sent.refs))
                    d.authors = tuple(dict.fromkeys(d.authors + sent.authors))
                if extra:
                    labels, classes = _components(extra, lexicon)
                    for lab, cls in zip(labels, classes):
                        if lab not in d.components and lab != d.electrolyte:
                            d.components.append(lab)
                            d.classes.append(cls)
            others = [e for e in electrolytes if open_ and e not in open_[0].components]
            if others and len(open_) == 1 and not open_[0].own_electrolyte:
                open_[0].electrolyte, open_[0].own_electrolyte = others[0], True
        else:
            support = _support(sent)
            related = [r for r in layer_on(sent) if any(_same(r.layer, m) for m in layers)]
            if related:  # the layer a relation pattern names leads its group
                first = next(m for m in layers if _same(m, related[0].layer))
                layers = [first] + [m for m in layers if m is not first]
            group = group_layer(sent, layers)
            if group and reagent(sent, group[0]):  # "... in a LiNO3 solution to form a LiF-rich layer"
                products = _products(sent, [m for m in layers if m.start > group[-1].start])
                if products:
                    group = group_layer(sent, products)
            if COMBINE.search(sent.text) and group:  # "BN was combined with PEO"
                group = list({m.label: m for m in layers}.values())
            alloys = [m for m in layers if m.cls == "Alloy"]
            named_layer = any(_named_as_layer(sent, m) or _followed_by_layer_word(sent, m)
                              for m in layers if m not in alloys)
            if "alloy_anode" in sent.cues and alloys and not named_layer:
                group = alloys[:1]  # "... and a Li-In alloy anode": the alloy is the fix (unless a layer is named)
            elif named_layer:
                alloys = []  # "The interlayer Na3PS4 prevents the reduction of X by the Na-Sn anode"
            own = bool(electrolytes)
            if not own:  # another solid electrolyte is a layer only on a named electrolyte
                group = [m for m in group if not is_electrolyte(m.entity) or mixed_in(sent, m)
                         or _named_as_layer(sent, m) or m.role == "layer"]
            referred = bool(sent.generic) and not own  # "... sputtered on the SSE"
            on_named = [family_label(r.on.entity, lexicon) for r in related if r.kind == "electrolyte"
                        and any(_same(r.layer, m) for m in group)]
            if own:
                targets = [e for e in electrolytes if e in on_named] or electrolytes
            elif sent.caption:
                targets = []  # a caption clause must name the electrolyte itself
            else:
                known = [by_source[k] for k in sources if k in by_source]
                family = referred_family(sent, lexicon) if referred else None
                of_family = main_electrolyte(counts, family) if family else None
                if of_family:
                    targets = [of_family]  # "... between halide electrolytes and Li": the paper's halide
                else:
                    targets = known[:1] or ([carried] if carried else []) or ([main] if main and referred else [])
                named = {m.label for m in group}
                if referred and targets and targets[0] in named and main and main not in named:
                    targets = [main]  # the layer is the electrolyte named last: "the SSE" is the paper's
            # an alloy anode with a purpose ("Short circuits are prevented with an InLi alloy
            # anode") says it is a fix as plainly as a layer word does
            alloy_fix = sent.alloy_fix and "alloy_anode" in sent.cues and bool(alloys) and group == alloys[:1] \
                and alloys[0] not in _compared(sent)
            cue = bool(LAYER_CUE.search(sent.text)) or alloy_fix
            support += alloy_fix
            if alloy_fix and not targets and main:
                targets = [main]  # the cell's electrolyte is the paper's own
            enough = support >= 1 or bool(related) if own or referred or related else (cue and (support >= 2 or bool(sources)) and (
                _put_somewhere(sent, group) or _fix_in_context(sents[max(0, index - 2):index], sent)))
            group = [m for m in group if not on_cathode(sent, m) and not in_cathode_mix(sent, m)]
            if "target" in sent.cues or "blocking" in sent.cues or cathode_side(sent, blocks[sent.block]) \
                    or not_prose(sent) or not placed(sent, group) or not (metal_side(blocks[sent.block]) or _evident_layer(sent, group)) \
                    or caption_like(sent) or preparation_only(sent) or (
                        _alloys_only(sent, group) and not any(purpose(b) for b in [*sents[max(0, index - 2):index], sent])):
                enough = False  # a goal is not a result; a cathode coating is not an anode fix
            if coated is not None and not group and electrolytes and coated[1].block == sent.block \
                    and index - coated[2] <= 2 and COATED_METAL.search(sent.text) and "target" not in sent.cues:
                # "We coated Li foil with X. The coated Li was paired with LLZO.": the electrolyte of the coating
                labels, classes = _components(coated[0], lexicon)
                first = coated[1]
                d = Draft(electrolyte=electrolytes[0], components=list(labels), classes=list(classes),
                          sents=[first, sent], own_electrolyte=True, refs=first.refs + sent.refs,
                          authors=first.authors + sent.authors)
                drafts.append(d)
                open_, coated = [d], None
            elif group and not targets and "anode_coating" in sent.cues and support >= 2 and placed(sent, group) \
                    and enough is not None and not ("target" in sent.cues or cathode_side(sent, blocks[sent.block])
                                                    or caption_like(sent) or not_prose(sent)):
                coated = (group, sent, index)
            listed = interleaved_pairs(sent, layers, lexicon) if own else []
            if listed:  # "LiF-coated Li for Li3PS4 [31], Li-In anodes for LGPS [32] and a Li3PO4 layer on Li7P3S11"
                group = [m for m, _ in listed]
            if group and targets and enough:
                open_ = []
                for one in ([[m] for m, _ in listed] if listed else alternatives(sent, group)):
                    labels, classes = _components(one, lexicon)
                    works: list[tuple[tuple[int, ...], tuple[str, ...]]] = [(sent.refs, sent.authors)]
                    if len(sent.authors) >= 2 and len(sent.refs) == len(sent.authors):
                        works = [((r,), (a,)) for r, a in zip(sent.refs, sent.authors)]
                    if listed:
                        at = next(i for i, (m, _) in enumerate(listed) if m is one[0])
                        here = listed[at][1]
                        works = [(_refs_between(sent, one[0].start, listed[at + 1][0].start if at + 1 < len(listed)
                                                else sent.end) or sent.refs, sent.authors)]
                    for electrolyte, (w_refs, w_authors) in [(e, w) for e in (targets if not listed else [here])
                                                             for w in works]:
                        if electrolyte in labels and not any(mixed_in(sent, m) for m in one):
                            continue
                        refs, authors, used = w_refs, w_authors, [sent]
                        if not refs and not authors and previous is not None and pending_block is previous:
                            # "Lu and co-workers studied it.¹¹³ A LAGP pellet was coated ..."
                            refs, authors = pending
                            used = [previous, sent]
                        elif not refs and not authors and resolved_from is not None and (
                                resolved_from.refs or resolved_from.authors):
                            # "... solved via PEO.¹⁰¹ The SPE solution was coated onto LATP."
                            refs, authors = resolved_from.refs, resolved_from.authors
                            used = [resolved_from, sent]
                        elif not refs and not authors and resolved_from is not None and block_work:
                            # "Wang et al. studied Li-S cells.¹⁰¹ The contact was solved via PEO.
                            # The SPE solution was coated onto LATP."
                            refs, authors = block_work
                            used = [resolved_from, sent]
                        before = sent.text[max(0, one[0].start - sent.start - 40):one[0].start - sent.start]
                        d = Draft(electrolyte=electrolyte, components=list(labels), classes=list(classes),
                                  sents=used, own_electrolyte=own, refs=refs, authors=authors,
                                  precursors=bool(PRECURSOR.search(before)))
                        drafts.append(d)
                        open_.append(d)
            elif open_ and sent.refs and not set(sent.refs) & set(open_[0].refs):
                open_ = []
            if not (group and targets and enough):
                if (sent.refs or sent.authors) and not sent.materials:
                    pending, pending_block = (sent.refs, sent.authors), sent
                else:
                    pending = ((), ())
        if sent.refs or sent.authors:
            block_work = (sent.refs, sent.authors)
        for d in _earlier_drafts_compared(sent, drafts[-8:], open_):
            d.sents.append(sent)  # "Compared to Ge with 200 hours, Cr ... 850 hours"
        if electrolytes:
            carried = electrolytes[-1]
            for k in sources:
                by_source[k] = electrolytes[0]
        elif open_:
            for k in sources:
                by_source.setdefault(k, open_[0].electrolyte)
    return drafts


def hours_named_for(sent: Sent, focus: Iterable[str]) -> list[tuple[int, int, Quantity]]:
    """Cycling hours whose nearest layer material before them is one of ``focus``."""
    focus = set(focus)
    mats = [m for m in sent.materials if not is_nasicon(m.entity) and m.cls not in NOT_LAYER_CLASSES
            and m.label != "Li"]
    out = []
    for q in _hours(sent):
        prev = [m for m in mats if m.end <= q[0]]
        if prev and prev[-1].label in focus:
            out.append(q)
    return out


def _earlier_drafts_compared(sent: Sent, drafts: list[Draft], open_: list[Draft]) -> list[Draft]:
    """Earlier drafts of this section that a comparing sentence gives their own hours:
    the hours stand right after the draft's layer and the sentence cites no other work."""
    out = []
    for d in drafts:
        if d in open_ or sent in d.sents or d.sents[-1].section != sent.section:
            continue
        if sent.refs and d.refs and not set(sent.refs) & set(d.refs):
            continue
        if hours_named_for(sent, d.components):
            out.append(d)
    return out


def _hours(sent: Sent) -> list[tuple[int, int, Quantity]]:
    """Cycling durations stated as results (not 'after 50 hours', not conditioning)."""
    if not CYCLING_CUE.search(sent.text) or PRECYCLING.search(sent.text):
        return []
    out = []
    for q in sent.quantities_of("h", "day"):
        before = sent.text[max(0, q[0] - sent.start - 20):q[0] - sent.start]
        if NOT_A_RESULT.search(before):
            continue
        out.append(q)
    return out


def symmetric_cells(sent: Sent, focus: Iterable[str] = ()) -> list[SymmetricCell]:
    """Hours with the current density and temperature stated with them.

    With ``focus`` (a layer's component labels), hours that follow another layer
    material named later than the focus ("Ge with 200 hours, Cr ... 850 hours") are
    left to that material."""
    hours = _hours(sent)
    focus = set(focus)
    if focus and len(hours) > 1:
        mats = [m for m in sent.materials if not is_nasicon(m.entity) and m.cls not in NOT_LAYER_CLASSES
                and m.label != "Li"]
        kept = []
        for q in hours:
            prev = [m for m in mats if m.end <= q[0]]
            if not prev or prev[-1].label in focus or not any(m.label in focus for m in mats):
                kept.append(q)
        hours = kept
    if not hours:
        return []
    if FULL_CELL.search(sent.text) and not re.search(r"symmetric|strip|plating", sent.text, re.I):
        return []
    cds = sent.quantities_of("mA/cm2", "uA/cm2", "A/cm2")
    temps = [q for q in sent.quantities_of("degC", "K") if not _heating_before(sent, q)]
    # other measured values: a condition after one of them is that value's, not the cell's
    others = sent.quantities_of(*OTHER_VALUE_UNITS)
    cells = []
    for q in hours:
        h = q[2].value * (24.0 if q[2].unit == "day" else 1.0)
        tied = [c for r in sent.relations if r.name == "cycled_at" and _in_slot(sent, r, "hours", [q])
                for c in _in_slot(sent, r, "current", cds)]  # "at 0.1 mA cm-2 for 500 h" as well as after
        cd = tied[0] if tied else _nearest_after(q, cds, sent, limit=120, blockers=others)
        temp = _nearest_after(q, temps, sent, limit=160, blockers=others)
        cells.append(SymmetricCell(
            hours=h,
            current_density_mA_cm2=_to_unit(cd[2], "mA/cm2") if cd else None,
            temperature_C=_to_unit(temp[2], "degC") if temp else None))
    return cells


#: Units of measured values other than a cell's duration, current and temperature.
OTHER_VALUE_UNITS = ("S/cm", "mS/cm", "uS/cm", "S/m", "mAh/g", "mAh/cm2", "%", "V", "mV", "eV",
                     "ohm cm2", "ohm", "ohm cm", "kohm", "kohm cm2")


def _nearest_after(q, others, sent: Sent, limit: int, blockers=()):
    """The quantity stated with ``q``: the nearest one after it in the same clause and with no
    other measured value (``blockers``) between them, else the only one of the sentence."""
    after = [o for o in others if o[0] >= q[1] and o[0] - q[1] <= limit
             and not any(q[1] <= b[0] < o[0] for b in blockers)
             and not re.search(r"[;]|\bwhile\b|\bwhereas\b", sent.text[q[1] - sent.start:o[0] - sent.start])]
    if after:
        return min(after, key=lambda o: o[0])
    before = [o for o in others if o[1] <= q[0] and q[0] - o[1] <= 60
              and not re.search(r"[;,]|\bwhile\b", sent.text[o[1] - sent.start:q[0] - sent.start])]
    if before:
        return max(before, key=lambda o: o[1])
    if len(others) == 1 and len(_hours(sent)) == 1 and not any(b[0] < others[0][0] for b in blockers
                                                                if q[1] <= b[0]):
        return others[0]
    return None


def _heating_before(sent: Sent, q) -> bool:
    before = sent.text[max(0, q[0] - sent.start - 30):q[0] - sent.start]
    return bool(HEATING.search(before)) or bool(re.search(r"sinter|calcin|dried|drying", before, re.I))


def _to_unit(q: Quantity, unit: str) -> float:
    from ..units import convert

    try:
        return float(f"{convert(q.value, q.unit, unit):.12g}")
    except Exception:
        return q.value


_NOT_THICKNESS = re.compile(r"(?:diameter|radius|width|length|wide|long|size|particles?|grains?|"
                            r"\bD50|distance)\W+(?:\w+\W+){0,3}$", re.I)


def _nm_range(q: Quantity) -> tuple[float | None, float | None]:
    lo, hi = q.bounds
    lo_nm, hi_nm = _to_unit(Quantity(lo, q.unit), "nm"), _to_unit(Quantity(hi, q.unit), "nm")
    return (None, hi_nm) if q.qualifier in ("<", "<=") else (lo_nm, hi_nm)


def _in_slot(sent: Sent, relation, slot: str, items):
    """The (start, end, value) items of the sentence that a relation's slot covers."""
    span = relation.slot(slot)
    return [] if span is None else [x for x in items if x[0] < span[1] and span[0] < x[1]]


def related(sent: Sent, name: str, slot: str, components: Iterable[str], items) -> list:
    """Items (methods, quantities) that a ``name`` relation ties to one of the layer ``components``:
    "ZnO was sputtered on LATP and Al2O3 deposited by ALD" gives ALD to Al2O3 alone."""
    components = set(components)
    out = []
    for r in sent.relations:
        if r.name == name and any(m.label in components for m in slot_mats(sent, r, "layer")):
            out.extend(x for x in _in_slot(sent, r, slot, items) if x not in out)
    return out


def thickness(sent: Sent, components: Iterable[str] = ()) -> tuple[float | None, float | None] | None:
    """The layer's thickness in nm: the length a thickness relation ties to one of ``components``,
    else the first length of the sentence that is not a size or diameter."""
    tied = related(sent, "thickness", "thickness", components, sent.quantities_of("nm", "um", "mm"))
    if tied:
        return _nm_range(tied[0][2])
    for start, _, q in layer_thicknesses(sent):
        if _NOT_THICKNESS.search(sent.text[max(0, start - sent.start - 30):start - sent.start]):
            continue  # "a die with a diameter of 13 mm", "particles of 200 nm"
        return _nm_range(q)
    return None


def full_cells(sent: Sent) -> list[FullCell]:
    """A full-cell result: cathode, cycles, C-rate, capacity, retention, CE."""
    cathodes = [m.label for m in sent.materials if m.cls == "CathodeMaterial"]
    if not cathodes and not re.search(r"full[- ]cells?", sent.text, re.I):
        return []
    cycles = sent.quantities_of("cycle")
    crate = sent.quantities_of("C")
    cap = sent.quantities_of("mAh/g")
    pct = sent.quantities_of("%")
    retention = ce = None
    for s, e, q in pct:
        around = sent.text[max(0, s - sent.start - 40):e - sent.start + 40].lower()
        if "coulombic" in around or re.search(r"\bce\b", around):
            ce = q.value
        elif "retention" in around or "retain" in around:
            retention = q.value
    if not (cycles or crate or cap or retention or ce or cathodes):
        return []
    return [FullCell(cathode=cathodes[0] if cathodes else "",
                     cycles=int(cycles[0][2].value) if cycles else None,
                     c_rate=crate[0][2].value if crate else None,
                     capacity_mAh_g=cap[0][2].value if cap else None,
                     retention_pct=retention, coulombic_efficiency_pct=ce)]


def conditions(sent: Sent, lexicon) -> list[Condition]:
    out: list[Condition] = []
    for q in sent.quantities_of("degC", "K"):
        if _heating_before(sent, q) and HEATING.search(sent.text):
            out.append(Condition("heating", temperature_C=_to_unit(q[2], "degC")))
    if PRECYCLING.search(sent.text):
        out.append(Condition("precycling", detail=_clip(sent.text)))
    liquid = [m for m in sent.materials if m.cls == "LiquidElectrolyte"]
    if (liquid or re.search(r"liquid electrolyte", sent.text, re.I)) and LIQUID_ADDED.search(sent.text):
        out.append(Condition("liquid_electrolyte", detail=_clip(sent.text)))
    return out


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_CLAUSE_BREAK = re.compile(r",?\s+(?:and|while|whereas|but)\s+(?=\S)|;\s*")


def own_clause(sent: Sent, components: Iterable[str]) -> Sent:
    """The clause of a sentence about these layer components, when its other clauses are about
    other layer materials ("Si (20 nm) was sputtered onto X, and Al2O3 (10 nm) was deposited by
    ALD"): the method and thickness of the clause belong to its own layer."""
    components = set(components)
    layers = [m for m in sent.materials if not is_electrolyte(m.entity) and m.label not in ALKALI_METALS
              and m.cls not in NOT_LAYER_CLASSES]
    if not any(m.label in components for m in layers) or all(m.label in components for m in layers):
        return sent
    cuts = [sent.start] + [sent.start + m.end() for m in _CLAUSE_BREAK.finditer(sent.text)] + [sent.end]
    for a, b in zip(cuts, cuts[1:]):
        inside = [m for m in layers if a <= m.start < b]
        if any(m.label in components for m in inside):
            return replace(sent, start=a, end=b, text=sent.text[a - sent.start:b - sent.start],
                           methods=[x for x in sent.methods if a <= x[0] < b],
                           quantities=[q for q in sent.quantities if a <= q[0] < b],
                           materials=[m for m in sent.materials if a <= m.start < b])
    return sent


def draft_to_fact(draft: Draft, lexicon) -> InterfaceStrategy:
    sents = sorted({(s.start, s.end): s for s in draft.sents}.values(), key=lambda s: s.start)
    method, tied_method = "", False
    thick = None
    cells: list[SymmetricCell] = []
    fulls: list[FullCell] = []
    problems: list[str] = []
    conds: list[Condition] = []
    for s in sents:
        own = own_clause(s, draft.components)
        tied = related(s, "deposited_by", "method", draft.components, s.methods)
        for _, _, m in tied or own.methods:  # a method a relation ties to the layer comes first
            if not method or (m != method and m.endswith(method)) or (tied and not tied_method):
                method, tied_method = m, bool(tied)
        thick = thick or thickness(own, draft.components)
        for c in symmetric_cells(s, draft.components):
            if c not in cells:
                cells.append(c)
        for f in full_cells(s):
            if f not in fulls:
                fulls.append(f)
        for p in addressed_problems(s):
            if p not in problems:
                problems.append(p)
        for c in conditions(s, lexicon):
            if c.kind not in {x.kind for x in conds}:
                conds.append(c)
    for c in cells:
        if c.temperature_C is not None and c.temperature_C >= 40 and \
                "elevated_temperature" not in {x.kind for x in conds}:
            conds.append(Condition("elevated_temperature", temperature_C=c.temperature_C))
    refs = draft.refs or tuple(dict.fromkeys(r for s in sents for r in s.refs))
    authors = draft.authors[0] if draft.authors else next((a for s in sents for a in s.authors), "")
    support = sum(bool(x) for x in (method, thick, cells, refs)) + draft.own_electrolyte
    confidence = min(0.95, 0.4 + 0.1 * support + 0.05 * min(len(sents), 3))
    stype = strategy_type_of(draft.classes, draft.components, " ".join(s.text for s in sents))
    return InterfaceStrategy(
        evidence=tuple(s.evidence() for s in sents),
        confidence=confidence,
        electrolyte=draft.electrolyte,
        layer="/".join(draft.components),
        strategy_type=stype,
        kind=strategy_kind(_kind_cues(draft, sents), stype, bool(method)),
        anode=anode_of(draft.electrolyte, sents),
        method=method,
        thickness_nm=thick,
        symmetric_cell=tuple(cells),
        full_cell=tuple(fulls),
        problems=tuple(problems),
        conditions=tuple(conds),
        cited_refs=refs,
        authors=authors,
        components=tuple(draft.components),
    )


#: cues that place a sentence at the alkali-metal side of the cell
ANODE_SIDE = frozenset({"anode", "anode_coating", "alloy_anode", "current_collector", "interlayer"})

#: strategy-kind cue (patterns/strategy_kind.jsonl) -> kind, the first found wins
KIND_CUES = (("current_collector", "current-collector coating"), ("alloy_anode", "alloy or composite anode"),
             ("anode_coating", "anode coating"), ("electrolyte_coating", "electrolyte coating"),
             ("interlayer", "interlayer"))


def _kind_cues(draft: Draft, sents: list[Sent]) -> frozenset[str]:
    """The cues of a strategy's sentences; an alloy-anode cue only when the layer could be one (an
    alloy, a metal, carbon): "the interlayer Na3PS4 ... by the Na-Sn anode" is an interlayer."""
    cues = frozenset().union(*(s.cues for s in sents))
    if not set(draft.classes) & {"Alloy", "Metal", "Carbon", "AlkaliMetal"}:
        cues -= {"alloy_anode"}
    return cues


def strategy_kind(cues: frozenset[str], strategy_type: str, deposited: bool) -> str:
    """Where the fix sits, from its sentences' cues; a layer made by a named method with no
    cue is a coating of the electrolyte (the substrate such methods coat), else an interlayer.

    >>> strategy_kind(frozenset({"anode_coating", "interlayer"}), "inorganic protective layer", True)
    'anode coating'
    >>> strategy_kind(frozenset(), "composite electrolyte", False)
    'composite electrolyte'
    """
    if strategy_type == "composite electrolyte" or "composite_electrolyte" in cues:
        return "composite electrolyte"
    for cue, kind in KIND_CUES:
        if cue in cues:
            return kind
    return "electrolyte coating" if deposited else "interlayer"


_SODIUM = re.compile(r"(?:Na|sodium)(?:[- ]metal|\s+anodes?|\s*[|/])|[|/]\s*Na|sodium")


def anode_of(electrolyte: str, sents: Iterable[Sent]) -> str:
    """Na for a sodium conductor or a text about sodium metal, else Li."""
    from ..nlp.formula import formula_elements

    elements = formula_elements(electrolyte)
    if "Na" in elements and "Li" not in elements:
        return "Na"
    if any(_SODIUM.search(s.text) for s in sents) and "Li" not in elements:
        return "Na"
    return "Li"


# ----------------------------------------------------------------------------------------------
# Property measurements and problem statements
# ----------------------------------------------------------------------------------------------

_GAS = re.compile(r"(?:H|N|O|F|Cl)2|He|Ne|Ar|Kr|Xe")
#: molecules of the air, a process or a reaction: never a layer ("reacted with H2O", "H2S release")
_MOLECULE = re.compile(r"H2O|H2S|CO2|CO|NH3|SO2|NO2|HF|HCl|CH4")
#: what a reaction or cycling forms, named as a layer: the interphase is the problem, not the fix
_INTERPHASE = re.compile(r"SEI|CEI|MCI|interphases?|passivation layer", re.I)


def _is_process_gas(label: str) -> bool:
    """N2, O2, Ar...: plasma or atmosphere of a process, never the material a property is measured on."""
    return bool(_GAS.fullmatch(label))


#: what may stand between an attribution cue (patterns/attribution.jsonl) and the material it marks
_CUE_TO_MATERIAL = re.compile(r"\s*(?:(?:the|a|an|pure|pristine|bare)\s+)?(?:[\w-]+\s+){0,2}?", re.I)


def _cue_before(sent: Sent, m: Mat, name: str) -> bool:
    """Whether an attribution cue ``name`` ends just before ``m`` ("than that of" X)."""
    return any(n == name and e <= m.start and _CUE_TO_MATERIAL.fullmatch(sent.text[e - sent.start:m.start - sent.start])
               for _, e, n in sent.cue_spans)


def _cue_after(sent: Sent, m: Mat, name: str) -> bool:
    """Whether an attribution cue ``name`` starts right after ``m`` (X "system")."""
    return any(n == name and s >= m.end and not sent.text[m.end - sent.start:s - sent.start].strip()
               for s, _, n in sent.cue_spans)


#: a salt dissolved in a solvent is a liquid electrolyte: "1 M NaClO4 in EC:PC"
_MOLAR_BEFORE = re.compile(r"\b[0-9.]+\s?(?:M|mol\s?(?:L|dm)[-−–]?\s?1|mol/L)\s+$")


FOR_COMPARISON = re.compile(r"\b(?:for|as a) (?:comparison|reference|benchmark)\b", re.I)


def _context_only(sent: Sent, m: Mat) -> bool:
    """Whether the sentence names ``m`` only as a setting (a system), a reagent, or the salt of a
    liquid electrolyte ("1 M LiPF6 in EC/DMC")."""
    if _cue_before(sent, m, "reagent") or _cue_after(sent, m, "setting"):
        return True
    if any(m is x for x in _marked_and_coordinated(sent, "parts")) and _whole_before(sent, m):
        return True  # "the NaLa0.95Ta0.43Cl6 composite of NaLa1.67Cl6 and NaTaCl6": a part, not the whole
    after = sent.text[m.end - sent.start:m.end - sent.start + 40]
    before = sent.text[max(0, m.start - sent.start - 16):m.start - sent.start]
    if _RATIO_TERM_BEFORE.search(before) or _RATIO_TERM_AFTER.match(after):
        return True  # "n(P2S5)/n(P2S5 + B2S3) of 0.11": a term of a ratio, not the material measured
    return not is_electrolyte(m.entity) and bool(_MOLAR_BEFORE.search(before) or LIQUID_SOLUTION.match(after))


_RATIO_TERM_BEFORE = re.compile(r"(?:\bn\s?\(|\+|/\s?\()\s*$")
_RATIO_TERM_AFTER = re.compile(r"\s*\)?\s*(?:\+|/\s*n?\s?\()")


def _whole_before(sent: Sent, m: Mat) -> bool:
    """Whether a material is named right before the "composite of" that ``m`` (or the part
    coordinated with it) follows: the whole is then named, and ``m`` is one of its parts."""
    cue = max((c for c in sent.cue_spans if c[2] == "parts" and c[1] <= m.start), default=None)
    if cue is None:
        return False
    return any(0 <= cue[0] - x.end <= 3 for x in sent.materials)


def _compared(sent: Sent) -> list[Mat]:
    """Materials a sentence compares with, and those coordinated with them: "higher than that of
    Na2B12H12 and Na2B10H10", "similarly to X, it ..."."""
    return _marked_and_coordinated(sent, "compared")


def _marked_and_coordinated(sent: Sent, cue: str) -> list[Mat]:
    """Materials right after an attribution ``cue``, and those coordinated with them."""
    out: list[Mat] = []
    for m in sent.materials:
        if _cue_before(sent, m, cue):
            out.append(m)
        elif out and out[-1] is not m and _coordinated(sent, out[-1], m):
            out.append(m)
    return out


#: what joins two materials of one list: "A, B", "A and B", "A), B", "A/B"
_COORDINATION = re.compile(r"\s*\)?\s*(?:,|and|or|,\s*and|,\s*or|/)\s*")


def _coordinated(sent: Sent, a: Mat, b: Mat) -> bool:
    return bool(_COORDINATION.fullmatch(sent.text[a.end - sent.start:b.start - sent.start]))


def _bracketed_after(sent: Sent, at: int) -> Mat | None:
    """The material a value in brackets follows right after: "Na2BH4NH2 (4 × 10-4 S cm-1)"."""
    before = [m for m in sent.materials if m.end <= at]
    if not before or not re.search(r"\(\s*(?:[~∼≈<>]\s*)?$", sent.text[:at - sent.start]):
        return None
    last = before[-1]
    gap = sent.text[last.end - sent.start:at - sent.start]
    return last if "(" in gap and ")" not in gap and len(gap) < 40 and last.cls not in NOT_ION_CONDUCTORS else None


_RATIO_BEFORE = re.compile(r"(?:\b[nxy]\s?\(|/\s*\(|\+)\s*$")  # "n(P2S5)", "/(P2S5 + B2S3)"
_RATIO_AFTER = re.compile(r"^\s*(?:\)\s*/|\+)")


def in_ratio(sent: Sent, m: Mat) -> bool:
    """Whether a mention is a term of a composition ratio ("n(P2S5)/n(P2S5 + B2S3) of 0.11"): a
    variable of the series, not the material a value is stated for."""
    before = sent.text[max(0, m.start - sent.start - 8):m.start - sent.start]
    return bool(_RATIO_BEFORE.search(before) or _RATIO_AFTER.match(sent.text[m.end - sent.start:m.end - sent.start + 6]))


def _material_for(sent: Sent, at: int, lexicon, composition: bool = True) -> list[str]:
    """The material(s) a value at ``at`` is stated for: the nearest material before it and
    the materials coordinated with that one ("LATP and LAGP ... 10⁻³ S cm⁻¹")."""
    candidates = [m for m in sent.materials if not _is_process_gas(m.label) and not _context_only(sent, m)
                  and not in_ratio(sent, m)]
    candidates = [m for m in candidates if m not in _compared(sent)]
    before = [m for m in candidates if m.end <= at]
    if not before:
        after = [m for m in candidates if m.start >= at]
        if after and re.search(r"\bthan\b", sent.text[at - sent.start:after[0].start - sent.start]):
            return []  # "0.01 S/cm, 25 times that of Y": the value is the subject's, not Y's
        return [after[0].label] if after else []
    # a composite named "LATP/PVDF" or "X with Y": keep the slash form when written
    nas = [m for m in before if is_nasicon(m.entity)]
    poly = [m for m in before if m.cls in POLYMER_CLASSES]
    if nas and poly and COMPOSITE_CUE.search(sent.text):
        parts = [family_label(nas[-1].entity, lexicon)] + list(dict.fromkeys(m.label for m in poly))
        return ["/".join(parts)]
    chosen = [before[-1]]
    for m in reversed(before[:-1]):
        gap = sent.text[m.end - sent.start:chosen[-1].start - sent.start]
        if gap.strip() == "(" or m.label == chosen[-1].label:
            continue  # "Li1+xAlxGe2-x(PO4)3 (LAGP)": one material named twice
        if re.fullmatch(r"\s*\)?\s*(?:,|and|,\s*and|/)\s*", gap):
            chosen.append(m)
        else:
            break
    chosen.reverse()
    labels = []
    for m in chosen:
        label = m.label if composition else family_label(m.entity, lexicon)
        if label not in labels:
            labels.append(label)
    if len(chosen) > 1 and all(
            re.fullmatch(r"\s*/\s*", sent.text[a.end - sent.start:b.start - sent.start])
            for a, b in zip(chosen, chosen[1:])):
        return ["/".join(labels)]
    return labels


#: between a value and the material it is stated for, named after it: "9 mS/cm for stoichiometric LiSbOCl4"
_FOR_AFTER = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:at\s+(?:room temperature|RT|[0-9.]+\s*°\s*C|[0-9.]+\s*K)\s+)?"
                        r"(?:[a-z]+ed\s+)?(?:for|in)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?")


def _stated_for(sent: Sent, end: int) -> list[str]:
    """The material a value names right after it ("1.2 mS/cm for LiSbOCl4"), else nothing."""
    after = next((m for m in sent.materials if m.start >= end), None)
    if after is None or after.start - end > 60 or _is_process_gas(after.label):
        return []
    return [after.label] if _FOR_AFTER.fullmatch(sent.text[end - sent.start:after.start - sent.start]) else []


_LIST_INTRO = re.compile(r"(?:[^.;]|(?<=\bi)\.|(?<=\be)\.|(?<=\bi\.e)\.|(?<=\be\.g)\.){0,80}?"
                         r"\b(?:i\.\s?e\.|namely|such as|including|e\.\s?g\.)\s*,?\s*(?:the\s+)?", re.I)


def _listed_after(sent: Sent, start: int, end: int) -> list[str]:
    """A value stated for a class the sentence then lists: "four superionic SSEs (σ > 10-3 S cm-1),
    i.e., A, B, C and D" is each one's. Only when no material is named before the value."""
    if any(m.end <= start for m in sent.materials):
        return []
    after = [m for m in sent.materials if m.start >= end]
    if not after or not _LIST_INTRO.fullmatch(sent.text[end - sent.start:after[0].start - sent.start]):
        return []
    out = [after[0]]
    for m in after[1:]:
        if not _coordinated(sent, out[-1], m):
            break
        out.append(m)
    return list(dict.fromkeys(m.label for m in out))


def _temperature_after(sent: Sent, end: int, default: float | None) -> float | None:
    """The temperature written right after a value ("5·10-7 S/cm at 25 °C"), else ``default`` (the
    sentence's): "a deposition at 200 °C raises it to 5·10-7 S/cm at 25 °C" is a value at 25 °C."""
    for s, e, q in sent.quantities_of("degC", "K"):
        if s >= end and re.fullmatch(r"\s*(?:\([^)]*\)\s*)?,?\s*at\s+(?:about\s+|~\s*)?", sent.text[end - sent.start:s - sent.start]):
            return _to_unit(q, "degC")
    return default


def _temperature(sent: Sent) -> float | None:
    temps = [q for q in sent.quantities_of("degC", "K") if not _heating_before(sent, q)]
    return _to_unit(temps[0][2], "degC") if temps else None


_PROPS = (
    ("IonicConductivity", ("S/cm", "mS/cm", "uS/cm", "S/m"), "S/cm", None),
    ("ActivationEnergy", ("eV",), "eV", re.compile(r"activation energ|\bEa\b", re.I)),
    ("InterfacialResistance", ("ohm cm2", "kohm cm2"), "ohm cm2", re.compile(r"interfac|resistance", re.I)),
    ("StabilityWindow", ("V",), "V", re.compile(r"window|stable up to|stability up to|oxidation", re.I)),
)
_TRANSFERENCE = re.compile(r"(?:transference|transport) number[^.;]{0,40}?(0?\.\d+|1\.0+)\b", re.I)


PHASES = ("amorphous", "crystalline", "glass", "glass-ceramic")
#: a section that lists goals, not results (progress reports: "Milestones", "Out-Year Goals")
TARGET_SECTION = re.compile(r"milestone|\bgoals?\b|objective|\btargets?\b|deliverable|\bplans?\b", re.I)
#: classes whose "ionic conductivity" in a sentence is not an electrolyte's (the cathode it was mixed with)
NOT_ION_CONDUCTORS = {"CathodeMaterial", "Carbon", "AlkaliMetal", "Alloy", "Metal"}
CONTRIBUTIONS = ("bulk", "grain boundary", "total")


_LIST_SEP = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_POWER_OF_TEN = re.compile(r"[×xX*·⋅]\s{0,2}10|\d[eE][-+−]?\d")


def listed_values(sent: Sent, values: list[tuple[int, int, Quantity]]) -> list[tuple[int, int, Quantity]]:
    """Values listed before one unit, each with it: "1.25, 1.09, and 0.41 mS cm-1" is three values,
    "4.8 × 10−4 and 1.0 × 10−3 S cm−1" two; in "2.1 and 3.4 × 10−4 S/cm" the power of ten written
    once is both values'."""
    from ..nlp.quantities import NUMBER, parse_number

    text, base = sent.text, sent.start
    out: list[tuple[int, int, Quantity]] = []
    for s, e, q in values:
        pos, listed = s - base, []
        if q.low is None or q.low == q.high:
            while True:
                sep = _LIST_SEP.search(text, max(0, pos - 12), pos)
                if not sep:
                    break
                number = next((n for n in NUMBER.finditer(text, max(0, sep.start() - 40), sep.start())
                               if n.end() == sep.start()), None)
                value = parse_number(number.group()) if number else None
                if value is None or re.match(r"[\w.^⁻−–-]", text[number.start() - 1:number.start()]):
                    break  # not a number, or the end of another one ("10-4, 5 and 7 mS/cm")
                listed.append((number.start(), number.end(), value, bool(_POWER_OF_TEN.search(number.group()))))
                pos = number.start()
        shared = 1.0
        written = text[s - base:e - base]
        if _POWER_OF_TEN.search(written):
            lead = NUMBER.match(written)
            mant = re.match(r"[0-9]+(?:\.[0-9]+)?", written)
            if lead and mant and float(mant.group()):
                shared = q.value / float(mant.group())
        for a, b, value, own_power in reversed(listed):
            v = value if own_power else float(f"{value * shared:.12g}")
            out.append((base + a, base + b, Quantity(v, q.unit, kind=q.kind)))
        out.append((s, e, q))
    return out


def respectively(sent: Sent, values: list[tuple[int, int, Quantity]]) -> dict[int, str]:
    """"A and B show 1.2 and 0.4 mS/cm, respectively": value start -> material, paired in order
    when the sentence names as many materials as values."""
    if len(values) < 2 or not re.search(r"\brespectively\b", sent.text):
        return {}
    names = list(dict.fromkeys(m.label for m in sent.materials
                               if m.cls not in NOT_ION_CONDUCTORS and not _is_process_gas(m.label)
                               and not in_ratio(sent, m)))
    if len(names) != len(values):
        return {}
    return {v[0]: name for v, name in zip(sorted(values), names)}


#: the kind of conductivity a sentence names
_CONDUCTIVITY_KIND = re.compile(r"\b(ionic|ion|electronic|electrical|electric|electron|thermal|proton|hole)"
                                r"(?:ally)?[\s-]+conductivit(?:y|ies)|\b(σ\s?e|σ\s?ion|σ\s?Li)\b", re.I)


_OF_ELECTRODE = re.compile(r"conductivit(?:y|ies)\s+(?:[\w-]+\s+){0,3}?(?:of|for|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                           r"(?:composite\s+)?(?:cathodes?|electrodes?|anodes?|catholytes?)\b(?![-‐]?(?:free|less))", re.I)


_AFTER_LOST_GLYPH = re.compile(rf"(?:{GLYPH_RESIDUE.pattern})\s*$")
_CELL_LABEL = re.compile(r"(?:^|[/|])(?:Li|Na|K)(?:[/|]|$)")


def of_electrode(sent: Sent, at: int) -> bool:
    """Whether the conductivity named before a value is an electrode's: "the ionic conductivity for
    the three sulfur cathodes prepared with X ... is 0.56 × 10-4 S cm-1" is not X's."""
    before = sent.text[:at - sent.start]
    last = [m for m in re.finditer(r"conductivit(?:y|ies)", before, re.I)]
    return bool(last) and bool(_OF_ELECTRODE.match(before, last[-1].start()))


def not_ionic(before: str) -> bool:
    """Whether the conductivity named last before a value is not ionic: "the electronic
    conductivities of A and B are 1.8 × 10-5 and 7.4 × 10-5 S cm-1"."""
    kinds = [m.group(1) or m.group(2) for m in _CONDUCTIVITY_KIND.finditer(before)]
    if not kinds:
        return False
    last = kinds[-1].casefold().replace(" ", "")
    return last not in ("ionic", "ion", "σion", "σli")


def _qualifier_before(sent: Sent, at: int, names: tuple[str, ...], reach: int = 80) -> str:
    """The nearest cue of ``names`` before offset ``at`` in the sentence, within ``reach``."""
    found = [(e, n) for s, e, n in sent.cue_spans if n in names and e <= at and at - e <= reach]
    return max(found)[1] if found else ""


def _generic_nearer(sent: Sent, at: int, materials: list[str]) -> bool:
    """Whether a generic electrolyte word ("the SSE") stands between the value and the nearest
    named material before it: then the value is the referred electrolyte's."""
    before = [m.end for m in sent.materials if m.end <= at]
    last = max(before) if before else -1
    return any(last <= s and e <= at and not _AS_PREDICATE.search(sent.text[max(0, s - sent.start - 8):s - sent.start])
               for s, e in sent.generic)  # "X has been shown as solid electrolyte ... (10-8 S/cm)" is X's


_AS_PREDICATE = re.compile(r"\bas\s+(?:an?\s+|the\s+)?$", re.I)


def property_facts(sent: Sent, lexicon, strategy: InterfaceStrategy | None = None,
                   main: str | None = None, subject: str | None = None,
                   paper: str | None = None) -> list[PropertyMeasurement]:
    """Values stated for a material in one sentence.  In a sentence that is evidence of a
    composite electrolyte, a value with no material named is the composite's.  A value of
    "the SSE" is the paper's main electrolyte's (``main``); a value in a sentence that names
    no material is its paragraph's ``subject`` (the electrolyte the sentences before it named),
    else the ``paper``'s (the material it names most, for a paper about one film);
    a target ("demonstrate > 1e-4 S/cm") states no value at all."""
    if "target" in sent.cues or TARGET_SECTION.search(sent.section or ""):
        return []
    out: list[PropertyMeasurement] = []
    refs = sent.refs or (strategy.cited_refs if strategy else ())
    modality = "cited" if sent.refs or sent.authors else "measured"
    temp = _temperature(sent)
    for prop, units, target, cue in _PROPS:
        if cue is not None and not cue.search(sent.text):
            continue
        values = listed_values(sent, sent.quantities_of(*units))
        paired = respectively(sent, values)
        for s, e, q in values:
            if prop == "IonicConductivity" and (not_ionic(sent.text[:s - sent.start]) or of_electrode(sent, s)):
                continue
            if _AFTER_LOST_GLYPH.search(sent.text[max(0, s - sent.start - 12):s - sent.start]):
                continue  # "(cid:0) 3 S cm": an exponent a PDF moved away from its number, not a value
            if computed_value(sent, s, e):
                continue  # "simulations predicted 20 mS/cm": a prediction, not a measurement
            bracketed = None if s in paired else _bracketed_after(sent, s)
            if bracketed is not None and _context_only(sent, bracketed):
                continue  # "slower than 1 M LiPF6 in EC/DMC (10 mS cm-1)": the liquid's value
            listed = [] if bracketed is not None or s in paired else _listed_after(sent, s, e)
            if bracketed is not None:  # "25 times that of Na2BH4NH2 (4 × 10-4 S cm-1)": that material's
                materials = [bracketed.label]
            elif s in paired:  # "A and B show 1.2 and 0.4 mS/cm, respectively"
                materials = [paired[s]]
            elif listed:  # "superionic SSEs (σ > 10-3 S cm-1), i.e., A, B and C": the class is listed
                materials = listed
            else:
                materials = _stated_for(sent, e) or _material_for(sent, s, lexicon)
            if strategy is not None and strategy.strategy_type == _pref(lexicon, "composite electrolyte") \
                    and (not materials or all(lexicon.lookup(m) is None or m in (
                        strategy.electrolyte, strategy.layer) for m in materials)):
                materials = [f"{strategy.electrolyte}/{strategy.layer}"]
            elif not listed and _generic_nearer(sent, s, materials):
                materials = [subject or main] if subject or main else []
            elif not materials and (subject or paper):
                materials = [subject or paper]
            if prop == "IonicConductivity":
                classes = {m.label: m.cls for m in sent.materials}
                kept = [m for m in materials if classes.get(m) not in NOT_ION_CONDUCTORS]
                materials = kept if kept or not materials else ([subject] if subject else [])
                materials = [m for m in materials if classes.get(m) != "LiquidElectrolyte"  # not a solid's
                             and not _CELL_LABEL.search(m)]  # "Li/LPSBr0.2I0.8": a cell's, not a material's
            phase = contribution = ""
            if prop == "IonicConductivity":
                first = min((m.start for m in sent.materials if m.label in materials), default=s)
                phase = _qualifier_before(sent, min(first, s) + 1, PHASES, reach=30) or \
                    _qualifier_before(sent, s, PHASES, reach=25)
                contribution = _qualifier_before(sent, s, CONTRIBUTIONS)
            for material in materials:
                own = modality == "cited" and not sent.authors and bool(
                    _AGREEMENT.search(sent.text[e - sent.start:]))  # "4e-10 S/cm, in line with reports [32]"
                out.append(PropertyMeasurement(
                    evidence=(sent.evidence(),), confidence=0.7, prop=prop, material=material,
                    value=_to_unit(q, target), unit=target, temperature_C=_temperature_after(sent, e, temp),
                    **_range_in(q, target),
                    cited_refs=() if own else refs, qualifier=q.qualifier if q.qualifier not in ("RT",) else "",
                    modality="measured" if own else modality, phase=phase, contribution=contribution))
    for m in _TRANSFERENCE.finditer(sent.text):
        at = sent.start + m.start()
        for material in _material_for(sent, at, lexicon):
            out.append(PropertyMeasurement(
                evidence=(sent.evidence(),), confidence=0.6, prop="TransferenceNumber",
                material=material, value=float(m.group(1)), unit="", temperature_C=temp,
                cited_refs=sent.refs, modality=modality))
    return out


#: a turn to another clause, after which a prediction no longer governs: "..., despite the low conductivity of X"
_CLAUSE_TURN = re.compile(r";|\b(?:despite|while|whereas|but|although|though|yet)\b", re.I)
_EXPERIMENTAL = re.compile(r"\b(?:experiment(?:al|ally)?|measured|reported)\b", re.I)


def computed_value(sent: Sent, start: int, end: int) -> bool:
    """Whether a value is computed, not measured: after a "predicted"/"extrapolated" cue with no
    "experimental"/"measured" word between ("extrapolated ... 15.7 mS/cm, close to the experimental
    value of 10.7 mS/cm": the first only), or before an "extrapolated" cue ("0.1 S/cm at 500 K is
    suggested by extrapolation")."""
    cues = [(a, b, n) for a, b, n in sent.cue_spans if n in ("predicted", "extrapolated")]
    before = [b for a, b, n in cues if b <= start]
    between = sent.text[max(before) - sent.start:start - sent.start] if before else ""
    if before and not _EXPERIMENTAL.search(between) and not _CLAUSE_TURN.search(between):
        return True
    return any(n == "extrapolated" and a >= end for a, b, n in cues)


#: a comparison after a value that its reference marker belongs to: the value itself is this work's
_AGREEMENT = re.compile(r"\b(?:in (?:good |excellent |close |fair )?(?:accordance|agreement|line)|consistent with|"
                        r"agree(?:s|ing)? (?:well )?with|comparable (?:to|with)|close to (?:the )?(?:values?|those)|"
                        r"(?:similar|identical) to (?:the )?(?:values?|those)|as (?:previously )?reported)\b", re.I)


def _range_in(q: Quantity, unit: str) -> dict:
    """``low`` and ``high`` of a range ("1-2 mS/cm") in ``unit``; nothing for a single value."""
    if q.low is None or q.high is None or q.low == q.high:
        return {}
    return {"low": _to_unit(replace(q, value=q.low), unit), "high": _to_unit(replace(q, value=q.high), unit)}


def _pref(lexicon, label: str) -> str:
    term = lexicon.lookup(label)
    return term.pref_label if term else label


def problem_facts(sent: Sent, lexicon) -> list[ProblemStatement]:
    """'LATP and LAGP easily reduce ..., forming MCI' -> (material, problem, leads_to)."""
    if not sent.problems:
        return []
    nasicons = [m for m in sent.materials if is_nasicon(m.entity)]
    if not nasicons:
        return []
    cause = CAUSE_CUE.search(sent.text)
    if not cause:
        return []
    if ADDRESS_CUE.search(sent.text[: cause.start()]) and not re.search(
            r"\breduc(?:e|es|ed|tion)\b.{0,40}\b(?:Li|lithium)", sent.text, re.I):
        return []  # a sentence about solving the problem, not stating it
    cut = sent.start + cause.start()
    first = [p for p in sent.problems if p[0] < cut]
    later = [p for p in sent.problems if p[0] >= cut]
    if not first:
        if len(later) < 2:
            return []
        first, later = later[:1], later[1:]
    leads = []
    for _, _, p in later:
        if p != first[0][2] and p not in leads:
            leads.append(p)
    for phrase in re.findall(r"(?:forming|form|formation of|leading to|led to|leads to|results? in|"
                             r"resulting in)\s+(?:an?\s+|the\s+)?([a-z][\w -]{3,60}?(?:phase|interphase|"
                             r"layer|resistance|impedance|failure|cracks?|short circuit))", sent.text):
        phrase = " ".join(phrase.split())
        term = lexicon.lookup(phrase)
        phrase = term.pref_label if term else phrase
        if phrase not in leads and not any(phrase in x for x in leads):
            leads.append(phrase)
    out = []
    seen = set()
    for m in nasicons:
        fam = family_label(m.entity, lexicon)
        if fam in seen:
            continue
        seen.add(fam)
        out.append(ProblemStatement(evidence=(sent.evidence(),), confidence=0.6, material=fam,
                                    problem=first[0][2], leads_to=tuple(leads), cited_refs=sent.refs))
    return out


def addressed_problems(sent: Sent) -> list[str]:
    """Problems a sentence says are addressed: all its problems when it has an addressing
    verb ("prevented", "suppressed"), else those worded as overcome ("intimate contact")."""
    cue = bool(ADDRESS_CUE.search(sent.text))
    out: list[str] = []
    for start, _, p in sent.problems:
        if (cue or start in sent.solved) and p not in out:
            out.append(p)
    return out


def group_of(sent: Sent, lexicon) -> tuple[int, str] | None:
    """The group of works a sentence speaks for: ``(n, "")`` for "both works" / "all three
    reports", ``(0, cls)`` for a class of layers ("oxide layers", "pure metals"); None for a
    sentence about one work (it cites one, names its authors or a specific layer material)."""
    if sent.caption or sent.refs or sent.authors or RESTATING_SECTION.search(sent.section or ""):
        return None  # a summary characterises the field, not the works it lists
    li = lexicon.lookup("Li")
    for m in sent.materials:
        if not (is_nasicon(m.entity) or (li and m.label == li.pref_label)
                or GENERIC_LABEL.fullmatch(m.label)):
            return None
    count = COUNT_GROUP.search(sent.text)
    if count:
        return _NUMBER_WORDS.get((count.group(1) or count.group(2)).lower()) or int(count.group(2)), ""
    named = {m.group(1).lower() for m in CLASS_GROUP.finditer(sent.text)}
    if len(named) == 1 and not CLASS_COMPARED.search(sent.text):
        return 0, CLASS_WORDS[named.pop()]  # several classes: a survey of classes
    return None


def _classes_of(label: str, lexicon) -> set[str]:
    term = lexicon.lookup(label)
    if term is not None:
        return set(term.classes)
    return {"Polymer"} if label.lower().startswith("poly") else set()


def group_problems(strategies: list[InterfaceStrategy], sents: list[Sent], lexicon
                   ) -> list[InterfaceStrategy]:
    """Give the problems a group sentence addresses to the works of its group.

    "Both works demonstrated that ... prevent the side reaction" speaks for the last two
    strategies introduced before it in its section; "Oxide layers proved to protect it from
    reacting with lithium" for the strategies of the section whose layer materials are all
    oxides.  The sentence joins each strategy's evidence (an evidence node cites only its own
    markers, so sharing it between strategies attributes nothing wrongly)."""
    out = list(strategies)
    for sent in sents:
        problems = addressed_problems(sent)
        group = group_of(sent, lexicon) if problems else None
        if group is None:
            continue
        n, cls = group
        first: dict[int, int] = {}
        for i, st in enumerate(out):
            starts = [e.start for e in st.evidence if e.section == sent.section and e.origin == "text"]
            if starts:
                first[i] = min(starts)
        if n:
            before = sorted((at, i) for i, at in first.items() if at < sent.start)
            if len(before) < n:
                continue
            chosen = [i for _, i in before[-n:]]
        else:
            chosen = [i for i in first if out[i].components and all(
                cls in _classes_of(c, lexicon) for c in out[i].components)]
        for i in chosen:
            st = out[i]
            new = tuple(p for p in problems if p not in st.problems)
            if new:
                ev = sent.evidence()
                out[i] = replace(st, problems=st.problems + new,
                                 evidence=st.evidence + ((ev,) if ev not in st.evidence else ()))
    return out


def _dedupe(facts: list[Fact]) -> list[Fact]:
    seen: dict[tuple, Fact] = {}
    for f in facts:
        k = f.key()
        if k in seen:
            old = seen[k]
            ev = sorted({(e.start, e.end): e for e in old.evidence + f.evidence}.values(),
                        key=lambda e: e.start)
            refs = union(getattr(old, "cited_refs", ()), getattr(f, "cited_refs", ()))
            seen[k] = replace(old, evidence=tuple(ev), cited_refs=refs)
        else:
            seen[k] = f
    return list(seen.values())


# ----------------------------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------------------------

def restating_starts(sents: list[Sent]) -> set[int]:
    """Start offsets of sentences that restate rather than report: figure captions and
    sentences of summary, conclusion and outlook sections."""
    return {s.start for s in sents if s.caption or RESTATING_SECTION.search(s.section or "")}


def keep_reported(strategies: list[InterfaceStrategy], restating: set[int]) -> list[InterfaceStrategy]:
    """Strategies backed by reporting text.  A strategy whose every sentence is a caption or
    a summary adds its evidence to the one reported strategy with the same electrolyte and
    layer, and is dropped when there is none (or several): a caption describes a figure and
    a summary restates results, neither introduces a work."""
    def only_restated(f: InterfaceStrategy) -> bool:
        return all(e.start in restating for e in f.evidence)

    body = [f for f in strategies if not only_restated(f)]
    for f in strategies:
        if not only_restated(f):
            continue
        same = [i for i, g in enumerate(body) if g.electrolyte == f.electrolyte
                and set(g.components) == set(f.components)
                and (not f.cited_refs or set(f.cited_refs) & set(g.cited_refs))]
        if len(same) == 1:
            body[same[0]] = merge_two(body[same[0]], f)
    return body


#: words before a material that name it only to compare ("similar to X", "higher than X")
COMPARED_BEFORE = re.compile(r"\b(?:similar(?:ly)? to|than(?: that of| those of)?|compared (?:to|with)|"
                             r"in comparison (?:to|with)|unlike|like|versus|vs\.?|relative to)\s+(?:the\s+)?$", re.I)


def subject_of(sent: Sent, named: list[Mat]) -> Mat:
    """The electrolyte a sentence is about: the first it names other than for comparison
    ("Na2B10H10, similar to Na2B12H12, behaves ..." is about Na2B10H10), else the last."""
    for m in named:
        if not COMPARED_BEFORE.search(sent.text[max(0, m.start - sent.start - 30):m.start - sent.start]):
            return m
    return named[-1]


def facts_from_text(document: Document, lexicon, nlp=None) -> list[Fact]:
    """Every fact the paragraphs, abstracts and captions of ``document`` state."""
    sents = sentences_of(document, lexicon, nlp)
    # a paper that never speaks of the alkali-metal side (an ALD-of-electrolyte paper) states no fix there
    anode_side = any(s.cues & ANODE_SIDE or STACK.search(s.text) for s in sents)
    drafts = [d for d in strategy_drafts(sents, lexicon) if anode_side and d.components != [d.electrolyte]
              and not _same_family_film(d, lexicon) and not _phase_composite(d, lexicon)
              and not all(GENERIC_LABEL.fullmatch(c) and "electrolyte" in c for c in d.components)]
    strategies = merge_strategies([draft_to_fact(d, lexicon) for d in drafts], lexicon)
    strategies = keep_reported(strategies, restating_starts(sents))
    strategies = group_problems(strategies, sents, lexicon)
    context: dict[int, InterfaceStrategy] = {}
    for st in strategies:
        for e in st.evidence:
            context.setdefault(e.start, st)
    props: list[Fact] = []
    problems: list[Fact] = []
    main = main_electrolyte(electrolyte_counts([s for s in sents if not s.caption], lexicon))
    paper = main or main_material(sents)
    subject: tuple[int, str, int] | None = None  # (block, electrolyte, sentence index) last named
    for i, s in enumerate(sents):
        here = subject[1] if subject and subject[0] == s.block and i - subject[2] <= 3 else None
        props.extend(property_facts(s, lexicon, context.get(s.start), main, here, paper))
        problems.extend(problem_facts(s, lexicon))
        compared = _compared(s)
        named = [m for m in s.materials if is_electrolyte(m.entity) and m not in compared]
        if named and not FOR_COMPARISON.search(s.text):  # "X and Y are shown for comparison": not the subject
            subject = (s.block, subject_of(s, named).label, i)
    return list(strategies) + _dedupe(props) + _dedupe(problems)
