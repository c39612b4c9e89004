"""Participatory budgets in the Wagtail admin: the page editor (rules frozen once the vote
opens), the budgets and their overview, the projects' and ballots' listings with their
filters and exports, and who may see them."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from wagtail.test.utils.form_data import rich_text

from tests.budgets.conftest import cast, count_and_publish, english, move_to, text
from wagtail_participation.models import BudgetCount, BudgetEnvelope, BudgetPage

PROJECTS = "/admin/participation/budget-projects/"
BALLOTS = "/admin/participation/budget-ballots/"


@pytest.fixture
def editor(admin_user, client, wagtail_root):
    # The admin's dashboard links to the page tree: its root is recreated if a transactional
    # test flushed it before this one, on the same worker.
    english(admin_user)
    client.force_login(admin_user)
    return admin_user


def page_data(**fields):
    data = {
        "title": "Budget participatif 2027",
        "slug": "budget-2027",
        "intro": rich_text("<p>Proposez, votez.</p>"),
        "submission_start": "2030-01-10 09:00",
        "review_start": "2030-02-10 09:00",
        "vote_start": "2030-03-10 09:00",
        "results_start": "2030-04-10 09:00",
        "follow_up_start": "2030-06-10 09:00",
        "min_projects": "1",
        "max_projects": "5",
        "within_envelope": "on",
        "min_percent": "",
        "counting_rule": "mes",
        "tie_breaking": "commune",
        "draw_seed": "20300310",
        "identity": "account",
        "results_visibility": "after_closing",
        "envelopes-TOTAL_FORMS": "2",
        "envelopes-INITIAL_FORMS": "0",
        "envelopes-MIN_NUM_FORMS": "1",
        "envelopes-MAX_NUM_FORMS": "1000",
        "envelopes-0-name": "Petits projets",
        "envelopes-0-amount": "10000",
        "envelopes-0-max_project_cost": "3000",
        "envelopes-0-ORDER": "1",
        "envelopes-0-id": "",
        "envelopes-0-DELETE": "",
        "envelopes-1-name": "Grands projets",
        "envelopes-1-amount": "40000",
        "envelopes-1-ORDER": "2",
        "envelopes-1-id": "",
        "envelopes-1-DELETE": "",
    }
    data.update(fields)
    return data


def edit_data(page, **fields):
    """The page editor's form for ``page`` as it is, with ``fields`` changed."""
    envelopes = list(page.envelopes.order_by("sort_order"))
    data = page_data(
        title=page.title,
        slug=page.slug,
        max_projects=str(page.max_projects or ""),
        counting_rule=page.counting_rule,
        **{
            "envelopes-TOTAL_FORMS": str(len(envelopes)),
            "envelopes-INITIAL_FORMS": str(len(envelopes)),
        },
    )
    for name in list(data):
        if name.startswith(("envelopes-0-", "envelopes-1-")):
            del data[name]
    for number, envelope in enumerate(envelopes):
        data.update(
            {
                f"envelopes-{number}-id": str(envelope.pk),
                f"envelopes-{number}-name": envelope.name,
                f"envelopes-{number}-amount": str(envelope.amount),
                f"envelopes-{number}-ORDER": str(number + 1),
                f"envelopes-{number}-DELETE": "",
            }
        )
    for field in (
        "submission_start",
        "review_start",
        "vote_start",
        "results_start",
        "follow_up_start",
    ):
        data[field] = getattr(page, field).astimezone().strftime("%Y-%m-%d %H:%M")
    data["action-publish"] = "action-publish"
    data.update(fields)
    return data


@pytest.mark.django_db
def test_editors_create_a_budget_in_the_page_editor(client, editor, site_root):
    add_url = f"/admin/pages/add/wagtail_participation/budgetpage/{site_root.pk}/"
    assert client.get(add_url).status_code == 200

    refused = client.post(add_url, page_data(review_start="2030-01-01 09:00"))
    assert refused.status_code == 200
    assert "must start after the phase" in text(refused)
    refused = client.post(add_url, page_data(max_projects="0", min_projects="2"))
    assert "The maximum must be at least the minimum." in text(refused)
    refused = client.post(add_url, page_data(**{"envelopes-1-amount": "0"}))
    assert "An amount must be at least 1 euro." in text(refused)
    refused = client.post(add_url, page_data(**{"envelopes-1-amount": "-4"}))
    assert "greater than or equal to 0" in text(refused)
    refused = client.post(add_url, page_data(**{"envelopes-1-amount": "99999999999"}))
    assert "This amount is not realistic" in text(refused)
    refused = client.post(add_url, page_data(**{"envelopes-0-max_project_cost": "20000"}))
    assert "A project cannot cost more than its envelope." in text(refused)
    assert not BudgetPage.objects.exists()

    response = client.post(add_url, {**page_data(), "action-publish": "action-publish"})
    assert response.status_code == 302, text(response)[-3000:]
    page = BudgetPage.objects.get()
    assert [(e.name, e.amount) for e in page.envelopes.order_by("sort_order")] == [
        ("Petits projets", 10000),
        ("Grands projets", 40000),
    ]
    assert page.total_amount == 50000 and page.identity == "account"
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    explorer = text(client.get(f"/admin/pages/{site_root.pk}/"))
    assert f"/admin/participation/budgets/{page.pk}/" in explorer
    assert f"{PROJECTS}?target={page.pk}" in explorer


