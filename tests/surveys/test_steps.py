"""A survey in steps: progress kept in the session, one submission at the end, nothing stored
before it."""

import pytest

from tests.surveys.conftest import (
    answer_every_kind,
    question,
    section,
    single,
    step_data,
    text,
)
from wagtail_participation.models import SurveyAnswer, SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]

STEP_1 = {"q-priorities": ["priorities-2"], "q-halle-halle-1": "1", "q-halle-halle-2": "0"}


def test_each_step_leads_to_the_next_with_its_progress(every_kind, resident):
    response = resident.post(every_kind.url, step_data(1, **STEP_1))

    assert response.status_code == 303
    assert response["Location"] == f"{every_kind.url}?step=2#{every_kind.html_id()}"
    page = text(resident.get(response["Location"]))
    assert "Étape 2 sur 3" in page and "Vos habitudes" in page
    assert 'name="q-transport"' in page and 'name="q-priorities"' not in page
    assert "Rien n’est enregistré avant l’envoi de la dernière étape." in page
    assert SurveyResponse.objects.count() == 0


def test_going_back_keeps_the_answers_of_both_steps(every_kind, resident):
    resident.post(every_kind.url, step_data(1, **STEP_1))

    back = resident.post(
        every_kind.url,
        step_data(2, action="back", **{"q-street": "x", "q-spending": "pas un nombre"}),
    )

    assert back.status_code == 303 and back["Location"].startswith(f"{every_kind.url}?step=1")
    first = text(resident.get(back["Location"]))
    assert 'value="priorities-2" checked' in first
    assert 'name="q-halle-halle-1" value="1" checked' in first
    second = text(resident.get(every_kind.url + "?step=2"))
    assert 'value="pas un nombre"' in second  # kept as typed, checked when sent forward


def test_an_abandoned_survey_stores_nothing(every_kind, resident):
    resident.post(every_kind.url, step_data(1, **STEP_1))
    resident.post(every_kind.url, step_data(2, **{"q-transport": "transport-3"}))

    assert SurveyResponse.objects.count() == 0
    assert SurveyAnswer.objects.count() == 0


def test_coming_back_resumes_at_the_furthest_step(every_kind, resident):
    resident.post(every_kind.url, step_data(1, **STEP_1))
    resident.post(every_kind.url, step_data(2, **{"q-transport": "transport-3"}))

    page = text(resident.get(every_kind.url))

    assert "Étape 3 sur 3" in page


def test_the_last_step_submits_every_step_once(every_kind, resident, neighbourhoods):
    every_kind.thank_you = "<p>Merci ! Rendez-vous à la réunion publique du 12 mars.</p>"
    every_kind.save_revision().publish()

    done = answer_every_kind(resident, every_kind, neighbourhoods[0])

    assert done["Location"].startswith(f"{every_kind.url}?wp_receipt=")
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.filter(question_key="priorities").count() == 2
    page = text(resident.get(done["Location"]))
    assert "Merci, vos réponses ont été enregistrées." in page
    assert "Rendez-vous à la réunion publique du 12 mars." in page
    assert "Votre récépissé" in page
    # The session no longer holds the answers.
    assert not [key for key in resident.session.keys() if "survey" in key]


def test_a_step_whose_questions_all_depend_on_another_answer_is_skipped(make_survey, resident):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo", required=True),
        section("Stationnement", key="s-parking"),
        question("scale", "parking", "Se garer ?", condition=("Comment venez-vous ?", "Voiture")),
        section("Fin", key="s-end"),
        question("long_text", "ideas", "Vos idées"),
    )

    by_bike = resident.post(survey.url, step_data(1, **{"q-transport": "transport-2"}))

    assert by_bike["Location"].startswith(f"{survey.url}?step=3")
    assert "Étape 2 sur 2" in text(resident.get(by_bike["Location"]))
    assert resident.get(survey.url + "?step=2").status_code == 400
    assert resident.post(survey.url, step_data(3, **{"q-ideas": "Rien"})).status_code == 303
    assert SurveyAnswer.objects.filter(question_key="parking").count() == 0


def test_changing_an_earlier_answer_drops_the_answers_it_no_longer_asks(make_survey, resident):
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo", required=True),
        section("Suite", key="s2"),
        question("scale", "parking", "Se garer ?", condition=("Comment venez-vous ?", "Voiture")),
        question("long_text", "ideas", "Vos idées"),
    )
    resident.post(survey.url, step_data(1, **{"q-transport": "transport-1"}))
    resident.post(survey.url, step_data(2, action="back", **{"q-parking": "2"}))

    resident.post(survey.url, step_data(1, **{"q-transport": "transport-2"}))
    page = text(resident.get(survey.url + "?step=2"))
    assert "Se garer" not in page
    done = resident.post(survey.url, step_data(2, **{"q-ideas": "Des arceaux"}))

    assert done.status_code == 303
    assert SurveyAnswer.objects.filter(question_key="parking").count() == 0


def test_an_error_found_at_the_end_comes_back_on_its_own_step(make_survey, resident):
    survey = make_survey(
        question("short_text", "name", "Votre prénom"),
        section("Suite", key="s2"),
        question("long_text", "ideas", "Vos idées"),
    )
    resident.post(survey.url, step_data(1))
    # Meanwhile the town hall makes the first question required.
    body = survey.body.raw_data
    body[0]["value"]["required"] = True
    survey.body = list(body)
    survey.save_revision().publish()

    response = resident.post(survey.url, step_data(2, **{"q-ideas": "Des fleurs"}))

    assert response.status_code == 400
    page = text(response)
    assert "Étape 1 sur 2" in page and "Répondez à cette question" in page
    assert SurveyResponse.objects.count() == 0
    assert ">Des fleurs</textarea>" in text(resident.get(survey.url + "?step=2"))
