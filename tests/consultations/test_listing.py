"""The public list: filters (theme, neighbourhood, answer, threshold), sorting (most
supported, newest, random with a stable seed), pages, under the visibility rule, in a fixed
number of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.consultations.conftest import support, text

TITLE = re.compile(r'class="wp-proposal-card__title"[^>]*><a href="[^"]+">([^<]+)</a>')


def titles(response):
    return TITLE.findall(response.content.decode())


@pytest.fixture
def populated(make_consultation, make_proposal, neighbourhoods):
    """Five published proposals of known supports, themes, neighbourhoods and answers, and
    two that are not published."""
    page = make_consultation(phase="support", support_threshold=3)
    mobility, environment = page.themes.order_by("sort_order")
    now = timezone.now()
    specs = [
        ("Piste cyclable", mobility, neighbourhoods[0], 5, "accepted"),
        ("Arbres rue Haute", environment, neighbourhoods[1], 1, ""),
        ("Zone 30", mobility, neighbourhoods[1], 3, "under_study"),
        ("Compost partagé", environment, neighbourhoods[2], 0, "not_retained"),
        ("Navette du marché", mobility, None, 2, ""),
    ]
    for age, (title, theme, neighbourhood, supports, answer) in enumerate(specs):
        proposal = make_proposal(
            page,
            title=title,
            theme=theme,
            neighbourhood=neighbourhood,
            answer=answer,
            submitted_at=now - timedelta(days=age),
        )
        for number in range(supports):
            support(proposal, f"anon:{title}:{number}")
    make_proposal(page, title="En attente", status="pending", theme=mobility)
    make_proposal(page, title="Refusée", status="rejected", theme=mobility)
    return page


@pytest.mark.django_db
def test_most_supported_first_by_default(populated):
    response = Client().get(populated.url)
    assert titles(response) == [
        "Piste cyclable",
        "Zone 30",
        "Navette du marché",
        "Arbres rue Haute",
        "Compost partagé",
    ]
    assert "5 idées" in text(response)
    assert "5 soutiens" in text(response) and "1 soutien" in text(response)


@pytest.mark.django_db
def test_newest_first(populated):
    assert titles(Client().get(populated.url + "?sort=newest"))[0] == "Piste cyclable"
    assert titles(Client().get(populated.url + "?sort=newest"))[-1] == "Navette du marché"


@pytest.mark.django_db
def test_filters(populated, neighbourhoods):
    environment = populated.themes.get(name="Environnement")
    client = Client()
    assert sorted(titles(client.get(f"{populated.url}?theme={environment.pk}"))) == [
        "Arbres rue Haute",
        "Compost partagé",
    ]
    assert titles(client.get(f"{populated.url}?neighbourhood={neighbourhoods[1].pk}")) == [
        "Zone 30",
        "Arbres rue Haute",
    ]
    assert titles(client.get(f"{populated.url}?answer=under_study")) == ["Zone 30"]
    assert titles(client.get(f"{populated.url}?answer=none")) == [
        "Navette du marché",
        "Arbres rue Haute",
    ]
    assert titles(client.get(f"{populated.url}?threshold=on")) == ["Piste cyclable", "Zone 30"]
    combined = f"{populated.url}?theme={environment.pk}&neighbourhood={neighbourhoods[2].pk}"
    assert titles(client.get(combined)) == ["Compost partagé"]


@pytest.mark.django_db
def test_invalid_filters_are_ignored_with_a_message_never_a_500(populated):
    for query in ("theme=999999", "theme=abc", "sort=hack", "seed=-5", "page=abc", "page=999"):
        response = Client().get(f"{populated.url}?{query}")
        assert response.status_code == 200, query
    assert "ne sont pas valides" in text(Client().get(f"{populated.url}?theme=abc"))


@pytest.mark.django_db
def test_random_order_is_stable_for_a_seed_across_pages(make_consultation, make_proposal, settings):
    settings.WAGTAIL_PARTICIPATION = {"PROPOSALS_PER_PAGE": 4}
    page = make_consultation(phase="support")
    for number in range(10):
        make_proposal(page, title=f"Idée {number:02d}")
    client = Client()

    first = client.get(page.url + "?sort=random")
    seed = re.search(r'name="seed" value="(\d+)"', first.content.decode()).group(1)
    # The links to the next pages carry the seed.
    assert f"seed={seed}" in first.content.decode()
    pages = [titles(client.get(f"{page.url}?sort=random&seed={seed}&page={n}")) for n in (1, 2, 3)]
    assert pages[0] == titles(first)
    seen = [title for titles_of_page in pages for title in titles_of_page]
    assert sorted(seen) == [f"Idée {number:02d}" for number in range(10)]
    orders = {
        tuple(titles(client.get(f"{page.url}?sort=random&seed={s}&page=1"))) for s in range(1, 6)
    }
    assert len(orders) > 1, "different seeds give different orders"
    assert titles(client.get(f"{page.url}?sort=random&seed={seed}")) == pages[0]


@pytest.mark.django_db
def test_pages(make_consultation, make_proposal, settings):
    settings.WAGTAIL_PARTICIPATION = {"PROPOSALS_PER_PAGE": 2}
    page = make_consultation(phase="support")
    for number in range(5):
        make_proposal(page, title=f"Idée {number}")
    client = Client()
    response = client.get(page.url + "?sort=newest&page=2")
    assert len(titles(response)) == 2
    html = response.content.decode()
    assert 'aria-current="page"' in html
    assert "?sort=newest&amp;page=3" in html and "?sort=newest&amp;page=1" in html
    assert len(titles(client.get(page.url + "?sort=newest&page=3"))) == 1


@pytest.mark.django_db
def test_supports_are_hidden_where_the_visibility_rule_says_so(make_consultation, make_proposal):
    page = make_consultation(
        phase="support", results_visibility="after_closing", support_threshold=1
    )
    proposal = make_proposal(page, title="Piste cyclable")
    support(proposal, "anon:x")
    response = Client().get(page.url)
    html = text(response)
    assert "Piste cyclable" in html
    assert 'class="wp-supports"' not in html and "Seuil atteint" not in html
    assert 'value="supports"' not in html  # no sort that would reveal the counts
    assert 'name="threshold"' not in html
    assert 'class="wp-supports"' not in text(Client().get(f"{page.url}{proposal.pk}/"))
    # Sorting by supports anyway falls back to the newest first.
    assert Client().get(page.url + "?sort=supports").status_code == 200


@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_whatever_its_length(
    make_consultation, make_proposal
):
    def queries_for(count):
        page = make_consultation(phase="support", slug=f"liste-{count}")
        for number in range(count):
            proposal = make_proposal(page, theme=page.themes.first())
            support(proposal, f"anon:{number}")
        client = Client()
        client.get(page.url)  # the participant's cookie, Wagtail's caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url + "?sort=supports&threshold=on")
        assert response.status_code == 200
        return len(queries)

    assert queries_for(3) == queries_for(25)
