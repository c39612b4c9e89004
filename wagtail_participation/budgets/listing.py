"""The public list of a budget's projects: the proposals package's list, with a budget's own
filters (envelope, feasibility, funded) and sorts (cost)."""

import django_filters
from django import forms
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..proposals.listing import SORT_NEWEST, SORT_RANDOM, PublicProposalFilterSet
from .choices import Feasibility

SORT_TITLE = "title"
SORT_CHEAPEST = "cheapest"


class BudgetProjectFilterSet(PublicProposalFilterSet):
    """``envelopes``: the budget's envelopes (a queryset)."""

    theme = None
    answer = None
    threshold = None
    envelope = django_filters.ModelChoiceFilter(
        label=_("Envelope"), queryset=None, empty_label=_("All envelopes")
    )
    feasibility = django_filters.ChoiceFilter(
        label=_("Review"), choices=Feasibility.choices, empty_label=_("All")
    )
    funded = django_filters.BooleanFilter(
        label=_("Funded projects only"), method="filter_funded", widget=forms.CheckboxInput
    )

    class Meta:
        fields = ["envelope", "neighbourhood", "feasibility", "funded", "sort", "seed"]

    def __init__(self, data, *, envelopes, **kwargs):
        super().__init__(data, **kwargs)
        self.filters["envelope"].queryset = envelopes
        if len(envelopes) < 2:
            self.filters.pop("envelope")
        if not self.queryset.filter(funded=True).exists():
            self.filters.pop("funded")

    def filter_funded(self, queryset, name, value):
        return queryset.filter(funded=True) if value else queryset

    def sort_choices(self, counts_visible):
        return [
            (SORT_TITLE, _("Title")),
            (SORT_CHEAPEST, _("Least expensive first")),
            # Its own context: in French the word agrees with "projets", not "idées".
            (SORT_NEWEST, pgettext_lazy("budget projects", "Newest")),
            (SORT_RANDOM, _("Random")),
        ]

    def order_by(self, queryset, sort):
        if sort == SORT_TITLE:
            return queryset.order_by("title", "pk")
        if sort == SORT_CHEAPEST:
            return queryset.alias(shown_cost=Coalesce("cost", "estimated_cost")).order_by(
                "shown_cost", "title", "pk"
            )
        return super().order_by(queryset, sort)
