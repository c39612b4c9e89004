"""The counting rules on small elections whose outcome can be worked out by hand."""

from fractions import Fraction

import pytest

from wagtail_participation.counting import (
    CountingError,
    Election,
    Project,
    choose_engine,
    count,
    draw_key,
    read_pabulib,
)


def election(costs, budget, ballots):
    return Election([Project(pid, cost) for pid, cost in costs.items()], budget, ballots)


def test_greedy_takes_most_votes_first_and_skips_what_no_longer_fits():
    ballots = [{"a", "b"}] * 3 + [{"b", "c"}] * 2 + [{"a"}]
    outcome = count(election({"a": 600, "b": 500, "c": 300}, 1000, ballots), "greedy")
    assert outcome.selected == ("b", "c")
    steps = {step.project_id: step for step in outcome.greedy_steps}
    assert (steps["b"].rank, steps["b"].budget_left_before, steps["b"].status) == (
        1,
        1000,
        "selected",
    )
    assert (steps["a"].rank, steps["a"].budget_left_before, steps["a"].status) == (
        2,
        500,
        "does_not_fit",
    )
    assert (steps["c"].budget_left_after, steps["c"].status) == (200, "selected")


@pytest.mark.parametrize(
    "rule", ["greedy", "mes", "equalshares-add1", "equalshares-add1-comparison"]
)
def test_a_project_nobody_voted_for_is_never_funded(rule):
    outcome = count(election({"a": 100, "unloved": 1}, 1000, [{"a"}, {"a"}]), rule)
    assert outcome.selected == ("a",)
    assert outcome.not_funded_without_votes == ("unloved",)


def test_lexico_compares_ids_as_strings():
    tied = election({"2": 100, "11": 100}, 100, [{"2", "11"}])
    assert count(tied, "greedy", tie_breaking="lexico").selected == ("11",)


def test_commune_tie_breaking_prefers_lower_cost_then_more_votes_then_the_draw():
    cheaper = election({"a": 100, "b": 90}, 100, [{"a", "b"}])
    assert count(cheaper, "greedy").selected == ("b",)
    # Equal Shares compares payment per unit of cost: equal here, so votes decide.
    more_votes = election({"a": 100, "b": 100}, 100, [{"a", "b"}, {"b"}])
    assert count(more_votes, "mes").selected == ("b",)
    same = election({"x": 100, "y": 100}, 100, [{"x", "y"}])
    for seed in (1, 2, 3, 4, 5):
        winner = min(["x", "y"], key=lambda pid: draw_key(pid, seed))
        outcome = count(same, "greedy", seed=seed)
        assert outcome.selected == (winner,)
        assert outcome.seed == seed


def test_equal_shares_funds_a_minority_its_share_of_the_envelope():
    # 60 voters want the big projects, 40 the small ones: greedy gives everything to the 60.
    ballots = [{"big1", "big2"}] * 60 + [{"small1", "small2"}] * 40
    costs = {"big1": 50, "big2": 50, "small1": 40, "small2": 40}
    assert set(count(election(costs, 100, ballots), "greedy").selected) == {"big1", "big2"}
    equal_shares = count(election(costs, 100, ballots), "equalshares-add1", tie_breaking="lexico")
    assert set(equal_shares.selected) == {
        "big1",
        "small1",
    }


def test_equal_shares_explains_what_supporters_paid_and_why_losers_lost():
    ballots = [{"big1", "big2"}] * 60 + [{"small1", "small2"}] * 40
    costs = {"big1": 50, "big2": 50, "small1": 40, "small2": 40}
    outcome = count(election(costs, 100, ballots), "equalshares-add1", tie_breaking="lexico")
    explanation = outcome.equal_shares
    assert explanation.voters == 100
    assert explanation.initial_share == 1
    assert explanation.share_per_voter == explanation.initial_share + explanation.raises
    first = explanation.purchases[0]
    assert (first.project_id, first.votes, first.max_payment) == ("big1", 60, Fraction(50, 60))
    for purchase in explanation.purchases:
        paid = purchase.max_payment * purchase.supporters_paying_max
        assert paid <= purchase.cost
    losers = {loser.project_id: loser for loser in explanation.losers}
    assert losers["big2"].status == "supporters_cannot_afford"
    assert losers["big2"].supporters_money_left < losers["big2"].cost
    assert outcome.to_dict()["equal_shares"]["purchases"][0]["max_payment"] == "5/6"


def test_add1_keeps_the_last_outcome_that_fits_without_greedy_completion():
    ballots = [{"a"}] * 10 + [{"b"}, {"c"}]
    outcome = count(election({"a": 70, "b": 30, "c": 30}, 100, ballots), "equalshares-add1")
    assert outcome.selected == ("a",)
    assert outcome.equal_shares.stop_reason == "next_raise_overspends"
    # The share kept is the last one before b and c's supporters could both pay: 29 + 1 = 30.
    assert outcome.equal_shares.initial_share == 8
    assert outcome.equal_shares.share_per_voter == 29


