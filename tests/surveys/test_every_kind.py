"""Every kind of question end to end: the form, what is stored, the results, the export."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tests.surveys.conftest import answer_every_kind, text
from wagtail_participation.models import SurveyAnswer, SurveyResponse
from wagtail_participation.surveys.results import survey_results

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


def rows_of(survey, key):
    return list(
        SurveyAnswer.objects.filter(survey_id=survey.pk, question_key=key)
        .order_by("pk")
        .values(
            "question_label",
            "option_key",
            "option_label",
            "row_key",
            "number",
            "rank",
            "grade",
            "date",
            "text",
        )
    )


def test_the_first_step_shows_its_questions_and_the_progress(every_kind, resident):
    page = text(resident.get(every_kind.url))

    assert "Étape 1 sur 3" in page and "Vos priorités" in page
    assert re.search(r'<input type="checkbox" name="q-priorities" [^>]*id="surveypage-', page)
    assert "Autre, précisez" in page and "Choisissez de 1 à 2 réponses." in page
    assert 'name="q-ranking-ranking-1"' in page  # a rank per item
    assert 'name="q-halle-halle-2" value="3"' in page  # four grades, 0 to 3
    assert "Comment venez-vous" not in page  # step 2


def test_each_answer_is_stored_one_row_per_answered_question_or_chosen_option(
    every_kind, resident, neighbourhoods
):
    answer_every_kind(resident, every_kind, neighbourhoods[1])

    response = SurveyResponse.objects.get()
    assert response.target_id == every_kind.pk and response.channel == "online"
    assert [(r["option_key"], r["option_label"]) for r in rows_of(every_kind, "priorities")] == [
        ("priorities-1", "Commerces"),
        ("priorities-3", "Espaces verts"),
    ]
    assert rows_of(every_kind, "priorities")[0]["question_label"] == (
        "Vos priorités pour le centre-ville"
    )
    assert sorted((r["option_key"], r["rank"]) for r in rows_of(every_kind, "ranking")) == [
        ("ranking-1", 2),
        ("ranking-2", 1),
        ("ranking-3", 3),
    ]
    assert [(r["option_key"], r["grade"]) for r in rows_of(every_kind, "halle")] == [
        ("halle-1", 0),
        ("halle-2", 2),
    ]
    assert [r["option_key"] for r in rows_of(every_kind, "transport")] == ["transport-1"]
    assert rows_of(every_kind, "parking")[0]["number"] == Decimal(4)
    assert rows_of(every_kind, "market")[0]["option_key"] == "yes"
    assert rows_of(every_kind, "spending")[0]["number"] == Decimal("45.5")
    assert rows_of(every_kind, "last_visit")[0]["date"] == date(2026, 11, 28)
    assert [(r["row_key"], r["option_key"]) for r in rows_of(every_kind, "satisfaction")] == [
        ("satisfaction-row-1", "satisfaction-col-1"),
        ("satisfaction-row-2", "satisfaction-col-3"),
    ]
    where = rows_of(every_kind, "where")[0]
    assert (where["option_key"], where["option_label"]) == (
        str(neighbourhoods[1].pk),
        "Quartier de la Gare",
    )
    assert rows_of(every_kind, "street")[0]["text"] == "Rue de la Poste"
    assert rows_of(every_kind, "ideas")[0]["text"].startswith("Des bancs à l'ombre")
    assert SurveyAnswer.objects.count() == 2 + 3 + 2 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1


def three_residents(survey, neighbourhoods):
    answer_every_kind(Client(), survey, neighbourhoods[1])
    answer_every_kind(
        Client(),
        survey,
        neighbourhoods[0],
        step1={
            "q-priorities": ["priorities-3"],
            "q-priorities-other": "",
            "q-ranking-ranking-1": "1",
            "q-ranking-ranking-2": "3",
            "q-ranking-ranking-3": "2",
            "q-halle-halle-1": "1",
            "q-halle-halle-2": "1",
        },
        step2={
            "q-transport": "transport-2",
            "q-parking": "",
            "q-spending": "10",
            "q-market": "no",
            "q-last_visit": "03/12/2026",
        },
    )
    answer_every_kind(
        Client(),
        survey,
        neighbourhoods[1],
        step1={
            "q-priorities": ["priorities-1"],
            "q-priorities-other": "Un cinéma",
            "q-halle-halle-1": "3",
            "q-halle-halle-2": "1",
        },
        step2={"q-parking": "2", "q-spending": "100"},
        step3={"q-ideas": "", "q-street": ""},
    )


def test_results_of_every_kind(every_kind, neighbourhoods):
    three_residents(every_kind, neighbourhoods)
    results = survey_results(every_kind)

    assert results.respondents == 3 and results.online == 3
    priorities = results.question("priorities")
    assert priorities.respondents == 3 and priorities.multiple
    shares = {row.label: (row.total, round(row.percent, 1)) for row in priorities.tally.rows}
    # Options, not combinations; shares of the respondents (over 100 % in all).
    assert shares == {
        "Commerces": (2, 66.7),
        "Stationnement": (0, 0.0),
        "Espaces verts": (2, 66.7),
        "Animations": (0, 0.0),
        "Autre": (1, 33.3),
    }

    ranking = results.question("ranking")
    assert ranking.respondents == 3
    # Halle: ranks 2, 1, 2 → mean 5/3, Borda (3 − r): 1 + 2 + 1 = 4.
    halle = next(item for item in ranking.items if item.label == "Halle couverte")
    assert (round(halle.average_rank, 2), halle.borda) == (1.67, 4)
    assert [item.label for item in ranking.items][0] == "Halle couverte"

    judgment = results.question("halle")
    assert judgment.respondents == 3
    by_label = {option.label: option for option in judgment.options}
    # Halle: Excellent, Bien, À rejeter → majority grade Bien; Piétonnisation: Passable, Bien,
    # Bien → Bien. Tie: the Halle has 1 better and 1 worse (−), Piétonnisation 0 better, 1 worse.
    assert by_label["Halle couverte"].majority_grade == "Bien"
    assert by_label["Piétonnisation"].majority_grade == "Bien"
    assert by_label["Halle couverte"].counts == (1, 1, 0, 1)

    transport = results.question("transport")
    assert {row.label: row.total for row in transport.tally.rows} == {
        "Voiture": 2,
        "Vélo": 1,
        "À pied": 0,
    }
    parking = results.question("parking")
    assert parking.respondents == 2 and parking.mean == 3.0 and parking.median == Decimal(3)
    assert [row.total for row in parking.distribution.rows] == [0, 1, 0, 1, 0]
    assert parking.distribution.rows[0].label == "1 – Jamais"

    spending = results.question("spending")
    assert (spending.respondents, spending.median) == (3, Decimal("45.5"))
    assert round(spending.mean, 2) == 51.83
    assert sum(row.total for row in spending.distribution.rows) == 3

    last_visit = results.question("last_visit")
    assert (last_visit.earliest, last_visit.latest) == (date(2026, 11, 28), date(2026, 12, 3))
    assert [row.total for row in last_visit.by_month.rows] == [2, 1]

    satisfaction = results.question("satisfaction")
    assert [(row.label, row.counts) for row in satisfaction.rows] == [
        ("Propreté", (3, 0, 0)),
        ("Éclairage", (0, 0, 3)),
    ]
    where = results.question("where")
    assert {row.label: row.total for row in where.tally.rows}["Quartier de la Gare"] == 2
    assert results.question("ideas").respondents == 2
    assert results.question("street").respondents == 2


def test_the_results_page_shows_a_chart_and_a_table_for_every_question(every_kind, neighbourhoods):
    three_residents(every_kind, neighbourhoods)

    page = text(Client().get(every_kind.url + "results/"))

    assert "3 répondants" in page
    for number in range(1, 13):
        assert f'id="result-q{number}"' in page
    # Every question with figures has its table; charts are SVG drawn by the server.
    assert page.count('<table class="wp-table') >= 10
    assert page.count('<svg class="wp-chart') >= 9
    assert "Des bancs à l'ombre" in page  # the latest written answers
    assert "Un cinéma" in page  # "Autre" answers
    assert "Mention majoritaire" in page and "Score de Borda" in page


def test_the_export_has_a_column_per_question_or_option(every_kind, neighbourhoods, admin_client):
    three_residents(every_kind, neighbourhoods)

    response = admin_client.get(
        f"/admin/participation/surveyresponses/?target={every_kind.pk}&export=csv"
    )

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    headings, first = rows[0], rows[1]
    assert len(rows) == 4
    cell = dict(zip(headings, first, strict=True))
    assert cell["Q1. Vos priorités pour le centre-ville — Commerces"] == "1"
    assert cell["Q1. Vos priorités pour le centre-ville — Stationnement"] == "0"
    assert cell["Q2. Classez ces projets — Piétonnisation (rang)"] == "1"
    assert cell["Q3. Jugez ces projets — Halle couverte"] == "Excellent"
    assert cell["Q4. Comment venez-vous au centre-ville ?"] == "Voiture"
    assert cell["Q5. Trouvez-vous facilement à vous garer ?"] == "4"
    assert cell["Q7. Combien dépensez-vous par semaine ?"] == "45,5"
    assert cell["Q8. Date de votre dernière visite"] == "2026-11-28"
    assert cell["Q9. Votre avis sur — Éclairage"] == "Insatisfait"
    assert cell["Q10. Votre quartier"] == "Quartier de la Gare"
    last = dict(zip(headings, rows[3], strict=True))
    assert last["Q1. Vos priorités pour le centre-ville — Autre, précisez"] == "Un cinéma"
    assert last["Q12. Vos idées pour le centre-ville"] == ""
    second = dict(zip(headings, rows[2], strict=True))
    assert second["Q5. Trouvez-vous facilement à vous garer ?"] == ""  # hidden: on a bike
