"""Counting a budget from the database: the engine ``participation_pb_count`` uses, on every
ballot read in one streamed query; results stored, published by an editor after the vote
closes, shown under the one visibility rule, explained in plain French."""

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.budgets.conftest import cast, count_and_publish, english, move_to, text
from wagtail_participation.budgets.counting import (
    CannotPublish,
    count_page,
    counted_projects,
    publish_results,
    read_ballots,
    withdraw_results,
)
from wagtail_participation.counting import Election, Project, count
from wagtail_participation.models import BudgetBallot, BudgetCount, BudgetPage, BudgetProject


@pytest.fixture
def voted(make_budget, make_project):
    """A budget of 50 000 € whose vote is over: a majority's expensive projects and a
    minority's cheap ones, as Equal Shares and the most voted projects see them differently."""
    page = make_budget(phase="vote")
    envelope = page.envelopes.get()
    majority = [make_project(page, cost=25_000, title=f"Projet de la majorité {n}") for n in (1, 2)]
    minority = make_project(page, cost=10_000, title="Projet de la minorité")
    nobody = make_project(page, cost=1_000, title="Projet sans voix")
    for number in range(12):
        cast(envelope, f"anon:maj{number}", majority)
    for number in range(8):
        cast(envelope, f"anon:min{number}", [minority])
    return move_to(page, "results"), envelope, majority, minority, nobody


def engine_outcome(page, envelope):
    """The engine's outcome on the same ballots, built here from what was cast."""
    projects = list(BudgetProject.objects.filter(envelope=envelope, feasibility="feasible"))
    ballots = [
        frozenset(ballot.choices.values_list("project__reference", flat=True))
        for ballot in BudgetBallot.objects.filter(target=envelope)
    ]
    election = Election([Project(p.reference, p.cost) for p in projects], envelope.amount, ballots)
    return count(election, page.counting_rule, page.tie_breaking, page.draw_seed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rule", ["mes", "greedy", "equalshares-add1", "equalshares-add1-comparison"]
)
def test_the_count_from_the_database_is_the_engines_on_the_same_ballots(voted, rule):
    page, envelope, majority, minority, _nobody = voted
    BudgetPage.objects.filter(pk=page.pk).update(counting_rule=rule)
    page = BudgetPage.objects.get(pk=page.pk)
    [stored] = count_page(page)
    expected = engine_outcome(page, envelope)
    assert stored.outcome == expected.to_dict()
    assert stored.rule == rule and stored.ballots == 20
    assert stored.votes[majority[0].reference] == 12
    assert stored.channels == {"online": 20}


@pytest.mark.django_db
def test_equal_shares_gives_the_minority_its_part_the_most_voted_do_not(voted):
    page, envelope, majority, minority, _nobody = voted
    [stored] = count_page(page)
    selected = set(stored.selected)
    assert minority.reference in selected
    assert len(selected & {project.reference for project in majority}) == 1
    BudgetPage.objects.filter(pk=page.pk).update(counting_rule="greedy")
    [greedy] = count_page(BudgetPage.objects.get(pk=page.pk))
    assert set(greedy.selected) == {project.reference for project in majority}


@pytest.mark.django_db
def test_every_ballot_is_read_in_one_streamed_query(voted, django_assert_num_queries):
    page, envelope, _majority, _minority, _nobody = voted
    projects = counted_projects(envelope)
    with django_assert_num_queries(1):
        read = read_ballots(envelope, projects)
    assert len(read.ballots) == 20
    for number in range(30):
        cast(envelope, f"anon:more{number}", [projects[0]])
    with django_assert_num_queries(1):
        assert len(read_ballots(envelope, projects).ballots) == 50


@pytest.mark.django_db
def test_a_ballot_without_projects_still_counts_as_a_voter(voted):
    """As in a pabulib file: an empty ballot shares the envelope too (Equal Shares)."""
    page, envelope, *_rest = voted
    BudgetBallot.objects.create(target=envelope, page=page, channel="imported")
    read = read_ballots(envelope, counted_projects(envelope))
    assert len(read.ballots) == 21 and read.ballots[-1] == frozenset()
    assert read.channels == {"online": 20, "imported": 1}


@pytest.mark.django_db
def test_the_count_waits_for_the_end_of_the_vote(
    make_budget, make_project, admin_client, admin_user
):
    english(admin_user)
    page = make_budget(phase="vote")
    cast(page.envelopes.get(), "anon:a", [make_project(page)])
    response = admin_client.post(f"/admin/participation/budgets/{page.pk}/", {"action": "count"})
    assert response.status_code == 409
    assert "The ballots are counted once the vote is closed." in text(response)
    assert BudgetCount.objects.count() == 0
    published = admin_client.post(f"/admin/participation/budgets/{page.pk}/", {"action": "publish"})
    assert published.status_code == 409
    assert BudgetPage.objects.get(pk=page.pk).results_published_at is None


