"""Dated phases (participation/phases.py): where a participation stands is read from the
date, and each action's window from the phases it is allowed in."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from wagtail_participation.consultations.models import PHASES, ConsultationPage
from wagtail_participation.participation.phases import NEVER, PhaseState, Timeline

# Building a page reads its default locale from the database.
pytestmark = pytest.mark.django_db

START = datetime(2030, 1, 1, 9, tzinfo=UTC)


def consultation(**fields):
    dates = {
        "ideas_start": START,
        "support_start": START + timedelta(days=30),
        "analysis_start": START + timedelta(days=45),
        "answers_start": START + timedelta(days=60),
    }
    return ConsultationPage(title="C", slug="c", question="?", **{**dates, **fields})


def test_the_current_phase_follows_the_date():
    timeline = consultation().timeline()
    assert timeline.current(START - timedelta(seconds=1)) is None
    assert timeline.current(START).key == "ideas"
    assert timeline.current(START + timedelta(days=30)).key == "support"
    assert timeline.current(START + timedelta(days=44, hours=23)).key == "support"
    assert timeline.current(START + timedelta(days=3650)).key == "answers"
    steps = timeline.steps(START + timedelta(days=31))
    assert [step.state for step in steps] == [
        PhaseState.PAST,
        PhaseState.CURRENT,
        PhaseState.FUTURE,
        PhaseState.FUTURE,
    ]


def test_each_action_opens_and_closes_with_its_phases():
    page = consultation(supports_during_ideas=False)
    assert (page.opens_at, page.closes_at) == (START, START + timedelta(days=30))
    assert page.support_window() == (START + timedelta(days=30), START + timedelta(days=45))
    assert page.state(START + timedelta(days=1)) == "open"
    assert page.state(START + timedelta(days=31)) == "closed"
    page.supports_during_ideas = True
    assert page.support_window() == (START, START + timedelta(days=45))
    assert not page.results_final(START + timedelta(days=44))
    assert page.results_final(START + timedelta(days=45))
    assert Timeline.of(page, PHASES).window("answers") == (page.answers_start, NEVER)


@pytest.mark.parametrize("field", ["support_start", "analysis_start", "answers_start"])
def test_phases_out_of_order_are_refused(field):
    page = consultation(**{field: START - timedelta(days=1)})
    with pytest.raises(ValidationError) as refused:
        page.timeline().validate(PHASES)
    assert field in refused.value.message_dict
