"""The plain-text/Markdown reader: decoding, structure, inline rendering, the seed review."""
from __future__ import annotations

from pathlib import Path

import pytest

from nasicon_kg.errors import ReaderError
from nasicon_kg.readers import text
from nasicon_kg.readers.metadata import metadata_from_text, own_doi
from nasicon_kg.readers.text import Element, join_broken_paragraphs, render_inline

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "tolganbek2022_nasicon_interface_review.md"


def read(path: Path):
    return text.read(path.read_bytes(), path)


def assert_offsets(doc):
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
        for c in block.citations:
            assert block.start <= c.offset <= block.end
    for table in doc.tables:
        for row in table.rows:
            assert doc.text[row.start:row.end] == "\t".join(row.cells)


@pytest.fixture(scope="module")
def small():
    return read(FIXTURES / "small_paper.md")


@pytest.fixture(scope="module")
def seed():
    return read(SEED)


# ---------------------------------------------------------------- small fixture

def test_small_blocks_kinds_and_sections(small):
    assert [(b.kind, b.section) for b in small.blocks] == [
        ("abstract", "Abstract"),
        ("paragraph", "Introduction"),
        ("caption", "Introduction"),
        ("caption", "Results"),
        ("footnote", "Results"),
        ("paragraph", "Results"),
    ]
    assert_offsets(small)


def test_small_abstract_renders_latex_and_sup(small):
    assert small.blocks[0].text.startswith(
        "This article reports a ZnO layer on Li1.3Al0.3Ti1.7(PO4)3 that stops the reduction of Ti⁴⁺ by lithium metal.")


def test_small_broken_paragraph_joined_across_caption_and_affiliation(small):
    intro = small.blocks[1]
    assert intro.text == ("LATP reacts with Li metal. Coatings help. A cross-linked poly(ethylene glycol) layer "
                          "was 200 nm thick. Taking into consideration the cost, ZnO is cheap.")
    assert [c.numbers for c in intro.citations] == [(1, 2), (3,), (1, 2, 3)]
    assert [c.raw for c in intro.citations] == ["<sup>1,2</sup>", "[3]", "<sup>1–3</sup>"]
    before = [small.text[c.offset - 1] for c in intro.citations]
    assert before == [".", "p", "."]
    assert small.text[intro.citations[1].offset - 4:intro.citations[1].offset] == "help"
    assert "Department" not in small.text and "E-mail" not in small.text


def test_small_caption_and_results_paragraph(small):
    cap = small.blocks[2]
    assert cap.text == "Fig. 1 SEM image of the coated pellet."
    assert cap.citations[0].numbers == (2,)
    assert small.blocks[5].text == ("The conductivity was 3 × 10⁻⁴ S cm⁻¹ at 25°C for the et al. samples "
                                    "(LiTi2(PO4)3) over 1 cm².")
    assert small.blocks[5].citations == ()  # cm<sup>2</sup> is an exponent, not reference 2


def test_small_table(small):
    (table,) = small.tables
    assert table.label == "Table 1"
    assert table.caption == "Layers and their performance"
    assert table.header == ("Electrolyte", "Layer", "Hours", "Ref.")
    assert [r.cells for r in table.rows] == [("LATP", "Li3PO4", "200", "1"),
                                             ("", "ZnO", "2000 at 0.1 mA cm⁻²", "2")]
    assert table.footnote == "CR, capacity retention."
    assert table.section == "Results"


def test_small_references_and_metadata(small):
    assert [r.number for r in small.references] == [1, 2, 3]
    assert small.references[0].journal == "J. Power Sources"
    assert small.references[2].authors == ("Liu, Y.", "Sun, Q.")
    assert "View" not in small.text and "Received" not in small.text and "DOI" not in small.text
    assert small.metadata.doi == "10.1234/abc.2020.001"
    assert small.metadata.title == "A small test paper on protecting LATP"
    assert small.metadata.year == 2020


# ---------------------------------------------------------------- inline rendering

@pytest.mark.parametrize("raw, expected", [
    ("Li <sub>3</sub> PO <sub>4</sub>", "Li3PO4"),
    ("0.3 mA cm <sup>-2</sup> , 96.6%", "0.3 mA cm⁻², 96.6%"),
    ("0.13 mA cm <sup>-2</sup> 1.5C", "0.13 mA cm⁻² 1.5C"),
    ("MgF <sub>2</sub> and B <sub>2</sub> O <sub>3</sub> nanocomposite", "MgF2 and B2O3 nanocomposite"),
    ("in Li/LiFePO<sub>4</sub> cells", "in Li/LiFePO4 cells"),
    ("*et al.* and [text](#) and **bold**", "et al. and text and bold"),
    ("PVDF@PEO\\_LATP", "PVDF@PEO_LATP"),
    ("( $\\text{Li}_3\\text{PO}_4$ )", "(Li3PO4)"),
    ("10<sup>4</sup> cycles", "10⁴ cycles"),
    ("a &amp; b", "a & b"),
])
def test_render_inline(raw, expected):
    assert render_inline(raw)[0] == expected


