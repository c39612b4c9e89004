"""The ballot of an envelope: what a resident may choose, checked by the server whatever the
browser sends, a clear French message and a 4xx for every impossible ballot, and nothing
stored — never a partial ballot."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests.budgets.conftest import ballot_url, cast, move_to, text, token_of
from wagtail_participation.models import BudgetBallot, BudgetBallotChoice, BudgetPage


@pytest.fixture
def ballot(make_budget, make_project, no_rate_limits):
    """A budget of 50 000 € in its vote: at most three projects, within the envelope."""
    page = make_budget(phase="vote", max_projects=3)
    envelope = page.envelopes.get()
    projects = {
        "jeux": make_project(page, cost=30_000, title="Aire de jeux"),
        "bancs": make_project(page, cost=4_000, title="Bancs"),
        "arbres": make_project(page, cost=15_000, title="Arbres"),
        "lavoir": make_project(page, cost=18_000, title="Lavoir"),
        "livres": make_project(page, cost=800, title="Boîte à livres"),
    }
    return page, envelope, projects


def vote(client, page, envelope, *projects, **extra):
    return client.post(
        ballot_url(page, envelope), {"project": [str(p.pk) for p in projects], **extra}
    )


def assert_refused(response, status, message):
    assert response.status_code == status, text(response)[:2000]
    assert message in text(response), text(response)
    assert BudgetBallot.objects.count() == 0
    assert BudgetBallotChoice.objects.count() == 0


@pytest.mark.django_db
def test_a_ballot_within_the_rules_is_stored_with_its_projects_and_a_receipt(ballot):
    page, envelope, projects = ballot
    client = Client()
    response = vote(client, page, envelope, projects["jeux"], projects["arbres"])

    assert response.status_code == 303
    stored = BudgetBallot.objects.get()
    assert stored.target == envelope and stored.page_id == page.pk
    assert stored.channel == "online" and stored.receipt
    assert set(stored.choices.values_list("project__title", flat=True)) == {
        "Aire de jeux",
        "Arbres",
    }
    assert set(BudgetBallotChoice.objects.values_list("envelope_id", flat=True)) == {envelope.pk}
    shown = text(client.get(response["Location"]))
    assert "Merci, votre vote a été enregistré." in shown
    assert "Votre bulletin" in shown and "Aire de jeux – 30 000 €" in shown


@pytest.mark.django_db
def test_over_the_envelope_says_the_total(ballot):
    page, envelope, projects = ballot
    response = vote(
        Client(), page, envelope, projects["jeux"], projects["lavoir"], projects["bancs"]
    )
    assert_refused(response, 400, "Vos projets coûtent 52 000 € ensemble")
    # The ballot comes back as it was sent, so that the resident corrects it.
    shown = response.content.decode()
    for key in ("jeux", "lavoir", "bancs"):
        assert (
            f'value="{projects[key].pk}" id="envelope-{envelope.pk}-project-{projects[key].pk}"'
            in shown
        )
        where = f"envelope-{envelope.pk}-project-{projects[key].pk}-where"
        assert f'data-cost="{projects[key].cost}" aria-describedby="{where}" checked>' in shown
    assert "Votre choix : 52 000 € (enveloppe : 50 000 €)." in text(response)


@pytest.mark.django_db
def test_over_the_number_of_projects(ballot):
    page, envelope, projects = ballot
    assert_refused(
        vote(
            Client(),
            page,
            envelope,
            projects["bancs"],
            projects["arbres"],
            projects["livres"],
            projects["lavoir"],
        ),
        400,
        "Vous avez choisi 4 projets : choisissez-en 3 au plus.",
    )


@pytest.mark.django_db
def test_an_empty_ballot(ballot):
    page, envelope, _projects = ballot
    assert_refused(
        vote(Client(), page, envelope), 400, "Choisissez au moins 1 projet (vous en avez choisi 0)."
    )


@pytest.mark.django_db
def test_under_the_minimum_number_of_projects(ballot):
    page, envelope, projects = ballot
    BudgetPage.objects.filter(pk=page.pk).update(min_projects=2)
    assert_refused(
        vote(Client(), page, envelope, projects["bancs"]),
        400,
        "Choisissez au moins 2 projets (vous en avez choisi 1).",
    )


@pytest.mark.django_db
def test_under_the_minimum_share_of_the_envelope(ballot):
    page, envelope, projects = ballot
    BudgetPage.objects.filter(pk=page.pk).update(min_percent=50)
    assert_refused(
        vote(Client(), page, envelope, projects["bancs"], projects["arbres"]),
        400,
        "Vos projets coûtent 19 000 € ensemble : choisissez des projets pour au moins "
        "25 000 € (50 % de l’enveloppe).",
    )


@pytest.mark.django_db
def test_the_same_project_twice(ballot):
    page, envelope, projects = ballot
    assert_refused(
        vote(Client(), page, envelope, projects["bancs"], projects["bancs"]),
        400,
        "Un projet ne peut être choisi qu’une fois.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["999999", "abc", "", "-1", "1.5", str(2**70)])
def test_an_unknown_project(ballot, value):
    page, envelope, projects = ballot
    response = Client().post(
        ballot_url(page, envelope), {"project": [str(projects["bancs"].pk), value]}
    )
    assert_refused(response, 400, "Ce projet ne figure pas sur ce bulletin")


@pytest.mark.django_db
def test_an_infeasible_project(ballot, make_project):
    page, envelope, _projects = ballot
    refused = make_project(page, feasibility="not_feasible", title="Piscine")
    assert_refused(
        vote(Client(), page, envelope, refused), 400, "Ce projet ne figure pas sur ce bulletin"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "rejected", "duplicate"])
def test_a_project_that_is_not_published(ballot, make_project, status):
    page, envelope, _projects = ballot
    hidden = make_project(page, status=status)
    assert_refused(
        vote(Client(), page, envelope, hidden), 400, "Ce projet ne figure pas sur ce bulletin"
    )


@pytest.mark.django_db
def test_a_project_of_another_envelope_or_another_budget(make_budget, make_project, no_rate_limits):
    page = make_budget(envelopes=(("Petits projets", 10_000), ("Grands projets", 40_000)))
    small, large = page.envelopes.order_by("sort_order")
    big = make_project(page, cost=20_000, envelope=large)
    other_page = make_budget(slug="autre")
    elsewhere = make_project(other_page, cost=1_000)
    assert_refused(vote(Client(), page, small, big), 400, "dans une autre enveloppe")
    assert_refused(vote(Client(), page, small, elsewhere), 400, "dans une autre enveloppe")


@pytest.mark.django_db
def test_an_envelope_of_another_budget_is_not_found(make_budget, make_project, no_rate_limits):
    page = make_budget()
    other = make_budget(slug="autre")
    response = Client().post(f"{page.url}vote/{other.envelopes.get().pk}/", {"project": []})
    assert response.status_code == 404
    assert Client().get(f"{page.url}vote/abc/").status_code == 404
    assert BudgetBallot.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phase", "status", "message"),
    [
        ("submission", 403, "Cette participation n’est pas encore ouverte."),
        ("review", 403, "Cette participation n’est pas encore ouverte."),
        ("results", 410, "Cette participation est close."),
        ("follow_up", 410, "Cette participation est close."),
    ],
)
def test_votes_outside_the_vote_phase(ballot, phase, status, message):
    page, envelope, projects = ballot
    page = move_to(page, phase)
    assert_refused(vote(Client(), page, envelope, projects["bancs"]), status, message)


@pytest.mark.django_db
def test_the_ballot_page_outside_the_vote_offers_no_form(ballot):
    page, envelope, _projects = ballot
    before = text(Client().get(ballot_url(move_to(page, "review"), envelope)))
    assert "Le vote ouvrira le" in before or "ouvre le" in before
    assert 'name="project"' not in before
    after = text(Client().get(ballot_url(move_to(page, "results"), envelope)))
    assert "Vote clos le" in after or "clos" in after
    assert 'name="project"' not in after


@pytest.mark.django_db
def test_a_second_ballot_of_the_same_participant(ballot):
    page, envelope, projects = ballot
    client = Client()
    assert vote(client, page, envelope, projects["bancs"]).status_code == 303
    response = vote(client, page, envelope, projects["arbres"])
    assert response.status_code == 409
    assert "Vous avez déjà participé." in text(response)
    assert BudgetBallot.objects.count() == 1
    assert list(BudgetBallot.objects.get().choices.values_list("project", flat=True)) == [
        projects["bancs"].pk
    ]


@pytest.mark.django_db
def test_one_ballot_per_envelope_each_separately(make_budget, make_project, no_rate_limits):
    page = make_budget(envelopes=(("Petits projets", 10_000), ("Grands projets", 40_000)))
    small, large = page.envelopes.order_by("sort_order")
    little = make_project(page, cost=2_000, envelope=small)
    big = make_project(page, cost=20_000, envelope=large)
    client = Client()
    assert vote(client, page, small, little).status_code == 303
    assert vote(client, page, large, big).status_code == 303
    assert vote(client, page, large, big).status_code == 409
    assert BudgetBallot.objects.filter(target=small).count() == 1
    assert BudgetBallot.objects.filter(target=large).count() == 1
    listing = text(client.get(f"{page.url}vote/"))
    assert listing.count("Vous avez voté") == 2


@pytest.mark.django_db
def test_the_anonymous_token_of_the_form_identifies_a_browser_without_cookies(ballot):
    page, envelope, projects = ballot
    token = token_of(text(Client().get(ballot_url(page, envelope))))
    assert (
        vote(Client(), page, envelope, projects["bancs"], participant_token=token).status_code
        == 303
    )
    again = vote(Client(), page, envelope, projects["arbres"], participant_token=token)
    assert again.status_code == 409
    assert BudgetBallot.objects.count() == 1


@pytest.mark.django_db
def test_account_only_budgets_ask_to_log_in(ballot, django_user_model):
    page, envelope, projects = ballot
    BudgetPage.objects.filter(pk=page.pk).update(identity="account")
    page = BudgetPage.objects.get(pk=page.pk)
    shown = text(Client().get(ballot_url(page, envelope)))
    assert "Vous devez vous connecter pour voter." in shown
    assert 'name="project"' not in shown
    assert_refused(
        vote(Client(), page, envelope, projects["bancs"]), 403, "Connectez-vous pour participer."
    )
    resident = django_user_model.objects.create_user("habitante", password="x")
    client = Client()
    client.force_login(resident)
    assert vote(client, page, envelope, projects["bancs"]).status_code == 303
    assert vote(client, page, envelope, projects["arbres"]).status_code == 409
    assert BudgetBallot.objects.get().user == resident


@pytest.mark.django_db
def test_the_ballot_page_gives_its_script_the_rules_and_the_costs(ballot):
    page, envelope, projects = ballot
    BudgetPage.objects.filter(pk=page.pk).update(min_percent=10)
    html = Client().get(ballot_url(page, envelope)).content.decode()
    assert 'data-max-projects="3"' in html
    assert 'data-min-projects="1"' in html
    assert 'data-max-cost="50000"' in html
    assert 'data-min-cost="5000"' in html
    assert f'data-cost="{projects["jeux"].cost}"' in html
    assert "Votre choix : {total} sur {budget}." in html
    # Progressive: the script is a file of the site (the CSP allows no inline script), and the
    # running total is hidden until it runs.
    assert '<script src="/static/wagtail_participation/budget-ballot.js" defer></script>' in html
    assert "<script>" not in html and "style=" not in html
    assert "data-ballot-total hidden" in html
    shown = text(Client().get(ballot_url(page, envelope)))
    assert "Choisissez de 1 à 3 projets." in shown
    assert "Ensemble, ils ne doivent pas coûter plus que l’enveloppe de 50 000 €." in shown
    assert "Ensemble, ils doivent coûter au moins 5 000 € (10 % de l’enveloppe)." in shown


@pytest.mark.django_db
def test_without_the_envelope_limit_any_total_is_allowed(ballot):
    page, envelope, projects = ballot
    BudgetPage.objects.filter(pk=page.pk).update(within_envelope=False, max_projects=None)
    response = vote(
        Client(), page, envelope, projects["jeux"], projects["lavoir"], projects["arbres"]
    )
    assert response.status_code == 303
    assert "Choisissez autant de projets que vous le souhaitez." in text(
        Client().get(ballot_url(page, envelope))
    )


@pytest.mark.django_db
def test_the_ballot_is_checked_again_inside_the_transaction_that_stores_it(ballot):
    """Between the check of a ballot and its storage, a project leaves the ballot (a review
    made the instant before the vote opened): the store refuses it, nothing is written."""
    page, envelope, projects = ballot
    cleaned = envelope.validate_submission({"project": [str(projects["bancs"].pk)]})
    projects["bancs"].__class__.objects.filter(pk=projects["bancs"].pk).update(
        feasibility="not_feasible"
    )
    from wagtail_participation.participation.errors import InvalidSubmission

    with pytest.raises(InvalidSubmission, match="vient de changer"), transaction.atomic():
        envelope.store_submission(BudgetBallot(target=envelope, participant_key="anon:x"), cleaned)
    assert BudgetBallot.objects.count() == 0


@pytest.mark.django_db
def test_the_first_ballot_freezes_the_rules_for_good(ballot):
    page, envelope, projects = ballot
    assert page.rules_frozen_at is None
    cast(envelope, "anon:first", [projects["bancs"]])
    page.refresh_from_db()
    frozen_at = page.rules_frozen_at
    assert frozen_at is not None
    # Moving the vote later does not unfreeze what ballots were cast under.
    BudgetPage.objects.filter(pk=page.pk).update(vote_start=timezone.now() + timedelta(days=3))
    page.refresh_from_db()
    assert page.rules_frozen()
    cast_again = BudgetBallot(target=envelope, participant_key="anon:second")
    BudgetPage.objects.filter(pk=page.pk).update(vote_start=timezone.now() - timedelta(days=1))
    with transaction.atomic():
        envelope.store_submission(
            cast_again, envelope.validate_submission({"project": [str(projects["arbres"].pk)]})
        )
    page.refresh_from_db()
    assert page.rules_frozen_at == frozen_at


@pytest.mark.django_db
def test_the_honeypot_and_a_missing_csrf_token(ballot):
    page, envelope, projects = ballot
    assert_refused(
        vote(Client(), page, envelope, projects["bancs"], website="http://spam.example"),
        400,
        "semble automatisé",
    )
    # A page's form: Django's CSRF middleware answers before the page does (as for any
    # Wagtail page), with a 403.
    strict = Client(enforce_csrf_checks=True)
    assert vote(strict, page, envelope, projects["bancs"]).status_code == 403
    assert BudgetBallot.objects.count() == 0
