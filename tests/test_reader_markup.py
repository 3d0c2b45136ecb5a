from pathlib import Path

import pytest

from nasicon_kg.errors import ReaderError
from nasicon_kg.readers import read_document

FIX = Path(__file__).parent / "fixtures" / "markup"
SHARED = Path(__file__).resolve().parents[2] / "shared"
MARKUP = SHARED / "markup"


def _offsets_ok(doc):
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
        for c in b.citations:
            assert b.start <= c.offset <= b.end
    for t in doc.tables:
        for r in t.rows:
            assert doc.text[r.start:r.end] == "\t".join(r.cells)


def _cited(doc, number):
    return any(number in c.numbers for b in doc.blocks for c in b.citations)


def test_small_jats(tmp_path):
    doc = read_document(FIX / "small_jats.xml")
    assert doc.source_format == "jats"
    m = doc.metadata
    assert (m.doi, m.title, m.authors, m.journal, m.year, m.volume, m.first_page) == (
        "10.1234/test.5678", "A Li3PO4 layer on LATP", ("Jane Doe",), "Test Journal", 2021, "12", "345")
    para = next(b for b in doc.blocks if b.kind == "paragraph")
    assert para.text == "LATP is reduced by Li metal. A current of 0.1 mA cm⁻² was used."
    assert [c.numbers for c in para.citations] == [(2,), (1, 2)]
    assert doc.text[para.citations[0].offset - 5:para.citations[0].offset] == "metal"
    assert doc.tables[0].label == "Table 1" and doc.tables[0].header == ("Layer", "Thickness (nm)")
    assert doc.tables[0].rows[0].cells == ("Al2O3", "5")
    r1, r2 = doc.references
    assert (r1.number, r1.authors, r1.title, r1.journal, r1.year, r1.pages, r1.doi) == (
        1, ("A Smith",), "Garnets", "J Power Sources", 2019, "1–9", "10.1016/j.jpowsour.2019.1")
    assert r2.year == 2001 and r2.journal == "Nature"
    assert next(b for b in doc.blocks if b.kind == "abstract").text == "We coat LATP with Li3PO4."
    _offsets_ok(doc)


def test_small_html():
    doc = read_document(FIX / "small_article.html")
    assert doc.source_format == "html"
    m = doc.metadata
    assert (m.doi, m.title, m.authors, m.year) == ("10.1039/D0TA00001A", "Interlayers for LATP",
                                                 ("Jane Doe", "John Roe"), 2020)
    assert "NREUM" not in doc.text and "color: red" not in doc.text and "Home | Journals" not in doc.text
    para = next(b for b in doc.blocks if b.kind == "paragraph")
    assert para.section == "Introduction"
    assert para.text == "Ti⁴⁺ in Li1.3Al0.3Ti1.7(PO4)3 is reduced. Ge layers help."
    assert [c.numbers for c in para.citations] == [(1,), (2, 3)]
    t = doc.tables[0]
    assert t.label == "Table 1" and t.header == ("Material", "σ (S cm⁻¹)") and t.rows[0].cells == ("LATP", "1 × 10⁻⁴")
    assert len(doc.references) == 3
    assert doc.references[0].doi == "10.1016/j.x.2019.1" and doc.references[0].year == 2019
    assert doc.references[1].journal == "Nature"
    _offsets_ok(doc)



def test_html_doi_comes_from_its_meta_tags_not_its_links(tmp_path):
    page = (FIX / "small_article.html").read_text(encoding="utf-8")
    page = page.replace('<meta name="citation_doi" content="10.1039/D0TA00001A">', "")
    (tmp_path / "nodoi.html").write_text(page, encoding="utf-8")
    doc = read_document(tmp_path / "nodoi.html")
    assert doc.metadata.doi == "" and doc.references[0].doi == "10.1016/j.x.2019.1"

def test_malformed_xml(tmp_path):
    p = tmp_path / "bad.xml"
    p.write_bytes(b'<?xml version="1.0"?><article dtd-version="1.2"><front><article-meta>')
    with pytest.raises(ReaderError):
        read_document(p)


REAL = {
    "elsevier_j.est.2021.103685_li_battery_thermal.xml": ("elsevier", "10.1016/j.est.2021.103685", True),
    "springer_jats_s11581-014-1138-8_si_sio2_c_anode.xml": ("jats", "10.1007/s11581-014-1138-8", False),
    "rsc_c2jm15197a_tio2_nanofibers_lib.html": ("html", "10.1039/C2JM15197A", False),
    "rsc_c7ta_ni12p5_anodes.html": ("html", "10.1039/C7TA06843C", True),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_markup(name):
    path = MARKUP / name
    if not path.exists():
        pytest.skip("shared markup not present")
    fmt, doi, has_tables = REAL[name]
    doc = read_document(path)
    assert doc.source_format == fmt
    assert doc.metadata.doi.lower() == doi.lower()
    assert len(doc.metadata.title) > 30 and doc.metadata.authors
    assert len([s for s in doc.sections if s not in ("Front matter", "Abstract")]) >= 4
    assert sum(b.kind == "paragraph" for b in doc.blocks) >= 10
    assert any(b.kind == "abstract" for b in doc.blocks)
    assert bool(doc.tables) == has_tables
    assert len(doc.references) >= 20
    assert _cited(doc, 1)
    assert "NREUM" not in doc.text and "function(" not in doc.text
    _offsets_ok(doc)


def test_real_reference_fields():
    path = MARKUP / "springer_jats_s11581-014-1138-8_si_sio2_c_anode.xml"
    if not path.exists():
        pytest.skip("shared markup not present")
    ref = read_document(path).reference(2)
    assert (ref.authors, ref.journal, ref.year, ref.volume, ref.pages, ref.doi) == (
        ("RA Huggins",), "J Power Sources", 1999, "81", "13–19", "10.1016/S0378-7753(99)00124-X")
    els = read_document(MARKUP / "elsevier_j.est.2021.103685_li_battery_thermal.xml")
    r1 = els.reference(1)
    assert r1.authors[0] == "M. Torabi" and r1.year == 2020 and r1.journal.startswith("Int. J. Heat")
    rsc = read_document(MARKUP / "rsc_c7ta_ni12p5_anodes.html").reference(2)
    assert rsc.journal == "Nat. Commun." and rsc.year == 2015 and rsc.doi == "10.1038/ncomms9014"
    assert "1. Introduction" not in read_document(MARKUP / "rsc_c7ta_ni12p5_anodes.html").sections
