"""A survey's PDF report says what the app computes, prints only what the public may read, and
its paper questionnaire is the paper-entry screen's, rules included."""

import csv
import io
import json
import re
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.test import Client
from django.utils import timezone, translation

from tests.pdf import CHART_BLUE, ink, normalise, pdf_text, rendered_page
from tests.reports.conftest import export_bytes, pdf_bytes
from tests.reports.test_fingerprint import appendix_fingerprint
from tests.surveys.conftest import add_responses, every_kind_blocks, question, single, text
from wagtail_participation.exports.writers import csv_lines
from wagtail_participation.models import GeneratedReport, SurveyAnswer, SurveyPage
from wagtail_participation.reports import formats
from wagtail_participation.reports.document import report_locale
from wagtail_participation.reports.generation import data_key
from wagtail_participation.reports.links import (
    admin_paper_form_url,
    admin_report_url,
    public_report_url,
)
from wagtail_participation.surveys.report import SurveyReport, kind_description
from wagtail_participation.surveys.results import survey_results

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


def french(function, *args):
    with translation.override("fr"):
        return function(*args)


def number(value):
    return french(formats.number, value)


def share(percent):
    """A share as the results tables print it."""
    return french(floatformat, percent, 1) + " %"


def response(neighbourhood, **fields):
    """One resident's answers to the every-kind survey, as the form sends them."""
    answers = {
        "q-priorities": ["priorities-1", "priorities-3"],
        "q-ranking-ranking-1": "2",
        "q-ranking-ranking-2": "1",
        "q-ranking-ranking-3": "3",
        "q-halle-halle-1": "0",
        "q-halle-halle-2": "2",
        "q-transport": "transport-1",
        "q-parking": "4",
        "q-market": "yes",
        "q-spending": "45,5",
        "q-last_visit": "2026-11-28",
        "q-satisfaction-satisfaction-row-1": "satisfaction-col-1",
        "q-satisfaction-satisfaction-row-2": "satisfaction-col-3",
        "q-where": str(neighbourhood.pk),
    }
    answers.update(fields)
    return {name: value for name, value in answers.items() if value is not None}


@pytest.fixture
def answered(make_survey, neighbourhoods):
    """A closed survey with every kind of question: seven online responses and two paper
    forms, varied, some written answers, one of them hidden by the town hall."""
    survey = make_survey(*every_kind_blocks(), title="Centre-ville : vos priorités")
    centre, gare, vignes = neighbourhoods
    online = [
        response(centre, **{"q-ideas": "Des bancs à l'ombre sur la place."}),
        response(
            gare,
            **{
                "q-priorities": ["priorities-2", "other"],
                "q-priorities-other": "Une <b>halle</b> couverte",
                "q-transport": "transport-2",
                "q-parking": None,
                "q-spending": "12",
                "q-ideas": "<script>alert('x')</script>Un marché le soir",
            },
        ),
        response(
            vignes,
            **{
                "q-ranking-ranking-1": "1",
                "q-ranking-ranking-2": "3",
                "q-ranking-ranking-3": "2",
                "q-halle-halle-1": "1",
                "q-halle-halle-2": "3",
                "q-parking": "2",
                "q-market": "no",
                "q-spending": "120",
                "q-last_visit": "2026-10-03",
                "q-ideas": "Mon voisin M. Dupont, 3 rue des Lilas, fait du bruit",
            },
        ),
        response(centre, **{"q-priorities": ["priorities-4"], "q-spending": "30"}),
        response(gare, **{"q-priorities": ["priorities-1", "priorities-2"], "q-parking": "5"}),
        response(centre, **{"q-transport": "transport-3", "q-parking": None, "q-market": None}),
        response(
            vignes,
            **{"q-where": "outside", "q-street": "Rue de la Poste", "q-spending": "0,5"},
        ),
    ]
    add_responses(survey, online)
    add_responses(
        survey,
        [
            response(centre, **{"q-spending": "60", "q-ideas": "Plus de fleurs"}),
            response(gare, **{"q-transport": "transport-2", "q-parking": None}),
        ],
        channel="paper",
    )
    SurveyAnswer.objects.filter(text__startswith="Mon voisin").update(hidden=True)
    SurveyPage.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(hours=1),
        results_visibility="after_closing",
    )
    return SurveyPage.objects.get(pk=survey.pk)


