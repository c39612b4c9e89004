"""The Method of Equal Shares computed fast on big budgets: what ``equal_shares.raise_share``
returns, without recounting for every one-unit raise of the share.

``equal_shares.py`` states the rule; this module finds the same count kept, with the same
records (the property tests hold it to the reference engine on random elections, and the
real-budget tests run both). ``rules.choose_engine`` uses it above a size threshold. Five
things make it fast:

* Each count also computes how far the share per voter can be raised before anything in it can
  change. All amounts are affine in the share while the count keeps the same shape, and a
  project's payment level is convex in its supporters' money, hence in the share while that
  money is affine, so its current affine form bounds it from below (as does any bound linear
  in the money, see the fourth point); the count is then valid up to the first raise where a
  bound meets the winner, a winner's poorer supporters become able to pay the level, or an
  unaffordable project becomes affordable. (A higher share never leaves a supporter less money
  nor a project a higher level, so those paying the level keep paying it.) Raising jumps
  straight there, which gives the same outcome as stepping one unit at a time.
* Most of those limits are *crossings*, a poorer supporter becoming able to pay a level, which
  change amounts a little and rarely what is bought: the purchases are kept past them, without
  a recount, for as long as a bound on how far money has moved since (in total over voters)
  cannot change a decision (see ``_IncrementalCount._holds_until``). In small units, where
  crossings fall on different raises, this keeps the number of counts close to that in large
  units.
* Between raises, a count is resumed from its first step the raise can change, in floating
  point, with money kept per ballot group and a project's level found by sorting its
  supporters' money; any decision within rounding reach of the other choice is redone in
  fractions (``_Engine.exact_count``, which handles voters in *money classes*: all voters
  holding the same amount share one class, so pricing a project sorts a handful of classes).
* A resumed step mostly buys what the previous count bought there, so it prices that project
  first, and rules competitors out without sorting their supporters when it can: for any set S
  of a project's supporters, ``(cost - money of S) / (supporters outside S)`` is at most its
  level, and the supporters short of the level when it was last priced (at the same step of
  the previous count, or earlier in this one), plus those with nothing left, give a bound that
  is nearly tight whatever changed since. Only competitors it cannot rule out are priced, and
  those whose looser bound would end the step's validity first (see ``_sharpen``).
* The count that is kept is recomputed exactly by replaying its purchases (``_Engine.replay``),
  over integers.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_left
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from fractions import Fraction
from itertools import accumulate, compress
from operator import attrgetter, itemgetter, mul, not_
from typing import NamedTuple

from .equal_shares import (
    NEXT_RAISE_OVERSPENDS,
    Count,
    Iteration,
    Profile,
    Purchase,
    Shortfall,
    stop_reason,
)

# Floating-point amounts here are exact to about 1e-15 relative; decisions closer than this
# margin are redone in exact arithmetic, and raise limits are shrunk by it.
_TOLERANCE = 1e-9
_ABOVE = 1 + _TOLERANCE
_BELOW = 1 - _TOLERANCE
# How many of a step's competitors, the lowest when it was counted, _holds_until checks one
# by one; the others are checked together by a bound that nearly always clears them.
_NEAREST = 6
# The most raises _holds_until checks at once, far below where raises stop being exact as
# floats: past it, a count finds whether anything can still change at all.
_LONGEST_RANGE = 1 << 40


def raise_share(
    profile: Profile, budget: int, initial_share: Fraction | int, stop_when_exhaustive: bool
) -> Iteration:
    """What ``equal_shares.raise_share`` returns, computed faster on big budgets."""
    engine = _Engine(profile)
    with _garbage_collection_paused():
        return engine.iterate(Fraction(initial_share), budget, stop_when_exhaustive)


class _TooClose(Exception):
    """A floating-point decision was too close to call: count exactly instead."""


class _Validity(NamedTuple):
    """What a count at some raise buys (project positions, in order), and for how many raises
    from there it surely buys the same (None: for ever)."""

    bought: list[int]
    valid_for: int | None


class _LevelSupporters(NamedTuple):
    """The supporters a project's level is computed from: one group index per voter
    (``weights`` None) when its groups are mostly single voters, else the groups with their
    weights (many voters sharing ballots, as in small communes)."""

    groups: list[int]
    weights: tuple[int, ...] | None


class _SupporterBits(NamedTuple):
    """A project's single-voter supporting groups as a bit set, and its groups of several
    voters (a getter of their money, None if there are none) with their weights."""

    single: int
    heavy_of: Callable | None
    heavy_weights: tuple[int, ...]


class _ExactLine(NamedTuple):
    """A lower bound of a project's payment per unit of cost in the exact count: its value now
    and its slope in the raise."""

    value: Fraction
    slope: Fraction


class _ExactLevel(NamedTuple):
    """A project's payment level in the exact count, affine in the raise."""

    project: int
    ratio: Fraction  # level / cost
    level: Fraction | int
    slope: Fraction | int


class _Bound(NamedTuple):
    """A lower bound of a project's ratio (payment per unit of cost) in the float count.

    ``value`` at the current raise and ``slope`` in the raise; ``exact`` the exact ratio when
    no supporter is short of money, else None; ``sensitivity`` how much the bound can fall per
    unit of voters' money moved (see ``_IncrementalCount._holds_until``).
    """

    value: float
    slope: float
    exact: Fraction | None
    sensitivity: float


class _Level(NamedTuple):
    """A project's payment level now in the float count: the level, its ``ratio`` to the cost,
    their slopes in the raise, and as in ``_Bound``."""

    project: int
    ratio: float
    level: float
    level_slope: float
    exact: Fraction | None
    sensitivity: float

    def bound(self, cost: int) -> _Bound:
        return _Bound(self.ratio, self.level_slope / cost, self.exact, self.sensitivity)


class _Shortfall(NamedTuple):
    """A project its supporters cannot pay for together: its cost, their money and its slope."""

    cost: int
    money: float
    money_slope: float


class _Sorted(NamedTuple):
    """A project's supporters from poorest to richest (group indexes, one per voter or with
    ``weights``), and their amounts in that order."""

    order: list[int]
    amounts: tuple[float, ...]
    weights: tuple[int, ...] | None

    def total(self) -> float:
        return _weighted_sum(self.amounts, self.weights)


class _Pricing(NamedTuple):
    """The winner's supporters' amounts as sorted when it was priced, their weights (or None)
    and the position of the first one who could pay the level."""

    amounts: tuple[float, ...]
    weights: tuple[int, ...] | None
    first_payer: int


