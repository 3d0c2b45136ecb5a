import re
from pathlib import Path

import pytest

from nasicon_kg.errors import ReaderError
from nasicon_kg.readers import read_document
from nasicon_kg.readers.pdf import _glyph, find_gutter, group_reference_entries, is_citation_context

SHARED = Path(__file__).resolve().parents[2] / "shared"
PDFS = SHARED / "pdfs"
LEFT, RIGHT = 50, 310


def _runs(c, x, y, runs):
    """Draw [(text, kind)] where kind is '', 'sub' or 'sup'; returns nothing."""
    for text, kind in runs:
        size, dy = (6, -2) if kind == "sub" else (6, 3.5) if kind == "sup" else (9, 0)
        c.setFont("Helvetica", size)
        c.drawString(x, y + dy, text)
        x += c.stringWidth(text, "Helvetica", size)


def _page_furniture(c, n):
    c.setFont("Helvetica", 8)
    c.drawString(LEFT, 815, "Journal of Interface Tests Paper")
    c.drawString(290, 30, str(n))


def make_pdf(path: Path, **kw) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842), **kw)
    _page_furniture(c, 1)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(LEFT, 770, "Protective layers on LATP solid electrolytes")
    c.setFont("Helvetica", 9)
    c.drawString(LEFT, 740, "Abstract text spans the full page width and comes before both of the columns below it in order.")
    c.drawString(LEFT, 729, "It is the second line of the abstract, which also runs across the gutter between the columns.")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(LEFT, 700, "1. Introduction")
    left = [
        [("Alpha: the left column starts here with a sentence.", "")],
        [("A coating of Li", ""), ("3", "sub"), ("PO", ""), ("4", "sub"), (" and Al", ""), ("2", "sub"), ("O", ""), ("3", "sub"),
         (" was made.", "")],
        [("The layer was reported earlier.", ""), ("12", "sup"), (" It is a protec-", "")],
        [("tive layer at 0.5 mA cm", ""), ("-2", "sup"), (" for all of the cells.", "")],
        [("Beta: this is the last line of the left column.", "")],
    ]
    right = [
        [("Gamma: the right column starts with this sentence.", "")],
        [("Delta: it goes on with a second line on the right.", "")],
        [("Epsilon: a third right line cites two works.", ""), ("3,4", "sup")],
        [("Zeta: and the right column ends with this line.", "")],
    ]
    for i, runs in enumerate(left):
        _runs(c, LEFT, 680 - 11 * i, runs)
    for i, runs in enumerate(right):
        _runs(c, RIGHT, 680 - 11 * i, runs)
    c.showPage()
    _page_furniture(c, 2)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(LEFT, 770, "2. Results")
    c.setFont("Helvetica", 9)
    for i, s in enumerate(["Eta: the results section has a long line of text here.",
                           "Theta: a second line of the results in the left column.",
                           "Iota: a third line follows so that columns are seen."]):
        c.drawString(LEFT, 750 - 11 * i, s)
    c.drawString(LEFT, 700, "Table 1 Thickness of the layers")
    c.grid([LEFT, 150, 250], [690, 675, 660])
    c.drawString(LEFT + 3, 680, "Layer")
    c.drawString(153, 680, "Thickness (nm)")
    _runs(c, LEFT + 3, 665, [("Al", ""), ("2", "sub"), ("O", ""), ("3", "sub")])
    c.drawString(153, 665, "5")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(RIGHT, 770, "References")
    c.setFont("Helvetica", 8)
    refs = ["1 A. Smith and B. Jones, J. Power Sources, 2019, 10, 123.",
            "2 C. Lee, Nature, 2001, 414, 359.",
            "3 D. Kim, E. Park and F. Choi, Adv. Mater., 2018,", "30, 1801.",
            "4 G. Wu, Chem. Mater., 2015, 27, 6457."]
    for i, s in enumerate(refs):
        c.drawString(RIGHT, 750 - 10 * i, s)
    for i in range(3):
        c.drawString(RIGHT, 690 - 10 * i, f"Kappa line {i} pads the right column with more text to read.")
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    path = make_pdf(tmp_path_factory.mktemp("pdf") / "paper.pdf")
    return read_document(path)


def test_reading_order(doc):
    text = doc.text
    keys = ["Abstract text", "second line of the abstract", "Alpha:", "A coating", "Beta:", "Gamma:", "Delta:",
            "Epsilon:", "Zeta:", "Eta:", "Theta:", "Iota:"]
    positions = [text.find(k) for k in keys]
    assert all(p >= 0 for p in positions), dict(zip(keys, positions))
    assert positions == sorted(positions)


