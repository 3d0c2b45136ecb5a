"""A paper's own metadata (issue 9, item 8): its publication year (never a download stamp), its
authors from the first page's byline, reference journals in each citation style, HTML titles with
subscripts, pdfminer's complaints as one warning. The four real PDFs are checked where
test_reader_pdf.py reads them."""
from __future__ import annotations

import warnings
import zlib
from pathlib import Path

import pytest

from nasicon_kg.readers import read_document
from nasicon_kg.readers.metadata import byline_names, guess_year, year_from_lines
from nasicon_kg.readers.pdf import Line, PdfDamageWarning, byline_authors, publication_year
from nasicon_kg.readers.references import parse_reference

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
MARKUP = SHARED / "markup"


# -- the year ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lines, year", [
    (["Cite This: J. Phys. Chem. C 2024, 128, 19638−19647", "Downloaded via X on July 18, 2025 at 14:24"], 2024),
    (["To cite this article: B. Put et al 2019 J. Electrochem. Soc. 166 A1239",
      "This content was downloaded from IP address 194.95.115.160 on 07/08/2025 at 15:06"], 2019),
    (["Received 9th November 2009, Accepted 13th January 2010",
      "First published as an Advance Article on the web 11th February 2010"], 2010),
    (["Received 13th July 2017", "Accepted 10th August 2017"], 2017),
    (["Manuscript submitted December 11, 2018; revised manuscript received March 27, 2019. Published April 12, 2019."],
     2019),
    (["© 2016 Elsevier B.V. All rights reserved.", "Available online 3 January 2017"], 2016),
    (["This journal is © The Royal Society of Chemistry 2013", "Downloaded on 01/02/2025"], 2013),
    (["Received: 2 March 2014 / Revised: 20 April 2014 / Accepted: 2 May 2014"], 2014),
])
def test_year_from_the_papers_own_lines(lines, year):
    assert year_from_lines(lines) == year


@pytest.mark.parametrize("lines", [
    ["Published on 11 February 2010. Downloaded by Eindhoven University on 18/07/2025 13:22:49."],
    ["Downloaded via EINDHOVEN UNIV OF TECHNOLOGY on July 18, 2025 at 14:24:08 (UTC)."],
    ["This content was downloaded from IP address 1.2.3.4 on 07/08/2025 at 15:06"],
    ["As published in 2015 by Smith and co-workers, the layer", "grew at 300 °C in 2019 trials"],
])
def test_no_year_from_stamps_or_prose(lines):
    assert year_from_lines(lines) is None


def test_text_front_matter_year_skips_a_download_line():
    assert guess_year("A paper on LATP from 2018\nDownloaded from the library on 2 May 2025\n") == 2018


@pytest.mark.parametrize("meta, lines, year", [
    ({"xmp:published": "2017", "CreationDate": "D:20170823190453", "ModDate": "D:20250718152249"}, [], 2017),
    ({"CreationDate": "D:20190412074623", "ModDate": "D:20250807150632"},
     ["Published April 12, 2020"], 2020),                      # the page's own line beats the file's date
    ({"Subject": "RSC Advances (2017), 7, 41359-41368, doi:10.1039/C7RA07722J",
      "CreationDate": "D:20180101000000"}, [], 2017),
    ({"CreationDate": "D:20190412074623", "ModDate": "D:20250807150632"},
     ["This content was downloaded from IP address 1.2.3.4 on 07/08/2025"], 2019),
    ({"ModDate": "D:20250807150632"}, ["Downloaded on 07/08/2025", "Batteries 2012 and beyond"], 2012),
    ({"ModDate": "D:20250807150632"}, [], None),
])
def test_pdf_publication_year_order(meta, lines, year):
    assert publication_year(meta, lines) == year


