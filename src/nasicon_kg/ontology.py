"""The ontology: where its files are, its namespace, and its terms as Python objects.

``NKG`` is an RDFLib ``DefinedNamespace`` with ``_fail = True``: a misspelt term is an
AttributeError at import, and ``tests/test_ontology.py`` keeps it in step with the .ttl.
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, DefinedNamespace

from .errors import OntologyError
from .names import BASE

ONTOLOGY_IRI = BASE + "ontology"
RES = Namespace(BASE + "resource/")
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")

QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QK = Namespace("http://qudt.org/vocab/quantitykind/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
PROV = Namespace("http://www.w3.org/ns/prov#")


class NKG(DefinedNamespace):
    """Terms of https://w3id.org/nasicon-kg/ontology# used by the code."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # labels
    abbreviation: URIRef
    formula: URIRef
    strategyFacet: URIRef
    # papers
    Paper: URIRef
    Review: URIRef
    OriginalStudy: URIRef
    Reference: URIRef
    hasReference: URIRef
    referenceNumber: URIRef
    citesWork: URIRef
    authorList: URIRef
    firstAuthor: URIRef
    journal: URIRef
    year: URIRef
    contentHash: URIRef
    sourceFile: URIRef
    textLength: URIRef
    sourceFormat: URIRef
    licence: URIRef
    extractionStatus: URIRef
    extractionNote: URIRef
    # materials
    Material: URIRef
    SolidElectrolyte: URIRef
    NASICONElectrolyte: URIRef
    LATP: URIRef
    LAGP: URIRef
    LATGP: URIRef
    GarnetElectrolyte: URIRef
    SulfideElectrolyte: URIRef
    ArgyroditeElectrolyte: URIRef
    HalideElectrolyte: URIRef
    HydroborateElectrolyte: URIRef
    PerovskiteElectrolyte: URIRef
    GlassElectrolyte: URIRef
    LiPONElectrolyte: URIRef
    PolymerElectrolyte: URIRef
    LiquidElectrolyte: URIRef
    IonicLiquid: URIRef
    Oxide: URIRef
    DopedOxide: URIRef
    LithiumSalt: URIRef
    Fluoride: URIRef
    Nitride: URIRef
    Sulfide: URIRef
    Metal: URIRef
    AlkaliMetal: URIRef
    Alloy: URIRef
    Polymer: URIRef
    Nanocomposite: URIRef
    HybridMaterial: URIRef
    CathodeMaterial: URIRef
    Carbon: URIRef
    hasComponent: URIRef
    variantOf: URIRef
    dopant: URIRef
    dopantElement: URIRef
    newMaterial: URIRef
    # strategies
    InterfaceStrategy: URIRef
    InorganicProtectiveLayer: URIRef
    PolymerProtectiveLayer: URIRef
    HybridLayer: URIRef
    CompositeElectrolyteStrategy: URIRef
    SandwichInterlayer: URIRef
    ElectrolyteCoating: URIRef
    AnodeCoating: URIRef
    Interlayer: URIRef
    AlloyOrCompositeAnode: URIRef
    CurrentCollectorCoating: URIRef
    layerMaterial: URIRef
    protects: URIRef
    fabricationMethod: URIRef
    thickness: URIRef
    requiresCondition: URIRef
    addresses: URIRef
    hasTest: URIRef
    reportedBy: URIRef
    againstAnode: URIRef
    InferredAddress: URIRef
    hasInference: URIRef
    inferredProblem: URIRef
    inferenceRule: URIRef
    Condition: URIRef
    HeatingActivation: URIRef
    PreCycling: URIRef
    AddedLiquidElectrolyte: URIRef
    ElevatedTemperatureOperation: URIRef
    conditionDetail: URIRef
    # methods and problems
    FabricationMethod: URIRef
    broaderMethod: URIRef
    Problem: URIRef
    causes: URIRef
    # tests and measurements
    CellTest: URIRef
    SymmetricCellTest: URIRef
    FullCellTest: URIRef
    duration: URIRef
    currentDensity: URIRef
    temperature: URIRef
    durationHours: URIRef
    currentDensityMilliAmpPerSqCm: URIRef
    temperatureCelsius: URIRef
    thicknessNanometres: URIRef
    cathode: URIRef
    cycles: URIRef
    cRate: URIRef
    specificCapacity: URIRef
    capacityRetention: URIRef
    coulombicEfficiency: URIRef
    stage: URIRef
    PropertyMeasurement: URIRef
    IonicConductivityMeasurement: URIRef
    InterfacialResistanceMeasurement: URIRef
    TransferenceNumberMeasurement: URIRef
    ActivationEnergyMeasurement: URIRef
    StabilityWindowMeasurement: URIRef
    ofMaterial: URIRef
    Modality: URIRef
    MeasuredInThisWork: URIRef
    CitedFromOtherWork: URIRef
    modality: URIRef
    phase: URIRef
    contribution: URIRef
    value: URIRef
    lowerBound: URIRef
    upperBound: URIRef
    qualifier: URIRef
    # provenance
    Evidence: URIRef
    hasEvidence: URIRef
    sourcePaper: URIRef
    evidenceText: URIRef
    section: URIRef
    charStart: URIRef
    charEnd: URIRef
    origin: URIRef
    tableLabel: URIRef
    tableRow: URIRef
    citesReference: URIRef
    confidence: URIRef
    ExtractionRun: URIRef
    softwareVersion: URIRef
    CausalClaim: URIRef
    claimMaterial: URIRef
    claimProblem: URIRef
    claimLeadsTo: URIRef


