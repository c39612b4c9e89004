"""Explanations of an outcome, as data: codes and numbers the pages and the PDF put into words.

Nothing here is an English sentence: a results page or the PDF report maps each ``code`` to a
translated text and fills it with the numbers. Amounts are exact: integers, or
``fractions.Fraction`` where Equal Shares divides money between voters; ``to_dict`` turns them
into strings ("1234" or "2469/2") for JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction

from .equal_shares import Iteration, Profile

# Why a project was or was not funded.
SELECTED = "selected"
SELECTED_BY_COMPLETION = "selected_by_completion"
NO_VOTES = "no_votes"
DOES_NOT_FIT = "does_not_fit"
SUPPORTERS_CANNOT_AFFORD = "supporters_cannot_afford"

# Which outcome the comparison step kept.
KEPT_EQUAL_SHARES = "kept_equal_shares"
KEPT_GREEDY = "kept_greedy"


@dataclass(frozen=True)
class GreedyStep:
    """One project in greedy order: its rank, and the envelope left before and after it."""

    project_id: str
    rank: int
    votes: int
    cost: int
    budget_left_before: int | Fraction
    budget_left_after: int | Fraction
    status: str


@dataclass(frozen=True)
class EqualSharesPurchase:
    """A project bought by its supporters: each paid at most ``max_payment``.

    ``supporters_paying_all`` could not pay ``max_payment`` and gave everything they had left.
    """

    project_id: str
    round: int
    cost: int
    votes: int
    max_payment: Fraction
    supporters_paying_all: int
    supporters_paying_max: int


@dataclass(frozen=True)
class EqualSharesLoser:
    """A project Equal Shares did not buy: what its supporters had left against its cost."""

    project_id: str
    cost: int
    votes: int
    supporters_money_left: Fraction
    status: str


@dataclass(frozen=True)
class Comparison:
    """pabulib's comparison step: how many voters prefer each outcome (by cost of their wins)."""

    voters_preferring_equal_shares: int
    voters_preferring_greedy: int
    equal_shares_selected: tuple[str, ...]
    greedy_selected: tuple[str, ...]
    decision: str


@dataclass(frozen=True)
class EqualSharesExplanation:
    """How the Equal Shares stage reached its outcome.

    ``share_per_voter`` is the money each voter started with in the count that was kept:
    ``initial_share`` plus ``raises`` one-unit raises.
    """

    voters: int
    initial_share: Fraction
    raises: int
    share_per_voter: Fraction
    stop_reason: str
    purchases: tuple[EqualSharesPurchase, ...]
    losers: tuple[EqualSharesLoser, ...]
    completion: tuple[GreedyStep, ...] = ()
    comparison: Comparison | None = None


def explain_equal_shares(
    profile: Profile,
    voters: int,
    iteration: Iteration,
    completion: tuple[GreedyStep, ...] = (),
    comparison: Comparison | None = None,
) -> EqualSharesExplanation:
    """The explanation of the count ``iteration`` kept: who paid what at each purchase, and what
    the supporters of each project not bought had left against its cost."""
    kept = iteration.count
    costs, votes = profile.costs, profile.votes
    return EqualSharesExplanation(
        voters=voters,
        initial_share=iteration.initial_share,
        raises=iteration.raises,
        share_per_voter=kept.share,
        stop_reason=iteration.stop_reason,
        purchases=tuple(
            EqualSharesPurchase(
                purchase.project,
                step,
                costs[purchase.project],
                votes[purchase.project],
                purchase.max_payment,
                purchase.paying_all,
                purchase.paying_max,
            )
            for step, purchase in enumerate(kept.purchases, start=1)
        ),
        losers=tuple(
            EqualSharesLoser(
                shortfall.project,
                costs[shortfall.project],
                votes[shortfall.project],
                shortfall.supporters_money,
                SUPPORTERS_CANNOT_AFFORD,
            )
            for shortfall in kept.not_bought
        ),
        completion=completion,
        comparison=comparison,
    )


@dataclass(frozen=True)
class Outcome:
    """The result of a count: the funded projects and why.

    ``selected`` lists project ids in the order the rule funded them.
    """

    rule: str
    tie_breaking: str
    seed: int | None
    budget: int
    selected: tuple[str, ...]
    total_cost: int
    greedy_steps: tuple[GreedyStep, ...] = ()
    equal_shares: EqualSharesExplanation | None = None
    not_funded_without_votes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return _plain(asdict(self))


def _plain(value):
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