# -- authors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, names", [
    ("B. Put,^(1,2,z) M. J. Mees,² N. Hornsveld,¹ and M. Creatore^(1,∗)",
     ("B. Put", "M. J. Mees", "N. Hornsveld", "M. Creatore")),
    ("Wei Luo,^(a) Xianluo Hu*^(a) and Yunhui Huang^(a)", ("Wei Luo", "Xianluo Hu", "Yunhui Huang")),
    ("Hua-Chao Tao1, Xue-Lin Yang1,2 & Shi-Bing Ni1*", ("Hua-Chao Tao", "Xue-Lin Yang", "Shi-Bing Ni")),
    ("M. J. Pieters,* L. Bartel, C. van Helvoirt, and M. Creatore",
     ("M. J. Pieters", "L. Bartel", "C. van Helvoirt", "M. Creatore")),
    ("Department of Applied Physics, Eindhoven University of Technology", ()),
    ("Received 13th July 2017, Accepted 10th August 2017", ()),
    ("Li-ion batteries, gas sensors and fuel cells", ()),
])
def test_byline_names(line, names):
    assert byline_names(line) == names


def _line(text, top, x0=50.0, size=10.0, page=1):
    return Line(text, x0, x0 + 6 * len(text), top, top + size, size, False, page)


def test_byline_under_the_title_not_a_cover_sheets_other_papers():
    lines = [
        _line("Journal of Things", 30, size=12),
        _line("Coated LATP for Solid State", 60, size=16),
        _line("Wangqi Dai, Yan Qiao, Ziqiang Ma et al.", 70, x0=420, size=7),  # "you may also like"
        _line("Batteries", 80, size=16),
        _line("To cite this article: A. Smith 2019", 100, size=8),
        _line("Coated LATP for Solid State Batteries", 40, size=14, page=2),
        _line("Anna Smith,^(1) B. Jones,^(2)", 60, page=2),
        _line("Carl D. Young,^(1,∗) and Dora Evans^(2)", 60, x0=260, page=2),   # the same row, past a gutter
        _line("and E. Fox", 72, page=2),
        _line("¹Department of Chemistry, Some University", 90, size=8, page=2),
    ]
    assert byline_authors(lines, "Coated LATP for Solid State Batteries") == (
        "Anna Smith", "B. Jones", "Carl D. Young", "Dora Evans", "E. Fox")
    assert byline_authors(lines, "A title that is not on these pages") == ()


# -- reference journals in each style --------------------------------------------------------------

@pytest.mark.parametrize("text, journal, year, volume, pages, first, last", [
    # RSC
    ("N. Tolganbek, A. Mentbayeva and Z. Bakenov, J. Power Sources, 2021, 493, 229686.",
     "J. Power Sources", 2021, "493", "229686", "N. Tolganbek", "Z. Bakenov"),
    # ACS, with and without a title, with an issue and "et al."
    ("Liu, Y.; Sun, Q.; Wang, C. Coatings for Garnets. J. Am. Chem. Soc. 2019, 141, 1234−1240.",
     "J. Am. Chem. Soc.", 2019, "141", "1234–1240", "Liu, Y.", "Wang, C."),
    ("Goodenough, J. B.; Park, K.-S. J. Am. Chem. Soc. 2013, 135, 1167.",
     "J. Am. Chem. Soc.", 2013, "135", "1167", "Goodenough, J. B.", "Park, K.-S."),
    ("Chen, L.; Toney, M. F.; et al. Low-Temperature Fluoride Coatings. ACS Appl. Mater. Interfaces 2018, "
     "10 (32), 26972−26981.", "ACS Appl. Mater. Interfaces", 2018, "10", "26972–26981", "Chen, L.", "Toney, M. F."),
    # ECS / IOP: the volume is no journal
    ("B. Put, M. J. Mees, and M. Creatore, J. Electrochem. Soc., 164, A1234 (2017).",
     "J. Electrochem. Soc.", 2017, "164", "A1234", "B. Put", "M. Creatore"),
    ("A. Pearse and K. E. Gregorczyk, Three-Dimensional Solid-State Batteries, ACS Nano, 12, 4286 (2018).",
     "ACS Nano", 2018, "12", "4286", "A. Pearse", "K. E. Gregorczyk"),
    ("Y. S. Jung, A. S. Cavanagh, and S.-H. Lee, Adv. Mater., 22 (2010).",
     "Adv. Mater.", 2010, "22", "", "Y. S. Jung", "S.-H. Lee"),
    # Elsevier numbered
    ("X. Meng, X.-Q. Yang, X. Sun, Emerging applications of atomic layer deposition, Adv. Mater. 24 (2012) "
     "3589–3615.", "Adv. Mater.", 2012, "24", "3589–3615", "X. Meng", "X. Sun"),
    # Springer
    ("Zhang W, Nie J, Wang ZL (2018) A durable solid-state lithium battery. Nano Energy 45:413–419",
     "Nano Energy", 2018, "45", "413–419", "Zhang W", "Wang ZL"),
    ("Goodenough JB, Park K-S (2013) The Li-ion rechargeable battery: a perspective. J Am Chem Soc "
     "135(4):1167–1176", "J Am Chem Soc", 2013, "135", "1167–1176", "Goodenough JB", "Park K-S"),
])
def test_reference_journal_by_style(text, journal, year, volume, pages, first, last):
    ref = parse_reference(1, text)
    assert (ref.journal, ref.year, ref.volume, ref.pages) == (journal, year, volume, pages)
    assert (ref.authors[0], ref.authors[-1]) == (first, last)