def test_mes_fills_what_is_left_greedily():
    # b and c each have one supporter: by the time either can pay, both can, and together with
    # a they overspend. Equal Shares keeps {a}; the greedy completion adds b (lexico tie with c).
    ballots = [{"a"}] * 10 + [{"b"}, {"c"}]
    outcome = count(election({"a": 70, "b": 30, "c": 30}, 100, ballots), "mes", "lexico")
    assert outcome.selected == ("a", "b")
    assert outcome.equal_shares.stop_reason == "next_raise_overspends"
    assert [(step.project_id, step.status) for step in outcome.equal_shares.completion] == [
        ("b", "selected_by_completion"),
        ("c", "does_not_fit"),
    ]


def test_comparison_step_keeps_greedy_only_when_more_voters_prefer_it():
    ballots = [{"big1", "big2"}] * 60 + [{"small1", "small2"}] * 40
    costs = {"big1": 50, "big2": 50, "small1": 40, "small2": 40}
    outcome = count(election(costs, 100, ballots), "equalshares-add1-comparison")
    comparison = outcome.equal_shares.comparison
    assert (comparison.voters_preferring_greedy, comparison.voters_preferring_equal_shares) == (
        60,
        40,
    )
    assert comparison.decision == "kept_greedy"
    assert set(outcome.selected) == {"big1", "big2"}


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: Election([], 100, [{"a"}]), "no_projects"),
        (lambda: Election([Project("a", 1)], 100, []), "no_ballots"),
        (lambda: Election([Project("a", 1), Project("a", 2)], 100, [{"a"}]), "duplicate_project"),
        (lambda: Election([Project("a", 1)], 100, [{"b"}]), "unknown_project"),
        (lambda: Election([Project("a", 1)], 0, [{"a"}]), "amount_not_positive"),
        (lambda: Project("a", -5), "amount_not_positive"),
        (lambda: Project("a", 2.5), "amount_not_whole"),
        (lambda: Project("a", 10**16), "amount_too_large"),
        (lambda: count(Election([Project("a", 1)], 1, [{"a"}]), "plurality"), "unknown_rule"),
        (
            lambda: count(Election([Project("a", 1)], 1, [{"a"}]), "greedy", "coin"),
            "unknown_tie_breaking",
        ),
        (
            lambda: count(Election([Project("a", 1)], 1, [{"a"}]), "mes", engine="quick"),
            "unknown_engine",
        ),
    ],
)
def test_bad_input_is_refused_with_a_code(build, code):
    with pytest.raises(CountingError) as error:
        build()
    assert error.value.code == code


def test_a_commune_sized_count_uses_the_reference_engine_and_a_city_the_fast_one():
    # 500 voters, each with their own choice among 12 projects of a 100,000 euro budget.
    ballots = [{f"p{j}" for j in range(12) if voter >> j & 1} for voter in range(1, 501)]
    costs = {f"p{j}": 5_000 + 1_000 * j for j in range(12)}
    assert choose_engine(election(costs, 100_000, ballots)) == "reference"
    # The same vote counted in cents: a hundred times the raises.
    in_cents = {project_id: cost * 100 for project_id, cost in costs.items()}
    assert choose_engine(election(in_cents, 100_000_00, ballots)) == "fast"


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_raising_stops_at_the_first_share_that_buys_every_project(engine):
    # Each voter starts with 6. b's two supporters pay 3 each; a's single supporter then
    # needs 6 more: both are bought from a share of 9, and no higher share can overspend.
    ballots = [{"a", "b"}, {"b"}]
    outcome = count(election({"a": 6, "b": 6}, 12, ballots), "equalshares-add1", engine=engine)
    assert outcome.selected == ("b", "a")
    assert outcome.equal_shares.share_per_voter == 9
    assert outcome.equal_shares.stop_reason == "nothing_left_to_change"


def test_the_worked_example_in_the_documentation():
    """docs/counting.md walks through Assen 2024 step by step: these are its figures."""
    from .test_pabulib import PABULIB_DIR

    pb = read_pabulib(PABULIB_DIR / "Netherlands_Assen_2024.pb")
    explanation = count(pb.election(), "equalshares-add1", engine="reference").equal_shares
    assert (explanation.initial_share, explanation.raises, explanation.share_per_voter) == (
        1190,
        843,
        2033,
    )
    assert [
        (purchase.project_id, purchase.max_payment, purchase.supporters_paying_all)
        for purchase in explanation.purchases
    ][:6] == [
        ("3", Fraction(7200, 43), 0),
        ("9", 500, 0),
        ("2", Fraction(1250, 3), 0),
        ("11", 625, 0),
        ("13", Fraction(1000, 21), 0),
        ("14", Fraction(1421842, 3913), 1),
    ]
    assert [purchase.project_id for purchase in explanation.purchases][6:] == ["5", "6", "12"]
    assert {
        loser.project_id: round(loser.supporters_money_left, 2) for loser in explanation.losers
    } == {
        "1": Fraction(2823879, 100),
        "10": Fraction(2124115, 100),
        "4": Fraction(994588, 100),
        "7": Fraction(1167573, 100),
        "8": Fraction(3507279, 100),
    }
