"""Author-name citations resolved against the reference list."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nasicon_kg.model import Citation, Reference
from nasicon_kg.nlp.citations import author_name, find_author_citations

REFS = (
    Reference(1, "", authors=("X. Hao", "Y. Zhang")),
    Reference(2, "", authors=("Y. Liu", "A. Brown")),
    Reference(3, "", authors=("J. Liu", "K. Wang")),
    Reference(4, "", authors=("W. Zhou", "J. B. Goodenough")),
    Reference(5, "", authors=("A. Manthiram",)),
    Reference(6, "", authors=("Q. Li", "L. Wang")),
    Reference(7, "", authors=("R. Matić", "T. Smith")),
    Reference(8, "", authors=("Z. Cheng",)),
    Reference(9, "", authors=("Z. Cheng", "Q. Li")),
    Reference(10, "", authors=("Y. Li", "B. Xu", "J. B. Goodenough")),
)


def found(text, refs=REFS, **kw):
    return [(text[s:e], n) for s, e, n in find_author_citations(text, refs, **kw)]


def test_et_al_and_coworkers():
    assert found("Hao et al. utilized 200 nm ZnO. Hao and co-workers also used it.") == [
        ("Hao et al.", 1), ("Hao and co-workers", 1)]


def test_initials_disambiguate():
    text = "Y. Liu et al. deposited the salt. J. Liu *et al.* designed an interlayer."
    assert found(text) == [("Y. Liu et al.", 2), ("J. Liu *et al.*", 3)]


def test_ambiguous_surname_without_initial_is_skipped():
    assert found("Liu et al. studied an amorphous Ge film.") == []


def test_ambiguous_resolved_by_citation_in_sentence():
    text = "Cheng et al. reported nanocomposites. Cheng et al. coated LATP with PEO."
    # no marker: two refs have Cheng first, so both are skipped
    assert found(text) == []
    # an anchor after the first sentence names ref 9
    anchors = (Citation(offset=text.index(" Cheng et al. coated"), numbers=(9,)),)
    assert found(text, citations=anchors) == [("Cheng et al.", 9)]
    # a marker left in the text works too
    assert found("Cheng et al. reported this.<sup>8</sup> Then more.") == [("Cheng et al.", 8)]


def test_groups_match_any_author():
    text = "Manthiram's group tried sulfur. Matic’s research group found Li2S."
    assert found(text) == [("Manthiram's", 5), ("Matic’s", 7)]


def test_group_with_several_refs_needs_a_marker():
    assert found("Goodenough's group made a PEO layer.") == []
    text = "Goodenough's group made a PEO layer.<sup>4</sup>"
    assert found(text) == [("Goodenough's", 4)]
    assert found("One of the groups led by Goodenough presented it [10].") == [("Goodenough", 10)]


def test_two_author_form():
    assert found("Li and Wang proposed a sandwich.") == [("Li and Wang", 6)]
    assert found("LATP and LAGP are NASICONs.") == []


def test_possessive_without_group_is_not_a_citation():
    assert found("Hao's idea was simple.") == []


def test_unknown_names_and_empty_inputs():
    assert found("Smith et al. did nothing here.", refs=(Reference(1, "", authors=("A. Jones",)),)) == []
    assert find_author_citations("", REFS) == []
    assert find_author_citations("Hao et al.", ()) == []


def test_author_name_formats():
    assert author_name("J. B. Goodenough") == ("goodenough", "j")
    assert author_name("Liu, Y.") == ("liu", "y")
    assert author_name("Liu Y") == ("liu", "y")
    assert author_name("Yijie Liu") == ("liu", "y")
    assert author_name("R. Matić") == ("matic", "r")


@given(st.text(max_size=80))
def test_never_raises(text):
    for s, e, n in find_author_citations(text, REFS):
        assert 0 <= s < e <= len(text)
        assert n in {r.number for r in REFS}
