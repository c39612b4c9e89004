"""participation_pb_count: prints funded project ids; bad files fail with the line, no traceback."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from wagtail_participation.counting import draw_key

from .test_pabulib import PABULIB_DIR, VALID


def run(*args):
    out = StringIO()
    # Messages are checked in English; the French catalogue is the lead's.
    with translation.override("en"):
        call_command("participation_pb_count", *args, stdout=out)
    return out.getvalue().split()


def test_prints_the_official_equal_shares_winners_one_per_line():
    path = PABULIB_DIR / "Netherlands_Assen_2024.pb"
    printed = run(str(path), "--rule", "equalshares-add1")
    official = ["3", "9", "2", "11", "13", "14", "5", "6", "12"]
    assert sorted(printed) == sorted(official)


def test_tie_breaking_and_seed_options(tmp_path):
    # Two projects with the same cost and votes, room for one: only the tie-breaking decides.
    tied = VALID.replace("budget;1000", "budget;500").replace("2;700;1", "2;400;2")
    path = tmp_path / "tie.pb"
    path.write_text(tied.replace("b;1\n", "b;1,2\n"))
    assert run(str(path), "--rule", "greedy", "--tie-breaking", "lexico") == ["1"]
    for seed in (1, 2, 3):
        drawn = min(["1", "2"], key=lambda project_id: draw_key(project_id, seed))
        assert run(str(path), "--rule", "greedy", "--seed", str(seed)) == [drawn]


def test_a_malformed_file_names_the_line(tmp_path):
    path = tmp_path / "broken.pb"
    path.write_text(VALID.replace("1;400;2", "1;quatre cents;2"))
    with pytest.raises(CommandError, match=r"line 8: cost is not a number: quatre cents"):
        run(str(path), "--rule", "greedy")


def test_ordinal_ballots_are_not_counted_yet():
    with pytest.raises(CommandError, match="only approval ballots are counted"):
        run(str(PABULIB_DIR / "Poland_Krakow_2020_Zwierzyniec.pb"), "--rule", "greedy")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        run(str(tmp_path / "nowhere.pb"), "--rule", "mes")
