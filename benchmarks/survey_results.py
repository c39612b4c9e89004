#!/usr/bin/env python
"""Every question's results of a 20-question survey, at 10,000 and 100,000 responses: the
app's aggregation in the database against the form builder's way.

The same generated responses are stored twice (see ``survey_data.py``):

- as the app stores them, one SurveyResponse and one SurveyAnswer row per answer or chosen
  option, and computed by ``wagtail_participation.surveys.results.survey_results(page,
  use_cache=False)`` (GROUP BY queries over indexes);
- as ``wagtail.contrib.forms`` FormSubmission rows (one JSON object per response) attached to
  a page, and aggregated the way a commune using the form builder would: iterate the page's
  submissions, ``get_data()``, count, sum and sort in Python.

Both must give the same figures (the benchmark exits non-zero otherwise). It prints both
times, the speed-up, the number of SQL queries at each size, the growth from 10,000 to
100,000 responses, and what a results page seen again with no new response costs (cached).
Targets: at least 2x faster than the form builder's way at 100,000 responses, the same
number of queries at both sizes, time growing at most linearly (at most 10x for 10x the
responses). The last line is::

    result: survey_results ratio=X target=2 PASS|BELOW

Run from the repository root::

    .venv/bin/python benchmarks/survey_results.py [--small 10000] [--large 100000]

SQLite in a temporary file by default, or the database ``DATABASE_URL`` names (what the
benchmark creates there is removed afterwards).
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SETTINGS = "benchmarks.bench_settings"
TARGET_RATIO = 2


def log(message):
    print(message, flush=True)


def timed(function, *args, runs):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def with_app(survey):
    from wagtail_participation.surveys.results import survey_results

    return survey_results(survey, use_cache=False)


def with_form_builder(page_id, structure):
    """What a commune would write for the form builder's submissions: every submission read,
    its answers counted, summed and sorted in Python."""
    from wagtail.contrib.forms.models import FormSubmission

    from wagtail_participation.results.majority_judgment import MeritProfile, rank

    counts = defaultdict(Counter)
    respondents = Counter()
    numbers = defaultdict(list)
    ranked = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    graded = defaultdict(lambda: defaultdict(Counter))
    cells = defaultdict(Counter)
    dates = defaultdict(list)
    kinds = {question.key: question.kind for question in structure.questions}
    for submission in FormSubmission.objects.filter(page_id=page_id).iterator(chunk_size=2000):
        for key, value in submission.get_data().items():
            kind = kinds.get(key)
            if kind is None:
                continue
            respondents[key] += 1
            if kind in ("single_choice", "yes_no", "neighbourhood"):
                counts[key][value] += 1
            elif kind == "multiple_choice":
                for option in value:
                    counts[key][option] += 1
            elif kind in ("scale", "number"):
                numbers[key].append(Decimal(str(value)))
            elif kind == "ranking":
                for item, position in value.items():
                    ranked[key][item][0] += 1
                    ranked[key][item][1] += position
            elif kind == "majority_judgment":
                for option, grade in value.items():
                    graded[key][option][grade] += 1
            elif kind == "matrix":
                for row, column in value.items():
                    cells[key][(row, column)] += 1
            elif kind == "date":
                dates[key].append(value)
    figures = {}
    for question in structure.questions:
        key = question.key
        if question.kind in ("single_choice", "yes_no", "neighbourhood", "multiple_choice"):
            figures[key] = dict(counts[key])
        elif question.kind in ("scale", "number"):
            values = sorted(numbers[key])
            middle = len(values) // 2
            median = (
                values[middle]
                if len(values) % 2
                else (values[middle - 1] + values[middle]) / 2
                if values
                else None
            )
            mean = sum(values) / len(values) if values else None
            figures[key] = (len(values), round(float(mean), 4), median)
        elif question.kind == "ranking":
            size = len(question.options)
            figures[key] = {item: n * size - total for item, (n, total) in ranked[key].items()}
        elif question.kind == "majority_judgment":
            profiles = [
                MeritProfile(
                    key=option.key,
                    counts=tuple(graded[key][option.key][g] for g in range(len(question.grades))),
                )
                for option in question.options
            ]
            figures[key] = [ranked_option.profile.key for ranked_option in rank(profiles)]
        elif question.kind == "matrix":
            figures[key] = dict(cells[key])
        elif question.kind == "date":
            figures[key] = (len(dates[key]), min(dates[key]), max(dates[key]))
        else:
            figures[key] = respondents[key]
    return figures


def app_figures(results):
    """The app's results in the shape ``with_form_builder`` returns."""
    figures = {}
    for result in results.questions:
        question = result.question
        key = question.key
        kind = question.kind
        if kind in ("single_choice", "yes_no", "neighbourhood", "multiple_choice"):
            figures[key] = {row.key: row.total for row in result.tally.rows if row.total}
        elif kind in ("scale", "number"):
            figures[key] = (result.respondents, round(result.mean, 4), result.median)
        elif kind == "ranking":
            figures[key] = {item.key: item.borda for item in result.items if item.ranked_by}
        elif kind == "majority_judgment":
            figures[key] = [option.key for option in result.options]
        elif kind == "matrix":
            figures[key] = {
                (row.key, column.key): count
                for row in result.rows
                for column, count in zip(result.columns, row.counts, strict=True)
                if count
            }
        elif kind == "date":
            figures[key] = (
                result.respondents,
                result.earliest.isoformat(),
                result.latest.isoformat(),
            )
        else:
            figures[key] = result.respondents
    return figures


