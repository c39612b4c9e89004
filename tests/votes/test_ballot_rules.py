"""The pipeline checks a ballot without building its form; both must apply the same rules."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_participation.votes.forms import BallotForm

KEYS = st.lists(st.sampled_from(["parc", "ecole", "marche", "jeux", "piscine", ""]), max_size=6)


def outcome_of_the_form(vote, keys):
    data = QueryDict(mutable=True)
    data.setlist("choice", keys)
    form = BallotForm(vote, data=data)
    if form.is_valid():
        return [option.key for option in form.cleaned_data["options"]]
    return form.errors["choice"]


def outcome_of_the_rules(vote, keys):
    try:
        return [option.key for option in vote.chosen_options(keys)]
    except ValidationError as error:
        return error.messages


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_the_form_and_the_pipeline_accept_and_refuse_the_same_ballots(make_vote, kind):
    vote = make_vote(
        kind=kind, options=["Parc", "École", "Marché", "Jeux"], min_choices=2, max_choices=3
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(KEYS)
    def same(keys):
        assert outcome_of_the_rules(vote, keys) == list(outcome_of_the_form(vote, keys))

    same()
