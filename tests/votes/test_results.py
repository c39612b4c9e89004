"""Results are counted in the database, shown as the editor chose, with a fixed query count."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.votes.conftest import ballot_data, table_rows, text
from wagtail_participation.models import Ballot, BallotChoice, VotePage
from wagtail_participation.results.visibility import results_visible
from wagtail_participation.votes.results import count_vote


def cast(vote, page, *choices):
    response = Client().post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]), ballot_data(page, *choices)
    )
    assert response.status_code == 303, text(response)
    return response


pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.mark.django_db
def test_multiple_choice_results_count_options_not_combinations(make_vote, article_with):
    vote = make_vote(kind="multiple", options=["Bancs", "Arbres", "Fontaine"], max_choices=2)
    article = article_with(vote)
    cast(vote, article, "bancs", "arbres")
    cast(vote, article, "arbres")
    cast(vote, article, "arbres", "fontaine")

    tally = count_vote(vote)

    assert [(row.key, row.total) for row in tally.rows] == [
        ("bancs", 1),
        ("arbres", 3),
        ("fontaine", 1),
    ]
    assert tally.participants == 3
    assert BallotChoice.objects.filter(vote=vote).count() == 5


@pytest.mark.django_db
def test_paper_ballots_add_to_online_votes(make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    cast(vote, article, "for")
    cast(vote, article, "against")
    options = {option.key: option for option in vote.options.all()}
    for key, count in (("for", 40), ("against", 12)):
        ballot = Ballot.objects.create(target=vote, channel="paper", weight=count)
        BallotChoice.objects.create(
            ballot=ballot, vote=vote, option=options[key], channel="paper", weight=count
        )

    rows = {row.key: (*row.counts, row.total) for row in count_vote(vote).rows}

    assert rows == {"for": (1, 40, 41), "against": (1, 12, 13)}


@pytest.mark.django_db
def test_rewording_an_option_keeps_its_votes(make_vote, article_with):
    vote = make_vote(kind="single", options=["Oui", "Non"])
    article = article_with(vote)
    cast(vote, article, "oui")
    option = vote.options.get(key="oui")
    option.label = "Oui, la nuit de 23 h à 5 h"
    option.save()

    rows = count_vote(vote).rows

    assert (rows[0].key, rows[0].label, rows[0].total) == ("oui", "Oui, la nuit de 23 h à 5 h", 1)


@pytest.mark.django_db
def test_the_first_ballot_freezes_the_vote(make_vote, article_with):
    vote = make_vote()
    article = article_with(vote)
    assert not vote.is_frozen
    cast(vote, article, "for")
    vote.refresh_from_db()
    assert vote.is_frozen


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "participated", "closed", "visible"),
    [
        ("always", False, False, True),
        ("after_participation", False, False, False),
        ("after_participation", True, False, True),
        ("after_participation", False, True, True),
        ("after_closing", True, False, False),
        ("after_closing", False, True, True),
        ("editors_only", True, True, False),
    ],
)
def test_the_visibility_rule_for_residents(make_vote, rule, participated, closed, visible):
    vote = make_vote(results_visibility=rule)
    now = vote.closes_at + timedelta(seconds=1) if closed else timezone.now()
    assert results_visible(vote, has_participated=participated, now=now) is visible


@pytest.mark.django_db
def test_editors_always_see_results(make_vote):
    vote = make_vote(results_visibility="editors_only")
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    assert results_visible(vote, user=editor)


@pytest.mark.django_db
def test_results_after_closing_are_not_on_the_page_before(make_vote, article_with):
    vote = make_vote(results_visibility="after_closing")
    article = article_with(vote)
    response = cast(vote, article, "for")
    page = Client().get(response["Location"])
    assert "Résultats" not in text(page)
    assert "Affichage des résultats : une fois la participation close" in text(page)


@pytest.mark.django_db
def test_results_after_participation_show_to_the_participant_only(make_vote, article_with):
    vote = make_vote(results_visibility="after_participation")
    article = article_with(vote)
    resident = Client()
    resident.post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]), ballot_data(article, "for")
    )
    assert "Résultats" in text(resident.get(article.url))
    assert "Vous avez déjà voté" in text(resident.get(article.url))
    assert "Résultats" not in text(Client().get(article.url))


@pytest.mark.django_db
def test_results_page_runs_a_fixed_number_of_queries(make_vote, article_with):
    vote = make_vote(kind="single", options=["A", "B", "C"])
    article = article_with(vote)
    client = Client()

    def queries_to_render():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article.url).status_code == 200
        return len(captured)

    cast(vote, article, "a")
    few = queries_to_render()
    for choice in ["b", "c", "a", "b", "c", "a", "b"] * 3:
        cast(vote, article, choice)
    many = queries_to_render()

    assert few == many
    # 22 ballots: "a" once, then ["b", "c", "a", "b", "c", "a", "b"] three times.
    assert table_rows(text(client.get(article.url)))[1:] == [
        ["A", "7", "31,8 %"],
        ["B", "9", "40,9 %"],
        ["C", "6", "27,3 %"],
    ]


@pytest.mark.django_db
def test_a_vote_page_needs_only_a_title_and_a_slug(home, client):
    page = VotePage(title="Faut-il piétonniser la rue du Marché ?", slug="pietonniser")
    home.add_child(instance=page)

    response = client.get(page.url)

    assert response.status_code == 200
    assert page.vote.question == "Faut-il piétonniser la rue du Marché ?"
    assert "Pour" in text(response) and "Contre" in text(response)
    # Its form posts to the page itself.
    assert f'action="{page.url}"' in response.content.decode()
    vote_response = client.post(page.url, ballot_data(page, "against"))
    assert vote_response.status_code == 303
