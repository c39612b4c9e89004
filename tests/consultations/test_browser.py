"""A resident proposes an idea and another supports it, with the keyboard alone, in real
Chromium, with and without JavaScript; every page passes axe."""

import pytest

from tests.consultations.conftest import support
from tests.votes.test_vote_browser import tab_until
from wagtail_participation.models import ConsultationProposal, ConsultationSupport
from wagtail_participation.proposals.moderation import publish

pytestmark = pytest.mark.browser


@pytest.fixture
def live_consultation(transactional_db, make_consultation, make_proposal, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    page = make_consultation(phase="ideas", supports_during_ideas=True, support_threshold=2)
    existing = make_proposal(page, title="Des arbres avenue de la Gare", theme=page.themes.last())
    support(existing, "anon:someone")
    return page


def focus_is(page, predicate):
    return page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_propose_then_support_with_the_keyboard(
    live_server, live_consultation, new_page, axe, javascript
):
    consultation = live_consultation
    author = new_page(javascript=javascript)
    author.goto(live_server.url + consultation.url)
    axe(author)

    # The call to propose, reached by Tab.
    tab_until(author, "document.activeElement.textContent.trim() === 'Proposer une idée'")
    with author.expect_navigation():
        author.keyboard.press("Enter")
    axe(author)

    # Sending the form empty: the errors, accessible, and nothing stored.
    tab_until(author, "document.activeElement.type === 'submit'", limit=60)
    with author.expect_navigation():
        author.keyboard.press("Enter")
    assert author.get_by_role("alert").first.is_visible()
    assert ConsultationProposal.objects.count() == 1  # the fixture's only
    axe(author)

    tab_until(author, "document.activeElement.name === 'title'", limit=60)
    author.keyboard.type("Un banc face à la Loire")
    tab_until(author, "document.activeElement.name === 'theme'")
    author.keyboard.press("ArrowDown")
    tab_until(author, "document.activeElement.name === 'description'")
    author.keyboard.type("Pour regarder le fleuve.")
    author.keyboard.press("Enter")
    author.keyboard.press("Enter")
    author.keyboard.type("Il n'y a pas un seul banc sur le quai.")
    tab_until(author, "document.activeElement.type === 'submit'", limit=60)
    with author.expect_navigation():
        author.keyboard.press("Enter")

    assert author.get_by_role("status").filter(has_text="votre idée a été enregistrée").is_visible()
    proposal = ConsultationProposal.objects.get(title="Un banc face à la Loire")
    assert proposal.theme is not None
    assert proposal.paragraphs() == [
        "Pour regarder le fleuve.",
        "Il n'y a pas un seul banc sur le quai.",
    ]
    axe(author)

    publish(proposal, None)

    # Another resident supports it from the list, then sees it counted.
    resident = new_page(javascript=javascript)
    resident.goto(live_server.url + consultation.url + "?sort=newest")
    tab_until(
        resident,
        "document.activeElement.type === 'submit' && "
        "document.activeElement.textContent.includes('Un banc face à la Loire')",
        limit=80,
    )
    with resident.expect_navigation():
        resident.keyboard.press("Enter")
    assert ConsultationSupport.objects.filter(target=proposal).count() == 1
    card = resident.locator(f"#proposal-{proposal.pk}")
    assert "1 soutien" in card.inner_text()
    assert "Retirer mon soutien" in card.inner_text()
    axe(resident)

    # Its page, the report form and the results are accessible too.
    resident.goto(f"{live_server.url}{consultation.url}{proposal.pk}/")
    axe(resident)
    resident.goto(f"{live_server.url}{consultation.url}{proposal.pk}/report/")
    axe(resident)
    resident.goto(f"{live_server.url}{consultation.url}results/")
    axe(resident)
