"""One participant, many simultaneous responses: exactly one stored, never a 500."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from tests.surveys.conftest import question, single, text
from wagtail_participation.models import SurveyAnswer, SurveyResponse

PARALLEL = 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_responses_of_one_participant_store_one(make_survey, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_PARTICIPANT": 0, "RATE_LIMIT_PER_IP": 0}
    survey = make_survey(
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo", required=True),
        question("long_text", "ideas", "Vos idées"),
    )
    form = text(Client().get(survey.url))
    token = form.split('name="participant_token" value="')[1].split('"')[0]
    start = threading.Barrier(PARALLEL)
    statuses = []

    def respond(number):
        try:
            start.wait()
            response = Client().post(
                survey.url,
                {
                    "participant_token": token,
                    "q-transport": "transport-1" if number % 2 else "transport-2",
                    "q-ideas": f"Réponse {number}",
                    "action": "next",
                },
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=respond, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(statuses)) == [303, 409]
    assert statuses.count(303) == 1
    assert SurveyResponse.objects.filter(target=survey).count() == 1
    response = SurveyResponse.objects.get(target=survey)
    # All of one response, none of the others.
    assert SurveyAnswer.objects.filter(response=response).count() == 2
    assert SurveyAnswer.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_sheet_entered_at_once_by_several_agents_is_stored_once(make_survey):
    """Distinct entry forms, the same reference number: the database's constraint keeps one."""
    import uuid

    from django.contrib.auth import get_user_model

    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    survey = make_survey(single("transport", "Comment venez-vous ?", "Voiture", "Vélo"))
    admin = get_user_model().objects.create_superuser("maire", password="x")
    start = threading.Barrier(PARALLEL // 4)
    statuses = []

    def enter(number):
        try:
            client = Client()
            client.force_login(admin)
            start.wait()
            response = client.post(
                f"/admin/participation/surveys/{survey.pk}/paper/",
                {
                    "entry_token": uuid.uuid4().hex,
                    "paper_reference": "P-7",
                    "q-transport": "transport-1" if number % 2 else "transport-2",
                },
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enter, args=(n,)) for n in range(PARALLEL // 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses.count(302) == 1 and set(statuses) == {302, 409}
    assert SurveyResponse.objects.filter(target=survey).count() == 1
    assert SurveyAnswer.objects.count() == 1
