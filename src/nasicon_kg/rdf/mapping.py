"""Facts -> RDF triples (an rdflib Graph for one paper).

Compute first, write second: :func:`facts_to_graph` takes finished facts and the
Document and only writes. Every fact gets ``nkg:sourcePaper``, ``nkg:hasEvidence``
(text, section, span, table row, cited reference) and ``prov:wasGeneratedBy`` the
extraction run.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .. import __version__
from ..lexicon import Lexicon
from ..model import (Condition, Document, Evidence, Fact, FullCell, InterfaceStrategy,
                     PropertyMeasurement, ProblemStatement, SymmetricCell)
from .. import names
from ..units import UNITS, convert
from ..ontology import BIBO, NKG, PROV, QK, QUDT, UNIT
from . import iris

#: Quantity kinds whose QUDT IRIs are verified (../shared/ONTOLOGY_ALIGNMENT.md).
QUANTITY_KINDS = {
    "thickness": QK.Thickness,
    "duration": QK.Time,
    "current_density": QK.ElectricCurrentDensity,
    "temperature": QK.CelsiusTemperature,
    "conductivity": QK.ElectricConductivity,
    "voltage": QK.Voltage,
}

#: Unit key -> QUDT unit IRI, from units.py (the one table of units); "" is unitless.
UNIT_IRIS = {key: URIRef(unit.qudt) for key, unit in UNITS.items()} | {"": UNIT.UNITLESS}

#: QUDT quantity property -> (the shortcut literal's property, its unit key): beside the quantity
#: node, its value in that unit is written on the same subject (names.VALUE_SHORTCUTS, for query speed).
VALUE_SHORTCUTS = {URIRef(prop): (URIRef(short), unit) for prop, (short, unit) in names.VALUE_SHORTCUTS.items()}


def shortcut_value(prop: URIRef, value: float, unit: str) -> tuple[URIRef, float] | None:
    """The shortcut literal of quantity ``prop`` = ``value`` ``unit``: (its property, the value in the
    shortcut's unit), or None when ``prop`` has no shortcut. ValueError for a unit of another kind.

    >>> shortcut_value(NKG.duration, 90, "min")
    (rdflib.term.URIRef('https://w3id.org/nasicon-kg/ontology#durationHours'), 1.5)
    """
    if prop not in VALUE_SHORTCUTS:
        return None
    short, target = VALUE_SHORTCUTS[prop]
    return short, convert(value, unit, target)


STRATEGY_CLASSES = {
    "inorganic protective layer": NKG.InorganicProtectiveLayer,
    "polymer protective layer": NKG.PolymerProtectiveLayer,
    "hybrid layer": NKG.HybridLayer,
    "composite electrolyte": NKG.CompositeElectrolyteStrategy,
    "sandwich interlayer": NKG.SandwichInterlayer,
}

#: ``InterfaceStrategy.kind`` -> the class of where the fix sits (a second rdf:type of the strategy)
KIND_CLASSES = {
    "electrolyte coating": NKG.ElectrolyteCoating,
    "anode coating": NKG.AnodeCoating,
    "interlayer": NKG.Interlayer,
    "alloy or composite anode": NKG.AlloyOrCompositeAnode,
    "current-collector coating": NKG.CurrentCollectorCoating,
    "composite electrolyte": NKG.CompositeElectrolyteStrategy,
}

#: ``PropertyMeasurement.modality`` -> individual
MODALITIES = {"measured": NKG.MeasuredInThisWork, "cited": NKG.CitedFromOtherWork}

CONDITION_CLASSES = {
    "heating": NKG.HeatingActivation,
    "precycling": NKG.PreCycling,
    "liquid_electrolyte": NKG.AddedLiquidElectrolyte,
    "elevated_temperature": NKG.ElevatedTemperatureOperation,
}

PROPERTY_CLASSES = {
    "IonicConductivity": (NKG.IonicConductivityMeasurement, "S/cm", "conductivity"),
    "InterfacialResistance": (NKG.InterfacialResistanceMeasurement, "ohm cm2", ""),
    "TransferenceNumber": (NKG.TransferenceNumberMeasurement, "", ""),
    "ActivationEnergy": (NKG.ActivationEnergyMeasurement, "eV", ""),
    "StabilityWindow": (NKG.StabilityWindowMeasurement, "V", "voltage"),
}


class _Writer:
    def __init__(self, document: Document, lexicon: Lexicon, version: str, added: datetime | None,
                 status: tuple[str, str] = ("", "")):
        self.doc = document
        self.status = status
        self.lx = lexicon
        self.g = Graph()
        self.paper = iris.paper_iri(document)
        self.graph_name = iris.graph_iri(document)
        self.run = iris.run_iri(version)
        self.version = version
        self.added = added
        self._materials: dict[str, URIRef] = {}
        for prefix, ns in (("nkg", NKG._NS), ("res", iris.RES), ("qudt", QUDT), ("unit", UNIT),
                           ("prov", PROV), ("bibo", BIBO), ("dcterms", DCTERMS), ("skos", SKOS), ("foaf", FOAF)):
            self.g.bind(prefix, ns)

    # -- papers and references -------------------------------------------------------
    def paper_node(self) -> None:
        g, p, meta = self.g, self.paper, self.doc.metadata
        g.add((p, RDF.type, NKG.Review if meta.kind == "review" else NKG.OriginalStudy))
        if meta.title:
            g.add((p, DCTERMS.title, Literal(meta.title)))
        if meta.doi:
            g.add((p, BIBO.doi, Literal(iris.normalise_doi(meta.doi))))
        for name in meta.authors:
            g.add((p, DCTERMS.creator, self.agent(name, person=True)))
        if meta.authors:
            g.add((p, NKG.authorList, Literal(", ".join(meta.authors))))
        if meta.journal:
            g.add((p, NKG.journal, Literal(meta.journal)))
        if meta.year:
            g.add((p, NKG.year, Literal(meta.year, datatype=XSD.integer)))
        if meta.volume:
            g.add((p, BIBO.volume, Literal(meta.volume)))
        if meta.first_page:
            g.add((p, BIBO.pageStart, Literal(meta.first_page)))
        if meta.licence:
            g.add((p, NKG.licence, Literal(meta.licence)))
        if self.doc.source_sha256:
            g.add((p, NKG.contentHash, Literal(self.doc.source_sha256)))
        if self.doc.source_path:
            g.add((p, NKG.sourceFile, Literal(self.doc.source_path)))
        if self.doc.source_format:
            g.add((p, NKG.sourceFormat, Literal(self.doc.source_format)))
        if self.doc.text:
            g.add((p, NKG.textLength, Literal(len(self.doc.text), datatype=XSD.integer)))
        status, note = self.status
        if status:
            g.add((p, NKG.extractionStatus, Literal(status)))
        if note:
            g.add((p, NKG.extractionNote, Literal(note)))
        if self.added:
            g.add((p, DCTERMS.created, Literal(self.added.isoformat(timespec="seconds"),
                                               datatype=XSD.dateTime)))
        g.add((self.run, RDF.type, NKG.ExtractionRun))
        g.add((self.run, NKG.softwareVersion, Literal(self.version)))
        g.add((self.run, PROV.used, p))
        for ref in self.doc.references:
            r = iris.reference_iri(p, ref.number)
            g.add((p, NKG.hasReference, r))
            g.add((r, RDF.type, NKG.Reference))
            g.add((r, NKG.referenceNumber, Literal(ref.number, datatype=XSD.integer)))
            g.add((r, DCTERMS.bibliographicCitation, Literal(ref.text)))
            if ref.authors:
                g.add((r, NKG.firstAuthor, Literal(ref.authors[0])))
                g.add((r, NKG.authorList, Literal(", ".join(ref.authors))))
            if ref.journal:
                g.add((r, NKG.journal, Literal(ref.journal)))
            if ref.year:
                g.add((r, NKG.year, Literal(ref.year, datatype=XSD.integer)))
            if ref.volume:
                g.add((r, BIBO.volume, Literal(ref.volume)))
            if ref.doi:
                work = iris.paper_iri_for_doi(ref.doi)
                g.add((r, NKG.citesWork, work))
                g.add((work, RDF.type, NKG.Paper))
                g.add((work, BIBO.doi, Literal(iris.normalise_doi(ref.doi))))

    # -- shared pieces ---------------------------------------------------------------
    def agent(self, name: str, person: bool) -> URIRef:
        """An author (a foaf:Person) or the authors a paper cites by name ("Hao et al.", a prov:Agent)."""
        node = iris.agent_iri(name)
        self.g.add((node, RDF.type, PROV.Agent))
        if person:
            self.g.add((node, RDF.type, FOAF.Person))
        self.g.add((node, FOAF.name, Literal(name)))
        return node

    def material(self, label: str, fact: Fact | None = None) -> URIRef:
        """The IRI of one of ``fact``'s material labels: its linked entity's (the linker ran in
        extraction), or the ontology term the label names; a minted material is described."""
        if label in self._materials:
            return self._materials[label]
        entity = fact.entity(label) if fact is not None else None
        term = self.lx.lookup(label)
        if entity is None and term is not None and term.category == "material":
            node = URIRef(term.iri)
        elif entity is not None and entity.known and entity.iri:
            node = URIRef(entity.iri)
        else:
            key = entity.key if entity is not None else re.sub(r"[^0-9a-z]+", "-", label.casefold()).strip("-")
            node = iris.material_iri(key or "material")
            g = self.g
            g.add((node, RDF.type, NKG._NS[(entity.cls if entity is not None else "") or "Material"]))
            g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
            g.add((node, RDFS.label, Literal(label, lang="en")))
            g.add((node, NKG.newMaterial, Literal(True)))
            if entity is not None and entity.formula:
                g.add((node, NKG.formula, Literal(entity.formula)))
            if entity is not None and entity.variant_of:
                g.add((node, NKG.variantOf, URIRef(entity.variant_of)))
            for element in entity.dopants if entity is not None else ():
                g.add((node, NKG.dopantElement, Literal(element)))
        self._materials[label] = node
        if entity is not None and len(entity.components) > 1:
            for comp in entity.components:
                self.g.add((node, NKG.hasComponent, self.material(comp, fact)))
        return node

    def term(self, label: str, category: str) -> URIRef | None:
        t = self.lx.by_pref_label(label, category) or self.lx.lookup(label)
        return URIRef(t.iri) if t is not None and t.category == category else None

    def quantity(self, owner: URIRef, prop: URIRef, value: float | None, unit: str,
                 kind: str = "", low: float | None = None, high: float | None = None,
                 qualifier: str = "") -> None:
        if value is None:
            return
        q = iris.minted("qv", owner, prop, value, unit, low, high)
        g = self.g
        g.add((owner, prop, q))
        g.add((q, RDF.type, QUDT.QuantityValue))
        g.add((q, QUDT.numericValue, Literal(float(value), datatype=XSD.double)))
        g.add((q, QUDT.unit, UNIT_IRIS[unit]))
        if kind in QUANTITY_KINDS:
            g.add((q, QUDT.hasQuantityKind, QUANTITY_KINDS[kind]))
        if low is not None and high is not None and low != high:
            g.add((q, NKG.lowerBound, Literal(float(low), datatype=XSD.double)))
            g.add((q, NKG.upperBound, Literal(float(high), datatype=XSD.double)))
        if qualifier:
            g.add((q, NKG.qualifier, Literal(qualifier)))
        if (shortcut := shortcut_value(prop, value, unit)) is not None:
            g.add((owner, shortcut[0], Literal(shortcut[1], datatype=XSD.double)))

    def provenance(self, fact_node: URIRef, fact: Fact, cited: tuple[int, ...],
                   evidence: tuple[Evidence, ...] = ()) -> None:
        g = self.g
        g.add((fact_node, NKG.sourcePaper, self.paper))
        g.add((fact_node, PROV.wasGeneratedBy, self.run))
        g.add((fact_node, NKG.confidence, Literal(round(fact.confidence, 3), datatype=XSD.decimal)))
        known = {r.number for r in self.doc.references}
        for n in cited:  # the works this fact is attributed to
            if not known or n in known:
                g.add((fact_node, NKG.citesReference, iris.reference_iri(self.paper, n)))
        for ev in evidence or fact.evidence:
            g.add((fact_node, NKG.hasEvidence, self.evidence(ev)))

    def evidence(self, ev: Evidence) -> URIRef:
        """One node per sentence or table row, shared by every fact read from it; it cites only
        what that sentence's markers (or the row's Ref. cell) cite."""
        node = iris.minted("evidence", self.paper, ev.origin, ev.start, ev.end)
        g = self.g
        g.add((node, RDF.type, NKG.Evidence))
        g.add((node, NKG.evidenceText, Literal(ev.text)))
        g.add((node, NKG.section, Literal(ev.section)))
        g.add((node, NKG.charStart, Literal(ev.start, datatype=XSD.integer)))
        g.add((node, NKG.charEnd, Literal(ev.end, datatype=XSD.integer)))
        g.add((node, NKG.origin, Literal(ev.origin)))
        g.add((node, NKG.sourcePaper, self.paper))
        if ev.table:
            g.add((node, NKG.tableLabel, Literal(ev.table)))
        if ev.row is not None:
            g.add((node, NKG.tableRow, Literal(ev.row, datatype=XSD.integer)))
        known = {r.number for r in self.doc.references}
        for n in ev.cited_refs:
            if not known or n in known:
                g.add((node, NKG.citesReference, iris.reference_iri(self.paper, n)))
        return node

    # -- facts -----------------------------------------------------------------------
    def strategy(self, fact: InterfaceStrategy) -> None:
        g = self.g
        node = iris.minted("strategy", self.paper, fact.electrolyte, fact.layer,
                           ",".join(map(str, sorted(fact.cited_refs))))
        g.add((node, RDF.type, STRATEGY_CLASSES.get(fact.strategy_type, NKG.InterfaceStrategy)))
        if fact.kind in KIND_CLASSES:
            g.add((node, RDF.type, KIND_CLASSES[fact.kind]))
        g.add((node, RDFS.label, Literal(f"{fact.layer} on {fact.electrolyte}", lang="en")))
        g.add((node, NKG.protects, self.material(fact.electrolyte, fact)))
        if fact.anode:
            g.add((node, NKG.againstAnode, self.material(fact.anode, fact)))
        g.add((node, NKG.layerMaterial, self.material(fact.layer, fact)))
        if fact.method and (m := self.term(fact.method, "method")) is not None:
            g.add((node, NKG.fabricationMethod, m))
        if fact.thickness_nm:
            lo, hi = fact.thickness_nm
            bound = lo in (None, 0) and bool(hi)  # "less than 100 nm": the bound is the value
            value = hi if bound or lo is None else (lo if hi is None else (lo + hi) / 2)
            self.quantity(node, NKG.thickness, value, "nm", "thickness",
                          None if bound else lo, None if bound else hi, qualifier="<" if bound else "")
        for label in fact.problems:
            if (p := self.term(label, "problem")) is not None:
                g.add((node, NKG.addresses, p))
        for label, rule in fact.inferred_problems:
            if (p := self.term(label, "problem")) is not None and label not in fact.problems:
                inference = iris.minted("inference", node, label, rule)
                g.add((node, NKG.hasInference, inference))
                g.add((inference, RDF.type, NKG.InferredAddress))
                g.add((inference, NKG.inferredProblem, p))
                g.add((inference, NKG.inferenceRule, Literal(rule)))
        for cond in fact.conditions:
            self.condition(node, cond)
        if fact.authors:
            g.add((node, NKG.reportedBy, self.agent(fact.authors, person=False)))
        for i, sym in enumerate(fact.symmetric_cell):
            self.symmetric(node, i, sym, fact)
        for i, full in enumerate(fact.full_cell):
            self.full(node, i, full, fact)
        self.provenance(node, fact, fact.cited_refs)

    def condition(self, owner: URIRef, cond: Condition) -> None:
        node = iris.minted("condition", owner, cond.kind, cond.temperature_C, cond.detail)
        self.g.add((owner, NKG.requiresCondition, node))
        self.g.add((node, RDF.type, CONDITION_CLASSES[cond.kind]))
        if cond.detail:
            self.g.add((node, NKG.conditionDetail, Literal(cond.detail)))
        self.quantity(node, NKG.temperature, cond.temperature_C, "degC", "temperature")

    def symmetric(self, owner: URIRef, i: int, sym: SymmetricCell, fact: Fact) -> None:
        node = iris.minted("test", owner, "symmetric", i, sym.hours, sym.current_density_mA_cm2,
                           sym.temperature_C)
        self.g.add((owner, NKG.hasTest, node))
        self.g.add((node, RDF.type, NKG.SymmetricCellTest))
        self.quantity(node, NKG.duration, sym.hours, "h", "duration")
        self.quantity(node, NKG.currentDensity, sym.current_density_mA_cm2, "mA/cm2", "current_density")
        self.quantity(node, NKG.temperature, sym.temperature_C, "degC", "temperature")
        self.provenance(node, fact, getattr(fact, "cited_refs", ()), sym.evidence)

    def full(self, owner: URIRef, i: int, full: FullCell, fact: Fact) -> None:
        node = iris.minted("test", owner, "full", i, full.cathode, full.cycles, full.c_rate,
                           full.capacity_mAh_g, full.retention_pct, full.stage)
        g = self.g
        g.add((owner, NKG.hasTest, node))
        g.add((node, RDF.type, NKG.FullCellTest))
        if full.cathode:
            g.add((node, NKG.cathode, self.material(full.cathode, fact)))
        if full.cycles is not None:
            g.add((node, NKG.cycles, Literal(int(full.cycles), datatype=XSD.integer)))
        if full.c_rate is not None:
            g.add((node, NKG.cRate, Literal(full.c_rate, datatype=XSD.decimal)))
        if full.stage:
            g.add((node, NKG.stage, Literal(full.stage)))
        self.quantity(node, NKG.specificCapacity, full.capacity_mAh_g, "mAh/g")
        self.quantity(node, NKG.capacityRetention, full.retention_pct, "%")
        self.quantity(node, NKG.coulombicEfficiency, full.coulombic_efficiency_pct, "%")
        self.quantity(node, NKG.currentDensity, full.current_density_mA_cm2, "mA/cm2", "current_density")
        self.quantity(node, NKG.temperature, full.temperature_C, "degC", "temperature")
        self.provenance(node, fact, getattr(fact, "cited_refs", ()), full.evidence)

    def measurement(self, fact: PropertyMeasurement) -> None:
        cls, unit, kind = PROPERTY_CLASSES[fact.prop]
        node = iris.minted("measurement", self.paper, fact.prop, fact.material, fact.value,
                           fact.temperature_C, ",".join(map(str, fact.cited_refs)))
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, NKG.ofMaterial, self.material(fact.material, fact)))
        if fact.modality in MODALITIES:
            g.add((node, NKG.modality, MODALITIES[fact.modality]))
        if fact.phase:
            g.add((node, NKG.phase, Literal(fact.phase)))
        if fact.contribution:
            g.add((node, NKG.contribution, Literal(fact.contribution)))
        self.quantity(node, NKG.value, fact.value, unit, kind, low=fact.low, high=fact.high,
                      qualifier=fact.qualifier)
        self.quantity(node, NKG.temperature, fact.temperature_C, "degC", "temperature")
        self.provenance(node, fact, fact.cited_refs)

    def claim(self, fact: ProblemStatement) -> None:
        problem = self.term(fact.problem, "problem")
        if problem is None:
            return
        node = iris.minted("claim", self.paper, fact.material, fact.problem, *fact.leads_to)
        g = self.g
        g.add((node, RDF.type, NKG.CausalClaim))
        if fact.material:
            g.add((node, NKG.claimMaterial, self.material(fact.material, fact)))
        g.add((node, NKG.claimProblem, problem))
        for label in fact.leads_to:
            if (t := self.term(label, "problem")) is not None:
                g.add((node, NKG.claimLeadsTo, t))
        self.provenance(node, fact, fact.cited_refs)


def facts_to_graph(document: Document, facts: list[Fact], lexicon: Lexicon, *,
                   version: str = __version__, added: datetime | None = None, failure: str = "") -> Graph:
    """The RDF graph of one paper: its metadata, references, facts and their evidence.

    The paper's ``nkg:extractionStatus`` says "facts found", "nothing found" or, when ``failure`` (the
    error that stopped extraction) is given, "failed", with the error as its ``nkg:extractionNote``.
    """
    status = ("failed", failure) if failure else ("facts found" if facts else "nothing found", "")
    w = _Writer(document, lexicon, version, added, status)
    w.paper_node()
    for fact in facts:
        if isinstance(fact, InterfaceStrategy):
            w.strategy(fact)
        elif isinstance(fact, PropertyMeasurement):
            w.measurement(fact)
        elif isinstance(fact, ProblemStatement):
            w.claim(fact)
    return w.g


def now() -> datetime:
    return datetime.now(timezone.utc)
