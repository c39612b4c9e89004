"""Filters of proposals that the public list and the admin's queue share (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from ..participation.models import Neighbourhood
from .models import Answer

# The value of the answer filter for proposals the commune has not answered yet.
NO_ANSWER = "none"


class AnswerFilter(django_filters.ChoiceFilter):
    """The commune's answer, or "not answered yet"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("The commune's answer"))
        super().__init__(
            choices=[(NO_ANSWER, _("Not answered yet")), *Answer.choices],
            empty_label=_("All"),
            **kwargs,
        )

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        return queryset.filter(answer="" if value == NO_ANSWER else value)


def neighbourhood_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        queryset=Neighbourhood.objects.all(),
        empty_label=_("All neighbourhoods"),
    )
