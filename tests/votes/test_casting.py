"""Casting a vote through the one participation pipeline, as a resident does."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.votes.conftest import ballot_data, text
from wagtail_participation.models import Ballot, BallotChoice


def cast_url(vote):
    return reverse("wagtail_participation:cast_vote", args=[vote.pk])


@pytest.mark.django_db
def test_a_resident_votes_from_an_article_and_gets_a_receipt(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)

    page = client.get(article.url)
    assert page.status_code == 200
    assert "Éteindre l'éclairage public la nuit ?" in text(page)

    response = client.post(cast_url(vote), ballot_data(article, "for"))

    assert response.status_code == 303
    ballot = Ballot.objects.get(target=vote)
    assert response["Location"].startswith(article.url)
    assert ballot.receipt in response["Location"]
    assert [c.option.key for c in BallotChoice.objects.filter(ballot=ballot)] == ["for"]
    after = client.get(response["Location"])
    assert ballot.receipt[:4] in text(after)
    assert "A voté" not in text(after)


@pytest.mark.django_db
def test_a_second_vote_by_the_same_browser_is_refused_kindly(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    client.post(cast_url(vote), ballot_data(article, "for"))

    again = client.post(cast_url(vote), ballot_data(article, "against"))

    assert again.status_code == 409
    assert "déjà" in text(again)
    assert Ballot.objects.filter(target=vote).count() == 1


@pytest.mark.django_db
def test_a_vote_nested_in_a_struct_block_of_a_host_page(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote, nested=True)
    assert client.post(cast_url(vote), ballot_data(article, "against")).status_code == 303


@pytest.mark.django_db
def test_a_site_account_votes_once_whatever_the_browser(make_vote, article_with):
    from django.contrib.auth import get_user_model

    vote = make_vote(identity="account")
    article = article_with(vote)
    resident = get_user_model().objects.create_user("marie", password="pw")
    phone, laptop = Client(), Client()
    phone.force_login(resident)
    laptop.force_login(resident)

    assert "Vous participez en tant que marie" in text(phone.get(article.url))
    assert phone.post(cast_url(vote), ballot_data(article, "for")).status_code == 303
    assert laptop.post(cast_url(vote), ballot_data(article, "against")).status_code == 409
    ballot = Ballot.objects.get(target=vote)
    assert ballot.user == resident
    assert "marie" not in ballot.participant_key


@pytest.mark.django_db
def test_the_anonymous_key_stored_is_not_the_browser_token(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    response = client.post(cast_url(vote), ballot_data(article, "for"))
    cookie = response.cookies["wp_participant"]
    assert cookie["httponly"]
    ballot = Ballot.objects.get(target=vote)
    assert ballot.participant_key.startswith("anon:")
    assert cookie.value not in ballot.participant_key


@pytest.mark.django_db
def test_casting_a_vote_takes_at_most_eight_queries(client, make_vote, article_with):
    # Each query is a round trip on the hot path (see docs/benchmarks.md, vote_throughput).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vote = make_vote()
    article = article_with(vote)
    client.post(cast_url(vote), ballot_data(article, "for"))  # freezes the vote, warms caches

    with CaptureQueriesContext(connection) as queries:
        response = client.__class__().post(cast_url(vote), ballot_data(article, "against"))

    assert response.status_code == 303
    sql = [q["sql"] for q in queries.captured_queries]
    transaction_control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    statements = [s for s in sql if not s.startswith(transaction_control)]
    # The vote and its options, the page (two queries: its type, then its own fields), its
    # view restrictions (its ancestors, then their restrictions), the ballot and its choice.
    assert len(statements) <= 8, "\n".join(s[:120] for s in sql)


@pytest.mark.django_db
def test_a_page_that_has_gone_offers_nothing(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    page_id = article.pk
    article.delete()

    response = client.post(cast_url(vote), ballot_data(article, "for") | {"page": str(page_id)})

    assert response.status_code == 404
    assert not Ballot.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_any_transaction_a_ballot_and_its_choices_are_stored_together_once(
    client, make_vote, article_with
):
    # Requests normally run in autocommit, unlike the other tests here: the store must be
    # atomic by itself, and a refused second ballot must leave nothing behind.
    vote = make_vote(kind="multiple", options=("Parc", "École", "Marché"), max_choices=2)
    article = article_with(vote)
    keys = list(vote.options.values_list("key", flat=True))

    first = client.post(cast_url(vote), ballot_data(article, keys[0], keys[2]))
    second = client.post(cast_url(vote), ballot_data(article, keys[1]))
    other = client.__class__().post(cast_url(vote), ballot_data(article, keys[1], keys[2]))

    assert (first.status_code, second.status_code, other.status_code) == (303, 409, 303)
    stored = {
        ballot.receipt: sorted(c.option.key for c in ballot.choices.all())
        for ballot in Ballot.objects.filter(target=vote)
    }
    assert sorted(stored.values()) == sorted([sorted(keys[0::2]), sorted(keys[1:])])
    assert BallotChoice.objects.filter(vote=vote).count() == 4


@pytest.mark.django_db
def test_a_shared_receipt_link_shows_the_form_to_anyone_else(client, make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    link = client.post(cast_url(vote), ballot_data(article, "for"))["Location"]
    receipt = Ballot.objects.get(target=vote).receipt

    mine = text(client.get(link))
    someone_else = text(Client().get(link))

    assert "Merci, votre vote a été enregistré" in mine and receipt[:4] in mine
    assert "Merci" not in someone_else and receipt[:4] not in someone_else
    assert 'name="choice"' in someone_else


@pytest.mark.django_db
def test_two_votes_on_one_page_have_ids_of_their_own(client, make_vote, home):
    from tests.hostapp.models import HostArticle

    first, second = make_vote(title="Un"), make_vote(title="Deux")
    body = json.dumps([{"type": "vote", "value": vote.pk} for vote in (first, second)])
    article = home.add_child(instance=HostArticle(title="Deux votes", slug="deux", body=body))
    for vote in (first, second):
        assert client.post(cast_url(vote), ballot_data(article, "for")).status_code == 303

    html = client.get(article.url).content.decode()

    ids = re.findall(r'\bid="([^"]*)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert f"vote-{first.pk}-results" in ids and f"vote-{second.pk}-results" in ids
