"""Projects: residents submit them during the submission phase (the proposals package's form,
with a cost and an envelope), the town hall reviews them (feasible or not, why, at what cost,
in which envelope), merges duplicates, adds its own; only feasible projects reach the ballot,
and nothing about the ballot changes once the vote has opened."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import ModelLogEntry

from tests.budgets.conftest import ballot_url, english, image_bytes, move_to, text, token_of
from wagtail_participation.budgets.ballots import ballot_projects
from wagtail_participation.models import BudgetProject


def project_data(**fields):
    data = {
        "title": "Des bancs place de l'Église",
        "description": (
            "Il manque des bancs à l'ombre.\n\nLes personnes âgées aimeraient s'y asseoir."
        ),
        "estimated_cost": "3 000",
        "neighbourhood": "",
        "author_name": "Camille",
        "author_email": "camille@example.org",
    }
    data.update(fields)
    return data


@pytest.fixture
def submitting(make_budget, no_rate_limits):
    return make_budget(phase="submission")


@pytest.fixture
def moderate(admin_client, admin_user, django_capture_on_commit_callbacks):
    """A decision on a project's moderation page (the admin in English, its msgids); emails
    leave once it is committed."""
    english(admin_user)

    def decide(project, action, **fields):
        url = f"/admin/participation/budget-projects/inspect/{project.pk}/"
        with django_capture_on_commit_callbacks(execute=True):
            return admin_client.post(url, {"action": action, **fields})

    return decide


def propose(client, page, **fields):
    form = client.get(page.url + "propose/")
    return client.post(
        page.url + "propose/", project_data(participant_token=token_of(text(form)), **fields)
    )


@pytest.mark.django_db
def test_a_resident_submits_a_project_with_its_cost(submitting):
    page = submitting
    author = Client()
    form = author.get(page.url + "propose/")
    assert form.status_code == 200
    shown = text(form)
    assert "Proposer un projet" in shown and "Coût estimé (euros)" in shown
    # One envelope: nothing to choose.
    assert 'name="envelope"' not in shown

    response = propose(author, page)

    assert response.status_code == 303
    project = BudgetProject.objects.get()
    assert project.estimated_cost == 3000 and project.cost is None
    assert project.envelope == page.envelopes.get()
    assert project.status == "pending" and project.feasibility == "pending"
    assert project.reference == str(project.pk)
    mine = text(author.get(response["Location"]))
    assert "Merci, votre projet a été enregistré." in mine
    assert "Votre projet attend d’être lu par la mairie" in mine


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("", "Donnez une estimation du coût, même approximative."),
        ("-500", "Un montant doit être d’au moins 1 euro."),
        ("0", "Un montant doit être d’au moins 1 euro."),
        ("12,50", "Saisissez un montant en euros, sans centimes"),
        ("douze mille", "Saisissez un montant en euros, sans centimes"),
        ("1e9", "Saisissez un montant en euros, sans centimes"),
        ("99999999999999999999", "Saisissez un montant en euros, sans centimes"),
        ("20000000000", "Ce montant n’est pas réaliste"),
        ("60 000", "Ce projet coûterait plus que son enveloppe « Toute la commune » (50 000 €)"),
    ],
)
def test_negative_or_absurd_costs_are_refused(submitting, cost, message):
    response = propose(Client(), submitting, estimated_cost=cost)
    assert response.status_code == 400
    assert message in text(response)
    assert BudgetProject.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["12000", "12 000", "12 000 €", "12.000", "12 000,00", "+12000"])
def test_costs_are_read_as_people_type_them(submitting, typed):
    assert propose(Client(), submitting, estimated_cost=typed).status_code == 303
    assert BudgetProject.objects.get().estimated_cost == 12000


@pytest.mark.django_db
def test_with_several_envelopes_the_resident_chooses_one_and_its_rules_apply(
    make_budget, neighbourhoods, no_rate_limits
):
    page = make_budget(
        phase="submission",
        envelopes=(
            ("Petits projets", 10_000, {"max_project_cost": 3_000}),
            ("Quartier de la Gare", 40_000, {"neighbourhood": neighbourhoods[1]}),
        ),
    )
    small, station = page.envelopes.order_by("sort_order")
    assert 'name="envelope"' in text(Client().get(page.url + "propose/"))

    missing = propose(Client(), page)
    assert missing.status_code == 400
    assert "Choisissez l’enveloppe de votre projet." in text(missing)

    too_dear = propose(Client(), page, envelope=small.pk, estimated_cost="4000")
    assert "Un projet de « Petits projets » coûte au plus 3 000 €." in text(too_dear)

    elsewhere = propose(Client(), page, envelope=station.pk, neighbourhood=neighbourhoods[0].pk)
    assert (
        "Un projet de « Quartier de la Gare » doit se trouver dans le quartier "
        "« Quartier de la Gare »." in text(elsewhere)
    )
    other_budget = make_budget(slug="autre", phase="submission")
    foreign = propose(Client(), page, envelope=other_budget.envelopes.get().pk)
    assert foreign.status_code == 400
    assert BudgetProject.objects.count() == 0

    assert propose(Client(), page, envelope=small.pk, estimated_cost="2500").status_code == 303
    assert BudgetProject.objects.get().envelope == small


@pytest.mark.django_db
def test_projects_are_submitted_only_during_the_submission_phase(submitting):
    page = move_to(submitting, "review")
    response = propose(Client(), page)
    assert response.status_code == 410
    assert BudgetProject.objects.count() == 0
    assert "Les projets ont été recueillis jusqu’au" in text(Client().get(page.url + "propose/"))


@pytest.mark.django_db
def test_a_photo_is_checked_and_reencoded_by_the_proposals_package(submitting):
    photo = SimpleUploadedFile("chez-moi.jpg", image_bytes(), content_type="image/jpeg")
    form = Client().get(submitting.url + "propose/")
    response = Client().post(
        submitting.url + "propose/",
        {**project_data(participant_token=token_of(text(form))), "image": photo},
    )
    assert response.status_code == 303
    project = BudgetProject.objects.get()
    assert project.image and "chez-moi" not in project.image.name
    not_an_image = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    refused = Client().post(submitting.url + "propose/", {**project_data(), "image": not_an_image})
    assert refused.status_code == 400
    assert BudgetProject.objects.count() == 1


@pytest.mark.django_db
def test_projects_are_not_supported(submitting, make_project):
    project = make_project(submitting)
    assert Client().post(f"{submitting.url}{project.pk}/support/").status_code == 404
    assert Client().post(f"{submitting.url}{project.pk}/withdraw/").status_code == 404
    assert "Soutenir" not in text(Client().get(f"{submitting.url}{project.pk}/"))


@pytest.mark.django_db
def test_the_review_decides_what_reaches_the_ballot(make_budget, make_project, moderate):
    page = make_budget(phase="review")
    project = make_project(page, feasibility="pending", cost=8000, author_email="lea@example.org")
    assert project not in ballot_projects(page.envelopes.get())

    # Feasible needs the town hall's cost; not feasible needs a reason.
    missing = moderate(project, "review", **{"review-feasibility": "feasible", "review-cost": ""})
    assert missing.status_code == 400
    assert "Give the town hall's estimate of the cost." in text(missing)
    no_reason = moderate(project, "review", **{"review-feasibility": "not_feasible"})
    assert no_reason.status_code == 400
    assert "Say why the project is not feasible." in text(no_reason)
    over = moderate(
        project,
        "review",
        **{
            "review-feasibility": "feasible",
            "review-cost": "80000",
            "review-envelope": page.envelopes.get().pk,
        },
    )
    assert over.status_code == 400
    project.refresh_from_db()
    assert project.feasibility == "pending"
    assert mail.outbox == []

    response = moderate(
        project,
        "review",
        **{
            "review-feasibility": "feasible",
            "review-cost": "9 500",
            "review-envelope": page.envelopes.get().pk,
            "review-reason": "Le service technique a chiffré la pose.",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.feasibility == "feasible" and project.cost == 9500
    assert project in ballot_projects(page.envelopes.get())
    assert ModelLogEntry.objects.filter(
        object_id=str(project.pk), action="wagtail_participation.budget_project.review"
    ).exists()
    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert "est soumis au vote" in message.subject
    assert "il est réalisable, pour 9 500 €" in message.body.replace("\u00a0", " ")

    public = text(Client().get(f"{page.url}{project.pk}/"))
    assert "Ce projet est soumis au vote." in public
    assert "Le service technique a chiffré la pose." in public
    assert "9 500 €" in public

    moderate(
        project,
        "review",
        **{"review-feasibility": "not_feasible", "review-reason": "Hors des compétences."},
    )
    project.refresh_from_db()
    assert project.feasibility == "not_feasible"
    assert project not in ballot_projects(page.envelopes.get())
    assert "Hors des compétences." in text(Client().get(f"{page.url}{project.pk}/"))


@pytest.mark.django_db
def test_merging_a_duplicate_project(make_budget, make_project, moderate):
    page = make_budget(phase="review")
    original = make_project(page, feasibility="pending", title="Des bancs")
    duplicate = make_project(page, feasibility="pending", title="Plus de bancs")
    response = moderate(duplicate, "merge", **{"merge-original": original.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == "duplicate" and duplicate.duplicate_of == original
    shown = text(Client().get(f"{page.url}{duplicate.pk}/"))
    assert "il a été fusionné avec lui" in shown and "Des bancs" in shown


@pytest.mark.django_db
def test_once_the_vote_opens_nothing_about_the_ballot_changes(make_budget, make_project, moderate):
    page = make_budget(phase="vote")
    on_ballot = make_project(page, title="Sur le bulletin")
    other = make_project(page, title="Autre")
    waiting = make_project(page, feasibility="pending", status="pending", title="En attente")
    envelope = page.envelopes.get()

    for action, fields in [
        ("review", {"review-feasibility": "not_feasible", "review-reason": "Trop tard."}),
        ("reject", {"reject-reason": "Trop tard."}),
        ("merge", {"merge-original": other.pk}),
    ]:
        response = moderate(on_ballot, action, **fields)
        assert response.status_code in (400, 409), action
        assert "The vote has opened" in text(response), action
    on_ballot.refresh_from_db()
    assert on_ballot.status == "published" and on_ballot.feasibility == "feasible"
    assert set(ballot_projects(envelope)) == {on_ballot, other}
    # A project that is not on the ballot can still be moderated (an abusive one, say).
    assert moderate(waiting, "reject", **{"reject-reason": "Injurieux."}).status_code == 302


@pytest.mark.django_db
def test_the_town_hall_adds_a_project_of_its_own(make_budget, admin_client, neighbourhoods):
    page = make_budget(phase="review")
    url = f"/admin/participation/budgets/{page.pk}/projects/add/"
    assert admin_client.get(url).status_code == 200
    refused = admin_client.post(
        url,
        {
            "title": "Réfection du préau",
            "description": "Le préau de l'école fuit.",
            "envelope": page.envelopes.get().pk,
            "cost": "-3",
        },
    )
    assert refused.status_code == 400
    assert BudgetProject.objects.count() == 0
    response = admin_client.post(
        url,
        {
            "title": "Réfection du préau",
            "description": "Le préau de l'école fuit.",
            "envelope": page.envelopes.get().pk,
            "neighbourhood": neighbourhoods[0].pk,
            "cost": "14 000",
        },
    )
    assert response.status_code == 302
    project = BudgetProject.objects.get()
    assert project.is_on_ballot and project.cost == 14000
    assert project.channel == "paper" and project.entered_by is not None
    assert project.author_display == "La mairie"

    frozen = move_to(page, "vote")
    late = admin_client.post(
        f"/admin/participation/budgets/{frozen.pk}/projects/add/",
        {
            "title": "Trop tard",
            "description": "Ajouté pendant le vote.",
            "envelope": page.envelopes.get().pk,
            "cost": "1000",
        },
    )
    assert late.status_code == 409
    assert BudgetProject.objects.count() == 1


@pytest.mark.django_db
def test_the_public_list_filters_projects(make_budget, make_project, neighbourhoods):
    page = make_budget(
        phase="vote", envelopes=(("Petits projets", 10_000), ("Grands projets", 40_000))
    )
    small, large = page.envelopes.order_by("sort_order")
    make_project(page, cost=2_000, envelope=small, title="Bancs", neighbourhood=neighbourhoods[0])
    make_project(page, cost=30_000, envelope=large, title="City-stade")
    make_project(page, feasibility="not_feasible", envelope=large, title="Piscine")
    make_project(page, status="pending", title="En attente")
    listing = text(Client().get(page.url))
    assert "Bancs" in listing and "City-stade" in listing and "Piscine" in listing
    assert "En attente" not in listing
    # The sort options agree with "projets" in French (the consultations' with "idées").
    assert ">Les plus récents</option>" in listing and "Les plus récentes" not in listing
    only_large = text(Client().get(page.url, {"envelope": large.pk}))
    assert "City-stade" in only_large and "Bancs" not in only_large
    feasible = text(Client().get(page.url, {"feasibility": "feasible", "sort": "cheapest"}))
    assert "Piscine" not in feasible
    assert feasible.index("Bancs") < feasible.index("City-stade")
    bad = Client().get(page.url, {"envelope": "abc", "sort": "nope"})
    assert bad.status_code == 200
    assert "Certains filtres ne sont pas valides" in text(bad)


@pytest.mark.django_db
def test_the_budget_page_says_what_residents_may_do_in_each_phase(make_budget, make_project):
    page = make_budget(phase="before")
    assert "Les projets pourront être déposés à partir du" in text(Client().get(page.url))
    page = move_to(page, "submission")
    assert "Proposer un projet" in text(Client().get(page.url))
    page = move_to(page, "review")
    assert "La mairie étudie les projets" in text(Client().get(page.url))
    page = move_to(page, "vote")
    make_project(page)
    shown = text(Client().get(page.url))
    assert "Choisissez les projets que la commune doit financer" in shown
    assert ballot_url(page, page.envelopes.get()) in Client().get(page.url).content.decode()
    page = move_to(page, "results")
    assert "La mairie dépouille les bulletins et publiera les résultats ici." in text(
        Client().get(page.url)
    )


@pytest.mark.django_db
def test_the_page_lists_a_residents_own_projects(submitting, no_rate_limits):
    author = Client()
    propose(author, submitting)
    assert "Mes projets" in text(author.get(submitting.url))
    assert "Mes projets" not in text(Client().get(submitting.url))
