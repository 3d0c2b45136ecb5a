"""Value shortcuts (names.VALUE_SHORTCUTS): written beside their QUDT quantities, equal to them in
the shortcut's unit, checked by the SHACL shapes, written into a store an older version left without
them, and read by rewritten queries that give the rows the old text gave."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from nasicon_kg.errors import QueryError
from nasicon_kg.names import ONTOLOGY_GRAPH_IRI
from nasicon_kg.names import VALUE_SHORTCUTS as PLAIN_SHORTCUTS
from nasicon_kg.ontology import NKG, QUDT, local_name
from nasicon_kg.queries import run
from nasicon_kg.rdf.mapping import VALUE_SHORTCUTS, shortcut_value
from nasicon_kg.store import KGStore
from nasicon_kg.units import UNITS, convert

from .test_vocabulary import copies

ROOT = Path(__file__).resolve().parents[1]
#: the text of each query before it read the shortcuts (and before its other speed rewrites)
BEFORE = ROOT / "tests" / "fixtures" / "rewrites"
RES = "https://w3id.org/nasicon-kg/resource/"


def _kind(prop: URIRef) -> str:
    return UNITS[VALUE_SHORTCUTS[prop][1]].kind


# -- the values -------------------------------------------------------------------------------------

def test_the_table_names_ontology_terms_and_units_of_the_right_kind():
    assert set(VALUE_SHORTCUTS) == {NKG.duration, NKG.currentDensity, NKG.temperature, NKG.thickness}
    assert {str(p): (str(s), u) for p, (s, u) in VALUE_SHORTCUTS.items()} == PLAIN_SHORTCUTS
    assert {p: _kind(p) for p in VALUE_SHORTCUTS} == {
        NKG.duration: "duration", NKG.currentDensity: "current_density", NKG.temperature: "temperature",
        NKG.thickness: "thickness"}


@pytest.mark.parametrize("prop, value, unit, short, expected", [
    (NKG.duration, 1000, "h", NKG.durationHours, 1000.0),
    (NKG.duration, 90, "min", NKG.durationHours, 1.5),
    (NKG.duration, 2, "day", NKG.durationHours, 48.0),
    (NKG.currentDensity, 100, "uA/cm2", NKG.currentDensityMilliAmpPerSqCm, 0.1),
    (NKG.currentDensity, 0.002, "A/cm2", NKG.currentDensityMilliAmpPerSqCm, 2.0),
    (NKG.temperature, 333.15, "K", NKG.temperatureCelsius, 60.0),
    (NKG.thickness, 1.5, "um", NKG.thicknessNanometres, 1500.0),
])
def test_a_shortcut_is_the_value_in_its_unit(prop, value, unit, short, expected):
    got, number = shortcut_value(prop, value, unit)
    assert got == short and number == pytest.approx(expected, rel=1e-12)


def test_no_shortcut_for_other_quantities_and_none_across_kinds():
    assert shortcut_value(NKG.value, 1e-3, "S/cm") is None
    with pytest.raises(ValueError):
        shortcut_value(NKG.duration, 3, "cycle")


def test_the_build_writes_each_shortcut_once_equal_to_its_quantity(built_store):
    for prop, (short, unit) in VALUE_SHORTCUTS.items():
        rows = built_store.select("SELECT ?x ?v ?u ?w WHERE { ?x ?prop ?q . ?q qudt:numericValue ?v ; qudt:unit ?u "
                                  "OPTIONAL { ?x ?short ?w } }", {"prop": str(prop), "short": str(short)})
        assert len({r["x"] for r in rows}) >= 5, local_name(prop)  # the review has several of each
        assert len(rows) == len({r["x"] for r in rows})  # one quantity and one shortcut each
        keys = {u.qudt: k for k, u in reversed(UNITS.items())}
        for r in rows:
            assert r.get("w") == convert(r["v"], keys[r["u"]], unit), r


# -- the shapes --------------------------------------------------------------------------------------

def _graph(prop: URIRef, value: float, unit_iri: str, shortcut: float | None) -> Graph:
    g, subject, q = Graph(), URIRef(RES + "test/x"), URIRef(RES + "qv/x")
    g.add((subject, prop, q))
    g.add((q, RDF.type, QUDT.QuantityValue))
    g.add((q, QUDT.numericValue, Literal(float(value), datatype=XSD.double)))
    g.add((q, QUDT.unit, URIRef(unit_iri)))
    if shortcut is not None:
        g.add((subject, VALUE_SHORTCUTS[prop][0], Literal(float(shortcut), datatype=XSD.double)))
    return g


def _shortcut_violations(g: Graph, prop: URIRef) -> list[str]:
    from nasicon_kg.validate import validate_graph

    short = str(VALUE_SHORTCUTS[prop][0])
    return [v.message for v in validate_graph(g).violations if v.path == short]


@pytest.mark.parametrize("prop", list(VALUE_SHORTCUTS), ids=local_name)
def test_the_shapes_know_every_unit_of_the_kind(prop):
    """For each unit units.py has of the shortcut's kind: the right shortcut conforms, a wrong one fails."""
    for key, unit in UNITS.items():
        if unit.kind != _kind(prop):
            continue
        _, right = shortcut_value(prop, 7.0, key)
        assert _shortcut_violations(_graph(prop, 7.0, unit.qudt, right), prop) == [], key
        assert _shortcut_violations(_graph(prop, 7.0, unit.qudt, right * 1.01 + 1), prop), key


