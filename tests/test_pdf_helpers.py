"""The PDF helpers read back the figures of a PDF that WeasyPrint made."""

import pytest

from tests import pdf as pdf_helpers
from tests.pdf import normalise, pdf_page_count, pdf_text

HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Résultats</title>
<style>body { font-family: "DejaVu Sans", sans-serif; }</style></head>
<body><h1>Budget participatif 2026</h1>
<table><tr><th>Projet</th><th>Voix</th><th>Coût</th></tr>
<tr><td>Jardin partagé</td><td>1 234</td><td>45 000 €</td></tr>
<tr><td>Piste cyclable</td><td>987</td><td>120 000 €</td></tr></table>
<p>Participation : 42,5 %</p></body></html>"""


@pytest.fixture(scope="module")
def report_pdf():
    from weasyprint import HTML as WeasyHTML

    return WeasyHTML(string=HTML).write_pdf()


def check(text):
    text = normalise(text)
    for expected in (
        "Budget participatif 2026",
        "Jardin partagé",
        "1 234",
        "45 000 €",
        "987",
        "Piste cyclable",
        "120 000 €",
        "42,5 %",
    ):
        assert expected in text, f"{expected!r} not in {text!r}"


def test_pdftotext_reads_the_figures_from_bytes_and_from_a_file(report_pdf, tmp_path):
    assert pdf_helpers.shutil.which("pdftotext"), "poppler-utils is not installed"
    check(pdf_text(report_pdf))
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf)
    check(pdf_text(path))
    check(pdf_text(str(path), layout=True))
    assert pdf_page_count(path) == 1


def test_pypdf_fallback_reads_the_figures(report_pdf, monkeypatch):
    monkeypatch.setattr(pdf_helpers.shutil, "which", lambda name: None)
    check(pdf_text(report_pdf))