def measure(survey, form_page, size, args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = with_app(survey)
    query_count = len(queries)
    app_time, app_times, results = timed(with_app, survey, runs=args.app_runs)
    each = ", ".join(f"{t * 1000:.0f}" for t in app_times)
    log(
        f"{size:>7,} responses — app (survey_results): {app_time:.3f} s (median of {each} ms), "
        f"{query_count} queries"
    )
    form_time, form_times, baseline = timed(
        with_form_builder, form_page.pk, survey.structure, runs=args.form_runs
    )
    each = ", ".join(f"{t:.2f}" for t in form_times)
    log(
        f"{size:>7,} responses — form builder (FormSubmission JSON, Python): {form_time:.3f} s "
        f"(median of {each} s)"
    )
    problems = []
    ours = app_figures(results)
    for key, expected in baseline.items():
        if ours.get(key) != expected:
            problems.append(f"{key}: app {ours.get(key)!r}, form builder {expected!r}")
    if results.respondents != size:
        problems.append(f"{results.respondents} respondents, not {size}")
    return app_time, form_time, query_count, problems


def cached_cost(survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail_participation.surveys.results import survey_results

    survey_results(survey)  # computes and caches
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        survey_results(survey)
    return time.perf_counter() - started, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--app-runs", type=int, default=3)
    parser.add_argument("--form-runs", type=int, default=1)
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        external = bool(os.environ.get("DATABASE_URL"))
        if not external:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="wp-bench-survey-"))
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django

        django.setup()
        import survey_data
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from wagtail.models import Page

        settings.DEBUG = False
        log(f"Database: {connection.vendor}" + (" (DATABASE_URL)" if external else " (temp file)"))
        call_command("migrate", interactive=False, verbosity=0)
        root = Page.get_first_root_node()
        measured = {}
        all_problems = []
        for size in (args.small, args.large):
            survey = survey_data.create_survey(
                f"Benchmark : {size} réponses", f"bench-survey-{os.getpid()}-{size}"
            )
            form_page = root.add_child(
                instance=Page(title=f"Formulaire {size}", slug=f"bench-form-{os.getpid()}-{size}")
            )
            if external:
                stack.callback(survey_data.remove, survey, form_page)
            log(f"Inserting {size:,} responses both ways")
            survey_data.insert_responses(survey, size, form_page=form_page, log=log)
            app_time, form_time, queries, problems = measure(survey, form_page, size, args)
            measured[size] = (app_time, form_time, queries)
            all_problems += problems
            if size == args.large:
                cached_time, cached_queries = cached_cost(survey)
                log(
                    f"results seen again with no new response: {cached_time * 1000:.1f} ms, "
                    f"{cached_queries} queries (which is the latest response; the example "
                    f"site keeps its cache in the database, so reading it is one more)"
                )

    small_app, small_form, small_queries = measured[args.small]
    large_app, large_form, large_queries = measured[args.large]
    ratio = large_form / large_app if large_app else 0.0
    growth = large_app / small_app if small_app else 0.0
    log(
        f"speed-up at {args.small:,}: {small_form / small_app:.2f}x; "
        f"at {args.large:,}: {ratio:.2f}x"
    )
    log(f"queries: {small_queries} at {args.small:,}, {large_queries} at {args.large:,}")
    log(
        f"growth from {args.small:,} to {args.large:,} responses: {growth:.2f}x "
        f"(linear: {args.large / args.small:.0f}x)"
    )
    if all_problems:
        log("FAILED: the app and the form builder's way disagree:")
        for problem in all_problems:
            log(f"  - {problem}")
        sys.exit(1)
    targets_met = (
        ratio >= TARGET_RATIO
        and small_queries == large_queries
        and growth <= args.large / args.small
    )
    verdict = "PASS" if targets_met else "BELOW"
    log(f"result: survey_results ratio={ratio:.2f} target={TARGET_RATIO} {verdict}")


if __name__ == "__main__":
    main()
