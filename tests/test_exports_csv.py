"""CSV exports open in columns in the editor's spreadsheet, numbers as numbers, no formula run.

A French Excel splits a CSV on ";" and reads "12,5" as a number: a comma-separated file with
"12.5" opens in one column, its numbers as text. The file is written in the conventions of the
active language, and a cell that any reader would split into a formula is neutralised.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from wagtail_participation.exports.writers import (
    CSV,
    XLSX,
    CsvConventions,
    csv_response,
    spreadsheet_response,
)

HEADINGS = ["Option", "Total", "Share (%)", "Date", "Note"]
ROWS = [
    ["Pour", 12, 12.5, datetime.datetime(2026, 3, 1, 14, 5, 7, 123456), ";=1+1"],
    ['"a;b"', -3, Decimal("0.10"), datetime.date(2026, 3, 2), '=HYPERLINK("x";"y")'],
    [gettext_lazy("Paper"), True, 1e-05, None, "bureau,-2+3"],
]


def body(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return text[1:]


def export(language, rows=ROWS):
    with translation.override(language):
        return csv_response("export", HEADINGS, rows)


def test_in_french_cells_are_separated_by_semicolons_with_decimal_commas():
    text = body(export("fr"))

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))

    assert rows == [
        HEADINGS,
        ["Pour", "12", "12,5", "2026-03-01 14:05:07", ";'=1+1"],
        ['"a;b"', "-3", "0,10", "2026-03-02", '\'=HYPERLINK("x";"y")'],
        ["Papier", "1", "0,00001", "", "bureau,'-2+3"],
    ]


def test_in_english_cells_are_separated_by_commas_with_decimal_points():
    text = body(export("en"))

    rows = list(csv.reader(io.StringIO(text)))

    assert rows[1] == ["Pour", "12", "12.5", "2026-03-01 14:05:07", ";'=1+1"]
    assert rows[2][2] == "0.10"
    assert rows[3][:3] == ["Paper", "1", "0.00001"]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_cell_becomes_a_formula_whatever_separator_the_spreadsheet_splits_on(
    language, separator
):
    """A spreadsheet splitting on another separator than the file's ignores the quoting: no
    piece of any line it may read as a cell starts like a formula (numbers aside)."""
    text = body(export(language))

    for line in text.splitlines():
        for cell in line.split(separator):
            cell = cell.strip('"')
            if cell.startswith(("=", "+", "@", "-")):
                assert cell.lstrip("-").replace(",", "").replace(".", "").isdigit(), line


def test_a_datetime_is_written_as_a_plain_local_date_and_time():
    aware = datetime.datetime(2026, 3, 1, 13, 5, tzinfo=datetime.UTC)
    with translation.override("fr"):
        text = body(csv_response("export", ["Date"], [[aware]]))
    # Europe/Paris is UTC+1 in March: what the editors read on their clock.
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ["2026-03-01 14:05:00"]


def test_the_conventions_follow_the_language_decimal_separator():
    assert CsvConventions.for_language("fr") == (";", ",")
    assert CsvConventions.for_language("de") == (";", ",")
    assert CsvConventions.for_language("en") == (",", ".")


def test_rows_are_read_one_at_a_time_in_the_language_of_the_view():
    seen = []

    def rows():
        for number in range(3):
            seen.append(translation.get_language())
            yield [number, gettext_lazy("Paper")]

    with translation.override("fr"):
        response = csv_response("export", ["N", "Canal"], rows())
    assert seen == []  # nothing read before the response streams
    with translation.override("en"):
        text = body(response)
    assert seen == ["fr", "fr", "fr"]
    assert text.splitlines()[1:] == ["0;Papier", "1;Papier", "2;Papier"]


def test_spreadsheet_response_keeps_its_formats():
    with translation.override("fr"):
        as_csv = spreadsheet_response(CSV, "export", ["A"], [[1.5]])
        as_xlsx = spreadsheet_response(XLSX, "export", ["A"], [[1.5]], sheet_title="Résultats")
    assert body(as_csv).splitlines() == ["A", "1,5"]
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    with pytest.raises(ValueError):
        spreadsheet_response("pdf", "export", ["A"], [])
