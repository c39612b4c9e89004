"""The Sites Faciles host's pages: a wagtail-dsfr home page (a DSFR content page) as the
site's root, and content pages embedding votes through the block the app registers."""

import importlib.util
import json
import os

import pytest

# These tests need wagtail-dsfr, which the app does not depend on, and the host's own settings:
# ``make test-dsfr`` installs it in .venv-dsfr and runs them. Elsewhere they are skipped.
if importlib.util.find_spec("wagtail_dsfr") is None:
    SKIP_REASON = "wagtail-dsfr is not installed: `make test-dsfr` runs the Sites Faciles host"
elif os.environ.get("DJANGO_SETTINGS_MODULE") != "tests.dsfr.settings":
    SKIP_REASON = (
        "the Sites Faciles host needs its settings: pytest tests/dsfr --ds=tests.dsfr.settings"
    )
else:
    SKIP_REASON = ""
only_in_the_dsfr_host = pytest.mark.skipif(bool(SKIP_REASON), reason=SKIP_REASON)


@pytest.fixture
def site_root(wagtail_root):
    """The site's home page, a wagtail-dsfr content page, with its DSFR settings."""
    from wagtail.models import Site
    from wagtail_dsfr.content_manager.models import CmsDsfrConfig, ContentPage

    Site.objects.all().delete()
    home = wagtail_root.add_child(instance=ContentPage(title="Accueil", slug="accueil"))
    site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    CmsDsfrConfig.objects.update_or_create(
        site=site,
        defaults={"site_title": "Commune de Saint-Essai", "theme_modale_button": True},
    )
    return home


@pytest.fixture
def embed_vote(site_root):
    """``embed_vote(votes, slug)``: a DSFR content page under the home page whose body holds
    the votes, as an editor adds them from the block chooser."""
    from wagtail_dsfr.content_manager.models import ContentPage

    def embed(votes, slug):
        body = [{"type": "participation_vote", "value": vote.pk} for vote in votes]
        page = ContentPage(title="Vie locale : donnez votre avis", slug=slug, body=json.dumps(body))
        site_root.add_child(instance=page)
        return page

    return embed