def report_text(generate, survey):
    return normalise(pdf_text(pdf_bytes(generate(survey)), layout=True))


# --- the figures --------------------------------------------------------------------------------


def test_every_figure_of_the_report_is_the_apps(answered, commune, generate):
    text_of_pdf = report_text(generate, answered)
    results = french(survey_results, answered)
    assert (results.online, results.paper) == (7, 2)

    # Participants, online and on paper.
    assert "En ligne Sur papier Total 7 2 9" in text_of_pdf
    for result in results.questions:
        question = result.question
        assert f"{question.number}. {question.label}" in text_of_pdf
        kind = question.kind
        if kind in ("multiple_choice", "single_choice", "yes_no", "neighbourhood"):
            for row in result.tally.rows:
                counts = row.counts if result.tally.is_split_by_channel else ()
                cells = [row.label, *map(number, counts), number(row.total), share(row.percent)]
                assert normalise(" ".join(cells)) in text_of_pdf, (question.label, cells)
        elif kind in ("scale", "number"):
            unit = f" {result.unit}" if result.unit else ""
            stats = french(
                lambda r=result: [r.mean_text, r.median_text, r.minimum_text, r.maximum_text]
            )
            printed = " ".join(f"{value}{unit}" for value in stats)
            assert normalise(printed) in text_of_pdf, (question.label, printed)
        elif kind == "ranking":
            for item in result.items:
                cells = [
                    item.label,
                    number(item.borda),
                    share(item.borda_percent),
                    french(lambda i=item: i.average_rank_text),
                    number(item.ranked_by),
                ]
                assert normalise(" ".join(cells)) in text_of_pdf, cells
        elif kind == "matrix":
            for row in result.rows:
                cells = [f"{number(count)} ({share(part)})" for count, part in row.cells]
                line = " ".join([row.label, *cells, number(row.total)])
                assert normalise(line) in text_of_pdf, line
        elif kind == "majority_judgment":
            for option in result.options:
                cells = [f"{number(count)} ({share(part)})" for count, part in option.cells]
                line = " ".join(
                    [str(option.position), option.label, option.majority_grade, option.gauge]
                )
                assert normalise(line + " " + " ".join(cells)) in text_of_pdf, line
        # Above each question's figures: its kind, and how many of the respondents answered.
        noun, verb = ("répondant", "a") if result.respondents < 2 else ("répondants", "ont")
        answered_line = (
            f"{french(kind_description, question)} · {number(result.respondents)} {noun} "
            f"sur {number(results.respondents)} {verb} répondu."
        )
        assert normalise(answered_line) in text_of_pdf, answered_line


def test_participation_per_neighbourhood_comes_from_the_neighbourhood_question(
    answered,
    commune,
    generate,
):
    text_of_pdf = report_text(generate, answered)
    where = french(survey_results, answered).question("where")

    assert "Participation par quartier" in text_of_pdf
    assert "Quartier Participants Part" in text_of_pdf
    for row in where.tally.rows:
        assert normalise(f"{row.label} {number(row.total)} {share(row.percent)}") in text_of_pdf
    assert "lue dans les réponses à la question 10" in text_of_pdf


def test_a_survey_without_a_neighbourhood_question_has_no_such_part(
    make_survey,
    commune,
    generate,
):
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture", "Vélo"))
    add_responses(survey, [{"q-transport": "transport-1"}])

    assert SurveyReport(survey).participation_per_neighbourhood() is None
    assert "Participation par quartier" not in report_text(generate, survey)


def test_the_method_explains_each_kind_of_result_the_survey_has(
    answered,
    commune,
    generate,
):
    text_of_pdf = report_text(generate, answered)
    for explained in (
        "le total des parts dépasse 100 %",  # multiple choice
        "la médiane est la réponse du milieu",
        "méthode de Borda : un élément classé r-ième sur n éléments obtient n − r points",
        "La mention majoritaire d’une option",
        "Tableaux : pour chaque ligne",
        "Dates : les réponses comptées par mois",
        "Celles que la mairie a masquées au public",
    ):
        assert explained in text_of_pdf, explained


