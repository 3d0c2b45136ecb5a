"""End to end for a PDF: a two-column paper made here with reportlab is added to a store and its
strategy is found by the canonical query, with evidence from the PDF's text."""
from __future__ import annotations

from pathlib import Path

import pytest

from nasicon_kg.build import add_paper, remove_paper
from nasicon_kg.queries import load_query, run
from nasicon_kg.store import KGStore

PARAGRAPHS = [
    ("Introduction",
     "NASICON-type Li<sub>1.4</sub>Al<sub>0.4</sub>Ti<sub>1.6</sub>(PO<sub>4</sub>)<sub>3</sub> (LATP) "
     "is a fast lithium-ion conductor, but it is reduced by Li metal and forms a mixed conducting "
     "interphase that raises the interfacial resistance.<super>1,2</super> Thin inorganic interlayers "
     "have been proposed to keep the two apart.<super>3</super>"),
    ("Results",
     "Here, a 50 nm Li<sub>3</sub>BO<sub>3</sub> protective layer was deposited on LATP pellets by "
     "atomic layer deposition. The Li|Li<sub>3</sub>BO<sub>3</sub>-LATP|Li symmetric cell cycled "
     "stably for 800 h at 0.2 mA cm<super>-2</super> and 25 °C, while bare LATP failed after 40 h."
     "<super>4</super>"),
    ("Results",
     "The interfacial resistance decreased from 2100 to 180 Ω cm<super>2</super> after coating, "
     "because the layer prevents the reduction of Ti<super>4+</super> by lithium."),
]
REFERENCES = [
    "1 A. Author and B. Writer, J. Power Sources, 2019, 400, 100-110.",
    "2 C. Name, Solid State Ionics, 2020, 350, 115300.",
    "3 D. Person and E. Other, ACS Appl. Mater. Interfaces, 2018, 10, 31240-31248.",
    "4 F. Last, Adv. Energy Mater., 2021, 11, 2101339.",
]


def make_two_column_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

    styles = getSampleStyleSheet()
    width, height = A4
    margin, gutter = 50, 20
    col = (width - 2 * margin - gutter) / 2

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 30, "Journal of Made-up Interfaces")
        canvas.drawString(width / 2, 25, str(doc.page))
        canvas.restoreState()

    frames = [Frame(margin, 60, col, height - 140, id="left"),
              Frame(margin + col + gutter, 60, col, height - 140, id="right")]
    doc = BaseDocTemplate(str(path), pagesize=A4, title="Li3BO3 interlayers for LATP",
                          pageTemplates=[PageTemplate(frames=frames, onPage=furniture)])
    body = styles["BodyText"]
    story = [Paragraph("Li3BO3 interlayers for LATP", styles["Title"]),
             Paragraph("DOI: 10.5555/nkg.test.0001", body), Spacer(1, 6)]
    section = None
    for name, text in PARAGRAPHS:
        if name != section:
            story.append(Paragraph(name, styles["Heading2"]))
            section = name
        story.append(Paragraph(text, body))
    story.append(Paragraph("References", styles["Heading2"]))
    story.extend(Paragraph(ref, body) for ref in REFERENCES)
    doc.build(story)
    return path


@pytest.fixture()
def pdf(tmp_path):
    return make_two_column_pdf(tmp_path / "li3bo3_latp.pdf")


def test_add_pdf_and_query_its_strategy(tmp_path, pdf):
    store = KGStore(tmp_path / "kg")
    result = add_paper(store, pdf)
    assert result.status == "added", result
    assert result.graph.endswith("doi/10.5555/nkg.test.0001")
    rows = [r for r in run(store, load_query("strategies"))[1] if r.get("layer") == "Li3BO3"]
    assert rows, run(store, load_query("strategies"))[1]
    row = rows[0]
    assert row["electrolyte"] == "LATP"
    assert row["method"] == "atomic layer deposition"
    assert row["thickness_nm"] == 50
    assert row["sym_hours"] == 800 and row["current_density_mA_cm2"] == 0.2
    evidence = store.select(
        "SELECT ?s ?text WHERE { ?s nkg:layerMaterial/skos:prefLabel ?l . FILTER(STR(?l) = \"Li3BO3\")"
        " ?s nkg:hasEvidence/nkg:evidenceText ?text }")
    assert any("800 h" in r["text"] for r in evidence)
    # the same file again changes nothing; remove by file takes it out
    assert add_paper(store, pdf).status == "unchanged"
    remove_paper(store, str(pdf))
    assert not [g for g in store.graphs() if "nkg.test" in g]