@pytest.mark.django_db
def test_results_are_published_only_from_a_count_of_the_ballots_as_they_are(voted, admin_user):
    page, envelope, majority, minority, nobody = voted
    with pytest.raises(CannotPublish, match="Dépouillez d’abord"):
        publish_results(page)
    count_page(page)
    # A ballot arrives after the count (a paper ballot entered late): the count is stale.
    BudgetBallot.objects.create(target=envelope, page=page, channel="paper")
    with pytest.raises(CannotPublish, match="de nouveau"):
        publish_results(page)
    count_page(page)
    publish_results(page, admin_user)
    page.refresh_from_db()
    assert page.results_published_at is not None and page.results_published_by == admin_user
    funded = set(BudgetProject.objects.filter(funded=True).values_list("reference", flat=True))
    assert funded == set(BudgetCount.objects.get().selected)
    assert nobody.reference not in funded
    with pytest.raises(CannotPublish, match="déjà publiés"):
        publish_results(page)
    withdraw_results(page, admin_user)
    page.refresh_from_db()
    assert page.results_published_at is None
    assert not BudgetProject.objects.filter(funded=True).exists()


@pytest.mark.django_db
def test_residents_see_the_results_once_published_editors_before(voted, admin_user):
    page, envelope, majority, minority, nobody = voted
    count_page(page)
    resident = Client()
    for url in ("results/", "results/csv/", f"results/{envelope.pk}/pb/"):
        response = resident.get(page.url + url)
        shown = text(response)
        assert "Projet de la minorité" not in shown, url
        assert response.status_code in (200, 404), url
    assert "La mairie dépouille les bulletins et publiera les résultats ici." in text(
        resident.get(page.url + "results/")
    )
    editor = Client()
    editor.force_login(admin_user)
    preview = text(editor.get(page.url + "results/"))
    assert "Aperçu réservé aux éditeurs" in preview and "Projet de la minorité" in preview

    publish_results(page)
    shown = text(resident.get(page.url + "results/"))
    assert "Aperçu" not in shown
    assert "20 bulletins dépouillés" in shown
    assert "Projet de la minorité" in shown and "Projet sans voix" in shown
    assert "Non financé : personne n’a voté pour ce projet." in shown
    assert "Méthode des parts égales : l’enveloppe de 50 000 € est partagée à parts égales" in shown
    assert "Les égalités ont été départagées par le projet le moins cher" in shown
    assert "Projet de la minorité – financé" in shown  # the chart says it, not only its colour
    assert "Télécharger les bulletins (.pb)" in shown
    csv = resident.get(page.url + "results/csv/")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "Projet de la minorité" in body and "Oui" in body
    pb = resident.get(f"{page.url}results/{envelope.pk}/pb/")
    assert pb.status_code == 200 and pb["Content-Disposition"].endswith('.pb"')


@pytest.mark.django_db
def test_results_kept_for_editors_only_are_never_public(voted):
    page, *_rest = voted
    BudgetPage.objects.filter(pk=page.pk).update(results_visibility="editors_only")
    page = BudgetPage.objects.get(pk=page.pk)
    count_and_publish(page)
    shown = text(Client().get(page.url + "results/"))
    assert "Les résultats de ce budget ne sont pas affichés sur le site." in shown
    assert "Projet de la minorité" not in shown
    assert Client().get(page.url + "results/xlsx/").status_code == 404


@pytest.mark.django_db
def test_a_project_page_shows_its_result_and_why(voted):
    page, envelope, majority, minority, nobody = voted
    count_and_publish(page)
    shown = text(Client().get(f"{page.url}{minority.pk}/"))
    assert "Résultat du vote" in shown and "Financé" in shown
    assert "8 voix (40,0 % des bulletins)" in shown
    assert "Financé à l’étape" in shown
    unvoted = text(Client().get(f"{page.url}{nobody.pk}/"))
    assert "Non financé : personne n’a voté pour ce projet." in unvoted


@pytest.mark.django_db
def test_the_results_page_runs_the_same_queries_whatever_the_number_of_ballots(voted):
    from django.db import connection

    page, envelope, majority, minority, _nobody = voted
    count_and_publish(page)
    client = Client()
    client.get(page.url + "results/")
    with CaptureQueriesContext(connection) as few:
        client.get(page.url + "results/")
    withdraw_results(page)
    for number in range(60):
        cast(envelope, f"anon:late{number}", [minority])
    count_and_publish(page)
    with CaptureQueriesContext(connection) as many:
        client.get(page.url + "results/")
    assert len(many) == len(few)


@pytest.mark.django_db
def test_an_envelope_without_ballots_funds_nothing_and_says_so(make_budget, make_project):
    page = make_budget(phase="vote", envelopes=(("Petits", 10_000), ("Grands", 40_000)))
    small, large = page.envelopes.order_by("sort_order")
    cast(small, "anon:a", [make_project(page, cost=1_000, envelope=small)])
    make_project(page, cost=10_000, envelope=large)
    page = move_to(page, "results")
    count_and_publish(page)
    shown = text(Client().get(page.url + "results/"))
    assert "Aucun bulletin dans cette enveloppe : aucun projet n’est financé." in shown
