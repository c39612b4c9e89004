"""The moderation queue and the results of a consultation in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from tests.consultations.conftest import support, text
from tests.votes.conftest import english
from wagtail_participation.models import ConsultationProposalReport

LISTING = "/admin/participation/proposals/"


def moderation_url(proposal):
    return f"{LISTING}inspect/{proposal.pk}/"


@pytest.fixture
def editor(admin_user, client, wagtail_root):
    # The admin's dashboard links to the page tree: its root is recreated if a transactional
    # test flushed it before this one, on the same worker.
    english(admin_user)
    client.force_login(admin_user)
    return admin_user


@pytest.fixture
def queue(make_consultation, make_proposal, neighbourhoods):
    page = make_consultation(phase="ideas")
    mobility = page.themes.get(name="Mobilité")
    pending = make_proposal(page, title="En attente", status="pending", theme=mobility)
    published = make_proposal(
        page,
        title="Publiée",
        theme=page.themes.get(name="Environnement"),
        neighbourhood=neighbourhoods[0],
    )
    reported = make_proposal(page, title="Signalée", theme=mobility)
    ConsultationProposalReport.objects.create(
        proposal=reported, reason="offensive", participant_key="anon:r"
    )
    return page, pending, published, reported


def listed(response):
    html = text(response)
    return {title for title in ("En attente", "Publiée", "Signalée") if title in html}


@pytest.mark.django_db
def test_the_queue_filters_on_status_reports_theme_and_neighbourhood(
    client, editor, queue, neighbourhoods
):
    page, pending, published, reported = queue
    assert listed(client.get(LISTING)) == {"En attente", "Publiée", "Signalée"}
    assert listed(client.get(LISTING + "?status=pending")) == {"En attente"}
    assert listed(client.get(LISTING + "?reported=open")) == {"Signalée"}
    environment = page.themes.get(name="Environnement")
    assert listed(client.get(f"{LISTING}?theme={environment.pk}")) == {"Publiée"}
    assert listed(client.get(f"{LISTING}?neighbourhood={neighbourhoods[0].pk}")) == {"Publiée"}
    assert listed(client.get(f"{LISTING}?target={page.pk}&date_from=2000-01-01")) == {
        "En attente",
        "Publiée",
        "Signalée",
    }
    assert client.get(LISTING + "?status=nonsense").status_code == 400


@pytest.mark.django_db
def test_the_queue_exports_csv(client, editor, queue):
    response = client.get(LISTING + "?export=csv&status=published")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Publiée" in content and "Signalée" in content and "En attente" not in content
    assert "Environment" in content or "Environnement" in content


@pytest.mark.django_db
def test_a_moderation_page_shows_the_proposal_its_reports_and_decisions(client, editor, queue):
    _page, _pending, _published, reported = queue
    response = client.get(moderation_url(reported))
    assert response.status_code == 200
    html = text(response)
    assert "Signalée" in html and "Insulting, hateful or discriminatory" in html
    assert "Reject" in html and "Merge" in html and "Save the answer" in html

    response = client.post(moderation_url(reported), {"action": "resolve_reports"})
    assert response.status_code == 302
    assert not reported.reports.filter(resolved_at__isnull=True).exists()
    assert "Signalée" not in text(client.get(LISTING + "?reported=open"))


@pytest.mark.django_db
def test_a_decision_with_a_missing_reason_or_answer_changes_nothing(client, editor, queue):
    _page, pending, published, _reported = queue
    response = client.post(moderation_url(pending), {"action": "reject", "reject-reason": ""})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == "pending"
    response = client.post(
        moderation_url(published),
        {"action": "answer", "answer-answer": "maybe", "answer-answer_text": "Non"},
    )
    assert response.status_code == 400
    published.refresh_from_db()
    assert published.answer == ""
    assert client.post(moderation_url(pending), {"action": "delete"}).status_code == 400
    # A pending proposal cannot be answered, nor merged into an unpublished one.
    response = client.post(
        moderation_url(pending),
        {"action": "answer", "answer-answer": "accepted", "answer-answer_text": "Oui"},
    )
    assert response.status_code == 409
    assert mail.outbox == []


@pytest.mark.django_db
def test_merging_from_the_admin(client, editor, queue, django_capture_on_commit_callbacks):
    _page, pending, published, _reported = queue
    support(published, "anon:a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            moderation_url(pending), {"action": "merge", "merge-original": published.pk}
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "duplicate" and pending.duplicate_of == published


@pytest.mark.django_db
def test_people_without_the_moderation_permission_see_nothing(client, django_user_model, queue):
    _page, pending, _published, _reported = queue
    staff = django_user_model.objects.create_user("agent", password="x")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    english(staff)
    client.force_login(staff)
    assert client.get(LISTING).status_code in (302, 403)
    assert client.post(moderation_url(pending), {"action": "publish"}).status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == "pending"

    moderators = Group.objects.create(name="Modération")
    moderators.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_consultationproposal"),
    )
    staff.groups.add(moderators)
    staff = django_user_model.objects.get(pk=staff.pk)
    client.force_login(staff)
    assert client.get(LISTING).status_code == 200
    assert client.post(moderation_url(pending), {"action": "publish"}).status_code == 302


@pytest.mark.django_db
def test_the_results_of_a_consultation_in_the_admin(client, editor, queue):
    page, _pending, published, reported = queue
    for key in ("anon:1", "anon:2"):
        support(reported, key)
    response = client.get(f"/admin/participation/consultations/{page.pk}/results/")
    assert response.status_code == 200
    html = text(response)
    assert html.index("Signalée") < html.index("Publiée")
    export = client.get(f"/admin/participation/consultations/{page.pk}/results/export/csv/")
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[1].startswith("1,") and "Signalée" in rows[1] and ",2," in rows[1]
    assert "En attente" not in "\n".join(rows)


@pytest.mark.django_db
def test_editors_create_a_consultation_in_the_page_editor(client, editor, site_root):
    from wagtail.test.utils.form_data import rich_text

    from wagtail_participation.models import ConsultationPage

    add_url = f"/admin/pages/add/wagtail_participation/consultationpage/{site_root.pk}/"
    assert client.get(add_url).status_code == 200
    data = {
        "title": "Cadre de vie",
        "slug": "cadre-de-vie",
        "question": "Comment améliorer le cadre de vie ?",
        "context": rich_text("<p>Le contexte.</p>"),
        "ideas_start": "2030-01-10 09:00",
        "support_start": "2030-01-05 09:00",  # before the ideas: refused
        "analysis_start": "2030-03-01 09:00",
        "answers_start": "2030-04-01 09:00",
        "supports_during_ideas": "on",
        "identity": "anonymous",
        "results_visibility": "always",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "themes-TOTAL_FORMS": "1",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "1000",
        "themes-0-name": "Mobilité",
        "themes-0-ORDER": "1",
        "themes-0-id": "",
        "themes-0-DELETE": "",
    }
    refused = client.post(add_url, data)
    assert refused.status_code == 200
    assert "must start after the phase" in text(refused)
    assert not ConsultationPage.objects.exists()

    data["support_start"] = "2030-02-01 09:00"
    response = client.post(add_url, data)
    assert response.status_code == 302, text(response)[-3000:]
    page = ConsultationPage.objects.get()
    assert [theme.name for theme in page.themes.all()] == ["Mobilité"]
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    # In the page explorer, the consultation links to its proposals and results.
    explorer = text(client.get(f"/admin/pages/{site_root.pk}/"))
    assert f"/admin/participation/consultations/{page.pk}/results/" in explorer
    assert f"/admin/participation/proposals/?target={page.pk}" in explorer
