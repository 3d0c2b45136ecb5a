"""Tables -> facts.

Nothing here knows a particular paper's tables. Each column gets a *role* from its
header ("Solid electrolyte" -> electrolyte, "Thickness of the layer" -> thickness,
"Ionic conductivity, S cm⁻¹, at RT" -> conductivity in S/cm at 25 °C...), and the
table's kind follows from the roles it has:

- electrolyte + layer columns       -> :class:`InterfaceStrategy` per row
- composite column                  -> composite-electrolyte strategies with full-cell results
- composition + conductivity        -> :class:`PropertyMeasurement` per row

Rows whose identity cell is empty continue the record above (their cells add to it);
"group" cells (a Model column) fill down. Numbers go through the same quantity
parser as running text, so ranges ("20–25 μm"), bounds ("Less than 100 nm"),
"~" and "× 10⁻⁴" are handled once, for every table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..model import (Condition, Document, Evidence, Fact, FullCell, InterfaceStrategy,
                     PropertyMeasurement, SymmetricCell, Table)
from ..nlp.quantities import QuantityMention, find_quantities, parse_number
from ..units import convert, parse_unit
from ..readers.textutil import parse_citation_numbers
from .materials import MaterialResolver, strategy_type_of

# (role, header pattern). First match wins, so specific roles come first.
COLUMN_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (role, re.compile(pattern, re.I)) for role, pattern in (
        ("composite", r"composite"),
        ("thickness", r"thickness"),
        ("symmetric", r"symmetric|strip+ing|plating|li\s*\|\s*li"),
        ("full_cell", r"full[\s-]*cell"),
        ("electrolyte", r"electrolyte"),
        ("layer", r"layer|coating|interlayer|protection"),
        ("condition", r"condition"),
        ("cathode", r"cathode"),
        ("performance", r"performance|capacity"),
        ("conductivity", r"conductivity|σ"),
        ("composition", r"composition|material|compound"),
        ("model", r"model|family|type"),
        ("method", r"method|technique|deposition"),
        ("ref", r"^\s*ref"),
    )
)

IDENTITY_ROLES = ("layer", "composite", "composition")


def column_roles(header: tuple[str, ...]) -> list[str]:
    """The role of each column ("" when no rule applies)."""
    roles = []
    for cell in header:
        role = next((r for r, pat in COLUMN_ROLES if pat.search(cell)), "")
        roles.append(role if role not in roles else "")
    return roles


@dataclass
class _Record:
    cells: dict[str, list[str]] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)

    def text(self, role: str) -> str:
        return " ".join(c for c in self.cells.get(role, []) if c).strip()

    def first(self, role: str) -> str:
        return next((c for c in self.cells.get(role, []) if c), "")


def group_rows(table: Table, roles: list[str]) -> list[_Record]:
    """Group body rows into records: a row with an empty identity cell continues the one above."""
    identity = next((r for r in IDENTITY_ROLES if r in roles), None)
    records: list[_Record] = []
    carried: dict[str, str] = {}
    for i, row in enumerate(table.rows):
        cells = dict(zip(roles, row.cells))
        starts_new = not records or identity is None or bool(cells.get(identity, "").strip())
        if starts_new:
            records.append(_Record())
        rec = records[-1]
        rec.rows.append(i)
        for role, cell in cells.items():
            cell = cell.strip()
            if role == "model":  # group column: fill down
                carried[role] = cell or carried.get(role, "")
                cell = carried[role]
            if role:
                rec.cells.setdefault(role, []).append(cell)
    return records


def _header_unit(header: str) -> str | None:
    """A unit named in a header ("Ionic conductivity, S cm⁻¹, at RT" -> "S/cm")."""
    for part in re.split(r"[,;()]", header):
        unit = parse_unit(part.strip())
        if unit:
            return unit
    return None


def _header_temperature(header: str) -> float | None:
    for m in find_quantities(header):
        if m.quantity.kind == "temperature":
            return m.quantity.value
    return None


def _refs(text: str) -> tuple[int, ...]:
    nums = parse_citation_numbers(text.replace(" ", ""))
    return nums or ()


def _quantities(text: str, kind: str) -> list[QuantityMention]:
    return [m for m in find_quantities(text) if m.quantity.kind == kind]


def _in(unit: str, value: float | None, to: str) -> float | None:
    return None if value is None else float(f"{convert(value, unit, to):.12g}")


def _thickness_nm(text: str) -> tuple[float, float] | None:
    found = _quantities(text, "thickness")
    if not found:
        return None
    q = found[0].quantity
    lo, hi = q.bounds
    if q.qualifier in ("<", "<="):
        return (0.0, _in(q.unit, q.value, "nm"))
    return (_in(q.unit, lo, "nm"), _in(q.unit, hi, "nm"))


_CYCLES = re.compile(r"(\d+)\s*(?:cycles?|th cycle)", re.I)
_C_RATE = re.compile(r"(\d*\.?\d+)\s*C\b")
_RETENTION = re.compile(r"(?:CR\s*(?:is|=|:)?\s*(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s*capacity retention)", re.I)
_CE = re.compile(r"CE\s*(?:is|=|:)?\s*(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s*(?:coulombic|CE)", re.I)


def _first_float(pattern: re.Pattern, text: str) -> float | None:
    m = pattern.search(text)
    if not m:
        return None
    return float(next(g for g in m.groups() if g is not None))


def _split_conditions(text: str) -> tuple[str, str]:
    """Split a mixed condition cell into (symmetric part, full-cell part).

    What comes before the first mention of cycles, a C-rate, a cathode or a
    retention belongs to the symmetric cell; the rest to the full cell.
    """
    cut = len(text)
    for pat in (_CYCLES, _RETENTION, _CE, re.compile(r"\bcathode\b|\bLFP\b|\bNCM|\bLCO\b|\bLMO\b", re.I)):
        m = pat.search(text)
        if m:
            cut = min(cut, m.start())
    return text[:cut], text[cut:]


class TableExtractor:
    def __init__(self, document: Document, lexicon: Lexicon, resolver: MaterialResolver):
        self.doc = document
        self.lx = lexicon
        self.materials = resolver

    def facts(self) -> list[Fact]:
        out: list[Fact] = []
        for table in self.doc.tables:
            roles = column_roles(table.header)
            records = group_rows(table, roles)
            if "composite" in roles:
                out.extend(self._composites(table, roles, records))
            elif "electrolyte" in roles and "layer" in roles:
                out.extend(self._strategies(table, roles, records))
            elif "conductivity" in roles and ("composition" in roles or "model" in roles):
                out.extend(self._conductivities(table, roles, records))
        return out

    # -- evidence ---------------------------------------------------------------------
    def _evidence(self, table: Table, rec: _Record, refs: tuple[int, ...]) -> tuple[Evidence, ...]:
        evs = []
        for i in rec.rows:
            row = table.rows[i]
            evs.append(Evidence(text=self.doc.text[row.start:row.end], section=table.section,
                                start=row.start, end=row.end, origin="table", table=table.label,
                                row=i, cited_refs=refs))
        return tuple(evs)

    # -- strategy tables --------------------------------------------------------------
    def _strategies(self, table: Table, roles: list[str], records: list[_Record]) -> list[Fact]:
        out = []
        context = f"{table.caption} {table.footnote}"
        for rec in records:
            electrolyte_cell, layer_cell = rec.first("electrolyte"), rec.first("layer")
            electrolyte = self.materials.electrolyte(electrolyte_cell)
            layer = self.materials.layer(layer_cell)
            if electrolyte is None or layer is None:
                continue
            refs = _refs(rec.text("ref"))
            sym_text = rec.text("symmetric")
            cond_text = rec.text("condition")
            full_text = rec.text("full_cell")
            sym_cond, full_cond = _split_conditions(cond_text)
            symmetric = self._symmetric(sym_text, sym_cond)
            full = self._full_cell(" ".join(t for t in (full_text, full_cond) if t),
                                   symmetric_hours=symmetric is not None)
            conditions = self._conditions(sym_text)
            stype = strategy_type_of(layer.classes, layer.components, context + " " + layer_cell)
            out.append(InterfaceStrategy(
                evidence=self._evidence(table, rec, refs),
                confidence=0.95,
                electrolyte=electrolyte.label,
                layer=layer.label,
                components=layer.components,
                strategy_type=stype,
                method=self._method(rec.text("method")),
                thickness_nm=_thickness_nm(rec.text("thickness")),
                symmetric_cell=(symmetric,) if symmetric else (),
                full_cell=(full,) if full else (),
                problems=self.materials.problems_for(electrolyte, stype, context),
                inferred_problems=self.materials.inferred_problems(electrolyte, stype),
                conditions=conditions,
                cited_refs=refs,
            ))
        return out

    def _symmetric(self, sym_text: str, cond_text: str) -> SymmetricCell | None:
        hours = None
        durations = _quantities(sym_text, "duration")
        if durations:
            hours = _in(durations[0].quantity.unit, durations[0].quantity.value, "h")
        elif (n := parse_number(sym_text.split()[0] if sym_text.split() else "")) is not None:
            hours = n  # a bare number under a "..., hours" header
        if hours is None:
            return None
        both = f"{sym_text} {cond_text}"
        cd = _quantities(both, "current_density")
        temps = _quantities(sym_text, "temperature")
        return SymmetricCell(
            hours=hours,
            current_density_mA_cm2=_in(cd[0].quantity.unit, cd[0].quantity.value, "mA/cm2") if cd else None,
            temperature_C=_in(temps[0].quantity.unit, temps[0].quantity.value, "degC") if temps else None,
        )

    def _conditions(self, text: str) -> tuple[Condition, ...]:
        temps = _quantities(text, "temperature")
        if temps and temps[0].quantity.value > 30:
            return (Condition(kind="elevated_temperature", temperature_C=temps[0].quantity.value),)
        return ()

    def _full_cell(self, text: str, symmetric_hours: bool) -> FullCell | None:
        if not text.strip():
            return None
        cycles = _CYCLES.search(text)
        crate = _C_RATE.search(text)
        caps = _quantities(text, "capacity")
        cds = _quantities(text, "current_density")
        temps = _quantities(text, "temperature")
        cathode = self.materials.cathode_in(text)
        full = FullCell(
            cathode=cathode,
            cycles=int(cycles.group(1)) if cycles else None,
            c_rate=float(crate.group(1)) if crate else None,
            capacity_mAh_g=caps[0].quantity.value if caps else None,
            retention_pct=_first_float(_RETENTION, text),
            coulombic_efficiency_pct=_first_float(_CE, text),
            current_density_mA_cm2=_in(cds[0].quantity.unit, cds[0].quantity.value, "mA/cm2") if cds else None,
            temperature_C=_in(temps[0].quantity.unit, temps[0].quantity.value, "degC") if temps else None,
        )
        if full == FullCell(cathode=cathode):
            return None
        return full

    def _method(self, text: str) -> str:
        if not text:
            return ""
        term = self.lx.lookup(text)
        return term.pref_label if term is not None and term.category == "method" else ""

    # -- composite-electrolyte tables -------------------------------------------------
    def _composites(self, table: Table, roles: list[str], records: list[_Record]) -> list[Fact]:
        out: list[Fact] = []
        perf_header = next((h for h, r in zip(table.header, roles) if r == "performance"), "")
        perf_unit = _header_unit(perf_header)
        for rec in records:
            composite = self.materials.layer(rec.first("composite"))
            if composite is None:
                continue
            refs = _refs(rec.text("ref"))
            evidence = self._evidence(table, rec, refs)
            electrolyte = self.materials.nasicon_component(composite)
            fulls, cathode, stage = [], "", ""
            measurements: list[Fact] = []
            for i in rec.rows:
                cells = dict(zip(roles, table.rows[i].cells))
                cath_cell = cells.get("cathode", "").strip()
                if cath_cell:
                    found = self.materials.cathode_in(cath_cell)
                    if found:
                        cathode, stage = found, ""
                    else:
                        stage = cath_cell
                perf = cells.get("performance", "").strip()
                cond = cells.get("condition", "").strip()
                both = f"{perf} {cond}"
                retention = _first_float(_RETENTION, both)
                ce = _first_float(_CE, both)
                crate = _C_RATE.search(cond) or _C_RATE.search(perf)
                value = parse_number(perf) if perf and not re.search(r"[A-Za-z%]", perf) else None
                if value is not None and perf_unit == "mAh/g":
                    fulls.append(FullCell(cathode=cathode, capacity_mAh_g=value, stage=stage,
                                          c_rate=float(crate.group(1)) if crate else None,
                                          cycles=_cycles_of(stage)))
                elif (retention is not None or ce is not None) and fulls and not (
                        fulls[-1].retention_pct is not None and retention is not None):
                    last = fulls[-1]
                    fulls[-1] = FullCell(**{**last.__dict__,
                                            "retention_pct": retention if retention is not None else last.retention_pct,
                                            "coulombic_efficiency_pct": ce if ce is not None else last.coulombic_efficiency_pct})
                elif retention is not None or ce is not None:
                    fulls.append(FullCell(cathode=cathode, retention_pct=retention,
                                          coulombic_efficiency_pct=ce, stage=stage,
                                          c_rate=float(crate.group(1)) if crate else None,
                                          cycles=_cycles_of(stage)))
                for m in _quantities(both, "energy"):
                    measurements.append(PropertyMeasurement(
                        evidence=evidence, confidence=0.9, prop="ActivationEnergy",
                        material=composite.label, value=_in(m.quantity.unit, m.quantity.value, "eV"),
                        cited_refs=refs))
            if electrolyte is None:
                out.extend(measurements)
                continue
            out.append(InterfaceStrategy(
                evidence=evidence, confidence=0.9, electrolyte=electrolyte.label, layer=composite.label,
                components=composite.components, strategy_type="composite electrolyte",
                full_cell=tuple(fulls),
                problems=self.materials.problems_for(electrolyte, "composite electrolyte", table.caption),
                inferred_problems=self.materials.inferred_problems(electrolyte, "composite electrolyte"),
                cited_refs=refs))
            out.extend(measurements)
        return out

    # -- conductivity tables ------------------------------------------------------------
    def _conductivities(self, table: Table, roles: list[str], records: list[_Record]) -> list[Fact]:
        header = next((h for h, r in zip(table.header, roles) if r == "conductivity"), "")
        unit = _header_unit(header) or "S/cm"
        temperature = _header_temperature(header)
        out: list[Fact] = []
        for rec in records:
            composition = rec.first("composition") or rec.first("model")
            value_text = rec.first("conductivity")
            value = parse_number(value_text)
            if not composition or value is None:
                continue
            found = _quantities(value_text, "conductivity")
            if found:
                value = _in(found[0].quantity.unit, found[0].quantity.value, "S/cm")
            else:
                value = _in(unit, value, "S/cm") if parse_unit(unit) else value
            material = self.materials.material(composition)
            refs = _refs(rec.text("ref"))
            out.append(PropertyMeasurement(
                evidence=self._evidence(table, rec, refs), confidence=0.95, prop="IonicConductivity",
                material=material.label if material else composition, value=value,
                temperature_C=temperature, cited_refs=refs))
        return out


def _cycles_of(stage: str) -> int | None:
    m = re.search(r"(\d+)\s*(?:th|st|nd|rd)?\s*cycles?", stage, re.I)
    return int(m.group(1)) if m else None


def facts_from_tables(document: Document, lexicon: Lexicon,
                      resolver: MaterialResolver | None = None) -> list[Fact]:
    """Every fact the document's tables state, each with its table row(s) as evidence."""
    resolver = resolver or MaterialResolver.for_document(document, lexicon)
    return TableExtractor(document, lexicon, resolver).facts()
