#!/usr/bin/env python
"""Counting 1,000,000 votes: the app's aggregation against the form builder's way.

The same votes ("pour", "contre", "abstention") are stored twice:

- as the app stores them, one Ballot and one BallotChoice per vote, and counted by
  ``wagtail_participation.votes.results.count_vote(vote)`` (a GROUP BY over an index);
- as ``wagtail.contrib.forms`` FormSubmission rows (``form_data`` ``{"choix": "pour"}``)
  attached to a page, and counted the way a commune using the form builder would:
  iterate the page's submissions, ``get_data()``, ``collections.Counter``.

Both counts must agree with the numbers inserted (the benchmark exits non-zero otherwise).
Prints both times and the speed-up; the last line is::

    result: results_counting ratio=X target=100 PASS|BELOW

Run from the repository root::

    .venv/bin/python benchmarks/results_counting.py [--votes 1000000]

SQLite in a temporary file by default, or the database ``DATABASE_URL`` names (what the
benchmark creates there is removed afterwards).
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.bench_database import migrated_database  # noqa: E402

TARGET_RATIO = 100
BATCH = 200_000
# The vote's option keys and the form builder's French answers, in the same order.
ANSWERS = [("for", "pour"), ("against", "contre"), ("abstain", "abstention")]


def log(message):
    print(message, flush=True)


def answer_index_sql(x):
    """SQL for a deterministic, well-mixed answer (0, 1 or 2) of vote number ``x``."""
    share = f"({x} * 7919) %% 100"  # %% : the statements have parameters
    return f"CASE WHEN {share} < 52 THEN 0 WHEN {share} < 90 THEN 1 ELSE 2 END"


def answer_index(x):
    share = (x * 7919) % 100
    return 0 if share < 52 else 1 if share < 90 else 2


def numbers_sql(vendor, start, stop):
    """A row source of the integers start..stop (inclusive), column ``x``."""
    if vendor == "postgresql":
        return f"SELECT generate_series({int(start)}::bigint, {int(stop)}::bigint) AS x"
    return (
        f"SELECT x FROM (WITH RECURSIVE seq(x) AS (SELECT {int(start)} UNION ALL "
        f"SELECT x + 1 FROM seq WHERE x < {int(stop)}) SELECT x FROM seq)"
    )


def create_data(n):
    """Insert ``n`` votes both ways; return (vote, form page, expected counts by index)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.contrib.forms.models import FormSubmission
    from wagtail.models import Page

    from wagtail_participation.models import Ballot, BallotChoice, Vote

    vendor = connection.vendor
    vote = Vote.objects.create(
        title="Benchmark : éclairage public", question="Pour ou contre ?", allow_abstention=True
    )
    option_ids = dict(vote.options.values_list("key", "id"))
    assert set(option_ids) == {key for key, _answer in ANSWERS}, option_ids
    root = Page.get_first_root_node()
    form_page = root.add_child(
        instance=Page(title="Formulaire : éclairage public", slug=f"bench-form-{os.getpid()}")
    )

    ballot = Ballot._meta.db_table
    choice = BallotChoice._meta.db_table
    submission = FormSubmission._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # The ballot's number is in its participant key ("bench:123").
    option_sql = (
        f"CASE {answer_index_sql('CAST(substr(b.participant_key, 7) AS bigint)')} "
        f"WHEN 0 THEN {option_ids['for']} WHEN 1 THEN {option_ids['against']} "
        f"ELSE {option_ids['abstain']} END"
    )
    answer_sql = (
        f"CASE {answer_index_sql('x')} WHEN 0 THEN 'pour' WHEN 1 THEN 'contre' "
        f"ELSE 'abstention' END"
    )
    json_sql = f"""'{{"choix": "' || {answer_sql} || '"}}'"""
    if vendor == "postgresql":
        json_sql = f"({json_sql})::jsonb"
    started = time.perf_counter()
    for start in range(1, n + 1, BATCH):
        stop = min(start + BATCH - 1, n)
        numbers = numbers_sql(vendor, start, stop)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {ballot} (target_id, channel, participant_key, user_id, receipt, "
                f"weight, entered_by_id, note, paper_reference, submitted_at) "
                f"SELECT %s, 'online', 'bench:' || x, NULL, 'B' || x, 1, NULL, '', '', %s "
                f"FROM ({numbers}) AS numbers",
                [vote.pk, now],
            )
            cursor.execute(
                f"INSERT INTO {choice} (ballot_id, vote_id, option_id, channel, weight) "
                f"SELECT b.id, b.target_id, {option_sql}, 'online', 1 "
                f"FROM {ballot} b WHERE b.target_id = %s AND b.id > %s",
                [vote.pk, _last_choice_ballot_id(cursor, choice, vote.pk)],
            )
            cursor.execute(
                f"INSERT INTO {submission} (form_data, page_id, submit_time) "
                f"SELECT {json_sql}, %s, %s FROM ({numbers}) AS numbers",
                [form_page.pk, now],
            )
        log(f"  {stop:>9,} votes inserted both ways ({time.perf_counter() - started:.1f} s)")
    # The statistics and visibility map autovacuum would have after such an insert.
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for table in (ballot, choice, submission):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    expected = Counter(answer_index(x) for x in range(1, n + 1))
    return vote, form_page, expected


