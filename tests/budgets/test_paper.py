"""Paper ballots, entered by the town hall's staff: exactly the online ballot's checks, through
the skeleton's store_paper_submission (once per form, marked as paper, with who entered them),
from the opening of the vote until the results are published."""

import re
from uuid import uuid4

import pytest

from tests.budgets.conftest import count_and_publish, english, move_to, text
from wagtail_participation.budgets.counting import CannotPublish, count_page, publish_results
from wagtail_participation.models import BudgetBallot, BudgetBallotChoice


@pytest.fixture
def paper(make_budget, make_project, admin_client, admin_user):
    english(admin_user)
    page = make_budget(phase="vote", max_projects=2)
    envelope = page.envelopes.get()
    projects = [
        make_project(page, cost=30_000, title="Aire de jeux"),
        make_project(page, cost=25_000, title="Lavoir"),
        make_project(page, cost=4_000, title="Bancs"),
    ]
    url = f"/admin/participation/budgets/envelopes/{envelope.pk}/paper/"
    return page, envelope, projects, url


def token_from(response):
    return re.search(r'name="entry_token" value="([0-9a-f]{32})"', response.content.decode())[1]


def enter(admin_client, url, projects, **extra):
    """Post one paper ballot, with the form's own token when it offers one (a new one else,
    as a form opened before would have)."""
    form = admin_client.get(url)
    token = token_from(form) if 'name="entry_token"' in form.content.decode() else uuid4().hex
    data = {"entry_token": token, "project": [p.pk for p in projects], **extra}
    return admin_client.post(url, data), data


@pytest.mark.django_db
def test_a_paper_ballot_is_checked_like_an_online_one_and_marked_as_paper(
    paper, admin_client, admin_user
):
    page, envelope, projects, url = paper
    shown = text(admin_client.get(url))
    assert "Choose from 1 to 2 projects." in shown, shown
    assert "Aire de jeux – 30" in shown

    over, _data = enter(admin_client, url, projects[:2])
    assert over.status_code == 400
    assert "more than the envelope of 50" in text(over)
    too_many, _data = enter(admin_client, url, projects)
    assert too_many.status_code == 400 and "choose at most 2" in text(too_many)
    assert BudgetBallot.objects.count() == 0 and BudgetBallotChoice.objects.count() == 0

    response, _data = enter(admin_client, url, [projects[0], projects[2]], note="Urne n° 2")
    assert response.status_code == 302
    ballot = BudgetBallot.objects.get()
    assert ballot.channel == "paper" and ballot.entered_by == admin_user
    assert ballot.note == "Urne n° 2" and ballot.participant_key == "" and ballot.receipt == ""
    assert set(ballot.choices.values_list("project__title", flat=True)) == {"Aire de jeux", "Bancs"}
    # As many paper ballots as the urn holds: no one-per-participant limit on paper.
    assert enter(admin_client, url, [projects[2]])[0].status_code == 302
    assert BudgetBallot.objects.filter(channel="paper").count() == 2


@pytest.mark.django_db
def test_the_same_form_sent_twice_is_recorded_once(paper, admin_client):
    page, envelope, projects, url = paper
    response, data = enter(admin_client, url, [projects[2]])
    assert response.status_code == 302
    again = admin_client.post(url, data)
    assert again.status_code == 409
    assert "the form was sent twice" in text(again)
    assert BudgetBallot.objects.count() == 1
    expired = admin_client.post(url, {**data, "entry_token": "not-a-token"})
    assert expired.status_code == 400 and BudgetBallot.objects.count() == 1


@pytest.mark.django_db
def test_paper_ballots_from_the_opening_of_the_vote_to_the_publication(paper, admin_client):
    page, envelope, projects, url = paper
    before = move_to(page, "review")
    refused, _data = enter(admin_client, url, [projects[2]])
    assert refused.status_code == 400
    assert "from the opening of the vote until the results are published" in text(refused)
    assert BudgetBallot.objects.count() == 0

    # After the vote closes, the ballots of the town hall's urn are still entered.
    closed = move_to(before, "results")
    assert enter(admin_client, url, [projects[2]])[0].status_code == 302
    count_and_publish(closed)
    assert "Record this paper ballot" not in text(admin_client.get(url))
    late, _data = enter(admin_client, url, [projects[2]])
    assert late.status_code == 400
    assert BudgetBallot.objects.count() == 1


@pytest.mark.django_db
def test_a_mistaken_paper_ballot_is_deleted_and_the_count_must_be_made_again(paper, admin_client):
    page, envelope, projects, url = paper
    enter(admin_client, url, [projects[2]])
    mistaken = BudgetBallot.objects.get()
    page = move_to(page, "results")
    count_page(page)
    delete = f"/admin/participation/budget-ballots/delete/{mistaken.pk}/"
    assert admin_client.post(delete).status_code == 302
    assert not BudgetBallot.objects.exists()
    with pytest.raises(CannotPublish):
        publish_results(page)
    count_and_publish(page)


@pytest.mark.django_db
def test_no_ballot_is_deleted_once_the_results_are_published(paper, admin_client):
    page, envelope, projects, url = paper
    enter(admin_client, url, [projects[2]])
    paper_ballot = BudgetBallot.objects.get()
    page = move_to(page, "results")
    count_and_publish(page)
    delete = f"/admin/participation/budget-ballots/delete/{paper_ballot.pk}/"
    assert admin_client.post(delete).status_code in (302, 403)
    assert BudgetBallot.objects.filter(pk=paper_ballot.pk).exists()
