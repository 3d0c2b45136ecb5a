"""Reference entries and reference lists."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasicon_kg.readers.references import find_doi, parse_reference, parse_reference_list, split_number


def test_rsc_with_emphasis():
    r = parse_reference(4, "N. Tolganbek, A. Mentbayeva and Z. Bakenov, *J. Power Sources*, 2021, **493**, 229686.")
    assert r.number == 4
    assert r.authors == ("N. Tolganbek", "A. Mentbayeva", "Z. Bakenov")
    assert (r.journal, r.year, r.volume, r.pages) == ("J. Power Sources", 2021, "493", "229686")
    assert r.text == "N. Tolganbek, A. Mentbayeva and Z. Bakenov, J. Power Sources, 2021, 493, 229686."
    assert r.first_author_surname == "Tolganbek"


def test_rsc_without_emphasis_and_comma_in_journal():
    r = parse_reference(1, "R. Murugan, V. Thangadurai and W. Weppner, Angew. Chem., Int. Ed., 2007, 46, 7778–7781.")
    assert r.authors == ("R. Murugan", "V. Thangadurai", "W. Weppner")
    assert (r.journal, r.year, r.volume, r.pages) == ("Angew. Chem., Int. Ed.", 2007, "46", "7778–7781")


@pytest.mark.parametrize("entry, journal, volume, pages", [
    ("X. Lü and J. W. Howard, *Adv. Sci.*, 2016, 1500359.", "Adv. Sci.", "", "1500359"),
    ("K. Liu and Y. Cui, *Sci. Adv.*, 2018, **4**, eaas9820.", "Sci. Adv.", "4", "eaas9820"),
    ("M. Itoh and Y. Inaguma, *Solid State Ionics*, 1994, **70–71**, 203–207.", "Solid State Ionics", "70–71",
     "203–207"),
    ("T. Šalkus and A. Kežionis, *Solid State Ionics*, 2007, **178**, 1282–1287.", "Solid State Ionics", "178",
     "1282–1287"),
])
def test_rsc_variants(entry, journal, volume, pages):
    r = parse_reference(1, entry)
    assert (r.journal, r.volume, r.pages) == (journal, volume, pages)
    assert len(r.authors) == 2


def test_acs():
    r = parse_reference(2, "Liu, Y.; Sun, Q.; Zhao, Y. Tailoring the Interface of LATP. ACS Appl. Mater. Interfaces "
                           "2018, 10 (37), 31240–31248. DOI: 10.1021/acsami.8b06366.")
    assert r.authors == ("Liu, Y.", "Sun, Q.", "Zhao, Y.")
    assert r.title == "Tailoring the Interface of LATP"
    assert (r.journal, r.year, r.volume, r.pages) == ("ACS Appl. Mater. Interfaces", 2018, "10", "31240–31248")
    assert r.doi == "10.1021/acsami.8b06366"


def test_elsevier():
    r = parse_reference(12, "A. Author, B. Author, A study of coatings, J. Power Sources 10 (2019) 123–130, "
                            "https://doi.org/10.1016/j.jpowsour.2019.01.001.")
    assert r.authors == ("A. Author", "B. Author")
    assert (r.title, r.journal, r.year, r.volume, r.pages) == (
        "A study of coatings", "J. Power Sources", 2019, "10", "123–130")
    assert r.doi == "10.1016/j.jpowsour.2019.01.001"


def test_ieee():
    r = parse_reference(3, 'A. Author and B. Author, "A title here," IEEE Trans. Ind. Electron., vol. 10, no. 2, '
                           "pp. 123–130, 2019.")
    assert (r.title, r.year, r.volume, r.pages) == ("A title here", 2019, "10", "123–130")
    assert r.authors == ("A. Author", "B. Author")


def test_book():
    r = parse_reference(3, "ed. Y. Kato, Z. Ogumi and J. M. P. Martín, *Lithium-Ion Batteries*, "
                           "Jenny Stanford Publishing, 2019.")
    assert r.authors == ("Y. Kato", "Z. Ogumi", "J. M. P. Martín")
    assert (r.title, r.journal, r.year) == ("Lithium-Ion Batteries", "", 2019)


@pytest.mark.parametrize("text, doi", [
    ("see doi:10.1039/d1ma01239h.", "10.1039/d1ma01239h"),
    ("https://doi.org/10.1002/aenm.201901604), more", "10.1002/aenm.201901604"),
    ("no doi here", ""),
])
def test_find_doi(text, doi):
    assert find_doi(text) == doi


def test_split_number():
    assert split_number("28 S. Kalybekkyzy, x") == (28, "S. Kalybekkyzy, x")
    assert split_number("[28] A. B, x") == (28, "A. B, x")
    assert split_number("28. A. B, x") == (28, "A. B, x")
    assert split_number("2019 was a year") == (None, "2019 was a year")
    assert split_number("W. Jing, x") == (None, "W. Jing, x")


def test_reference_list_numbering():
    lines = ["- W. Jing and Y. Yan, *Adv. Mech. Eng.*, 2016, **8**, 1–8.", "- M. Wada, *J. Environ. Sci.*, 2009,",
             "  **21**, 745–749.", "", "- 28 S. Kalybekkyzy, *Polymers*, 2021, **23**, 1–12.",
             "- Y. Hu, *J. Electrochem. Soc.*, 1977, **124**, 1240–1242."]
    refs = parse_reference_list(lines)
    assert [r.number for r in refs] == [1, 2, 28, 29]
    assert (refs[1].journal, refs[1].volume, refs[1].pages) == ("J. Environ. Sci.", "21", "745–749")
    assert refs[2].first_author_surname == "Kalybekkyzy"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_parse_reference_never_raises(text):
    r = parse_reference(5, text)
    assert r.number == 5


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8))
def test_parse_reference_list_numbers_increase_for_unnumbered(lines):
    refs = parse_reference_list(["- X" + ln.replace("\n", " ") for ln in lines])
    assert [r.number for r in refs] == list(range(1, len(refs) + 1))
