"""The Method of Equal Shares with cost utilities, for approval ballots.

Each voter gets an equal share of money. Repeatedly, among the projects whose supporters can
still pay for them, buy the one needing the smallest payment per unit of cost from its
supporters (``max_payment / cost``): each supporter pays at most ``max_payment``, the poorer
ones everything they have left. Arithmetic is exact (integers and fractions), as in pabutools,
because ties decided by rounding would not be reproducible.

Five things make the iterated variants fast enough for big budgets:

* Each count also computes how far the share per voter can be raised before anything in it can
  change. All amounts are affine in the share while the count keeps the same shape, and a
  project's payment level is convex in its supporters' money, hence in the share while that
  money is affine, so its current affine form bounds it from below (as does any bound linear
  in the money, see the next point); the count is then valid up to the first raise where a
  bound meets the winner, a winner's poorer supporters become able to pay the level, or an
  unaffordable project becomes affordable. (A higher share never leaves a supporter less money
  nor a project a higher level, so those paying the level keep paying it.) The iterated
  variants jump straight there instead of recounting for every one-unit raise, which gives the
  same outcome as stepping one unit at a time.
* Most of those limits are *crossings*, a poorer supporter becoming able to pay a level, which
  change amounts a little and rarely what is bought: the purchases are kept past them, without
  a recount, for as long as a bound on how far money has moved since (in total over voters)
  cannot change a decision (see ``_IncrementalCount._holds_until``). In small units, where
  crossings fall on different raises, this keeps the number of counts close to that in large
  units.
* Between raises, a count is resumed from its first step the raise can change, in floating
  point, with money kept per ballot group and a project's level found by sorting its
  supporters' money; any decision within rounding reach of the other choice is redone in
  fractions.
* A resumed step mostly buys what the previous count bought there, so it prices that project
  first, and rules competitors out without sorting their supporters when it can: for any set S
  of a project's supporters, ``(cost - money of S) / (supporters outside S)`` is at most its
  level, and the supporters short of the level when it was last priced (at the same step of
  the previous count, or earlier in this one), plus those with nothing left, give a bound that
  is nearly tight whatever changed since. Only competitors it cannot rule out are priced, and
  those whose looser bound would end the step's validity first (see ``_sharpen``).
* The count that is kept is recomputed exactly by replaying its purchases, and the exact count
  (used when floating point cannot decide) handles voters in *money classes*: all voters
  holding the same amount share one class, so evaluating a project sorts a handful of classes.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_left
from collections import deque
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate, compress
from operator import itemgetter, mul, not_

from .equal_shares import (
    NEXT_RAISE_OVERSPENDS,
    Count,
    Iteration,
    Profile,
    Purchase,
    Shortfall,
    stop_reason,
)


def raise_share(
    profile: Profile, budget: int, initial_share: Fraction | int, stop_when_exhaustive: bool
) -> Iteration:
    """What ``equal_shares.raise_share`` returns, computed faster on big budgets."""
    return EqualSharesCount(profile).iterate(Fraction(initial_share), budget, stop_when_exhaustive)


@dataclass(frozen=True)
class _Purchase:
    project: int
    max_payment: Fraction
    paying_all: int
    paying_max: int


@dataclass(frozen=True)
class _Count:
    share: Fraction
    purchases: tuple[_Purchase, ...]
    # What each ballot group has left, as the index of its class of voters holding the same
    # amount, and each class's amount (by index).
    group_class: tuple[int, ...]
    class_money: Mapping[int, Fraction] | Sequence[Fraction]
    # How much the share can grow before the count may change; None if it never can.
    valid_for: Fraction | None

    @property
    def money_left(self) -> tuple[Fraction, ...]:
        return tuple(self.class_money[c] for c in self.group_class)


def _div(numerator, denominator):
    return Fraction(numerator, denominator) if numerator % denominator else numerator // denominator


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


class _TooClose(Exception):
    """A floating-point decision was too close to call: count exactly instead."""


def _earliest(gap, closing_speed, scale):
    """A raise no later than the one where ``gap`` closes at ``closing_speed`` (both floats).

    Shrinks the gap and speeds the closing by more than any rounding, so the true crossing is
    never skipped.
    """
    margin = (abs(gap) + abs(scale)) * _TOLERANCE
    return max(0.0, (gap - margin) / (closing_speed * _ABOVE + margin))


class EqualSharesCount:
    """Equal Shares on one election, recounted for different shares per voter.

    Everything that does not depend on the share (who supports what, tie order) is prepared once.
    """

    def __init__(self, profile: Profile):
        self.profile = profile
        self.ids = list(profile.costs)
        self.costs = list(profile.costs.values())
        self.tie_keys = [profile.tie_key(project_id) for project_id in self.ids]
        self.weights = list(profile.weights)
        self.supporters = [list(profile.supporters[project_id]) for project_id in self.ids]
        self.ballots = [[] for _ in self.weights]
        for project, groups in enumerate(self.supporters):
            for group in groups:
                self.ballots[group].append(project)
        self.votes = [profile.votes[project_id] for project_id in self.ids]
        # The supporters whose money a project's level is computed from: one group index per
        # voter (no weights to carry along) when groups are mostly single voters, else the
        # groups with their weights (many voters sharing ballots, as in small communes).
        self.level_supporters = []
        for p, groups in enumerate(self.supporters):
            if self.votes[p] <= 2 * len(groups):
                voters = [g for g in groups for _ in range(self.weights[g])]
                self.level_supporters.append((voters, None))
            else:
                self.level_supporters.append((groups, tuple(self.weights[g] for g in groups)))
        self.level_getters = [_getter(supporters) for supporters, _ in self.level_supporters]
        # Each project's single-voter supporting groups as a bit set: with the set of groups
        # that have nothing left, also a bit set, how many of them have nothing left is an AND
        # and a bit count (keeping a count per project up to date cost an update for every
        # project on the ballot of everyone who ran out, at every step). Groups of several
        # voters, fewer, are looked up one by one.
        self.supporter_bits = []
        for groups in self.supporters:
            heavy = [g for g in groups if self.weights[g] > 1]
            self.supporter_bits.append(
                (
                    _bits((g for g in groups if self.weights[g] == 1), len(self.weights)),
                    _getter(heavy) if heavy else None,
                    tuple(self.weights[g] for g in heavy),
                )
            )
        self._incremental = None

    def count(self, share) -> _Count:
        """Count with ``share`` per voter."""
        costs, weights, tie_keys, votes = self.costs, self.weights, self.tie_keys, self.votes
        # Class 0 holds voters with nothing left; class 1 everyone at the start.
        class_money = [0, share]
        class_slope = [0, 1]
        group_class = [1] * len(weights)
        in_class = [{1: votes[p]} for p in range(len(costs))]
        alive = [True] * len(costs)
        remaining = set(range(len(costs)))
        # A lower bound of each project's payment per unit of cost, affine in the raise of the
        # share: (value now, slope). With everyone rich it is 1 / votes whatever the share.
        bound = {p: (Fraction(1, votes[p]), 0) for p in remaining}
        limits = []
        purchases = []
        while remaining:
            best = None
            for p in sorted(remaining, key=lambda p: bound[p][0]):
                if best is not None and bound[p][0] > best[0]:
                    break
                level = self._level(p, in_class[p], class_money, class_slope)
                if level[0] is None:
                    remaining.discard(p)
                    alive[p] = False
                    _, money, money_slope = level
                    if money_slope > 0:
                        limits.append(Fraction(costs[p] - money) / money_slope)
                    continue
                max_payment, payment_slope, paying_all, paying_max = level
                ratio = Fraction(max_payment) / costs[p]
                bound[p] = (ratio, Fraction(payment_slope) / costs[p])
                if (
                    best is None
                    or ratio < best[0]
                    or (ratio == best[0] and tie_keys[p] < tie_keys[best[1]])
                ):
                    best = (ratio, p, max_payment, payment_slope, paying_all, paying_max)
            if best is None:
                break
            ratio, winner, max_payment, payment_slope, paying_all, paying_max = best
            remaining.discard(winner)
            alive[winner] = False
            winner_slope = Fraction(payment_slope) / costs[winner]
            for q in remaining:
                value, slope = bound[q]
                if slope < winner_slope:
                    limits.append(Fraction(value - ratio) / (winner_slope - slope))
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
            ballots = self.ballots
            for g in self.supporters[winner]:
                old = group_class[g]
                new = new_class[old]
                group_class[g] = new
                if old == new:
                    continue
                weight = weights[g]
                for q in ballots[g]:
                    if alive[q]:
                        counts = in_class[q]
                        left = counts[old] - weight
                        if left:
                            counts[old] = left
                        else:
                            del counts[old]
                        counts[new] = counts.get(new, 0) + weight
            purchases.append(_Purchase(winner, max_payment, paying_all, paying_max))
        valid_for = min(limits) if limits else None
        return _Count(share, tuple(purchases), tuple(group_class), class_money, valid_for)

    def next_raise_fast(self, initial_share: Fraction, raises: int):
        """The purchases at ``initial_share + raises`` and how many raises they stay valid for.

        Counts in floating point, which is much faster than fractions, and resumes the previous
        count from its first step that the raise can change; every decision whose margin is
        within rounding reach is redone exactly, so the outcome is the exact one.
        Returns (project positions bought, raises before a recount, or None if never).
        """
        incremental = self._incremental
        if incremental is None or incremental.initial_share != initial_share:
            incremental = self._incremental = _IncrementalCount(self, initial_share)
        try:
            return incremental.count(raises)
        except _TooClose:
            self._incremental = None
            count = self.count(initial_share + raises)
            valid_for = None if count.valid_for is None else max(1, math.ceil(count.valid_for))
            return [purchase.project for purchase in count.purchases], valid_for

    def _level(self, p, counts, class_money, class_slope):
        """The smallest cap on each supporter's payment that pays for ``p``, affine in the raise.

        Returns (cap, its slope, supporters paying all they have, supporters paying the cap), or
        (None, supporters' money, its slope) when they cannot pay for ``p`` together.
        """
        cost = self.costs[p]
        money = sum(class_money[c] * n for c, n in counts.items())
        if money < cost:
            return None, money, sum(class_slope[c] * n for c, n in counts.items())
        paid, paid_slope, payers = 0, 0, self.votes[p]
        for c in sorted(counts, key=class_money.__getitem__):
            level = _div(cost - paid, payers)
            if level <= class_money[c]:
                return level, _div(-paid_slope, payers), self.votes[p] - payers, payers
            paid += class_money[c] * counts[c]
            paid_slope += class_slope[c] * counts[c]
            payers -= counts[c]
        raise AssertionError("affordable project without a payment level")  # pragma: no cover

    def selected(self, count: _Count) -> list[str]:
        return [self.ids[purchase.project] for purchase in count.purchases]

    def iterate(self, initial_share, budget: int, stop_when_exhaustive: bool):
        """Raise the share one unit at a time from ``initial_share`` and keep one count.

        Stops at the first count that overspends ``budget`` (keeping the one before it) or, with
        ``stop_when_exhaustive``, at the first count after which no supported project fits.
        Raises that cannot change the count are skipped. Returns (raises, count kept, reason):
        the kept count's payments are recomputed exactly at its share, for the explanation.
        """
        with _garbage_collection_paused():
            return self._iterate(initial_share, budget, stop_when_exhaustive)

    def _iterate(self, initial_share, budget, stop_when_exhaustive):
        self._incremental = None
        raises, previous = 0, None
        while True:
            bought, valid_for = self.next_raise_fast(initial_share, raises)
            spent = sum(self.costs[p] for p in bought)
            if spent > budget:
                # The previous purchases hold for every raise up to this one (the first count
                # never overspends: voters cannot spend more than they hold).
                kept = raises - 1
                return Iteration(
                    initial_share,
                    kept,
                    self.replay(initial_share + kept, previous),
                    NEXT_RAISE_OVERSPENDS,
                )
            reason = stop_reason(
                self.profile, [self.ids[p] for p in bought], budget, stop_when_exhaustive
            )
            if reason is not None:
                return Iteration(
                    initial_share, raises, self.replay(initial_share + raises, bought), reason
                )
            previous = bought
            # A count that nothing can change buys every project (any supporter short of a
            # level, or any project unaffordable, sets a limit): the stop above.
            raises += valid_for or 1

    def replay(self, share, projects) -> Count:
        """The count at ``share`` that buys ``projects`` in this order, in exact arithmetic.

        Only the payments are computed, not the choice of each purchase: ``projects`` must be
        what Equal Shares buys at this share (as ``next_raise_fast`` finds). Much cheaper than
        ``count``, which compares every candidate at every step in fractions.

        Amounts are integer numerators over a common denominator that each purchase multiplies
        by its number of payers, so sorting, comparing and adding them are integer operations:
        with fractions, each of them computed a greatest common divisor of numbers hundreds of
        digits long after a few dozen purchases.
        """
        weights = self.weights
        share = Fraction(share)
        # Denominator after each purchase; a class of voters holding the same amount keeps the
        # numerator of its amount over the denominator of the purchase that created it.
        denominators = [share.denominator]
        # Class 0 holds voters with nothing left; class 1 everyone at the start.
        class_numerator = [0, share.numerator]
        class_created = [0, 0]
        group_class = [1] * len(weights)
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
    """What _holds_until needs of a step: the amounts it was counted with at raise
    ``counted_at``, affine in the raise.

    ``winner`` is (project, level, its slope, exact ratio or None, (its supporters' amounts
    sorted when it was priced, their weights or None, the first payer's position), the short
    supporters' slopes or None if none was short), or None for the last step, which buys
    nothing; ``unaffordable`` the (cost, supporters' money, its slope) of the projects found
    unaffordable; ``bound`` the bounds of the ``remaining`` competitors; ``first_crossing``
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

    def __init__(self, counted_at, winner, unaffordable, bound, remaining, first_crossing):
        self.counted_at = counted_at
        self.winner = winner
        self.unaffordable = unaffordable
        self.bound = bound
        self.remaining = tuple(remaining)
        self.first_crossing = first_crossing
        self._crossings = self._lines = None

    def crossings(self):
        """When each short supporter with money left crosses the winner's level (sorted), and
        running sums of their speeds and speed times crossing; None if there are none."""
        if self._crossings is None and self.winner is not None and self.winner[5] is not None:
            _, level, level_slope, _, (amounts, weights, _), slopes = self.winner
            margin = 2 * level * _TOLERANCE
            # As in _IncrementalCount._step: crossing no later and faster than in fact.
            speeds = [(slope - level_slope) * _ABOVE + margin for slope in slopes]
            times = [
                self.counted_at + max(0.0, (level - amount - margin) / speed)
                for amount, speed in zip(amounts, speeds, strict=False)
            ]
            if weights is not None:
                speeds = list(map(mul, speeds, weights))
            # Those with nothing left (no slope) never cross.
            crossing = sorted(compress(range(len(slopes)), slopes), key=times.__getitem__)
            if crossing:
                times = [times[index] for index in crossing]
                speeds = [speeds[index] for index in crossing]
                self._crossings = (
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
        times, speeds, weighted_times = crossings
        crossed = bisect_left(times, at)
        if not crossed:
            return 0.0
        excess = speeds[crossed] * at - weighted_times[crossed]
        return max(0.0, excess) * _ABOVE + weighted_times[crossed] * _TOLERANCE

    def able(self, moved):
        """How many of the winner's payers make up for money moved by ``moved`` (see _able), or
        None."""
        if self.winner is None or not moved:
            return None
        _, level, _, _, (amounts, weights, first_payer), _ = self.winner
        return _able(amounts, weights, first_payer, level, moved)

    def lines(self):
        """The competitors' bounds (in the order of ``remaining``); the largest value and the
        steepest slope among them; the few lowest when counted, and for the others, the
        lowest value, the lowest slope and the highest sensitivity (None if none)."""
        if self._lines is None:
            lines = list(map(self.bound.__getitem__, self.remaining))
            lowest = sorted(lines, key=itemgetter(0))
            others = lowest[_NEAREST:]
            self._lines = (
                lines,
                max(map(abs, map(itemgetter(0), lines)), default=0.0),
                max(map(abs, map(itemgetter(1), lines)), default=0.0),
                lowest[:_NEAREST],
                (
                    others[0][0],
                    min(map(itemgetter(1), others)),
                    max(map(itemgetter(3), others)),
                )
                if others
                else None,
            )
        return self._lines


class _IncrementalCount:
    """Equal Shares in floating point that remembers its steps between raises of the share.

    Each step (one purchase) records until which raise it stays valid, and every few steps the
    state before it. To count at a higher raise, steps still valid are kept: their affine
    amounts are moved to the new share, and the count is resumed from the last saved state at
    or before the first step that is no longer valid.

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

    def __init__(self, engine: EqualSharesCount, initial_share: Fraction):
        self.engine = engine
        self.initial_share = initial_share
        self.raises = 0
        self.share = float(initial_share)  # at self.raises
        # A resumed count starts again from the state saved at a checkpoint at or before its
        # first step no longer valid, and recounts the steps in between. Saving the money lists
        # costs in proportion to the ballot groups: with many groups, saving them at every
        # step cost more than recounting a few steps.
        self.checkpoint_every = max(1, round(math.sqrt(len(engine.weights) / 1000)))
        # The steps counts were resumed from lately, and how far to save states densely.
        self.resumed = deque(maxlen=16)
        self.reach = 3 * self.checkpoint_every
        share = float(initial_share)
        votes = engine.votes
        projects = range(len(engine.costs))
        groups = len(engine.weights)
        self.money = [share] * groups
        self.slope = [1.0] * groups
        self.remaining = set(projects)
        # (ratio, slope, exact ratio when no supporter is short of money, else None, how much
        # the bound can fall per unit of voters' money moved, see _holds)
        self.bound = {p: (1.0 / votes[p], 0.0, Fraction(1, votes[p]), 0.0) for p in projects}
        self.bought = []
        # Per project, the supporters who could not pay its level when it was last priced in
        # this count (a _Short), or None if all could: see _price and _poor_bound.
        self.poor = [None] * len(engine.costs)
        self.priced = {}  # the same, for the projects priced in the step being counted
        # Supporters' amounts in the order of each pricing in this step, with the order's
        # weights and its first payer: the winner's, for _holds.
        self.priced_amounts = {}
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
        # Per step: (raise it stays valid until, state before it or None, what it priced, its
        # _Record), the state being (raise it was counted at, money, slopes, remaining
        # projects, bounds, purchases so far, self.poor, self.broke), saved as
        # _checkpoint_at says.
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

    def count(self, raises: int):
        if raises < self.raises:
            # Validity limits look forward only: start again for a lower share, with what was
            # counted as hints all the same.
            steps, bought = self.steps, self.bought
            self.__init__(self.engine, self.initial_share)
            self.hints = bought
            self.hint_priced = [step[2] for step in steps]
        valid = 0
        while valid < len(self.steps) and self.steps[valid][0] > raises:
            valid += 1
        if valid < len(self.steps):
            holds_until = self._holds_until(raises)
            if holds_until is not None:
                return list(self.bought), holds_until + 1 - raises
            self.resumed.append(valid)
            self.reach = max(3 * self.checkpoint_every, max(self.resumed))
            while self.steps[valid][1] is None:
                valid -= 1
            self.recording = not self.unrecorded
            self.unrecorded = max(0, self.unrecorded - 1)
            self.hints = self.bought
            self.hint_priced = [step[2] for step in self.steps[valid:]]
            self.hint_from = valid
            self._undo_to(valid)
        self._move_to(raises)
        while self._step():
            pass
        self.checked = raises
        limit = min((step[0] for step in self.steps), default=math.inf)
        return list(self.bought), (None if limit == math.inf else limit - raises)

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
        raises, money, slope, remaining, bound, bought, poor, broke = self.steps[valid][1]
        del self.steps[valid:]
        self.raises, self.money, self.slope = raises, money, slope
        self.share = float(self.initial_share) + raises
        self.remaining, self.bound, self.poor, self.broke = remaining, bound, poor, broke
        self.broke_flags = bytearray(broke.to_bytes(len(self.broke_flags), "little"))
        self.bought = self.bought[:bought]
        self.hint_poor = list(poor)

    def _move_to(self, raises):
        delta = raises - self.raises
        if delta:
            self.money = [
                money + slope * delta for money, slope in zip(self.money, self.slope, strict=True)
            ]
            self.bound = {
                p: (value + slope * delta, slope, exact, sensitivity)
                for p, (value, slope, exact, sensitivity) in self.bound.items()
            }
            self.raises = raises
            self.share = float(self.initial_share) + raises

    def _price(self, p, expected_affordable=False):
        """The payment level of ``p`` now: (ratio, level, its slope, exact ratio or None).

        None if its supporters cannot pay for it together, with their money and its slope, or
        bounds of both.
        Starts from the order of its pricing at this step of the previous count, or its last
        pricing, which is nearly sorted still. Remembers who is short, for _poor_bound and the
        next count. With ``expected_affordable`` (the project bought at this step of the
        previous count), whether its supporters can pay for it is checked from the amounts the
        sort fetches anyway rather than first, from a fetch of its own.
        """
        engine = self.engine
        cost, votes = engine.costs[p], engine.votes[p]
        supporters, weights = engine.level_supporters[p]
        if not expected_affordable:
            # No one has more than the share: supporters with something left, all holding
            # the share, would not be enough either. (Half the projects found unaffordable on
            # big budgets, for a bit count instead of fetching their supporters' money.)
            solvent = engine.votes[p] - self._broke(p)
            if solvent * self.share < cost * _BELOW:
                return None, solvent * self.share, float(solvent)
            total = _weighted_sum(engine.level_getters[p](self.money), weights)
            if total < cost * _ABOVE:
                return self._unaffordable(p, total)
        hinted = self.hint_poor[p]
        known = hinted if hinted is not None else self.poor[p]
        money_of = self.money.__getitem__
        # Supporters from poorest to richest; the level is set by the first one who can pay
        # what is still missing divided among those left (water filling). Sorting the order of
        # the last pricing, which few raises or purchases change much, is quicker than sorting
        # from scratch, and the first payer is then near where it was.
        order = sorted(supporters if known is None else known.order, key=money_of)
        in_order = _getter(order)
        amounts = in_order(self.money)
        last = len(amounts) - 1
        first_payer = 0 if known is None else min(known.first_payer, last)
        if weights is None:
            order_weights = None
            paid = sum(amounts[:first_payer])
            poorer = first_payer
        else:
            order_weights = in_order(engine.weights)
            paid = sum(map(mul, amounts[:first_payer], order_weights[:first_payer]))
            poorer = sum(order_weights[:first_payer])
        if expected_affordable:
            total = _weighted_sum(amounts, order_weights)
            if total < cost * _ABOVE:
                return self._unaffordable(p, total)
        # Whether a supporter can pay what is still missing divided among the others turns
        # true only further along the order.
        while first_payer < last and (cost - paid) / (votes - poorer) > amounts[first_payer]:
            weight = 1 if weights is None else order_weights[first_payer]
            paid += amounts[first_payer] * weight
            poorer += weight
            first_payer += 1
        while first_payer:
            before = first_payer - 1
            weight = 1 if weights is None else order_weights[before]
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
            known = None
            sensitivity = 0.0
        else:
            known = _Short(order, first_payer, weights, order_weights, poorer)
            level_slope = -_weighted_sum(known.money_of(self.slope), known.weights) / payers
            sensitivity = 1.0 / (payers * cost)
        self.poor[p] = self.priced[p] = known
        self.priced_amounts[p] = (amounts, order_weights, first_payer)
        exact = Fraction(1, votes) if payers == votes else None
        return level / cost, level, level_slope, exact, sensitivity

    def _unaffordable(self, p, total):
        """``_price``'s answer when ``p``'s supporters have ``total`` together, less than its
        cost: (None, total, its slope)."""
        if total > self.engine.costs[p] * _BELOW:
            raise _TooClose
        weights = self.engine.level_supporters[p][1]
        return None, total, _weighted_sum(self.engine.level_getters[p](self.slope), weights)

    def _poor_bound(self, p, ratio):
        """A lower bound of ``p``'s ratio now if it exceeds ``ratio`` beyond rounding, else None.

        For any set S of supporters, ``(cost - money of S) / (voters outside S)`` is at most the
        level (those outside S pay at most the level each, S at most all it has), with equality
        when S is exactly those short of the level. S is taken as the supporters short of it
        when ``p`` was last priced (in this count, or at this step of the previous one), plus
        those with nothing left now: a valid bound whatever changed since, tight as long as few
        supporters changed side, for a sum over S and a count over the supporters instead of a
        sort. Linear in the money, so affine in the raise like the level.
        Returns (bound, slope, sensitivity as in self.bound) or None.
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

    def _short_bound(self, p, ratio, known, broke):
        """The bound of ``_poor_bound`` with S the supporters ``known`` to be short (none if
        None), plus the ``broke`` ones with nothing left if not None."""
        if known is None:
            short_money = 0.0
            short = broke
        else:
            getter, weights, count = known.money_of, known.weights, known.voters
            amounts = getter(self.money)
            short_money = _weighted_sum(amounts, weights)
            short = count
            if broke is not None:
                # Those of S with nothing left are not counted twice. A supporter of S who
                # paid exactly all they had also has nothing now, but keeps a slope: counting
                # them as one of the broke can only lower the bound.
                short += broke - _weighted_zeros(amounts, weights)
        cost = self.engine.costs[p]
        payers = self.engine.votes[p] - short
        left = cost - short_money
        rounding = (cost + short_money) * _TOLERANCE
        if payers <= 0 or left <= ratio * cost * payers * _ABOVE + rounding:
            return None
        # Its slope in the raise, only for a bound that serves.
        short_slope = 0.0 if known is None else _weighted_sum(getter(self.slope), weights)
        return left / payers / cost, -short_slope / payers / cost, 1.0 / (payers * cost)

    def _step(self) -> bool:
        """Count one purchase (or find there is none); False when the count is over."""
        engine = self.engine
        costs, tie_keys = engine.costs, engine.tie_keys
        money, slope = self.money, self.slope
        remaining, bound = self.remaining, self.bound
        if not remaining:
            return False
        checkpoint = None
        if self._checkpoint_at(len(self.steps)):
            checkpoint = (
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
        self.priced_amounts = {}
        hint_step = len(self.steps) - self.hint_from
        if 0 <= hint_step < len(self.hint_priced):
            for p, known in self.hint_priced[hint_step].items():
                self.hint_poor[p] = known
        removed = []
        unaffordable = []  # (cost, supporters' money, its slope) of the removed, for _holds
        limit = math.inf
        best = None
        candidates = sorted(remaining, key=lambda p: bound[p][0])
        position = len(self.bought)
        hint = None
        if position < len(self.hints) and self.hints[position] in remaining:
            # Price the likely winner first: competitors are then ruled out against it.
            hint = self.hints[position]
            candidates.remove(hint)
            candidates.insert(0, hint)
        for p in candidates:
            if best is not None:
                if bound[p][0] > best[0] * _ABOVE:
                    break
                ruled_out = self._poor_bound(p, best[0])
                if ruled_out is not None:
                    bound[p] = (ruled_out[0], ruled_out[1], None, ruled_out[2])
                    continue
            priced = self._price(p, expected_affordable=best is None and p == hint)
            if priced[0] is None:
                _, total, money_slope = priced
                removed.append(p)
                cost = costs[p]
                unaffordable.append((cost, total, money_slope))
                if money_slope > 0:
                    limit = min(limit, _earliest(cost - total, money_slope, cost))
                continue
            ratio, level, level_slope, exact, sensitivity = priced
            bound[p] = (ratio, level_slope / costs[p], exact, sensitivity)
            if best is None or ratio < best[0] * _BELOW:
                best = (ratio, p, level, level_slope, exact)
            elif ratio <= best[0] * _ABOVE:
                if exact is None or best[4] is None:
                    raise _TooClose
                if exact < best[4] or (exact == best[4] and tie_keys[p] < tie_keys[best[1]]):
                    best = (ratio, p, level, level_slope, exact)
        remaining.difference_update(removed)
        if best is None:
            if removed:
                record = None
                if self.recording:
                    record = _Record(self.raises, None, unaffordable, None, (), math.inf)
                self._record(limit, checkpoint, record)
            return False
        ratio, winner, level, level_slope, exact = best
        short = self.poor[winner]
        remaining.discard(winner)
        # Supporters are listed once per voter or once per group (see level_supporters): a
        # group of several voters can be listed more than once, so amounts are assigned below,
        # not subtracted.
        if short is None:
            payers, payers_of = engine.level_supporters[winner][0], engine.level_getters[winner]
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
        meeting = []
        for q in remaining:
            value, value_slope, _, _ = bound[q]
            if value_slope < winner_slope:
                meeting.append((_earliest(value - ratio, winner_slope - value_slope, ratio), q))
        if meeting:
            limit = self._sharpen(meeting, limit, ratio, winner_slope)
        record = None
        if self.recording:
            record = _Record(
                self.raises,
                (winner, level, level_slope, exact, self.priced_amounts[winner], short_slopes),
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
        self._record(limit, checkpoint, record)
        return True

    def _broke(self, p):
        """How many of ``p``'s supporters have nothing left."""
        single, heavy_of, heavy_weights = self.engine.supporter_bits[p]
        broke = (single & self.broke).bit_count()
        if heavy_of is not None:
            broke += _weighted_zeros(heavy_of(self.slope), heavy_weights)
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
            priced = self._price(q)
            cost = self.engine.costs[q]
            if priced[0] is None:
                _, total, money_slope = priced
                if money_slope > 0:
                    meets = max(meets, _earliest(cost - total, money_slope, cost))
                else:
                    meets = math.inf
            else:
                value, level, level_slope, exact, sensitivity = priced
                value_slope = level_slope / cost
                self.bound[q] = (value, value_slope, exact, sensitivity)
                if value_slope < winner_slope:
                    exact_meets = _earliest(value - ratio, winner_slope - value_slope, ratio)
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
        for valid_until, _, _, record in self.steps:
            if self.checked < valid_until <= start:
                if record is None:
                    return None
                if self._changed_as_counted(record, start):
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
        for index, (valid_until, _, _, record) in enumerate(self.steps):
            if record is None:
                # Counted exactly for the whole range, crossings included, or unknown.
                if moved_end or valid_until <= end + 1:
                    return None
                continue
            excess_end = record.excess(end)
            if not moved_end and not excess_end and valid_until > end:
                continue  # Counted exactly for the whole range.
            excess_start = record.excess(start)
            able = record.able(excess_end + moved_end)
            at_start, at_end = self._margins(
                record, ((start, moved_start, excess_start), (end, moved_end, excess_end)), able
            )
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
        if self.binding >= len(self.steps) or self.steps[self.binding][3] is None:
            return False
        # Money moved by the steps before whose records are known: less than in fact, so the
        # margin found is more than in fact.
        moved = sum(
            record.excess(start)
            for _, _, _, record in self.steps[: self.binding]
            if record is not None
        )
        record = self.steps[self.binding][3]
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
        for cost, total, total_slope in record.unaffordable:
            if total + total_slope * from_count > cost * _ABOVE:
                return True
        if record.winner is None or not record.remaining:
            return False
        winner, level, level_slope = record.winner[:3]
        top = (level + level_slope * from_count) / self.engine.costs[winner]
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
        return self._margins(record, ((at, moved, excess),), able)[0]

    def _margins(self, record, points, able):
        """_margin at several (raise, moved, excess) points at once."""
        margins = []
        winner = record.winner
        if winner is not None:
            winner, level, level_slope, exact, _, _ = winner
            cost = self.engine.costs[winner]
            lines, largest_value, steepest, nearest, others = record.lines()
        for at, moved, excess in points:
            from_count = at - record.counted_at
            margin = math.inf
            for project_cost, total, total_slope in record.unaffordable:
                most = total + total_slope * from_count
                rounding = (project_cost + abs(total_slope * from_count)) * _TOLERANCE
                margin = min(margin, (project_cost - most - moved - rounding) / project_cost)
            if winner is None or not lines:
                margins.append(margin)
                continue
            need = excess + moved
            if need:
                if able is None:
                    margins.append(-math.inf)
                    continue
                rise = need / able * _ABOVE
            else:
                rise = 0.0
            top = (level + level_slope * from_count + rise) / cost
            rounding = (largest_value + steepest * abs(from_count) + top) * _TOLERANCE
            if need or exact is None:
                lowest = min(
                    [value + slope * from_count - fall * moved for value, slope, _, fall in nearest]
                )
                if others is not None:
                    # The others, all at once if they cannot be lower (from_count >= 0).
                    value, slope, fall = others
                    if value + slope * from_count - fall * moved < lowest:
                        lowest = min(
                            [
                                value + slope * from_count - fall * moved
                                for value, slope, _, fall in lines
                            ]
                        )
            else:
                lowest = self._lowest_as_counted(record, winner, exact, from_count)
            margins.append(min(margin, lowest - rounding - top * _ABOVE))
        return margins

    def _lowest_as_counted(self, record, winner, exact, from_count):
        """The lowest competitor's bound of a step counted exactly up to here, where ties
        decided by the tie-breaking stay decided (-inf if one is not)."""
        tie_keys = self.engine.tie_keys
        lowest = math.inf
        lines = record.lines()[0]
        for q, (value, slope, q_exact, _) in zip(record.remaining, lines, strict=True):
            if q_exact is not None and q_exact == exact:
                if tie_keys[winner] < tie_keys[q]:
                    continue
                return -math.inf
            lowest = min(lowest, value + slope * from_count)
        return lowest

    def _record(self, limit, checkpoint, record):
        valid_until = math.inf if limit == math.inf else self.raises + max(1, math.ceil(limit))
        self.steps.append((valid_until, checkpoint, self.priced, record))


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
    """Pause Python's cycle collector, which frees nothing here (counts make no reference
    cycles) but would scan the saved states and supporters' orders, tens of thousands of
    references each, over and over as counts allocate (a tenth of the time on big budgets).
    Memory is still freed as usual."""
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
