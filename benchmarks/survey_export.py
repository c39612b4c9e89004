#!/usr/bin/env python
"""CSV export of a 20-question survey's responses, at 10,000 and 100,000 responses:
throughput, and the peak memory of the process, which must stay flat.

Two surveys of ``survey_data.py`` are filled (10,000 and 100,000 generated responses). Each
export is then downloaded in a process of its own, as an editor's browser gets it: the admin's
responses listing with the survey chosen, ``?target=…&export=csv`` (one row per response, one
column per question or option), through Django's test client, the streamed body read to the
end. The process reports its rows, bytes, time and peak resident memory (``ru_maxrss``, which
includes Python, Django and Wagtail themselves).

Target: the peak memory of the 100,000-response export at most 1.5 times that of the
10,000-response one (memory stays flat when rows stream). The last line is::

    result: survey_export ratio=X target=1.5 PASS|BELOW

where the ratio is that memory growth (lower is better). Run from the repository root::

    .venv/bin/python benchmarks/survey_export.py [--small 10000] [--large 100000]

SQLite in a temporary file by default, or the database ``DATABASE_URL`` names (what the
benchmark creates there is removed afterwards).
"""

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SETTINGS = "benchmarks.bench_settings"
TARGET_MEMORY_GROWTH = 1.5
USERNAME = "bench-export"
HOST = "127.0.0.1"


def log(message):
    print(message, flush=True)


def peak_rss_mb():
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_once(survey_id):
    """In a process of its own: download one export; print what it cost as JSON."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(username=USERNAME))
    # The admin's own start-up (menus, templates) is not the export's: one page first.
    client.get("/admin/participation/surveyresponses/")
    before = peak_rss_mb()
    started = time.perf_counter()
    response = client.get(
        "/admin/participation/surveyresponses/", {"target": survey_id, "export": "csv"}
    )
    assert response.status_code == 200, response.status_code
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": lines - 1,  # the heading
                "bytes": size,
                "seconds": elapsed,
                "peak_before_mb": before,
                "peak_mb": peak_rss_mb(),
            }
        )
    )


def run_export(survey_id, env):
    result = subprocess.run(
        [sys.executable, __file__, "--measure", str(survey_id)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"export of survey {survey_id} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    if args.measure:
        return export_once(args.measure)

    with contextlib.ExitStack() as stack:
        external = bool(os.environ.get("DATABASE_URL"))
        if not external:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="wp-bench-export-"))
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        import django

        django.setup()
        import survey_data
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        log(f"Database: {connection.vendor}" + (" (DATABASE_URL)" if external else " (temp file)"))
        call_command("migrate", interactive=False, verbosity=0)
        user, _created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"is_superuser": True, "is_staff": True}
        )
        if external:
            stack.callback(user.delete)
        measured = {}
        for size in (args.small, args.large):
            survey = survey_data.create_survey(
                f"Benchmark export : {size} réponses", f"bench-export-{os.getpid()}-{size}"
            )
            if external:
                stack.callback(survey_data.remove, survey)
            log(f"Inserting {size:,} responses")
            survey_data.insert_responses(survey, size, log=log)
            connection.close()
            outcome = run_export(survey.pk, dict(os.environ))
            if outcome["rows"] != size:
                raise SystemExit(f"the export has {outcome['rows']} rows, not {size}")
            measured[size] = outcome
            log(
                f"{size:>7,} responses: {outcome['rows']:,} rows, "
                f"{outcome['bytes'] / 1e6:.1f} MB in {outcome['seconds']:.1f} s "
                f"({outcome['rows'] / outcome['seconds']:,.0f} rows/s); peak memory of the "
                f"process {outcome['peak_mb']:.0f} MB ({outcome['peak_before_mb']:.0f} MB "
                f"before the export)"
            )

    small, large = measured[args.small], measured[args.large]
    growth = large["peak_mb"] / small["peak_mb"]
    log(
        f"peak memory from {args.small:,} to {args.large:,} responses: "
        f"{small['peak_mb']:.0f} MB → {large['peak_mb']:.0f} MB ({growth:.2f}x)"
    )
    verdict = "PASS" if growth <= TARGET_MEMORY_GROWTH else "BELOW"
    log(f"result: survey_export ratio={growth:.2f} target={TARGET_MEMORY_GROWTH} {verdict}")


if __name__ == "__main__":
    main()
