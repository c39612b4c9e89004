"""Browser smoke test: the host test site's root page in real Chromium, checked by axe."""

import pytest
from django.template import engines

pytestmark = pytest.mark.browser

# The host's own base template wraps every page, as it wraps the app's pages.
HOST_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>'
    "<p>Bienvenue sur le site de test.</p>{% endblock %}"
)


@pytest.fixture
def host_home(wagtail_root, set_site_root, monkeypatch):
    """A Wagtail page under the tree root, made the default Site's root page."""
    from wagtail.models import Page

    # A plain Page renders Wagtail's bare template; render it in the host's layout instead.
    monkeypatch.setattr(Page, "get_template", lambda self, request, *args, **kwargs: HOST_PAGE)
    home = wagtail_root.add_child(instance=Page(title="Accueil de l’hôte", slug="accueil-hote"))
    set_site_root(home)
    return home


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_host_root_page_is_accessible(
    live_server, transactional_db, host_home, new_page, axe, javascript
):
    page = new_page(javascript=javascript)
    response = page.goto(live_server.url + "/")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Accueil de l’hôte"
    axe(page)
