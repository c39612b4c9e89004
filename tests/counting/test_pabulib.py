"""Reading and writing pabulib files: exact round trip, all ballot types, errors naming lines."""

from pathlib import Path

import pytest

from wagtail_participation.counting import CountingError, build_pabulib, parse_pabulib, read_pabulib

# Copies of real budgets from pabulib, kept in the repository (see tests/data/pabulib/SOURCES.md).
PABULIB_DIR = Path(__file__).resolve().parents[1] / "data" / "pabulib"
PABULIB_FILES = sorted(PABULIB_DIR.glob("*.pb"))

VALID = '''META
key;value
budget;1000
vote_type;approval
max_length;2
PROJECTS
project_id;cost;votes;name
1;400;2;Bancs
2;700;1;"Jardin ""partagé"""
VOTES
voter_id;vote
a;1,2
b;1
'''


def test_shared_files_are_present():
    assert PABULIB_FILES, f"no .pb files in {PABULIB_DIR}"


@pytest.mark.parametrize("path", PABULIB_FILES, ids=lambda path: path.name)
def test_writing_a_parsed_shared_file_gives_back_the_same_bytes(path):
    pb = read_pabulib(path)
    assert pb.to_text().encode() == path.read_bytes()


def test_round_trip_keeps_quotes_line_endings_and_a_missing_final_newline():
    text = VALID.replace("\n", "\r\n", 3).rstrip("\n")
    assert parse_pabulib(text).to_text() == text
    assert parse_pabulib("\ufeff" + VALID).to_text() == "\ufeff" + VALID


def test_a_quoted_name_keeps_its_semicolons_and_quotes():
    pb = parse_pabulib(VALID.replace("Bancs", '"Bancs; tables"'))
    assert pb.projects[0]["name"] == "Bancs; tables"
    assert pb.projects[1]["name"] == 'Jardin "partagé"'


def test_approval_file_gives_budget_constraints_and_ballots():
    pb = parse_pabulib(VALID)
    assert pb.budget == 1000
    assert pb.constraints == {"max_length": 2}
    assert pb.ballots == [frozenset({"1", "2"}), frozenset({"1"})]
    election = pb.election()
    assert [project.cost for project in election.projects] == [400, 700]


def test_ordinal_ballots_keep_the_ranking_and_are_not_counted():
    pb = parse_pabulib(VALID.replace("approval", "ordinal").replace("a;1,2", "a;2,1"))
    assert pb.ballots[0] == ("2", "1")
    with pytest.raises(CountingError) as error:
        pb.election()
    assert error.value.code == "ballot_type_not_counted"


def test_cumulative_ballots_keep_the_points():
    text = VALID.replace("approval", "cumulative").replace("voter_id;vote", "voter_id;vote;points")
    text = text.replace("a;1,2", "a;1,2;3,7").replace("b;1\n", "b;1;10\n")
    assert parse_pabulib(text).ballots == [{"1": 3, "2": 7}, {"1": 10}]


def test_official_selection_is_read_from_the_selected_column():
    pb = read_pabulib(PABULIB_DIR / "Netherlands_Assen_2024.pb")
    assert pb.rule == "equalshares/add1"
    assert "3" in pb.official_selection()


def test_build_pabulib_writes_a_file_that_parses_back():
    pb = build_pabulib(
        {"budget": "500", "vote_type": "approval"},
        ["project_id", "cost"],
        [["p1", "300"], ["p2", "200"]],
        ["voter_id", "vote"],
        [["v1", "p1,p2"]],
    )
    assert parse_pabulib(pb.to_text()).ballots == [frozenset({"p1", "p2"})]


def _error(text):
    with pytest.raises(CountingError) as error:
        parse_pabulib(text)
    return error.value.code, error.value.line


@pytest.mark.parametrize(
    ("broken", "code", "line"),
    [
        (VALID.replace("budget;1000", "budget;mille"), "not_a_number", 3),
        (VALID.replace("budget;1000\n", ""), "missing_budget", 4),
        (VALID.replace("budget;1000", "budget;0"), "amount_not_positive", 3),
        (VALID.replace("budget;1000", "budget;" + "9" * 30), "amount_too_large", 3),
        (VALID.replace("1;400;2", "1;-400;2"), "not_a_number", 8),
        (VALID.replace("1;400;2", "1;0;2"), "amount_not_positive", 8),
        (VALID.replace("1;400;2", "1;400.5;2"), "amount_not_whole", 8),
        (VALID.replace("1;400;2", "1;quatre cents;2"), "not_a_number", 8),
        (VALID.replace("2;700;1", "1;700;1"), "duplicate_project", 9),
        (VALID.replace("a;1,2", "a;1,7"), "unknown_project", 12),
        (VALID.replace("b;1\n", "a;1\n"), "duplicate_voter", 13),
        (VALID.replace("1;400;2;Bancs", "1;400;2"), "wrong_field_count", 8),
        (VALID.replace('"Jardin ""partagé"""', '"Jardin'), "unclosed_quote", 9),
        (VALID.replace("vote_type;approval", "vote_type;ranked"), "unknown_vote_type", 4),
        (VALID.replace("project_id;cost", "project_id;price"), "missing_column", 7),
        (VALID.split("VOTES")[0], "missing_section", 9),
        (VALID.replace("META\n", ""), "expected_section", 1),
        (VALID.split("VOTES")[0] + "VOTES\nvoter_id;vote\n", "no_ballots", 11),
        ("", "missing_section", 1),
    ],
)
def test_a_malformed_file_is_refused_with_the_problem_and_its_line(broken, code, line):
    assert _error(broken) == (code, line)


def test_a_file_without_projects_is_an_empty_election():
    text = "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
    text += "VOTES\nvoter_id;vote\nv;\n"
    assert _error(text) == ("no_projects", 6)
