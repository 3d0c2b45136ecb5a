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


#: Each one's true year and authors, read off its first page(s); each also carries a 2025 download stamp.
#: (year, first author, last author, number of authors)
REAL_META = {
    "put2019_jes_ald_lipon.pdf": (2019, "B. Put", "M. Creatore", 8),          # page 1 is a cover sheet; no Info author
    "hornsveld2017_rscadv_ald_li2co3.pdf": (2017, "N. Hornsveld", "M. Creatore", 5),  # Info names only the first
    "pieters2024_jpcc_ald_lihmds.pdf": (2024, "M. J. Pieters", "M. Creatore", 4),
    "aaltonen2010_jmc_ald_llto.pdf": (2010, "Titta Aaltonen", "Helmer Fjellv", 5),  # no Info author
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
    year, first, last, count = REAL_META[name]
    assert doc.metadata.year == year
    assert doc.metadata.authors[0] == first and len(doc.metadata.authors) == count
    assert doc.metadata.authors[-1].startswith(last)  # "Fjellvåg": that PDF's å is a glyph with no Unicode
    journals = [r.journal for r in doc.references]
    assert not [j for j in journals if re.fullmatch(r"[\d\s()–-]+", j)]  # a volume is no journal (ECS style)
    if name.startswith("put2019"):
        assert {"ACS Nano", "Phys. Rev. B", "Thin Solid Films", "Chem. Mater.", "J. Electrochem. Soc."} <= set(journals)



@pytest.mark.parametrize("line, doi", [("DOI: 10.5555/own.7", "10.5555/own.7"),
                                       ("Comment on: doi:10.5555/other.7", "")])
def test_pdf_doi_from_its_first_page_only_when_it_is_its_own(tmp_path, line, doi):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "p.pdf"), pagesize=(595, 842))
    c.setFont("Helvetica-Bold", 16)
    c.drawString(LEFT, 770, "Protective layers on LATP solid electrolytes")
    c.setFont("Helvetica", 9)
    c.drawString(LEFT, 750, line)
    for i in range(4):
        c.drawString(LEFT, 720 - 11 * i, f"Sentence {i} of the body says that a layer protects LATP from Li metal.")
    c.showPage()
    c.save()
    assert read_document(tmp_path / "p.pdf").metadata.doi == doi


def test_xmp_doi_and_publication_date():
    from nasicon_kg.readers.pdf import _xmp

    class Stream:
        def __init__(self, xml):
            self.xml = xml

        def get_data(self):
            return self.xml.encode()

    class Pdf:
        def __init__(self, xml):
            self.doc = type("Doc", (), {"catalog": {"Metadata": Stream(xml)}})()

    assert _xmp(Pdf("<x:xmpmeta><prism:doi>10.5555/xmp.1</prism:doi></x:xmpmeta>"))["xmp:doi"] == "10.5555/xmp.1"
    assert _xmp(Pdf("<dc:identifier><rdf:Bag><rdf:li>doi:10.5555/xmp.2</rdf:li></rdf:Bag></dc:identifier>"))[
        "xmp:doi"] == "10.5555/xmp.2"
    assert _xmp(Pdf("<x:xmpmeta/>")) == {"xmp:doi": "", "xmp:published": ""}
    # the publication date, as an attribute or an element; never the file's own dates
    assert _xmp(Pdf('<rdf:Description prism:publicationDate="2017-08-23" xmp:ModifyDate="2025-07-18"/>'))[
        "xmp:published"] == "2017"
    assert _xmp(Pdf("<prism:coverDate>2022-01-31</prism:coverDate>"))["xmp:published"] == "2022"
    assert _xmp(Pdf('<rdf:Description xmp:CreateDate="2019-04-12" xmp:ModifyDate="2025-08-07"/>'))[
        "xmp:published"] == ""

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


# --------------------------------------------------------------- glyphs fonts lose (− and ×)

def _ch(text, font, x0, size=9.0, top=100.0):
    return {"text": text, "fontname": font, "x0": x0, "x1": x0 + 0.5 * size, "top": top, "bottom": top + size,
            "y1": 700 - top, "size": size, "upright": True, "matrix": (size, 0, 0, size, x0, 700 - top - size)}


