"""wagtail-participation in a Sites Faciles site (wagtail-dsfr 2.4) with the DSFR template pack:
every public page inside the DSFR base, in DSFR components; a vote and a survey answered; the
vote block offered to the site's StreamFields without a migration."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.dsfr.conftest import only_in_the_dsfr_host
from tests.public_pages import PageStructure, build_public_pages
from wagtail_participation.models import Ballot, SurveyResponse, Vote

pytestmark = only_in_the_dsfr_host

SITE_TITLE = "Commune de Saint-Essai"

# What each page shows of the DSFR, beyond the layout every page of the app has.
COMPONENTS = {
    "vote page": ["fr-fieldset", "fr-radio-group", "fr-btn", "fr-table", "fr-link--download"],
    "vote page refused": ["fr-alert--error", "fr-fieldset--error", "fr-message--error"],
    "embedded votes": ["fr-fieldset", "fr-radio-group", "fr-btn", "fr-table"],
    "refusal page": ["fr-alert--error", "fr-fieldset--error", "fr-messages-group"],
    "survey": [
        "fr-fieldset",
        "fr-radio-group",
        "fr-checkbox-group",
        "fr-input-group",
        "fr-select-group",
        "fr-btn",
    ],
    "survey refused": ["fr-alert--error", "fr-messages-group", "fr-message--error"],
    "survey results": ["fr-table", "fr-select-group", "fr-btn--secondary"],
    "survey written answers": ["fr-input-group", "fr-btn"],
    "survey results not published": ["fr-alert"],
    "consultation": ["fr-btn", "fr-select-group", "fr-checkbox-group"],
    "proposal": ["fr-btn"],
    "proposal form": ["fr-input-group", "fr-select-group", "fr-upload-group", "fr-btn"],
    "proposal form refused": ["fr-alert--error", "fr-messages-group", "fr-input--error"],
    "report form": ["fr-fieldset", "fr-radio-group", "fr-input-group", "fr-btn"],
    "consultation results": ["fr-table"],
    "report unavailable": ["fr-alert"],
    "budget": ["fr-btn", "fr-select-group", "fr-breadcrumb"],
    "budget envelopes": ["fr-btn", "fr-sr-only"],
    "budget ballot": ["fr-fieldset", "fr-checkbox-group", "fr-hint-text", "fr-btn"],
    "budget ballot refused": ["fr-alert--error", "fr-checkbox-group", "fr-btn"],
    "budget project": ["fr-btn"],
    "budget project form": ["fr-alert--info"],
    "budget report form": ["fr-fieldset", "fr-radio-group", "fr-input-group", "fr-btn"],
    "budget counted": ["fr-btn", "fr-checkbox-group", "fr-select-group"],
    "budget results": ["fr-table", "fr-link--download"],
}


@pytest.fixture
def public_pages(site_root, embed_vote):
    return build_public_pages(site_root, embed_vote)


def fetch(client, page):
    if page.post_url:
        response = client.post(page.post_url, page.data)
    else:
        response = client.get(page.url)
    assert response.status_code == page.status, page.name
    return response.content.decode()


def classes(html):
    """The classes of the app's part of a page (its container, or the first vote in a host's
    page, to the end of the host's <main>): the DSFR header and footer have their own
    buttons, fieldsets and radio buttons."""
    start = html.find('wp-page"')
    if start < 0:
        start = html.find('class="wp-vote')
    part = html[html.rfind("<", 0, start) : html.find("</main>")]
    structure = PageStructure(part)
    return {name for e in structure.elements for name in e.attrs.get("class", "").split()}


# --- the blocks ----------------------------------------------------------------------------


def test_the_vote_block_is_offered_to_the_streamfields_of_dsfr_pages():
    from wagtail_dsfr.blog.models import BlogEntryPage
    from wagtail_dsfr.content_manager.models import ContentPage
    from wagtail_dsfr.events.models import EventEntryPage

    for model in (ContentPage, BlogEntryPage, EventEntryPage):
        blocks = model._meta.get_field("body").stream_block.child_blocks
        block = blocks["participation_vote"]
        assert str(block.label) == "Vote" and str(block.meta.group) == "Participation"


def makemigrations(settings_module, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migrations.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "--dry-run", "--verbosity", "3"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_vote_block_needs_no_migration_of_the_host(tmp_path):
    from wagtail_dsfr.content_manager.models import ContentPage

    # wagtail-dsfr leaves its blocks out of the fields' migration state...
    name, path, args, kwargs = ContentPage._meta.get_field("body").deconstruct()
    assert "participation_vote" not in repr((args, kwargs))
    # ...so the migrations Django would write for the site are the same with the app's blocks
    # and without them, and name nothing of the app. (wagtail-dsfr 2.4.0rc2's own apps have
    # migrations pending on their own: docs/install.md says so.)
    with_blocks = makemigrations("tests.dsfr.settings", tmp_path)
    assert with_blocks == makemigrations("tests.dsfr.settings_without_blocks", tmp_path)
    assert "participation" not in with_blocks


def test_the_blocks_are_registered_once():
    from wagtail_dsfr.content_manager.registry import get_registered_blocks

    from wagtail_participation.contrib.dsfr import blocks

    assert blocks.register_blocks() is True  # already registered: nothing registered twice
    assert [name for name, _block in get_registered_blocks()] == ["participation_vote"]


def test_the_blocks_are_not_offered_when_the_setting_is_off():
    """A site that sets DSFR_BLOCKS to False (read when the app starts: another process)."""
    code = (
        "import django; django.setup();"
        "from wagtail_dsfr.content_manager.models import ContentPage;"
        "print(sorted(ContentPage._meta.get_field('body').stream_block.child_blocks))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.dsfr.settings_without_blocks"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "'paragraph'" in out  # wagtail-dsfr's own blocks are there...
    assert "participation_vote" not in out  # ...and not the app's


# --- every public page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_every_public_page_renders_inside_the_dsfr_base_with_its_title(client, public_pages):
    for page in public_pages:
        structure = PageStructure(fetch(client, page))
        titles = [t for t in structure.all("title") if not t.inside("svg")]
        assert len(titles) == 1 and titles[0].inside("head"), page.name
        title = structure.words(titles[0].text)
        if page.name == "embedded votes":  # wagtail-dsfr's own content page
            assert title == f"{page.title} — {SITE_TITLE}", title
            continue
        assert title == f"{page.title} — {SITE_TITLE}", (page.name, title)
        (heading,) = structure.all("h1")
        assert structure.words(heading.text) == page.heading, page.name
        # In the DSFR base's main, in a fr-container, under the DSFR breadcrumb.
        (main,) = structure.all("main")
        assert main.attrs["id"] == "content" and heading.inside("main"), page.name
        containers = structure.all("div", **{"class": "fr-container"})
        (container,) = [e for e in containers if "wp-page" in e.attrs["class"]]
        assert container.inside("main"), page.name
        (breadcrumb,) = structure.all("nav", **{"class": "fr-breadcrumb"})
        assert breadcrumb.inside("main"), page.name
        links = [e for e in structure.all("a", **{"class": "fr-breadcrumb__link"})]
        # From the site's home page to this page, the current one last.
        assert structure.words(links[0].text) == "Accueil", page.name
        assert links[-1].attrs.get("aria-current") == "page", page.name
        assert all("aria-current" not in link.attrs for link in links[:-1]), page.name


@pytest.mark.django_db
def test_every_public_page_uses_the_dsfr_components(client, public_pages):
    for page in public_pages:
        found = classes(fetch(client, page))
        missing = set(COMPONENTS[page.name]) - found
        assert not missing, (page.name, missing)
        # None of the default pack's own notices, buttons or inputs.
        assert not {"wp-notice", "wp-button", "wp-input", "wp-choice"} & found, page.name


@pytest.mark.django_db
def test_the_stylesheets_are_in_the_head_once(client, public_pages):
    for page in public_pages:
        structure = PageStructure(fetch(client, page))
        for name in ("participation.css", "dsfr.css"):
            sheets = structure.stylesheets(f"wagtail_participation/{name}")
            assert len(sheets) == 1, (page.name, name)
            if page.name != "embedded votes":  # in a content page, with the first vote
                assert sheets[0].inside("head"), (page.name, name)


# --- taking part -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_vote_in_a_dsfr_content_page_is_cast(client, site_root, embed_vote, public_pages):
    article = next(p for p in public_pages if p.name == "embedded votes")
    vote = Vote.objects.get(question="Quel nom pour la médiathèque ?")
    html = client.get(article.url).content.decode()
    token = html.split('name="participant_token" value="')[1].split('"')[0]
    option = vote.options.get(label="Bord de Loire")

    response = client.post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]),
        {
            "page": site_root.get_children().get(slug="article").pk,
            "choice": option.key,
            "participant_token": token,
        },
    )

    assert response.status_code == 303
    (ballot,) = Ballot.objects.filter(target=vote)
    assert list(ballot.choices.values_list("option__label", flat=True)) == ["Bord de Loire"]
    structure = PageStructure(client.get(response["Location"]).content.decode())
    notices = [e for e in structure.all("div", **{"class": "fr-alert--success"})]
    assert notices and ballot.receipt[:4] in structure.words(notices[0].text).replace(" ", "")


@pytest.mark.django_db
def test_a_survey_is_answered(client, public_pages):
    survey = next(p for p in public_pages if p.name == "survey")
    before = SurveyResponse.objects.count()

    response = client.post(
        survey.url,
        {
            "step": "1",
            "action": "next",
            "q-priorities": ["priorities-2"],
            "q-transport": "transport-3",
        },
    )

    assert response.status_code == 303
    assert SurveyResponse.objects.count() == before + 1
    structure = PageStructure(client.get(response["Location"]).content.decode())
    assert structure.all("div", **{"class": "fr-alert--success"})