def test_render_inline_citation_limits():
    assert render_inline("see refs.<sup>5</sup>", max_ref=4) == ("see refs.⁵", [])
    assert render_inline("poly[2,3-bis(x)] and [12–14].")[1] == [(20, (12, 13, 14), "[12–14]")]
    assert render_inline("[see](http://x) [1](#)")[1] == []


def test_join_broken_paragraphs_rules():
    els = [Element("paragraph", "a cross-linked poly-", "S"), Element("caption", "Fig. 1 X.", "S"),
           Element("paragraph", "(ethylene glycol) acrylate.", "S"),
           Element("paragraph", "Ends here.", "S"), Element("paragraph", "lower but after a period.", "S"),
           Element("paragraph", "Open end", "S"), Element("paragraph", "Upper start.", "S")]
    out = join_broken_paragraphs(els)
    assert [e.raw for e in out if e.kind == "paragraph"] == [
        "a cross-linked poly(ethylene glycol) acrylate.", "Ends here.", "lower but after a period.",
        "Open end", "Upper start."]


# ---------------------------------------------------------------- decoding and bad input

def test_cp1252_file_decodes(tmp_path):
    body = ("## Introduction\n\nThe café’s LATP pellets were tested at 25 °C for 100 hours – a long time "
            "for a ceramic electrolyte in contact with lithium metal, as the authors noted.\n")
    path = tmp_path / "latin.md"
    path.write_bytes(body.encode("cp1252"))
    doc = text.read(path.read_bytes(), path)
    assert "café’s" in doc.text and "25 °C" in doc.text


def test_utf16_with_bom_decodes(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Plain text paper about LATP and lithium metal anodes.".encode("utf-16"))
    doc = text.read(path.read_bytes(), path)
    assert doc.blocks[0].text == "Plain text paper about LATP and lithium metal anodes."
    assert doc.blocks[0].section == "Front matter"


def test_binary_raises(tmp_path):
    path = tmp_path / "junk.md"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReaderError, match="binary"):
        text.read(path.read_bytes(), path)


def test_no_text_raises(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"## Introduction\n\n   \n\n[View Article Online](#)\n")
    with pytest.raises(ReaderError, match="no text found"):
        text.read(path.read_bytes(), path)


def test_metadata_from_text_kind_and_doi():
    meta = metadata_from_text("## REVIEW\n\nSome words.\n\nDOI: 10.1039/d1ma01239h.\n\n## Introduction\n\nx")
    assert (meta.doi, meta.kind) == ("10.1039/d1ma01239h", "review")
    assert metadata_from_text("## Introduction\n\nNothing here.").kind == ""



@pytest.mark.parametrize("lines, doi", [
    (["DOI: 10.5555/own.1"], "10.5555/own.1"),
    (["**DOI:** 10.5555/own.1."], "10.5555/own.1"),
    (["https://doi.org/10.5555/own.1"], "10.5555/own.1"),
    (["Article https://doi.org/10.5555/own.1"], "10.5555/own.1"),
    (["Cite this: Energy Lett., 2021, 6, 1207. doi:10.5555/own.1"], "10.5555/own.1"),
    (["Mater. Today, 2019, 12, 88–97 | DOI: 10.5555/own.1"], "10.5555/own.1"),
    (["© 2019 The Society. [DOI: 10.5555/own.1]"], "10.5555/own.1"),
    (["DOI: 10.5555/own.1", "https://doi.org/10.5555/OWN.1"], "10.5555/own.1"),  # one DOI twice
], ids=lambda v: v if isinstance(v, str) else v[0][:30])
def test_own_doi_is_a_line_that_presents_the_papers_doi(lines, doi):
    assert own_doi(lines) == doi


@pytest.mark.parametrize("lines", [
    ["Comment on: doi:10.5555/other.1"],
    ["We disagree; see doi:10.5555/other.1 for the data."],
    ["Reply to https://doi.org/10.5555/other.1"],
    ["- DOI: 10.5555/other.1"],
    ["1. https://doi.org/10.5555/other.1"],
    ["[3] https://doi.org/10.5555/other.1"],
    ["DOI: 10.5555/a.1 and DOI: 10.5555/b.2"],
    ["DOI: 10.5555/a.1", "DOI: 10.5555/b.2"],  # a list of papers, not a paper
    ["A. Smith, J. Power Sources, 2019, 10, 123. doi:10.5555/other.1"],
    ["Earlier work on these layers (doi:10.5555/other.1) found the same."],
    ["10.5555/other.1"],  # a bare number is not presented as a DOI
], ids=lambda v: v[0][:30])
def test_own_doi_is_never_a_doi_the_text_mentions(lines):
    assert own_doi(lines) == ""


