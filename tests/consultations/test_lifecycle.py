"""The whole life of a proposal: posted by a resident, moderated, supported past the
threshold, answered by the commune — each decision logged and emailed to its author."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from tests.consultations.conftest import proposal_data, text, token_of
from wagtail_participation.models import ConsultationProposal, ConsultationSupport


@pytest.fixture
def moderate(admin_client, django_capture_on_commit_callbacks):
    """A moderator's decision in the admin; the author's email leaves once it is committed."""

    def decide(proposal, action, **fields):
        url = f"/admin/participation/proposals/inspect/{proposal.pk}/"
        with django_capture_on_commit_callbacks(execute=True):
            return admin_client.post(url, {"action": action, **fields})

    return decide


@pytest.mark.django_db
def test_post_moderate_support_threshold_answer(
    make_consultation, neighbourhoods, moderate, no_rate_limits
):
    page = make_consultation(phase="ideas", supports_during_ideas=True, support_threshold=3)
    theme = page.themes.get(name="Mobilité")
    author = Client()

    # A resident posts an idea: it waits for moderation, visible to its author only.
    form = author.get(page.url + "propose/")
    assert form.status_code == 200
    response = author.post(
        page.url + "propose/",
        proposal_data(
            theme=theme.pk,
            neighbourhood=neighbourhoods[1].pk,
            participant_token=token_of(text(form)),
        ),
    )
    assert response.status_code == 303
    proposal = ConsultationProposal.objects.get()
    assert proposal.status == "pending"
    assert proposal.theme == theme and proposal.neighbourhood == neighbourhoods[1]
    assert response["Location"].startswith(f"{page.url}{proposal.pk}/?wp_receipt=")
    mine = author.get(response["Location"])
    assert "Merci, votre idée a été enregistrée." in text(mine)
    assert "attend d’être lue par la mairie" in text(mine)
    assert Client().get(f"{page.url}{proposal.pk}/").status_code == 404
    assert proposal.title not in text(Client().get(page.url))

    # A moderator publishes it: logged, emailed, listed.
    assert moderate(proposal, "publish").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "published"
    assert ModelLogEntry.objects.filter(
        object_id=str(proposal.pk), action="wagtail_participation.proposal.publish"
    ).exists()
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    assert "est publiée" in mail.outbox[0].subject
    assert f"{page.url}{proposal.pk}/" in mail.outbox[0].body
    assert proposal.title in text(Client().get(page.url))

    # Three residents support it: the threshold is reached and shown.
    for _resident in range(3):
        resident = Client()
        detail = resident.get(f"{page.url}{proposal.pk}/")
        response = resident.post(
            f"{page.url}{proposal.pk}/support/",
            {"participant_token": token_of(text(detail))},
        )
        assert response.status_code == 303
    proposal.refresh_from_db()
    assert (
        proposal.support_count == 3 == ConsultationSupport.objects.filter(target=proposal).count()
    )
    listing = text(Client().get(page.url + "?threshold=on"))
    assert proposal.title in listing and "Seuil atteint" in listing

    # The commune answers: shown on the proposal, filterable, emailed.
    response = moderate(
        proposal,
        "answer",
        **{"answer-answer": "accepted", "answer-answer_text": "Les bancs seront posés en mai."},
    )
    assert response.status_code == 302
    detail = text(Client().get(f"{page.url}{proposal.pk}/"))
    assert "Retenue" in detail and "Les bancs seront posés en mai." in detail
    assert proposal.title in text(Client().get(page.url + "?answer=accepted"))
    assert proposal.title not in text(Client().get(page.url + "?answer=not_retained"))
    assert len(mail.outbox) == 2 and "répond" in mail.outbox[1].subject
    assert "Les bancs seront posés en mai." in mail.outbox[1].body


@pytest.mark.django_db
def test_a_rejected_proposal_shows_its_reason_to_its_author_only(
    consultation, moderate, no_rate_limits
):
    author = Client()
    form = author.get(consultation.url + "propose/")
    author.post(
        consultation.url + "propose/",
        proposal_data(theme=consultation.themes.first().pk, participant_token=token_of(text(form))),
    )
    proposal = ConsultationProposal.objects.get()

    response = moderate(proposal, "reject", **{"reject-reason": "Hors compétence."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert "Hors compétence." in text(author.get(f"{consultation.url}{proposal.pk}/"))
    assert Client().get(f"{consultation.url}{proposal.pk}/").status_code == 404
    assert "n’a pas été publiée" in mail.outbox[0].subject
    assert "Hors compétence." in mail.outbox[0].body
    assert ModelLogEntry.objects.get(action="wagtail_participation.proposal.reject").data == {
        "reason": "Hors compétence."
    }


@pytest.mark.django_db
def test_publish_immediately_skips_the_queue(make_consultation, no_rate_limits):
    page = make_consultation(publish_immediately=True, themes=())
    client = Client()
    form = client.get(page.url + "propose/")
    assert "Thème" not in text(form)  # a consultation without themes asks for none
    response = client.post(
        page.url + "propose/", proposal_data(participant_token=token_of(text(form)))
    )
    assert response.status_code == 303
    assert ConsultationProposal.objects.get().status == "published"
    assert "Des bancs place de l'Église" in text(Client().get(page.url))


@pytest.mark.django_db
def test_an_account_only_consultation_emails_the_account(
    make_consultation, django_user_model, django_capture_on_commit_callbacks
):
    from wagtail_participation.proposals.moderation import publish

    page = make_consultation(identity="account")
    resident = django_user_model.objects.create_user("dominique", email="dom@example.org")
    client = Client()
    assert "Connectez-vous" in text(client.get(page.url + "propose/")) or "connecter" in text(
        client.get(page.url + "propose/")
    )
    refused = client.post(page.url + "propose/", proposal_data(theme=page.themes.first().pk))
    assert refused.status_code == 403
    client.force_login(resident)
    response = client.post(
        page.url + "propose/",
        proposal_data(theme=page.themes.first().pk, author_email=""),
    )
    assert response.status_code == 303
    proposal = ConsultationProposal.objects.get()
    assert proposal.user == resident and proposal.participant_key == f"user:{resident.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        publish(proposal, None)
    assert mail.outbox[0].to == ["dom@example.org"]
