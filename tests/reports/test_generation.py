"""Reports are generated in the background, stored, and reused until the data changes."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.reports.conftest import add_ballots, export_bytes, pdf_bytes
from wagtail_participation.models import GeneratedReport
from wagtail_participation.reports.generation import (
    current_report,
    data_key,
    generate_report,
    request_report,
)

pytestmark = pytest.mark.django_db


def test_a_report_is_reused_while_the_data_stays_the_same(lighting_vote, commune, generate):
    first = generate(lighting_vote)
    again = generate(lighting_vote)

    assert again.pk == first.pk
    assert GeneratedReport.objects.count() == 1
    assert default_storage.exists(first.file.name) and default_storage.exists(
        first.export_file.name
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda vote: add_ballots(vote, ["for"]),
        lambda vote: add_ballots(vote, ["against"], channel="paper", weight=3),
        lambda vote: vote.submissions.filter(channel="paper").first().delete(),
        lambda vote: vote.options.filter(key="for").update(label="Pour l'extinction"),
        lambda vote: type(vote).objects.filter(pk=vote.pk).update(question="Autre question ?"),
        lambda vote: (
            type(vote)
            .objects.filter(pk=vote.pk)
            .update(closes_at=timezone.now() + timedelta(days=1))
        ),
    ],
    ids=["online ballot", "paper entry", "deleted entry", "reworded option", "question", "dates"],
)
def test_a_change_of_the_data_makes_a_new_report_and_deletes_the_old(
    lighting_vote, commune, generate, change
):
    first = generate(lighting_vote)
    old_files = (first.file.name, first.export_file.name)

    change(lighting_vote)
    vote = type(lighting_vote).objects.get(pk=lighting_vote.pk)
    second = generate(vote)

    assert second.pk != first.pk
    assert list(GeneratedReport.objects.values_list("pk", flat=True)) == [second.pk]
    assert not any(default_storage.exists(name) for name in old_files)


def test_a_change_of_the_communes_settings_makes_a_new_report(lighting_vote, commune, generate):
    first = generate(lighting_vote)
    commune.commune_name = "Ville de Saint-Essai"
    commune.save()
    assert generate(lighting_vote).pk != first.pk


def test_in_the_background_the_report_is_in_progress_until_a_worker_runs(
    lighting_vote, commune, no_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(lighting_vote)
    assert report.status == "pending" and report.in_progress
    assert no_worker.enqueued == [(report.pk,)]
    # Asking again while it is in progress enqueues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert request_report(lighting_vote).pk == report.pk
    assert len(no_worker.enqueued) == 1

    generate_report(report.pk)  # what the worker does

    report.refresh_from_db()
    assert report.status == "ready" and report.page_count >= 3
    assert pdf_bytes(report).startswith(b"%PDF")
    assert current_report(lighting_vote) == report


def test_a_worker_never_generates_a_report_twice(lighting_vote, commune, generate):
    report = generate(lighting_vote)
    finished = report.finished_at
    generate_report(report.pk)
    report.refresh_from_db()
    assert report.finished_at == finished


def test_a_failed_generation_says_so_and_can_be_started_again(
    lighting_vote, commune, generate, monkeypatch, django_capture_on_commit_callbacks
):
    from wagtail_participation.reports import generation

    def broken(html):
        raise RuntimeError("no fonts on this server")

    monkeypatch.setattr(generation, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        failed = request_report(lighting_vote)
    failed.refresh_from_db()
    assert failed.status == "failed" and "no fonts" in failed.error
    assert not failed.file and not failed.export_file

    monkeypatch.undo()
    assert generate(lighting_vote).pk == failed.pk


def test_a_lost_generation_can_be_started_again(
    lighting_vote, commune, no_worker, monkeypatch, django_capture_on_commit_callbacks
):
    lost = request_report(lighting_vote)
    GeneratedReport.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - timedelta(hours=2)
    )
    monkeypatch.undo()  # a worker again
    with django_capture_on_commit_callbacks(execute=True):
        again = request_report(lighting_vote)
    again.refresh_from_db()
    assert again.pk == lost.pk and again.status == "ready"


def test_a_report_made_while_the_data_changed_is_not_taken_for_the_current_one(
    lighting_vote, commune, no_worker, monkeypatch
):
    from wagtail_participation.reports import generation

    report = request_report(lighting_vote)
    real_render = generation.render_pdf

    def render_while_a_ballot_comes_in(html):
        add_ballots(lighting_vote, ["for"])
        return real_render(html)

    monkeypatch.setattr(generation, "render_pdf", render_while_a_ballot_comes_in)
    generate_report(report.pk)

    report.refresh_from_db()
    assert report.status == "ready" and report.data_key.startswith("superseded-")
    assert current_report(lighting_vote) is None


def test_deleting_a_vote_deletes_its_reports_and_their_files(lighting_vote, commune, generate):
    report = generate(lighting_vote)
    names = (report.file.name, report.export_file.name)
    lighting_vote.delete()
    assert not GeneratedReport.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_the_export_is_the_same_bytes_for_the_same_data(lighting_vote, commune, generate):
    first = generate(lighting_vote)
    first_bytes, fingerprint = export_bytes(first), first.fingerprint
    GeneratedReport.objects.all().delete()

    again = generate(lighting_vote)

    assert export_bytes(again) == first_bytes
    assert again.fingerprint == fingerprint
    assert data_key(lighting_vote) == again.data_key
