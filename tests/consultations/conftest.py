import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from tests.reports.conftest import commune, generate, media_root  # noqa: F401 - fixtures
from tests.votes.conftest import english, text  # noqa: F401 - shared helpers
from wagtail_participation.models import (
    ConsultationPage,
    ConsultationProposal,
    ConsultationSupport,
    ConsultationTheme,
    Neighbourhood,
)
from wagtail_participation.proposals.models import ProposalStatus

PHASE_FIELDS = ("ideas_start", "support_start", "analysis_start", "answers_start")


@pytest.fixture
def no_rate_limits(settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0, "RATE_LIMIT_PER_PARTICIPANT": 0}


def phase_dates(current):
    """Phase start dates such that ``current`` (ideas, support, analysis, answers, or
    "before") is the phase under way now."""
    now = timezone.now()
    order = ["before", "ideas", "support", "analysis", "answers"]
    index = order.index(current)
    # Each phase lasts ten days; the current one started five days ago.
    starts = {}
    for number, field in enumerate(PHASE_FIELDS, start=1):
        starts[field] = now + timedelta(days=10 * (number - index) - 5)
    return starts


@pytest.fixture
def neighbourhoods(db):
    return [
        Neighbourhood.objects.get_or_create(name=name, defaults={"sort_order": order})[0]
        for order, name in enumerate(["Centre-bourg", "Quartier de la Gare", "Les Vignes"])
    ]


@pytest.fixture
def make_consultation(site_root):
    def make(phase="ideas", slug="idees", themes=("Mobilité", "Environnement"), **fields):
        fields = {**phase_dates(phase), **fields}
        fields.setdefault("supports_during_ideas", False)
        fields.setdefault("results_visibility", "always")
        page = ConsultationPage(
            title=fields.pop("title", "Idées pour le cadre de vie"),
            slug=slug,
            question=fields.pop("question", "Comment améliorer le cadre de vie ?"),
            **fields,
        )
        site_root.add_child(instance=page)
        for order, name in enumerate(themes):
            ConsultationTheme.objects.create(page=page, name=name, sort_order=order)
        return ConsultationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def consultation(make_consultation):
    return make_consultation()


@pytest.fixture
def make_proposal(db):
    counter = iter(range(1, 10**6))

    def make(page, status=ProposalStatus.PUBLISHED, **fields):
        number = next(counter)
        fields.setdefault("title", f"Idée numéro {number}")
        fields.setdefault("description", "Une description assez longue pour être valable.")
        fields.setdefault("participant_key", f"anon:author{number}")
        fields.setdefault("receipt", f"PR{number:06d}")
        return ConsultationProposal.objects.create(target=page, status=status, **fields)

    return make


def support(proposal, key):
    """A support stored directly, as the pipeline's store_submission does."""
    from django.db import transaction

    with transaction.atomic():
        proposal.store_submission(ConsultationSupport(target=proposal, participant_key=key), {})


def proposal_data(**fields):
    data = {
        "title": "Des bancs place de l'Église",
        "description": (
            "Il manque des bancs à l'ombre.\n\nLes personnes âgées aimeraient s'y asseoir."
        ),
        "neighbourhood": "",
        "author_name": "Camille",
        "author_email": "camille@example.org",
    }
    data.update(fields)
    return data


def image_bytes(format="JPEG", size=(64, 48), exif=None, mode="RGB"):
    output = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(output, format=format, **kwargs)
    return output.getvalue()


def token_of(html):
    """The anonymous participant token a form carries ("" where no form is shown)."""
    marker = 'name="participant_token" value="'
    return html.split(marker)[1].split('"')[0] if marker in html else ""
