#!/usr/bin/env python
"""The public list of a consultation with 5,000 proposals and 200,000 supports.

Two consultations are created in the same database: a large one (5,000 published proposals,
200,000 supports) and a small one (50 proposals, 2,000 supports), with the same five themes
and six neighbourhoods. The same page of each — its list filtered on one theme and sorted by
supports, as a resident opens it — is rendered through Django's test client (the whole
request: Wagtail's routing, the page, the template), untimed once, then timed. The number of
SQL queries of each is printed; they must be equal (the benchmark exits non-zero otherwise).

The last line is::

    result: consultation_listing ratio=X target=3 PASS|BELOW

where X is the median render time of the large list over that of the small one.

Run from the repository root::

    .venv/bin/python benchmarks/consultation_listing.py [--proposals 5000] [--supports 200000]

SQLite in a temporary file by default, or the database ``DATABASE_URL`` names (what the
benchmark creates there is removed afterwards).
"""

import argparse
import contextlib
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.bench_database import migrated_database  # noqa: E402

TARGET_RATIO = 3
THEMES = ["Mobilité", "Nature", "Vie de quartier", "Jeunesse", "Sécurité"]
NEIGHBOURHOODS = ["Centre", "Gare", "Loire", "Vignes", "Moulin", "Croix-Blanche"]
BATCH = 5_000


def log(message):
    print(message, flush=True)


def create_consultation(slug, proposals, supports, neighbourhoods, rng):
    """A live consultation with ``proposals`` published proposals and ``supports``
    supports spread over them (a few popular ones, most with a handful)."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Site

    from wagtail_participation.models import (
        ConsultationPage,
        ConsultationProposal,
        ConsultationSupport,
        ConsultationTheme,
    )

    now = timezone.now()
    root = Site.objects.get(is_default_site=True).root_page
    page = ConsultationPage(
        title=f"Consultation {slug}",
        slug=slug,
        question="Comment améliorer le cadre de vie ?",
        ideas_start=now - timedelta(days=20),
        support_start=now - timedelta(days=5),
        analysis_start=now + timedelta(days=10),
        answers_start=now + timedelta(days=20),
        support_threshold=50,
        results_visibility="always",
    )
    root.add_child(instance=page)
    themes = [
        ConsultationTheme.objects.create(page=page, name=name, sort_order=order)
        for order, name in enumerate(THEMES)
    ]
    # Supports per proposal: a long tail, scaled to the total asked for.
    weights = [rng.paretovariate(1.2) for _ in range(proposals)]
    scale = supports / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    counts[0] += supports - sum(counts)
    rows = [
        ConsultationProposal(
            target=page,
            title=f"Idée {number} : {rng.choice(['des bancs', 'une piste', 'des arbres'])}",
            description="Une description de quelques lignes.\n\nSur deux paragraphes.",
            theme=themes[number % len(themes)],
            neighbourhood=neighbourhoods[number % len(neighbourhoods)],
            status="published",
            participant_key=f"bench:{slug}:author:{number}",
            submitted_at=now - timedelta(minutes=number),
            support_count=counts[number],
        )
        for number in range(proposals)
    ]
    created = ConsultationProposal.objects.bulk_create(rows, batch_size=BATCH)
    batch = []
    for proposal in created:
        for supporter in range(proposal.support_count):
            batch.append(ConsultationSupport(target=proposal, participant_key=f"bench:{supporter}"))
            if len(batch) >= BATCH:
                ConsultationSupport.objects.bulk_create(batch)
                batch = []
    ConsultationSupport.objects.bulk_create(batch)
    return page, themes[0]


def render(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return elapsed, len(queries)


def measure(client, url, runs):
    render(client, url)  # untimed: Wagtail's and the template's caches
    results = [render(client, url) for _ in range(runs)]
    times = [elapsed for elapsed, _queries in results]
    return statistics.median(times), results[0][1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=5_000)
    parser.add_argument("--supports", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=21, help="timed renders of each list")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        external = migrated_database(stack, "wp-bench-consult-")
        from django.core.management import call_command
        from django.test import Client

        from wagtail_participation.models import ConsultationPage, Neighbourhood

        call_command("createcachetable", verbosity=0)
        rng = random.Random(16)
        neighbourhoods = [
            Neighbourhood.objects.get_or_create(name=f"{name} (benchmark)")[0]
            for name in NEIGHBOURHOODS
        ]
        log("Creating the consultations")
        started = time.perf_counter()
        large, large_theme = create_consultation(
            "bench-large", args.proposals, args.supports, neighbourhoods, rng
        )
        small, small_theme = create_consultation(
            "bench-small", 50, max(args.supports // 100, 50), neighbourhoods, rng
        )
        if external:
            stack.callback(
                lambda: ConsultationPage.objects.filter(pk__in=[large.pk, small.pk]).delete()
            )
            stack.callback(
                lambda: Neighbourhood.objects.filter(name__endswith="(benchmark)").delete()
            )
        log(
            f"Created {args.proposals:,} proposals and {args.supports:,} supports, and the "
            f"small list, in {time.perf_counter() - started:.1f} s"
        )

        client = Client(HTTP_HOST="localhost")
        query = "?sort=supports&theme={}"
        large_time, large_queries = measure(
            client, large.url + query.format(large_theme.pk), args.runs
        )
        small_time, small_queries = measure(
            client, small.url + query.format(small_theme.pk), args.runs
        )

    log(
        f"large list ({args.proposals:,} proposals, {args.supports:,} supports): "
        f"{large_time * 1000:.1f} ms median, {large_queries} queries"
    )
    log(f"small list (50 proposals): {small_time * 1000:.1f} ms median, {small_queries} queries")
    ratio = large_time / small_time if small_time else 0.0
    if large_queries != small_queries:
        log(f"FAILED: {large_queries} queries for the large list, {small_queries} for the small")
        sys.exit(1)
    verdict = "PASS" if ratio <= TARGET_RATIO else "BELOW"
    log(f"result: consultation_listing ratio={ratio:.2f} target={TARGET_RATIO} {verdict}")


if __name__ == "__main__":
    main()
