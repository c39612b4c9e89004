import io
from datetime import timedelta

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone

from tests.votes.conftest import article_with, editor, english, home, make_vote  # noqa: F401
from wagtail_participation.models import Ballot, BallotChoice, ReportSettings


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Reports, exports and images of a test go to a folder of their own."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Wagtail caches renditions (the logo's) in the default cache, files of another test's
    # media folder included.
    cache.clear()
    yield settings.MEDIA_ROOT
    cache.clear()


def png_bytes(size=(120, 60), colour="#0b4a6f"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def commune(default_site):
    """The commune's report settings on the default site, with a logo."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    # Wagtail's migrations create the root collection; a transactional test flushes it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")

    image = get_image_model()(title="Blason")
    image.file = ImageFile(io.BytesIO(png_bytes()), name="blason.png")
    image.save()
    report_settings = ReportSettings.for_site(default_site)
    report_settings.commune_name = "Commune de Saint-Essai"
    report_settings.logo = image
    report_settings.paper_return = "À déposer dans l'urne de la mairie."
    report_settings.save()
    return report_settings


def add_ballots(vote, choices, channel="online", weight=1, when=None):
    """One ballot choosing the option keys ``choices`` (online), or one paper entry."""
    options = {option.key: option for option in vote.options.all()}
    ballot = Ballot.objects.create(
        target=vote,
        channel=channel,
        weight=weight,
        participant_key="" if channel == "paper" else f"p{Ballot.objects.count()}",
        submitted_at=when or timezone.now(),
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, vote=vote, option=options[key], channel=channel, weight=weight)
        for key in choices
    )
    return ballot


@pytest.fixture
def lighting_vote(make_vote):  # noqa: F811
    """A closed for/against vote with online and paper ballots over three days."""
    now = timezone.now()
    vote = make_vote(
        allow_abstention=True,
        opens_at=now - timedelta(days=5),
        closes_at=now - timedelta(hours=1),
        description="Éteindre de 23 h à 5 h : économie attendue 18 000 € par an.",
        results_visibility="after_closing",
    )
    for day, (yes, no) in enumerate([(3, 1), (5, 2), (1, 4)]):
        when = now - timedelta(days=4 - day)
        for _ in range(yes):
            add_ballots(vote, ["for"], when=when)
        for _ in range(no):
            add_ballots(vote, ["against"], when=when)
    add_ballots(vote, ["abstain"], when=now - timedelta(days=2))
    add_ballots(vote, ["for"], channel="paper", weight=1200)
    add_ballots(vote, ["against"], channel="paper", weight=345)
    return vote


@pytest.fixture
def generate(django_capture_on_commit_callbacks):
    """``generate(target)``: the target's report, generated as an editor's request would
    (enqueued on commit, run by django-tasks' immediate backend)."""
    from wagtail_participation.reports.generation import request_report

    def run(target, user=None):
        with django_capture_on_commit_callbacks(execute=True):
            report = request_report(target, user=user)
        report.refresh_from_db()
        assert report.status == "ready", report.error
        return report

    return run


def pdf_bytes(report):
    with report.file.open("rb") as file:
        return file.read()


def export_bytes(report):
    with report.export_file.open("rb") as file:
        return file.read()


class QueueWithoutWorker:
    """Stands for django-tasks' queue when no worker runs yet: tasks are enqueued, never run.
    (django-tasks 0.7, with Wagtail 7.0, does not reread TASKS when a test overrides it.)"""

    def __init__(self):
        self.enqueued = []

    def enqueue(self, *args):
        self.enqueued.append(args)


@pytest.fixture
def no_worker(monkeypatch):
    from wagtail_participation.reports import generation

    queue = QueueWithoutWorker()
    monkeypatch.setattr(generation, "generate_report_task", queue)
    return queue
