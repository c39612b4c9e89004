"""Turn counts into result rows. Plain Python: no Django, so it is tested and benchmarked alone."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResultRow:
    key: str
    label: str
    online: int
    paper: int
    # Share of all chosen options, in percent: what the bars show.
    percent: float

    @property
    def total(self):
        return self.online + self.paper


@dataclass(frozen=True)
class Tally:
    rows: tuple
    online_participants: int

    @property
    def total_choices(self):
        return sum(row.total for row in self.rows)

    @property
    def online_total(self):
        return sum(row.online for row in self.rows)

    @property
    def paper_total(self):
        return sum(row.paper for row in self.rows)

    @property
    def has_paper(self):
        return any(row.paper for row in self.rows)

    def leaders(self):
        """The row(s) with the highest total, ties included; none if nobody voted."""
        best = max((row.total for row in self.rows), default=0)
        return [row for row in self.rows if best and row.total == best]


def build_tally(options, counts, online_participants):
    """``options``: (key, label) in display order; ``counts``: {(key, channel): n}."""
    figures = [
        (key, label, int(counts.get((key, "online"), 0)), int(counts.get((key, "paper"), 0)))
        for key, label in options
    ]
    grand_total = sum(online + paper for _key, _label, online, paper in figures)
    rows = tuple(
        ResultRow(
            key=key,
            label=label,
            online=online,
            paper=paper,
            percent=100.0 * (online + paper) / grand_total if grand_total else 0.0,
        )
        for key, label, online, paper in figures
    )
    return Tally(rows=rows, online_participants=int(online_participants))
