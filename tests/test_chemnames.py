"""Systematic names of simple inorganic compounds -> formulas (nlp/chemnames.py)."""
from __future__ import annotations

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


@given(st.sampled_from(SINGLE), st.sampled_from(sorted(ANIONS)))
def test_every_formula_parses_and_balances_its_charges(cation, anion):
    formula = formula_from_name(f"{cation} {anion}")
    parsed = parse_formula(formula, strict=False)
    assert parsed is not None
    symbol, valence = CATIONS[cation]
    part, charge, _ = ANIONS[anion]
    counts = dict((s, float(n or 1)) for s, n in parsed.elements)  # the cation is written first, once
    first = parsed.elements[0]
    assert first[0] == symbol
    n_cation = float(first[1] or 1)
    n_anion = (formula.count(part) if "(" not in formula else
               float(formula.rsplit(")", 1)[1] or 1))
    if "(" not in formula:
        rest = formula[len(symbol) + len(first[1]):]
        n_anion = float(rest[len(part):] or 1)
    assert n_cation * valence == n_anion * charge
    assert counts
