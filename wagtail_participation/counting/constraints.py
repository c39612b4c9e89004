"""Ballot constraints, as pure functions the ballot page and paper entry call.

Each check returns None when the ballot is acceptable, or a ``Violation`` with a code and the
numbers needed to tell the voter what to change.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Violation:
    code: str
    limit: int
    actual: int


@dataclass(frozen=True)
class BallotRules:
    """The constraints of one vote; a None limit is not enforced.

    ``min_percent_of_budget`` is a percentage (0-100) of ``budget`` the chosen projects must
    cost at least; ``max_cost`` defaults to the envelope when the election sets none.
    """

    budget: int
    max_projects: int | None = None
    min_projects: int | None = None
    max_cost: int | None = None
    min_percent_of_budget: int | None = None
    costs: Mapping[str, int] = field(default_factory=dict)


def at_most_projects(ballot: Collection[str], limit: int) -> Violation | None:
    return Violation("too_many_projects", limit, len(ballot)) if len(ballot) > limit else None


def at_least_projects(ballot: Collection[str], limit: int) -> Violation | None:
    return Violation("too_few_projects", limit, len(ballot)) if len(ballot) < limit else None


def ballot_cost(ballot: Collection[str], costs: Mapping[str, int]) -> int:
    return sum(costs[project_id] for project_id in ballot)


def within_cost(ballot: Collection[str], costs: Mapping[str, int], limit: int) -> Violation | None:
    total = ballot_cost(ballot, costs)
    return Violation("over_budget", limit, total) if total > limit else None


def minimum_cost_for(budget: int, percent: int) -> int:
    """The least a ballot must cost to reach ``percent`` of ``budget``, rounded up to the unit."""
    return -(-budget * percent // 100)


def at_least_percent_of_budget(
    ballot: Collection[str], costs: Mapping[str, int], budget: int, percent: int
) -> Violation | None:
    needed = minimum_cost_for(budget, percent)
    total = ballot_cost(ballot, costs)
    return Violation("under_minimum_spend", needed, total) if total < needed else None


def violations(ballot: Collection[str], rules: BallotRules) -> list[Violation]:
    """Every constraint ``ballot`` breaks, in a stable order (empty when it is valid)."""
    ballot = set(ballot)
    found = []
    if rules.max_projects is not None:
        found.append(at_most_projects(ballot, rules.max_projects))
    if rules.min_projects is not None:
        found.append(at_least_projects(ballot, rules.min_projects))
    found.append(within_cost(ballot, rules.costs, rules.max_cost or rules.budget))
    if rules.min_percent_of_budget is not None:
        found.append(
            at_least_percent_of_budget(
                ballot, rules.costs, rules.budget, rules.min_percent_of_budget
            )
        )
    return [violation for violation in found if violation is not None]
