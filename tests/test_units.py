"""Units: every spelling the literature uses maps to one key; conversions round-trip."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nasicon_kg.units import BASE_UNITS, UNITS, clean_unit_text, convert, parse_unit, to_base

QUDT = "http://qudt.org/vocab/unit/"
NKG = "https://w3id.org/nasicon-kg/ontology#"

SPELLINGS = {
    "mA/cm2": ["mA cm-2", "mA cm−2", "mA cm⁻²", "mA cm^-2", "mA/cm2", "mA cm<sup>-2</sup>",
               "mA cm <sup>-2</sup>", "mA·cm−2", "mA cm^{-2}", "mA/cm²", "mA cm -2", "mA.cm-2",
               "mA cm(cid:1)2", "mA cm ²", "mA cm$^{-2}$"],
    "uA/cm2": ["μA cm−2", "µA cm-2", "uA/cm2"],
    "A/cm2": ["A cm-2", "A/cm2"],
    "S/cm": ["S cm−1", "S/cm", "S cm-1", "S cm⁻¹", "S·cm−1", "\\text{ S cm}^{-1}", "S cm -1", "S cm −1",
             "S cm$^{-1}$", "Scm GLYPH<c0> 1", "S cm GLYPH&lt;0&gt; 1", "S cm(cid:0) 1", "S cm ¹", "Scm-1",
             "S cm\ufffd1"],
    "mS/cm": ["mS cm-1", "mS/cm", "mS cm⁻¹", "mS.cm -1", "mS.cm-1", "mScm−1", "mS·cm−1"],
    "S/m": ["S m-1", "S/m"],
    "mAh/g": ["mA h g-1", "mAh g−1", "mA g h-1", "mAh/g", "mA h g⁻¹", "mA g h <sup>-1</sup>"],
    "mAh/cm2": ["mAh cm-2", "mA h cm−2", "mAh/cm2"],
    "ohm cm2": ["Ω cm2", "ohm cm2", "Ohm cm^2", "Ω cm²", "Ω·cm2", "Ω cm<sup>2</sup>", "Ω cm ²"],
    "ohm": ["Ω", "ohm", "Ohms"],
    "ohm cm": ["Ω cm", "ohm cm"],
    "degC": ["°C", "oC", "ºC", "℃", "° C"],
    "K": ["K"],
    "h": ["h", "hours", "hrs", "hr", "hour"],
    "min": ["min", "minutes"],
    "s": ["s", "sec", "seconds"],
    "day": ["days", "day"],
    "um": ["μm", "µm", "um", "\\mu\\text{m}"],
    "nm": ["nm"],
    "mm": ["mm"],
    "cm": ["cm"],
    "wt%": ["wt%", "wt.%", "wt. %", "wt %"],
    "%": ["%"],
    "C": ["C"],
    "eV": ["eV"],
    "V": ["V"],
    "cycle": ["cycles", "cycle"],
    "GPa": ["GPa"],
}


@pytest.mark.parametrize("key,spelling", [(k, s) for k, ss in SPELLINGS.items() for s in ss])
def test_parse_unit_spellings(key, spelling):
    assert parse_unit(spelling) == key


@pytest.mark.parametrize("text", ["", "foo", "mA", "cm-2", "S", "g", "m", "mA cm-3", "the", "S cm-1 cm-1",
                                  "/cm", "mA/", "x" * 200])
def test_parse_unit_rejects(text):
    assert parse_unit(text) is None


def test_required_keys_and_kinds():
    required = {"nm": "thickness", "um": "thickness", "mm": "thickness", "cm": "thickness",
                "h": "duration", "min": "duration", "s": "duration", "day": "duration",
                "mA/cm2": "current_density", "uA/cm2": "current_density", "A/cm2": "current_density",
                "S/cm": "conductivity", "mS/cm": "conductivity", "S/m": "conductivity",
                "mAh/g": "capacity", "mAh/cm2": "areal_capacity", "%": "percentage",
                "wt%": "mass_fraction", "degC": "temperature", "K": "temperature", "eV": "energy",
                "V": "voltage", "ohm cm2": "area_resistance", "ohm": "resistance",
                "ohm cm": "resistivity", "C": "c_rate", "cycle": "cycles", "GPa": "modulus"}
    for key, kind in required.items():
        assert UNITS[key].kind == kind, key
        assert UNITS[key].key == key


def test_qudt_iris():
    assert UNITS["h"].qudt == QUDT + "HR"
    assert UNITS["S/cm"].qudt == QUDT + "S-PER-CentiM"
    assert UNITS["mS/cm"].qudt == QUDT + "MilliS-PER-CentiM"
    assert UNITS["nm"].qudt == QUDT + "NanoM"
    assert UNITS["um"].qudt == QUDT + "MicroM"
    assert UNITS["mAh/g"].qudt == QUDT + "MilliA-HR-PER-GM"
    assert UNITS["%"].qudt == QUDT + "PERCENT"
    assert UNITS["degC"].qudt == QUDT + "DEG_C"
    assert UNITS["eV"].qudt == QUDT + "EV"
    assert UNITS["V"].qudt == QUDT + "V"
    assert UNITS["A/cm2"].qudt == QUDT + "A-PER-CentiM2"
    assert UNITS["mA/cm2"].qudt == NKG + "MilliA-PER-CentiM2"
    assert UNITS["ohm cm2"].qudt == NKG + "OHM-CentiM2"
    for unit in UNITS.values():
        assert unit.qudt.startswith((QUDT, NKG))


def test_base_units():
    assert BASE_UNITS["thickness"] == "nm"
    assert BASE_UNITS["duration"] == "h"
    assert BASE_UNITS["current_density"] == "mA/cm2"
    assert BASE_UNITS["conductivity"] == "S/cm"
    assert BASE_UNITS["temperature"] == "degC"


def test_convert_examples():
    assert convert(2, "um", "nm") == pytest.approx(2000)
    assert convert(90, "min", "h") == pytest.approx(1.5)
    assert convert(3, "day", "h") == pytest.approx(72)
    assert convert(1, "mS/cm", "S/cm") == pytest.approx(1e-3)
    assert convert(1, "S/m", "S/cm") == pytest.approx(0.01)
    assert convert(100, "uA/cm2", "mA/cm2") == pytest.approx(0.1)
    assert convert(298.15, "K", "degC") == pytest.approx(25)
    assert convert(60, "degC", "K") == pytest.approx(333.15)
    assert to_base(5, "mm") == (pytest.approx(5e6), "nm")


def test_convert_refuses_other_kinds():
    with pytest.raises(ValueError, match="cannot convert"):
        convert(1, "nm", "h")
    with pytest.raises(ValueError, match="unknown unit"):
        convert(1, "furlong", "nm")


def test_clean_unit_text():
    assert clean_unit_text("mA cm<sup>-2</sup>") == "mA cm-2"
    assert clean_unit_text("µm") == clean_unit_text("μm") == "um"


_PAIRS = [(a, b) for a in UNITS for b in UNITS if UNITS[a].kind == UNITS[b].kind]


@given(st.sampled_from(_PAIRS), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_convert_round_trips(pair, value):
    a, b = pair
    back = convert(convert(value, a, b), b, a)
    assert math.isclose(back, value, rel_tol=1e-9, abs_tol=1e-6)


def test_a_lost_minus_is_read_only_where_the_unit_needs_it():
    assert parse_unit("S cm ¹") == "S/cm"      # "S cm¹" is no unit: the minus was lost
    assert parse_unit("Ω cm ²") == "ohm cm2"   # "Ω cm²" is one: read as written
    assert parse_unit("S cm ¹ ¹") is None


@given(st.sampled_from([" ", "cm", " -", "<sup>", "^", "(cid:1)", "GLYPH<", "wt", ".", "deg", "°"]),
       st.integers(min_value=1000, max_value=20000))
def test_clean_unit_text_is_linear_on_long_runs(piece, times):
    text = piece * times + "x"
    assert isinstance(clean_unit_text(text), str)
    assert parse_unit(text) is None
