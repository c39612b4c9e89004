"""Surveys built as an editor would in the page editor, and residents answering them."""

import json
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from wagtail_participation.models import SurveyPage


@pytest.fixture(autouse=True)
def fresh_results_cache():
    """Each test starts with no cached results (the test database reuses primary keys)."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def no_rate_limits(settings):
    settings.WAGTAIL_PARTICIPATION = {"RATE_LIMIT_PER_IP": 0, "RATE_LIMIT_PER_PARTICIPANT": 0}


def items(key, *labels):
    """A ListBlock value with stable item ids: ``{key}-1``, ``{key}-2``…"""
    return [
        {"type": "item", "value": label, "id": f"{key}-{index}"}
        for index, label in enumerate(labels, start=1)
    ]


def question(kind, key, label, *, required=False, help_text="", condition=None, **value):
    """A question block in its stored JSON form, with ``key`` as its block id."""
    value = {"label": label, "help_text": help_text, "required": required, **value}
    if condition is not None:
        value["condition"] = {"question": condition[0], "answer": condition[1]}
    return {"type": kind, "value": value, "id": key}


def single(key, label, *options, **extra):
    return question("single_choice", key, label, options=items(key, *options), **extra)


def multiple(key, label, *options, **extra):
    return question("multiple_choice", key, label, options=items(key, *options), **extra)


def section(title="", intro="", key=None):
    return {"type": "section", "value": {"title": title, "intro": intro}, "id": key or title}


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


def form_data(**answers):
    """POST data: ``form_data(transport="transport-1")`` sends ``q-transport``; a key with two
    underscores names a sub-field: ``rank__items_1`` is ``q-rank-items-1``."""
    data = {}
    for name, value in answers.items():
        field = "q-" + name.replace("__", "-").replace("_", "-")
        data[field] = value
    return data


def answer(client, survey, data, step=None, action="next"):
    payload = dict(data)
    if step is not None:
        payload["step"] = str(step)
    payload.setdefault("action", action)
    return client.post(survey.url, payload)


def text(response):
    import html

    return html.unescape(response.content.decode())


@pytest.fixture
def resident():
    return Client()