@pytest.mark.django_db
def test_the_rules_are_frozen_once_the_vote_opens(client, editor, make_budget, make_project):
    page = make_budget(phase="review", max_projects=3)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert client.post(edit_url, edit_data(page, max_projects="4")).status_code == 302
    assert BudgetPage.objects.get(pk=page.pk).max_projects == 4

    page = move_to(page, "vote")
    form = text(client.get(edit_url))
    assert "The vote has opened: the ballot's rules, the counting rule" in form
    # Frozen fields are disabled: what the browser sends for them is ignored.
    client.post(edit_url, edit_data(page, max_projects="1", counting_rule="greedy"))
    page = BudgetPage.objects.get(pk=page.pk)
    assert page.max_projects == 4 and page.counting_rule == "mes"
    envelope = page.envelopes.get()
    changed = client.post(edit_url, edit_data(page, **{"envelopes-0-amount": "90000"}))
    assert "envelopes can no longer be added, removed or change their amounts" in text(changed)
    assert BudgetEnvelope.objects.get(pk=envelope.pk).amount == 50000
    # Texts and dates may still be corrected.
    renamed = client.post(
        edit_url, edit_data(page, title="Budget 2026", **{"envelopes-0-name": "La commune"})
    )
    assert renamed.status_code == 302
    assert BudgetEnvelope.objects.get(pk=envelope.pk).name == "La commune"


@pytest.mark.django_db
def test_an_envelope_with_projects_is_never_removed(client, editor, make_budget, make_project):
    page = make_budget(phase="review", envelopes=(("Petits", 10_000), ("Grands", 40_000)))
    small, large = page.envelopes.order_by("sort_order")
    make_project(page, envelope=large)
    data = edit_data(page, **{"envelopes-1-DELETE": "on"})
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert "has projects or ballots: it cannot be removed" in text(response)
    assert BudgetEnvelope.objects.filter(pk=large.pk).exists()
    data = edit_data(page, **{"envelopes-0-DELETE": "on"})
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert not BudgetEnvelope.objects.filter(pk=small.pk).exists()


@pytest.mark.django_db
def test_publishing_an_old_revision_keeps_the_freeze_and_the_results(
    editor, make_budget, make_project, admin_user
):
    page = make_budget(phase="vote", max_projects=3)
    revision = page.save_revision()
    cast(page.envelopes.get(), "anon:a", [make_project(page)])
    page = move_to(page, "results")
    count_and_publish(page, admin_user)
    page = BudgetPage.objects.get(pk=page.pk)
    frozen_at, published_at = page.rules_frozen_at, page.results_published_at
    BudgetPage.objects.filter(pk=page.pk).update(max_projects=3)
    revision.content["max_projects"] = 9
    revision.save()
    # As the scheduled publishing or the revisions view do: the revision read afresh.
    type(revision).objects.get(pk=revision.pk).publish()
    page = BudgetPage.objects.get(pk=page.pk)
    assert page.rules_frozen_at == frozen_at and page.results_published_at == published_at
    assert page.max_projects == 3


@pytest.mark.django_db
def test_the_budgets_and_an_overview(client, editor, make_budget, make_project):
    page = make_budget(phase="vote")
    cast(page.envelopes.get(), "anon:a", [make_project(page, title="Bancs")])
    index = text(client.get("/admin/participation/budgets/"))
    assert page.title in index and "Vote" in index
    overview = client.get(f"/admin/participation/budgets/{page.pk}/")
    assert overview.status_code == 200
    shown = text(overview)
    assert "Where the budget stands" in shown and "Current phase: Vote." in shown
    assert "Choose from 1 to" not in shown or "Choose" in shown
    assert "Frozen: the vote has opened" in shown
    assert "The count is possible once the vote is closed." in shown
    assert "Export as pabulib (.pb)" in shown and "Printable paper ballot (PDF)" in shown
    assert (
        client.post(f"/admin/participation/budgets/{page.pk}/", {"action": "drop"}).status_code
        == 400
    )