def test_glyph_text_maps_by_font_and_glyph_name():
    from nasicon_kg.readers.pdf import font_family, glyph_text

    assert font_family("LDNDGH+AdvP4C4E74") == "AdvP4C4E74"
    assert font_family("LDNDHM+AdvOT999035f4+e1") == "AdvOT999035f4"
    # the same glyph has other codes in other subsets of the font: its name decides
    assert glyph_text("LDNDGH+AdvP4C4E74", "(cid:3)", "C0") == "−"
    assert glyph_text("NBGDDD+AdvP4C4E74", "(cid:2)", "C0") == "−"
    assert glyph_text("NBGDDD+AdvP4C4E74", "(cid:4)", "C2") == "×"
    assert glyph_text("LDNDGH+AdvP4C4E74", "(cid:1)", "C14") == "°"
    assert glyph_text("LDNDGH+AdvP4C4E74", "(cid:5)", "C6") == "±"
    assert glyph_text("MMJOFG+LucidaSansUnicode22", "(cid:2)", "22c5") == "⋅"
    assert glyph_text("ABCDEF+Any", "(cid:9)", "uni2212") == "−"
    assert glyph_text("LDNDHM+AdvOT999035f4+e1", "\ue103") == "fi"
    # unknown: never guessed
    assert glyph_text("NBGDCC+AdvP4C4E59", "(cid:2)", "C23") is None
    assert glyph_text("ABCDEF+Other", "(cid:3)", "C0") is None
    assert glyph_text("ABCDEF+Other", "(cid:3)") is None
    assert glyph_text("Times-Roman", "x") == "x"


def test_lost_glyphs_are_left_out_and_warned_once():
    import warnings

    from nasicon_kg.readers.pdf import LostGlyphWarning, _page_glyphs, line_text, warn_lost_glyphs

    font, sym = "ABCDEF+Times", "GHIJKL+AdvP4C4E74"
    chars = [_ch("4", font, 0), _ch("(cid:6)", sym, 6), _ch("1", font, 12), _ch("0", font, 16.5),
             _ch("(cid:3)", sym, 21, 6, 97), _ch("1", font, 25, 6, 97), _ch("0", font, 28, 6, 97),
             _ch("(cid:7)", "MNOPQR+Mystery", 34), _ch("S", font, 40)]
    names = {sym: {3: "C0", 6: "C2"}, "MNOPQR+Mystery": {7: "C7"}}
    glyphs, lost = _page_glyphs(chars, names, page=2)
    assert "".join(g.text for g in glyphs) == "4×10−10S"
    assert [(g.page, g.font, g.code) for g in lost] == [(2, "Mystery", "C7")]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_lost_glyphs(lost, "paper.pdf")
        warn_lost_glyphs([], "clean.pdf")
    assert len(caught) == 1 and issubclass(caught[0].category, LostGlyphWarning)
    assert "paper.pdf" in str(caught[0].message) and "Mystery" in str(caught[0].message)
    # the raised "−10" becomes a superscript exponent; a raised degree sign is a plain "°"
    from nasicon_kg.readers.pdf import Glyph

    def g(t, x, sup=False):
        return (Glyph(t, x, x + 4, 97 if sup else 100, 103 if sup else 109, 6 if sup else 9, 103 if sup else 109),
                "sup" if sup else "main")

    assert line_text([g("1", 0), g("0", 4), g("−", 8, True), g("4", 12, True)], 9)[0] == "10⁻⁴"
    assert line_text([g("5", 0), g("0", 4), g("°", 10, True), g("C", 14)], 9)[0] == "50 °C"


#: What the glyph check finds in each real PDF: a sentence the mapped text must contain, the
#: conductivity it must then yield (or None), and the font whose glyphs stay unknown (warned).
GLYPH_CHECK = {
    "hornsveld2017_rscadv_ald_li2co3.pdf": ("a Li-ion conductivity of 4 × 10⁻¹⁰ S cm⁻¹", 4e-10, "AdvP4C4E46"),
    "aaltonen2010_jmc_ald_llto.pdf": ("An area of 150 × 150 mm² was", None, "AdvP4C4E59"),
    "put2019_jes_ald_lipon.pdf": ("a Li-ion conductivity of 5⋅10⁻⁷ S/cm at 25°C", 5e-7, None),
    "pieters2024_jpcc_ald_lihmds.pdf": ("ionic conductivities up to 1.7 × 10⁻⁶ S/cm", 1.7e-6, None),
}