class _Winner(NamedTuple):
    """What ``_Record`` keeps of a step's purchase: the winner's level and its slope, its exact
    ratio (or None), its pricing, and its short supporters' slopes (None if none was short)."""

    project: int
    level: float
    level_slope: float
    exact: Fraction | None
    pricing: _Pricing
    short_slopes: tuple[float, ...] | None


class _Crossings(NamedTuple):
    """When each short supporter with money left crosses the winner's level (sorted), and
    running sums of their speeds and of speed times crossing."""

    times: list[float]
    speeds: list[float]
    weighted_times: list[float]


class _Others(NamedTuple):
    """The competitors beyond the nearest: their lowest value, lowest slope and highest
    sensitivity."""

    value: float
    slope: float
    fall: float


class _Lines(NamedTuple):
    """A step's competitors' bounds (in the order of ``_Record.remaining``), the largest value
    and steepest slope among them, the few lowest when counted, and the others at once."""

    bounds: list[_Bound]
    largest_value: float
    steepest: float
    nearest: list[_Bound]
    others: _Others | None


class _State(NamedTuple):
    """A saved state of the float count, before a step: the raise it was counted at, the money
    and slopes per group, the remaining projects and their bounds, how many purchases were
    made, the short supporters per project and the groups with nothing left."""

    raises: int
    money: list[float]
    slope: list[float]
    remaining: set[int]
    bound: dict[int, _Bound]
    bought: int
    poor: list
    broke: int


class _Step(NamedTuple):
    """One purchase of the float count (or the last step, buying nothing): the raise until
    which it stays valid, the state saved before it (or None), the short supporters of the
    projects it priced, and its ``_Record`` for ``_holds_until`` (or None)."""

    valid_until: float
    saved: _State | None
    priced: dict
    record: _Record | None


def _div(numerator, denominator):
    return Fraction(numerator, denominator) if numerator % denominator else numerator // denominator


def _earliest(gap, closing_speed, scale):
    """A raise no later than the one where ``gap`` closes at ``closing_speed`` (both floats).

    Shrinks the gap and speeds the closing by more than any rounding, so the true crossing is
    never skipped.
    """
    margin = (abs(gap) + abs(scale)) * _TOLERANCE
    return max(0.0, (gap - margin) / (closing_speed * _ABOVE + margin))


