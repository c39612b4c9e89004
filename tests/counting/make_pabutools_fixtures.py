"""Regenerate ``fixtures/pabutools_outcomes.json``: what pabutools 1.2.3 selects on shared files.

pabutools needs minutes on the largest budget, so the normal test run reads these stored
outcomes instead of calling it. Run from the repository root::

    python tests/counting/make_pabutools_fixtures.py [--pabulib-dir DIR] [--only NAME]

For each approval file and each tie-breaking rule it records the selection of
``greedy_utilitarian_welfare`` with ``Cost_Sat`` (our ``greedy``) and of
``completion_by_rule_combination`` running iterated ``method_of_equal_shares`` with ``Cost_Sat``
and ``voter_budget_increment=1`` then that greedy rule (our ``mes``).

Projects nobody approved are left out of the instance given to pabutools: our engine never funds
them, while pabutools' greedy would fund a zero-vote project that still fits. They have no
supporters, so removing them changes nothing else (ties are broken on the remaining projects).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from wagtail_participation.counting.tie_breaking import DEFAULT_SEED, draw_key  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pabutools_outcomes.json"
DEFAULT_PABULIB_DIR = REPO_ROOT / "tests" / "data" / "pabulib"
# Entries kept per voter: a few counts' worth (one entry per project and budget level), instead
# of the gigabytes pabutools' memo reaches over all raises on the largest budget.
MEMO_LIMIT = 1_000


def bound_pabutools_memo():
    """Empty each voter's memo of budget/satisfaction in pabutools when it reaches MEMO_LIMIT.

    The memo is keyed by (project, voter budget); in iterated Equal Shares every raise creates
    new keys and old ones are never read again. Forgetting them only costs a recomputation of
    the same exact fraction, so results are unchanged.
    """
    from pabutools.fractions import frac
    from pabutools.rules.mes import mes_rule

    def budget_over_sat_project(self, proj):
        key = (proj, self.budget)
        memo = self.budget_over_sat_map
        result = memo.get(key)
        if result is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            result = frac(self.budget, self.sat.sat_project(proj))
            memo[key] = result
        return result

    mes_rule.MESVoter.budget_over_sat_project = budget_over_sat_project


def load_approval_election(path):
    """pabutools' own parse of the file, minus projects nobody approved (see module docstring)."""
    from pabutools.election import Instance, parse_pabulib

    instance, profile = parse_pabulib(str(path))
    if instance.meta.get("vote_type") != "approval":
        return None
    approved = {project for ballot in profile for project in ballot}
    kept = Instance(
        [project for project in instance if project in approved],
        budget_limit=instance.budget_limit,
        meta=instance.meta,
        project_meta=instance.project_meta,
    )
    return kept, profile


def tie_breaking_rules(profile):
    from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

    def commune_key(instance, prof, project):
        return (
            project.cost,
            -profile.approval_score(project),
            draw_key(project.name, DEFAULT_SEED),
        )

    return {"lexico": lexico_tie_breaking, "commune": TieBreakingRule(commune_key)}


def pabutools_greedy(instance, profile, tie_breaking):
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare

    return greedy_utilitarian_welfare(
        instance, profile, sat_class=Cost_Sat, tie_breaking=tie_breaking
    )


def pabutools_mes(instance, profile, tie_breaking):
    from pabutools.election import Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    return completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [
            {"sat_class": Cost_Sat, "voter_budget_increment": 1, "tie_breaking": tie_breaking},
            {"sat_class": Cost_Sat, "tie_breaking": tie_breaking},
        ],
    )


RULES = {"greedy": pabutools_greedy, "mes": pabutools_mes}


def pabutools_selections(election, tie_breaking_name):
    """pabutools' greedy and mes selections for one of our ``Election``s (small ones: tests)."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Instance
    from pabutools.election import Project as PabutoolsProject

    votes = election.votes()
    projects = {
        project.id: PabutoolsProject(project.id, project.cost)
        for project in election.projects
        if votes[project.id] > 0
    }
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot(projects[pid] for pid in ballot) for ballot in election.ballots]
    )
    tie_breaking = tie_breaking_rules(profile)[tie_breaking_name]
    return {
        name: sorted(project.name for project in rule(instance, profile, tie_breaking))
        for name, rule in RULES.items()
    }


def outcomes_for(path, log=print, only_tie_breaking=None, only_rule=None):
    loaded = load_approval_election(path)
    if loaded is None:
        return None
    instance, profile = loaded
    result = {"outcomes": {}, "seconds": {}}
    for tie_name, tie_breaking in tie_breaking_rules(profile).items():
        if only_tie_breaking and tie_name != only_tie_breaking:
            continue
        for rule_name, rule in RULES.items():
            if only_rule and rule_name != only_rule:
                continue
            started = time.perf_counter()
            selection = rule(instance, profile, tie_breaking)
            elapsed = time.perf_counter() - started
            key = f"{rule_name}/{tie_name}"
            result["outcomes"][key] = sorted(project.name for project in selection)
            result["seconds"][key] = round(elapsed, 3)
            log(f"{path.name} {key}: {elapsed:.1f} s, {result['outcomes'][key]}")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pabulib-dir", type=Path, default=DEFAULT_PABULIB_DIR)
    parser.add_argument("--only", help="regenerate only the files whose name contains this")
    parser.add_argument("--tie-breaking", choices=["lexico", "commune"], help="only this one")
    parser.add_argument("--rule", choices=sorted(RULES), help="only this rule")
    args = parser.parse_args(argv)

    bound_pabutools_memo()
    for path in sorted(args.pabulib_dir.glob("*.pb")):
        if args.only and args.only not in path.name:
            continue
        result = outcomes_for(path, only_tie_breaking=args.tie_breaking, only_rule=args.rule)
        if result is not None:
            store(path.name, result)


def store(name, result):
    """Merge one file's outcomes into the fixture (re-read first: runs may go in parallel)."""
    fixtures = {"pabutools_version": "1.2.3", "commune_seed": DEFAULT_SEED, "files": {}}
    if FIXTURE.exists():
        fixtures["files"].update(json.loads(FIXTURE.read_text())["files"])
    entry = fixtures["files"].setdefault(name, {"outcomes": {}, "seconds": {}})
    entry["outcomes"].update(result["outcomes"])
    entry["seconds"].update(result["seconds"])
    FIXTURE.write_text(json.dumps(fixtures, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
