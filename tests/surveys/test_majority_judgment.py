"""Majority judgment, counted from the grades' counts, against its definition and known cases.

Counts are given best grade first (index 0 is the best grade), as the survey stores grades.
"""

from functools import cmp_to_key

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_participation.results.majority_judgment import (
    MeritProfile,
    compare,
    majority_value,
    rank,
)

EXCELLENT, TRES_BIEN, BIEN, ASSEZ_BIEN, PASSABLE, INSUFFISANT, A_REJETER = range(7)


def profile(*counts, key="x"):
    return MeritProfile(key=key, counts=tuple(counts))


def ranks_of(*tallies_worst_first):
    """Ranks of options given as MieuxVoter's libraries write tallies: worst grade first."""
    profiles = [
        MeritProfile(key=str(i), counts=tuple(reversed(tally)))
        for i, tally in enumerate(tallies_worst_first)
    ]
    by_key = {ranked.profile.key: ranked.rank for ranked in rank(profiles)}
    return [by_key[str(i)] for i in range(len(profiles))]


# --- the majority grade ----------------------------------------------------------------------


def test_the_majority_grade_is_the_median_grade():
    # 7 grades: the 4th best is "Bien".
    assert profile(1, 2, 1, 2, 1, 0, 0).majority_grade == BIEN


def test_with_an_even_number_of_grades_the_majority_grade_is_the_lower_middle_one():
    # Two respondents, "Excellent" and "Passable": a majority gave at least "Passable".
    assert profile(1, 0, 0, 0, 1, 0, 0).majority_grade == PASSABLE


def test_an_option_nobody_graded_has_no_majority_grade():
    empty = profile(0, 0, 0)
    assert empty.majority_grade is None
    assert (empty.better, empty.worse) == (0, 0)
    assert empty.shares() == (0.0, 0.0, 0.0)


def test_the_majority_gauge_counts_grades_above_and_below_the_majority_grade():
    option = profile(3, 1, 4, 1, 1)  # majority grade "Bien" (index 2)
    assert option.majority_grade == 2
    assert (option.better, option.worse) == (4, 2)
    assert option.leans_up  # "Bien +"
    assert not profile(1, 1, 4, 2, 2).leans_up  # "Bien −"


# --- ranking ----------------------------------------------------------------------------------


def test_a_better_majority_grade_ranks_first_whatever_the_rest():
    strong_middle = profile(0, 0, 10, 0, 0, 0, 0, key="strong")  # all "Bien"
    polarising = profile(4, 0, 0, 0, 0, 0, 6, key="polar")  # majority grade "À rejeter"
    assert [r.profile.key for r in rank([polarising, strong_middle])] == ["strong", "polar"]


def test_same_majority_grade_a_plus_beats_a_minus():
    plus = profile(4, 3, 3, key="plus")  # "Très bien", 4 better and 3 worse
    minus = profile(0, 6, 4, key="minus")  # "Très bien", 0 better and 4 worse
    assert plus.majority_grade == minus.majority_grade == 1
    assert compare(plus, minus) > 0
    assert [r.profile.key for r in rank([minus, plus])] == ["plus", "minus"]


def test_same_majority_grade_two_plus_the_one_more_graded_above_wins():
    assert compare(profile(4, 4, 2), profile(3, 6, 1)) > 0


def test_same_majority_grade_two_minus_the_one_less_graded_below_wins():
    assert compare(profile(1, 6, 3), profile(0, 6, 4)) > 0


def test_options_with_the_same_profile_share_their_rank():
    # All three "Très bien"; the unanimous one keeps it longest when grades are removed.
    ranked = rank([profile(1, 2, 1, key="a"), profile(0, 4, 0, key="b"), profile(1, 2, 1, key="c")])
    assert [(r.profile.key, r.rank) for r in ranked] == [("b", 1), ("a", 2), ("c", 2)]


def test_profiles_must_be_comparable():
    with pytest.raises(ValueError):
        compare(profile(1, 1), profile(1, 1, 0))
    with pytest.raises(ValueError):
        compare(profile(1, 1), profile(1, 2))


# --- known examples: the test cases of MieuxVoter's reference library ---------------------------
# (github.com/MieuxVoter/majority-judgment-library-go, judgment/majorityjudgment_test.go; their
# tallies list the worst grade first.)


def test_mieuxvoter_basic_example():
    assert ranks_of([1, 1, 1], [1, 2, 0], [0, 2, 1]) == [2, 3, 1]


def test_mieuxvoter_readme_example_with_ties():
    assert ranks_of(
        [2, 2, 2, 2, 2], [2, 1, 1, 1, 5], [2, 1, 1, 2, 4], [2, 1, 5, 0, 2], [2, 2, 2, 2, 2]
    ) == [4, 1, 2, 3, 4]


def test_mieuxvoter_billions_of_participants_are_counted_without_expanding_them():
    assert ranks_of([10**10, 10**10], [9_999_999_999, 10_000_000_001]) == [2, 1]


# --- the definition, spelt out ------------------------------------------------------------------


def test_majority_value_is_the_sequence_of_removed_majority_grades():
    # Excellent, Bien, Bien, Passable, À rejeter: "Bien" is the middle one; of the four left,
    # the lower middle one is "Passable"; then "Bien", then of "Excellent" and "À rejeter" the
    # lower one.
    assert majority_value((1, 0, 2, 0, 1, 0, 1)) == [BIEN, PASSABLE, BIEN, A_REJETER, EXCELLENT]


def brute_force_compare(first, second):
    """The definition: compare the majority values lexicographically (a lower index is a
    better grade)."""
    for a, b in zip(majority_value(first.counts), majority_value(second.counts), strict=True):
        if a != b:
            return 1 if a < b else -1
    return 0


@st.composite
def comparable_profiles(draw):
    grades = draw(st.integers(min_value=2, max_value=7))
    total = draw(st.integers(min_value=1, max_value=40))

    def one():
        cuts = sorted(
            draw(st.lists(st.integers(0, total), min_size=grades - 1, max_size=grades - 1))
        )
        bounds = [0, *cuts, total]
        return tuple(bounds[i + 1] - bounds[i] for i in range(grades))

    count = draw(st.integers(min_value=2, max_value=5))
    return [MeritProfile(key=str(i), counts=one()) for i in range(count)]


@settings(max_examples=400, deadline=None)
@given(comparable_profiles())
def test_counting_from_counts_agrees_with_the_definition(profiles):
    first, second = profiles[0], profiles[1]
    assert (compare(first, second) > 0) == (brute_force_compare(first, second) > 0)
    assert (compare(first, second) == 0) == (brute_force_compare(first, second) == 0)
    expected = sorted(profiles, key=cmp_to_key(lambda a, b: -brute_force_compare(a, b)))
    ranked = [r.profile for r in rank(profiles)]
    assert [majority_value(p.counts) for p in ranked] == [
        majority_value(p.counts) for p in expected
    ]
