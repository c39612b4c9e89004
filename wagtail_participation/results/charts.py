"""Server-rendered bar charts: they work without JavaScript and inside PDF reports."""

from dataclasses import dataclass

# Drawn at 1:1 up to 20rem wide (the .wp-chart rule): the labels are then 16 px, and still
# 14 px or more when a 360 px phone screen shrinks the chart to fit.
CHART_WIDTH = 320
BAR_HEIGHT = 22
LABEL_HEIGHT = 20
GAP = 12
# Room right of the longest bar for "1 234 (56.7 %)".
VALUE_SPACE = 130
FONT_SIZE = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float
    # SVG coordinates, already formatted: a template would localise a float as "12,5",
    # which SVG reads as two numbers.
    label_y: str
    y: str
    width: str
    value_x: str
    value_y: str


def _coordinate(number):
    return f"{number:.1f}".rstrip("0").rstrip(".")


def bar_chart(tally):
    """Geometry of a horizontal bar chart for a :class:`~.tally.Tally`; labels sit above
    their bars so long wording is never cut."""
    bars = []
    y = 0
    usable = CHART_WIDTH - VALUE_SPACE
    best = max((row.total for row in tally.rows), default=0)
    for row in tally.rows:
        width = usable * row.total / best if best else 0
        if row.total:
            width = max(width, 2)
        label_y = y + FONT_SIZE
        bar_y = label_y + 6
        bars.append(
            Bar(
                label=row.label,
                value=row.total,
                percent=row.percent,
                label_y=_coordinate(label_y),
                y=_coordinate(bar_y),
                width=_coordinate(width),
                value_x=_coordinate(width + 6),
                value_y=_coordinate(bar_y + BAR_HEIGHT / 2 + FONT_SIZE / 3),
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(y, 1),
        "bar_height": BAR_HEIGHT,
        "font_size": FONT_SIZE,
    }
