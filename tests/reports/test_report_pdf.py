"""A vote's report says what the app counts, in French, in an accessible PDF."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.pdf import normalise, pdf_text
from tests.reports.conftest import add_ballots, pdf_bytes
from wagtail_participation.reports import formats
from wagtail_participation.reports.builder import ParticipationCounts
from wagtail_participation.votes.report import VoteReport
from wagtail_participation.votes.results import count_vote

pytestmark = pytest.mark.django_db


def french(function, *args):
    with translation.override("fr"):
        return function(*args)


def test_the_results_table_in_the_pdf_is_the_apps_count(lighting_vote, commune, generate):
    text = normalise(pdf_text(pdf_bytes(generate(lighting_vote)), layout=True))
    tally = count_vote(lighting_vote)

    for row in tally.rows:
        cells = [
            row.label,
            *(french(formats.number, count) for count in row.counts),
            french(formats.number, row.total),
            french(formats.percent, row.percent),
        ]
        assert normalise(" ".join(cells)) in text
    totals = [french(formats.number, n) for n in (*tally.channel_totals, tally.total)]
    assert normalise("Total " + " ".join(totals) + " 100 %") in text
    # What the figures are, from the same vote: 1 209 for, in the chart and the table.
    assert "1 209 (77,4 %)" in text and tally.rows[0].total == 1209


def test_the_participants_and_the_days_are_the_apps(lighting_vote, commune, generate):
    text = normalise(pdf_text(pdf_bytes(generate(lighting_vote)), layout=True))
    counts = french(VoteReport(lighting_vote).participation_counts)

    assert counts == ParticipationCounts(online=17, paper=1545)
    figures = " ".join(french(formats.number, n) for n in (17, 1545, 1562))
    assert f"En ligne Sur papier Total {normalise(figures)}" in text
    # Online ballots per day: 17 in all, 7 on the busiest day (5 for, 2 against).
    assert "17 participations en ligne du" in text
    assert "Le jour le plus actif a été le" in text and "(7)" in text


def test_paper_voters_of_a_multiple_choice_vote_are_not_invented(make_vote, commune, generate):
    vote = make_vote(kind="multiple", options=["Bancs", "Arbres", "Fontaine"], max_choices=2)
    add_ballots(vote, ["bancs", "arbres"])
    add_ballots(vote, ["arbres"], channel="paper", weight=30)

    text = normalise(pdf_text(pdf_bytes(generate(vote)), layout=True))

    assert "En ligne Sur papier Total 1 inconnu" in text
    assert "le nombre de personnes ayant voté sur papier n’est pas connu" in text
    assert "Arbres 1 30 31" in text


def test_cover_contents_appendix_and_page_numbers(lighting_vote, commune, generate):
    report = generate(lighting_vote)
    data = pdf_bytes(report)
    pages = pdf_text(data).split("\f")
    cover, rest = normalise(pages[0]), normalise(" ".join(pages[1:]))

    assert "Commune de Saint-Essai" in cover
    assert "RAPPORT DES RÉSULTATS · VOTE" in cover
    assert lighting_vote.question in cover
    assert normalise(french(formats.long_datetime, lighting_vote.opens_at)) in cover
    assert normalise(french(formats.long_datetime, lighting_vote.closes_at)) in cover
    # The table of contents gives the page of each part; every page but the cover is numbered.
    assert re.search(r"Synthèse\W*\.{5,} ?2 ", rest), rest[:400]
    assert re.search(r"Résultats\W*\.{5,} ?\d", rest)
    assert f"Page 2 sur {report.page_count}" in rest
    assert f"Page {report.page_count} sur {report.page_count}" in rest
    assert "Annexe" in rest and "Méthode" in rest and "Empreinte des données" in rest
    assert "Ce rapport a été généré le" in rest


def test_french_typography_in_print(lighting_vote, commune, generate):
    # pypdf keeps the no-break spaces that pdftotext turns into spaces.
    reader = PdfReader(BytesIO(pdf_bytes(generate(lighting_vote))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # "nuit ?" with a narrow no-break space, "Identité : …" with a no-break space.
    assert "nuit\u202f?" in text
    assert "Mode d’identification\u00a0:" in text
    assert re.search("1[\u00a0\u202f]209", text)  # thousands grouped with a no-break space
    assert re.search("77,4[\u00a0\u202f]%", text)


def test_the_pdf_is_tagged_titled_in_french_with_embedded_fonts(lighting_vote, commune, generate):
    data = pdf_bytes(generate(lighting_vote))
    reader = PdfReader(BytesIO(data))
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == "fr"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    title = "Rapport des résultats\u00a0: Éteindre l'éclairage public la nuit\u202f?"
    assert reader.metadata.title == title
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    fonts = subprocess.run(
        ["pdffonts", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows and all(line.split()[-5] == "yes" for line in rows), fonts


def test_the_logo_is_printed_on_the_cover(lighting_vote, commune, generate):
    reader = PdfReader(BytesIO(pdf_bytes(generate(lighting_vote))))
    assert len(reader.pages[0].images) == 1


def test_a_rendered_page_is_not_blank(lighting_vote, commune, generate, tmp_path):
    from PIL import Image

    assert shutil.which("pdftoppm"), "poppler-utils is not installed"
    report = generate(lighting_vote)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_bytes(report))
    # The results page: the first page whose text has the results table.
    pages = pdf_text(pdf).split("\f")
    number = next(i for i, page in enumerate(pages, 1) if "Abstention" in page)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-f",
            str(number),
            "-l",
            str(number),
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    dark = sum(1 for value in image.tobytes() if value < 200)
    # Text, table borders and the chart's bars.
    assert dark > 1500, dark
    # In their colour (the web page's stylesheet is not the PDF's: the bars' own fill), with
    # their labels in the text's colour (currentColor).
    rgb = Image.open(png).convert("RGB").tobytes()
    pixels = zip(rgb[0::3], rgb[1::3], rgb[2::3], strict=True)
    blue = sum(1 for r, g, b in pixels if b > 180 and r < 80 and g < 120)
    # The two bars (77 % and 23 % of a 68 mm chart) cover about 600 pixels at 40 dpi; nothing
    # else on the page is this blue.
    assert blue > 400, blue


def test_html_and_script_in_any_text_are_printed_as_text(make_vote, commune, generate):
    vote = make_vote(
        kind="single",
        question="<script>alert('question')</script> Faut-il <b>vraiment</b> ?",
        description='<img src="file:///etc/passwd"> <a href="javascript:alert(1)">clic</a>',
        options=["<i>Oui</i> & plus", "</td></tr></table>Non"],
    )
    add_ballots(vote, [vote.options.first().key])

    report = generate(vote)
    text = normalise(pdf_text(pdf_bytes(report), layout=True))

    assert "<script>alert('question')</script> Faut-il <b>vraiment</b>" in text
    assert '<img src="file:///etc/passwd"> <a href="javascript:alert(1)">clic</a>' in text
    assert "<i>Oui</i> & plus" in text
    assert "</td></tr></table>Non" in text


def test_participation_per_neighbourhood_when_the_type_asked_for_it(
    lighting_vote, commune, generate, monkeypatch
):
    from wagtail_participation.reports.builder import NeighbourhoodCount

    without = normalise(pdf_text(pdf_bytes(generate(lighting_vote)), layout=True))
    assert "Participation par quartier" not in without  # votes do not ask where people live

    monkeypatch.setattr(
        VoteReport,
        "participation_per_neighbourhood",
        lambda self: [NeighbourhoodCount("Centre-bourg", 12), NeighbourhoodCount("Les Noues", 4)],
    )
    add_ballots(lighting_vote, ["for"])  # new data, new report
    text = normalise(pdf_text(pdf_bytes(generate(lighting_vote)), layout=True))

    assert "Participation par quartier" in text
    assert "Quartier Participants Part" in text
    assert "Centre-bourg 12 75,0 %" in text and "Les Noues 4 25,0 %" in text


def test_a_long_participation_is_charted_per_week(make_vote, commune):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    vote = make_vote(opens_at=now - timedelta(days=120), closes_at=now - timedelta(days=1))
    add_ballots(vote, ["for"], when=now - timedelta(days=100))
    add_ballots(vote, ["for"], when=now - timedelta(days=99))
    unit, periods = french(VoteReport(vote).participation_over_time)
    assert unit == "week"
    assert len(periods) == 18 and sum(period.count for period in periods) == 2
    assert all((b.start - a.start).days == 7 for a, b in zip(periods, periods[1:], strict=False))
