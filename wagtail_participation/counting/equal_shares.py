"""The Method of Equal Shares with cost utilities, for approval ballots.

Each voter gets an equal share of money. Repeatedly, among the projects whose supporters can
still pay for them, buy the one needing the smallest payment per unit of cost from its
supporters (``max_payment / cost``): each supporter pays at most ``max_payment``, the poorer
ones everything they have left. Arithmetic is exact (integers and fractions), as in pabutools,
because ties decided by rounding would not be reproducible.

Three things make the iterated variants fast enough for big budgets:

* Each count also computes how far the share per voter can be raised before anything in it can
  change. All amounts are affine in the share while the count keeps the same shape, and a
  project's payment level is convex in its supporters' money, hence in the share while that
  money is affine, so its current affine form bounds it from below; the count is then valid up
  to the first raise where a bound meets the winner, a winner's poorer supporters become able
  to pay the level, or an unaffordable project becomes affordable. (A higher share never leaves
  a supporter less money nor a project a higher level, so those paying the level keep paying
  it.) The iterated variants jump straight there instead of recounting for every one-unit
  raise, which gives the same outcome as stepping one unit at a time.
* Between raises, a count is resumed from its first step the raise can change, in floating
  point, with money kept per ballot group and a project's level found by sorting its
  supporters' money; any decision within rounding reach of the other choice is redone in
  fractions.
* The count that is kept is recomputed exactly by replaying its purchases, and the exact count
  (used when floating point cannot decide) handles voters in *money classes*: all voters
  holding the same amount share one class, so evaluating a project sorts a handful of classes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from operator import mul

from .explain import SUPPORTERS_CANNOT_AFFORD, EqualSharesLoser, EqualSharesPurchase
from .tie_breaking import TieBreaking

EXHAUSTIVE = "exhaustive"
NEXT_RAISE_OVERSPENDS = "next_raise_overspends"
NOTHING_LEFT_TO_CHANGE = "nothing_left_to_change"


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
    money_left: tuple[Fraction, ...]
    # How much the share can grow before the count may change; None if it never can.
    valid_for: Fraction | None


def _div(numerator, denominator):
    return Fraction(numerator, denominator) if numerator % denominator else numerator // denominator


# Floating-point amounts here are exact to about 1e-15 relative; decisions closer than this
# margin are redone in exact arithmetic, and raise limits are shrunk by it.
_TOLERANCE = 1e-9
_ABOVE = 1 + _TOLERANCE
_BELOW = 1 - _TOLERANCE


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

    def __init__(self, costs, ballot_groups, voters: int, tie_breaking: TieBreaking):
        self.voters = voters
        supported = sorted({project_id for ballot, _ in ballot_groups for project_id in ballot})
        self.ids = supported
        position = {project_id: index for index, project_id in enumerate(supported)}
        self.costs = [costs[project_id] for project_id in supported]
        self.tie_keys = [tie_breaking.key(project_id) for project_id in supported]
        self.weights = [voters_with_ballot for _, voters_with_ballot in ballot_groups]
        self.ballots = [
            sorted(position[project_id] for project_id in ballot) for ballot, _ in ballot_groups
        ]
        self.supporters = [[] for _ in supported]
        for group, projects in enumerate(self.ballots):
            for project in projects:
                self.supporters[project].append(group)
        self.votes = [sum(self.weights[g] for g in groups) for groups in self.supporters]
        # The supporters whose money a project's level is computed from: one group index per
        # voter (no weights to carry along) when groups are mostly single voters, else the
        # groups with their weights (many voters sharing ballots, as in small communes).
        self.level_supporters = []
        for p, groups in enumerate(self.supporters):
            if self.votes[p] <= 2 * len(groups):
                voters = [g for g in groups for _ in range(self.weights[g])]
                self.level_supporters.append((voters, None))
            else:
                self.level_supporters.append((groups, [self.weights[g] for g in groups]))
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
        money_left = tuple(class_money[c] for c in group_class)
        return _Count(share, tuple(purchases), money_left, min(limits) if limits else None)

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
        self._incremental = None
        raises, previous = 0, None
        while True:
            bought, valid_for = self.next_raise_fast(initial_share, raises)
            spent = sum(self.costs[p] for p in bought)
            if spent > budget:
                if previous is None:
                    return 0, None, NEXT_RAISE_OVERSPENDS
                # The previous purchases hold for every raise up to this one.
                kept = raises - 1
                return kept, self.replay(initial_share + kept, previous), NEXT_RAISE_OVERSPENDS
            if stop_when_exhaustive and self._exhaustive(bought, spent, budget):
                return raises, self.replay(initial_share + raises, bought), EXHAUSTIVE
            if valid_for is None:
                return raises, self.replay(initial_share + raises, bought), NOTHING_LEFT_TO_CHANGE
            previous = bought
            raises += valid_for

    def replay(self, share, projects) -> _Count:
        """The count at ``share`` that buys ``projects`` in this order, in exact arithmetic.

        Only the payments are computed, not the choice of each purchase: ``projects`` must be
        what Equal Shares buys at this share (as ``next_raise_fast`` finds). Much cheaper than
        ``count``, which compares every candidate at every step in fractions.
        """
        weights = self.weights
        # Class 0 holds voters with nothing left; class 1 everyone at the start.
        class_money = [0, share]
        group_class = [1] * len(weights)
        purchases = []
        for p in projects:
            cost, votes = self.costs[p], self.votes[p]
            in_class = {}
            for g in self.supporters[p]:
                c = group_class[g]
                in_class[c] = in_class.get(c, 0) + weights[g]
            paid, payers = 0, votes
            for c in sorted(in_class, key=class_money.__getitem__):
                level = _div(cost - paid, payers)
                if level <= class_money[c]:
                    break
                paid += class_money[c] * in_class[c]
                payers -= in_class[c]
            else:
                raise AssertionError("replayed purchase its supporters cannot afford")
            new_class = {}
            for c in in_class:
                if class_money[c] < level:
                    new_class[c] = 0
                else:
                    new_class[c] = len(class_money)
                    class_money.append(class_money[c] - level)
            for g in self.supporters[p]:
                group_class[g] = new_class[group_class[g]]
            purchases.append(_Purchase(p, level, votes - payers, payers))
        money_left = tuple(class_money[c] for c in group_class)
        return _Count(share, tuple(purchases), money_left, None)

    def _exhaustive(self, bought, spent, budget):
        bought = set(bought)
        return all(spent + cost > budget for p, cost in enumerate(self.costs) if p not in bought)

    def describe(self, count: _Count):
        purchases = tuple(
            EqualSharesPurchase(
                self.ids[purchase.project],
                round_number,
                self.costs[purchase.project],
                self.votes[purchase.project],
                Fraction(purchase.max_payment),
                purchase.paying_all,
                purchase.paying_max,
            )
            for round_number, purchase in enumerate(count.purchases, start=1)
        )
        bought = {purchase.project for purchase in count.purchases}
        losers = tuple(
            EqualSharesLoser(
                self.ids[p],
                self.costs[p],
                self.votes[p],
                Fraction(sum(count.money_left[g] * self.weights[g] for g in self.supporters[p])),
                SUPPORTERS_CANNOT_AFFORD,
            )
            for p in range(len(self.costs))
            if p not in bought
        )
        return purchases, losers


class _IncrementalCount:
    """Equal Shares in floating point that remembers its steps between raises of the share.

    Each step (one purchase) records what it changed and until which raise it stays valid. To
    count at a higher raise, steps still valid are kept: their affine amounts are moved to the
    new share, and only the later steps are undone and counted again.

    Money is kept per ballot group (amount now and its slope in the raise), and a project's
    payment level is computed from its supporters when needed, by sorting their money. Keeping
    per-project tallies of money classes up to date instead cost a dictionary update for every
    project on the ballot of every supporter who paid, at every step, and made resuming a count
    several times slower than recomputing the few levels each step looks at.
    """

    def __init__(self, engine: EqualSharesCount, initial_share: Fraction):
        self.engine = engine
        self.initial_share = initial_share
        self.raises = 0
        share = float(initial_share)
        votes = engine.votes
        projects = range(len(engine.costs))
        groups = len(engine.weights)
        self.money = [share] * groups
        self.slope = [1.0] * groups
        self.remaining = set(projects)
        # (ratio, slope, exact ratio when no supporter is short of money, else None)
        self.bound = {p: (1.0 / votes[p], 0.0, Fraction(1, votes[p])) for p in projects}
        self.bought = []
        # Per step: (raise it stays valid until, projects it removed, whether the last of them
        # was bought, bounds it replaced, groups it changed with their money and slope before,
        # raise it was counted at).
        self.steps = []

    def count(self, raises: int):
        if raises < self.raises:
            # Validity limits look forward only: start again for a lower share.
            self.__init__(self.engine, self.initial_share)
        valid = 0
        while valid < len(self.steps) and self.steps[valid][0] > raises:
            valid += 1
        while len(self.steps) > valid:
            self._undo()
        self._move_to(raises)
        while self._step():
            pass
        limit = min((step[0] for step in self.steps), default=math.inf)
        return list(self.bought), (None if limit == math.inf else limit - raises)

    def _move_to(self, raises):
        delta = raises - self.raises
        if delta:
            self.money = [
                money + slope * delta for money, slope in zip(self.money, self.slope, strict=True)
            ]
            self.bound = {
                p: (value + slope * delta, slope, exact)
                for p, (value, slope, exact) in self.bound.items()
            }
            self.raises = raises

    def _undo(self):
        _, removed, bought, replaced, changed, raises_then = self.steps.pop()
        money, slope = self.money, self.slope
        delta = self.raises - raises_then
        for g, money_then, slope_then in changed:
            money[g] = money_then + slope_then * delta
            slope[g] = slope_then
        if bought:
            self.bought.pop()
        self.remaining.update(removed)
        for p, (value, value_slope, exact) in replaced.items():
            self.bound[p] = (value + value_slope * delta, value_slope, exact)

    def _step(self) -> bool:
        """Count one purchase (or find there is none); False when the count is over."""
        engine = self.engine
        costs, tie_keys, votes, level_supporters = (
            engine.costs,
            engine.tie_keys,
            engine.votes,
            engine.level_supporters,
        )
        money, slope = self.money, self.slope
        money_of, slope_of, weight_of = (
            money.__getitem__,
            slope.__getitem__,
            engine.weights.__getitem__,
        )
        remaining, bound = self.remaining, self.bound
        if not remaining:
            return False
        removed, replaced = [], {}
        limit = math.inf
        best = None
        for p in sorted(remaining, key=lambda p: bound[p][0]):
            if best is not None and bound[p][0] > best[0] * _ABOVE:
                break
            cost = costs[p]
            supporters, weights = level_supporters[p]
            if weights is None:
                total = sum(map(money_of, supporters))
            else:
                total = sum(map(mul, map(money_of, supporters), weights))
            if total < cost * _ABOVE:
                if total > cost * _BELOW:
                    raise _TooClose
                removed.append(p)
                if weights is None:
                    money_slope = sum(map(slope_of, supporters))
                else:
                    money_slope = sum(map(mul, map(slope_of, supporters), weights))
                if money_slope > 0:
                    limit = min(limit, _earliest(cost - total, money_slope, cost))
                continue
            # Supporters from poorest to richest; the level is set by the first one who can
            # pay what is still missing divided among those left (water filling). Whether a
            # supporter can pay only turns true further along, so it is found by bisection.
            order = sorted(supporters, key=money_of)
            amounts = list(map(money_of, order))
            if weights is None:
                paid = list(accumulate(amounts, initial=0.0))
                poorer = range(len(amounts))
            else:
                order_weights = list(map(weight_of, order))
                paid = list(accumulate(map(mul, amounts, order_weights), initial=0.0))
                poorer = list(accumulate(order_weights, initial=0))
            low, high = 0, len(amounts) - 1
            while low < high:
                middle = (low + high) // 2
                if (cost - paid[middle]) / (votes[p] - poorer[middle]) <= amounts[middle]:
                    high = middle
                else:
                    low = middle + 1
            payers = votes[p] - poorer[low]
            level = (cost - paid[low]) / payers
            if weights is None:
                level_slope = -sum(map(slope_of, order[:low])) / payers
            else:
                poor_slopes = map(mul, map(slope_of, order[:low]), order_weights)
                level_slope = -sum(poor_slopes) / payers
            ratio = level / cost
            exact = Fraction(1, votes[p]) if payers == votes[p] else None
            if p not in replaced:
                replaced[p] = bound[p]
            bound[p] = (ratio, level_slope / cost, exact)
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
                self._record(limit, removed, False, replaced, [])
            return False
        ratio, winner, level, level_slope, _ = best
        remaining.discard(winner)
        removed.append(winner)
        winner_slope = level_slope / costs[winner]
        for q in remaining:
            value, value_slope, _ = bound[q]
            if value_slope < winner_slope:
                limit = min(limit, _earliest(value - ratio, winner_slope - value_slope, ratio))
        # Money only grows with the share and levels only fall (slopes are >= 0, level slopes
        # <= 0), so a supporter paying the level keeps paying it at higher shares: only the
        # poorer ones, who pay everything they have, can change side.
        changed = []
        for g in engine.supporters[winner]:
            amount, amount_slope = money[g], slope[g]
            if amount < level:
                if amount_slope == 0.0 and amount == 0.0:
                    continue  # had nothing left already
                if amount_slope > level_slope:
                    limit = min(limit, _earliest(level - amount, amount_slope - level_slope, level))
                money[g] = 0.0
                slope[g] = 0.0
            else:
                # Even with nothing left, a supporter who paid the level keeps a slope: a
                # higher share would leave them some money.
                left = amount - level
                money[g] = left if left > 0.0 else 0.0
                slope[g] = amount_slope - level_slope
            changed.append((g, amount, amount_slope))
        self.bought.append(winner)
        self._record(limit, removed, True, replaced, changed)
        return True

    def _record(self, limit, removed, bought, replaced, changed):
        valid_until = math.inf if limit == math.inf else self.raises + max(1, math.ceil(limit))
        self.steps.append((valid_until, removed, bought, replaced, changed, self.raises))
