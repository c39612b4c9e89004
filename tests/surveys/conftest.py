"""Surveys built as an editor would in the page editor, and residents answering them."""

import json
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from tests.reports.conftest import commune, generate, media_root  # noqa: F401 - fixtures
from wagtail_participation.models import SurveyPage
from wagtail_participation.surveys import stream
from wagtail_participation.surveys.stream import options as items
from wagtail_participation.surveys.stream import question


@pytest.fixture(autouse=True)
def fresh_results_cache():
    """Each test starts with no cached results (the test database reuses primary keys)."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def no_rate_limits(settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0, "RATE_LIMIT_PER_PARTICIPANT": 0}


def section(title="", intro="", key=None):
    return stream.section(key or title, title, intro)


def single(key, label, *options, **extra):
    return question("single_choice", key, label, options=items(key, *options), **extra)


def multiple(key, label, *options, **extra):
    return question("multiple_choice", key, label, options=items(key, *options), **extra)


@pytest.fixture
def make_survey(site_root):
    """``make_survey(*blocks, **page_fields)``: a live survey page under the home page, open
    for a week, results always shown (unless the fields say otherwise)."""
    created = []

    def make(*blocks, slug=None, **fields):
        fields.setdefault("opens_at", timezone.now() - timedelta(hours=1))
        fields.setdefault("closes_at", timezone.now() + timedelta(days=7))
        fields.setdefault("results_visibility", "always")
        fields.setdefault("title", "Revitalisation du centre-ville")
        page = SurveyPage(
            slug=slug or f"questionnaire-{len(created) + 1}",
            body=json.dumps(list(blocks)),
            **fields,
        )
        site_root.add_child(instance=page)
        page.save_revision().publish()
        page = SurveyPage.objects.get(pk=page.pk)
        created.append(page)
        return page

    return make


def text(response):
    import html

    return html.unescape(response.content.decode())


@pytest.fixture
def resident():
    return Client()


# --- a survey with every kind of question ---------------------------------------------------


@pytest.fixture
def neighbourhoods(db):
    from wagtail_participation.models import Neighbourhood

    return [
        Neighbourhood.objects.create(name=name, sort_order=order)
        for order, name in enumerate(["Centre-bourg", "Quartier de la Gare", "Les Vignes"])
    ]


def every_kind_blocks():
    """Twelve questions, one of each kind, over three steps; the parking question is asked
    only of those who come by car (a condition on the same step)."""
    return [
        section("Vos priorités", key="s1"),
        multiple(
            "priorities",
            "Vos priorités pour le centre-ville",
            "Commerces",
            "Stationnement",
            "Espaces verts",
            "Animations",
            min_choices=1,
            max_choices=2,
            allow_other=True,
            required=True,
        ),
        question(
            "ranking",
            "ranking",
            "Classez ces projets",
            items=items("ranking", "Halle couverte", "Piétonnisation", "Aire de jeux"),
        ),
        question(
            "majority_judgment",
            "halle",
            "Jugez ces projets",
            options=items("halle", "Halle couverte", "Piétonnisation"),
            grades=items("grades", "Excellent", "Bien", "Passable", "À rejeter"),
        ),
        section("Vos habitudes", key="s2"),
        single(
            "transport",
            "Comment venez-vous au centre-ville ?",
            "Voiture",
            "Vélo",
            "À pied",
            required=True,
        ),
        question(
            "scale",
            "parking",
            "Trouvez-vous facilement à vous garer ?",
            minimum=1,
            maximum=5,
            min_label="Jamais",
            max_label="Toujours",
            condition=("Comment venez-vous au centre-ville ?", "Voiture"),
        ),
        question("yes_no", "market", "Venez-vous au marché du samedi ?"),
        question(
            "number",
            "spending",
            "Combien dépensez-vous par semaine ?",
            minimum="0",
            maximum="1000",
            unit="€",
            decimals=True,
        ),
        question("date", "last_visit", "Date de votre dernière visite"),
        question(
            "matrix",
            "satisfaction",
            "Votre avis sur",
            rows=items("satisfaction-row", "Propreté", "Éclairage"),
            columns=items("satisfaction-col", "Satisfait", "Neutre", "Insatisfait"),
        ),
        section("Vous", key="s3"),
        question("neighbourhood", "where", "Votre quartier", allow_outside=True),
        question("short_text", "street", "Votre rue"),
        question("long_text", "ideas", "Vos idées pour le centre-ville"),
    ]


@pytest.fixture
def every_kind(make_survey, neighbourhoods):
    return make_survey(*every_kind_blocks())


def step_data(step, **fields):
    data = {"step": str(step), "action": "next"}
    data.update(fields)
    return data


def answer_every_kind(client, survey, neighbourhood, **overrides):
    """A resident answers the three steps; returns the last response (the redirect)."""
    steps = [
        {
            "q-priorities": ["priorities-1", "priorities-3"],
            "q-ranking-ranking-1": "2",
            "q-ranking-ranking-2": "1",
            "q-ranking-ranking-3": "3",
            "q-halle-halle-1": "0",
            "q-halle-halle-2": "2",
        },
        {
            "q-transport": "transport-1",
            "q-parking": "4",
            "q-market": "yes",
            "q-spending": "45,5",
            "q-last_visit": "2026-11-28",
            "q-satisfaction-satisfaction-row-1": "satisfaction-col-1",
            "q-satisfaction-satisfaction-row-2": "satisfaction-col-3",
        },
        {
            "q-where": str(neighbourhood.pk),
            "q-street": "Rue de la Poste",
            "q-ideas": "Des bancs à l'ombre, et une halle pour le marché.",
        },
    ]
    response = None
    for number, fields in enumerate(steps, start=1):
        fields = {**fields, **overrides.get(f"step{number}", {})}
        response = client.post(survey.url, step_data(number, **fields))
        assert response.status_code == 303, text(response)
    return response


def add_responses(survey, answers, channel="online"):
    """Store responses directly, each checked by the survey's own rules: ``answers`` is a list
    of {field: value} as a form sends them."""
    from django.db import transaction
    from django.http import QueryDict

    from wagtail_participation.models import SurveyResponse

    stored = []
    start = SurveyResponse.objects.count()
    for number, fields in enumerate(answers, start=start):
        data = QueryDict(mutable=True)
        for name, value in fields.items():
            data.setlist(name, value if isinstance(value, list) else [value])
        cleaned = survey.validate_submission(data)
        response = SurveyResponse(
            target=survey,
            channel=channel,
            participant_key=f"test:{number}" if channel == "online" else "",
            receipt=f"T{number:07d}" if channel == "online" else "",
        )
        with transaction.atomic():  # as the pipeline stores it
            survey.store_submission(response, cleaned)
        stored.append(response)
    return stored
