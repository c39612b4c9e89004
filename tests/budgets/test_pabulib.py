"""pabulib interoperability: any budget vote exported as a ``.pb`` file, and ``.pb`` files
imported into a budget page — the whole file checked first, an error naming its line, nothing
imported then — whose count through the page equals ``participation_pb_count`` on the file."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.budgets.conftest import cast, count_and_publish, english, move_to, text
from wagtail_participation.budgets.counting import count_page
from wagtail_participation.budgets.pabulib import ImportRefused, export_pabulib, import_pabulib
from wagtail_participation.counting import count, parse_pabulib
from wagtail_participation.models import (
    BudgetBallot,
    BudgetBallotChoice,
    BudgetEnvelope,
    BudgetPage,
    BudgetProject,
)

PABULIB_DIR = Path(__file__).resolve().parents[1] / "data" / "pabulib"
APPROVAL_FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Warszawa_2019_Anin.pb",
    "Netherlands_Amsterdam_304.pb",
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
]


def command_outcome(path, rule, *options):
    out = StringIO()
    call_command("participation_pb_count", str(path), "--rule", rule, *options, stdout=out)
    return out.getvalue().split()


@pytest.fixture
def empty_budget(make_budget):
    """A budget page for an import: its vote over, one envelope to fill, its amount set
    later to the file's budget."""

    def make(budget, **fields):
        page = make_budget(phase="results", envelopes=(("Fichier", budget),), **fields)
        return page, page.envelopes.get()

    return make


def imported(empty_budget, name, **fields):
    text_of_file = (PABULIB_DIR / name).read_text(encoding="utf-8")
    budget = parse_pabulib(text_of_file).budget
    page, envelope = empty_budget(budget, **fields)
    import_pabulib(envelope, text_of_file, filename=name)
    return BudgetPage.objects.get(pk=page.pk), envelope


@pytest.mark.django_db
@pytest.mark.parametrize("name", APPROVAL_FILES)
@pytest.mark.parametrize("rule", ["mes", "greedy"])
def test_an_imported_files_count_through_the_page_is_participation_pb_count(
    empty_budget, name, rule
):
    page, envelope = imported(empty_budget, name, counting_rule=rule)
    [stored] = count_page(page)
    assert stored.problem == ""
    # Same projects, same numbers, same rule, same tie-breaking (commune, seed 0: the
    # command's defaults): the same funded projects, in the same order.
    assert stored.selected == command_outcome(PABULIB_DIR / name, rule)


@pytest.mark.django_db
def test_the_tie_breaking_and_draw_of_the_page_are_the_commands(empty_budget):
    name = "Netherlands_Assen_2024.pb"
    for tie_breaking, seed in (("lexico", 0), ("commune", 7)):
        page, envelope = imported(
            empty_budget,
            name,
            counting_rule="equalshares-add1",
            tie_breaking=tie_breaking,
            draw_seed=seed,
        )
        [stored] = count_page(page)
        expected = command_outcome(
            PABULIB_DIR / name,
            "equalshares-add1",
            "--tie-breaking",
            tie_breaking,
            "--seed",
            str(seed),
        )
        assert stored.selected == expected
        BudgetPage.objects.filter(pk=page.pk).delete()


@pytest.mark.django_db
def test_an_import_keeps_every_project_and_ballot_of_the_file(empty_budget):
    name = "Netherlands_Assen_2024.pb"
    pb = parse_pabulib((PABULIB_DIR / name).read_text(encoding="utf-8"))
    page, envelope = imported(empty_budget, name)
    projects = BudgetProject.objects.filter(envelope=envelope)
    assert sorted(projects.values_list("reference", flat=True)) == sorted(
        row["project_id"] for row in pb.projects
    )
    assert all(project.is_on_ballot and project.channel == "imported" for project in projects)
    titles = dict(projects.values_list("reference", "title"))
    assert titles[pb.projects[0]["project_id"]] == pb.projects[0]["name"]
    assert BudgetBallot.objects.filter(target=envelope, channel="imported").count() == len(
        pb.ballots
    )
    stored = sorted(
        sorted(ballot.choices.values_list("project__reference", flat=True))
        for ballot in BudgetBallot.objects.filter(target=envelope)
    )
    assert stored == sorted(sorted(ballot) for ballot in pb.ballots)
    page.refresh_from_db()
    assert page.rules_frozen_at is not None


def broken_copy(name, line_number, replace):
    lines = (PABULIB_DIR / name).read_text(encoding="utf-8").split("\n")
    lines[line_number - 1] = replace(lines[line_number - 1])
    return "\n".join(lines)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("line", "replace", "message"),
    [
        (20, lambda line: line.replace(";7200;", ";vingt;", 1), "n’est pas un nombre"),
        (21, lambda line: line.replace(";21000;", ";0;", 1), "doit être supérieur à zéro"),
        (40, lambda line: line + ",9999", "le vote cite le projet 9999"),
        (41, lambda line: line.split(";")[0], "2 champs attendus, 1 trouvés"),
        (9, lambda line: "budget;", "n’est pas un nombre"),
    ],
)
def test_a_malformed_file_gets_an_error_naming_its_line_and_nothing_is_imported(
    empty_budget, line, replace, message
):
    name = "Netherlands_Assen_2024.pb"
    page, envelope = empty_budget(100_000)
    with pytest.raises(ImportRefused) as refused:
        import_pabulib(envelope, broken_copy(name, line, replace), filename=name)
    assert f"{name}, ligne {line} :" in str(refused.value)
    assert message in str(refused.value)
    assert BudgetProject.objects.count() == 0
    assert BudgetBallot.objects.count() == 0 and BudgetBallotChoice.objects.count() == 0


