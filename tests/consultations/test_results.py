"""Results: the public results page and its exports under the one visibility rule, and the
records the PDF report's consultation section is made of."""

import pytest
from django.test import Client

from tests.consultations.conftest import support, text
from wagtail_participation.consultations.report import consultation_report


@pytest.fixture
def answered(make_consultation, make_proposal):
    def make(**fields):
        page = make_consultation(phase="analysis", support_threshold=2, **fields)
        theme = page.themes.first()
        first = make_proposal(
            page,
            title="Piste cyclable",
            theme=theme,
            answer="accepted",
            answer_text="Travaux en 2027.",
        )
        second = make_proposal(page, title="Zone 30", theme=theme)
        make_proposal(page, title="Brouillon", status="pending")
        for key in ("anon:a", "anon:b", "anon:c"):
            support(first, key)
        support(second, "anon:a")
        return page

    return make


@pytest.mark.django_db
def test_the_results_page_ranks_and_counts(answered):
    page = answered(results_visibility="after_closing")
    response = Client().get(page.url + "results/")
    html = text(response)
    assert response.status_code == 200
    assert html.index("Piste cyclable") < html.index("Zone 30")
    assert "Brouillon" not in html
    assert "2 idées publiées" in html and "4 soutiens" in html
    assert "1 idée a atteint 2 soutiens" in html
    assert "Retenue" in html


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_public_export(answered, export_format):
    page = answered(results_visibility="after_closing")
    response = Client().get(f"{page.url}results/{export_format}/")
    assert response.status_code == 200
    if export_format == "csv":
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = content.splitlines()
        assert lines[0].startswith("Rang;ID;Titre")
        assert lines[1].startswith("1;") and "Piste cyclable" in lines[1]
        assert "Retenue" in lines[1] and "Travaux en 2027." in lines[1]
        assert "Brouillon" not in content
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_hidden_results_are_hidden_everywhere(make_consultation, make_proposal):
    page = make_consultation(phase="support", results_visibility="after_closing")
    support(make_proposal(page, title="Piste cyclable"), "anon:a")
    html = text(Client().get(page.url + "results/"))
    assert "Piste cyclable" not in html and "une fois la participation close" in html
    assert Client().get(page.url + "results/csv/").status_code == 404
    assert Client().get(page.url + "results/pdf/").status_code == 404


@pytest.mark.django_db
def test_after_participation_the_results_show_to_those_who_took_part(
    make_consultation, make_proposal, no_rate_limits
):
    page = make_consultation(phase="support", results_visibility="after_participation")
    proposal = make_proposal(page, title="Piste cyclable")
    client = Client()
    assert "Piste cyclable" not in text(client.get(page.url + "results/"))
    client.get(f"{page.url}{proposal.pk}/")
    assert client.post(f"{page.url}{proposal.pk}/support/").status_code == 303
    assert "Piste cyclable" in text(client.get(page.url + "results/"))
    assert "1 soutien" in text(client.get(page.url))


@pytest.mark.django_db
def test_the_report_hook_gives_named_records(answered):
    page = answered()
    report = consultation_report(page)
    assert report.question == page.question
    assert [phase.key for phase in report.phases] == ["ideas", "support", "analysis", "answers"]
    assert [(p.rank, p.title, p.supports, p.threshold_reached) for p in report.proposals] == [
        (1, "Piste cyclable", 3, True),
        (2, "Zone 30", 1, False),
    ]
    first = report.proposals[0]
    assert (first.answer, str(first.answer_label), first.answer_text) == (
        "accepted",
        "Retenue",
        "Travaux en 2027.",
    )
    assert report.summary.published == 2 and report.summary.supports == 4
    assert {row.answer: row.count for row in report.summary.answers}["accepted"] == 1