def test_formulas_citations_units(doc):
    text = doc.text
    assert "A coating of Li3PO4 and Al2O3 was made." in text
    assert "0.5 mA cm⁻² for all" in text
    assert "protective layer" in text
    cites = [c.numbers for b in doc.blocks for c in b.citations]
    assert (12,) in cites and (3, 4) in cites
    block = next(b for b in doc.blocks if "reported earlier." in b.text)
    c12 = next(c for c in block.citations if c.numbers == (12,))
    assert doc.text[:c12.offset].endswith("reported earlier.")
    assert "12" not in block.text


def test_furniture_dropped_and_sections(doc):
    assert "Journal of Interface Tests" not in doc.text
    assert not re.search(r"(?m)^\d+$", doc.text)
    assert "Introduction" in doc.sections and "Results" in doc.sections
    assert doc.metadata.title == "Protective layers on LATP solid electrolytes"


def test_table(doc):
    (table,) = doc.tables
    assert table.label == "Table 1" and "Thickness of the layers" in table.caption
    assert table.header == ("Layer", "Thickness (nm)")
    assert table.rows[0].cells == ("Al2O3", "5")
    assert "Thickness (nm)" not in "".join(b.text for b in doc.blocks if b.kind == "paragraph")


def test_references(doc):
    assert [r.number for r in doc.references] == [1, 2, 3, 4]
    assert doc.references[1].journal == "Nature" and doc.references[1].year == 2001
    assert doc.references[2].volume == "30"
    assert "Kappa" not in " ".join(r.text for r in doc.references[:3])


def test_offsets(doc):
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


def test_plain_helpers():
    assert find_gutter([(50, 280), (310, 540)] * 10, 595) is not None
    assert not is_citation_context("mA cm") and is_citation_context("earlier.")
    ch = {"text": "ﬁ", "x0": 0, "x1": 5, "top": 0, "bottom": 9, "y1": 9, "size": 9, "upright": True,
          "matrix": (9, 0, 0, 9, 0, 2), "fontname": "Times"}
    assert _glyph(ch).text == "fi"
    assert group_reference_entries(["(1) Liu, Y. Title.", "Nature 2001.", "(2) Sun, Q. T. J. 2002."]) == [
        "(1) Liu, Y. Title. Nature 2001.", "(2) Sun, Q. T. J. 2002."]


def test_bad_pdfs(tmp_path):
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    cases = {
        "truncated.pdf": (good[: len(good) // 2], "corrupt or truncated PDF"),
        "random.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "corrupt or truncated PDF"),
    }
    for name, (data, msg) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ReaderError, match=msg):
            read_document(tmp_path / name)
    make_pdf(tmp_path / "enc.pdf", encrypt="secret")
    with pytest.raises(ReaderError, match="encrypted PDF: cannot read without the password"):
        read_document(tmp_path / "enc.pdf")
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "image.pdf"))
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(ReaderError, match="no text layer: run OCR first"):
        read_document(tmp_path / "image.pdf")


REAL = {
    "hornsveld2017_rscadv_ald_li2co3.pdf": ("10.1039/c7ra07722j", "Thin-film lithium carbonate (Li2CO3) has applications"),
    "aaltonen2010_jmc_ald_llto.pdf": ("10.1039/b923490j", "Thin films of lanthanum titanate and lithium lanthanum titanate"),
    "pieters2024_jpcc_ald_lihmds.pdf": ("10.1021/acs.jpcc.4c05987", "Atomic layer deposition (ALD) of Li-containing thin"),
    "put2019_jes_ald_lipon.pdf": ("10.1149/2.1191906jes", "Plasma-Assisted ALD of LiPO(N) for Solid State Batteries"),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_pdfs(name):
    path = PDFS / name
    if not path.exists():
        pytest.skip("shared PDFs not present")
    doi, sentence = REAL[name]
    doc = read_document(path)
    assert doc.metadata.doi.lower() == doi
    assert sentence in doc.text
    assert "Downloaded via" not in doc.text and "Downloaded by" not in doc.text
    assert len(doc.references) >= 10
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


def test_line_end_hyphens():
    from nasicon_kg.readers.pdf import _join

    assert _join("the protec-", "tive layer") == "the protective layer"
    assert _join("Crys-", "talline Li3PO4") == "Crystalline Li3PO4"  # sentence-initial capital
    assert _join("a LiPON-", "based film") == "a LiPON-based film"
    assert _join("Li3PO4-", "coated") == "Li3PO4-coated"


def test_bylines_are_not_headings():
    from nasicon_kg.readers.pdf import Line, heading_text

    def bold(text):
        return Line(text=text, x0=0, x1=100, top=0, bottom=10, size=12, bold=True)

    assert heading_text(bold("B. Put,^(1,2,z) M. J. Mees, N. Labyedh"), 9) is None
    assert heading_text(bold("A. Smith and J. K. Rowling"), 9) is None
    assert heading_text(bold("Results and Discussion"), 9) == "Results and Discussion"
    assert heading_text(bold("2.1 Atomic layer deposition of Li3PO4"), 9) == "Atomic layer deposition of Li3PO4"