def test_a_conditional_question_says_to_whom_it_was_asked(answered, commune, generate):
    assert (
        "Posée seulement aux répondants qui ont répondu « Voiture » à la question 4."
        in report_text(generate, answered)
    )


def test_a_results_page_of_the_pdf_is_not_blank(answered, commune, generate, tmp_path):
    assert shutil.which("pdftoppm"), "poppler-utils is not installed"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_bytes(generate(answered)))
    pages = pdf_text(pdf).split("\f")
    # The page of the ranking's results (the contents, on page 2, name it too).
    number_of_page = next(
        i for i, page in enumerate(pages, 1) if i > 2 and "Classez ces projets" in page
    )
    image = rendered_page(pdf, number_of_page, tmp_path)

    assert ink(image) > 1500
    # The Borda chart's bars are drawn, not only the titles and tables around them.
    assert ink(image, CHART_BLUE) > 300, ink(image, CHART_BLUE)


# --- written answers ----------------------------------------------------------------------------


def test_written_answers_are_printed_as_text_and_hidden_ones_never(
    answered,
    commune,
    generate,
):
    text_of_pdf = normalise(pdf_text(pdf_bytes(generate(answered))))

    assert "<script>alert('x')</script>Un marché le soir" in text_of_pdf
    assert "Une <b>halle</b> couverte" in text_of_pdf
    assert "Des bancs à l'ombre sur la place." in text_of_pdf
    assert "Plus de fleurs" in text_of_pdf  # from a paper form
    assert "Dupont" not in text_of_pdf and "rue des Lilas" not in text_of_pdf
    # The total counts it; the printed answers are the published ones.
    assert "4 réponses ont été données à cette question." in text_of_pdf
    assert "Les 3 réponses publiées sont imprimées ici" in text_of_pdf
    assert "12. Vos idées pour le centre-ville" in text_of_pdf
    assert "1. Vos priorités pour le centre-ville — réponses « Autre »" in text_of_pdf


def test_written_answers_are_capped_and_the_rest_is_in_the_export(
    answered,
    commune,
    generate,
    settings,
):
    settings.WAGTAIL_PARTICIPATION = {
        "REPORT_FREE_TEXT_LIMIT": 2,
        "RATE_LIMIT_PER_IP": 0,
        "RATE_LIMIT_PER_PARTICIPANT": 0,
    }
    report = generate(answered)
    text_of_pdf = normalise(pdf_text(pdf_bytes(report)))

    assert "Les 2 premières des 3 réponses publiées sont imprimées ici" in text_of_pdf
    # In the order they were received: the third published one is left out.
    assert "Des bancs à l'ombre sur la place." in text_of_pdf
    assert "Plus de fleurs" not in text_of_pdf
    export = export_bytes(report).decode("utf-8-sig")
    assert "Plus de fleurs" in export
    assert "Mon voisin M. Dupont" in export  # hidden from the public, never from the export


def test_urls_in_the_surveys_rich_text_are_never_fetched(
    make_survey,
    commune,
    generate,
    admin_client,
    monkeypatch,
):
    """The introduction is rich text: a file of the server or an address on the network named
    in it reaches neither the report nor the paper questionnaire, which print it as text."""
    import socket

    from wagtail_participation.reports.fetcher import ReportURLFetcher

    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    asked = []
    real_fetch = ReportURLFetcher.fetch

    def fetch(self, url, *args, **kwargs):
        asked.append(url)
        return real_fetch(self, url, *args, **kwargs)

    monkeypatch.setattr(ReportURLFetcher, "fetch", fetch)
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture", "Vélo"))
    survey.intro = (
        '<p>Voir <img src="file:///etc/passwd" alt="passwd"> le '
        '<a href="https://example.org/plan">plan du centre</a>'
        '<img src="https://example.org/pixel.png" alt="pixel">.</p>'
    )
    survey.save()
    add_responses(survey, [{"q-transport": "transport-1"}])

    report = normalise(pdf_text(pdf_bytes(generate(survey))))
    paper = paper_questionnaire(admin_client, survey)

    assert asked, "the fetcher reads the stylesheet and the logo"
    assert not [url for url in asked if "passwd" in url or "example.org" in url], asked
    for printed in (report, paper):
        assert "Voir le plan du centre." in printed
        assert "root:" not in printed


# --- raw data and fingerprint ---------------------------------------------------------------------