@pytest.mark.django_db
def test_files_that_cannot_be_imported(empty_budget, make_project):
    assen = (PABULIB_DIR / "Netherlands_Assen_2024.pb").read_text(encoding="utf-8")
    page, envelope = empty_budget(50_000)
    with pytest.raises(ImportRefused, match="budget du fichier de 100000"):
        import_pabulib(envelope, assen, filename="assen.pb")
    ordinal = (PABULIB_DIR / "Poland_Krakow_2020_Zwierzyniec.pb").read_text(encoding="utf-8")
    with pytest.raises(ImportRefused, match="seuls les bulletins d’approbation"):
        import_pabulib(envelope, ordinal, filename="krakow.pb")
    BudgetEnvelope.objects.filter(pk=envelope.pk).update(amount=100_000)
    envelope.refresh_from_db()
    make_project(page, envelope=envelope)
    with pytest.raises(ImportRefused, match="a déjà des projets ou des bulletins"):
        import_pabulib(envelope, assen, filename="assen.pb")
    assert BudgetBallot.objects.count() == 0
    assert BudgetProject.objects.count() == 1


@pytest.mark.django_db
def test_importing_from_the_admin(empty_budget, admin_client, admin_user):
    english(admin_user)
    page, envelope = empty_budget(100_000)
    url = f"/admin/participation/budgets/{page.pk}/import/"
    assert admin_client.get(url).status_code == 200
    content = (PABULIB_DIR / "Netherlands_Assen_2024.pb").read_bytes()
    broken = content.replace(b"\n1;", b"\n1;x", 1)
    response = admin_client.post(
        url,
        {"envelope": envelope.pk, "file": SimpleUploadedFile("assen.pb", broken)},
    )
    assert response.status_code == 400
    assert "Nothing was imported" in text(response)
    assert "assen.pb, line" in text(response)
    assert BudgetProject.objects.count() == 0
    not_text = admin_client.post(
        url,
        {"envelope": envelope.pk, "file": SimpleUploadedFile("a.pb", b"\xff\xfe\x00garbage")},
    )
    assert not_text.status_code == 400 and "is not UTF-8 text" in text(not_text)
    response = admin_client.post(
        url,
        {"envelope": envelope.pk, "file": SimpleUploadedFile("assen.pb", content)},
    )
    assert response.status_code == 302
    assert BudgetProject.objects.filter(envelope=envelope).count() == 14
    assert BudgetBallot.objects.filter(target=envelope).count() == 84


@pytest.mark.django_db
def test_a_vote_exported_as_pabulib_counts_the_same_anywhere(make_budget, make_project):
    page = make_budget(phase="vote", max_projects=2)
    envelope = page.envelopes.get()
    projects = [
        make_project(page, cost=cost, title=f"Projet ; « {cost} »")
        for cost in (20_000, 15_000, 30_000)
    ]
    for number in range(9):
        cast(envelope, f"anon:{number}", projects[number % 3 : number % 3 + 2][:2])
    BudgetBallot.objects.create(target=envelope, page=page, channel="imported")
    page = move_to(page, "results")
    [stored] = count_and_publish(page)

    pb = parse_pabulib(export_pabulib(BudgetEnvelope.objects.get(pk=envelope.pk)))

    assert pb.budget == 50_000 and pb.vote_type == "approval"
    assert pb.meta["max_length"] == "2" and pb.meta["max_sum_cost"] == "50000"
    assert pb.meta["num_votes"] == "10" and len(pb.ballots) == 10
    assert frozenset() in pb.ballots  # an empty ballot stays a voter
    assert {row["project_id"] for row in pb.projects} == {p.reference for p in projects}
    assert {row["name"] for row in pb.projects} == {p.title for p in projects}
    assert pb.official_selection() is not None
    assert sorted(pb.official_selection()) == sorted(stored.selected)
    again = count(pb.election(), "mes", "commune", page.draw_seed)
    assert list(again.selected) == stored.selected
    # Anonymous: voters numbered in the order of their ballots' contents.
    assert [row["voter_id"] for row in pb.votes] == [str(n) for n in range(1, 11)]
    assert pb.ballots == sorted(pb.ballots, key=lambda ballot: sorted(ballot))


@pytest.mark.django_db
def test_exporting_from_the_admin(make_budget, make_project, admin_client, client):
    page = make_budget(phase="vote")
    envelope = page.envelopes.get()
    cast(envelope, "anon:a", [make_project(page)])
    response = admin_client.get(f"/admin/participation/budgets/envelopes/{envelope.pk}/pabulib/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert parse_pabulib(response.content.decode()).meta["num_votes"] == "1"
    anonymous = client.get(f"/admin/participation/budgets/envelopes/{envelope.pk}/pabulib/")
    assert anonymous.status_code == 302  # to the admin's login
