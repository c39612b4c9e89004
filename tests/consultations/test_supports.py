"""Supports: one per participant and proposal, withdrawable while supports are open, counted
in the database on the proposal in the same transaction, merged with duplicates."""

import time
from datetime import timedelta

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from tests.consultations.conftest import support, text, token_of
from wagtail_participation.models import ConsultationProposal, ConsultationSupport
from wagtail_participation.proposals.moderation import merge_into


def resident(proposal):
    """A new resident's browser, on the proposal's page (it gets its participant token)."""
    client = Client()
    page = client.get(f"{proposal.target.url}{proposal.pk}/")
    client.token = token_of(text(page))
    return client


def support_as(client, proposal, **extra):
    return client.post(
        f"{proposal.target.url}{proposal.pk}/support/",
        {"participant_token": client.token, **extra},
    )


def withdraw_as(client, proposal):
    return client.post(f"{proposal.target.url}{proposal.pk}/withdraw/")


def stored_count(proposal):
    return ConsultationSupport.objects.filter(target=proposal).count()


@pytest.mark.django_db
def test_a_support_is_counted_on_the_proposal_and_shown(
    make_consultation, make_proposal, no_rate_limits
):
    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    client = resident(proposal)

    response = support_as(client, proposal)

    assert response.status_code == 303
    assert response["Location"].startswith(f"{page.url}{proposal.pk}/?wp_receipt=")
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == stored_count(proposal)
    shown = text(client.get(response["Location"]))
    assert "Merci, votre soutien a été enregistré." in shown
    assert "1 soutien" in shown and "Retirer mon soutien" in shown


@pytest.mark.django_db
def test_supporting_twice_is_refused_and_counted_once(
    make_consultation, make_proposal, no_rate_limits
):
    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    client = resident(proposal)
    support_as(client, proposal)

    again = support_as(client, proposal)

    assert again.status_code == 409
    assert "Vous avez déjà participé" in text(again)
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == stored_count(proposal)


@pytest.mark.django_db
def test_a_support_withdrawn_while_supports_are_open(
    make_consultation, make_proposal, no_rate_limits
):
    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    client = resident(proposal)
    support_as(client, proposal)

    response = withdraw_as(client, proposal)

    assert response.status_code == 303
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == stored_count(proposal)
    # The page it comes back to says so, to this resident only: not to whoever opens the link.
    assert "Votre soutien a été retiré." in text(client.get(response["Location"]))
    assert "Votre soutien a été retiré." not in text(resident(proposal).get(response["Location"]))
    assert "Votre soutien a été retiré." not in text(client.get(f"{page.url}{proposal.pk}/"))
    # Nothing left to withdraw; supporting again is possible.
    assert withdraw_as(client, proposal).status_code == 409
    assert support_as(client, proposal).status_code == 303


@pytest.mark.django_db
def test_supports_close_by_date_alone(make_consultation, make_proposal, no_rate_limits):
    """The analysis phase starts a few seconds from now: once the date passes, nobody having
    touched the page, the support already given can no longer be withdrawn."""
    now = timezone.now()
    # Room for the setup and the support on a loaded machine.
    analysis_start = now + timedelta(seconds=6)
    page = make_consultation(
        phase="support", analysis_start=analysis_start, answers_start=now + timedelta(days=10)
    )
    proposal = make_proposal(page)
    client = resident(proposal)
    assert support_as(client, proposal).status_code == 303

    time.sleep(max(0, (analysis_start - timezone.now()).total_seconds()) + 0.1)
    response = withdraw_as(client, proposal)

    assert response.status_code == 410
    assert "Cette participation est close" in text(response)
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == stored_count(proposal)
    assert "Les soutiens sont clos." in text(client.get(f"{page.url}{proposal.pk}/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phase, supports_during_ideas, status",
    [
        ("before", True, 403),
        ("ideas", False, 403),
        ("ideas", True, 303),
        ("support", False, 303),
        ("analysis", True, 410),
        ("answers", True, 410),
    ],
)
def test_the_phase_decides_whether_residents_may_support(
    make_consultation, make_proposal, no_rate_limits, phase, supports_during_ideas, status
):
    page = make_consultation(phase=phase, supports_during_ideas=supports_during_ideas)
    proposal = make_proposal(page)

    response = support_as(resident(proposal), proposal)

    assert response.status_code == status
    assert stored_count(proposal) == (1 if status == 303 else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "duplicate"])
