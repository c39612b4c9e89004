#!/usr/bin/env python
"""The PDF result report of a 20-question survey (3 free-text questions) at 1,000, 10,000 and
100,000 responses: the time and the peak memory of generating it.

One survey of ``survey_data.py``'s twenty questions, its last one made a third free-text
question, grows from 1,000 to 10,000 to 100,000 generated responses (about 3 % of them paper
forms, 2 % of the written answers hidden from the public, answers spread over a month). The
responses are created with the ORM's ``bulk_create`` in batches. At each size the report is
generated in a process of its own, as an editor's click on "Generate" does with the immediate
task backend: ``reports.generation.request_report(page)``, which computes the data key, writes
the raw data export (every response, CSV) while hashing it, renders the PDF with WeasyPrint
and stores both. The process reports the time of that call, the part of it spent rendering the
PDF, and its peak resident memory (``ru_maxrss``: Python, Django, Wagtail and WeasyPrint
included, so the figure is what a worker needs).

Targets: time grows at most linearly, at most 10x per tenfold growth of the responses (so
time(100,000) / time(1,000) <= 100, the ratio printed), and the peak memory at 100,000
responses under 400 MB. The written answers printed are capped (``REPORT_FREE_TEXT_LIMIT``),
so the PDF's pages and size stay bounded; the benchmark prints them. The last line is::

    result: report_pdf ratio=X target=100 PASS|BELOW

Run from the repository root::

    .venv/bin/python benchmarks/report_pdf.py [--sizes 1000 10000 100000]

SQLite in a temporary file by default, or the database ``DATABASE_URL`` names (what the
benchmark creates there is removed afterwards).
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SETTINGS = "benchmarks.bench_settings"
TARGET_GROWTH = 100  # time(100,000) / time(1,000): linear growth at most
TARGET_DECADE = 10  # each tenfold growth of the responses
TARGET_PEAK_MB = 400
BATCH = 2000
OPENED = datetime.datetime(2026, 10, 1, 8, tzinfo=datetime.UTC)
DAYS = 30
REMARKS = [
    "Merci pour ce questionnaire.",
    "Pensez aux personnes âgées : des bancs tous les cent mètres.",
    "Le stationnement devant l'école est dangereux le matin.",
    "Une réunion publique serait bienvenue avant les travaux.",
    "Les horaires du marché ne conviennent pas à ceux qui travaillent.",
]


def log(message):
    print(message, flush=True)


def peak_rss_mb():
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def blocks():
    """survey_data's twenty questions, the last (an age group) replaced by a third free-text
    question: q18 (short text), q19 and q20 (long text)."""
    import survey_data

    from wagtail_participation.surveys.stream import question

    questions = survey_data.blocks()
    assert questions[-1]["id"] == "q20"
    questions[-1] = question("long_text", "q20", "Remarques")
    return questions


def generated_answers(rng, neighbourhood_ids, number):
    import survey_data

    answers = survey_data.generate(rng, neighbourhood_ids)
    answers.pop("q20", None)
    if rng.random() < 0.3:
        answers["q20"] = f"{rng.choice(REMARKS)} (réponse {number})"
    return answers


def create_survey(slug):
    import survey_data
    from wagtail.models import Page

    from wagtail_participation.models import Neighbourhood, SurveyPage

    for order, name in enumerate(survey_data.NEIGHBOURHOODS):
        Neighbourhood.objects.get_or_create(name=f"Bench {name}", defaults={"sort_order": order})
    survey = SurveyPage(
        title="Benchmark : le centre-ville",
        slug=slug,
        body=json.dumps(blocks()),
        opens_at=OPENED,
        closes_at=OPENED + datetime.timedelta(days=DAYS),
        results_visibility="after_closing",
    )
    Page.get_first_root_node().add_child(instance=survey)
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def add_responses(survey, start, count):
    """Responses ``start`` to ``start + count - 1`` of the survey, with bulk_create."""
    import survey_data
    from django.db import transaction

    from wagtail_participation.models import Neighbourhood, SurveyAnswer, SurveyResponse

    structure = survey.structure
    labels = survey_data.option_labels(structure)
    neighbourhood_ids = [
        str(pk)
        for pk in Neighbourhood.objects.filter(name__startswith="Bench ").values_list(
            "pk", flat=True
        )
    ]
    rng = random.Random(f"{survey_data.SEED}:report_pdf:{start}")
    started = time.perf_counter()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        drawn = []
        for number in numbers:
            paper = rng.random() < 0.03
            submitted_at = OPENED + datetime.timedelta(seconds=rng.randint(0, DAYS * 86400 - 1))
            response = SurveyResponse(
                target=survey,
                channel="paper" if paper else "online",
                participant_key="" if paper else f"bench:{survey.pk}:{number}",
                paper_reference=f"P-{number}" if paper else "",
                submitted_at=submitted_at,
            )
            drawn.append((response, generated_answers(rng, neighbourhood_ids, number)))
        with transaction.atomic():
            SurveyResponse.objects.bulk_create([response for response, _answers in drawn])
            SurveyAnswer.objects.bulk_create(
                answer
                for response, answers in drawn
                for answer in answer_objects(survey, response, answers, structure, labels, rng)
            )
    log(
        f"  {start + count - 1:>7,} responses ({count:,} added in "
        f"{time.perf_counter() - started:.0f} s)"
    )


def answer_objects(survey, response, answers, structure, labels, rng):
    import survey_data

    from wagtail_participation.models import SurveyAnswer

    for row in survey_data.answer_rows(answers, structure, labels):
        key, label, option, option_label, row_key, number, rank, grade, date, text = row
        yield SurveyAnswer(
            response=response,
            survey_id=survey.pk,
            channel=response.channel,
            question_key=key,
            question_label=label,
            option_key=option,
            option_label=option_label,
            row_key=row_key,
            number=None if number is None else Decimal(number),
            rank=rank,
            grade=grade,
            date=None if date is None else datetime.date.fromisoformat(date),
            text=text,
            # The town hall hides a few written answers (personal data, insults).
            hidden=bool(text) and rng.random() < 0.02,
        )


def generate_once(survey_id):
    """In a process of its own: generate the survey's report; print what it cost as JSON."""
    import django

    django.setup()
    import weasyprint  # noqa: F401 - importing WeasyPrint is the process's start, not the report's

    from wagtail_participation.models import SurveyPage
    from wagtail_participation.reports import generation
    from wagtail_participation.reports.models import ReportStatus

    survey = SurveyPage.objects.get(pk=survey_id)
    rendering = []
    render_pdf = generation.render_pdf

    def timed_render_pdf(html):
        started = time.perf_counter()
        pdf = render_pdf(html)
        rendering.append(time.perf_counter() - started)
        return pdf

    generation.render_pdf = timed_render_pdf
    before = peak_rss_mb()
    started = time.perf_counter()
    report = generation.request_report(survey)
    elapsed = time.perf_counter() - started
    if report.status != ReportStatus.READY:
        raise SystemExit(f"the report is {report.status}: {report.error}")
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "render_seconds": sum(rendering),
                "peak_before_mb": before,
                "peak_mb": peak_rss_mb(),
                "pages": report.page_count,
                "pdf_bytes": report.file.size,
                "export_bytes": report.export_file.size,
            }
        )
    )


