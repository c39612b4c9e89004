"""The Method of Equal Shares with cost utilities, for approval ballots: the reference engine.

This module states the rule as it is defined, in exact arithmetic, so that it can be read
against the definitions in one sitting:

* Peters & Skowron, "Proportionality and the limits of welfarism", EC 2020 (the rule, called
  Rule X there);
* Peters, Pierczyński & Skowron, "Proportional participatory budgeting with additive
  utilities", NeurIPS 2021 (the rule for participatory budgets: projects with costs, voters
  with additive utilities; here cost utilities);
* equalshares.net, which describes the rule for communes, gives reference implementations and
  names the completion "add1" (used officially in Wieliczka, Świecie and Assen).

**One count** (``equal_shares``). Every voter receives the same ``share`` of money. With cost
utilities a voter values a project they approve at its cost, so a project ``p`` is
*ρ-affordable* when its supporters, each paying ``min(money left, ρ · cost(p))``, pay exactly
``cost(p)``. At each step the project with the smallest such ρ is bought (ties broken by the
tie-breaking rule), its supporters pay, and the count ends when no remaining project's
supporters can pay for it together. ``ρ · cost(p)`` is the ``max_payment`` of a purchase:
supporters holding less pay all they have.

**Completion by raising the share** (``raise_share``). A count usually leaves money unspent, so
the share is raised by one currency unit at a time and the count done again, keeping the last
count that fits the budget (``add1``). With ``stop_when_exhaustive`` (pabutools' iterated
``method_of_equal_shares`` with ``voter_budget_increment=1``, our rule ``mes``) it also stops at
the first count after which no further supported project fits the budget. Once a count buys
every supported project no higher share can overspend, so it is kept. The ``mes`` rule then
fills what is left greedily by votes (``greedy.py``, applied in ``rules.py``).

Arithmetic is exact (integers and fractions): ties decided by rounding would not be
reproducible. ``equal_shares_fast.py`` computes the same iteration much faster on big budgets;
``rules.py`` chooses between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from .election import Election

# Why raising the share stopped (``Iteration.stop_reason``).
EXHAUSTIVE = "exhaustive"
NEXT_RAISE_OVERSPENDS = "next_raise_overspends"
#: Every supported project is bought: no higher share can overspend or buy anything else.
NOTHING_LEFT_TO_CHANGE = "nothing_left_to_change"


@dataclass(frozen=True)
class Profile:
    """An election as Equal Shares sees it: supported projects and ballot groups.

    Voters who cast the same ballot always hold the same money, so they are counted together:
    ``weights[g]`` voters cast ballot group ``g``. ``costs`` lists the projects someone approved,
    by id in sorted order; ``supporters[p]`` the groups approving ``p``, ``votes[p]`` how many
    voters they are. ``tie_key(p)`` sorts the winner of a tie first.
    """

    costs: dict[str, int]
    weights: tuple[int, ...]
    supporters: dict[str, tuple[int, ...]]
    votes: dict[str, int]
    tie_key: Callable[[str], tuple]

    @classmethod
    def of(cls, election: Election, tie_key: Callable[[str], tuple]) -> Profile:
        groups = election.ballot_groups()
        supporting = {}
        for g, (ballot, _) in enumerate(groups):
            for p in ballot:
                supporting.setdefault(p, []).append(g)
        supported = sorted(supporting)
        weights = tuple(voters for _, voters in groups)
        keys = {p: tie_key(p) for p in supported}
        return cls(
            costs={p: election.project(p).cost for p in supported},
            weights=weights,
            supporters={p: tuple(supporting[p]) for p in supported},
            votes={p: sum(weights[g] for g in supporting[p]) for p in supported},
            tie_key=keys.__getitem__,
        )


class Purchase(NamedTuple):
    """One step of a count: ``project`` was bought, each supporter paying at most
    ``max_payment``; ``paying_all`` supporters held less and paid all they had, the other
    ``paying_max`` paid ``max_payment``."""

    project: str
    max_payment: Fraction
    paying_all: int
    paying_max: int


class Shortfall(NamedTuple):
    """A supported project a count did not buy: what its supporters hold in the end, less than
    its cost, which is why it lost."""

    project: str
    supporters_money: Fraction


@dataclass(frozen=True)
class Count:
    """One count at ``share`` per voter: the purchases in order and the projects not bought (in
    the order of ``Profile.costs``)."""

    share: Fraction
    purchases: tuple[Purchase, ...]
    not_bought: tuple[Shortfall, ...]

    @property
    def bought(self) -> list[str]:
        return [purchase.project for purchase in self.purchases]


@dataclass(frozen=True)
class Iteration:
    """The count kept when raising the share: ``raises`` one-unit raises above
    ``initial_share``, and why raising stopped."""

    initial_share: Fraction
    raises: int
    count: Count
    stop_reason: str


class Money:
    """What each ballot group's voters hold, exact: whole numbers of ``1/unit`` currency units.

    A payment that is not whole in this unit refines it (every amount is multiplied by the
    payment's denominator), so amounts are compared and added as integers: the same exact
    arithmetic as fractions, several times faster.
    """

    def __init__(self, share: Fraction, groups: int):
        self.unit = share.denominator
        self.amounts = [share.numerator] * groups

    def pay(self, groups: Iterable[int], max_payment: Fraction) -> None:
        """Each voter of ``groups`` pays ``max_payment``, or all they have if that is less."""
        payment = max_payment * self.unit
        if payment.denominator != 1:
            self.unit *= payment.denominator
            self.amounts = [amount * payment.denominator for amount in self.amounts]
            payment *= payment.denominator
        amounts, payment = self.amounts, int(payment)
        for g in groups:
            amounts[g] = max(amounts[g] - payment, 0)


def payment(profile: Profile, project: str, money: Money) -> Purchase | None:
    """The purchase of ``project`` with the smallest ``max_payment``, or None if its supporters
    cannot pay for it together.

    Supporters are taken from the poorest: while the poorest cannot pay an equal part of what is
    still missing, they pay all they have (the ρ of Peters, Pierczyński & Skowron 2021, with
    cost utilities). Amounts are in ``1/money.unit`` currency units.
    """
    weights, votes, amounts = profile.weights, profile.votes[project], money.amounts
    cost = profile.costs[project] * money.unit
    supporters = sorted(profile.supporters[project], key=amounts.__getitem__)
    if sum(amounts[g] * weights[g] for g in supporters) < cost:
        return None
    paid, payers = 0, votes
    for g in supporters:
        if amounts[g] * payers >= cost - paid:  # g can pay an equal part of what is missing
            max_payment = Fraction(cost - paid, payers * money.unit)
            return Purchase(project, max_payment, votes - payers, payers)
        paid += amounts[g] * weights[g]
        payers -= weights[g]
    raise AssertionError("supporters who can pay together always have a payer")  # pragma: no cover


def equal_shares(profile: Profile, share: Fraction | int) -> Count:
    """Count once with ``share`` per voter (Rule X of Peters & Skowron 2020, the Method of
    Equal Shares of Peters, Pierczyński & Skowron 2021, with cost utilities).

    A project's ρ never falls during a count (its supporters only spend), so the ρ found at an
    earlier step is a lower bound: projects are looked at from the lowest bound, and the search
    stops at one whose bound cannot beat the best found (as equalshares.net's implementation
    does). Exact ties of ρ go to the smallest tie key.
    """
    costs, tie_key, share = profile.costs, profile.tie_key, Fraction(share)
    money = Money(share, len(profile.weights))
    # A lower bound of each remaining project's ρ: its supporters all paying equally.
    lowest_rho = {p: Fraction(1, profile.votes[p]) for p in costs}
    purchases = []
    while lowest_rho:
        best = best_rho = None
        for p in sorted(lowest_rho, key=lambda p: (lowest_rho[p], tie_key(p))):
            if best is not None and (lowest_rho[p], tie_key(p)) > (best_rho, tie_key(best.project)):
                break
            purchase = payment(profile, p, money)
            if purchase is None:
                del lowest_rho[p]  # Its supporters only get poorer during a count.
                continue
            rho = lowest_rho[p] = purchase.max_payment / costs[p]
            if best is None or (rho, tie_key(p)) < (best_rho, tie_key(best.project)):
                best, best_rho = purchase, rho
        if best is None:
            break
        del lowest_rho[best.project]
        money.pay(profile.supporters[best.project], best.max_payment)
        purchases.append(best)
    bought = {purchase.project for purchase in purchases}
    not_bought = tuple(
        Shortfall(
            p, Fraction(sum(money.amounts[g] * profile.weights[g] for g in groups), money.unit)
        )
        for p, groups in profile.supporters.items()
        if p not in bought
    )
    return Count(share, tuple(purchases), not_bought)


def stop_reason(
    profile: Profile, bought: Iterable[str], budget: int, stop_when_exhaustive: bool
) -> str | None:
    """Why raising the share stops at a count buying ``bought`` (which fits the budget), or
    None to go on."""
    bought = set(bought)
    spent = sum(profile.costs[p] for p in bought)
    if stop_when_exhaustive and all(
        spent + cost > budget for p, cost in profile.costs.items() if p not in bought
    ):
        return EXHAUSTIVE
    if len(bought) == len(profile.costs):
        return NOTHING_LEFT_TO_CHANGE
    return None


def raise_share(
    profile: Profile, budget: int, initial_share: Fraction | int, stop_when_exhaustive: bool
) -> Iteration:
    """Raise the share one unit at a time from ``initial_share`` and keep the last count that
    fits ``budget`` (equalshares.net's add1 completion).

    With ``stop_when_exhaustive``, stop at the first count after which no supported project
    fits. ``initial_share`` is at most ``budget`` divided among the voters, so the first count
    always fits: voters cannot spend more than they hold.
    """
    initial_share = Fraction(initial_share)
    raises, kept = 0, equal_shares(profile, initial_share)
    while True:
        reason = stop_reason(profile, kept.bought, budget, stop_when_exhaustive)
        if reason is not None:
            return Iteration(initial_share, raises, kept, reason)
        following = equal_shares(profile, initial_share + raises + 1)
        if sum(profile.costs[p] for p in following.bought) > budget:
            return Iteration(initial_share, raises, kept, NEXT_RAISE_OVERSPENDS)
        raises, kept = raises + 1, following
