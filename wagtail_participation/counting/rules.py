"""The counting rules a commune can choose, behind one function: ``count``."""

from __future__ import annotations

from fractions import Fraction

from . import equal_shares, equal_shares_fast
from .election import Election
from .errors import CountingError
from .explain import (
    KEPT_EQUAL_SHARES,
    KEPT_GREEDY,
    SELECTED_BY_COMPLETION,
    Comparison,
    Outcome,
    explain_equal_shares,
)
from .greedy import greedy_fill
from .tie_breaking import COMMUNE, make_tie_breaking

GREEDY = "greedy"
MES = "mes"
EQUALSHARES_ADD1 = "equalshares-add1"
EQUALSHARES_ADD1_COMPARISON = "equalshares-add1-comparison"
RULES = (GREEDY, MES, EQUALSHARES_ADD1, EQUALSHARES_ADD1_COMPARISON)

# Which engine computes Equal Shares: both give the same outcome and explanation.
AUTO = "auto"
REFERENCE = "reference"
FAST = "fast"
ENGINES = (AUTO, REFERENCE, FAST)
#: ``auto`` uses the fast engine when ``reference_work`` exceeds this: about two seconds of
#: the reference engine (docs/benchmarks.md, section budget_counting, has the measurements).
FAST_ABOVE_WORK = 250_000_000
#: In a step of the reference engine, comparing the projects still in the running (in
#: fractions) takes about as long as looking at this many supporters' money, per project.
STEP_COST_IN_SUPPORTERS = 200


def reference_work(election: Election) -> int:
    """A rough measure of the reference engine's work on ``election``, in supporters looked at.

    It counts once per one-unit raise of the share, and the raises are of the order of the share
    per voter in counting units (from a third of it to twice it on the budgets measured); a
    count takes a step per project, and each step looks at the supporters of distinct ballots
    and compares the projects.
    """
    groups = election.ballot_groups()
    approvals = sum(len(ballot) for ballot, _ in groups)
    projects = len({project_id for ballot, _ in groups for project_id in ballot})
    share = max(1, election.budget // len(election.ballots))
    return share * projects * (approvals + STEP_COST_IN_SUPPORTERS * projects)


def choose_engine(election: Election) -> str:
    """The engine ``count(..., engine="auto")`` uses: the reference engine, which states the
    rule as defined, unless ``election`` is too big for it to count in a couple of seconds."""
    return FAST if reference_work(election) > FAST_ABOVE_WORK else REFERENCE


def count(
    election: Election,
    rule: str,
    tie_breaking: str = COMMUNE,
    seed: int | None = None,
    engine: str = AUTO,
) -> Outcome:
    """Count ``election`` with ``rule``; ``tie_breaking`` is ``"commune"`` or ``"lexico"``.

    ``seed`` is the published seed of the commune draw (ignored by ``lexico``). ``engine``
    chooses how Equal Shares is computed: ``"reference"`` (``equal_shares.py``, the rule as
    defined), ``"fast"`` (``equal_shares_fast.py``) or ``"auto"`` (see ``choose_engine``); the
    outcome and its explanation are the same.
    """
    if rule not in RULES:
        raise CountingError("unknown_rule", rule=rule, allowed=list(RULES))
    if engine not in ENGINES:
        raise CountingError("unknown_engine", engine=engine, allowed=list(ENGINES))
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
    if rule == MES:
        initial_share = Fraction(election.budget, voters)
    else:
        initial_share = Fraction(election.budget // voters)
    if engine == AUTO:
        engine = choose_engine(election)
    raise_share = equal_shares.raise_share if engine == REFERENCE else equal_shares_fast.raise_share
    profile = equal_shares.Profile.of(election, ties.key)
    iteration = raise_share(profile, election.budget, initial_share, rule == MES)
    selected = iteration.count.bought
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
    return Outcome(
        selected=tuple(selected),
        total_cost=sum(costs[p] for p in selected),
        equal_shares=explain_equal_shares(profile, voters, iteration, completion, comparison),
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
