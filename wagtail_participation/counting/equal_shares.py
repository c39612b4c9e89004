"""The Method of Equal Shares with cost utilities, for approval ballots.

Each voter gets an equal share of money. Repeatedly, among the projects whose supporters can
still pay for them, buy the one needing the smallest payment per unit of cost from its
supporters (``max_payment / cost``): each supporter pays at most ``max_payment``, the poorer
ones everything they have left. Arithmetic is exact (integers and fractions), as in pabutools,
because ties decided by rounding would not be reproducible.

Two things make the iterated variants fast enough for big budgets:

* Voters are handled in *money classes*: all voters holding the same amount share one class,
  and each project keeps how many of its supporters sit in each class. Buying a project moves
  its supporters to new classes; evaluating a project sorts a handful of classes, not thousands
  of voters.
* Each count also computes how far the share per voter can be raised before anything in it can
  change. All amounts are affine in the share while the count keeps the same shape, and a
  project's payment level is convex in the share, so its current affine form bounds it from
  below; the count is then valid up to the first raise where a bound meets the winner, a winner's
  poorer supporters become able to pay the level (or richer ones unable), or an unaffordable
  project becomes affordable. The iterated variants jump straight there instead of recounting
  for every one-unit raise, which gives the same outcome as stepping one unit at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

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
                        limits.append((costs[p] - money) / money_slope)
                    continue
                max_payment, payment_slope, paying_all, paying_max = level
                ratio = max_payment / costs[p]
                bound[p] = (ratio, payment_slope / costs[p])
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
            winner_slope = payment_slope / costs[winner]
            for q in remaining:
                value, slope = bound[q]
                if slope < winner_slope:
                    limits.append((value - ratio) / (winner_slope - slope))
            new_class = {}
            for c in in_class[winner]:
                money, slope = class_money[c], class_slope[c]
                if money < max_payment:
                    if slope > payment_slope:
                        limits.append((max_payment - money) / (slope - payment_slope))
                    new_class[c] = 0
                else:
                    if payment_slope > slope:
                        limits.append((money - max_payment) / (payment_slope - slope))
                    if money == max_payment:
                        new_class[c] = 0
                    else:
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
        Returns (raises, count kept, stop reason).
        """
        raises, previous = 0, None
        while True:
            count = self.count(initial_share + raises)
            spent = sum(self.costs[purchase.project] for purchase in count.purchases)
            if spent > budget:
                if previous is None:
                    return 0, None, NEXT_RAISE_OVERSPENDS
                kept_raises = raises - 1
                if kept_raises != previous[0]:
                    # Same outcome as the last count made, but explained at the share kept.
                    previous = (kept_raises, self.count(initial_share + kept_raises))
                return previous[0], previous[1], NEXT_RAISE_OVERSPENDS
            if stop_when_exhaustive and self._exhaustive(count, spent, budget):
                return raises, count, EXHAUSTIVE
            if count.valid_for is None:
                return raises, count, NOTHING_LEFT_TO_CHANGE
            previous = (raises, count)
            raises += max(1, math.ceil(count.valid_for))

    def _exhaustive(self, count, spent, budget):
        bought = {purchase.project for purchase in count.purchases}
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