@pytest.mark.parametrize("prop", list(VALUE_SHORTCUTS), ids=local_name)
def test_the_shapes_refuse_a_missing_shortcut_and_an_unknown_unit(prop):
    (missing,) = _shortcut_violations(_graph(prop, 7.0, UNITS[VALUE_SHORTCUTS[prop][1]].qudt, None), prop)
    assert "has one shortcut" in missing
    (unknown,) = _shortcut_violations(_graph(prop, 7.0, "http://qudt.org/vocab/unit/YR", 7.0), prop)
    assert "is not" in unknown


def test_a_store_whose_shortcut_disagrees_does_not_conform(built_store):
    from nasicon_kg.validate import validate_graph

    data = built_store.dataset_graph(include_ontology=True)
    test, hours = next(iter(data.subject_objects(NKG.durationHours)))
    data.set((test, NKG.durationHours, Literal(float(hours) + 5, datatype=XSD.double)))
    report = validate_graph(data)
    assert not report.conforms
    assert [v.focus for v in report.violations] == [str(test)]
    assert "is not nkg:duration's value in hours" in report.violations[0].message


# -- a store an older version wrote ---------------------------------------------------------------------

def _in_memory(store: KGStore, *, shortcuts: bool = True) -> KGStore:
    """``store``'s quads in a new store in memory; without the shortcuts, as an older version wrote it."""
    import pyoxigraph as ox

    copy = KGStore(None)
    shorts = set() if shortcuts else {str(s) for s, _ in VALUE_SHORTCUTS.values()}
    copy._store.extend(q for q in store._store if q.predicate.value not in shorts)
    assert shortcuts == any(copy._store.quads_for_pattern(None, ox.NamedNode(str(NKG.durationHours)), None))
    return copy


def _without_shortcuts(store: KGStore) -> KGStore:
    return _in_memory(store, shortcuts=False)


def test_a_query_reading_a_shortcut_says_what_an_old_store_lacks(built_store):
    old = _without_shortcuts(built_store)
    with pytest.raises(QueryError, match="no nkg:durationHours values.*older nasicon-kg.*'nasicon-kg build' or 'add'"):
        run(old, (ROOT / "queries" / "strategies.rq").read_text(encoding="utf-8"))
    assert run(old, (ROOT / "queries" / "papers.rq").read_text(encoding="utf-8"))[1]  # no shortcut read: runs


def test_reloading_the_ontology_writes_the_missing_shortcuts(built_store):
    """A write by a newer version reloads the ontology (its file changed) and writes the shortcuts of
    the papers an older version stored, so those papers are not missed by the queries."""
    old = _without_shortcuts(built_store)
    old._store.update(f"DELETE WHERE {{ GRAPH <{ONTOLOGY_GRAPH_IRI}> {{ ?g <{NKG.contentHash}> ?h }} }}")
    assert old.ensure_ontology() is True  # the stored ontology has no digest: as if an older one were loaded
    query = (ROOT / "queries" / "strategies.rq").read_text(encoding="utf-8")
    new = _in_memory(built_store)  # (GROUP_CONCAT's order may differ between an on-disk and an in-memory store)
    assert Counter(map(_row, run(old, query)[1])) == Counter(map(_row, run(new, query)[1]))
    assert len(old) == len(new)


def _row(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


# -- the rewritten queries -------------------------------------------------------------------------------

REWRITTEN = sorted(BEFORE.glob("*.rq"))
#: the rewrites that also changed how the rows are sorted: the columns their order is defined on
ORDERED = {"material_facts": ("role", "fact_type", "fact"), "viz_lifetime": ("strategy", "hours")}


def _now(name: str) -> Path:
    for folder in (ROOT / "queries", ROOT / "src" / "nasicon_kg" / "viz" / "queries"):
        if (folder / f"{name}.rq").is_file():
            return folder / f"{name}.rq"
    raise FileNotFoundError(name)


@pytest.fixture(scope="module")
def three(built_store):
    return copies(built_store, 3)


@pytest.mark.parametrize("before", REWRITTEN, ids=lambda p: p.stem)
def test_a_rewritten_query_gives_the_rows_the_old_text_gave(built_store, three, before):
    old, new = before.read_text(encoding="utf-8"), _now(before.stem).read_text(encoding="utf-8")
    assert old != new
    assert not [p for p in VALUE_SHORTCUTS if f"nkg:{local_name(p)}/qudt:numericValue" in new]
    for store in (built_store, three):
        old_cols, old_rows = run(store, old)
        new_cols, new_rows = run(store, new)
        assert new_cols == old_cols
        assert old_rows, "nothing to compare"
        assert Counter(map(_row, new_rows)) == Counter(map(_row, old_rows))
        if before.stem in ORDERED:
            keys = ORDERED[before.stem]
            assert [tuple(str(r.get(k)) for k in keys) for r in new_rows] == [
                tuple(str(r.get(k)) for k in keys) for r in old_rows]
