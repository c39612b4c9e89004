"""Exports downloaded from the French admin open in columns in a French spreadsheet."""

import csv
import io

import pytest

from tests.votes.test_admin import cast, enter_paper
from tests.votes.test_exports import HOSTILE, ballots_export, results_export

pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def french_editor(admin_user, client, wagtail_root):
    # The admin's dashboard links to the page tree: its root is recreated if a transactional
    # test flushed it before this one, on the same worker.
    """A logged-in superuser who reads the admin in French (the site's language)."""
    client.force_login(admin_user)
    return admin_user


def read_french_csv(response):
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.mark.django_db
def test_french_results_export_has_semicolons_and_decimal_commas(
    client, french_editor, make_vote, article_with
):
    vote = make_vote(kind="single", options=[";=1+1", "Stade", "Parc"])
    article = article_with(vote)
    cast(vote, article, "stade")
    cast(vote, article, "stade")
    enter_paper(client, vote, **{"stade": 3, "parc": 1, vote.options.get(label=";=1+1").key: 2})

    rows = read_french_csv(results_export(client, vote, "csv"))

    assert rows == [
        ["Option", "En ligne", "Papier", "Total", "Part (%)"],
        [";'=1+1", "0", "2", "2", "25,0"],
        ["Stade", "2", "3", "5", "62,5"],
        ["Parc", "0", "1", "1", "12,5"],
        ["Total", "2", "6", "8", "100"],
    ]


@pytest.mark.django_db
def test_french_ballots_export_neutralises_cells_whatever_the_separator(
    client, french_editor, make_vote, article_with
):
    vote = make_vote(kind="single", options=[HOSTILE, "Stade"], title="Budget;+1")
    enter_paper(client, vote, note="bureau;@SUM(A1)", stade=4)

    header, paper = read_french_csv(ballots_export(client, "csv", target=vote.pk))

    assert len(header) == len(paper) == 8
    assert paper[1] == "Budget;'+1"
    assert paper[4] == "Stade"
    assert paper[5] == "4"
    assert paper[7] == "bureau;'@SUM(A1)"