class _Engine:
    """Equal Shares on one election, recounted for different shares per voter.

    Everything that does not depend on the share (who supports what, tie order) is prepared
    once, with projects and ballot groups by position.
    """

    def __init__(self, profile: Profile):
        self.profile = profile
        self.ids = list(profile.costs)
        self.costs = list(profile.costs.values())
        self.tie_keys = [profile.tie_key(project_id) for project_id in self.ids]
        self.weights = list(profile.weights)
        self.supporters = [list(profile.supporters[project_id]) for project_id in self.ids]
        self.votes = [profile.votes[project_id] for project_id in self.ids]
        self.ballots = [[] for _ in self.weights]
        for project, groups in enumerate(self.supporters):
            for group in groups:
                self.ballots[group].append(project)
        self.level_supporters = []
        for p, groups in enumerate(self.supporters):
            if self.votes[p] <= 2 * len(groups):
                voters = [g for g in groups for _ in range(self.weights[g])]
                self.level_supporters.append(_LevelSupporters(voters, None))
            else:
                weights = tuple(self.weights[g] for g in groups)
                self.level_supporters.append(_LevelSupporters(groups, weights))
        self.level_getters = [_getter(supporters.groups) for supporters in self.level_supporters]
        # With the set of groups that have nothing left, also a bit set, how many of a
        # project's supporters have nothing left is an AND and a bit count (keeping a count per
        # project up to date cost an update for every project on the ballot of everyone who
        # ran out, at every step). Groups of several voters, fewer, are looked up one by one.
        self.supporter_bits = []
        for groups in self.supporters:
            heavy = [g for g in groups if self.weights[g] > 1]
            self.supporter_bits.append(
                _SupporterBits(
                    _bits((g for g in groups if self.weights[g] == 1), len(self.weights)),
                    _getter(heavy) if heavy else None,
                    tuple(self.weights[g] for g in heavy),
                )
            )

    def iterate(self, initial_share: Fraction, budget: int, stop_when_exhaustive: bool):
        """``equal_shares.raise_share``: raise the share from ``initial_share`` and keep one
        count, skipping the raises that cannot change it. The kept count's payments are
        recomputed exactly at its share, for the explanation."""
        incremental = _IncrementalCount(self, initial_share)
        raises, previous = 0, None
        while True:
            try:
                counted = incremental.count(raises)
            except _TooClose:
                counted = self.exact_count(initial_share + raises)
                incremental = _IncrementalCount(self, initial_share)
            spent = sum(self.costs[p] for p in counted.bought)
            if spent > budget:
                # The previous purchases hold for every raise up to this one (the first count
                # never overspends: voters cannot spend more than they hold).
                kept = raises - 1
                count = self.replay(initial_share + kept, previous)
                return Iteration(initial_share, kept, count, NEXT_RAISE_OVERSPENDS)
            bought_ids = [self.ids[p] for p in counted.bought]
            reason = stop_reason(self.profile, bought_ids, budget, stop_when_exhaustive)
            if reason is not None:
                count = self.replay(initial_share + raises, counted.bought)
                return Iteration(initial_share, raises, count, reason)
            previous = counted.bought
            # A count that nothing can change buys every project (any supporter short of a
            # level, or any project unaffordable, sets a limit): the stop above.
            raises += counted.valid_for or 1

    def exact_count(self, share) -> _Validity:
        """Count with ``share`` per voter in exact arithmetic, and find for how many raises
        from there the purchases stay the same."""
        costs, weights, tie_keys, votes = self.costs, self.weights, self.tie_keys, self.votes
        # Class 0 holds voters with nothing left; class 1 everyone at the start.
        class_money = [0, share]
        class_slope = [0, 1]
        group_class = [1] * len(weights)
        in_class = [{1: votes[p]} for p in range(len(costs))]
        alive = [True] * len(costs)
        remaining = set(range(len(costs)))
        # With everyone rich a project's payment per unit of cost is 1 / votes at any share.
        bound = {p: _ExactLine(Fraction(1, votes[p]), Fraction(0)) for p in remaining}
        limits = []
        bought = []
        while remaining:
            best = None
            for p in sorted(remaining, key=lambda p: bound[p].value):
                if best is not None and bound[p].value > best.ratio:
                    break
                counts = in_class[p]
                money = sum(class_money[c] * n for c, n in counts.items())
                if money < costs[p]:
                    remaining.discard(p)
                    alive[p] = False
                    money_slope = sum(class_slope[c] * n for c, n in counts.items())
                    if money_slope > 0:
                        limits.append(Fraction(costs[p] - money) / money_slope)
                    continue
                level = self._exact_level(p, counts, class_money, class_slope)
                bound[p] = _ExactLine(level.ratio, Fraction(level.slope) / costs[p])
                if (
                    best is None
                    or level.ratio < best.ratio
                    or (level.ratio == best.ratio and tie_keys[p] < tie_keys[best.project])
                ):
                    best = level
            if best is None:
                break
            winner, max_payment, payment_slope = best.project, best.level, best.slope
            remaining.discard(winner)
            alive[winner] = False
            winner_slope = Fraction(payment_slope) / costs[winner]
            for q in remaining:
                line = bound[q]
                if line.slope < winner_slope:
                    limits.append(Fraction(line.value - best.ratio) / (winner_slope - line.slope))
            new_class = {}
            for c in in_class[winner]:
                money, slope = class_money[c], class_slope[c]
                if money < max_payment:
                    if slope > payment_slope:
                        limits.append(Fraction(max_payment - money) / (slope - payment_slope))
                    new_class[c] = 0
                else:
                    if payment_slope > slope:
                        limits.append(Fraction(money - max_payment) / (payment_slope - slope))
                    # Even with nothing left, a class that paid the cap keeps its own slope:
                    # a higher share would leave it some money.
                    new_class[c] = len(class_money)
                    class_money.append(money - max_payment)
                    class_slope.append(slope - payment_slope)
            for g in self.supporters[winner]:
                old = group_class[g]
                new = new_class[old]
                group_class[g] = new
                if old == new:
                    continue
                weight = weights[g]
                for q in self.ballots[g]:
                    if alive[q]:
                        counts = in_class[q]
                        left = counts[old] - weight
                        if left:
                            counts[old] = left
                        else:
                            del counts[old]
                        counts[new] = counts.get(new, 0) + weight
            bought.append(winner)
        valid_for = max(1, math.ceil(min(limits))) if limits else None
        return _Validity(bought, valid_for)

    def _exact_level(self, p, counts, class_money, class_slope) -> _ExactLevel:
        """The smallest cap on each supporter's payment that pays for ``p`` (who can pay for it
        together), affine in the raise."""
        cost = self.costs[p]
        paid, paid_slope, payers = 0, 0, self.votes[p]
        for c in sorted(counts, key=class_money.__getitem__):
            level = _div(cost - paid, payers)
            if level <= class_money[c]:
                return _ExactLevel(p, Fraction(level) / cost, level, _div(-paid_slope, payers))
            paid += class_money[c] * counts[c]
            paid_slope += class_slope[c] * counts[c]
            payers -= counts[c]
        raise AssertionError("affordable project without a payment level")  # pragma: no cover

    def replay(self, share, projects) -> Count:
        """The count at ``share`` that buys ``projects`` in this order, in exact arithmetic.

        Only the payments are computed, not the choice of each purchase: ``projects`` must be
        what Equal Shares buys at this share. Much cheaper than counting, which compares every
        candidate at every step.

        Amounts are integer numerators over a common denominator that each purchase multiplies
        by its number of payers, so sorting, comparing and adding them are integer operations:
        with fractions, each of them computed a greatest common divisor of numbers hundreds of
        digits long after a few dozen purchases.
        """
        share = Fraction(share)
        # Denominator after each purchase; a class of voters holding the same amount keeps the
        # numerator of its amount over the denominator of the purchase that created it.
        denominators = [share.denominator]
        # Class 0 holds voters with nothing left; class 1 everyone at the start.
        class_numerator = [0, share.numerator]
        class_created = [0, 0]
        group_class = [1] * len(self.weights)
        purchases = []
        for p in projects:
            cost, votes = self.costs[p], self.votes[p]
            denominator = denominators[-1]
            in_class = self._voters_by_class(p, group_class)
            amount = {
                c: class_numerator[c] * (denominator // denominators[class_created[c]])
                for c in in_class
            }
            # Over the common denominator: the level is (cost - paid) / payers, and a class
            # pays all it has while that is less than the level.
            missing, payers = cost * denominator, votes
            for c in sorted(in_class, key=amount.__getitem__):
                if missing <= amount[c] * payers:
                    break
                missing -= amount[c] * in_class[c]
                payers -= in_class[c]
            else:
                raise AssertionError("replayed purchase its supporters cannot afford")
            # The level is missing / (payers * denominator): the next denominator.
            denominators.append(denominator * payers)
            created = len(denominators) - 1
            new_class = {}
            for c in in_class:
                left = amount[c] * payers - missing
                if left < 0:
                    new_class[c] = 0
                else:
                    new_class[c] = len(class_numerator)
                    class_numerator.append(left)
                    class_created.append(created)
            for g in self.supporters[p]:
                group_class[g] = new_class[group_class[g]]
            level = Fraction(missing, payers * denominator)
            purchases.append(Purchase(self.ids[p], level, votes - payers, payers))
        # What the supporters of each project not bought hold, over the last denominator.
        last = denominators[-1]
        bought = set(projects)
        not_bought = []
        for p in range(len(self.costs)):
            if p not in bought:
                numerator = sum(
                    class_numerator[c] * (last // denominators[class_created[c]]) * voters
                    for c, voters in self._voters_by_class(p, group_class).items()
                )
                not_bought.append(Shortfall(self.ids[p], Fraction(numerator, last)))
        return Count(share, tuple(purchases), tuple(not_bought))

    def _voters_by_class(self, p, group_class):
        """How many of ``p``'s supporters are in each class of voters holding the same amount."""
        in_class = {}
        for g in self.supporters[p]:
            c = group_class[g]
            in_class[c] = in_class.get(c, 0) + self.weights[g]
        return in_class


class _Short:
    """The supporters of a project who were short of its level when it was last priced.

    ``order`` is its supporters from poorest to richest then (one entry per voter, or per group
    with ``weights``), the first ``first_payer`` of them short; ``voters`` counts them.
    """

    __slots__ = ("order", "first_payer", "weights", "voters", "money_of", "others_money_of")

    def __init__(self, order, first_payer, weights, order_weights, voters):
        self.order = order
        self.first_payer = first_payer
        self.weights = None if weights is None else tuple(order_weights[:first_payer])
        self.voters = voters
        self.money_of = _getter(order[:first_payer])
        self.others_money_of = _getter(order[first_payer:]) if first_payer < len(order) else None


class _Record:
    """What ``_IncrementalCount._holds_until`` needs of a step: the amounts it was counted with
    at raise ``counted_at``, affine in the raise.

    ``winner`` is None for the last step, which buys nothing; ``unaffordable`` the projects
    found unaffordable; ``bound`` the bounds of the ``remaining`` competitors; ``first_crossing``
    the raise from which a short supporter may cross the level.
    """

    __slots__ = (
        "counted_at",
        "winner",
        "unaffordable",
        "bound",
        "remaining",
        "first_crossing",
        "_crossings",
        "_lines",
    )

    def __init__(
        self,
        counted_at: int,
        winner: _Winner | None,
        unaffordable: list[_Shortfall],
        bound: dict[int, _Bound] | None,
        remaining,
        first_crossing: float,
    ):
        self.counted_at = counted_at
        self.winner = winner
        self.unaffordable = unaffordable
        self.bound = bound
        self.remaining = tuple(remaining)
        self.first_crossing = first_crossing
        self._crossings = self._lines = None

    def crossings(self) -> _Crossings | None:
        """When the winner's short supporters with money left cross its level; None if none
        do."""
        winner = self.winner
        if self._crossings is None and winner is not None and winner.short_slopes is not None:
            level, level_slope, slopes = winner.level, winner.level_slope, winner.short_slopes
            margin = 2 * level * _TOLERANCE
            # As in _IncrementalCount._step: crossing no later and faster than in fact.
            speeds = [(slope - level_slope) * _ABOVE + margin for slope in slopes]
            times = [
                self.counted_at + max(0.0, (level - amount - margin) / speed)
                for amount, speed in zip(winner.pricing.amounts, speeds, strict=False)
            ]
            if winner.pricing.weights is not None:
                speeds = list(map(mul, speeds, winner.pricing.weights))
            # Those with nothing left (no slope) never cross.
            crossing = sorted(compress(range(len(slopes)), slopes), key=times.__getitem__)
            if crossing:
                times = [times[index] for index in crossing]
                speeds = [speeds[index] for index in crossing]
                self._crossings = _Crossings(
                    times,
                    [0.0, *accumulate(speeds)],
                    [0.0, *accumulate(map(mul, speeds, times))],
                )
        return self._crossings

    def excess(self, at):
        """At raise ``at``, how much the short supporters who crossed the winner's level hold
        above it in total, continued as counted (an upper bound)."""
        if at <= self.first_crossing:
            return 0.0
        crossings = self.crossings()
        if crossings is None:
            return 0.0
        crossed = bisect_left(crossings.times, at)
        if not crossed:
            return 0.0
        weighted_times = crossings.weighted_times[crossed]
        excess = crossings.speeds[crossed] * at - weighted_times
        return max(0.0, excess) * _ABOVE + weighted_times * _TOLERANCE

    def able(self, moved):
        """How many of the winner's payers make up for money moved by ``moved`` (see _able), or
        None."""
        if self.winner is None or not moved:
            return None
        pricing = self.winner.pricing
        return _able(
            pricing.amounts, pricing.weights, pricing.first_payer, self.winner.level, moved
        )

    def lines(self) -> _Lines:
        """The competitors' bounds, as ``_margin`` reads them."""
        if self._lines is None:
            bounds = list(map(self.bound.__getitem__, self.remaining))
            lowest = sorted(bounds, key=_VALUE)
            others = lowest[_NEAREST:]
            self._lines = _Lines(
                bounds,
                max(map(abs, map(_VALUE, bounds)), default=0.0),
                max(map(abs, map(_SLOPE, bounds)), default=0.0),
                lowest[:_NEAREST],
                _Others(
                    others[0].value,
                    min(map(_SLOPE, others)),
                    max(map(_SENSITIVITY, others)),
                )
                if others
                else None,
            )
        return self._lines


_VALUE = attrgetter("value")
_SLOPE = attrgetter("slope")
_SENSITIVITY = attrgetter("sensitivity")


class _IncrementalCount:
    """Equal Shares in floating point that remembers its steps as the share is raised.

    Each step (one purchase) records until which raise it stays valid, and every few steps the
    state before it. To count at a higher raise, steps still valid are kept: their affine
    amounts are moved to the new share, and the count is resumed from the last saved state at
    or before the first step that is no longer valid. Raises only go up.

    Money is kept per ballot group (amount now and its slope in the raise), and a project's
    payment level is computed from its supporters when needed, by sorting their money (in the
    order of its last pricing, which is nearly sorted already). Keeping per-project tallies of
    money classes up to date instead cost a dictionary update for every project on the ballot
    of every supporter who paid, at every step, and made resuming a count several times slower
    than recomputing the few levels each step looks at.

    A resumed count mostly buys what the previous one bought, at slightly different levels, so
    a step first prices the project the previous count bought at that point, and a competitor
    is priced exactly only if a cheap lower bound of its level cannot rule it out (see
    ``_poor_bound``).
    """

    def __init__(self, engine: _Engine, initial_share: Fraction):
        self.engine = engine
        self.initial_share = initial_share
        self.raises = 0
        self.share = float(initial_share)  # at self.raises
        # A resumed count starts again from the state saved at or before its first step no
        # longer valid, and recounts the steps in between. Saving the money lists costs in
        # proportion to the ballot groups: with many groups, saving them at every step cost
        # more than recounting a few steps.
        self.checkpoint_every = max(1, round(math.sqrt(len(engine.weights) / 1000)))
        # The steps counts were resumed from lately, and how far to save states densely.
        self.resumed = deque(maxlen=16)
        self.reach = 3 * self.checkpoint_every
        votes = engine.votes
        projects = range(len(engine.costs))
        groups = len(engine.weights)
        self.money = [self.share] * groups
        self.slope = [1.0] * groups
        self.remaining = set(projects)
        self.bound = {p: _Bound(1.0 / votes[p], 0.0, Fraction(1, votes[p]), 0.0) for p in projects}
        self.bought = []
        # Per project, the supporters who could not pay its level when it was last priced in
        # this count (a _Short), or None if all could: see _price and _poor_bound.
        self.poor = [None] * len(engine.costs)
        self.priced = {}  # the same, for the projects priced in the step being counted
        # How each project priced in this step was priced: the winner's, for _holds_until.
        self.pricings = {}
        # How many raises the last range that _holds_until found held for, and the last raise
        # the purchases are known to hold for (counted or checked).
        self.span = 1
        self.checked = 0
        # Whether steps keep a _Record, and for how many counts they will not (see
        # _note_changed).
        self.recording = True
        self.changed = self.unrecorded = 0
        # The step that cut the last range short (see _binding_fails).
        self.binding = 0
        # The groups with nothing left, as a bit set (see _broke).
        self.broke = 0
        self.broke_flags = bytearray((groups + 7) // 8)  # the same, to update in place
        # One _Step per purchase, with the state before it saved as _checkpoint_at says.
        # Copying the money lists costs less than logging the thousand groups a purchase
        # changes and putting them back one by one.
        self.steps = []
        # From the previous count, for the steps being counted again: what it bought at each
        # step (the likely winners), what each step priced, and the latest pricing of each
        # project up to the step being counted (self.hint_poor, kept up to date by _step).
        self.hints = []
        self.hint_priced = []
        self.hint_from = 0
        self.hint_poor = list(self.poor)

    def count(self, raises: int) -> _Validity:
        """The purchases at ``raises`` (no lower than the last counted) and how many raises
        they stay valid for."""
        valid = 0
        while valid < len(self.steps) and self.steps[valid].valid_until > raises:
            valid += 1
        if valid < len(self.steps):
            holds_until = self._holds_until(raises)
            if holds_until is not None:
                return _Validity(list(self.bought), holds_until + 1 - raises)
            self.resumed.append(valid)
            self.reach = max(3 * self.checkpoint_every, max(self.resumed))
            while self.steps[valid].saved is None:
                valid -= 1
            self.recording = not self.unrecorded
            self.unrecorded = max(0, self.unrecorded - 1)
            self.hints = self.bought
            self.hint_priced = [step.priced for step in self.steps[valid:]]
            self.hint_from = valid
            self._undo_to(valid)
        self._move_to(raises)
        while self._step():
            pass
        self.checked = raises
        limit = min((step.valid_until for step in self.steps), default=math.inf)
        return _Validity(list(self.bought), None if limit == math.inf else limit - raises)

    def _checkpoint_at(self, step):
        """Whether to save the state before ``step``: every few steps as far as counts were
        resumed lately, then four times more rarely. On big budgets counts are resumed from
        their first steps with someone short of a level, nearly always early, and further on
        a saved state would be copied at every count for the rare count resumed there; on
        smaller ones, counts are resumed anywhere."""
        every = self.checkpoint_every
        if every == 1:
            return True
        return step % every == 0 and (step <= self.reach or step % (4 * every) == 0)

    def _undo_to(self, valid):
        """Go back to the state before step ``valid``, a checkpoint (at the raise it was counted
        at)."""
        state = self.steps[valid].saved
        del self.steps[valid:]
        self.raises, self.money, self.slope = state.raises, state.money, state.slope
        self.share = float(self.initial_share) + state.raises
        self.remaining, self.bound = state.remaining, state.bound
        self.poor, self.broke = state.poor, state.broke
        self.broke_flags = bytearray(state.broke.to_bytes(len(self.broke_flags), "little"))
        self.bought = self.bought[: state.bought]
        self.hint_poor = list(state.poor)

    def _move_to(self, raises):
        delta = raises - self.raises
        if delta:
            self.money = [
                money + slope * delta for money, slope in zip(self.money, self.slope, strict=True)
            ]
            # Only the bounds of projects still in the running are ever read again.
            moved = {}
            for p in self.remaining:
                value, slope, exact, sensitivity = self.bound[p]
                moved[p] = _Bound(value + slope * delta, slope, exact, sensitivity)
            self.bound = moved
            self.raises = raises
            self.share = float(self.initial_share) + raises

    def _last_short(self, p) -> _Short | None:
        """``p``'s short supporters at its pricing at this step of the previous count, or else
        at its last pricing in this one."""
        hinted = self.hint_poor[p]
        return hinted if hinted is not None else self.poor[p]

    def _shortfall(self, p, total=None) -> _Shortfall | None:
        """What ``p``'s supporters hold if they cannot pay for it together, None if they can
        (``total`` is their money, if already fetched); _TooClose if too close to tell."""
        engine = self.engine
        cost, weights = engine.costs[p], engine.level_supporters[p].weights
        if total is None:
            # No one has more than the share: supporters with something left, all holding
            # the share, would not be enough either. (Half the projects found unaffordable on
            # big budgets, for a bit count instead of fetching their supporters' money.)
            solvent = engine.votes[p] - self._broke(p)
            if solvent * self.share < cost * _BELOW:
                return _Shortfall(cost, solvent * self.share, float(solvent))
            total = _weighted_sum(engine.level_getters[p](self.money), weights)
        if total >= cost * _ABOVE:
            return None
        if total > cost * _BELOW:
            raise _TooClose
        return _Shortfall(cost, total, _weighted_sum(engine.level_getters[p](self.slope), weights))

    def _sort(self, p) -> _Sorted:
        """``p``'s supporters from poorest to richest. Sorting the order of its last pricing,
        which few raises or purchases change much, is quicker than sorting from scratch."""
        supporters = self.engine.level_supporters[p]
        known = self._last_short(p)
        order = sorted(
            supporters.groups if known is None else known.order, key=self.money.__getitem__
        )
        in_order = _getter(order)
        weights = None if supporters.weights is None else in_order(self.engine.weights)
        return _Sorted(order, in_order(self.money), weights)

    def _price(self, p, supporters: _Sorted | None = None) -> _Level:
        """The payment level of ``p`` now, whose supporters can pay for it together
        (``supporters`` sorted by ``_sort``, if already).

        The level is set by the first supporter, from the poorest, who can pay what is still
        missing divided among those left (water filling): the walk starts from the first payer
        of the last pricing, which is near. Remembers who is short, for _poor_bound and the
        next count.
        """
        engine = self.engine
        cost, votes = engine.costs[p], engine.votes[p]
        order, amounts, order_weights = supporters or self._sort(p)
        known = self._last_short(p)
        last = len(amounts) - 1
        first_payer = 0 if known is None else min(known.first_payer, last)
        if order_weights is None:
            paid = sum(amounts[:first_payer])
            poorer = first_payer
        else:
            paid = sum(map(mul, amounts[:first_payer], order_weights[:first_payer]))
            poorer = sum(order_weights[:first_payer])
        # Whether a supporter can pay what is still missing divided among the others turns
        # true only further along the order.
        while first_payer < last and (cost - paid) / (votes - poorer) > amounts[first_payer]:
            weight = 1 if order_weights is None else order_weights[first_payer]
            paid += amounts[first_payer] * weight
            poorer += weight
            first_payer += 1
        while first_payer:
            before = first_payer - 1
            weight = 1 if order_weights is None else order_weights[before]
            if (cost - paid + amounts[before] * weight) / (votes - poorer + weight) > amounts[
                before
            ]:
                break
            paid -= amounts[before] * weight
            poorer -= weight
            first_payer = before
        payers = votes - poorer
        level = (cost - paid) / payers
        if first_payer == 0:
            level_slope = 0.0
            short = None
            sensitivity = 0.0
        else:
            short = _Short(
                order, first_payer, engine.level_supporters[p].weights, order_weights, poorer
            )
            level_slope = -_weighted_sum(short.money_of(self.slope), short.weights) / payers
            sensitivity = 1.0 / (payers * cost)
        self.poor[p] = self.priced[p] = short
        self.pricings[p] = _Pricing(amounts, order_weights, first_payer)
        exact = Fraction(1, votes) if payers == votes else None
        return _Level(p, level / cost, level, level_slope, exact, sensitivity)

    def _poor_bound(self, p, ratio) -> _Bound | None:
        """A lower bound of ``p``'s ratio now if it exceeds ``ratio`` beyond rounding, else None.

        For any set S of supporters, ``(cost - money of S) / (voters outside S)`` is at most the
        level (those outside S pay at most the level each, S at most all it has), with equality
        when S is exactly those short of the level. S is taken as the supporters short of it
        when ``p`` was last priced (in this count, or at this step of the previous one), plus
        those with nothing left now: a valid bound whatever changed since, tight as long as few
        supporters changed side, for a sum over S and a count over the supporters instead of a
        sort. Linear in the money, so affine in the raise like the level.
        """
        hinted, latest = self.hint_poor[p], self.poor[p]
        broke = self._broke(p) or None
        if broke:
            # With S only those with nothing left, the bound needs no money at all.
            found = self._short_bound(p, ratio, None, broke)
            if found is not None:
                return found
        # Adding those with nothing left to S can only raise the bound.
        for known in (hinted, latest if latest is not hinted else None):
            if known is not None:
                found = self._short_bound(p, ratio, known, broke)
                if found is not None:
                    # What served here is what the next count's step will try first.
                    self.poor[p] = self.priced[p] = known
                    return found
        return None

    def _short_bound(self, p, ratio, known, broke) -> _Bound | None:
        """The bound of ``_poor_bound`` with S the supporters ``known`` to be short (none if
        None), plus the ``broke`` ones with nothing left if not None."""
        if known is None:
            short_money = 0.0
            short = broke
        else:
            amounts = known.money_of(self.money)
            short_money = _weighted_sum(amounts, known.weights)
            short = known.voters
            if broke is not None:
                # Those of S with nothing left are not counted twice. A supporter of S who
                # paid exactly all they had also has nothing now, but keeps a slope: counting
                # them as one of the broke can only lower the bound.
                short += broke - _weighted_zeros(amounts, known.weights)
        cost = self.engine.costs[p]
        payers = self.engine.votes[p] - short
        left = cost - short_money
        rounding = (cost + short_money) * _TOLERANCE
        if payers <= 0 or left <= ratio * cost * payers * _ABOVE + rounding:
            return None
        # Its slope in the raise, only for a bound that serves.
        short_slope = (
            0.0 if known is None else _weighted_sum(known.money_of(self.slope), known.weights)
        )
        return _Bound(
            left / payers / cost, -short_slope / payers / cost, None, 1.0 / (payers * cost)
        )

    def _step(self) -> bool:
        """Count one purchase (or find there is none); False when the count is over."""
        engine = self.engine
        costs, tie_keys = engine.costs, engine.tie_keys
        money, slope = self.money, self.slope
        remaining, bound = self.remaining, self.bound
        if not remaining:
            return False
        saved = None
        if self._checkpoint_at(len(self.steps)):
            saved = _State(
                self.raises,
                money[:],
                slope[:],
                set(remaining),
                dict(bound),
                len(self.bought),
                list(self.poor),
                self.broke,
            )
        self.priced = {}
        self.pricings = {}
        hint_step = len(self.steps) - self.hint_from
        if 0 <= hint_step < len(self.hint_priced):
            for p, known in self.hint_priced[hint_step].items():
                self.hint_poor[p] = known
        removed = []
        unaffordable = []  # for _holds_until
        limit = math.inf
        best = None
        candidates = sorted(remaining, key=lambda p: bound[p].value)
        position = len(self.bought)
        hint = None
        if position < len(self.hints) and self.hints[position] in remaining:
            # Price the likely winner first: competitors are then ruled out against it.
            hint = self.hints[position]
            candidates.remove(hint)
            candidates.insert(0, hint)
        for p in candidates:
            supporters = None
            if best is not None:
                if bound[p].value > best.ratio * _ABOVE:
                    break
                ruled_out = self._poor_bound(p, best.ratio)
                if ruled_out is not None:
                    bound[p] = ruled_out
                    continue
                shortfall = self._shortfall(p)
            elif p == hint:
                # Likely affordable: whether it is comes from the amounts sorted anyway,
                # rather than from a fetch of its own.
                supporters = self._sort(p)
                shortfall = self._shortfall(p, supporters.total())
            else:
                shortfall = self._shortfall(p)
            if shortfall is not None:
                removed.append(p)
                unaffordable.append(shortfall)
                if shortfall.money_slope > 0:
                    gap = shortfall.cost - shortfall.money
                    limit = min(limit, _earliest(gap, shortfall.money_slope, shortfall.cost))
                continue
            level = self._price(p, supporters)
            bound[p] = level.bound(costs[p])
            if best is None or level.ratio < best.ratio * _BELOW:
                best = level
            elif level.ratio <= best.ratio * _ABOVE:
                if level.exact is None or best.exact is None:
                    raise _TooClose
                if level.exact < best.exact or (
                    level.exact == best.exact and tie_keys[p] < tie_keys[best.project]
                ):
                    best = level
        remaining.difference_update(removed)
        if best is None:
            if removed:
                record = None
                if self.recording:
                    record = _Record(self.raises, None, unaffordable, None, (), math.inf)
                self._record(limit, saved, record)
            return False
        winner, level, level_slope = best.project, best.level, best.level_slope
        short = self.poor[winner]
        remaining.discard(winner)
        # Supporters are listed once per voter or once per group (see _LevelSupporters): a
        # group of several voters can be listed more than once, so amounts are assigned below,
        # not subtracted.
        if short is None:
            payers = engine.level_supporters[winner].groups
            payers_of = engine.level_getters[winner]
            newly_broke = []
            short_slopes = None
        else:
            payers, payers_of = short.order[short.first_payer :], short.others_money_of
            # Those short of the level with money left pay it all; the others had nothing.
            short_slopes = short.money_of(slope)
            newly_broke = list(compress(short.order[: short.first_payer], short_slopes))
        # Money only grows with the share and levels only fall (slopes are >= 0, level slopes
        # <= 0), so a supporter paying the level keeps paying it at higher shares: only the
        # poorer ones, who pay everything they have, can change side.
        # As in _earliest, with one margin for all: each gap is at most the level.
        margin = 2 * level * _TOLERANCE
        first_crossing = math.inf
        for g in newly_broke:
            crossing = (level - money[g] - margin) / ((slope[g] - level_slope) * _ABOVE + margin)
            if crossing < first_crossing:
                first_crossing = max(0.0, crossing)
        limit = min(limit, first_crossing)
        winner_slope = level_slope / costs[winner]
        meeting = []  # (raise where its bound may meet the winner's, competitor)
        for q in remaining:
            competitor = bound[q]
            if competitor.slope < winner_slope:
                gap = competitor.value - best.ratio
                meeting.append((_earliest(gap, winner_slope - competitor.slope, best.ratio), q))
        if meeting:
            limit = self._sharpen(meeting, limit, best.ratio, winner_slope)
        record = None
        if self.recording:
            record = _Record(
                self.raises,
                _Winner(
                    winner, level, level_slope, best.exact, self.pricings[winner], short_slopes
                ),
                unaffordable,
                dict(bound),
                remaining,
                self.raises + first_crossing,
            )
        # Even with nothing left, a supporter who paid the level keeps a slope: a higher share
        # would leave them some money. (amount >= level, so no rounding below zero.)
        for g, amount, amount_slope in zip(payers, payers_of(money), payers_of(slope), strict=True):
            money[g] = amount - level
            slope[g] = amount_slope - level_slope
        if newly_broke:
            flags = self.broke_flags
            for g in newly_broke:
                money[g] = slope[g] = 0.0
                flags[g >> 3] |= 1 << (g & 7)
            self.broke = int.from_bytes(flags, "little")
        self.bought.append(winner)
        self._record(limit, saved, record)
        return True

    def _broke(self, p):
        """How many of ``p``'s supporters have nothing left."""
        bits = self.engine.supporter_bits[p]
        broke = (bits.single & self.broke).bit_count()
        if bits.heavy_of is not None:
            broke += _weighted_zeros(bits.heavy_of(self.slope), bits.heavy_weights)
        return broke

    def _sharpen(self, meeting, limit, ratio, winner_slope):
        """The step's limit, given ``limit`` from all but its competitors' bounds.

        A competitor's bound can be loose (set from its short supporters, or priced at an
        earlier step) and meet the winner's line well before its level would, ending the count
        early: each further count redoes a dozen steps, so competitors whose bound would end
        this step first are priced (in the state before the purchase). Both bounds hold, so
        the competitor cannot win before the later of their meeting raises.
        """
        for meets, q in sorted(meeting):
            if meets >= limit:
                break
            shortfall = self._shortfall(q)
            if shortfall is not None:
                if shortfall.money_slope > 0:
                    gap = shortfall.cost - shortfall.money
                    meets = max(meets, _earliest(gap, shortfall.money_slope, shortfall.cost))
                else:
                    meets = math.inf
            else:
                competitor = self.bound[q] = self._price(q).bound(self.engine.costs[q])
                if competitor.slope < winner_slope:
                    gap = competitor.value - ratio
                    exact_meets = _earliest(gap, winner_slope - competitor.slope, ratio)
                    meets = max(meets, exact_meets)
                else:
                    meets = math.inf
            limit = min(limit, meets)
        return limit

    def _holds_until(self, start):
        """The last raise up to which the purchases counted last are sure to stay what Equal
        Shares buys, from ``start`` on, although supporters have crossed levels since; None if
        they are not sure to at ``start``.

        Each step's amounts were counted as affine in the raise, valid until a supporter short
        of the winner's level becomes able to pay it (a crossing) or a decision changes. Past
        crossings, the counted amounts are continued as they were: the crossed supporters
        still pay all they have, the others the continued level. In fact the crossed keep
        their excess over the level, which the others pay: amounts differ from those
        continued by at most ``moved`` in total over voters, upwards and as much downwards.
        ``moved`` starts at 0 and grows at each step by its crossed supporters' excess, and no
        further: buying a project (water filling) never increases the total by which some
        voters' money exceeds others', nor the total by which it falls short. A step stays the
        same while, with money moved that much (see _margin), its unaffordable projects stay
        unaffordable and every competitor's bound stays above the winner's level.

        A step's margin is concave in the raise (affine amounts, less ``moved``, which is
        convex), so it is positive between two raises where it is, and below the chord
        between a raise where it is positive and one where it is not: the range is cut where
        the chord meets zero, and moved up by chords from there a few times (see _cut).
        """
        # First the steps no longer valid as counted since the last raise checked: where
        # purchases change at nearly every raise (big budgets in large units), one of them
        # has changed, whatever the crossings.
        for step in self.steps:
            if self.checked < step.valid_until <= start:
                if step.record is None:
                    return None
                if self._changed_as_counted(step.record, start):
                    self._note_changed()
                    return None
        self.changed = 0
        if self._binding_fails(start):
            return None
        if 2 * self.span > _LONGEST_RANGE:
            # Nothing has bound for long: a count will tell whether anything still can.
            self.span = 1
            return None
        end = start + 2 * self.span
        earlier = []  # the steps before with crossings
        moved_start = moved_end = 0.0
        for index, step in enumerate(self.steps):
            record = step.record
            if record is None:
                # Counted exactly for the whole range, crossings included, or unknown.
                if moved_end or step.valid_until <= end + 1:
                    return None
                continue
            excess_end = record.excess(end)
            if not moved_end and not excess_end and step.valid_until > end:
                continue  # Counted exactly for the whole range.
            excess_start = record.excess(start)
            able = record.able(excess_end + moved_end)
            at_start = self._margin(record, start, moved_start, excess_start, able)
            at_end = self._margin(record, end, moved_end, excess_end, able)
            if at_start <= 0:
                return None
            if at_end <= 0:
                self.binding = index
                end = self._cut(record, earlier, able, start, at_start, end, at_end)
                moved_end = _moved(earlier, end)
                excess_end = record.excess(end)
            moved_start += excess_start
            moved_end += excess_end
            if excess_end:
                earlier.append(record)
        self.span = end - start + 1
        self.checked = end
        return end

    def _binding_fails(self, start):
        """Whether the step that cut the last range short fails at ``start`` (a quick look,
        for _holds_until to give up early: after a range is cut, the next one most often fails
        there, and checking it alone skips the steps before it)."""
        if self.binding >= len(self.steps) or self.steps[self.binding].record is None:
            return False
        # Money moved by the steps before whose records are known: less than in fact, so the
        # margin found is more than in fact.
        moved = sum(
            step.record.excess(start)
            for step in self.steps[: self.binding]
            if step.record is not None
        )
        record = self.steps[self.binding].record
        excess = record.excess(start)
        able = record.able(excess + moved)
        return self._margin(record, start, moved, excess, able) <= 0

    def _note_changed(self):
        """Count a check given up on a step whose decision changed as counted. Where that
        happens at nearly every raise (big budgets in large units), keeping steps' records
        for checks costs more than the checks save: after eight in a row, counts stop
        keeping them for one count, then two, four, and so on up to sixty-four, trying again
        in between."""
        self.changed += 1
        if self.changed >= 8:
            self.unrecorded = min(2 ** (self.changed - 8), 64)

    def _changed_as_counted(self, record, at):
        """Whether the step of ``record``, as counted and continued to raise ``at``, has its
        winner beaten by a competitor's bound or an unaffordable project affordable, beyond
        rounding (a quick look, for _holds_until to give up early)."""
        from_count = at - record.counted_at
        for shortfall in record.unaffordable:
            if shortfall.money + shortfall.money_slope * from_count > shortfall.cost * _ABOVE:
                return True
        winner = record.winner
        if winner is None or not record.remaining:
            return False
        top = (winner.level + winner.level_slope * from_count) / self.engine.costs[winner.project]
        lowest = min(
            [
                value + slope * from_count
                for value, slope, _, _ in map(record.bound.__getitem__, record.remaining)
            ]
        )
        return lowest < top * _BELOW

    def _cut(self, record, earlier, able, start, at_start, end, at_end):
        """The last raise before ``end`` up to which the step of ``record`` is sure to hold,
        given its margins at ``start`` (positive) and ``end`` (not)."""

        def margin(at):
            return self._margin(record, at, _moved(earlier, at), record.excess(at), able)

        if not -math.inf < at_end < at_start < math.inf:
            return start  # No chord to follow.
        # Where the chord from start to end meets zero, then the chord from there to end, and
        # so on a few times.
        held, at_held = start, at_start
        for _ in range(4):
            further = held + math.ceil((end - held) * at_held / (at_held - at_end)) - 1
            if further <= held:
                break
            at_further = margin(further)
            if at_further <= 0:
                break  # Rounding: keep what is sure.
            held, at_held = further, at_further
        return held

    def _margin(self, record, at, moved, excess, able):
        """How surely the step of ``record`` stays the same at raise ``at``: positive if it
        does, the least of its unaffordable projects' shortfall (relative to their cost) and
        of the winner's lead over its competitors' bounds (in payment per unit of cost).

        Voters' money has moved by ``moved`` before the step, and its crossed supporters hold
        ``excess`` above the level; ``able`` payers, at least, make up for both (see _able),
        or None if none were found.
        """
        from_count = at - record.counted_at
        margin = math.inf
        for shortfall in record.unaffordable:
            most = shortfall.money + shortfall.money_slope * from_count
            rounding = (shortfall.cost + abs(shortfall.money_slope * from_count)) * _TOLERANCE
            margin = min(margin, (shortfall.cost - most - moved - rounding) / shortfall.cost)
        winner = record.winner
        if winner is None:
            return margin
        lines = record.lines()
        if not lines.bounds:
            return margin
        need = excess + moved
        if need:
            if able is None:
                return -math.inf
            rise = need / able * _ABOVE
        else:
            rise = 0.0
        top = (winner.level + winner.level_slope * from_count + rise) / self.engine.costs[
            winner.project
        ]
        rounding = (lines.largest_value + lines.steepest * abs(from_count) + top) * _TOLERANCE
        if need or winner.exact is None:
            lowest = min(
                [
                    value + slope * from_count - fall * moved
                    for value, slope, _, fall in lines.nearest
                ]
            )
            others = lines.others
            # The others, all at once if they cannot be lower (from_count >= 0).
            if (
                others is not None
                and others.value + others.slope * from_count - others.fall * moved < lowest
            ):
                lowest = min(
                    [
                        value + slope * from_count - fall * moved
                        for value, slope, _, fall in lines.bounds
                    ]
                )
        else:
            lowest = self._lowest_as_counted(record, from_count)
        return min(margin, lowest - rounding - top * _ABOVE)

    def _lowest_as_counted(self, record, from_count):
        """The lowest competitor's bound of a step counted exactly up to here, where ties
        decided by the tie-breaking stay decided (-inf if one is not)."""
        tie_keys = self.engine.tie_keys
        winner = record.winner
        lowest = math.inf
        for q, competitor in zip(record.remaining, record.lines().bounds, strict=True):
            if competitor.exact is not None and competitor.exact == winner.exact:
                if tie_keys[winner.project] < tie_keys[q]:
                    continue
                return -math.inf
            lowest = min(lowest, competitor.value + competitor.slope * from_count)
        return lowest

    def _record(self, limit, saved, record):
        valid_until = math.inf if limit == math.inf else self.raises + max(1, math.ceil(limit))
        self.steps.append(_Step(valid_until, saved, self.priced, record))


def _moved(records, at):
    """How far voters' money may have moved in total by raise ``at`` because of the crossings
    in these steps (see _IncrementalCount._holds_until)."""
    return sum(record.excess(at) for record in records)


def _able(amounts, weights, first_payer, level, moved):
    """How many payers make up for a rise of the level when their supporters' money moves by
    ``moved`` in total, or None if not found cheaply: the winner's level then rises by at most
    ``moved`` divided by them.

    ``amounts`` are the winner's supporters' (sorted, with ``weights`` if per group) when it
    was priced at ``level``, payers from ``first_payer`` on; payers only get richer relative
    to the level as the share grows. The level rises by at most ``rise`` if the payers with at
    least ``rise`` above it, paying ``rise`` more each, make up for ``moved``.
    """
    size = len(amounts)
    able = size - first_payer if weights is None else sum(weights[first_payer:])
    for _ in range(4):
        rise = moved / able * _ABOVE
        index = bisect_left(amounts, level + rise, first_payer)
        found = size - index if weights is None else sum(weights[index:])
        if not found:
            return None
        if found >= able:
            return able
        able = found
    return None


@contextmanager
def _garbage_collection_paused():
    """Pause Python's cycle collector for one count, restoring it after: it frees nothing
    here (counts make no reference cycles) but would scan the saved states and supporters'
    orders, thousands of references each, over and over as counts allocate. On Praga-Południe
    its collections took 0.55 s of a 4.4 s count (docs/benchmarks.md). Memory is still freed
    as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _bits(indexes, size):
    """The bit set (an int) of these indexes, all below ``size``."""
    flags = bytearray((size + 7) // 8)
    for index in indexes:
        flags[index >> 3] |= 1 << (index & 7)
    return int.from_bytes(flags, "little")


def _getter(indexes):
    """Fetches these indexes of a list as a tuple, in one C call (itemgetter returns a single
    value, not a tuple, for one index)."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda values: (values[index],)
    return itemgetter(*indexes)


def _weighted_sum(values, weights):
    return sum(values) if weights is None else sum(map(mul, values, weights))


def _weighted_zeros(values, weights):
    if weights is None:
        return values.count(0.0)
    return sum(compress(weights, map(not_, values)))
