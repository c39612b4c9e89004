"""Our rules select exactly what pabutools and the official results select on real budgets.

pabutools' outcomes are stored in fixtures/pabutools_outcomes.json (regenerate with
make_pabutools_fixtures.py); a few small random elections are also counted live. Equal Shares
is counted with both engines, the reference one and the fast one.
"""

import json
import os
from pathlib import Path

import pytest

from wagtail_participation.counting import count, read_pabulib

from .test_pabulib import PABULIB_DIR, PABULIB_FILES

FIXTURES = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "pabutools_outcomes.json").read_text()
)
# Equal Shares on the largest budget takes seconds with the fast engine and half a minute with
# the reference one: opt in.
SLOW_FILES = {"Poland_Warszawa_2020_Praga-Poludnie.pb"}
RUN_SLOW = os.environ.get("PARTICIPATION_SLOW_TESTS") == "1"


def stored_cases():
    for name, stored in sorted(FIXTURES["files"].items()):
        for key in sorted(stored["outcomes"]):
            rule, tie_breaking = key.split("/")
            marks = []
            if rule != "greedy" and name in SLOW_FILES and not RUN_SLOW:
                marks.append(pytest.mark.skip(reason="set PARTICIPATION_SLOW_TESTS=1"))
            yield pytest.param(name, rule, tie_breaking, id=f"{name}-{key}", marks=marks)


def count_with_both_engines(election, rule, tie_breaking, seed=None):
    """Count with the reference and the fast engine: the outcomes must be the same, the
    explanation included (raises, every payment, every loser's money)."""
    reference = count(election, rule, tie_breaking, seed, engine="reference")
    if rule != "greedy":
        assert count(election, rule, tie_breaking, seed, engine="fast") == reference
    return reference


def test_every_shared_approval_file_has_stored_pabutools_outcomes():
    approval = {path.name for path in PABULIB_FILES if read_pabulib(path).vote_type == "approval"}
    assert approval <= set(FIXTURES["files"])


@pytest.mark.parametrize(("name", "rule", "tie_breaking"), list(stored_cases()))
def test_same_selection_as_pabutools(name, rule, tie_breaking):
    election = read_pabulib(PABULIB_DIR / name).election()
    outcome = count_with_both_engines(election, rule, tie_breaking, FIXTURES["commune_seed"])
    expected = FIXTURES["files"][name]["outcomes"][f"{rule}/{tie_breaking}"]
    assert sorted(outcome.selected) == expected


def official_cases():
    for path in PABULIB_FILES:
        pb = read_pabulib(path)
        if pb.vote_type == "approval" and (pb.rule or "").startswith("equalshares/"):
            rule = "equalshares-" + pb.rule.split("/", 1)[1]
            yield pytest.param(path, rule, id=path.name)


def test_the_shared_data_has_official_equal_shares_results():
    assert len(list(official_cases())) >= 2


@pytest.mark.parametrize(("path", "rule"), list(official_cases()))
@pytest.mark.parametrize("tie_breaking", ["lexico", "commune"])
def test_same_selection_as_the_official_equal_shares_result(path, rule, tie_breaking):
    pb = read_pabulib(path)
    outcome = count_with_both_engines(pb.election(), rule, tie_breaking)
    assert sorted(outcome.selected) == sorted(pb.official_selection())
