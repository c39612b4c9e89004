from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.consultations.conftest import image_bytes, token_of  # noqa: F401 - shared helpers

# The reports' fixtures (the commune, its media folder for each test, generation).
from tests.reports.conftest import commune, generate, media_root  # noqa: F401
from tests.votes.conftest import english, table_rows  # noqa: F401 - shared helpers
from tests.votes.conftest import text as page_text
from wagtail_participation.budgets.counting import count_page, publish_results
from wagtail_participation.models import (
    BudgetBallot,
    BudgetEnvelope,
    BudgetPage,
    BudgetProject,
    Neighbourhood,
)
from wagtail_participation.participation.models import Channel
from wagtail_participation.participation.receipts import new_receipt_code

PHASE_FIELDS = (
    "submission_start",
    "review_start",
    "vote_start",
    "results_start",
    "follow_up_start",
)
PHASES = ["before", "submission", "review", "vote", "results", "follow_up"]


@pytest.fixture
def no_rate_limits(settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0, "RATE_LIMIT_PER_PARTICIPANT": 0}


def text(response):
    """The page as a resident reads it, no-break spaces (in amounts: « 45 000 € ») as
    spaces."""
    return page_text(response).replace("\u00a0", " ").replace("\u202f", " ")


def phase_dates(current):
    """Phase start dates such that ``current`` is the phase under way now: each phase lasts
    ten days, the current one started five days ago."""
    now = timezone.now()
    index = PHASES.index(current)
    return {
        field: now + timedelta(days=10 * (number - index) - 5)
        for number, field in enumerate(PHASE_FIELDS, start=1)
    }


def move_to(page, phase):
    """Move ``page`` to ``phase`` (its dates, in the database)."""
    BudgetPage.objects.filter(pk=page.pk).update(**phase_dates(phase))
    return BudgetPage.objects.get(pk=page.pk)


@pytest.fixture
def neighbourhoods(db):
    return [
        Neighbourhood.objects.get_or_create(name=name, defaults={"sort_order": order})[0]
        for order, name in enumerate(["Centre-bourg", "Quartier de la Gare", "Les Vignes"])
    ]


@pytest.fixture
def make_budget(site_root):
    def make(phase="vote", slug="budget", envelopes=(("Toute la commune", 50_000),), **fields):
        fields = {**phase_dates(phase), **fields}
        page = BudgetPage(
            title=fields.pop("title", "Budget participatif 2026"), slug=slug, **fields
        )
        # A test may have deleted an earlier page: treebeard reads the parent's child count.
        site_root.refresh_from_db()
        site_root.add_child(instance=page)
        for order, envelope in enumerate(envelopes):
            name, amount, *rest = envelope
            extra = rest[0] if rest else {}
            BudgetEnvelope.objects.create(
                page=page, name=name, amount=amount, sort_order=order, **extra
            )
        return BudgetPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def budget(make_budget):
    return make_budget()


@pytest.fixture
def make_project(db):
    counter = iter(range(1, 10**6))

    def make(
        page, cost=10_000, envelope=None, feasibility="feasible", status="published", **fields
    ):
        number = next(counter)
        envelope = envelope or page.envelopes.order_by("sort_order").first()
        fields.setdefault("title", f"Projet numéro {number}")
        fields.setdefault("description", "Une description assez longue pour être valable.")
        fields.setdefault("participant_key", f"anon:author{number}")
        fields.setdefault("receipt", f"BP{number:06d}")
        return BudgetProject.objects.create(
            target=page,
            envelope=envelope,
            cost=cost if feasibility == "feasible" else None,
            estimated_cost=cost,
            feasibility=feasibility,
            status=status,
            **fields,
        )

    return make


def cast(envelope, key, projects, channel=Channel.ONLINE):
    """A ballot stored directly, as the pipeline's store does (checked the same way)."""
    ballot = BudgetBallot(
        target=envelope,
        participant_key=key,
        channel=channel,
        receipt=new_receipt_code() if channel == Channel.ONLINE else "",
    )
    cleaned = envelope.validate_submission({"project": [str(project.pk) for project in projects]})
    with transaction.atomic():
        envelope.store_submission(ballot, cleaned)
    return ballot


def ballot_url(page, envelope):
    return f"{page.url}vote/{envelope.pk}/"


def count_and_publish(page, user=None):
    counts = count_page(page, user)
    publish_results(page, user)
    return counts
