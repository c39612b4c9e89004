"""A budget's part of the PDF reports: a section per envelope (the counting rule explained,
the winners, the ranking and why), the ballots as raw data, and a printable paper ballot
whose projects come in the order of the ballot page."""

import pytest
from django.test import Client

from tests.budgets.conftest import cast, count_and_publish, move_to
from tests.pdf import normalise, pdf_text
from tests.reports.conftest import export_bytes, pdf_bytes
from tests.reports.test_access import body
from wagtail_participation.budgets.ballots import ballot_projects
from wagtail_participation.reports.links import admin_paper_form_url, public_report_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(make_budget, make_project):
    page = make_budget(
        phase="vote",
        max_projects=2,
        envelopes=(("Petits projets", 10_000), ("Grands projets", 40_000)),
    )
    small, large = page.envelopes.order_by("sort_order")
    bancs = make_project(page, cost=3_000, envelope=small, title="Des bancs à l'ombre")
    livres = make_project(page, cost=900, envelope=small, title="Une boîte à livres")
    stade = make_project(page, cost=35_000, envelope=large, title="Un city-stade")
    verger = make_project(page, cost=9_000, envelope=large, title="Un verger communal")
    for number in range(6):
        cast(small, f"anon:{number}", [bancs] if number % 2 else [bancs, livres])
        cast(large, f"anon:{number}", [stade] if number < 4 else [verger])
    return move_to(page, "results"), small, large


def test_the_report_has_a_section_per_envelope_with_the_rule_winners_and_ranking(
    counted,
    commune,
    generate,
):
    page, small, large = counted
    count_and_publish(page)
    report = generate(page)

    text = normalise(pdf_text(pdf_bytes(report)))
    assert "BUDGET PARTICIPATIF" in text.upper()
    assert "Résultats : Petits projets" in text and "Résultats : Grands projets" in text
    assert "Méthode des parts égales : l’enveloppe de 40 000 € est partagée" in text
    assert "Un city-stade" in text and "Un verger communal" in text
    assert "Financé à l’étape 1 des parts égales" in text
    assert (
        "En ligne, la base de données n’accepte qu’un bulletin par participant et par enveloppe"
        in text
    )
    export = export_bytes(report).decode("utf-8-sig")
    assert export.count("\n") == 13  # a heading and one line per ballot
    assert "Petits projets" in export and "Grands projets" in export


def test_an_unpublished_count_is_marked_provisional_and_kept_from_residents(
    counted,
    commune,
    generate,
):
    page, *_envelopes = counted
    from wagtail_participation.budgets.counting import count_page

    count_page(page)
    text = normalise(pdf_text(pdf_bytes(generate(page))))
    assert "Provisoire : ces résultats ne sont pas encore publiés." in text
    assert Client().get(public_report_url(page)).status_code == 403


def test_the_paper_ballot_has_a_part_per_envelope_in_the_ballots_order(
    counted,
    commune,
    admin_user,
    client,
):
    page, small, large = counted
    client.force_login(admin_user)
    response = client.get(admin_paper_form_url(page))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = normalise(pdf_text(body(response), layout=True))
    assert "BULLETIN DE VOTE" in text.upper()
    assert "Petits projets – 10 000 €" in text and "Grands projets – 40 000 €" in text
    assert "Choisissez de 1 à 2 projets." in text
    assert "Cochez la case de chaque projet choisi." in text
    for envelope in (small, large):
        envelope.page = page
        titles = [project.title for project in ballot_projects(envelope)]
        positions = [text.index(title) for title in titles]
        assert positions == sorted(positions)
    assert text.index("Un city-stade") > text.index("Grands projets – 40 000 €")
    assert "Un bulletin par personne et par enveloppe" in text
