"""The ballot in real Chromium, with the keyboard alone: with JavaScript a running total and
impossible ballots stopped before they leave; without it the server says what is wrong. Every
page of a budget passes axe."""

import pytest

from tests.budgets.conftest import cast, count_and_publish, move_to
from tests.votes.test_vote_browser import tab_until
from wagtail_participation.budgets.review import add_works_update, set_works_status
from wagtail_participation.models import BudgetBallot, BudgetProject

pytestmark = pytest.mark.browser


@pytest.fixture
def live_budget(transactional_db, make_budget, make_project, neighbourhoods, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    page = make_budget(phase="vote", max_projects=3)
    projects = {
        "jeux": make_project(
            page, cost=30_000, title="Aire de jeux", neighbourhood=neighbourhoods[0]
        ),
        "lavoir": make_project(page, cost=25_000, title="Restaurer le lavoir"),
        "bancs": make_project(page, cost=4_000, title="Des bancs à l'ombre"),
    }
    return page, page.envelopes.get(), projects


def focus_on(page, project):
    tab_until(
        page,
        "document.activeElement.name === 'project' && "
        f"document.activeElement.value === '{project.pk}'",
        limit=80,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_ballot_with_the_keyboard(live_server, live_budget, new_page, axe, javascript):
    budget, envelope, projects = live_budget
    resident = new_page(javascript=javascript)
    resident.goto(live_server.url + budget.url)
    axe(resident)

    tab_until(resident, "document.activeElement.textContent.trim() === 'Voter'")
    with resident.expect_navigation():
        resident.keyboard.press("Enter")
    assert resident.url.endswith(f"/vote/{envelope.pk}/")
    axe(resident)
    total = resident.locator("[data-ballot-total]")
    if javascript:
        assert total.is_visible()
        assert "Votre choix : 0 € sur 50 000 €" in total.inner_text().replace(
            "\u202f", " "
        ).replace("\u00a0", " ")
    else:
        assert not total.is_visible()

    # Two projects that cost more than the envelope together.
    focus_on(resident, projects["jeux"])
    resident.keyboard.press("Space")
    if javascript:
        shown = total.inner_text().replace("\u202f", " ").replace("\u00a0", " ")
        assert "30 000 € sur 50 000 €" in shown and "Il vous reste 20 000 €" in shown
        lavoir = resident.locator(f"#envelope-{envelope.pk}-project-{projects['lavoir'].pk}-where")
        assert "coûte plus que ce qu’il vous reste" in lavoir.inner_text()
    focus_on(resident, projects["lavoir"])
    resident.keyboard.press("Space")
    if javascript:
        shown = total.inner_text().replace("\u202f", " ").replace("\u00a0", " ")
        assert "Vos projets coûtent 5 000 € de plus que l’enveloppe" in shown
        axe(resident)
    tab_until(resident, "document.activeElement.type === 'submit'", limit=80)
    if javascript:
        # Stopped before it leaves: the reason, focused, and nothing sent.
        resident.keyboard.press("Enter")
        errors = resident.locator("[data-ballot-errors]")
        errors.wait_for(state="visible")
        assert "Votre bulletin ne peut pas encore être envoyé" in errors.inner_text()
        assert resident.evaluate("document.activeElement.closest('[data-ballot-errors]') !== null")
        assert resident.url.endswith(f"/vote/{envelope.pk}/")
    else:
        # The server recalculates, says what is wrong and gives the ballot back as it was.
        with resident.expect_navigation():
            resident.keyboard.press("Enter")
        alert = resident.get_by_role("alert").first
        assert "plus que l’enveloppe de 50" in alert.inner_text()
        assert resident.locator(f"input[value='{projects['jeux'].pk}']").is_checked()
        assert resident.locator(f"input[value='{projects['lavoir'].pk}']").is_checked()
    axe(resident)
    assert BudgetBallot.objects.count() == 0

    # Take the second one back, add the benches, and send.
    focus_on(resident, projects["lavoir"])
    resident.keyboard.press("Space")
    focus_on(resident, projects["bancs"])
    resident.keyboard.press("Space")
    tab_until(resident, "document.activeElement.type === 'submit'", limit=80)
    with resident.expect_navigation():
        resident.keyboard.press("Enter")
    assert (
        resident.get_by_role("status").filter(has_text="votre vote a été enregistré").is_visible()
    )
    ballot = BudgetBallot.objects.get()
    assert set(ballot.choices.values_list("project__title", flat=True)) == {
        "Aire de jeux",
        "Des bancs à l'ombre",
    }
    axe(resident)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_every_page_of_a_budget_passes_axe(
    live_server, transactional_db, make_budget, make_project, new_page, axe, javascript, settings
):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    budget = make_budget(
        phase="vote", envelopes=(("Petits projets", 10_000), ("Grands projets", 40_000))
    )
    small, large = budget.envelopes.order_by("sort_order")
    bancs = make_project(budget, cost=4_000, envelope=small, title="Des bancs")
    stade = make_project(
        budget, cost=30_000, envelope=large, title="Un city-stade aux Bords de Loire"
    )
    make_project(
        budget,
        feasibility="not_feasible",
        envelope=large,
        title="Une piscine",
        feasibility_reason="Bien trop cher.",
    )
    for number in range(5):
        cast(small, f"anon:{number}", [bancs])
        cast(large, f"anon:{number}", [stade])
    visitor = new_page(javascript=javascript)
    for path in ("", "vote/", "propose/", f"{stade.pk}/", f"{stade.pk}/report/", "results/"):
        visitor.goto(f"{live_server.url}{budget.url}{path}")
        axe(visitor)

    budget = move_to(budget, "follow_up")
    count_and_publish(budget)
    funded = BudgetProject.objects.get(pk=stade.pk)
    set_works_status(funded, None, "in_progress")
    add_works_update(funded, None, date=budget.results_start.date(), text="Les travaux commencent.")
    for path in ("", "results/", f"{stade.pk}/", f"vote/{small.pk}/"):
        visitor.goto(f"{live_server.url}{budget.url}{path}")
        axe(visitor)
