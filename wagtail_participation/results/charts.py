"""Server-rendered bar charts: they work without JavaScript and inside PDF reports."""

from dataclasses import dataclass

BAR_HEIGHT = 28
GAP = 14
LABEL_WIDTH = 0  # labels sit above the bars, so long wording never gets cut
CHART_WIDTH = 600
VALUE_SPACE = 110


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float
    y: int
    label_y: int
    width: float
    value_x: float


def bar_chart(tally):
    """Geometry of a horizontal bar chart for a :class:`~.tally.Tally`."""
    bars = []
    y = 0
    usable = CHART_WIDTH - VALUE_SPACE
    best = max((row.total for row in tally.rows), default=0)
    for row in tally.rows:
        width = usable * row.total / best if best else 0
        label_y = y + 16
        bar_y = label_y + 6
        bars.append(
            Bar(
                label=row.label,
                value=row.total,
                percent=row.percent,
                y=bar_y,
                label_y=label_y,
                width=round(max(width, 2 if row.total else 0), 1),
                value_x=round(width + 8, 1),
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return {"bars": bars, "width": CHART_WIDTH, "height": max(y, 1), "bar_height": BAR_HEIGHT}
