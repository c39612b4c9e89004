import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.hostapp.models import HostArticle
from wagtail_participation.models import Vote, VoteOption


@pytest.fixture
def no_rate_limits(settings):
    """Many ballots from one test client: the rate limits are tested on their own."""
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0}


@pytest.fixture
def editor(admin_user, client, wagtail_root):
    # The admin's dashboard links to the page tree: its root is recreated if a transactional
    # test flushed it before this one, on the same worker.
    """A logged-in superuser who reads the admin in English (the msgids)."""
    english(admin_user)
    client.force_login(admin_user)
    return admin_user


def english(user):
    """Admin pages in English for this user, so that tests read the msgids."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def home(site_root):
    return site_root


@pytest.fixture
def make_vote(db):
    def make(kind="for_against", options=(), **fields):
        fields.setdefault("opens_at", timezone.now() - timedelta(hours=1))
        fields.setdefault("closes_at", timezone.now() + timedelta(days=7))
        fields.setdefault("results_visibility", "always")
        vote = Vote.objects.create(
            title=fields.pop("title", "Éclairage"),
            question=fields.pop("question", "Éteindre l'éclairage public la nuit ?"),
            kind=kind,
            **fields,
        )
        for order, label in enumerate(options):
            VoteOption.objects.create(vote=vote, label=label, sort_order=order)
        return vote

    return make


@pytest.fixture
def article_with(home):
    def make(vote, nested=False, slug="article"):
        if nested:
            body = [{"type": "aside", "value": {"title": "Votre avis", "vote": vote.pk}}]
        else:
            body = [{"type": "vote", "value": vote.pk}]
        article = HostArticle(title="Un article", slug=slug, body=json.dumps(body))
        home.add_child(instance=article)
        return article

    return make


def ballot_data(page, *choices, **extra):
    data = {"page": str(page.pk), "choice": list(choices)}
    data.update(extra)
    return data


def text(response):
    """The page as a resident reads it: entities decoded."""
    import html

    return html.unescape(response.content.decode())


def table_rows(html, table_class="wp-table"):
    """The rows of the first ``<table class="{table_class}">`` of ``html``, each as the list
    of its cells' text (header and data cells alike), in order: what a reader sees."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.depth, self.cell = [], 0, None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and (self.depth or table_class in (dict(attrs).get("class") or "")):
                self.depth += 1
            elif self.depth == 1 and tag == "tr":
                self.rows.append([])
            elif self.depth == 1 and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table" and self.depth:
                self.depth -= 1
            elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Rows()
    parser.feed(html)
    return [row for row in parser.rows if row]
