"""Results as residents and the PDF see them: an SVG that survives French number formatting."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from wagtail_participation.results.charts import bar_chart
from wagtail_participation.results.tally import build_tally

CHANNELS = (("online", "En ligne"), ("paper", "Papier"))


def tally():
    return build_tally(
        [("bancs", "Des bancs"), ("arbres", "Des arbres"), ("jeux", "Des jeux")],
        {("bancs", "online"): 7, ("arbres", "online"): 3, ("arbres", "paper"): 2},
        CHANNELS,
        participants=9,
    )


def test_shares_and_totals_add_up():
    result = tally()
    assert [(row.key, row.total) for row in result.rows] == [
        ("bancs", 7),
        ("arbres", 5),
        ("jeux", 0),
    ]
    assert round(sum(row.percent for row in result.rows), 6) == 100
    assert result.channel_totals == (10, 2) and result.total == 12
    assert result.is_split_by_channel
    assert [row.key for row in result.leaders()] == ["bancs"]


def test_nobody_voted_yet():
    empty = build_tally([("pour", "Pour"), ("contre", "Contre")], {}, CHANNELS, 0)
    assert [row.percent for row in empty.rows] == [0.0, 0.0]
    assert empty.leaders() == []
    assert [bar.width for bar in bar_chart(empty)["bars"]] == ["0", "0"]


def test_the_longest_bar_is_the_leader():
    bars = bar_chart(tally())["bars"]
    widths = [float(bar.width) for bar in bars]
    assert widths[0] == max(widths) and widths[2] == 0


def test_svg_coordinates_are_not_localised_in_french():
    result = tally()
    with translation.override("fr"):
        html = render_to_string(
            "wagtail_participation/results/tally.html",
            {"tally": result, "chart": bar_chart(result), "heading_id": "r"},
        )
    for attribute in ("x", "y", "width", "height"):
        for value in re.findall(rf' {attribute}="([^"]*)"', html):
            assert re.fullmatch(r"-?\d+(\.\d+)?(%)?", value), (attribute, value)
    assert "58,3" in html  # the shares, though, read as French numbers
    assert "Des bancs" in html and "<table" in html


def test_long_wording_wraps_over_lines_instead_of_leaving_the_chart():
    long = "Relier la gare au centre-bourg par une piste cyclable sécurisée"
    result = build_tally(
        [("gare", long), ("bancs", "Des bancs")], {("gare", "online"): 3}, CHANNELS, 3
    )

    first, second = bar_chart(result)["bars"]

    assert [line.text for line in first.label_lines] == [
        "Relier la gare au centre-bourg par",
        "une piste cyclable sécurisée",
    ]
    assert all(len(line.text) <= 34 for line in first.label_lines)
    # Each bar sits below its own label lines, and the next label below the bar.
    assert float(first.label_lines[1].y) < float(first.y)
    assert float(first.y) < float(second.label_lines[0].y)
