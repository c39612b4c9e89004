"""One participant, many simultaneous submissions: exactly one ballot, never a 500."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tests.votes.conftest import ballot_data, text
from wagtail_participation.models import Ballot

PARALLEL = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_submissions_by_one_participant_store_one_ballot(
    make_vote, article_with, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_PARTICIPANT": 0, "RATE_LIMIT_PER_IP": 0}
    vote = make_vote()
    article = article_with(vote)
    form_html = text(Client().get(article.url))
    token = form_html.split('name="participant_token" value="')[1].split('"')[0]
    url = reverse("wagtail_participation:cast_vote", args=[vote.pk])
    start = threading.Barrier(PARALLEL)
    statuses = []

    def submit(choice):
        try:
            start.wait()
            response = Client().post(url, ballot_data(article, choice, participant_token=token))
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=("for" if i % 2 else "against",))
        for i in range(PARALLEL)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(statuses)) == [303, 409]
    assert statuses.count(303) == 1
    assert Ballot.objects.filter(target=vote).count() == 1


@pytest.mark.django_db
def test_an_option_deleted_by_an_editor_before_the_first_ballot_is_stored(make_vote):
    from django.db import transaction

    from wagtail_participation.participation.errors import InvalidSubmission

    vote = make_vote(kind="single", options=["Oui", "Non"])
    chosen = vote.options.get(key="oui")
    # The ballot was validated, then the editor deleted the option before it was stored.
    vote.options.filter(pk=chosen.pk).delete()

    ballot = Ballot(target=vote, participant_key="anon:x", receipt="ABCD2345")
    with pytest.raises(InvalidSubmission), transaction.atomic():
        vote.store_submission(ballot, {"options": [chosen]})

    assert Ballot.objects.count() == 0
