"""Turn counts into result rows. Plain Python: no Django, so it is tested and benchmarked alone."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResultRow:
    key: str
    label: str
    # One count per channel of the tally, in the tally's order.
    counts: tuple
    # Share of all counts, in percent: what the bars show.
    percent: float

    @property
    def total(self):
        return sum(self.counts)


@dataclass(frozen=True)
class Tally:
    rows: tuple
    # (value, label) of each channel the counts came through, in display order.
    channels: tuple
    # How many people took part (a multiple choice counts each of them once).
    participants: int

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def channel_totals(self):
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(len(self.channels)))

    @property
    def is_split_by_channel(self):
        """Are counts from more than one channel? Then each channel gets its column."""
        return sum(1 for total in self.channel_totals if total) > 1

    def leaders(self):
        """The row(s) with the highest total, ties included; none if nobody took part."""
        best = max((row.total for row in self.rows), default=0)
        return [row for row in self.rows if best and row.total == best]


def build_tally(options, counts, channels, participants, *, share_of_participants=False):
    """``options``: (key, label) in display order; ``counts``: {(key, channel): n};
    ``channels``: (value, label) of the channels, in display order.

    ``share_of_participants``: percentages of the participants rather than of all counts (a
    multiple-choice survey question: "62 % of respondents chose it", the total over 100 %)."""
    channel_values = [value for value, _label in channels]
    figures = [
        (key, label, tuple(int(counts.get((key, channel), 0)) for channel in channel_values))
        for key, label in options
    ]
    grand_total = sum(sum(row_counts) for _key, _label, row_counts in figures)
    if share_of_participants:
        grand_total = participants
    rows = tuple(
        ResultRow(
            key=key,
            label=label,
            counts=row_counts,
            percent=100.0 * sum(row_counts) / grand_total if grand_total else 0.0,
        )
        for key, label, row_counts in figures
    )
    return Tally(rows=rows, channels=tuple(channels), participants=int(participants))
