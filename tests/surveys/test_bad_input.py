"""Bad answers get a clear French message on the right step, with the resident's other
answers kept, or a 4xx for forged requests; nothing is ever half-stored."""

import re

import pytest
from django.db import transaction
from django.http import QueryDict

from tests.surveys.conftest import answer_every_kind, question, single, step_data, text
from wagtail_participation.models import SurveyAnswer, SurveyResponse
from wagtail_participation.participation.errors import InvalidSubmission

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


def assert_nothing_stored():
    assert SurveyResponse.objects.count() == 0
    assert SurveyAnswer.objects.count() == 0


@pytest.fixture
def centre(make_survey):
    """One step: transport (required), parking only by car, a 1–5 scale, a number, ideas."""
    return make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo", required=True),
        question(
            "scale",
            "parking",
            "Se garer est-il facile ?",
            condition=("Comment venez-vous ?", "Voiture"),
        ),
        question("number", "distance", "À combien de kilomètres habitez-vous ?", maximum="50"),
        question("date", "visit", "Votre dernière visite"),
        question("long_text", "ideas", "Vos idées"),
        question(
            "ranking",
            "ranking",
            "Classez",
            items=[
                {"type": "item", "value": "A", "id": "r-a"},
                {"type": "item", "value": "B", "id": "r-b"},
            ],
        ),
    )


def send(client, survey, **fields):
    data = {"action": "next"}
    data.update(fields)
    return client.post(survey.url, data)


def test_a_missing_required_answer_comes_back_with_the_other_answers_kept(centre, resident):
    response = send(resident, centre, **{"q-ideas": "Des bancs", "q-distance": "3"})

    assert response.status_code == 400
    page = text(response)
    assert "Répondez à cette question, s’il vous plaît." in page
    assert 'href="#surveypage-' in page  # the summary links to the question
    assert ">Des bancs</textarea>" in page and 'value="3"' in page
    assert_nothing_stored()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"q-transport": "avion"}, "ne fait pas partie de celles proposées"),
        ({"q-transport": ["transport-1", "transport-2"]}, "Choisissez une seule réponse."),
        ({"q-transport": "transport-1", "q-parking": "9"}, "Choisissez une valeur de 1 à 5."),
        ({"q-transport": "transport-1", "q-parking": "4,5"}, "Choisissez une valeur de 1 à 5."),
        ({"q-transport": "transport-2", "q-distance": "51"}, "Saisissez un nombre d’au plus 50."),
        ({"q-transport": "transport-2", "q-distance": "2,5"}, "Saisissez un nombre entier."),
        (
            {"q-transport": "transport-2", "q-distance": "douze"},
            "Saisissez un nombre entier, par exemple 12.",
        ),
        ({"q-transport": "transport-2", "q-distance": "1e9999"}, "Saisissez un nombre"),
        ({"q-transport": "transport-2", "q-visit": "31/02/2026"}, "Saisissez une date"),
        ({"q-transport": "transport-2", "q-ranking-r-a": "1"}, "Donnez chaque rang de 1 à 2"),
        (
            {"q-transport": "transport-2", "q-ranking-r-a": "1", "q-ranking-r-b": "1"},
            "Le rang 1 est donné à plusieurs éléments",
        ),
        ({"q-transport": "transport-2", "q-ranking-r-a": "3"}, "Donnez des rangs de 1 à 2."),
    ],
    ids=[
        "unknown option",
        "two options for one",
        "scale out of bounds",
        "scale not whole",
        "number over its maximum",
        "decimal for a whole number",
        "not a number",
        "huge number",
        "impossible date",
        "incomplete ranking",
        "rank given twice",
        "rank out of bounds",
    ],
)
def test_values_outside_the_options_or_bounds(centre, resident, fields, message):
    response = send(resident, centre, **fields)

    assert response.status_code == 400
    assert message in text(response)
    assert_nothing_stored()


def test_an_answer_to_a_question_hidden_by_a_condition_is_refused(centre, resident):
    # Without JavaScript the parking question is shown to all, with a note whom it is for.
    page = text(resident.get(centre.url))
    assert "Seulement si vous avez répondu « Voiture » à « Comment venez-vous ? »." in page

    response = send(
        resident,
        centre,
        **{"q-transport": "transport-2", "q-parking": "4", "q-ideas": "Des bancs"},
    )

    assert response.status_code == 400
    assert "Cette question ne vous concerne pas" in text(response)
    assert "votre réponse a été retirée" in text(response)
    assert_nothing_stored()
    # The refused answer is shown taken off (a browser cannot untick a radio button); the
    # others are kept, so the page as shown can be sent again.
    parking_inputs = re.findall(r'<input[^>]*name="q-parking"[^>]*>', text(response))
    assert parking_inputs and not any("checked" in tag for tag in parking_inputs)
    assert ">Des bancs</textarea>" in text(response)
    assert 'value="transport-2"' in text(response)

    again = send(resident, centre, **{"q-transport": "transport-2", "q-ideas": "Des bancs"})

    assert again.status_code in (200, 303)
    assert SurveyResponse.objects.count() == 1
    assert not SurveyAnswer.objects.filter(question_key="parking").exists()


