"""Every state a resident can meet passes axe in real Chromium, with and without JavaScript."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_participation.models import VotePage

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_vote_page(live_server, transactional_db, home, new_page, axe, javascript):
    page = VotePage(title="Faut-il piétonniser la rue du Marché ?", slug="marche")
    home.add_child(instance=page)
    browser_page = new_page(javascript=javascript)
    browser_page.goto(live_server.url + page.url)
    assert browser_page.get_by_role("heading", level=1).inner_text() == page.title
    assert browser_page.get_by_label("Pour").is_visible()
    axe(browser_page)


@pytest.mark.parametrize(
    "state",
    ["not_open", "closed_with_results", "login_needed", "multiple_choice"],
)
def test_each_state_of_an_embedded_vote(
    live_server, transactional_db, make_vote, article_with, new_page, axe, state
):
    now = timezone.now()
    fields = {
        "not_open": {"opens_at": now + timedelta(days=2)},
        "closed_with_results": {
            "opens_at": now - timedelta(days=9),
            "closes_at": now - timedelta(days=1),
            "results_visibility": "after_closing",
        },
        "login_needed": {"identity": "account"},
        "multiple_choice": {
            "kind": "multiple",
            "options": ["Bancs", "Arbres", "Fontaine"],
            "max_choices": 2,
        },
    }[state]
    vote = make_vote(**fields)
    article = article_with(vote)
    page = new_page(javascript=False)
    page.goto(live_server.url + article.url)
    expected = {
        "not_open": "Le vote ouvre le",
        "closed_with_results": "Résultats",
        "login_needed": "Se connecter",
        "multiple_choice": "Choisissez entre 1 et 2 options.",
    }[state]
    assert expected in page.content()
    axe(page)


def test_the_already_voted_refusal_page(
    live_server, transactional_db, make_vote, article_with, new_page, axe, no_rate_limits
):
    vote = make_vote()
    article = article_with(vote)
    page = new_page(javascript=False)
    page.goto(live_server.url + article.url)
    form_html = page.content()
    token = form_html.split('name="participant_token" value="')[1].split('"')[0]
    page.get_by_label("Pour").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()
    # The same form sent again from another browser: the same participant.
    other = new_page(javascript=False)
    other.goto(live_server.url + article.url)
    other.evaluate(
        "token => document.querySelector('input[name=participant_token]').value = token", token
    )
    other.get_by_label("Contre").check()
    with other.expect_navigation():
        other.get_by_role("button", name="Voter").click()
    assert "Vous avez déjà participé" in other.content()
    assert other.url.endswith(reverse("wagtail_participation:cast_vote", args=[vote.pk]))
    axe(other)