def test_the_fingerprint_command_agrees_with_the_appendix(
    answered,
    commune,
    generate,
    tmp_path,
):
    report = generate(answered)
    export = tmp_path / "reponses.csv"
    export.write_bytes(export_bytes(report))

    out = io.StringIO()
    call_command("participation_fingerprint", str(export), stdout=out)
    printed = out.getvalue().split("  ")[0].replace(" ", "")

    assert printed == appendix_fingerprint(report) == report.fingerprint


def test_the_raw_export_is_the_responses_export_the_same_bytes_for_the_same_data(
    answered,
    commune,
    generate,
):
    report = generate(answered)
    rows = list(csv.reader(io.StringIO(export_bytes(report).decode("utf-8-sig")), delimiter=";"))

    assert rows[0][:6] == [
        "ID",
        "Date",
        "Canal",
        "Numéro d’enregistrement",
        "Saisi par",
        "Remarque",
    ]
    assert "Q1. Vos priorités pour le centre-ville — Commerces" in rows[0]
    assert len(rows) == 1 + 9
    assert [int(row[0]) for row in rows[1:]] == sorted(int(row[0]) for row in rows[1:])

    def written():
        with report_locale():
            export = SurveyReport(answered).raw_export()
            return b"".join(line.encode() for line in csv_lines(export.headings, export.rows, "fr"))

    assert written() == written() == export_bytes(report)


def test_hiding_an_answer_makes_a_new_report(answered, commune, generate):
    first = generate(answered)
    key = data_key(answered)
    SurveyAnswer.objects.filter(text="Plus de fleurs").update(hidden=True)

    assert data_key(answered) != key
    second = generate(answered)
    assert second.pk != first.pk
    assert "Plus de fleurs" not in normalise(pdf_text(pdf_bytes(second)))
    assert GeneratedReport.objects.count() == 1  # the older report is gone


def test_rewording_a_question_makes_a_new_report(answered, commune):
    key = data_key(answered)
    body = list(answered.body.raw_data)
    body[1]["value"]["label"] = "Vos trois priorités"
    answered.body = json.dumps(body)
    answered.save_revision().publish()

    assert data_key(SurveyPage.objects.get(pk=answered.pk)) != key


# --- who gets it ----------------------------------------------------------------------------------


def test_a_pdf_of_hidden_results_is_refused_to_the_public(make_survey, commune):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        results_visibility="after_closing",
    )
    add_responses(survey, [{"q-transport": "transport-1"}])

    response = Client().get(public_report_url(survey))

    assert response.status_code == 403
    assert "ne sont pas publics" in text(response)
    assert not GeneratedReport.objects.exists()
    assert public_report_url(survey) not in text(Client().get(survey.url))


def test_public_results_give_the_public_the_pdf_and_its_link(
    answered, commune, django_capture_on_commit_callbacks
):
    resident = Client()
    results_page = text(resident.get(answered.url + "results/"))
    assert public_report_url(answered) in results_page

    with django_capture_on_commit_callbacks(execute=True):
        first = resident.get(public_report_url(answered))
    assert first.status_code == 202
    response = resident.get(public_report_url(answered))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert "Dupont" not in normalise(pdf_text(body))


def test_a_survey_that_is_not_live_has_no_public_report(answered, commune):
    answered.unpublish()
    assert Client().get(public_report_url(answered)).status_code == 404


def test_editors_reach_the_report_from_the_results_page_and_the_page_editor(
    answered, commune, admin_client, django_capture_on_commit_callbacks
):
    results = text(admin_client.get(f"/admin/participation/surveys/{answered.pk}/results/"))
    assert admin_report_url(answered) in results and admin_paper_form_url(answered) in results
    editor = text(admin_client.get(f"/admin/pages/{answered.pk}/edit/"))
    assert admin_report_url(answered) in editor

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(admin_report_url(answered)).status_code == 302
    page = text(admin_client.get(admin_report_url(answered)))
    assert "prêt" in page and GeneratedReport.objects.get().fingerprint in page
    assert f"/admin/participation/surveys/{answered.pk}/paper/" in page


# --- the paper questionnaire ---------------------------------------------------------------------


def paper_questionnaire(client, survey):
    response = client.get(admin_paper_form_url(survey))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return normalise(pdf_text(b"".join(response.streaming_content), layout=True))


