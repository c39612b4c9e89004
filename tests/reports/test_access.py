"""Editors get reports and paper forms from the admin; residents get a report only when the
results are theirs to see, under the one visibility rule."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.pdf import normalise, pdf_text
from tests.reports.conftest import add_ballots
from tests.votes.conftest import text
from wagtail_participation.models import GeneratedReport, VotePage
from wagtail_participation.reports.links import (
    admin_paper_form_url,
    admin_report_url,
    public_report_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_a_page(article_with, django_capture_on_commit_callbacks):
    """``on_a_page(vote)``: the vote embedded in a live article (its reference indexed)."""

    def make(vote, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return article_with(vote, **kwargs)

    return make


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- the admin -------------------------------------------------------------------------------


def test_the_vote_edit_view_and_the_results_view_lead_to_the_report(lighting_vote, editor, client):
    edit = client.get(
        reverse("wagtailsnippets_wagtail_participation_vote:edit", args=[lighting_vote.pk])
    )
    assert admin_report_url(lighting_vote) in edit.content.decode()

    results = client.get(reverse("wagtail_participation_vote_results", args=[lighting_vote.pk]))
    assert admin_report_url(lighting_vote) in results.content.decode()
    assert admin_paper_form_url(lighting_vote) in results.content.decode()


def test_an_editor_generates_and_downloads_the_report_and_its_data(
    lighting_vote, commune, editor, client, django_capture_on_commit_callbacks
):
    page = client.get(admin_report_url(lighting_vote))
    assert page.status_code == 200
    assert "No report has been generated yet." in text(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_report_url(lighting_vote))
    assert response.status_code == 302

    page = text(client.get(admin_report_url(lighting_vote)))
    report = GeneratedReport.objects.get()
    assert "ready" in page and report.fingerprint in page
    pdf = client.get(reverse("wagtail_participation_report_file", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    data = body(pdf)
    assert data.startswith(b"%PDF")
    csv = client.get(reverse("wagtail_participation_report_file", args=[report.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    assert report.fingerprint in normalise(pdf_text(data)).replace(" ", "")


def test_the_editor_sees_the_status_in_french(
    lighting_vote, commune, admin_user, client, no_worker, django_capture_on_commit_callbacks
):
    """ "en cours…" while a worker has not run, then "prêt"."""
    from wagtail_participation.reports.generation import generate_report

    client.force_login(admin_user)  # French admin, the site's language
    with django_capture_on_commit_callbacks(execute=True):
        client.post(admin_report_url(lighting_vote))
    assert "en cours…" in text(client.get(admin_report_url(lighting_vote)))

    generate_report(GeneratedReport.objects.get().pk)
    page = text(client.get(admin_report_url(lighting_vote)))
    assert "prêt" in page and "Télécharger le rapport (PDF)" in page


def test_the_report_admin_is_for_editors_only(lighting_vote, commune, client, generate):
    report = generate(lighting_vote)
    resident = get_user_model().objects.create_user("habitant", password="x")
    client.force_login(resident)
    assert client.get(admin_report_url(lighting_vote)).status_code in (302, 403)
    assert client.post(admin_report_url(lighting_vote)).status_code in (302, 403)
    file_url = reverse("wagtail_participation_report_file", args=[report.pk, "pdf"])
    assert client.get(file_url).status_code in (302, 403)
    assert client.get(admin_paper_form_url(lighting_vote)).status_code in (302, 403)


def test_unknown_participations_and_files_are_404(editor, client):
    assert client.get("/admin/participation/reports/auth/user/1/").status_code == 404
    assert (
        client.get("/admin/participation/reports/wagtail_participation/vote/999/").status_code
        == 404
    )
    assert (
        client.get(reverse("wagtail_participation_report_file", args=[999, "pdf"])).status_code
        == 404
    )


# --- residents ---------------------------------------------------------------------------------


def test_a_pdf_of_hidden_results_is_refused_to_the_public(make_vote, commune, on_a_page):
    vote = make_vote(results_visibility="after_closing")  # open for a week
    add_ballots(vote, ["for"])
    on_a_page(vote)

    response = Client().get(public_report_url(vote))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "ne sont pas publics" in text(response)
    assert not GeneratedReport.objects.exists()  # nothing was even generated


def test_editors_only_results_are_never_public(make_vote, commune, on_a_page):
    vote = make_vote(
        results_visibility="editors_only", closes_at=timezone.now() - timedelta(minutes=1)
    )
    on_a_page(vote)
    assert Client().get(public_report_url(vote)).status_code == 403


def test_public_results_give_the_public_the_pdf(
    lighting_vote, commune, on_a_page, django_capture_on_commit_callbacks
):
    on_a_page(lighting_vote)  # closed: its results are public
    resident = Client()
    # The first request enqueues the generation when its transaction commits (at once with
    # the immediate backend outside a transaction; the test runs inside one).
    with django_capture_on_commit_callbacks(execute=True):
        first = resident.get(public_report_url(lighting_vote))
    assert first.status_code == 202
    assert "en cours de préparation" in text(first)

    response = resident.get(public_report_url(lighting_vote))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert "1 209" in normalise(pdf_text(body(response), layout=True))


def test_a_participant_sees_the_report_when_the_rule_shows_them_the_results(
    make_vote, commune, on_a_page
):
    vote = make_vote(results_visibility="after_participation")
    article = on_a_page(vote)
    resident = Client()
    assert resident.get(public_report_url(vote)).status_code == 403

    resident.post(
        reverse("wagtail_participation:cast_vote", args=[vote.pk]),
        {"page": article.pk, "choice": "for"},
    )

    assert resident.get(public_report_url(vote)).status_code in (200, 202)
    assert Client().get(public_report_url(vote)).status_code == 403


def test_no_report_of_a_vote_on_no_live_page_or_a_private_one(lighting_vote, commune, on_a_page):
    assert Client().get(public_report_url(lighting_vote)).status_code == 404

    article = on_a_page(lighting_vote)
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert Client().get(public_report_url(lighting_vote)).status_code == 404

    article.unpublish()
    PageViewRestriction.objects.all().delete()
    assert Client().get(public_report_url(lighting_vote)).status_code == 404


def test_a_vote_page_counts_as_showing_its_vote(
    lighting_vote, commune, home, generate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(instance=VotePage(title="Éclairage", slug="eclairage", vote=lighting_vote))
    generate(lighting_vote)
    assert Client().get(public_report_url(lighting_vote)).status_code == 200


def test_the_link_is_on_the_page_only_when_the_results_are_shown(make_vote, commune, on_a_page):
    hidden = make_vote(results_visibility="after_closing")
    shown = make_vote(title="Place", results_visibility="always")
    page_hidden = on_a_page(hidden, slug="cachee")
    page_shown = on_a_page(shown, slug="visible")

    assert public_report_url(hidden) not in Client().get(page_hidden.url).content.decode()
    assert public_report_url(shown) in Client().get(page_shown.url).content.decode()


def test_unknown_reports_are_404_for_the_public(db):
    assert Client().get("/participation/reports/wagtail_participation/vote/999/").status_code == 404
    assert Client().get("/participation/reports/auth/user/1/").status_code == 404
    assert Client().get("/participation/reports/nothing/here/1/").status_code == 404
