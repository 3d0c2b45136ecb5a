"""Systematic names of simple inorganic compounds -> formulas (nlp/chemnames.py)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nasicon_kg.nlp.chemnames import ANIONS, CATIONS, formula_from_name, is_compound_name
from nasicon_kg.nlp.formula import parse_formula


@pytest.mark.parametrize("name,formula", [
    ("magnesium nitride", "Mg3N2"), ("aluminium oxide", "Al2O3"), ("aluminum fluoride", "AlF3"),
    ("Tin(IV) oxide", "SnO2"), ("tin (II) fluoride", "SnF2"), ("titanium dioxide", "TiO2"),
    ("lithium phosphate", "Li3PO4"), ("calcium phosphate", "Ca3(PO4)2"), ("indium chloride", "InCl3"),
    ("silver iodide", "AgI"), ("boron nitride", "BN"), ("zirconium oxide", "ZrO2"),
])
def test_balanced_names(name, formula):
    assert formula_from_name(name) == formula


@pytest.mark.parametrize("name", ["copper oxide", "tin oxide", "magnesiumnitride", "lead to lithium oxide",
                                  "zinc blende", "lithium metal", "oxide"])
def test_names_the_grammar_cannot_balance_give_none(name):
    assert formula_from_name(name) is None


def test_a_name_of_the_right_shape_is_a_compound_even_unbalanced():
    assert is_compound_name("copper oxide") and is_compound_name("tin(IV) oxide")
    assert not is_compound_name("lead to lithium oxide") and not is_compound_name("lithium metal")


SINGLE = sorted(k for k, (_, v) in CATIONS.items() if v)


def _counts(formula: str, symbol: str, part: str) -> tuple[int, int]:
    """(cations, anions) of a formula the grammar writes: "Ca3(PO4)2" -> (3, 2), "AlF3" -> (1, 3)."""
    m = re.fullmatch(rf"{symbol}(\d*)(?:\({re.escape(part)}\)(\d+)|{re.escape(part)}(\d*))", formula)
    assert m, formula
    return int(m[1] or 1), int(m[2] or m[3] or 1)


@given(st.sampled_from(SINGLE), st.sampled_from(sorted(ANIONS)))
def test_every_formula_parses_and_balances_its_charges(cation, anion):
    formula = formula_from_name(f"{cation} {anion}")
    assert parse_formula(formula, strict=False) is not None
    symbol, valence = CATIONS[cation]
    part, charge, _ = ANIONS[anion]
    cations, anions = _counts(formula, symbol, part)
    assert cations * valence == anions * charge
