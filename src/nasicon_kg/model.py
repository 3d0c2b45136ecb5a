"""Frozen dataclasses passed between the pipeline's stages.

The flow is one way::

    file --readers--> Document --nlp--> mentions --normalize--> entities --extract--> Fact

Offsets
-------
Every ``start``/``end`` pair is a character offset into ``Document.text``, the
paper's normalised plain text.  A reader builds ``Document.text`` by joining its
blocks (paragraphs, captions, table rows, reference entries) with blank lines, so
``document.text[block.start:block.end] == block.text`` always holds.  Evidence
spans therefore point into one string per paper, whatever the input format was.

Citations
---------
Citation markers (``<sup>75,79</sup>``, superscript numbers in a PDF, ``<xref>``
in JATS) are taken out of the running text and kept as :class:`Citation`
anchors: ``offset`` is where the marker stood in ``Document.text``.  A marker
belongs to the sentence whose last character precedes it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "abstract", "caption", "heading", "footnote"]
Origin = Literal["text", "table"]


@dataclass(frozen=True)
class Entity:
    """What a material mention names: an ontology term, or a material minted from its
    canonical formula or name.  ``key`` is the IRI's last segment; two mentions with one
    key are one material ("LATP" and "Li1.3Al0.3Ti1.7(PO4)3" both have the LATP key only
    when the ontology says so, a composition keeps its own key and ``variant_of`` its family).
    """

    label: str
    key: str
    cls: str
    formula: str
    is_nasicon: bool
    known: bool
    iri: str
    components: tuple[str, ...] = ()
    #: the solid-electrolyte family ("NASICON", "garnet", "sulfide", ...), "" for a non-electrolyte
    family: str = ""
    #: IRI of the ontology term this composition is a variant of (LATP for Li1.3Al0.3Ti1.7(PO4)3)
    variant_of: str = ""
    #: dopant elements of a NASICON composition
    dopants: tuple[str, ...] = ()

    @property
    def is_electrolyte(self) -> bool:
        return bool(self.family) and self.family != "polymer"


@dataclass(frozen=True)
class Citation:
    """A citation marker anchored in the text: the reference numbers it names."""

    offset: int
    numbers: tuple[int, ...]
    raw: str = ""


@dataclass(frozen=True)
class Block:
    """A paragraph, abstract, caption or heading: one contiguous run of text."""

    text: str
    start: int
    end: int
    section: str
    kind: BlockKind = "paragraph"
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    start: int
    end: int
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table as the paper prints it: caption, one header row, body rows.

    ``label`` is the table's own name ("Table 2"); ``rows`` exclude the header.
    Cells are normalised text (sub/superscripts flattened, LaTeX rendered).
    """

    label: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    section: str
    start: int
    end: int
    footnote: str = ""


@dataclass(frozen=True)
class Reference:
    """One entry of a paper's numbered reference list."""

    number: int
    text: str
    authors: tuple[str, ...] = ()
    title: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    pages: str = ""
    doi: str = ""

    @property
    def first_author_surname(self) -> str:
        if not self.authors:
            return ""
        name = self.authors[0]
        if "," in name:  # "Liu, Y." (surname first)
            return name.split(",", 1)[0].strip()
        return name.replace(".", ". ").split()[-1]


@dataclass(frozen=True)
class PaperMetadata:
    doi: str = ""
    title: str = ""
    authors: tuple[str, ...] = ()
    journal: str = ""
    year: int | None = None
    volume: str = ""
    first_page: str = ""
    licence: str = ""
    kind: Literal["review", "article", ""] = ""