def run_generation(survey_id, env):
    result = subprocess.run(
        [sys.executable, __file__, "--measure", str(survey_id)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the report of survey {survey_id} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    if args.measure:
        return generate_once(args.measure)

    from bench_database import migrated_database

    sizes = sorted(args.sizes)
    measured = {}
    with contextlib.ExitStack() as stack:
        media = stack.enter_context(tempfile.TemporaryDirectory(prefix="wp-bench-report-media-"))
        os.environ["DJANGO_MEDIA_ROOT"] = media
        external = migrated_database(stack, "wp-bench-report-")
        from django.core.management import call_command
        from django.db import connection

        call_command("createcachetable", verbosity=0)
        survey = create_survey(f"bench-report-{os.getpid()}")
        if external:
            stack.callback(remove, survey)
        count = 0
        for size in sizes:
            log(f"Adding responses up to {size:,}")
            add_responses(survey, count + 1, size - count)
            count = size
            connection.close()
            outcome = run_generation(survey.pk, dict(os.environ))
            measured[size] = outcome
            log(
                f"{size:>7,} responses: report in {outcome['seconds']:.1f} s (PDF rendering "
                f"{outcome['render_seconds']:.1f} s), peak memory {outcome['peak_mb']:.0f} MB "
                f"({outcome['peak_before_mb']:.0f} MB before), {outcome['pages']} pages, PDF "
                f"{outcome['pdf_bytes'] / 1e3:.0f} kB, "
                f"export {outcome['export_bytes'] / 1e6:.1f} MB"
            )

    verdicts = []
    for smaller, larger in zip(sizes, sizes[1:], strict=False):
        growth = measured[larger]["seconds"] / measured[smaller]["seconds"]
        allowed = TARGET_DECADE * larger / smaller / 10
        verdicts.append(growth <= allowed)
        log(
            f"time from {smaller:,} to {larger:,} responses: {growth:.2f}x "
            f"(linear: {larger / smaller:.0f}x)"
        )
    first, last = sizes[0], sizes[-1]
    ratio = measured[last]["seconds"] / measured[first]["seconds"]
    target = TARGET_GROWTH * last / first / 100
    peak = measured[last]["peak_mb"]
    log(
        "peak memory: "
        + ", ".join(f"{measured[size]['peak_mb']:.0f} MB at {size:,}" for size in sizes)
        + f" (target at {last:,}: under {TARGET_PEAK_MB} MB)"
    )
    passed = all(verdicts) and ratio <= target and peak < TARGET_PEAK_MB
    log(f"result: report_pdf ratio={ratio:.2f} target={target:g} {'PASS' if passed else 'BELOW'}")


def remove(survey):
    """Only for a database the caller gave us: leave it as it was (apart from migrations)."""
    from wagtail_participation.models import SurveyAnswer, SurveyResponse
    from wagtail_participation.reports.generation import reports_of

    for report in reports_of(survey):
        report.delete()
    SurveyAnswer.objects.filter(survey_id=survey.pk).delete()
    SurveyResponse.objects.filter(target_id=survey.pk).delete()
    survey.delete()


if __name__ == "__main__":
    main()