def _last_choice_ballot_id(cursor, choice_table, vote_id):
    cursor.execute(f"SELECT max(ballot_id) FROM {choice_table} WHERE vote_id = %s", [vote_id])
    (last,) = cursor.fetchone()
    return last or 0


def remove_data(vote, form_page):
    """Only for a database the caller gave us: leave it as it was (apart from migrations)."""
    from django.db import connection, transaction
    from wagtail.contrib.forms.models import FormSubmission

    from wagtail_participation.models import Ballot, BallotChoice

    with transaction.atomic(), connection.cursor() as cursor:
        for model, column, value in (
            (BallotChoice, "vote_id", vote.pk),
            (Ballot, "target_id", vote.pk),
            (FormSubmission, "page_id", form_page.pk),
        ):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} = %s", [value])
    form_page.delete()
    vote.delete()


def count_with_app(vote_id):
    from wagtail_participation.models import Vote
    from wagtail_participation.votes.results import count_vote

    return count_vote(Vote.objects.get(pk=vote_id))


def count_with_form_builder(page_id):
    """What a commune would write for the form builder's submissions (no model of its own)."""
    from wagtail.contrib.forms.models import FormSubmission

    counts = Counter()
    for submission in FormSubmission.objects.filter(page_id=page_id).iterator(chunk_size=2000):
        counts[submission.get_data()["choix"]] += 1
    return counts


def timed(function, *args, runs):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--app-runs", type=int, default=5, help="timed runs of count_vote")
    parser.add_argument("--form-runs", type=int, default=2, help="timed runs of the form way")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        external = migrated_database(stack, "wp-bench-count-")
        log(f"Inserting {args.votes:,} votes")
        vote, form_page, expected = create_data(args.votes)
        if external:
            stack.callback(remove_data, vote, form_page)

        # The rows were just written, so both ways start with warm caches; count_vote also
        # gets one untimed run (the form builder's way is too slow to run needlessly).
        count_with_app(vote.pk)
        app_time, app_times, tally = timed(count_with_app, vote.pk, runs=args.app_runs)
        each = ", ".join(f"{t * 1000:.1f}" for t in app_times)
        log(f"app aggregation (count_vote): {app_time * 1000:.1f} ms (median of: {each} ms)")
        form_time, form_times, counts = timed(
            count_with_form_builder, form_page.pk, runs=args.form_runs
        )
        each = ", ".join(f"{t:.2f}" for t in form_times)
        log(
            f"form builder (FormSubmission, get_data, Counter): {form_time:.2f} s "
            f"(median of: {each} s)"
        )

        problems = []
        app_counts = {row.key: row.counts[0] for row in tally.rows}  # online, the first channel
        for index, (key, answer) in enumerate(ANSWERS):
            if not (app_counts.get(key) == counts.get(answer) == expected[index]):
                problems.append(
                    f"{key}: app {app_counts.get(key)}, form builder {counts.get(answer)}, "
                    f"inserted {expected[index]}"
                )
        if tally.participants != args.votes:
            problems.append(f"{tally.participants} participants, not {args.votes}")

    ratio = form_time / app_time if app_time else 0.0
    log("counts: " + ", ".join(f"{k} {app_counts.get(k)}" for k, _a in ANSWERS))
    log(f"speed-up: {ratio:.1f}x")
    if problems:
        log("FAILED: the counts disagree:")
        for problem in problems:
            log(f"  - {problem}")
        sys.exit(1)
    verdict = "PASS" if ratio >= TARGET_RATIO else "BELOW"
    log(f"result: results_counting ratio={ratio:.0f} target={TARGET_RATIO} {verdict}")


if __name__ == "__main__":
    main()
