"""The counting rules a commune can choose, behind one function: ``count``."""

from __future__ import annotations

from fractions import Fraction

from .election import Election
from .equal_shares import EqualSharesCount
from .errors import CountingError
from .explain import (
    KEPT_EQUAL_SHARES,
    KEPT_GREEDY,
    SELECTED_BY_COMPLETION,
    Comparison,
    EqualSharesExplanation,
    Outcome,
)
from .greedy import greedy_fill
from .tie_breaking import COMMUNE, make_tie_breaking

GREEDY = "greedy"
MES = "mes"
EQUALSHARES_ADD1 = "equalshares-add1"
EQUALSHARES_ADD1_COMPARISON = "equalshares-add1-comparison"
RULES = (GREEDY, MES, EQUALSHARES_ADD1, EQUALSHARES_ADD1_COMPARISON)


def count(
    election: Election, rule: str, tie_breaking: str = COMMUNE, seed: int | None = None
) -> Outcome:
    """Count ``election`` with ``rule``; ``tie_breaking`` is ``"commune"`` or ``"lexico"``.

    ``seed`` is the published seed of the commune draw (ignored by ``lexico``).
    """
    if rule not in RULES:
        raise CountingError("unknown_rule", rule=rule, allowed=list(RULES))
    costs, votes = election.costs, election.votes()
    ties = make_tie_breaking(tie_breaking, costs, votes, seed)
    without_votes = tuple(project.id for project in election.projects if votes[project.id] == 0)
    common = {
        "rule": rule,
        "tie_breaking": ties.name,
        "seed": ties.seed,
        "budget": election.budget,
        "not_funded_without_votes": without_votes,
    }
    if rule == GREEDY:
        selected, steps = greedy_fill(costs, votes, election.budget, ties)
        return Outcome(
            selected=tuple(selected),
            total_cost=sum(costs[p] for p in selected),
            greedy_steps=tuple(steps),
            **common,
        )

    voters = len(election.ballots)
    engine = EqualSharesCount(costs, election.ballot_groups(), voters, ties)
    if rule == MES:
        initial_share = Fraction(election.budget, voters)
        stop_when_exhaustive = True
    else:
        initial_share = Fraction(election.budget // voters)
        stop_when_exhaustive = False
    raises, kept, stop_reason = engine.iterate(initial_share, election.budget, stop_when_exhaustive)
    if kept is None:  # even the first count overspent: nothing is bought by Equal Shares
        kept = engine.replay(initial_share, [])
    purchases, losers = engine.describe(kept)
    selected = engine.selected(kept)
    completion = ()
    if rule == MES:
        spent = sum(costs[p] for p in selected)
        added, steps = greedy_fill(
            costs, votes, election.budget - spent, ties, selected, SELECTED_BY_COMPLETION
        )
        selected += added
        completion = tuple(steps)
    comparison = None
    if rule == EQUALSHARES_ADD1_COMPARISON:
        greedy_selected, _ = greedy_fill(costs, votes, election.budget, ties)
        comparison = _compare(election, selected, greedy_selected)
        if comparison.decision == KEPT_GREEDY:
            selected = greedy_selected
    explanation = EqualSharesExplanation(
        voters=voters,
        initial_share=Fraction(initial_share),
        raises=raises,
        share_per_voter=Fraction(kept.share),
        stop_reason=stop_reason,
        purchases=purchases,
        losers=losers,
        completion=completion,
        comparison=comparison,
    )
    return Outcome(
        selected=tuple(selected),
        total_cost=sum(costs[p] for p in selected),
        equal_shares=explanation,
        **common,
    )


def _compare(election: Election, equal_shares: list[str], greedy: list[str]) -> Comparison:
    """pabulib's comparison step: keep greedy only if more voters prefer it than Equal Shares.

    A voter prefers the outcome funding more money's worth of the projects they approved.
    """
    costs = election.costs
    for_equal_shares, for_greedy = set(equal_shares), set(greedy)
    prefer_equal_shares = prefer_greedy = 0
    for ballot, voters in election.ballot_groups():
        value_equal_shares = sum(costs[p] for p in ballot if p in for_equal_shares)
        value_greedy = sum(costs[p] for p in ballot if p in for_greedy)
        if value_equal_shares > value_greedy:
            prefer_equal_shares += voters
        elif value_greedy > value_equal_shares:
            prefer_greedy += voters
    decision = KEPT_GREEDY if prefer_greedy > prefer_equal_shares else KEPT_EQUAL_SHARES
    return Comparison(
        prefer_equal_shares, prefer_greedy, tuple(equal_shares), tuple(greedy), decision
    )
