"""The contract with the host's base template (docs/install.md, "The base template").

Every public page renders through ``wagtail_participation/base.html``, which extends the
host's base template and fills its ``content`` block only: the title comes in the context,
and the host's ``title`` block stays the host's. Checked here in a host whose title block
holds the whole ``<title>`` element (as wagtail-dsfr's does) and writes the app's stylesheet
in its ``<head>``, and in the default test host, which reads ``page.title`` and leaves the
stylesheet to the app.
"""

import json

import pytest
from django.test import RequestFactory

from tests.hostapp.models import HostArticle
from tests.public_pages import PageStructure, build_public_pages, open_page

TITLE_BLOCK_HOST = {"BASE_TEMPLATE": "hosts/title_block.html", "RATE_LIMIT_PER_IP": 0}
STYLESHEET = "wagtail_participation/participation.css"


@pytest.fixture
def public_pages(site_root):
    def embed(votes, slug):
        body = [{"type": "vote", "value": vote.pk} for vote in votes]
        article = HostArticle(title="Un article", slug=slug, body=json.dumps(body))
        site_root.add_child(instance=article)
        return article

    return build_public_pages(site_root, embed)


def fetch(client, page):
    if page.post_url:
        response = client.post(page.post_url, page.data)
    else:
        response = client.get(page.url)
    assert response.status_code == page.status, page.name
    return PageStructure(response.content.decode())


@pytest.mark.django_db
def test_every_public_page_has_its_title_in_a_host_whose_title_block_holds_the_element(
    client, public_pages, settings
):
    settings.WAGTAIL_PARTICIPATION = TITLE_BLOCK_HOST
    for page in public_pages:
        if page.name == "embedded votes":
            continue  # the host's own page, in the host's own template
        structure = fetch(client, page)
        titles = [t for t in structure.all("title") if not t.inside("svg")]
        assert len(titles) == 1, page.name
        assert titles[0].inside("head"), page.name
        assert structure.words(titles[0].text) == f"{page.title} — Commune hôte", page.name
        # Nothing of the app in the <head> but the stylesheet, nothing above the header.
        assert [e.tag for e in structure.elements if e.inside("head")] == [
            "meta",
            "meta",
            "title",
            "link",
        ], page.name


@pytest.mark.django_db
def test_every_public_page_is_inside_the_hosts_main_with_its_stylesheet_in_the_head(
    client, public_pages, settings
):
    settings.WAGTAIL_PARTICIPATION = TITLE_BLOCK_HOST
    for page in public_pages:
        if page.name == "embedded votes":
            continue
        structure = fetch(client, page)
        (heading,) = structure.all("h1")
        assert heading.inside("main"), page.name
        assert structure.words(heading.text) == page.heading, page.name
        body = [e for e in structure.elements if e.inside("body") and not e.inside("main")]
        # Nothing of the app outside the host's <main>.
        assert [e.tag for e in body if "header" not in e.parents] == [
            "header",
            "main",
            "footer",
            "p",
        ], page.name
        (stylesheet,) = structure.stylesheets(STYLESHEET)
        assert stylesheet.inside("head"), page.name


@pytest.mark.django_db
def test_in_a_host_that_does_not_write_it_the_stylesheet_comes_once_at_the_start_of_the_content(
    client, public_pages
):
    for page in public_pages:
        structure = fetch(client, page)
        (stylesheet,) = structure.stylesheets(STYLESHEET)
        assert stylesheet.inside("main"), page.name


@pytest.mark.django_db
def test_a_host_that_reads_page_title_gets_the_participations_page(client, public_pages):
    pages = {page.name: page for page in public_pages}
    results = fetch(client, pages["survey results"])
    assert results.words(results.all("title")[0].text) == "Revitalisation du centre-ville – Host"


@pytest.mark.django_db
def test_the_stylesheet_can_be_turned_off(client, public_pages, settings):
    settings.WAGTAIL_PARTICIPATION = {"STYLESHEET": False, "RATE_LIMIT_PER_IP": 0}
    for page in public_pages:
        structure = fetch(client, page)
        assert structure.stylesheets("wagtail_participation/") == [], page.name


def test_the_stylesheet_tag_writes_it_once_per_request():
    request = RequestFactory().get("/")
    template = "{% load wagtail_participation %}{% participation_styles %}"
    first = render_to_string_from(template, request)
    assert STYLESHEET in first
    assert render_to_string_from(template, request) == ""
    # Another request gets it again; without a request (a PDF, an email), every call does.
    assert STYLESHEET in render_to_string_from(template, RequestFactory().get("/"))
    assert STYLESHEET in render_to_string_from(template, None)
    assert STYLESHEET in render_to_string_from(template, None)


def render_to_string_from(source, request):
    from django.template import engines

    return engines["django"].from_string(source).render({}, request=request)


@pytest.mark.django_db
def test_a_host_may_override_the_apps_base_template_to_wrap_every_page(
    client, public_pages, settings, tmp_path
):
    override = tmp_path / "wagtail_participation" / "base.html"
    override.parent.mkdir()
    override.write_text(
        "{% extends base_template %}{% block content %}"
        '<div class="commune-container">{% block participation_content %}{% endblock %}</div>'
        "{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    for page in public_pages:
        if page.name == "embedded votes":
            continue
        structure = fetch(client, page)
        (heading,) = structure.all("h1")
        containers = structure.all("div", **{"class": "commune-container"})
        assert len(containers) == 1, page.name
        assert containers[0].inside("main"), page.name
        assert heading.parents.count("div") > containers[0].parents.count("div"), page.name


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_every_public_page_passes_axe_in_a_host_whose_title_block_holds_the_element(
    live_server, transactional_db, public_pages, new_page, axe, settings, javascript
):
    settings.WAGTAIL_PARTICIPATION = TITLE_BLOCK_HOST
    browser_page = new_page(javascript=javascript)
    for page in public_pages:
        open_page(browser_page, live_server, page)
        if page.name != "embedded votes":  # the host's own page, in its own template
            assert browser_page.title() == f"{page.title} — Commune hôte", page.name
        axe(browser_page)
