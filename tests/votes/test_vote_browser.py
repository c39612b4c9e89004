"""A resident votes with the keyboard alone, in real Chromium, with and without JavaScript."""

import pytest

from wagtail_participation.models import Ballot

pytestmark = pytest.mark.browser


@pytest.fixture
def lighting_article(transactional_db, make_vote, article_with, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    vote = make_vote(allow_abstention=True, results_visibility="after_participation")
    return vote, article_with(vote)


def tab_until(page, predicate, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached by Tab: {predicate}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_keyboard_only_vote_then_results(live_server, lighting_article, new_page, axe, javascript):
    vote, article = lighting_article
    page = new_page(javascript=javascript)
    page.goto(live_server.url + article.url)
    axe(page)

    # Tab into the radio group: the first option takes focus; arrows move between options.
    tab_until(page, "document.activeElement.name === 'choice'")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "against"
    tab_until(page, "document.activeElement.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("status").filter(has_text="votre vote a été enregistré").is_visible()
    ballot = Ballot.objects.get(target=vote)
    assert list(ballot.choices.values_list("option__key", flat=True)) == ["against"]
    assert ballot.receipt[:4] in page.locator(".wp-receipt").inner_text()
    results = page.get_by_role("table")
    assert "Contre" in results.inner_text() and "1" in results.inner_text()
    axe(page)


def test_an_invalid_ballot_page_is_accessible_and_keeps_the_form(
    live_server, lighting_article, new_page, axe
):
    vote, article = lighting_article
    page = new_page(javascript=False)
    page.goto(live_server.url + article.url)
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()

    assert page.get_by_role("alert").first.is_visible()
    assert "Choisissez une option" in page.content()
    assert Ballot.objects.count() == 0
    axe(page)
    page.get_by_label("Pour").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Voter").click()
    assert Ballot.objects.count() == 1
