"""Prose extraction on a real paper no rule was written against: Put et al., J. Electrochem. Soc.
2019, 166, A1239 (plasma-assisted ALD of LiPO(N)), read from its publisher PDF in ../shared/pdfs.

STATED lists, by hand, every ionic conductivity the paper's text states (material as the sentence or
its context names it, value in S/cm). Every conductivity we extract must be one of them; the recall
floor is what we measured (docs/evaluation.md) so that it cannot silently fall.
"""
from __future__ import annotations

import pytest

from .conftest import SHARED

PDF = SHARED / "pdfs" / "put2019_jes_ald_lipon.pdf"

STATED = [
    ("Li3PO4", 1e-10),   # "Li3PO4 is shown to yield a conductivity of 10⁻¹⁰ S/cm at 25°C."
    ("LiPON", 5e-7),     # "an optimized LiPON process gave rise to a Li-ion conductivity of 5 10⁻⁷ S/cm"
    ("LiPON", 1e-6),     # "... good Li-ion conductivity (10⁻⁶ S/cm at 25°C)" (LiPON, by context)
    ("Li3PO4", 1e-8),    # "also Li3PO4 ... lower ionic conductivity (10⁻⁸ S/cm at 25°C) in amorphous form"
    ("Li3PO4", 1e-18),   # "Crystalline Li3PO4 ... only provides a conductivity of 10⁻¹⁸ S/cm"
    ("Li3PO4", 1.4e-10), # "Layers deposited at 200°C ... 1.4 10⁻¹⁰ S/cm" (Li3PO4 layers, by context)
    ("LiPON", 1e-8),     # "the N2 plasma is essential in promoting ... up to 10⁻⁸ S/cm"
    ("LiPON", 2e-7),     # "up to a value of 2.10–7 S/cm" (typeset 2·10⁻⁷)
    ("LiPON", 5e-7),     # "enhances the conductivity up to 5.10–7 S/cm"
    ("LiPON", 5e-7),     # "saturation seems to appear from 5 × 10⁻⁷ S/cm on"
]


@pytest.fixture(scope="module")
def conductivities():
    if not PDF.exists():
        pytest.skip("../shared/pdfs is not beside the repository")
    from nasicon_kg.extract import extract_facts
    from nasicon_kg.readers import read_document

    facts = extract_facts(read_document(PDF), sources="text")
    return [f for f in facts if getattr(f, "prop", "") == "IonicConductivity"]


def test_every_extracted_conductivity_is_one_the_paper_states(conductivities):
    for fact in conductivities:
        assert any(fact.material == m and fact.value == pytest.approx(v, rel=0.01) for m, v in STATED), fact


def test_recall_does_not_fall(conductivities):
    found = {(f.material, round(f.value, 20)) for f in conductivities}
    assert len(found) >= 6, found  # measured: 6 distinct statements of 10 (docs/evaluation.md)
