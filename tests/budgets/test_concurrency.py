"""Ballots racing each other, and the town hall racing the vote: the database keeps one
ballot per participant and envelope, every ballot of different participants, and a ballot
is never stored against projects or rules that changed under it. PostgreSQL only (real
concurrent transactions)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.budgets.conftest import ballot_url, text, token_of
from tests.consultations.test_concurrency import in_parallel
from wagtail_participation.budgets.review import review_project
from wagtail_participation.models import BudgetBallot, BudgetBallotChoice, BudgetPage

PARALLEL = 30

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions: runs on PostgreSQL (DATABASE_URL)")
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_PARTICIPANT": 0, "RATE_LIMIT_PER_IP": 0}


def choices_match_ballots():
    """Every ballot has all its choices, none has another's: nothing half-stored."""
    for ballot in BudgetBallot.objects.prefetch_related("choices"):
        assert ballot.choices.count() >= 1
    assert not BudgetBallotChoice.objects.filter(ballot__isnull=True).exists()


def test_parallel_ballots_of_one_participant_store_one(make_budget, make_project):
    page = make_budget(phase="vote", max_projects=2)
    envelope = page.envelopes.get()
    projects = [make_project(page, cost=10_000, title=f"Projet {n}") for n in range(3)]
    url = ballot_url(page, envelope)
    token = token_of(text(Client().get(url)))

    def vote(number):
        chosen = [projects[number % 3].pk, projects[(number + 1) % 3].pk]
        return Client().post(url, {"project": chosen, "participant_token": token}).status_code

    statuses = in_parallel(vote, range(PARALLEL))

    assert statuses.count(303) == 1
    assert set(statuses) == {303, 409}
    assert BudgetBallot.objects.filter(target=envelope).count() == 1
    assert BudgetBallotChoice.objects.count() == 2
    choices_match_ballots()


def test_parallel_ballots_of_one_account_store_one(make_budget, make_project, django_user_model):
    page = make_budget(phase="vote", identity="account")
    envelope = page.envelopes.get()
    project = make_project(page)
    resident = django_user_model.objects.create_user("habitante", password="x")

    def vote(_number):
        client = Client()
        client.force_login(resident)
        return client.post(ballot_url(page, envelope), {"project": [project.pk]}).status_code

    statuses = in_parallel(vote, range(PARALLEL))

    assert statuses.count(303) == 1 and set(statuses) == {303, 409}
    assert BudgetBallot.objects.get().user == resident


def test_parallel_ballots_of_many_participants_are_all_stored(make_budget, make_project):
    page = make_budget(phase="vote")
    envelope = page.envelopes.get()
    projects = [make_project(page, cost=10_000) for _ in range(4)]

    def vote(number):
        chosen = [project.pk for project in projects[: 1 + number % 4]]
        return Client().post(ballot_url(page, envelope), {"project": chosen}).status_code

    statuses = in_parallel(vote, range(PARALLEL))

    assert statuses == [303] * PARALLEL
    assert BudgetBallot.objects.count() == PARALLEL
    assert BudgetBallotChoice.objects.count() == sum(1 + n % 4 for n in range(PARALLEL))
    page.refresh_from_db()
    assert page.rules_frozen_at is not None
    choices_match_ballots()


def test_a_review_racing_the_first_ballots_never_changes_a_ballot_under_it(
    make_budget, make_project
):
    """The vote has just opened: a late review that would take a project off the ballot
    races the first ballots. The review is refused (the vote is open by its date, checked
    under the page's lock, which the first ballot takes too), and every ballot stored holds
    the project as it was when it was cast."""
    page = make_budget(phase="vote")
    BudgetPage.objects.filter(pk=page.pk).update(vote_start=timezone.now() - timedelta(seconds=1))
    page = BudgetPage.objects.get(pk=page.pk)
    envelope = page.envelopes.get()
    contested = make_project(page, cost=10_000, title="Contesté")

    def act(number):
        if number == 0:
            try:
                review_project(
                    contested, None, feasibility="not_feasible", reason="Finalement non."
                )
            except ValidationError:
                return "refused"
            return "reviewed"
        return Client().post(ballot_url(page, envelope), {"project": [contested.pk]}).status_code

    results = in_parallel(act, range(PARALLEL))

    contested.refresh_from_db()
    ballots_for_it = BudgetBallotChoice.objects.filter(project=contested).count()
    # The vote is open by its date: the review is refused whatever the race.
    assert "refused" in results
    assert contested.feasibility == "feasible"
    assert ballots_for_it == results.count(303) == PARALLEL - 1
