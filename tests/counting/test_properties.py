"""Properties that hold on any election, checked on random ones (hypothesis)."""

import os
from fractions import Fraction
from itertools import permutations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_participation.counting import Election, Project, count
from wagtail_participation.counting.tie_breaking import make_tie_breaking

RULES = ["greedy", "mes", "equalshares-add1", "equalshares-add1-comparison"]


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


common = settings(
    max_examples=int(os.environ.get("PARTICIPATION_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@common
@given(elections(), st.sampled_from(RULES), st.sampled_from(["lexico", "commune"]))
def test_every_outcome_fits_the_envelope_and_funds_only_voted_projects(election, rule, ties):
    outcome = count(election, rule, ties)
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


@common
@given(elections(), st.sampled_from(["mes", "equalshares-add1"]))
def test_equal_shares_only_buys_what_its_supporters_can_pay(election, rule):
    outcome = count(election, rule, "lexico")
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
        assert sorted(count(election, rule, ties).selected) == expected[rule]


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


def one_unit_at_a_time(engine, initial_share, budget, stop_when_exhaustive):
    """Reference for the raise skipping: recount exactly after every one-unit raise."""
    raises, previous = 0, None
    supported = range(len(engine.costs))
    while True:
        bought = [purchase.project for purchase in engine.count(initial_share + raises).purchases]
        spent = sum(engine.costs[p] for p in bought)
        if spent > budget:
            return previous
        if stop_when_exhaustive and all(
            spent + engine.costs[p] > budget for p in supported if p not in bought
        ):
            return raises, bought
        if all(p in bought for p in supported) or raises > 4 * budget:
            return raises, bought
        previous = raises, bought
        raises += 1


@common
@given(elections(max_projects=5, max_voters=8), st.booleans())
def test_skipping_raises_gives_the_same_count_as_raising_one_unit_at_a_time(election, exhaustive):
    _assert_iterate_buys_what_one_unit_at_a_time_buys(_engine(election), election, exhaustive)


def _assert_iterate_buys_what_one_unit_at_a_time_buys(engine, election, exhaustive):
    share = Fraction(election.budget, len(election.ballots))
    _, kept, _ = engine.iterate(share, election.budget, exhaustive)
    expected = one_unit_at_a_time(engine, share, election.budget, exhaustive)
    if kept is None:
        assert expected is None
    elif len(expected[1]) == len(engine.costs):
        # Everything is bought: the reference stops there, while the order of purchases may
        # still change at higher raises and iterate() keeps the count that holds for good.
        assert sorted(purchase.project for purchase in kept.purchases) == sorted(expected[1])
    else:
        assert [purchase.project for purchase in kept.purchases] == expected[1]


@common
@given(
    elections(max_projects=6, max_voters=10),
    st.sampled_from(["lexico", "commune"]),
    st.lists(st.integers(0, 60), min_size=1, max_size=6),
)
def test_the_float_count_resumed_between_raises_equals_the_exact_count(election, ties, raises):
    """The incremental float count, its validity limits and the exact replay against count().

    Raises are visited in any order (a lower one restarts the count); at every raise in the
    range the float count says its purchases hold for, the exact count must buy the same.
    """
    from wagtail_participation.counting.equal_shares import EqualSharesCount

    tie_breaking = make_tie_breaking(ties, election.costs, election.votes())
    engine = EqualSharesCount(
        election.costs, election.ballot_groups(), len(election.ballots), tie_breaking
    )
    share = Fraction(election.budget, len(election.ballots))
    for raise_ in raises:
        bought, valid_for = engine.next_raise_fast(share, raise_)
        last = raise_ + (valid_for or 5) - 1
        for later in sorted({raise_, raise_ + 1, (raise_ + last) // 2, last} - {last + 1}):
            if later <= last:
                exact = engine.count(share + later)
                assert [purchase.project for purchase in exact.purchases] == bought
        exact = engine.count(share + raise_)
        replayed = engine.replay(share + raise_, bought)
        assert replayed.purchases == exact.purchases
        assert replayed.money_left == exact.money_left


@st.composite
def tied_elections(draw, max_projects=6, max_voters=14):
    """Elections built for near-ties: few distinct costs, in small units, and repeated ballots.

    Equal costs and identical ballots make payment levels equal or a hair apart, and counting in
    small units (costs times ``unit``) gives many raises that each change little: what resumed
    counts, their hints and the bounds that rule competitors out must get exactly right.
    """
    count_projects = draw(st.integers(2, max_projects))
    ids = [str(index) for index in range(1, count_projects + 1)]
    unit = draw(st.sampled_from([1, 1, 3, 10, 100]))
    costs = draw(
        st.lists(st.sampled_from([6, 12, 18, 30]), min_size=count_projects, max_size=count_projects)
    )
    patterns = draw(st.lists(st.sets(st.sampled_from(ids), min_size=1), min_size=1, max_size=4))
    ballots = draw(st.lists(st.sampled_from(patterns), min_size=1, max_size=max_voters))
    budget = draw(st.integers(6, 60)) * unit
    return Election(
        [Project(pid, cost * unit) for pid, cost in zip(ids, costs, strict=True)], budget, ballots
    )


def _engine(election, ties="lexico"):
    from wagtail_participation.counting.equal_shares import EqualSharesCount

    tie_breaking = make_tie_breaking(ties, election.costs, election.votes())
    return EqualSharesCount(
        election.costs, election.ballot_groups(), len(election.ballots), tie_breaking
    )


@common
@given(tied_elections(), st.sampled_from(["lexico", "commune"]), st.integers(1, 4))
def test_resumed_counts_raise_after_raise_equal_the_exact_count_on_near_ties(
    election, ties, stride
):
    """Raise after raise, as iterate() does: every step after the first is resumed with the
    previous count's purchases and poor supporters as hints, and must buy what the exact count
    buys."""
    _assert_resumed_counts_buy_what_exact_counts_buy(_engine(election, ties), election, 12, stride)


def _assert_resumed_counts_buy_what_exact_counts_buy(engine, election, raises, stride):
    share = Fraction(election.budget, len(election.ballots))
    for raise_ in range(0, raises * stride, stride):
        bought, _ = engine.next_raise_fast(share, raise_)
        exact = engine.count(share + raise_)
        assert [purchase.project for purchase in exact.purchases] == bought


@common
@given(tied_elections(), st.booleans())
def test_skipping_raises_equals_one_unit_at_a_time_on_near_ties(election, exhaustive):
    _assert_iterate_buys_what_one_unit_at_a_time_buys(_engine(election), election, exhaustive)


def _exact_level(amounts, cost):
    """Water filling in fractions: the least cap whose payments add up to ``cost``."""
    amounts = sorted(Fraction(amount) for amount in amounts)
    paid = Fraction(0)
    for poorer, amount in enumerate(amounts):
        level = (cost - paid) / (len(amounts) - poorer)
        if level <= amount:
            return level
        paid += amount
    return None


@common
@given(
    elections(max_projects=4, max_voters=12),
    st.data(),
)
def test_bounds_from_any_short_set_never_exceed_the_level(election, data):
    """The bound that rules competitors out, for any guessed set of short supporters, with or
    without the broke ones added, is at most the true level (else a winner could be missed);
    and pricing that starts from any guessed short set and order finds the true level."""
    from wagtail_participation.counting.equal_shares import _IncrementalCount, _Short, _TooClose

    engine = _engine(election)
    counting = _IncrementalCount(engine, Fraction(election.budget, len(election.ballots)))
    groups = len(engine.weights)
    broke = data.draw(st.lists(st.booleans(), min_size=groups, max_size=groups))
    counting.money = [
        0.0 if is_broke else float(data.draw(st.integers(0, 40))) / 4 for is_broke in broke
    ]
    counting.slope = [0.0 if is_broke else 1.0 for is_broke in broke]
    counting.share = max(counting.money, default=0.0)  # As in a count: no one has more.
    counting.broke = sum(1 << g for g, is_broke in enumerate(broke) if is_broke)
    for p, (supporters, weights) in enumerate(engine.level_supporters):
        assert weights is None or len(weights) == len(supporters)
        voters = [
            g
            for g, w in zip(supporters, weights or [1] * len(supporters), strict=True)
            for _ in range(w)
        ]
        level = _exact_level([counting.money[g] for g in voters], engine.costs[p])
        assert counting._broke(p) == sum(1 for g in voters if broke[g])
        chosen = data.draw(st.lists(st.sampled_from(range(len(supporters))), unique=True))
        if chosen:
            rest = [i for i in range(len(supporters)) if i not in chosen]
            order = [supporters[i] for i in chosen + rest]
            order_weights = None if weights is None else [weights[i] for i in chosen + rest]
            short_voters = len(chosen) if weights is None else sum(order_weights[: len(chosen)])
            known = _Short(order, len(chosen), weights, order_weights, short_voters)
        else:
            known = None
        for with_broke in (None, counting._broke(p)):
            if known is None and with_broke is None:
                continue
            found = counting._short_bound(p, 0.0, known, with_broke)
            if found is not None and level is not None:
                assert found[0] * engine.costs[p] <= level * (1 + 1e-9)
        if known is not None and level is not None:
            # Pricing walks from the guessed short set, in the guessed order, to the level.
            counting.poor[p] = known
            try:
                priced = counting._price(p)
            except _TooClose:
                continue
            assert abs(priced[1] - level) <= 1e-9 * level


@common
@given(
    elections(max_projects=9, max_voters=40),
    st.sampled_from(["lexico", "commune"]),
    st.integers(1, 3),
)
def test_resumed_counts_raise_after_raise_equal_the_exact_count(election, ties, stride):
    """Bigger elections, where winners change between raises and the previous count's winner,
    priced first, must lose to a competitor that the lower bounds cannot rule out."""
    _assert_resumed_counts_buy_what_exact_counts_buy(_engine(election, ties), election, 8, stride)


@common
@given(st.one_of(elections(max_projects=9, max_voters=40), tied_elections()), st.integers(0, 3))
def test_every_raise_a_count_claims_to_hold_for_buys_the_same(election, start):
    """Jumping from count to count as iterate() does, the exact count at every raise each float
    count claims to hold for buys the same: validity limits, including those sharpened by
    pricing competitors whose bound would end a step early, are never too late."""
    _assert_every_claimed_raise_buys_what_a_count_buys(_engine(election), election, start, 60)


def _assert_every_claimed_raise_buys_what_a_count_buys(engine, election, start, until):
    share = Fraction(election.budget, len(election.ballots))
    raise_ = start
    while raise_ < until:
        bought, valid_for = engine.next_raise_fast(share, raise_)
        for later in range(raise_, raise_ + min(valid_for or 4, 60)):
            exact = engine.count(share + later)
            assert [purchase.project for purchase in exact.purchases] == bought
        if valid_for is None:
            return
        raise_ += valid_for


@common
@given(elections(max_projects=7, max_voters=30), st.sampled_from(["lexico", "commune"]))
def test_purchases_kept_past_crossings_in_small_units_are_what_a_count_buys(election, ties):
    """In hundredths, supporters cross levels at many raises that change no purchase, and
    counts keep their purchases past them (see _holds_until): at every raise a count claims
    to hold for, the exact count buys the same."""
    in_hundredths = Election(
        [Project(project.id, project.cost * 100) for project in election.projects],
        election.budget * 100,
        election.ballots,
    )
    engine = _engine(in_hundredths, ties)
    _assert_every_claimed_raise_buys_what_a_count_buys(engine, in_hundredths, 0, 400)


def test_iterating_ends_when_every_project_is_bought_and_nothing_can_change():
    """Once everything is bought, raises keep passing crossings that change nothing, and
    counts keep their purchases past them for ever longer ranges: a count must still end the
    iteration (this once ran past what floats can hold)."""
    election = Election(
        [Project("1", 1), Project("2", 1), Project("3", 1), Project("4", 2)],
        5,
        [frozenset({"4"}), frozenset({"1", "2", "3"}), frozenset({"1", "2", "3", "4"})],
    )
    for rule in ("mes", "equalshares-add1"):
        assert sorted(count(election, rule, "lexico").selected) == ["1", "2", "3", "4"]