def test_a_note_about_a_paper_is_not_that_paper(tmp_path):
    from nasicon_kg.readers import read_document

    note = tmp_path / "note.md"
    note.write_text("# Notes\n\nComment on: doi:10.1039/d1ma01239h\n\nThe review's Table 2 lists ZnO on LATP.\n",
                    encoding="utf-8")
    assert read_document(note).metadata.doi == ""
    sources = tmp_path / "SOURCES.txt"
    sources.write_text("Papers used\n\nDOI: 10.1039/d1ma01239h\nDOI: 10.1039/c7ra07722j\n\n"
                       "Both are about protective layers on NASICON electrolytes and their cycling.\n",
                       encoding="utf-8")
    assert read_document(sources).metadata.doi == ""

# ---------------------------------------------------------------- the seed review

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="seed review not in corpus/")


@needs_seed
def test_seed_structure(seed):
    assert_offsets(seed)
    for name in ("Introduction", "Inorganic protective layers", "Polymer based protective layers",
                 "Composite electrolytes"):
        assert name in seed.sections
    assert seed.blocks[0].kind == "abstract"
    assert "View Article Online" not in seed.text and "View Journal" not in seed.text
    assert "rsc.li" not in seed.text and "Department of Chemical" not in seed.text
    assert "<sup>" not in seed.text and "$" not in seed.text and "\\text" not in seed.text


@needs_seed
def test_seed_tables(seed):
    assert [t.label for t in seed.tables] == ["Table 1", "Table 2", "Table 3", "Table 4"]
    assert [len(t.rows) for t in seed.tables] == [8, 13, 9, 34]
    zno = next(r for r in seed.tables[1].rows if r.cells[1] == "ZnO")
    assert zno.cells == ("LATP", "ZnO", "200 nm", "2000", "200 cycles", "0.05 mA cm⁻², 200 cycles at 0.02C", "94")
    assert seed.tables[0].rows[1].cells == ("", "Li1.3Al0.3Ti1.7(PO4)3", "7 × 10⁻⁴", "48")
    assert seed.tables[2].footnote == "CR, capacity retention. CE, Coulombic efficiency."
    assert seed.tables[3].rows[-1].cells[0] == "5LiCF3SO3-95[PEO1-xLATPx]"


@needs_seed
def test_seed_references(seed):
    assert len(seed.references) == 123
    assert [r.number for r in seed.references] == list(range(1, 124))
    r1, r94 = seed.reference(1), seed.reference(94)
    assert (r1.first_author_surname, r1.year) == ("Jing", 2016)
    assert (r94.first_author_surname, r94.year, r94.journal, r94.volume) == ("Hao", 2019, "Adv. Energy Mater.", "9")
    assert not any(b.text.startswith("W. Jing") for b in seed.blocks)


@needs_seed
def test_seed_citations_and_joins(seed):
    block = next(b for b in seed.blocks if "2000 hours for symmetric cells" in b.text)
    pos = block.start + block.text.index("2000 hours for symmetric cells")
    cite = next(c for c in block.citations if c.offset > pos)
    assert cite.numbers == (94,)
    assert seed.text[cite.offset - 1] == "."
    joined = [b for b in seed.blocks if "Taking into consideration these weaknesses" in b.text]
    assert len(joined) == 1 and joined[0].section == "Introduction"
    assert "cross-linked poly(ethylene glycol)methyl ether acrylate" in seed.text
    assert "composite solid-state electrolytes (CSSEs) resulted" in seed.text
    assert seed.metadata.kind == "review" and seed.metadata.doi == "10.1039/d1ma01239h"


def test_a_table_or_a_caption_alone_is_read(tmp_path):
    table = b"Table 1. Interlayers.\n\n| Layer | Electrolyte | Hours |\n|---|---|---|\n| Au | LLZO | 100 |\n| ZnO | LATP | 500 |\n"
    doc = text.read(table, tmp_path / "t.md")
    assert doc.tables and len(doc.tables[0].rows) == 2
    doc = text.read(b"Figure 3. SEM image of Al-LLZO with a graphite layer.", tmp_path / "c.md")
    assert any(b.kind == "caption" for b in doc.blocks)


def test_a_table_written_with_bars_but_no_rule_line(tmp_path):
    t = (b"Table 2. Interlayers from the literature.\nLayer | Electrolyte | Method | Hours\n"
         b"Au | Li7La3Zr2O12 | sputtering | 100\nZnO | Ta-LLZO | ALD | 500\n\n"
         b"The Li|LLZO|Li cell and the Li | Au | LLZO stack are cells, not tables.\n")
    doc = text.read(t, tmp_path / "t.md")
    assert [r.cells for r in doc.tables[0].rows] == [("Au", "Li7La3Zr2O12", "sputtering", "100"),
                                                     ("ZnO", "Ta-LLZO", "ALD", "500")]
    assert doc.tables[0].header == ("Layer", "Electrolyte", "Method", "Hours")
    assert any("not tables" in b.text for b in doc.blocks)
