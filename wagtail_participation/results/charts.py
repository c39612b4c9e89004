"""Server-rendered charts (bars, and 100 % stacked bars): they work without JavaScript and
inside PDF reports. Plain Python geometry; the templates under `results/` draw them."""

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
LINE_HEIGHT = 20
# Characters of a label line: long wording wraps over several lines rather than being cut by
# the edge of the chart (16 px text averages under 9 px a character).
LABEL_CHARACTERS = 34


def wrap_label(text, width=LABEL_CHARACTERS):
    """``text`` in lines of at most ``width`` characters, broken between words (a word longer
    than a line is cut)."""
    lines, line = [], ""
    for word in str(text).split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: str


def _label_lines(label, top):
    """The lines of a label whose block starts at ``top``, and the y below the last one."""
    lines = []
    y = top
    for text in wrap_label(label):
        y += LINE_HEIGHT if lines else FONT_SIZE
        lines.append(LabelLine(text=text, y=_coordinate(y)))
    return tuple(lines), y


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float
    # SVG coordinates, already formatted: a template would localise a float as "12,5",
    # which SVG reads as two numbers.
    label_lines: tuple
    y: str
    width: str
    value_x: str
    value_y: str
    # Set apart (another colour): a funded project, say. The label must say it too.
    highlighted: bool = False


def _coordinate(number):
    return f"{number:.1f}".rstrip("0").rstrip(".")


