#!/usr/bin/env python
"""A real participatory budget through a budget page: Warszawa 2020, Praga-Południe (134
projects, 14,897 ballots), imported from its pabulib file into a BudgetPage, then counted from
the database with the Method of Equal Shares (completed), as the page's results are.

Prints:

- the import time (the file read and checked, its projects and ballots written in batches);
- the time to read the ballots from the database (the one streamed query the count makes);
- the counting time (the engine, on what was read);
- whether the outcome equals the count of the file itself (what ``participation_pb_count``
  prints: the same engine, rule, tie-breaking and draw).

The target: reading the ballots takes less time than counting them, and the outcomes are
equal. The last line is::

    result: budget_page ratio=X target=1 PASS|BELOW

where X is the counting time over the reading time (PASS when X > 1 and the outcomes are
equal).

Run from the repository root::

    .venv/bin/python benchmarks/budget_page.py [--file tests/data/pabulib/…pb] [--rule mes]

SQLite in a temporary file by default, or the database ``DATABASE_URL`` names (what the
benchmark creates there is removed afterwards).
"""

import argparse
import contextlib
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.bench_database import migrated_database  # noqa: E402

TARGET_RATIO = 1
DEFAULT_FILE = REPO / "tests" / "data" / "pabulib" / "Poland_Warszawa_2020_Praga-Poludnie.pb"


def log(message):
    print(message, flush=True)


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def budget_page(budget, rule):
    """A live budget page whose vote is over, with one envelope of ``budget``."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Site

    from wagtail_participation.models import BudgetEnvelope, BudgetPage

    now = timezone.now()
    root = Site.objects.get(is_default_site=True).root_page
    page = BudgetPage(
        title="Praga-Południe 2020 (benchmark)",
        slug="budget-page-benchmark",
        submission_start=now - timedelta(days=60),
        review_start=now - timedelta(days=45),
        vote_start=now - timedelta(days=30),
        results_start=now - timedelta(days=1),
        follow_up_start=now + timedelta(days=30),
        counting_rule=rule,
        tie_breaking="commune",
        draw_seed=0,
        max_projects=None,
        within_envelope=False,
    )
    root.add_child(instance=page)
    envelope = BudgetEnvelope.objects.create(page=page, name="Praga-Południe", amount=budget)
    envelope.page = page
    return page, envelope


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--rule", default="mes")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        external = migrated_database(stack, "wp-bench-budget-")
        from wagtail_participation.budgets.counting import (
            count_election,
            counted_projects,
            election_of,
            read_ballots,
        )
        from wagtail_participation.budgets.pabulib import import_pabulib
        from wagtail_participation.counting import count, parse_pabulib
        from wagtail_participation.models import BudgetPage

        text = args.file.read_text(encoding="utf-8")
        pb = parse_pabulib(text)
        log(
            f"File: {args.file.name}: {len(pb.projects)} projects, {len(pb.ballots)} ballots, "
            f"budget {pb.budget}"
        )
        page, envelope = budget_page(pb.budget, args.rule)
        if external:
            stack.callback(lambda: BudgetPage.objects.filter(pk=page.pk).delete())

        imported, import_time = timed(import_pabulib, envelope, text, filename=args.file.name)
        log(
            f"Import: {imported.projects} projects, {imported.ballots} ballots "
            f"in {import_time:.2f} s"
        )

        projects = counted_projects(envelope)
        read, read_time = timed(read_ballots, envelope, projects)
        log(f"Reading the ballots from the database: {len(read.ballots)} in {read_time:.3f} s")

        election = election_of(envelope, projects, read)
        outcome, count_time = timed(count_election, election, page)
        log(f"Counting ({args.rule}, commune tie-breaking, draw 0): {count_time:.2f} s")

        # What participation_pb_count prints for the file: the same call on the file's
        # election.
        from_file, file_time = timed(count, pb.election(), args.rule, "commune", 0)
        equal = list(outcome.selected) == list(from_file.selected)
        log(f"Counting the file itself: {file_time:.2f} s")
        log(
            f"Outcome through the page: {len(outcome.selected)} projects funded, "
            f"{outcome.total_cost} spent; the file's: {len(from_file.selected)} projects, "
            f"{from_file.total_cost} spent; equal: {'yes' if equal else 'NO'}"
        )

        ratio = count_time / read_time if read_time else float("inf")
        passed = equal and ratio > TARGET_RATIO
        log(
            f"result: budget_page ratio={ratio:.1f} target={TARGET_RATIO} "
            f"{'PASS' if passed else 'BELOW'}"
        )
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
