"""Residents reach the report from the results, keyboard only, and the pages around it pass
axe in real Chromium."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wagtail_participation.reports.links import public_report_url

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_report_link_under_public_results(
    live_server, transactional_db, make_vote, article_with, commune, new_page, axe, javascript
):
    now = timezone.now()
    vote = make_vote(
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=1),
        results_visibility="after_closing",
    )
    article = article_with(vote)
    page = new_page(javascript=javascript)
    page.goto(live_server.url + article.url)
    link = page.get_by_role("link", name="Télécharger le rapport des résultats (PDF)")
    assert link.get_attribute("href") == public_report_url(vote)
    axe(page)

    # Keyboard only: the link is reached with Tab and followed with Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == public_report_url(vote):
            break
    else:
        pytest.fail("the report link is not reachable with the keyboard")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_page_refusing_a_report_of_hidden_results(
    live_server, transactional_db, make_vote, article_with, commune, new_page, axe
):
    vote = make_vote(results_visibility="after_closing")
    article_with(vote)
    page = new_page(javascript=False)
    response = page.goto(live_server.url + public_report_url(vote))
    assert response.status == 403
    assert "ne sont pas publics" in page.content()
    axe(page)