def test_supporting_a_proposal_that_is_not_published_is_refused(
    make_consultation, make_proposal, no_rate_limits, status
):
    page = make_consultation(phase="support")
    proposal = make_proposal(page, status=status)
    client = Client()
    client.token = ""

    response = support_as(client, proposal)

    assert response.status_code == 404
    assert "ne peut pas être soutenue" in text(response)
    assert stored_count(proposal) == 0


@pytest.mark.django_db
def test_supporting_an_unknown_proposal_is_refused(consultation, no_rate_limits):
    response = Client().post(f"{consultation.url}999999/support/")
    assert response.status_code == 404
    huge = Client().post(f"{consultation.url}99999999999999999999999/support/")
    assert huge.status_code == 404
    assert ConsultationSupport.objects.count() == 0


@pytest.mark.django_db
def test_a_proposal_of_another_consultation_cannot_be_supported_here(
    make_consultation, make_proposal, no_rate_limits
):
    here = make_consultation(phase="support", slug="ici")
    elsewhere = make_consultation(phase="support", slug="ailleurs")
    proposal = make_proposal(elsewhere)
    assert Client().post(f"{here.url}{proposal.pk}/support/").status_code == 404
    assert stored_count(proposal) == 0


@pytest.mark.django_db
def test_merging_a_duplicate_counts_nobody_twice(
    make_consultation, make_proposal, admin_user, django_capture_on_commit_callbacks
):
    page = make_consultation(phase="support")
    duplicate = make_proposal(page, title="Un banc", author_email="a@example.org")
    original = make_proposal(page, title="Des bancs")
    for key in ("anon:alice", "anon:bruno"):
        support(duplicate, key)
    for key in ("anon:bruno", "anon:chloe"):
        support(original, key)
    other = make_proposal(page, title="Encore un banc", status="duplicate", duplicate_of=duplicate)

    with django_capture_on_commit_callbacks(execute=True):
        merge_into(duplicate, original, admin_user)

    duplicate.refresh_from_db()
    original.refresh_from_db()
    other.refresh_from_db()
    keys = sorted(original.submissions.values_list("participant_key", flat=True))
    assert keys == ["anon:alice", "anon:bruno", "anon:chloe"]
    assert original.support_count == 3
    assert duplicate.status == "duplicate" and duplicate.duplicate_of == original
    assert duplicate.support_count == 0 == stored_count(duplicate)
    assert other.duplicate_of == original
    # The counts kept on proposals are those of the supports stored.
    for proposal in ConsultationProposal.objects.annotate(n=Count("submissions")):
        assert proposal.support_count == proposal.n
    from django.core import mail

    assert mail.outbox[0].to == ["a@example.org"]
    assert "Des bancs" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_merge_into_an_unpublished_or_foreign_proposal_is_refused(
    make_consultation, make_proposal, admin_user
):
    from django.core.exceptions import ValidationError

    page = make_consultation(phase="support")
    proposal = make_proposal(page)
    with pytest.raises(ValidationError):
        merge_into(proposal, make_proposal(page, status="pending"), admin_user)
    with pytest.raises(ValidationError):
        merge_into(proposal, proposal, admin_user)
    with pytest.raises(ValidationError):
        merge_into(proposal, make_proposal(make_consultation(slug="autre")), admin_user)
    proposal.refresh_from_db()
    assert proposal.status == "published"