def ontology_dir() -> Path:
    """``$NASICON_KG_ONTOLOGY_DIR``, the copy inside an installed wheel, or the repo's ontology/."""
    env = os.environ.get("NASICON_KG_ONTOLOGY_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology_files", here.parents[1] / "ontology"):
        if (candidate / "nasicon.ttl").exists():
            return candidate
    raise OntologyError("cannot find ontology/nasicon.ttl (set NASICON_KG_ONTOLOGY_DIR)")


def ontology_path() -> Path:
    return ontology_dir() / "nasicon.ttl"


def shapes_path() -> Path:
    return ontology_dir() / "shapes.ttl"


_GRAPH_CACHE: dict[Path, Graph] = {}


def load_ontology_graph(path: Path | None = None) -> Graph:
    path = path or ontology_path()
    if path not in _GRAPH_CACHE:
        try:
            _GRAPH_CACHE[path] = Graph().parse(path, format="turtle")
        except Exception as exc:  # noqa: BLE001 - rdflib parser errors have no common base
            raise OntologyError(f"cannot parse ontology: {exc}", path=str(path)) from None
    return _GRAPH_CACHE[path]


_CATEGORY_ROOTS = {
    NKG.Material: "material",
    NKG.FabricationMethod: "method",
    NKG.Problem: "problem",
}

#: nkg:strategyFacet value of a strategy class -> the lexicon category of its term
_STRATEGY_FACETS = {"material": "strategy_type", "kind": "strategy_kind"}


def _superclasses(graph: Graph, *classes: URIRef) -> list[URIRef]:
    """The classes and their superclasses, most specific first (breadth-first; siblings by IRI)."""
    out, frontier = list(dict.fromkeys(classes)), list(dict.fromkeys(classes))
    while frontier:
        nxt = []
        for c in frontier:
            for sup in sorted(o for o in graph.objects(c, RDFS.subClassOf) if isinstance(o, URIRef)):
                if sup not in out:
                    out.append(sup)
                    nxt.append(sup)
        frontier = nxt
    return out


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _class_category(graph: Graph, cls: URIRef, chain: list[URIRef]) -> str | None:
    """The category of a labelled class: a strategy type or kind, a cell test, an electrolyte family."""
    if NKG.InterfaceStrategy in chain[1:]:
        facet = graph.value(cls, NKG.strategyFacet)
        return _STRATEGY_FACETS.get(str(facet) if facet is not None else "material", "strategy_type")
    if NKG.CellTest in chain[1:]:
        return "cell"
    if NKG.SolidElectrolyte in chain[1:]:
        return "family"
    return None


def terms_from_graph(graph: Graph) -> list:
    """Every labelled individual (materials, methods, problems) and labelled class (strategy types
    and kinds, cell tests, electrolyte families) as a Term.

    A term's ``classes`` are the local names of its nkg: classes and all their superclasses
    (rdfs:subClassOf, transitively), most specific first. An individual of several classes
    (a sulfide glass) starts from the most specific of them (the longest chain), then from one
    the lexicon knows as a family (a class with a skos:prefLabel), then by IRI.
    """
    from .lexicon import Term

    alt_props = {SKOS.altLabel, NKG.abbreviation, NKG.formula}
    ns = str(NKG._NS)
    terms = []
    for subject in sorted(set(graph.subjects(SKOS.prefLabel, None))):
        if not isinstance(subject, URIRef):
            continue
        pref = str(graph.value(subject, SKOS.prefLabel))
        category, chain = None, []
        if (subject, RDF.type, OWL.Class) in graph:
            chain = _superclasses(graph, subject)
            category = _class_category(graph, subject, chain)
        else:
            types = [t for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef)]
            chains = {t: _superclasses(graph, t) for t in types}
            for root, cat in _CATEGORY_ROOTS.items():
                if any(root in c for c in chains.values()):
                    category = cat
            starts = sorted((t for t in types if any(r in chains[t] for r in _CATEGORY_ROOTS)),
                            key=lambda t: (-len(chains[t]), (t, SKOS.prefLabel, None) not in graph, str(t)))
            chain = _superclasses(graph, *starts)
        if category is None:
            continue
        classes = [local_name(c) for c in chain if str(c).startswith(ns)] if category in (
            "material", "method", "problem", "family") else [local_name(c) for c in chain]
        labels = [pref]
        for prop in sorted(alt_props):
            labels.extend(sorted(str(o) for o in graph.objects(subject, prop)))
        formulas = sorted(str(o) for o in graph.objects(subject, NKG.formula))
        abbreviations = tuple(sorted(str(o) for o in graph.objects(subject, NKG.abbreviation)))
        terms.append(Term(iri=str(subject), pref_label=pref, labels=tuple(dict.fromkeys(labels)),
                          category=category, classes=tuple(classes),
                          formula=formulas[0] if formulas else "", abbreviations=abbreviations))
    return terms