def test_accent_drawn_apart_still_parses():
    ref = parse_reference(3, "Aaltonen, T.; Nilsen, O.; Fjellvag̊ , H. Li2O−Al2O3 Thin Films. Chem. Mater. 2011, "
                             "23 (21), 4669−4675.")
    assert ref.journal == "Chem. Mater." and ref.authors[-1] == "Fjellvag, H."


# -- markup ----------------------------------------------------------------------------------------

def test_html_title_keeps_subscripts_joined(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><meta name="citation_title" content="Coated TiO 2 fibres for Li 7 La 3 Zr 2 O 12">'
                    '</head><body><h1>Coated TiO<sub>2</sub> fibres for Li<sub>7</sub>La<sub>3</sub>Zr<sub>2'
                    '</sub>O<sub>12</sub><a href="#fn1">†</a></h1><p>The garnet conducts lithium ions well.</p>'
                    '</body></html>')
    assert read_document(page).metadata.title == "Coated TiO2 fibres for Li7La3Zr2O12"


@pytest.mark.parametrize("name, title_part", [
    ("rsc_c2jm15197a_tio2_nanofibers_lib.html", "electrospun TiO2 nanofibers"),
    ("rsc_c7ta_ni12p5_anodes.html", "hollow Ni12P5 nanocrystals"),
])
def test_real_rsc_titles(name, title_part):
    if not (MARKUP / name).exists():
        pytest.skip("../shared/markup is not here")
    assert title_part in read_document(MARKUP / name).metadata.title


def test_real_elsevier_year_and_journal():
    path = MARKUP / "elsevier_j.est.2021.103685_li_battery_thermal.xml"
    if not path.exists():
        pytest.skip("../shared/markup is not here")
    meta = read_document(path).metadata
    assert (meta.year, meta.journal) == (2022, "Journal of Energy Storage")


# -- pdfminer's log lines --------------------------------------------------------------------------

def damaged_stream_pdf(write_pdf, lines: list[str]) -> bytes:
    """A one-page PDF whose content stream has a wrong Adler-32: pdfminer reads the text and logs
    "Data-loss while decompressing corrupted data"."""
    content = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    packed = bytearray(zlib.compress(content.encode()))
    packed[-1] ^= 0xFF
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + bytes(packed) + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return write_pdf(objects)


def test_pdfminer_log_lines_become_one_warning(tmp_path, capfd, write_pdf):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged_stream_pdf(write_pdf, ["A thin LiPON layer protects LATP.", "It conducts lithium ions."]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = read_document(path)
    assert "A thin LiPON layer protects LATP." in document.text
    damage = [w for w in caught if issubclass(w.category, PdfDamageWarning)]
    assert len(damage) == 1 and "Data-loss while decompressing" in str(damage[0].message)
    assert str(path) in str(damage[0].message)
    assert "Data-loss" not in capfd.readouterr().err  # nothing leaked to stderr
