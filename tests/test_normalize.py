"""Material normalisation against a small lexicon built here from Term objects."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nasicon_kg.lexicon import Lexicon, Term
from nasicon_kg.normalize import (
    CLASSES, MATERIAL_NS, clean_label, infer_class, label_key, material_iri, nasicon_family,
    normalize_material,
)

M = MATERIAL_NS


def term(local, pref, *labels, classes=(), formula="", category="material"):
    return Term(iri=M + local, pref_label=pref, labels=(pref, *labels), category=category,
                classes=tuple(classes), formula=formula)


LEX = Lexicon([
    term("LATP", "LATP", "lithium aluminium titanium phosphate", "Li1+xAlxTi2-x(PO4)3",
         classes=("LATP", "NASICONElectrolyte", "SolidElectrolyte", "Material"), formula="Li1+xAlxTi2-x(PO4)3"),
    term("LAGP", "LAGP", classes=("LAGP", "NASICONElectrolyte", "SolidElectrolyte", "Material"),
         formula="Li1+xAlxGe2-x(PO4)3"),
    term("Li3PO4", "Li3PO4", "lithium phosphate", classes=("LithiumSalt", "Material"), formula="Li3PO4"),
    term("ZnO", "ZnO", "zinc oxide", classes=("Oxide", "Material"), formula="ZnO"),
    term("AZO", "AZO", "Al-doped ZnO", "aluminium-doped zinc oxide", classes=("DopedOxide", "Oxide", "Material")),
    term("PVC", "PVC", "poly(vinyl chloride)", classes=("Polymer", "Material")),
    term("PEO", "PEO", "poly(ethylene oxide)", classes=("Polymer", "Material")),
    term("LiTFSI", "LiTFSI", classes=("LithiumSalt", "Material")),
    term("Ge", "Ge", "germanium", classes=("Metal", "Material"), formula="Ge"),
    term("Li", "Li", "lithium", "Li metal", classes=("Metal", "Material"), formula="Li"),
    term("sputtering", "magnetron sputtering", "magnetron sputtering technique", category="method"),
])


def norm(text, abbreviations=None):
    return normalize_material(text, LEX, abbreviations)


@pytest.mark.parametrize("text,key", [
    ("LATP", "LATP"), ("latp", "LATP"), ("Li3PO4", "Li3PO4"), ("Li₃PO₄", "Li3PO4"),
    ("lithium phosphate", "Li3PO4"), ("Li<sub>3</sub>PO<sub>4</sub>", "Li3PO4"),
    ("$\\text{Li}_{3}\\text{PO}_{4}$", "Li3PO4"), ("Li1+xAlxTi2−x(PO4)3", "LATP"),
    ("Li1+xAlxTi2-x(PO4)3", "LATP"), ("lithium aluminum titanium phosphate", "LATP"),
    ("Al doped ZnO", "AZO"), ("aluminum-doped zinc oxide", "AZO"), ("  ZnO ", "ZnO"), ("Li metal", "Li"),
])
def test_known_materials(text, key):
    e = norm(text)
    assert e.known and e.key == key
    assert e.iri == M + key
    assert e.label == LEX.lookup(key).pref_label


def test_known_entity_fields():
    e = norm("LATP")
    assert (e.cls, e.is_nasicon, e.formula) == ("LATP", True, "Li1+xAlxTi2-x(PO4)3")
    z = norm("zinc oxide")
    assert (z.cls, z.is_nasicon, z.known) == ("Oxide", False, True)


def test_paper_abbreviation_resolves_through_long_form():
    assert norm("AZO", {"AZO": "alumina doped ZnO"}).key == "AZO"  # matches no label, but the term's own
    e = norm("PVC", {"PVC": "poly(vinylene carbonate)"})
    assert e.key != "PVC" and not e.known
    assert e.label == "poly(vinylene carbonate)" and e.cls == "Polymer"
    assert norm("PVC").key == "PVC"  # without the paper's definition the ontology's PVC stands
    # a formula long form in the same family keeps the ontology term
    assert norm("LATP", {"LATP": "Li1.3Al0.3Ti1.7(PO4)3"}).key == "LATP"
    # a definition that names a method is not a material
    assert norm("MST", {"MST": "magnetron sputtering technique"}) is None


def test_known_long_form_wins():
    e = norm("PEOX", {"PEOX": "poly(ethylene oxide)"})
    assert e.known and e.key == "PEO"


@pytest.mark.parametrize("formula,cls", [
    ("Li1.3Al0.3Ti1.7(PO4)3", "LATP"), ("Li1.5Al0.5Ge1.5(PO4)3", "LAGP"),
    ("Li1.4Al0.4Ti1.4Ge0.2(PO4)3", "LATGP"), ("Li1.5Cr0.5Ti1.5(PO4)3", "NASICONElectrolyte"),
    ("Li₁.₃Al₀.₃Ti₁.₇(PO₄)₃", "LATP"),
])
def test_nasicon_compositions_are_their_own_entities(formula, cls):
    e = norm(formula)
    assert not e.known and e.is_nasicon and e.cls == cls
    assert e.label == e.key == e.formula
    assert "₃" not in e.label
    assert e.iri == material_iri(e.key)


def test_nasicon_family():
    assert nasicon_family("Li1.3Al0.3Ti1.7(PO4)3") == "LATP"
    assert nasicon_family("LiTi2(PO4)3") == "NASICONElectrolyte"
    assert nasicon_family("Li3PO4") is None
    assert nasicon_family("LiAlTiO4") is None  # no phosphate framework


@pytest.mark.parametrize("text,label", [("a-LAGP", "a-LAGP"), ("amorphous LAGP", "a-LAGP"),
                                        ("glassy LAGP", "a-LAGP")])
def test_amorphous_nasicon_is_a_glass(text, label):
    e = norm(text)
    assert (e.label, e.cls, e.is_nasicon, e.known) == (label, "GlassElectrolyte", True, False)
    assert e.key == "a-LAGP"


def test_amorphous_non_nasicon_keeps_the_material():
    assert norm("amorphous Ge").key == "Ge"


def test_doped():
    e = norm("Nb-doped LATP")
    assert e.cls == "LATP" and e.is_nasicon and not e.known
    assert norm("Mg-doped ZnO").cls == "DopedOxide"


@pytest.mark.parametrize("text,cls,components", [
    ("PEO/LiTFSI", "PolymerElectrolyte", ("PEO", "LiTFSI")),
    ("PEO and LATP", "HybridMaterial", ("PEO", "LATP")),
    ("LiF-Li3PO4", "Nanocomposite", ("LiF", "Li3PO4")),
    ("ZnO/Al2O3", "Nanocomposite", ("ZnO", "Al2O3")),
])
def test_mixtures(text, cls, components):
    e = norm(text)
    assert e.cls == cls and e.components == components and not e.known
    assert e.key == label_key("/".join(components))


def test_unknown_words_are_not_mixture_parts():
    e = norm("carbon nanotube and something")
    assert e.components == ()


@pytest.mark.parametrize("label,formula,cls", [
    ("CuO", "CuO", "Oxide"), ("Ta2O5", "", "Oxide"), ("Al-doped ZnO", "", "DopedOxide"),
    ("MgF2", "MgF2", "Fluoride"), ("AlF3", "", "Fluoride"), ("GaN", "", "Nitride"), ("Li3N", "", "Nitride"),
    ("BN", "BN", "Nitride"), ("Sn", "Sn", "Metal"), ("Au", "", "Metal"), ("Li3PO4", "", "LithiumSalt"),
    ("LiBF4", "", "LithiumSalt"), ("LiClO4", "", "LithiumSalt"), ("Li2CO3", "", "LithiumSalt"),
    ("LiCF3SO3", "", "LithiumSalt"), ("LiNO3", "", "LithiumSalt"), ("LiFSI", "", "LithiumSalt"),
    ("LiBOB", "", "LithiumSalt"), ("Li2S", "", "LithiumSalt"), ("ZnS", "", "Sulfide"),
    ("poly(ethylene glycol)", "", "Polymer"), ("polyacrylonitrile", "", "Polymer"),
    ("P(AA-co-MA)", "", "Polymer"), ("cross-linked PEGDA", "", "Polymer"),
    ("gel polymer electrolyte", "", "PolymerElectrolyte"), ("Pyr14FSI", "", "IonicLiquid"),
    ("EMITFSI", "", "IonicLiquid"), ("[C2mim][BF4]", "", "IonicLiquid"),
    ("pyrrolidinium-based ionic liquid", "", "IonicLiquid"), ("LiNi0.8Co0.1Mn0.1O2", "", "CathodeMaterial"),
    ("LiFePO4", "", "CathodeMaterial"), ("reduced graphene oxide", "", "Carbon"),
    ("Li1.3Al0.3Ti1.7(PO4)3", "", "LATP"), ("1 M LiPF6 in EC/DMC", "", "LiquidElectrolyte"),
    ("ceramic-polymer composite", "", "Nanocomposite"), ("unobtainium", "", "Material"),
])
def test_infer_class(label, formula, cls):
    assert infer_class(label, formula) == cls
    assert cls in CLASSES


def test_unknown_material_keys():
    e = norm("Ta₂O₅")
    assert (e.label, e.key, e.cls, e.known) == ("Ta2O5", "Ta2O5", "Oxide", False)
    e = norm("Poly(vinylene carbonate)")
    assert e.key == "poly-vinylene-carbonate"
    assert norm("poly(vinylene  carbonate)").key == e.key  # deterministic
    assert label_key("Al-doped ZnO") == "al-doped-zno"


def test_not_materials():
    assert norm("") is None
    assert norm("  ") is None
    assert norm("magnetron sputtering") is None  # a method term
    assert norm("1234") is None


def test_clean_label():
    assert clean_label("Li<sub>3</sub>PO<sub>4</sub>") == "Li3PO4"
    assert clean_label("Li1+xAlxTi2–x(PO4)3,") == "Li1+xAlxTi2-x(PO4)3"


@given(st.text(max_size=40))
def test_never_raises_and_is_deterministic(text):
    a = normalize_material(text, LEX)
    b = normalize_material(text, LEX)
    assert a == b
    if a is not None:
        assert a.cls in CLASSES or a.known
        assert a.iri == (M + a.key if a.known else material_iri(a.key))


def test_real_ontology_terms():
    from nasicon_kg.lexicon import load_lexicon

    lexicon = load_lexicon()
    assert normalize_material("Li₃PO₄", lexicon).key == "Li3PO4"
    assert normalize_material("AZO", lexicon, {"AZO": "alumina doped ZnO"}).cls == "DopedOxide"
    assert normalize_material("Li1.5Al0.5Ge1.5(PO4)3", lexicon).cls == "LAGP"


@pytest.fixture(scope="module")
def lexicon():
    from nasicon_kg.lexicon import load_lexicon

    return load_lexicon()


@pytest.mark.parametrize("label,family", [
    ("LPSBr0.2I0.8", "sulfide"),        # an argyrodite-type abbreviation with its halide substitution
    ("LPSZn0.05Br0.2I0.8", "sulfide"),
    ("LLZOAl0.2", "garnet"),
    ("LGPSCl", "sulfide"),              # a halogen alone needs no count
])
def test_an_abbreviation_with_a_substitution_is_a_variant_of_its_family(lexicon, label, family):
    entity = normalize_material(label, lexicon)
    assert (entity.label, entity.family, entity.known) == (label, family, False)


def test_a_paper_defined_abbreviation_also_takes_a_substitution(lexicon):
    assert normalize_material("QZXCl0.5", lexicon, {"QZX": "Li6PS5Cl"}).family == "sulfide"
    alone = normalize_material("QZXCl0.5", lexicon)
    assert alone is None or not alone.family


@pytest.mark.parametrize("label", ["XRDCl", "NCMAl0.1", "SEMBr2"])
def test_no_variant_without_an_electrolyte_to_vary(lexicon, label):
    entity = normalize_material(label, lexicon)
    assert entity is None or not entity.family


@pytest.mark.parametrize("formula", ["NaLa1.67Cl6", "LiLaCl4", "Li3NdCl6", "NaCeCl4"])
def test_lanthanide_chlorides_are_halide_electrolytes(formula):
    from nasicon_kg.normalize import electrolyte_family

    assert electrolyte_family(formula) == "halide"