@pytest.mark.django_db
def test_the_projects_listing_filters_and_exports(client, editor, make_budget, make_project):
    page = make_budget(phase="review", envelopes=(("Petits", 10_000), ("Grands", 40_000)))
    small, large = page.envelopes.order_by("sort_order")
    make_project(page, envelope=small, cost=2_000, title="Bancs")
    make_project(
        page,
        envelope=large,
        feasibility="not_feasible",
        title="Piscine",
        feasibility_reason="Trop cher.",
    )
    make_project(page, envelope=large, feasibility="pending", status="pending", title="En attente")
    listing = text(client.get(PROJECTS))
    assert "Bancs" in listing and "Piscine" in listing and "En attente" in listing
    feasible = text(client.get(PROJECTS, {"feasibility": "feasible"}))
    assert "Bancs" in feasible and "Piscine" not in feasible
    large_only = text(client.get(PROJECTS, {"envelope": large.pk}))
    assert "Bancs" not in large_only and "Piscine" in large_only
    bad = client.get(PROJECTS, {"envelope": "nope"})
    assert bad.status_code == 400
    export = client.get(PROJECTS, {"export": "csv", "target": page.pk})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Bancs" in content and "Trop cher." in content and "Not feasible" in content
    assert "Supports" not in content.splitlines()[0]
    xlsx = client.get(PROJECTS, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


@pytest.mark.django_db
def test_the_ballots_listing_filters_and_exports_without_saying_who_voted(
    client, editor, make_budget, make_project
):
    page = make_budget(phase="vote", envelopes=(("Petits", 10_000), ("Grands", 40_000)))
    small, large = page.envelopes.order_by("sort_order")
    bancs = make_project(page, envelope=small, cost=2_000, title="Bancs")
    stade = make_project(page, envelope=large, cost=30_000, title="City-stade")
    ballot = cast(small, "anon:secret-voter", [bancs])
    cast(large, "anon:secret-voter", [stade])
    listing = text(client.get(BALLOTS, {"target": small.pk}))
    assert "Bancs" in listing and "City-stade" not in listing
    assert "secret-voter" not in listing
    assert "City-stade" in text(client.get(BALLOTS, {"page": page.pk, "target": large.pk}))
    inspect = text(client.get(f"{BALLOTS}inspect/{ballot.pk}/"))
    assert "Bancs" in inspect and ballot.receipt not in inspect
    export = client.get(BALLOTS, {"export": "csv"})
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Bancs" in content and "City-stade" in content
    assert "secret-voter" not in content and ballot.receipt not in content
    # Online ballots are never deleted.
    assert client.post(f"{BALLOTS}delete/{ballot.pk}/").status_code in (302, 403)
    assert ballot.__class__.objects.filter(pk=ballot.pk).exists()


@pytest.mark.django_db
def test_people_without_the_permission_see_nothing(client, django_user_model, make_budget):
    page = make_budget(phase="results")
    staff = django_user_model.objects.create_user("agent", password="x")
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    english(staff)
    client.force_login(staff)
    for url in (
        "/admin/participation/budgets/",
        f"/admin/participation/budgets/{page.pk}/",
        f"/admin/participation/budgets/{page.pk}/import/",
        f"/admin/participation/budgets/{page.pk}/projects/add/",
        f"/admin/participation/budgets/envelopes/{page.envelopes.get().pk}/pabulib/",
        PROJECTS,
        BALLOTS,
    ):
        assert client.get(url).status_code in (302, 403), url
    refused = client.post(f"/admin/participation/budgets/{page.pk}/", {"action": "count"})
    assert refused.status_code in (302, 403)
    assert not BudgetCount.objects.exists()
    # Those who may review projects may run the budget.
    staff.user_permissions.add(Permission.objects.get(codename="change_budgetproject"))
    assert client.get(f"/admin/participation/budgets/{page.pk}/").status_code == 200
    assert "Participatory budgets" in text(client.get("/admin/"))


@pytest.mark.django_db
def test_the_participation_menu_lists_the_budgets(client, editor):
    menu = client.get("/admin/").content.decode()
    for label in ("Participatory budgets", "Budget projects", "Budget ballots"):
        assert label in menu
    assert Client().get("/admin/participation/budgets/").status_code == 302


@pytest.mark.django_db
def test_the_editor_previews_a_budget_new_or_changed(
    client, editor, site_root, make_budget, make_project
):
    """The preview renders the page from the editor's form: a new page has no row for its
    projects or envelopes yet, a changed one has its form's envelopes in memory."""
    new = f"/admin/pages/add/wagtail_participation/budgetpage/{site_root.pk}/preview/"
    assert client.post(new, page_data()).status_code == 200
    assert client.get(new).status_code == 200
    page = make_budget(phase="vote")
    make_project(page, title="Des bancs")
    changed = f"/admin/pages/{page.pk}/edit/preview/"
    client.post(changed, edit_data(page, title="Budget 2026, relu"))
    shown = text(client.get(changed))
    assert "Budget 2026, relu" in shown and "Des bancs" in shown


@pytest.mark.django_db
def test_the_editor_previews_a_new_consultation_with_themes(client, editor, site_root):
    """The proposals package's pages share the preview's constraints (found with budgets)."""
    url = f"/admin/pages/add/wagtail_participation/consultationpage/{site_root.pk}/preview/"
    data = {
        "title": "Cadre de vie",
        "slug": "cadre-de-vie",
        "question": "Comment améliorer le cadre de vie ?",
        "context": rich_text("<p>Le contexte.</p>"),
        "ideas_start": "2030-01-10 09:00",
        "support_start": "2030-02-01 09:00",
        "analysis_start": "2030-03-01 09:00",
        "answers_start": "2030-04-01 09:00",
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
    assert client.post(url, data).status_code == 200
    assert client.get(url).status_code == 200
