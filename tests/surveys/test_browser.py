"""A resident answers a survey in steps with the keyboard alone, on a phone-sized screen, in
real Chromium, with and without JavaScript; every page passes axe."""

import pytest
from django.test import Client

from tests.surveys.conftest import (
    add_responses,
    answer_every_kind,
    multiple,
    question,
    section,
    single,
)
from wagtail_participation.models import SurveyAnswer, SurveyResponse

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def steps_survey(transactional_db, make_survey, settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    return make_survey(
        section("Vos habitudes", key="s1"),
        single("transport", "Comment venez-vous ?", "Voiture", "Vélo", "À pied", required=True),
        question(
            "scale",
            "parking",
            "Se garer est-il facile ?",
            min_label="Jamais",
            max_label="Toujours",
            condition=("Comment venez-vous ?", "Voiture"),
        ),
        section("Vos priorités", key="s2"),
        multiple("needs", "Ce qui manque", "Commerces", "Bancs", "Toilettes", max_choices=2),
        section("Vos idées", key="s3"),
        question("long_text", "ideas", "Vos idées"),
        intro="<p>Cinq minutes pour le centre-ville.</p>",
        thank_you="<p>Merci ! Les résultats seront présentés en réunion publique.</p>",
    )


def tab_until(page, predicate, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached by Tab: {predicate}")


def press_enter_on(page, predicate):
    tab_until(page, predicate)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_keyboard_only_through_the_steps(live_server, steps_survey, new_page, axe, javascript):
    page = new_page(javascript=javascript, viewport=PHONE)
    page.goto(live_server.url + steps_survey.url)
    assert "Étape 1 sur 3" in page.inner_text("main")
    assert fits_the_screen(page)
    parking = page.locator(f"#{steps_survey.html_id()}-q2")
    assert parking.is_visible() is (not javascript)  # shown only once "Voiture" is chosen
    axe(page)

    # A radio group takes focus on its first option; arrows move and choose.
    tab_until(page, "document.activeElement.name === 'q-transport'")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == "transport-1"
    if javascript:
        assert parking.is_visible()
    tab_until(page, "document.activeElement.name === 'q-parking'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.value") == "3"
    press_enter_on(page, "document.activeElement.value === 'next'")

    assert "Étape 2 sur 3" in page.inner_text("main")
    axe(page)
    # Too many answers: the error comes back on this step.
    for _ in range(3):
        tab_until(
            page, "document.activeElement.type === 'checkbox' && !document.activeElement.checked"
        )
        page.keyboard.press("Space")
    press_enter_on(page, "document.activeElement.value === 'next'")
    assert "Choisissez au plus 2 réponses." in page.inner_text("main")
    assert fits_the_screen(page)
    axe(page)
    tab_until(page, "document.activeElement.type === 'checkbox' && document.activeElement.checked")
    page.keyboard.press("Space")
    press_enter_on(page, "document.activeElement.value === 'next'")

    assert "Étape 3 sur 3" in page.inner_text("main")
    tab_until(page, "document.activeElement.name === 'q-ideas'")
    page.keyboard.type("Des arceaux à vélos place de la Mairie")
    # Back and forth: nothing lost.
    press_enter_on(page, "document.activeElement.value === 'back'")
    assert "Étape 2 sur 3" in page.inner_text("main")
    press_enter_on(page, "document.activeElement.value === 'next'")
    assert "Des arceaux" in page.locator("textarea").input_value()
    assert SurveyResponse.objects.count() == 0
    press_enter_on(page, "document.activeElement.value === 'next'")

    assert (
        page.get_by_role("status").filter(has_text="vos réponses ont été enregistrées").is_visible()
    )
    assert "Les résultats seront présentés en réunion publique." in page.inner_text("main")
    response = SurveyResponse.objects.get()
    assert response.receipt[:4] in page.locator(".wp-receipt").inner_text()
    assert SurveyAnswer.objects.get(question_key="parking").number == 3
    assert SurveyAnswer.objects.filter(question_key="needs").count() == 2
    axe(page)


def test_javascript_hides_a_question_again_when_its_answer_is_changed(
    live_server, steps_survey, new_page
):
    page = new_page(javascript=True)
    page.goto(live_server.url + steps_survey.url)
    page.get_by_label("Voiture").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Vélo").check()

    parking = page.locator(f"#{steps_survey.html_id()}-q2")
    assert not parking.is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Étape suivante").click()
    # Its fields were disabled: nothing was sent for it, and the step was accepted.
    assert "Étape 2 sur 3" in page.inner_text("main")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_every_kind_of_question_is_accessible(
    live_server, transactional_db, every_kind, settings, new_page, axe, javascript
):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    page = new_page(javascript=javascript, viewport=PHONE)
    page.goto(live_server.url + every_kind.url)
    axe(page)
    assert fits_the_screen(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Étape suivante").click()
    assert "Vos priorités pour le centre-ville" in page.inner_text("main")  # the error summary
    axe(page)
    page.get_by_label("Commerces").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Étape suivante").click()
    axe(page)
    assert fits_the_screen(page)
    page.get_by_label("À pied").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Étape suivante").click()
    axe(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_results_pages_are_accessible(
    live_server, transactional_db, every_kind, neighbourhoods, settings, new_page, axe, javascript
):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}
    for neighbourhood in neighbourhoods:
        answer_every_kind(Client(), every_kind, neighbourhood)
    add_responses(
        every_kind,
        [
            {"q-transport": "transport-2", "q-priorities": "priorities-4", "q-ideas": f"Idée {n}"}
            for n in range(25)
        ],
    )
    # Paper responses split every table by channel: more columns than a phone is wide.
    add_responses(
        every_kind,
        [{"q-transport": "transport-1", "q-priorities": "priorities-1"} for n in range(2)],
        channel="paper",
    )
    page = new_page(javascript=javascript, viewport=PHONE)

    page.goto(live_server.url + every_kind.url + "results/")
    assert "30 répondants" in page.inner_text("main")
    assert fits_the_screen(page)
    axe(page)
    page.get_by_label("Afficher les résultats des répondants qui ont répondu").select_option(
        label="Vélo"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    assert "25 répondants" in page.inner_text("main")
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Lire toutes les réponses écrites à la question 12").click()
    assert "Page 1 sur 2" in page.inner_text("main")
    axe(page)