@dataclass(frozen=True)
class Document:
    """A paper read into plain text with its structure.

    ``source_sha256`` is the hash of the input file's bytes; it names the paper
    when it has no DOI and tells whether a re-added file changed.
    """

    text: str
    metadata: PaperMetadata
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    references: tuple[Reference, ...] = ()
    source_path: str = ""
    source_format: str = ""
    source_sha256: str = ""

    def reference(self, number: int) -> Reference | None:
        for ref in self.references:
            if ref.number == number:
                return ref
        return None

    @property
    def sections(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for block in self.blocks:
            seen.setdefault(block.section, None)
        return tuple(seen)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a sentence or a table row of one paper."""

    text: str
    section: str
    start: int
    end: int
    origin: Origin
    table: str = ""
    row: int | None = None
    cited_refs: tuple[int, ...] = ()

    def to_json(self) -> dict:
        out = {
            "text": self.text,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "origin": self.origin,
        }
        if self.table:
            out["table"] = self.table
            out["row"] = self.row
        if self.cited_refs:
            out["cited_refs"] = list(self.cited_refs)
        return out


@dataclass(frozen=True)
class Quantity:
    """A measured value in a named unit.

    ``value`` is the representative number (the mean of a range); ``low`` and
    ``high`` are the range's ends, equal to ``value`` for a single number.
    ``unit`` is a key of :data:`nasicon_kg.units.UNITS` ("nm", "h",
    "mA/cm2", "S/cm", ...). ``qualifier`` keeps "~", "<", ">" and the like.
    """

    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    kind: str = ""

    @property
    def bounds(self) -> tuple[float, float]:
        lo = self.value if self.low is None else self.low
        hi = self.value if self.high is None else self.high
        return (lo, hi)


@dataclass(frozen=True)
class SymmetricCell:
    hours: float | None = None
    current_density_mA_cm2: float | None = None
    temperature_C: float | None = None
    capacity_mAh_cm2: float | None = None
    #: Where this figure was read, when a merged fact holds figures from several places.
    evidence: tuple["Evidence", ...] = field(default=(), compare=False)

    def to_json(self) -> dict:
        return {
            "hours": self.hours,
            "current_density_mA_cm2": self.current_density_mA_cm2,
            "temperature_C": self.temperature_C,
        }


@dataclass(frozen=True)
class FullCell:
    cathode: str = ""
    cycles: int | None = None
    c_rate: float | None = None
    capacity_mAh_g: float | None = None
    retention_pct: float | None = None
    coulombic_efficiency_pct: float | None = None
    current_density_mA_cm2: float | None = None
    temperature_C: float | None = None
    stage: str = ""
    evidence: tuple["Evidence", ...] = field(default=(), compare=False)

    def to_json(self) -> dict:
        return {
            "cathode": self.cathode or None,
            "cycles": self.cycles,
            "c_rate": self.c_rate,
            "capacity_mAh_g": self.capacity_mAh_g,
            "retention_pct": self.retention_pct,
            "coulombic_efficiency_pct": self.coulombic_efficiency_pct,
            "current_density_mA_cm2": self.current_density_mA_cm2,
            "temperature_C": self.temperature_C,
            **({"stage": self.stage} if self.stage else {}),
        }


@dataclass(frozen=True)
class Condition:
    """What a strategy needed to work: heating, pre-cycling, added liquid electrolyte."""

    kind: Literal["heating", "precycling", "liquid_electrolyte", "elevated_temperature"]
    temperature_C: float | None = None
    detail: str = ""

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind}
        if self.temperature_C is not None:
            out["temperature_C"] = self.temperature_C
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class Fact:
    """Base of every extracted fact: a type name, its evidence, a confidence."""

    evidence: tuple[Evidence, ...]
    confidence: float = 1.0
    #: the entity of every material label the fact holds (set by the linker, read by rdf/)
    entities: tuple[Entity, ...] = field(default=(), compare=False, repr=False)

    type: str = field(default="Fact", init=False)

    def entity(self, label: str) -> Entity | None:
        """The linked entity of one of this fact's material labels."""
        return next((e for e in self.entities if e.label == label), None)

    def material_labels(self) -> tuple[str, ...]:
        """Every material label of the fact (what the linker resolves)."""
        return ()

    def key(self) -> tuple:
        """What makes two facts the same fact (used to merge text and tables)."""
        raise NotImplementedError

    def _common_json(self) -> dict:
        return {
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_json() for e in self.evidence],
        }


#: Where an interface fix sits (``InterfaceStrategy.kind``); each is an ontology class.
STRATEGY_KINDS = ("electrolyte coating", "anode coating", "interlayer", "alloy or composite anode",
                  "current-collector coating", "composite electrolyte")