def test_the_paper_questionnaire_has_the_entry_screens_questions_in_its_order(
    answered, commune, admin_client
):
    printed = paper_questionnaire(admin_client, answered)
    entry = text(admin_client.get(f"/admin/participation/surveys/{answered.pk}/paper/"))

    labels = [q.label for q in answered.structure.questions]
    on_screen = [entry.index(label) for label in labels]
    assert on_screen == sorted(on_screen)
    on_paper = [printed.index(f"{q.number}. {q.label}") for q in answered.structure.questions]
    assert on_paper == sorted(on_paper)
    # Every option of every choice question, in the order of the screen.
    for asked in answered.structure.questions:
        if asked.is_choice:
            labels = [str(option.label) for option in asked.options]
            start = printed.index(f"{asked.number}. {asked.label}")
            positions = [printed.index(label, start) for label in labels]
            assert positions == sorted(positions), asked.label


def test_the_paper_questionnaire_writes_out_every_rule(answered, commune, admin_client):
    printed = paper_questionnaire(admin_client, answered)

    for rule in (
        "QUESTIONNAIRE",
        "Centre-ville : vos priorités",
        "Partie 1 sur 3 : Vos priorités",
        "Partie 2 sur 3 : Vos habitudes",
        "Cochez au plus 2 cases.",  # at least 1, at most 2 priorities
        "Autre, précisez :",
        "Numérotez les cases de 1 à 3 : 1 pour celui que vous préférez",
        "Donnez une mention à chaque option : cochez une case dans chaque ligne",
        "Excellent Bien Passable À rejeter",  # the grades as the grid's columns
        "Seulement si vous avez répondu « Voiture » à la question 4.",
        "1 = Jamais",
        "5 = Toujours",
        "Un nombre de 0 à 1 000.",
        "Satisfait Neutre Insatisfait",
        "Propreté",
        "Je n’habite pas la commune",
        "Cadre réservé à la mairie",
        "Numéro d’enregistrement",
        "Un seul questionnaire par personne, en ligne ou sur papier.",
        "(réponse obligatoire)",
    ):
        assert rule in printed, rule


def test_the_ranking_rule_when_only_the_first_items_are_ranked(
    make_survey,
    commune,
    admin_client,
):
    from wagtail_participation.surveys.stream import options

    survey = make_survey(
        question(
            "ranking",
            "top",
            "Vos deux projets préférés",
            items=options("top", "Halle", "Parc", "Piste", "Jeux"),
            rank_count=2,
        )
    )
    assert (
        "Numérotez de 1 à 2 ceux que vous préférez (1 pour le premier), chaque numéro une "
        "seule fois ; laissez les autres vides." in paper_questionnaire(admin_client, survey)
    )


def test_html_in_the_questions_is_printed_as_text_on_paper(make_survey, commune, admin_client):
    survey = make_survey(
        single("x", "<script>alert(1)</script>Où ?", "<b>Ici</b>", "<img src=x onerror=alert(1)>"),
        title="<i>Titre</i>",
    )
    printed = paper_questionnaire(admin_client, survey)
    assert "<script>alert(1)</script>Où" in printed
    assert "<b>Ici</b>" in printed and "<img src=x onerror=alert(1)>" in printed


def test_a_questionnaire_on_paper_is_entered_with_its_reference_number(
    answered, commune, admin_client
):
    """What the paper says is what the entry screen asks: the number from the box "For the
    town hall" is entered with the answers."""
    import uuid

    printed = paper_questionnaire(admin_client, answered)
    assert "Numéro d’enregistrement" in printed
    entry = admin_client.get(f"/admin/participation/surveys/{answered.pk}/paper/")
    assert 'name="paper_reference"' in text(entry)

    response = admin_client.post(
        f"/admin/participation/surveys/{answered.pk}/paper/",
        {
            "entry_token": uuid.uuid4().hex,
            "paper_reference": "P-0042",
            "q-priorities": "priorities-2",
            "q-transport": "transport-3",
        },
    )

    assert response.status_code == 302
    stored = answered.submissions.get(paper_reference="P-0042")
    assert stored.channel == "paper"
    assert re.search(r"P-0042", text(admin_client.get(response["Location"])))
