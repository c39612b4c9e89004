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