def bar_chart(tally, highlighted=()):
    """Geometry of a horizontal bar chart for a :class:`~.tally.Tally`; labels sit above
    their bars so long wording is never cut. ``highlighted``: keys of the rows whose bars
    are set apart (their labels must say why: colour alone tells nothing to many)."""
    bars = []
    y = 0
    usable = CHART_WIDTH - VALUE_SPACE
    best = max((row.total for row in tally.rows), default=0)
    for row in tally.rows:
        width = usable * row.total / best if best else 0
        if row.total:
            width = max(width, 2)
        label_lines, label_bottom = _label_lines(row.label, y)
        bar_y = label_bottom + 6
        bars.append(
            Bar(
                label=row.label,
                value=row.total,
                percent=row.percent,
                label_lines=label_lines,
                y=_coordinate(bar_y),
                width=_coordinate(width),
                value_x=_coordinate(width + 6),
                value_y=_coordinate(bar_y + BAR_HEIGHT / 2 + FONT_SIZE / 3),
                highlighted=row.key in highlighted,
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


# --- stacked bars: a majority judgment's merit profiles, the rows of a table question -------

STACK_WIDTH = 320
STACK_HEIGHT = 24
# Colour-blind-safe diverging colours (ColorBrewer RdYlBu), from the best answer (dark blue)
# to the worst (dark red); a scale of n answers takes n of them, evenly spread.
DIVERGING = (
    "#313695",
    "#4575b4",
    "#74add1",
    "#abd9e9",
    "#e0f3f8",
    "#fee090",
    "#fdae61",
    "#f46d43",
    "#d73027",
    "#a50026",
)


def palette(count):
    """``count`` colours from the best to the worst answer."""
    if count <= 1:
        return DIVERGING[:1]
    last = len(DIVERGING) - 1
    return tuple(DIVERGING[round(index * last / (count - 1))] for index in range(count))


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    percent: float
    colour: str
    x: str
    width: str


@dataclass(frozen=True)
class StackedBar:
    label: str
    label_lines: tuple
    y: str
    segments: tuple


def stacked_chart(rows, segment_labels):
    """Geometry of horizontal 100 % bars: ``rows`` are (label, counts) with one count per
    segment, in the order of ``segment_labels`` (best first); a line marks the middle, where a
    majority grade is read."""
    colours = palette(len(segment_labels))
    bars = []
    y = 0
    for label, counts in rows:
        total = sum(counts)
        label_lines, label_bottom = _label_lines(label, y)
        bar_y = label_bottom + 6
        x = 0.0
        segments = []
        for segment_label, count, colour in zip(segment_labels, counts, colours, strict=True):
            width = STACK_WIDTH * count / total if total else 0
            segments.append(
                Segment(
                    label=segment_label,
                    value=count,
                    percent=100.0 * count / total if total else 0.0,
                    colour=colour,
                    x=_coordinate(x),
                    width=_coordinate(width),
                )
            )
            x += width
        bars.append(
            StackedBar(
                label=label,
                label_lines=label_lines,
                y=_coordinate(bar_y),
                segments=tuple(segments),
            )
        )
        y = bar_y + STACK_HEIGHT + GAP
    return {
        "bars": bars,
        "legend": tuple(zip(segment_labels, colours, strict=True)),
        "width": STACK_WIDTH,
        "height": max(y, 1),
        "bar_height": STACK_HEIGHT,
        "font_size": FONT_SIZE,
        # Where a majority grade is read: the middle of each bar.
        "middle_x": _coordinate(STACK_WIDTH / 2),
    }


# --- columns over time (participation per day) ---------------------------------------------

COLUMNS_WIDTH = 640
COLUMNS_PLOT_HEIGHT = 180
# Room above the plot for the top figure of the scale.
COLUMNS_TOP = 8
# Left margin for the scale's figures, bottom margin for the dates under the columns.
COLUMNS_LEFT = 44
COLUMNS_BOTTOM = 24
COLUMNS_FONT_SIZE = 12
# Dates are written under at most this many columns, evenly spaced, so they never overlap.
COLUMNS_MAX_LABELS = 10
# A column is at most this wide, so that a participation of a few days is not drawn as slabs.
COLUMNS_MAX_SLOT = 48


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    x: str
    y: str
    width: str
    height: str
    # Where the column's date is written, or None when it is left out for room.
    label_x: str | None


@dataclass(frozen=True)
class Tick:
    value: int
    y: str
    text_y: str


@dataclass(frozen=True)
class ColumnChart:
    columns: tuple
    ticks: tuple
    width: int
    height: int
    left: int
    plot_bottom: str
    label_y: str
    font_size: int

    @property
    def total(self):
        return sum(column.value for column in self.columns)

    def peak(self):
        """The column with the highest value (the first of equals), or None if all are 0."""
        best = max(self.columns, key=lambda column: column.value, default=None)
        return best if best is not None and best.value else None


def nice_ceiling(value):
    """The smallest of 1, 2, 4, 5, 8 × 10ⁿ at least ``value``: the top of a scale whose
    quarters are round numbers."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    return next(step * magnitude for step in (1, 2, 4, 5, 8, 10) if step * magnitude >= value)


def column_chart(points):
    """Geometry of a column chart of ``points``, (label, value) pairs in order (one per
    day, say); the labels are already written for the reader ("3 nov.")."""
    points = list(points)
    plot_width = COLUMNS_WIDTH - COLUMNS_LEFT
    slot = min(plot_width / max(len(points), 1), COLUMNS_MAX_SLOT)
    gap = min(slot * 0.2, 6)
    top = nice_ceiling(max((value for _label, value in points), default=0))
    every = max(1, -(-len(points) // COLUMNS_MAX_LABELS))  # ceiling division
    columns = []
    for index, (label, value) in enumerate(points):
        height = COLUMNS_PLOT_HEIGHT * value / top
        if value:
            height = max(height, 1)
        x = COLUMNS_LEFT + index * slot + gap / 2
        shown = index % every == 0
        columns.append(
            Column(
                label=label,
                value=int(value),
                x=_coordinate(x),
                y=_coordinate(COLUMNS_TOP + COLUMNS_PLOT_HEIGHT - height),
                width=_coordinate(max(slot - gap, 1)),
                height=_coordinate(height),
                label_x=_coordinate(x + (slot - gap) / 2) if shown else None,
            )
        )
    ticks = []
    for step in range(5):
        value = top * step / 4
        if value != int(value):
            continue  # a scale of people has no quarter people
        y = COLUMNS_TOP + COLUMNS_PLOT_HEIGHT - COLUMNS_PLOT_HEIGHT * step / 4
        ticks.append(Tick(value=int(value), y=_coordinate(y), text_y=_coordinate(y + 4)))
    return ColumnChart(
        columns=tuple(columns),
        ticks=tuple(ticks),
        width=COLUMNS_WIDTH,
        height=COLUMNS_TOP + COLUMNS_PLOT_HEIGHT + COLUMNS_BOTTOM,
        left=COLUMNS_LEFT,
        plot_bottom=_coordinate(COLUMNS_TOP + COLUMNS_PLOT_HEIGHT),
        label_y=_coordinate(COLUMNS_TOP + COLUMNS_PLOT_HEIGHT + COLUMNS_FONT_SIZE + 6),
        font_size=COLUMNS_FONT_SIZE,
    )
