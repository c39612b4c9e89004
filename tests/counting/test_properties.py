"""Properties that hold on any election, checked on random ones (hypothesis).

Everything goes through the public API: ``count(..., engine=...)`` chooses the Equal Shares
engine, the reference one (``equal_shares.py``) or the fast one (``equal_shares_fast.py``).
"""

import os
from fractions import Fraction
from itertools import permutations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_participation.counting import Election, Project, count
from wagtail_participation.counting.tie_breaking import make_tie_breaking

RULES = ["greedy", "mes", "equalshares-add1", "equalshares-add1-comparison"]
EQUAL_SHARES_RULES = ["mes", "equalshares-add1", "equalshares-add1-comparison"]
ENGINES = ["reference", "fast"]


@st.composite
def elections(draw, max_projects=6, max_voters=12):
    count_projects = draw(st.integers(1, max_projects))
    ids = [str(index) for index in range(1, count_projects + 1)]
    costs = draw(st.lists(st.integers(1, 60), min_size=count_projects, max_size=count_projects))
    budget = draw(st.integers(1, 150))
    ballots = draw(st.lists(st.sets(st.sampled_from(ids)), min_size=1, max_size=max_voters))
    return Election(
        [Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)], budget, ballots
    )


@st.composite
def tied_elections(draw, max_projects=6, max_voters=14, units=(1, 1, 3, 10, 100)):
    """Elections built for near-ties: few distinct costs, in small units, and repeated ballots.

    Equal costs and identical ballots make payment levels equal or a hair apart, and counting in
    small units (costs times ``unit``) gives many raises that each change little: what the fast
    engine's resumed counts and the bounds that rule competitors out must get exactly right.
    """
    count_projects = draw(st.integers(2, max_projects))
    ids = [str(index) for index in range(1, count_projects + 1)]
    unit = draw(st.sampled_from(units))
    costs = draw(
        st.lists(st.sampled_from([6, 12, 18, 30]), min_size=count_projects, max_size=count_projects)
    )
    patterns = draw(st.lists(st.sets(st.sampled_from(ids), min_size=1), min_size=1, max_size=4))
    ballots = draw(st.lists(st.sampled_from(patterns), min_size=1, max_size=max_voters))
    budget = draw(st.integers(6, 60)) * unit
    return Election(
        [Project(pid, cost * unit) for pid, cost in zip(ids, costs, strict=True)], budget, ballots
    )


def in_hundredths(election):
    return Election(
        [Project(project.id, project.cost * 100) for project in election.projects],
        election.budget * 100,
        election.ballots,
    )


