"""Supports racing each other, and a merge: the database keeps one support per participant
and proposal, and the counts kept on proposals equal the supports stored. PostgreSQL only
(real concurrent transactions)."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.test import Client

from tests.consultations.conftest import support, text, token_of
from wagtail_participation.models import ConsultationProposal, ConsultationSupport
from wagtail_participation.proposals.moderation import merge_into

PARALLEL = 30

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_PARTICIPANT": 0, "RATE_LIMIT_PER_IP": 0}


def in_parallel(function, arguments):
    start = threading.Barrier(len(arguments))
    results = []

    def run(argument):
        try:
            start.wait()
            results.append(function(argument))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def counts_match():
    for proposal in ConsultationProposal.objects.annotate(n=Count("submissions")):
        assert proposal.support_count == proposal.n, proposal.title


def test_parallel_supports_of_one_participant_store_one(make_consultation, make_proposal):
    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    url = f"{page.url}{proposal.pk}/support/"
    token = token_of(text(Client().get(f"{page.url}{proposal.pk}/")))

    statuses = in_parallel(
        lambda _n: Client().post(url, {"participant_token": token}).status_code, range(PARALLEL)
    )

    assert sorted(set(statuses)) == [303, 409]
    assert statuses.count(303) == 1
    assert ConsultationSupport.objects.filter(target=proposal).count() == 1
    counts_match()


def test_parallel_supports_of_many_participants_are_all_counted(make_consultation, make_proposal):
    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    url = f"{page.url}{proposal.pk}/support/"

    statuses = in_parallel(lambda _n: Client().post(url).status_code, range(PARALLEL))

    assert statuses == [303] * PARALLEL
    proposal.refresh_from_db()
    assert proposal.support_count == PARALLEL
    counts_match()


def test_parallel_withdrawals_lower_the_count_once(make_consultation, make_proposal):
    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    client = Client()
    client.get(f"{page.url}{proposal.pk}/")
    assert client.post(f"{page.url}{proposal.pk}/support/").status_code == 303
    cookies = client.cookies

    def withdraw(_n):
        other = Client()
        other.cookies = cookies
        return other.post(f"{page.url}{proposal.pk}/withdraw/").status_code

    statuses = in_parallel(withdraw, range(10))

    assert 303 in statuses and set(statuses) <= {303, 409}
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    counts_match()


def test_supports_racing_a_merge_are_neither_lost_nor_counted_twice(
    make_consultation, make_proposal, admin_user
):
    page = make_consultation(phase="support")
    duplicate = make_proposal(page, title="Doublon")
    original = make_proposal(page, title="Originale")
    for number in range(10):
        support(duplicate, f"anon:both{number}")
        support(original, f"anon:both{number}")

    def act(number):
        if number == 0:
            merge_into(duplicate, original, admin_user)
            return "merged"
        target = duplicate if number % 2 else original
        return Client().post(f"{page.url}{target.pk}/support/").status_code

    results = in_parallel(act, range(PARALLEL))

    assert "merged" in results
    counts_match()
    keys = list(original.submissions.values_list("participant_key", flat=True))
    assert len(keys) == len(set(keys))
    assert ConsultationSupport.objects.filter(target=duplicate).count() == 0
