"""Results: aggregated in the database with a fixed number of queries, cached under the latest
response, filtered by an answer, shown under the one visibility rule."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.surveys.conftest import add_responses, items, question, single, text
from wagtail_participation.models import Neighbourhood, SurveyAnswer, SurveyResponse
from wagtail_participation.surveys.results import RespondentsFilter, survey_results

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


def full_answers(number, neighbourhood):
    """A varied, valid response to the every_kind survey."""
    car = number % 3 == 0
    answers = {
        "q-priorities": [f"priorities-{1 + number % 4}"],
        "q-ranking-ranking-1": str(1 + number % 3),
        "q-ranking-ranking-2": str(1 + (number + 1) % 3),
        "q-ranking-ranking-3": str(1 + (number + 2) % 3),
        "q-halle-halle-1": str(number % 4),
        "q-halle-halle-2": str((number * 7) % 4),
        "q-transport": "transport-1" if car else "transport-2",
        "q-market": "yes" if number % 2 else "no",
        "q-spending": str(number * 3),
        "q-last_visit": f"2026-{1 + number % 12:02d}-10",
        "q-satisfaction-satisfaction-row-1": f"satisfaction-col-{1 + number % 3}",
        "q-where": str(neighbourhood.pk),
        "q-ideas": f"Idée numéro {number}",
    }
    if car:
        answers["q-parking"] = str(1 + number % 5)
    return answers


def count_queries(function, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        result = function(*args, **kwargs)
    return len(queries), result


def test_the_number_of_queries_does_not_grow_with_the_responses(every_kind, neighbourhoods):
    add_responses(every_kind, [full_answers(n, neighbourhoods[0]) for n in range(4)])
    few, first = count_queries(survey_results, every_kind, use_cache=False)
    add_responses(every_kind, [full_answers(n, neighbourhoods[n % 3]) for n in range(4, 60)])
    many, second = count_queries(survey_results, every_kind, use_cache=False)

    assert few == many
    assert (first.respondents, second.respondents) == (4, 60)


def test_results_seen_again_with_no_new_response_read_no_answer(every_kind, neighbourhoods):
    add_responses(every_kind, [full_answers(n, neighbourhoods[0]) for n in range(5)])
    computing, _results = count_queries(survey_results, every_kind)

    again, results = count_queries(survey_results, every_kind)

    assert computing > 3 and again == 1  # which is the latest response, nothing else
    assert results.respondents == 5


def test_a_new_or_deleted_response_shows_in_the_results_at_once(every_kind, neighbourhoods):
    add_responses(every_kind, [full_answers(n, neighbourhoods[0]) for n in range(3)])
    assert survey_results(every_kind).respondents == 3

    add_responses(every_kind, [full_answers(7, neighbourhoods[0])])
    assert survey_results(every_kind).respondents == 4

    SurveyResponse.objects.filter(pk=SurveyResponse.objects.order_by("pk").first().pk).delete()
    assert survey_results(every_kind).respondents == 3


def test_results_of_the_respondents_who_gave_an_answer(every_kind, neighbourhoods):
    add_responses(every_kind, [full_answers(n, neighbourhoods[0]) for n in range(9)])
    by_car = RespondentsFilter.parse(every_kind.structure, "transport:transport-1")

    results = survey_results(every_kind, respondents_filter=by_car)

    assert results.respondents == 3  # numbers 0, 3, 6
    transport = {row.label: row.total for row in results.question("transport").tally.rows}
    assert transport == {"Voiture": 3, "Vélo": 0, "À pied": 0}
    assert results.question("spending").respondents == 3
    assert results.question("spending").mean == 9.0  # 0, 9, 18


def test_the_public_filter_hides_groups_too_small_to_stay_anonymous(every_kind, neighbourhoods):
    add_responses(every_kind, [full_answers(n, neighbourhoods[0]) for n in range(9)])

    page = text(Client().get(every_kind.url + "results/?filter=transport:transport-1"))

    assert "Moins de 5 répondants ont donné cette réponse" in page
    assert "Idée numéro" not in page
    page = text(Client().get(every_kind.url + "results/?filter=transport:transport-2"))
    assert "Résultats des répondants qui ont répondu « Vélo »" in page
    assert "6 répondants" in page


def test_an_unknown_filter_is_refused(every_kind):
    for value in ("transport:avion", "ideas:x", "nothing", "street:"):
        response = Client().get(every_kind.url + f"results/?filter={value}")
        assert response.status_code == 400
        assert "Ce filtre n’existe pas dans ce questionnaire." in text(response)


def test_editors_see_every_filter_in_the_admin(every_kind, neighbourhoods, admin_client):
    add_responses(every_kind, [full_answers(n, neighbourhoods[0]) for n in range(9)])

    page = text(
        admin_client.get(
            f"/admin/participation/surveys/{every_kind.pk}/results/?filter=transport:transport-1"
        )
    )

    assert "3 répondants" in page


@pytest.mark.parametrize(
    "visibility, shown",
    [
        ("always", True),
        ("after_closing", False),
        ("editors_only", False),
        ("after_participation", False),
    ],
)
def test_the_results_follow_the_one_visibility_rule(make_survey, visibility, shown):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        question("long_text", "ideas", "Vos idées"),
        results_visibility=visibility,
    )
    add_responses(survey, [{"q-transport": "transport-1", "q-ideas": "Une halle"}])

    results = Client().get(survey.url + "results/")
    texts = Client().get(survey.url + "results/answers/ideas/")
    page = text(Client().get(survey.url))

    assert (results.status_code, texts.status_code) == ((200, 200) if shown else (403, 403))
    assert ("Une halle" in text(results)) is shown
    assert ("Voir les résultats du questionnaire" in page) is shown
    if not shown:
        assert "ne sont pas encore publiés" in text(results)


def test_residents_see_the_results_once_they_have_answered(make_survey):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        results_visibility="after_participation",
    )
    resident = Client()
    assert resident.get(survey.url + "results/").status_code == 403

    resident.post(survey.url, {"q-transport": "transport-2", "action": "next"})

    assert resident.get(survey.url + "results/").status_code == 200


def test_closed_surveys_show_their_results_after_closing(make_survey):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )

    assert Client().get(survey.url + "results/").status_code == 200


def test_written_answers_are_paginated_searchable_and_hidden_ones_left_out(make_survey):
    survey = make_survey(question("long_text", "ideas", "Vos idées"))
    add_responses(
        survey, [{"q-ideas": f"Idée {n} : des bancs" if n % 2 else f"Idée {n}"} for n in range(25)]
    )
    hidden = SurveyAnswer.objects.get(text="Idée 24")
    hidden.hidden = True
    hidden.save()

    first = text(Client().get(survey.url + "results/answers/ideas/"))
    second = text(Client().get(survey.url + "results/answers/ideas/?page=2"))
    found = text(Client().get(survey.url + "results/answers/ideas/?q=bancs"))

    assert "24 réponses écrites." in first and "Page 1 sur 2" in first
    assert "Idée 23 : des bancs" in first and "Idée 24" not in first + second
    assert "Idée 0" in second
    assert "12 réponses contiennent « bancs »." in found
    # Hidden from the public, still counted.
    assert survey_results(survey).question("ideas").respondents == 25


def test_the_results_page_shows_written_answers_of_other_questions_only(make_survey):
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture", "Vélo"))

    assert Client().get(survey.url + "results/answers/transport/").status_code == 404
    assert Client().get(survey.url + "results/answers/nothing/").status_code == 404


def test_majority_judgment_ranks_by_majority_grade_then_tie_break(make_survey):
    survey = make_survey(
        question(
            "majority_judgment",
            "projects",
            "Jugez ces projets",
            options=items("p", "Halle", "Piétonnisation", "Aire de jeux"),
            grades=items("g", "Très bien", "Bien", "Passable", "Insuffisant"),
        )
    )
    grades = [
        # Halle, Piétonnisation, Aire de jeux
        ("0", "1", "1"),
        ("0", "1", "2"),
        ("1", "1", "2"),
        ("1", "2", "3"),
        ("2", "3", "3"),
    ]
    add_responses(
        survey,
        [{"q-projects-p-1": h, "q-projects-p-2": p, "q-projects-p-3": a} for h, p, a in grades],
    )

    result = survey_results(survey).question("projects")

    # Halle: TB, TB, B, B, P → "Bien +" (2 graded it better, 1 worse).
    # Piétonnisation: B, B, B, P, I → "Bien −" (0 better, 2 worse): after the Halle.
    # Aire de jeux: B, P, P, I, I → "Passable −".
    assert [(o.label, o.majority_grade, o.gauge, o.position) for o in result.options] == [
        ("Halle", "Bien", "+", 1),
        ("Piétonnisation", "Bien", "−", 2),
        ("Aire de jeux", "Passable", "−", 3),
    ]
    page = text(Client().get(survey.url + "results/"))
    assert "<strong>Halle</strong> arrive en tête, avec la mention majoritaire « Bien »." in page


def test_ranking_top_three_counts_unranked_items_as_no_points(make_survey):
    survey = make_survey(
        question(
            "ranking",
            "top",
            "Vos trois priorités",
            items=items("t", "A", "B", "C", "D"),
            rank_count=2,
        )
    )
    add_responses(
        survey,
        [{"q-top-t-1": "1", "q-top-t-2": "2"}, {"q-top-t-2": "1", "q-top-t-3": "2"}],
    )

    result = survey_results(survey).question("top")

    assert result.respondents == 2
    scores = {item.label: (item.borda, item.ranked_by) for item in result.items}
    # 4 items: first gets 3 points, second 2.
    assert scores == {"A": (3, 1), "B": (5, 2), "C": (2, 1), "D": (0, 0)}
    assert result.items[0].label == "B"


def test_numbers_spread_widely_are_shown_in_ten_bins(make_survey):
    survey = make_survey(question("number", "km", "Distance", unit="km", decimals=True))
    add_responses(survey, [{"q-km": str(value)} for value in (0, 3.5, 12, 47, 99, 100)])

    result = survey_results(survey).question("km")

    assert result.median == 29.5
    assert sum(row.total for row in result.distribution.rows) == 6
    assert result.distribution.rows[0].label == "de 0 à moins de 10"
    assert len(result.distribution.rows) == 11  # 100 falls in the eleventh, 100 to 110


def test_answers_to_a_neighbourhood_deleted_since_keep_their_name(make_survey, neighbourhoods):
    survey = make_survey(question("neighbourhood", "where", "Votre quartier"))
    add_responses(survey, [{"q-where": str(neighbourhoods[2].pk)}])
    Neighbourhood.objects.filter(pk=neighbourhoods[2].pk).delete()

    survey = survey.__class__.objects.get(pk=survey.pk)
    rows = {row.label: row.total for row in survey_results(survey).question("where").tally.rows}

    assert rows["Les Vignes (plus proposé)"] == 1