common = settings(
    max_examples=int(os.environ.get("PARTICIPATION_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@common
@given(
    elections(),
    st.sampled_from(RULES),
    st.sampled_from(["lexico", "commune"]),
    st.sampled_from(ENGINES),
)
def test_every_outcome_fits_the_envelope_and_funds_only_voted_projects(
    election, rule, ties, engine
):
    outcome = count(election, rule, ties, engine=engine)
    votes = election.votes()
    assert outcome.total_cost == sum(election.project(pid).cost for pid in outcome.selected)
    assert outcome.total_cost <= election.budget
    assert len(set(outcome.selected)) == len(outcome.selected)
    assert all(votes[pid] > 0 for pid in outcome.selected)


def brute_force_greedy(election, ties):
    """Reference: repeatedly fund, among projects that still fit, the most voted one."""
    votes, left, funded = election.votes(), election.budget, []
    tie = make_tie_breaking(ties, election.costs, votes)
    while True:
        fitting = [
            p.id
            for p in election.projects
            if p.id not in funded and votes[p.id] > 0 and p.cost <= left
        ]
        if not fitting:
            return funded
        best = min(fitting, key=lambda pid: (-votes[pid], tie.key(pid)))
        funded.append(best)
        left -= election.project(best).cost


@common
@given(elections(), st.sampled_from(["lexico", "commune"]))
def test_greedy_matches_a_brute_force_reference(election, ties):
    assert list(count(election, "greedy", ties).selected) == brute_force_greedy(election, ties)


def equal_shares_by_the_definition(election, share, tie_key):
    """One count of Equal Shares as the definition states it, voter by voter in fractions,
    every remaining project priced at every step: (project, max_payment) per purchase."""
    money = [Fraction(share)] * len(election.ballots)
    remaining = {project.id for project in election.projects if election.votes()[project.id]}
    purchases = []
    while True:
        priced = []
        for project_id in remaining:
            cost = election.project(project_id).cost
            supporters = sorted(
                money[voter]
                for voter, ballot in enumerate(election.ballots)
                if project_id in ballot
            )
            if sum(supporters) < cost:
                continue
            # The least cap whose payments add up to the cost (water filling).
            paid = Fraction(0)
            for poorer, amount in enumerate(supporters):
                cap = (cost - paid) / (len(supporters) - poorer)
                if cap <= amount:
                    break
                paid += amount
            priced.append((cap / cost, tie_key(project_id), project_id, cap))
        if not priced:
            return purchases
        _, _, winner, cap = min(priced)
        remaining.discard(winner)
        for voter, ballot in enumerate(election.ballots):
            if winner in ballot:
                money[voter] -= min(money[voter], cap)
        purchases.append((winner, cap))


def add1_by_the_definition(election, initial_share, tie_key, stop_when_exhaustive):
    """Raise the share one unit at a time, as defined: (raises kept, purchases kept)."""
    costs = election.costs
    supported = {pid for ballot in election.ballots for pid in ballot}
    raises, kept = 0, equal_shares_by_the_definition(election, initial_share, tie_key)
    while True:
        bought = {pid for pid, _ in kept}
        spent = sum(costs[pid] for pid in bought)
        if bought == supported or (
            stop_when_exhaustive
            and all(spent + costs[pid] > election.budget for pid in supported - bought)
        ):
            return raises, kept
        following = equal_shares_by_the_definition(election, initial_share + raises + 1, tie_key)
        if sum(costs[pid] for pid, _ in following) > election.budget:
            return raises, kept
        raises, kept = raises + 1, following


@common
@given(
    st.one_of(elections(max_projects=5, max_voters=8), tied_elections(max_voters=8, units=(1, 3))),
    st.sampled_from(["mes", "equalshares-add1"]),
    st.sampled_from(["lexico", "commune"]),
)
def test_the_reference_engine_counts_as_the_definition_states(election, rule, ties):
    """Voter by voter in fractions, every project priced at every step, one raise at a time:
    what the reference engine's grouped ballots, whole-number money and skipped pricing must
    not change."""
    voters = len(election.ballots)
    if rule == "mes":
        initial_share = Fraction(election.budget, voters)
    else:
        initial_share = Fraction(election.budget // voters)
    tie = make_tie_breaking(ties, election.costs, election.votes())
    expected_raises, expected = add1_by_the_definition(
        election, initial_share, tie.key, stop_when_exhaustive=rule == "mes"
    )
    explanation = count(election, rule, ties, engine="reference").equal_shares
    assert explanation.raises == expected_raises
    assert explanation.share_per_voter == initial_share + expected_raises
    assert [
        (purchase.project_id, purchase.max_payment) for purchase in explanation.purchases
    ] == expected


@common
@given(elections(), st.sampled_from(["mes", "equalshares-add1"]), st.sampled_from(ENGINES))
def test_equal_shares_only_buys_what_its_supporters_can_pay(election, rule, engine):
    outcome = count(election, rule, "lexico", engine=engine)
    explanation = outcome.equal_shares
    share = explanation.share_per_voter
    money = {index: share for index in range(len(election.ballots))}
    for purchase in explanation.purchases:
        supporters = [
            i for i, ballot in enumerate(election.ballots) if purchase.project_id in ballot
        ]
        payments = {i: min(money[i], purchase.max_payment) for i in supporters}
        assert sum(payments.values()) == purchase.cost
        assert max(payments.values()) <= purchase.max_payment
        assert sum(1 for paid in payments.values() if paid < purchase.max_payment) == (
            purchase.supporters_paying_all
        )
        for i, paid in payments.items():
            money[i] -= paid
            assert money[i] >= 0
    for loser in explanation.losers:
        supporters = [i for i, ballot in enumerate(election.ballots) if loser.project_id in ballot]
        assert sum(money[i] for i in supporters) == loser.supporters_money_left
        assert loser.supporters_money_left < loser.cost


@common
@given(elections(max_voters=6), st.sampled_from(RULES), st.randoms())
def test_results_do_not_depend_on_the_order_of_ballots(election, rule, random):
    shuffled = list(election.ballots)
    random.shuffle(shuffled)
    reordered = Election(election.projects, election.budget, shuffled)
    assert count(reordered, rule).selected == count(election, rule).selected


def test_every_order_of_three_ballots_gives_the_same_equal_shares_outcome():
    projects = [Project("a", 30), Project("b", 20), Project("c", 25)]
    ballots = [{"a", "b"}, {"b", "c"}, {"a"}]
    outcomes = {
        count(Election(projects, 50, order), "equalshares-add1").selected
        for order in permutations(ballots)
    }
    assert len(outcomes) == 1


@settings(max_examples=15, deadline=None)
@given(elections(max_projects=5, max_voters=8), st.sampled_from(["lexico", "commune"]))
def test_same_as_pabutools_on_small_random_elections(election, ties):
    from .make_pabutools_fixtures import pabutools_selections

    expected = pabutools_selections(election, ties)
    for rule in ("greedy", "mes"):
        for engine in ENGINES:
            assert sorted(count(election, rule, ties, engine=engine).selected) == expected[rule]


@common
@given(elections(max_projects=4, max_voters=6), st.integers(2, 100))
def test_counting_in_smaller_units_changes_nothing_for_greedy(election, factor):
    scaled = Election(
        [Project(p.id, p.cost * factor) for p in election.projects],
        election.budget * factor,
        election.ballots,
    )
    assert count(scaled, "greedy").selected == count(election, "greedy").selected
    assert (
        Fraction(count(scaled, "greedy").total_cost, factor) == count(election, "greedy").total_cost
    )


def assert_engines_agree(election, rule, ties):
    """The fast engine gives the reference engine's outcome, explanation included: the same
    raises, the same purchases with the same payments, the same losers' money."""
    reference = count(election, rule, ties, engine="reference")
    fast = count(election, rule, ties, engine="fast")
    assert fast == reference


@common
@given(
    elections(max_projects=6, max_voters=12),
    st.sampled_from(EQUAL_SHARES_RULES),
    st.sampled_from(["lexico", "commune"]),
)
def test_the_fast_engine_agrees_with_the_reference_on_small_elections(election, rule, ties):
    assert_engines_agree(election, rule, ties)


@common
@given(
    elections(max_projects=9, max_voters=40),
    st.sampled_from(EQUAL_SHARES_RULES),
    st.sampled_from(["lexico", "commune"]),
)
def test_the_fast_engine_agrees_with_the_reference_on_medium_elections(election, rule, ties):
    """Bigger elections, where winners change between raises and the previous count's winner,
    which the fast engine prices first, must lose to a competitor its lower bounds cannot rule
    out."""
    assert_engines_agree(election, rule, ties)


@common
@given(
    tied_elections(),
    st.sampled_from(EQUAL_SHARES_RULES),
    st.sampled_from(["lexico", "commune"]),
)
def test_the_fast_engine_agrees_with_the_reference_on_near_ties(election, rule, ties):
    assert_engines_agree(election, rule, ties)


@common
@given(
    elections(max_projects=7, max_voters=30),
    st.sampled_from(["mes", "equalshares-add1"]),
    st.sampled_from(["lexico", "commune"]),
)
def test_the_fast_engine_agrees_with_the_reference_in_small_units(election, rule, ties):
    """In hundredths, supporters cross payment levels at many raises that change no purchase,
    and the fast engine keeps its purchases past them without recounting."""
    assert_engines_agree(in_hundredths(election), rule, ties)


def test_iterating_ends_when_every_project_is_bought_and_nothing_can_change():
    """Once everything is bought no raise can overspend: raising stops there, with either
    engine (the fast engine's ranges of raises once grew past what floats can hold here)."""
    election = Election(
        [Project("1", 1), Project("2", 1), Project("3", 1), Project("4", 2)],
        5,
        [frozenset({"4"}), frozenset({"1", "2", "3"}), frozenset({"1", "2", "3", "4"})],
    )
    for rule in ("mes", "equalshares-add1"):
        for engine in ENGINES:
            assert sorted(count(election, rule, "lexico", engine=engine).selected) == [
                "1",
                "2",
                "3",
                "4",
            ]
