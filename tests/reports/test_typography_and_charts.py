"""French typography for print, and the geometry of the participation-over-time chart: plain
Python, tested alone."""

from datetime import date

from django.utils import translation

from wagtail_participation.reports import formats
from wagtail_participation.reports.typography import NARROW_NBSP, NBSP, french_html, french_text
from wagtail_participation.results.charts import column_chart, nice_ceiling


def test_no_break_spaces_before_two_part_punctuation_and_inside_guillemets():
    assert french_text("Question : pour ou contre ? Oui ! Non ; « bien »") == (
        f"Question{NBSP}: pour ou contre{NARROW_NBSP}? Oui{NARROW_NBSP}! "
        f"Non{NARROW_NBSP}; «{NARROW_NBSP}bien{NARROW_NBSP}»"
    )


def test_no_space_is_added_where_none_was_typed():
    for text in ("10:30", "https://example.org/?q=1", "Vraiment?!", "a;b"):
        assert french_text(text) == text


def test_only_the_text_of_html_is_touched():
    html = (
        '<p style="color : red">Pour ?</p><!-- note : ok ? -->'
        '<style>a { b : c; }</style><a href="/x?y=1 ;">Lien !</a>'
    )
    assert french_html(html) == (
        f'<p style="color : red">Pour{NARROW_NBSP}?</p><!-- note : ok ? -->'
        f'<style>a {{ b : c; }}</style><a href="/x?y=1 ;">Lien{NARROW_NBSP}!</a>'
    )


def test_french_dates_times_and_numbers_in_print():
    with translation.override("fr"):
        assert formats.long_date(date(2026, 12, 1)) == f"1er{NBSP}décembre 2026"
        assert formats.long_date(date(2026, 3, 14)) == f"14{NBSP}mars 2026"
        assert formats.short_date(date(2026, 11, 3)) == f"3{NBSP}nov."
        assert formats.number(1234567).replace("\u202f", " ").replace(NBSP, " ") == "1 234 567"
        assert formats.percent(56.74) == f"56,7{NARROW_NBSP}%"
    with translation.override("en"):
        assert formats.number(1234) == "1,234"
        assert formats.percent(56.74) == "56.7%"


def test_the_scale_of_a_column_chart_has_round_quarters():
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 9, 30, 450, 1001)] == [
        1,
        1,
        4,
        8,
        10,
        40,
        500,
        2000,
    ]


def test_columns_are_as_high_as_their_values():
    chart = column_chart([("1 nov.", 2), ("2 nov.", 8), ("3 nov.", 0), ("4 nov.", 4)])
    heights = [float(column.height) for column in chart.columns]
    assert heights[1] == max(heights) and heights[2] == 0
    assert heights[0] * 4 == heights[1] == heights[3] * 2
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8]
    assert chart.total == 14 and chart.peak().label == "2 nov."


def test_dates_under_many_columns_do_not_overlap():
    chart = column_chart([(f"{day} déc.", day) for day in range(1, 32)])
    labelled = [column for column in chart.columns if column.label_x is not None]
    assert 5 <= len(labelled) <= 10
    assert column_chart([]).peak() is None
