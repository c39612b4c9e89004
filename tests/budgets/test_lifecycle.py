"""A participatory budget from end to end, as residents and the town hall go through it:
projects submitted, moderated and reviewed, the vote, the count, the results published, the
works followed — on SQLite here and on PostgreSQL in CI."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.budgets.conftest import english, image_bytes, move_to, text, token_of
from wagtail_participation.models import (
    BudgetBallot,
    BudgetCount,
    BudgetPage,
    BudgetProject,
    BudgetProjectUpdate,
)


@pytest.fixture
def town_hall(admin_client, admin_user, django_capture_on_commit_callbacks):
    """The town hall's actions in the admin (in English, its msgids); emails leave once
    each decision is committed."""
    english(admin_user)

    def act(url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return admin_client.post(url, data, **extra)

    act.client = admin_client
    return act


def propose(client, page, title, cost, email=""):
    form = client.get(page.url + "propose/")
    return client.post(
        page.url + "propose/",
        {
            "title": title,
            "description": f"{title} : une description assez longue pour être valable.",
            "estimated_cost": cost,
            "neighbourhood": "",
            "author_email": email,
            "participant_token": token_of(text(form)),
        },
    )


@pytest.mark.django_db
def test_a_budget_from_the_first_project_to_the_works(
    make_budget, town_hall, no_rate_limits, neighbourhoods, django_capture_on_commit_callbacks
):
    page = make_budget(phase="submission", max_projects=2, title="Budget participatif 2026")
    envelope = page.envelopes.get()
    moderation = "/admin/participation/budget-projects/inspect/{}/"

    # 1. Residents submit projects; they wait for moderation.
    camille = Client()
    assert (
        propose(camille, page, "Aire de jeux", "28 000", "camille@example.org").status_code == 303
    )
    assert propose(Client(), page, "Piscine municipale", "45000").status_code == 303
    assert propose(Client(), page, "Bancs place de l'Église", "3000").status_code == 303
    jeux, piscine, bancs = BudgetProject.objects.order_by("pk")
    assert {p.status for p in (jeux, piscine, bancs)} == {"pending"}

    # 2. The town hall publishes and reviews them, and adds its own; then the review phase.
    for project in (jeux, piscine, bancs):
        assert town_hall(moderation.format(project.pk), {"action": "publish"}).status_code == 302
    assert "est publié" in mail.outbox[-1].subject
    page = move_to(page, "review")
    review = {"action": "review", "review-envelope": envelope.pk}
    town_hall(
        moderation.format(jeux.pk),
        {**review, "review-feasibility": "feasible", "review-cost": "30000"},
    )
    town_hall(
        moderation.format(bancs.pk),
        {**review, "review-feasibility": "feasible", "review-cost": "4 500"},
    )
    town_hall(
        moderation.format(piscine.pk),
        {
            **review,
            "review-feasibility": "not_feasible",
            "review-reason": "Une piscine coûte des millions : hors de l'enveloppe.",
        },
    )
    assert "Votre projet « Aire de jeux » est soumis au vote" in [m.subject for m in mail.outbox]
    added = town_hall(
        f"/admin/participation/budgets/{page.pk}/projects/add/",
        {
            "title": "Arbres avenue de la Gare",
            "description": "Vingt arbres pour l'ombre.",
            "envelope": envelope.pk,
            "neighbourhood": neighbourhoods[1].pk,
            "cost": "15000",
        },
    )
    assert added.status_code == 302
    arbres = BudgetProject.objects.get(title="Arbres avenue de la Gare")

    # 3. The vote: only feasible projects are on the ballot; one ballot per resident.
    page = move_to(page, "vote")
    ballot_page = text(Client().get(f"{page.url}vote/{envelope.pk}/"))
    assert "Aire de jeux" in ballot_page and "Arbres avenue de la Gare" in ballot_page
    assert "Piscine municipale" not in ballot_page
    voters = [Client() for _ in range(7)]
    choices = [[jeux, bancs]] * 3 + [[arbres, bancs]] * 3 + [[arbres]]
    for voter, chosen in zip(voters, choices, strict=True):
        response = voter.post(f"{page.url}vote/{envelope.pk}/", {"project": [p.pk for p in chosen]})
        assert response.status_code == 303
    assert (
        voters[0].post(f"{page.url}vote/{envelope.pk}/", {"project": [arbres.pk]}).status_code
        == 409
    )
    over = Client().post(
        f"{page.url}vote/{envelope.pk}/", {"project": [jeux.pk, arbres.pk, bancs.pk]}
    )
    assert over.status_code == 400
    assert "choisissez-en 2 au plus" in text(over)
    assert BudgetBallot.objects.count() == 7

    # Nothing is shown while the vote goes on, even to a voter.
    assert "Arbres avenue de la Gare – financé" not in text(voters[0].get(page.url + "results/"))

    # 4. The vote closes; the town hall counts and publishes.
    page = move_to(page, "results")
    overview = f"/admin/participation/budgets/{page.pk}/"
    assert town_hall(overview, {"action": "count"}).status_code == 302
    preview = text(town_hall.client.get(overview))
    assert "Ballots, count and results" in preview and "Arbres avenue de la Gare" in preview
    assert "Oui" not in text(Client().get(page.url + "results/"))
    assert town_hall(overview, {"action": "publish"}).status_code == 302
    stored = BudgetCount.objects.get()
    assert stored.ballots == 7

    results = text(Client().get(page.url + "results/"))
    assert "7 bulletins dépouillés" in results
    assert "Les projets financés" in results or "projets financés" in results
    # Equal Shares funds the benches (six voters), then the trees (four); the three voters
    # of the playground could not pay for it with shares of 7 142,86 €, but the shares are
    # raised while the envelope allows, until they can.
    funded = set(BudgetProject.objects.filter(funded=True).values_list("title", flat=True))
    assert funded == {"Arbres avenue de la Gare", "Bancs place de l'Église", "Aire de jeux"}
    assert (
        "Financé à l’étape 3 des parts égales : ses 3 votants pouvaient payer ensemble son "
        "coût de 30 000 €, chacun payant au plus 10 000 € de sa part." in results
    )
    assert "la part de chaque votant a finalement été de 10 750,86 €" in results
    for title in funded:
        assert f"{title} – financé" in results

    # 5. Follow-up: the works of a funded project, with a dated news item and its photo.
    page = move_to(page, "follow_up")
    town_hall(
        moderation.format(arbres.pk), {"action": "works", "works-works_status": "in_progress"}
    )
    response = town_hall(
        moderation.format(arbres.pk),
        {
            "action": "works_update",
            "update-date": "2027-03-15",
            "update-text": "Les vingt arbres sont plantés.",
            "update-image": SimpleUploadedFile("chantier.jpg", image_bytes(), "image/jpeg"),
            "update-image_description": "Les arbres le long de l'avenue",
        },
    )
    assert response.status_code == 302
    update = BudgetProjectUpdate.objects.get()
    assert update.image and "chantier" not in update.image.name
    home = text(Client().get(page.url))
    assert "Les projets financés et leurs travaux" in home
    assert "En cours" in home and "Les vingt arbres sont plantés." in home
    project_page = Client().get(f"{page.url}{arbres.pk}/")
    assert "15 mars 2027" in text(project_page)
    assert 'alt="Les arbres le long de l&#x27;avenue"' in project_page.content.decode()
    # A project not funded has no works to follow.
    refused = town_hall(
        moderation.format(piscine.pk), {"action": "works", "works-works_status": "done"}
    )
    assert refused.status_code == 409
    assert BudgetPage.objects.get(pk=page.pk).results_published_at is not None