@pytest.mark.parametrize("name", sorted(GLYPH_CHECK))
def test_real_pdfs_keep_their_minus_and_times_signs(name):
    import warnings

    from nasicon_kg.nlp.quantities import find_quantities
    from nasicon_kg.readers.pdf import LostGlyphWarning

    path = PDFS / name
    if not path.exists():
        pytest.skip("shared PDFs not present")
    sentence, value, unknown_font = GLYPH_CHECK[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = read_document(path)
    lost = [w for w in caught if issubclass(w.category, LostGlyphWarning)]
    assert sentence in doc.text
    assert "(cid:" not in doc.text and not re.search("[\ue000-\uf8ff]", doc.text)
    assert " 10 ¹⁰" not in doc.text and "S cm ¹" not in doc.text
    if value is not None:
        start = doc.text.index(sentence)
        found = [q for q in find_quantities(doc.text[start:start + len(sentence) + 20])
                 if q.quantity.kind == "conductivity"]
        assert found and found[0].quantity.value == pytest.approx(value)
    if unknown_font:
        assert len(lost) == 1 and unknown_font in str(lost[0].message)
    else:
        assert lost == []


def test_real_pdf_ligatures_in_private_use_area():
    path = PDFS / "hornsveld2017_rscadv_ald_li2co3.pdf"
    if not path.exists():
        pytest.skip("shared PDFs not present")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = read_document(path).text
    assert "thin film" in text and "after" in text and "flow" in text
    assert not re.search(r"\blms?\b", text)


@pytest.mark.parametrize("name, page", [("hornsveld2017_rscadv_ald_li2co3.pdf", 1), ("put2019_jes_ald_lipon.pdf", 1)])
def test_pdfium_characters_have_pdfminers_widths(name, page):
    """The reader's characters come from pdfium, its boxes as pdfminer drew them: x0 at the origin and
    x1 one /Widths advance on (pdfium's own box takes in an "f"'s overhang, "of lithium" -> "oflithium",
    and an italic "f"'s to the left, "Centre for" -> "Centrefor"): 96-98% of the letters and digits
    of these pages matched before, 99.8-99.9% now."""
    import pdfplumber
    import pypdfium2

    from nasicon_kg.readers.pdf import pdfium_chars

    path = PDFS / name
    if not path.exists():
        pytest.skip("shared PDFs not present")
    with pdfplumber.open(path) as pdf:  # letters and digits (a ligature or a space is drawn differently)
        theirs = [ch for ch in pdf.pages[page].chars if ch["upright"] and len(ch["text"]) == 1 and ch["text"].isalnum()]
    ours, _, _ = pdfium_chars(pypdfium2.PdfDocument(path)[page])
    at = {}
    for ch in ours:
        at.setdefault((ch["text"], round(ch["x0"])), []).append(ch)
    same = sum(any(abs(ch["x0"] - o["x0"]) <= 0.15 and abs(ch["x1"] - o["x1"]) <= 0.15
                   for o in at.get((ch["text"], round(ch["x0"])), [])) for ch in theirs)
    assert same >= 0.995 * len(theirs), (same, len(theirs))



@pytest.mark.skipif(not (PDFS / "aaltonen2010_jmc_ald_llto.pdf").exists(), reason="needs ../shared/pdfs")
def test_an_ald_precursor_paper_states_no_interface_fix():
    """aaltonen2010 grows LLTO films by ALD; 'lithium oxide or hydroxide films are likely to be deposited'
    is precursor chemistry, not a layer on an electrolyte (checked by hand)."""
    from nasicon_kg.extract import extract_facts
    from nasicon_kg.lexicon import load_lexicon
    from nasicon_kg.model import InterfaceStrategy
    from nasicon_kg.readers import read_document

    doc = read_document(PDFS / "aaltonen2010_jmc_ald_llto.pdf")
    facts = extract_facts(doc, sources="all", lexicon=load_lexicon())
    assert not [f for f in facts if isinstance(f, InterfaceStrategy)]