@dataclass(frozen=True)
class InterfaceStrategy(Fact):
    """A protective layer, interlayer or composite electrolyte for a solid electrolyte.

    Material, method and problem fields hold the ontology's prefLabels (or the
    label a new material got when the ontology did not know it).
    """

    electrolyte: str = ""
    layer: str = ""
    strategy_type: str = ""
    method: str = ""
    thickness_nm: tuple[float, float] | None = None
    symmetric_cell: tuple[SymmetricCell, ...] = ()
    full_cell: tuple[FullCell, ...] = ()
    problems: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    cited_refs: tuple[int, ...] = ()
    authors: str = ""
    components: tuple[str, ...] = ()
    #: where the fix sits: one of :data:`STRATEGY_KINDS`
    kind: str = ""
    #: the alkali metal the electrolyte is protected from ("Li", "Na")
    anode: str = ""
    #: problems a domain rule adds, not the paper: (problem prefLabel, rule name)
    inferred_problems: tuple[tuple[str, str], ...] = ()

    type: str = field(default="InterfaceStrategy", init=False)

    def key(self) -> tuple:
        return (self.type, self.electrolyte, self.layer)

    def material_labels(self) -> tuple[str, ...]:
        cathodes = tuple(f.cathode for f in self.full_cell if f.cathode)
        return tuple(x for x in dict.fromkeys((self.electrolyte, self.layer, *self.components,
                                               self.anode, *cathodes)) if x)

    def to_json(self) -> dict:
        return {
            "type": self.type,
            "electrolyte": self.electrolyte,
            "layer": self.layer,
            "strategy_type": self.strategy_type,
            "method": self.method or None,
            "thickness_nm": list(self.thickness_nm) if self.thickness_nm else None,
            "symmetric_cell": [s.to_json() for s in self.symmetric_cell],
            "full_cell": [f.to_json() for f in self.full_cell],
            "problems": list(self.problems),
            "conditions": [c.to_json() for c in self.conditions],
            "cited_refs": list(self.cited_refs),
            "authors": self.authors or None,
            "components": list(self.components),
            "kind": self.kind or None,
            "anode": self.anode or None,
            **({"inferred_problems": [{"problem": p, "rule": r} for p, r in self.inferred_problems]}
               if self.inferred_problems else {}),
            **self._common_json(),
        }


@dataclass(frozen=True)
class PropertyMeasurement(Fact):
    """A material property: ionic conductivity, transference number, activation
    energy, interfacial resistance, stability window.

    ``prop`` is the fact type written to JSON ("IonicConductivity", ...);
    ``value`` is in the unit the JSON key names (S/cm, eV, ohm cm2, V, or none).
    """

    prop: str = "IonicConductivity"
    material: str = ""
    value: float | None = None
    unit: str = ""
    temperature_C: float | None = None
    cited_refs: tuple[int, ...] = ()
    qualifier: str = ""
    #: "measured" (this work's result) or "cited" (a value the sentence credits to another work)
    modality: str = "measured"
    #: phase of the material the value is for: "amorphous", "crystalline", "glass", "glass-ceramic"
    phase: str = ""
    #: which part of a conductivity: "bulk", "grain boundary", "total"
    contribution: str = ""
    #: a range's ends ("1-2 mS/cm"), in ``unit``; ``value`` is then its middle
    low: float | None = None
    high: float | None = None

    type: str = field(default="PropertyMeasurement", init=False)

    JSON_KEYS = {
        "IonicConductivity": "value_S_cm",
        "TransferenceNumber": "value",
        "ActivationEnergy": "value_eV",
        "InterfacialResistance": "value_ohm_cm2",
        "StabilityWindow": "value_V",
    }

    def key(self) -> tuple:
        return (self.prop, self.material, self.value, self.temperature_C)

    def material_labels(self) -> tuple[str, ...]:
        return (self.material,) if self.material else ()

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high

    def to_json(self) -> dict:
        return {
            "type": self.prop,
            "material": self.material,
            self.JSON_KEYS.get(self.prop, "value"): self.value,
            **({f"{self.JSON_KEYS.get(self.prop, 'value')}_low": self.low,
                f"{self.JSON_KEYS.get(self.prop, 'value')}_high": self.high} if self.is_range else {}),
            "temperature_C": self.temperature_C,
            **({"qualifier": self.qualifier} if self.qualifier else {}),
            "modality": self.modality,
            **({"phase": self.phase} if self.phase else {}),
            **({"contribution": self.contribution} if self.contribution else {}),
            "cited_refs": list(self.cited_refs),
            **self._common_json(),
        }


@dataclass(frozen=True)
class ProblemStatement(Fact):
    """A problem the paper states for a material, and what the problem leads to."""

    material: str = ""
    problem: str = ""
    leads_to: tuple[str, ...] = ()
    cited_refs: tuple[int, ...] = ()

    type: str = field(default="ProblemStatement", init=False)

    def key(self) -> tuple:
        return (self.type, self.material, self.problem)

    def material_labels(self) -> tuple[str, ...]:
        return (self.material,) if self.material else ()

    def to_json(self) -> dict:
        return {
            "type": self.type,
            "material": self.material,
            "problem": self.problem,
            "leads_to": list(self.leads_to),
            "cited_refs": list(self.cited_refs),
            **self._common_json(),
        }
