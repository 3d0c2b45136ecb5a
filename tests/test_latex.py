"""Inline LaTeX to plain text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasicon_kg.readers.latex import ACCENTS, GREEK, OPERATORS, PREFIXES, latex_to_text


@pytest.mark.parametrize("src, expected", [
    (r"\text{Li}_{1.3}\text{Al}_{0.3}\text{Ti}_{1.7}(\text{PO}_4)_3", "Li1.3Al0.3Ti1.7(PO4)3"),
    (r"3 \times 10^{-4}", "3 × 10⁻⁴"),
    (r"\sim 1\text{--}2 \text{ }\mu\text{m}", "~1–2 μm"),
    (r"60^\circ\text{C}", "60°C"),
    (r"60^{\circ}\mathrm{C}", "60°C"),
    (r"R\bar{3}c", "R-3c"),
    (r"\text{NCM}_{811}", "NCM811"),
    (r"4.49 \pm 0.31 \times 10^{-3} \text{ S cm}^{-1}", "4.49 ± 0.31 × 10⁻³ S cm⁻¹"),
    (r"\text{Ti}^{4+}", "Ti⁴⁺"),
    (r"280 \text{ ohm cm}^{-1}", "280 ohm cm⁻¹"),
    (r"10^{-3}\,\Omega\,\mathrm{cm}^2", "10⁻³ Ω cm²"),
    (r"\alpha\text{-Al}_2\text{O}_3", "α-Al2O3"),
    (r"\unknowncommand{kept}", "kept"),
    (r"\frac{1}{2}", "1/2"),
    (r"t_+", "t+"),
    (r"{{unbalanced", "unbalanced"),
    (r"stray}}\\", "stray"),
    ("", ""),
])
def test_latex_to_text(src, expected):
    assert latex_to_text(src) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\{}^_$~-abcAB12 +.()[]&%")), max_size=60))
def test_never_raises(src):
    assert isinstance(latex_to_text(src), str)


_KNOWN = sorted(set(GREEK) | set(OPERATORS) | set(PREFIXES) | {"text", "mathrm", "mathbf", "frac", "sqrt"}
                | set(ACCENTS))
_atom = st.one_of(
    st.text(alphabet="abcXYZ0123456789+-. ", min_size=1, max_size=4),
    st.sampled_from(_KNOWN).map(lambda name: "\\" + name + " "),
)


@st.composite
def _formula(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 3 if depth < 3 else 0))
        if choice == 0:
            parts.append(draw(_atom))
        elif choice == 1:
            parts.append("\\" + draw(st.sampled_from(_KNOWN)) + "{" + draw(_formula(depth + 1)) + "}")
        elif choice == 2:
            parts.append("_{" + draw(_formula(depth + 1)) + "}")
        else:
            parts.append("^{" + draw(_formula(depth + 1)) + "}")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_formula())
def test_known_commands_leave_no_markup(src):
    out = latex_to_text(src)
    assert "\\" not in out and "{" not in out and "}" not in out