def test_an_answer_to_a_question_that_does_not_exist(centre, resident):
    response = send(resident, centre, **{"q-transport": "transport-1", "q-piscine": "oui"})

    assert response.status_code == 400
    assert "une question qui n’existe pas dans ce questionnaire" in text(response)
    assert_nothing_stored()


def test_oversized_text(centre, resident):
    response = send(resident, centre, **{"q-transport": "transport-1", "q-ideas": "é" * 5001})

    assert response.status_code == 400
    assert "5000 caractères au plus, s’il vous plaît (vous en avez écrit 5001)." in text(response)
    assert_nothing_stored()


def test_an_oversized_request(centre, resident):
    response = send(resident, centre, **{"q-transport": "transport-1", "q-ideas": "x" * 70_000})

    assert response.status_code == 413
    assert_nothing_stored()


def test_control_characters_are_not_stored(centre, resident):
    response = send(resident, centre, **{"q-transport": "transport-2", "q-ideas": "a\x00b\x07c"})

    assert response.status_code == 303
    assert SurveyAnswer.objects.get(question_key="ideas").text == "abc"


@pytest.mark.parametrize("step", ["3", "0", "-1", "deux", "99999999999999999999"])
def test_a_tampered_step_number_is_refused(every_kind, resident, step):
    response = resident.post(every_kind.url, step_data(step, **{"q-priorities": "priorities-1"}))

    assert response.status_code == 400
    assert "Cette étape du questionnaire n’est pas accessible" in text(response)
    assert_nothing_stored()


def test_a_step_not_reached_yet_cannot_be_opened(every_kind, resident):
    response = resident.get(every_kind.url + "?step=3")

    assert response.status_code == 400
    page = text(response)
    assert "Cette étape du questionnaire n’est pas accessible" in page
    assert "Étape 1 sur 3" in page  # where the resident really is


def test_jumping_to_the_last_step_does_not_skip_the_required_ones(every_kind, resident):
    first = resident.post(every_kind.url, step_data(1, **{"q-priorities": "priorities-1"}))
    assert first.status_code == 303

    response = resident.post(every_kind.url, step_data(3, **{"q-street": "Rue Haute"}))

    assert response.status_code == 400
    assert_nothing_stored()


def test_a_second_response_is_refused(centre, resident):
    assert send(resident, centre, **{"q-transport": "transport-1"}).status_code == 303

    response = send(resident, centre, **{"q-transport": "transport-2"})

    assert response.status_code == 409
    assert "Vous avez déjà répondu à ce questionnaire" in text(response)
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.get(question_key="transport").option_key == "transport-1"


def test_a_second_response_is_refused_at_its_first_step(every_kind, resident, neighbourhoods):
    answer_every_kind(resident, every_kind, neighbourhoods[0])

    response = resident.post(every_kind.url, step_data(1, **{"q-priorities": "priorities-1"}))

    assert response.status_code == 409
    assert SurveyResponse.objects.count() == 1


def test_a_survey_changed_between_checking_and_storing_stores_nothing(centre):
    cleaned = centre.validate_submission(QueryDict("q-transport=transport-1"))
    centre.save_revision().publish()  # an editor publishes in the meantime

    response = SurveyResponse(target=centre, participant_key="anon:x", receipt="ABCD2345")
    with pytest.raises(InvalidSubmission), transaction.atomic():
        centre.store_submission(response, cleaned)

    assert_nothing_stored()


def test_a_closed_survey_refuses_answers(make_survey, resident):
    from datetime import timedelta

    from django.utils import timezone

    closed = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo"),
        closes_at=timezone.now() - timedelta(minutes=1),
    )

    response = send(resident, closed, **{"q-transport": "transport-1"})

    assert response.status_code == 410
    assert "Ce questionnaire est clos" in text(response)
    assert_nothing_stored()


def test_a_forged_csrf_token_is_refused(centre):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = send(client, centre, **{"q-transport": "transport-1"})

    assert response.status_code == 403
    assert_nothing_stored()


def test_steps_count_against_the_rate_limits(every_kind, resident, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 2}
    step = step_data(1, **{"q-priorities": "priorities-1"})

    statuses = [resident.post(every_kind.url, step).status_code for _ in range(3)]

    assert statuses == [303, 303, 429]
    assert_nothing_stored()
