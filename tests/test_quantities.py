"""Quantities in running text: values, ranges, bounds, scientific notation, C-rates."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasicon_kg.nlp.quantities import find_quantities, parse_number, parse_quantity, parse_range


@pytest.mark.parametrize("text,value", [
    ("9.6 × 10⁻⁴", 9.6e-4), ("9.6 x 10^-4", 9.6e-4), ("10⁻³", 1e-3), ("10^-3", 1e-3),
    ("1.5e-3", 1.5e-3), ("4.49 ± 0.31 × 10−3", 4.49e-3), ("30 000", 30000), ("30\u2009000", 30000),
    ("2,000", 2000), ("0.5", 0.5), ("−20", -20), ("3.2 × 10<sup>-4</sup>", 3.2e-4),
    ("1.2 × 10−4", 1.2e-4), ("7 × 10^(-5)", 7e-5), ("12", 12), (".5", 0.5),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "10^99999", "Fig. 2", "1,23", "--3", "x"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def test_parse_range():
    assert parse_range("0.2–0.5") == (0.2, 0.5)
    assert parse_range("from 30 to 280") == (30, 280)
    assert parse_range("1-2") == (1, 2)
    assert parse_range("between 3 and 4") == (3, 4)
    assert parse_range("12") is None


def one(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start:q.end] == q.text
    return q


@pytest.mark.parametrize("text,span,value,unit,qualifier", [
    ("The pellet reached 4.49 ± 0.31 × 10−3 S cm−1 after sintering.", "4.49 ± 0.31 × 10−3 S cm−1",
     4.49e-3, "S/cm", ""),
    ("a conductivity of ~10⁻³ S cm⁻¹ was found", "~10⁻³ S cm⁻¹", 1e-3, "S/cm", "~"),
    ("The layer was approximately 15 nm thick.", "approximately 15 nm", 15, "nm", "~"),
    ("a film of around 200 nm", "around 200 nm", 200, "nm", "~"),
    ("nearly 800 hours of cycling", "nearly 800 hours", 800, "h", "~"),
    ("≈ 5 μm thick", "≈ 5 μm", 5, "um", "~"),
    ("grains less than 100 nm across", "less than 100 nm", 100, "nm", "<"),
    ("grains <100 nm across", "<100 nm", 100, "nm", "<"),
    ("stable up to 600 hours", "up to 600 hours", 600, "h", "<="),
    ("more than 2000 hours", "more than 2000 hours", 2000, "h", ">"),
    ("stable over 500 cycles", "over 500 cycles", 500, "cycle", ">"),
    ("current exceeding 1 mA cm-2 caused shorts", "exceeding 1 mA cm-2", 1, "mA/cm2", ">"),
    ("cycled at 0.1C for a long time", "0.1C", 0.1, "C", ""),
    ("95.2% capacity retention", "95.2%", 95.2, "%", ""),
    ("with 8 wt% LiTFSI", "8 wt%", 8, "wt%", ""),
    ("with 10 wt.% SiO2 filler", "10 wt.%", 10, "wt%", ""),
    ("heated at 170 °C in air", "170 °C", 170, "degC", ""),
    ("operated at 60°C.", "60°C", 60, "degC", ""),
    ("a capacity of 150 mAh g−1", "150 mAh g−1", 150, "mAh/g", ""),
    ("delivered 160 mA g h <sup>-1</sup> after", "160 mA g h <sup>-1</sup>", 160, "mAh/g", ""),
    ("an interfacial resistance of 250 Ω cm2", "250 Ω cm2", 250, "ohm cm2", ""),
    ("activation energy of 0.35 eV", "0.35 eV", 0.35, "eV", ""),
    ("stable to 5 V vs. Li/Li+", "5 V", 5, "V", ""),
    ("measured at 300 K", "300 K", 300, "K", ""),
    ("cooled to −20 °C", "−20 °C", -20, "degC", ""),
    ("a modulus of 6 GPa", "6 GPa", 6, "GPa", ""),
    ("conditioned for 5 min in each direction", "5 min", 5, "min", ""),
    ("for 2000 hours at low current", "2000 hours", 2000, "h", ""),
    ("an areal capacity of 1 mAh cm−2", "1 mAh cm−2", 1, "mAh/cm2", ""),
    ("at 0.05 mA cm<sup>-2</sup>.", "0.05 mA cm<sup>-2</sup>", 0.05, "mA/cm2", ""),
    ("after 30 000 h of storage", "30 000 h", 30000, "h", ""),
    ("conductivity of 10-3 S cm-1 (flattened superscript)", "10-3 S cm-1", 1e-3, "S/cm", ""),
])
def test_single_values(text, span, value, unit, qualifier):
    q = one(text)
    assert q.text == span
    assert q.quantity.value == pytest.approx(value)
    assert q.quantity.unit == unit
    assert q.quantity.qualifier == qualifier
    assert q.quantity.low == q.quantity.high == pytest.approx(value)


@pytest.mark.parametrize("text,span,low,high,unit,qualifier", [
    ("a 20–25 μm thick membrane", "20–25 μm", 20, 25, "um", ""),
    ("coated with 1-2 μm of Ge", "1-2 μm", 1, 2, "um", ""),
    ("a ~1–2 μm film", "~1–2 μm", 1, 2, "um", "~"),
    ("thickness from 30 to 280 nm", "from 30 to 280 nm", 30, 280, "nm", ""),
    ("at 0.2–0.5 mA cm-2 the cell shorted", "0.2–0.5 mA cm-2", 0.2, 0.5, "mA/cm2", ""),
    ("layers of 20 nm to 25 nm", "20 nm to 25 nm", 20, 25, "nm", ""),
    ("between 1 and 2 V", "between 1 and 2 V", 1, 2, "V", ""),
    ("from 60 – 80 °C", "from 60 – 80 °C", 60, 80, "degC", ""),
])
def test_ranges(text, span, low, high, unit, qualifier):
    q = one(text)
    assert q.text == span
    assert (q.quantity.low, q.quantity.high) == (pytest.approx(low), pytest.approx(high))
    assert q.quantity.value == pytest.approx((low + high) / 2)
    assert q.quantity.unit == unit and q.quantity.qualifier == qualifier


def test_c_rates_and_room_temperature():
    found = find_quantities("Full cells ran at 1 C and C/10 at room temperature, then at 2C at RT.")
    got = [(q.text, q.quantity.value, q.quantity.unit, q.quantity.qualifier) for q in found]
    assert got == [("1 C", 1.0, "C", ""), ("C/10", 0.1, "C", ""),
                   ("room temperature", 25.0, "degC", "RT"), ("2C", 2.0, "C", ""),
                   ("RT", 25.0, "degC", "RT")]
    assert all(q.quantity.kind in ("c_rate", "temperature") for q in found)


def test_kinds_come_from_units():
    kinds = [q.quantity.kind for q in find_quantities(
        "A 60 nm ZnO layer ran 1000 h at 0.1 mA cm−2 and 25 °C, with 3 × 10⁻⁴ S cm⁻¹.")]
    assert kinds == ["thickness", "duration", "current_density", "temperature", "conductivity"]


@pytest.mark.parametrize("text", [
    "as shown in Fig. 2a and Table 3",
    "published in (2019) by Hao",
    "the ratio (50 : 50) of the blend",
    "Li1.3Al0.3Ti1.7(PO4)3 and Li7La3Zr2O12 were used",
    "reference 12, 15 and 18",
    "x = 0.2–0.5 in the formula",
    "the 3D structure with 2 samples",
    "Ti4+ reduced to Ti3+",
    "LiNi0.8Co0.1Mn0.1O2 cathodes in 2032 coin cells",
])
def test_no_false_quantities(text):
    assert find_quantities(text) == []


def test_offsets_in_longer_text():
    text = ("Hao et al. utilized 200 nm ZnO as a protective layer; the Li|ZnO-LATP|Li cell "
            "ran for 1500 h at 0.13 mA cm⁻² and 50 °C, whereas the bare cell failed after ~40 h.")
    found = find_quantities(text)
    assert [q.text for q in found] == ["200 nm", "1500 h", "0.13 mA cm⁻²", "50 °C", "~40 h"]
    for q in found:
        assert text[q.start:q.end] == q.text


def test_parse_quantity_table_cells():
    assert parse_quantity("~120 μm").unit == "um"
    q = parse_quantity("~120", unit="um")
    assert (q.value, q.unit, q.qualifier, q.kind) == (120, "um", "~", "thickness")
    q = parse_quantity("0.2–0.5", unit="mA/cm2")
    assert (q.low, q.high) == (0.2, 0.5)
    assert parse_quantity("n/a", unit="um") is None
    assert parse_quantity("12") is None


# ------------------------------------------------------------------ properties

_FORMATS = {
    "nm": ["{} nm"], "um": ["{} μm", "{} µm", "{}μm", "{} um"],
    "h": ["{} h", "{} hours", "{}h"],
    "mA/cm2": ["{} mA cm−2", "{} mA cm⁻²", "{} mA/cm2", "{} mA cm<sup>-2</sup>", "{} mA cm^-2"],
    "S/cm": ["{} S cm−1", "{} S/cm", "{} S cm⁻¹"],
    "mAh/g": ["{} mAh g−1", "{} mA h g-1", "{} mAh/g"],
    "ohm cm2": ["{} Ω cm2", "{} ohm cm2", "{} Ω cm²"],
    "degC": ["{} °C", "{}°C", "{} oC"],
    "%": ["{}%", "{} %"], "wt%": ["{} wt%", "{} wt.%"], "eV": ["{} eV"], "V": ["{} V"],
    "cycle": ["{} cycles"], "C": ["{}C", "{} C"],
}


def _spell(value: float, style: int) -> str:
    if style == 0:
        return f"{value:g}"
    if style == 1:
        return f"{value:.3f}"
    mantissa, exponent = f"{value:.2e}".split("e")
    exp = int(exponent)
    if style == 2:
        return f"{mantissa} × 10^{exp}"
    sup = str(exp).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{sup}"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_FORMATS)), st.data(),
       st.floats(min_value=1e-6, max_value=1e5, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3))
def test_format_then_find_gives_value_back(unit, data, value, style):
    fmt = data.draw(st.sampled_from(_FORMATS[unit]))
    number = _spell(value, style)
    text = f"The sample showed {fmt.format(number)} in this test."
    found = find_quantities(text)
    assert len(found) == 1, (text, found)
    q = found[0].quantity
    assert q.unit == unit
    assert math.isclose(q.value, float(parse_number(number)), rel_tol=1e-9)
    assert math.isclose(q.value, value, rel_tol=5e-3, abs_tol=5e-4)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,-–~×x^⁻²³°CmAhgSΩμ%/()<>abcRT\n")), max_size=80))
def test_find_quantities_never_raises(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.start < q.end


@given(st.text(max_size=60))
def test_parsers_never_raise_on_any_text(text):
    find_quantities(text)
    parse_number(text)
    parse_range(text)
    parse_quantity(text, unit="nm")


def test_descending_from_to_is_a_change_not_a_range():
    text = "the resistance decreased from 30 000 to 280 Ω after heating"
    got = [(q.text, q.quantity.value, q.quantity.unit) for q in find_quantities(text)]
    assert got == [("30 000", 30000.0, "ohm"), ("280 Ω", 280.0, "ohm")]


def test_pdf_text_that_lost_its_times_sign():
    """'5 10⁻⁷ S/cm' is 5 × 10⁻⁷ (symbol fonts drop ×), but '5 10-7' without a raised exponent is not read so."""
    found = find_quantities("a Li-ion conductivity of 5 10⁻⁷ S/cm at 25°C")
    assert found[0].quantity.value == pytest.approx(5e-7) and found[0].quantity.unit == "S/cm"
    assert find_quantities("of 10⁻¹⁸ S/cm")[0].quantity.value == pytest.approx(1e-18)
