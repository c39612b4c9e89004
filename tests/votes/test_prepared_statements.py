"""On PostgreSQL a submission's statements are prepared once per connection; what can go wrong
with prepared statements must never cost a vote."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.votes.conftest import ballot_data
from wagtail_participation.models import Ballot, Vote
from wagtail_participation.participation import rows

# Outside any transaction, as requests normally run: only there are statements prepared.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def voted(monkeypatch, make_vote, article_with):
    """A frozen vote on an article, with both statements of a ballot prepared."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are used on PostgreSQL only (DATABASE_URL)")
    monkeypatch.setattr(rows, "_preparing", True)
    vote = make_vote()
    article = article_with(vote)
    assert vote_from_a_new_browser(vote, article) == 303  # freezes the vote
    assert vote_from_a_new_browser(vote, article) == 303
    return vote, article


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def vote_from_a_new_browser(vote, page, choice="for", browser=None):
    url = reverse("wagtail_participation:cast_vote", args=[vote.pk])
    return (browser or Client()).post(url, ballot_data(page, choice)).status_code


def test_votes_run_prepared_statements(voted):
    vote, article = voted

    assert [vote_from_a_new_browser(vote, article) for _ in range(2)] == [303] * 2

    ours = {name for name in prepared_statements() if name.startswith("wagtail_participation_")}
    assert len(ours) == 2  # the page with the vote, and the ballot with its choice
    assert Ballot.objects.filter(vote=vote).count() == 4


def test_a_ballot_refused_by_the_database_keeps_the_statements_prepared(voted, monkeypatch):
    vote, article = voted
    browser = Client()
    assert vote_from_a_new_browser(vote, article, browser=browser) == 303
    # The browser's second ballot, as if its first were still in flight (a race): the pipeline
    # does not see it, the unique constraint refuses the prepared insert.
    looked_up = []
    real_lookup = Vote.existing_participation

    def first_look_misses(self, participant):
        looked_up.append(participant.key)
        return None if len(looked_up) == 1 else real_lookup(self, participant)

    monkeypatch.setattr(Vote, "existing_participation", first_look_misses)

    assert vote_from_a_new_browser(vote, article, "against", browser=browser) == 409
    assert len(looked_up) == 2
    with CaptureQueriesContext(connection) as queries:
        assert vote_from_a_new_browser(vote, article) == 303

    assert not [q for q in queries.captured_queries if q["sql"].startswith("PREPARE")]
    assert Ballot.objects.filter(vote=vote).count() == 4


def test_a_pooler_that_loses_prepared_statements_costs_no_vote(voted):
    vote, article = voted

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what a pooler's reset of the connection does

    assert [vote_from_a_new_browser(vote, article) for _ in range(2)] == [303, 303]
    assert rows._preparing is False  # this process no longer prepares statements
    assert Ballot.objects.filter(vote=vote).count() == 4


def test_a_table_changed_under_a_prepared_statement_is_prepared_again(voted):
    vote, article = voted
    table, column = Vote._meta.db_table, Vote._meta.get_field("question").column

    with connection.cursor() as cursor:
        # A migration changing a column's type: the prepared statement's rows change type.
        cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE text')
    try:
        assert vote_from_a_new_browser(vote, article) == 303
        assert rows._preparing is True
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar(500)')
    assert Ballot.objects.filter(vote=vote).count() == 3


def test_a_new_database_connection_prepares_the_statements_again(voted):
    vote, article = voted

    connection.close()  # CONN_MAX_AGE reached, say
    with CaptureQueriesContext(connection) as queries:
        assert vote_from_a_new_browser(vote, article) == 303

    prepares = [q for q in queries.captured_queries if q["sql"].startswith("PREPARE")]
    assert len(prepares) == 2
    assert Ballot.objects.filter(vote=vote).count() == 3
