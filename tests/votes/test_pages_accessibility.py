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


def test_a_page_with_two_votes_after_voting_on_both(
    live_server, transactional_db, make_vote, home, new_page, axe, no_rate_limits
):
    import json

    from tests.hostapp.models import HostArticle

    first = make_vote(title="Un", question="Éteindre l'éclairage la nuit ?")
    second = make_vote(title="Deux", question="Piétonniser la rue du Marché ?")
    body = json.dumps([{"type": "vote", "value": vote.pk} for vote in (first, second)])
    article = home.add_child(instance=HostArticle(title="Deux votes", slug="deux", body=body))
    page = new_page(javascript=False)
    page.goto(live_server.url + article.url)
    for vote in (first, second):
        section = page.locator(f"#vote-{vote.pk}")
        section.get_by_label("Pour").check()
        with page.expect_navigation():
            section.get_by_role("button", name="Voter").click()

    assert page.locator(".wp-results").count() == 2
    axe(page)


def test_chart_labels_are_readable_on_a_small_phone(
    live_server, transactional_db, make_vote, article_with, new_page
):
    vote = make_vote(kind="single", options=["Place de la Mairie", "Bord de Loire"])
    article = article_with(vote)
    page = new_page(javascript=True, viewport={"width": 360, "height": 740})
    page.goto(live_server.url + article.url)
    page.get_by_label("Place de la Mairie").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()

    sizes = page.eval_on_selector_all(
        ".wp-chart text",
        "texts => texts.map(t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))",
    )
    assert sizes and min(sizes) >= 14, sizes


def test_the_vote_card_starts_with_its_question(
    live_server, transactional_db, make_vote, article_with, new_page
):
    vote = make_vote()
    article = article_with(vote)
    page = new_page(javascript=False, viewport={"width": 360, "height": 740})
    page.goto(live_server.url + article.url)

    card = page.locator(f"#vote-{vote.pk}").bounding_box()
    title = page.locator(f"#vote-{vote.pk}-title").bounding_box()
    padding = page.eval_on_selector(
        f"#vote-{vote.pk}", "e => parseFloat(getComputedStyle(e).paddingTop)"
    )

    # Nothing between the card's border and its question but the card's own padding.
    assert title["y"] - card["y"] <= padding + 1
