"""Majority judgment (jugement majoritaire, Balinski and Laraki): each option is graded by every
respondent on one named scale ("Excellent" … "À rejeter"); an option's result is its majority
grade, and options are ranked by their majority values.

Plain Python on purpose (no Django import): tested alone against the definition.

Grades are given by their index on the scale, **best first** (0 is the best grade), and an
option's figures as the number of grades it received at each index: ``counts[0]`` is how many
respondents gave it the best grade.

- The **majority grade** is the median grade; with an even number of grades, the lower of the
  two middle ones (Balinski and Laraki's "lower middlemost"), so that a majority of respondents
  gave the option at least that grade.
- Options with the same majority grade are separated by the usual tie-break, the **majority
  value**: the sequence of majority grades obtained by removing one majority grade at a time,
  compared lexicographically. Counted here from the grades' counts, without expanding them.
- The **majority gauge** (``better``, ``worse``) is how many respondents graded the option above
  and below its majority grade: "Bien +" when more graded it better than worse. Among options
  with the same majority grade, a "+" comes before a "−"; two "+" are ordered by ``better``,
  two "−" by ``worse``; the majority value settles what the gauge leaves equal.
"""

from dataclasses import dataclass
from functools import cmp_to_key


@dataclass(frozen=True)
class MeritProfile:
    """One option's grades: ``counts[i]`` respondents gave it grade ``i`` (0 is the best)."""

    key: str
    counts: tuple

    @property
    def total(self):
        return sum(self.counts)

    @property
    def majority_grade(self):
        """Index of the majority grade (0 is the best), or None if nobody graded the option."""
        total = self.total
        if not total:
            return None
        # The lower middlemost grade: sorted from the worst up, position (total - 1) // 2.
        position = (total - 1) // 2
        seen = 0
        for grade in range(len(self.counts) - 1, -1, -1):
            seen += self.counts[grade]
            if seen > position:
                return grade
        raise AssertionError("unreachable")

    @property
    def better(self):
        """How many respondents gave a grade better than the majority grade."""
        grade = self.majority_grade
        return 0 if grade is None else sum(self.counts[:grade])

    @property
    def worse(self):
        """How many respondents gave a grade worse than the majority grade."""
        grade = self.majority_grade
        return 0 if grade is None else sum(self.counts[grade + 1 :])

    @property
    def leans_up(self):
        """The majority gauge's sign: True for "+" (more graded it better than worse)."""
        return self.better > self.worse

    def shares(self):
        """Percentage of respondents per grade, best first."""
        total = self.total
        return tuple(100.0 * count / total if total else 0.0 for count in self.counts)


@dataclass(frozen=True)
class RankedOption:
    profile: MeritProfile
    # 1 for the winner; options tied on their whole majority value share a rank.
    rank: int


def compare(first, second):
    """Positive if ``first`` (a MeritProfile) ranks before ``second``, negative if after, 0 if
    they are tied on their whole majority value. Both must have the same number of grades."""
    if len(first.counts) != len(second.counts):
        raise ValueError("Both options must be graded on the same scale.")
    total = first.total
    if second.total != total:
        raise ValueError(
            "Both options must have the same number of grades (count a missing grade as the "
            "lowest one)."
        )
    if total == 0:
        return 0
    # Work on quality levels, worst first: level 0 is the worst grade. Each profile is then a
    # sorted list of ``total`` levels, given by its cumulative counts.
    first_levels = tuple(reversed(first.counts))
    second_levels = tuple(reversed(second.counts))
    position = _first_differing_position(first_levels, second_levels, total)
    if position is None:
        return 0
    return _level_at(first_levels, position) - _level_at(second_levels, position)


def rank(profiles):
    """The profiles ranked best first, as :class:`RankedOption` (ties share a rank; options
    nobody graded come last, tied). Options with equal majority values keep their given order."""
    ordered = sorted(profiles, key=cmp_to_key(lambda a, b: -compare(a, b)))
    ranked = []
    for index, profile in enumerate(ordered):
        if index and compare(ordered[index - 1], profile) == 0:
            position = ranked[-1].rank
        else:
            position = index + 1
        ranked.append(RankedOption(profile=profile, rank=position))
    return ranked


def majority_value(counts):
    """The majority value of a profile, spelt out (grade indexes, best first = 0): the
    sequence of majority grades as each is removed in turn. For tests and explanations; ranking
    never expands it."""
    remaining = list(counts)
    sequence = []
    while sum(remaining):
        grade = MeritProfile(key="", counts=tuple(remaining)).majority_grade
        sequence.append(grade)
        remaining[grade] -= 1
    return sequence


def _level_at(levels, position):
    """The level (worst first) at ``position`` of the sorted list ``levels`` counts."""
    seen = 0
    for level, count in enumerate(levels):
        seen += count
        if seen > position:
            return level
    raise IndexError(position)


def _visit_order(position, total):
    """When the majority value reads sorted ``position``: it starts at the lower middle and
    goes outwards, alternating sides (down first for an odd total, up first for an even one)."""
    if total % 2:
        centre = total // 2
        distance = position - centre
        if distance == 0:
            return 0
        return 2 * -distance - 1 if distance < 0 else 2 * distance
    centre = total // 2 - 1  # the lower middle, read first
    distance = position - centre
    return 2 * -distance if distance <= 0 else 2 * distance - 1


def _first_differing_position(first_levels, second_levels, total):
    """The sorted position the majority value reads first among those where the two sorted
    lists of levels differ, or None if they are identical.

    The majority value of a list of ``total`` grades reads its sorted positions in an order that
    depends on ``total`` alone, so two profiles with the same total compare as their sorted
    lists do at the first position, in that order, where they differ. The lists are step
    functions of the position, so the positions where they differ are a few intervals; in
    each, the position read first is the one nearest the centre."""
    boundaries = sorted(set(_cumulative(first_levels)) | set(_cumulative(second_levels)))
    best = None
    start = 0
    for end in boundaries:
        if end > start and _level_at(first_levels, start) != _level_at(second_levels, start):
            candidates = [start, end - 1]
            for centre in (total // 2 - 1, total // 2, (total - 1) // 2):
                if start <= centre < end:
                    candidates.append(centre)
            for position in candidates:
                order = _visit_order(position, total)
                if best is None or order < best[0]:
                    best = (order, position)
        start = end
    return None if best is None else best[1]


def _cumulative(levels):
    running = 0
    for count in levels:
        running += count
        yield running
