"""Filters of the submissions listings (django-filter): participation, dates, channel."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..participation.models import Channel
from ..participation.pipeline import normalise_paper_reference


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (YYYY-MM-DD), which Django accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def start_of_day(day):
    """The first instant of ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class SubmissionFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


def paper_reference_filter():
    """Find a paper entry by the reference number written on its sheet (for the listings of
    participations entered one sheet at a time: survey responses, proposals)."""
    return django_filters.CharFilter(
        label=_("Reference number"), field_name="paper_reference", method="filter_reference"
    )


class SubmissionFilterSet(django_filters.FilterSet):
    """Filters any submission model (see ``participation.models.AbstractSubmission``); a
    participation type may add its own filters in a subclass."""

    target = django_filters.ModelChoiceFilter(
        label=_("Participation"),
        # Set from the submission model's target model in __init__.
        queryset=None,
        empty_label=_("All participations"),
    )
    # Two plain date fields, each with its own label, rather than one two-input widget:
    # clearer to screen readers. Whole days in the site's time zone, compared with an
    # index-friendly range on the stored datetime.
    date_from = django_filters.DateFilter(
        label=_("From (date)"), method="filter_date_from", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("To (date, included)"), method="filter_date_to", widget=DateInput
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All channels")
    )

    class Meta:
        fields = ["target", "date_from", "date_to", "channel"]
        form = SubmissionFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        target_model = self.queryset.model.target_model()
        user = getattr(self.request, "user", None)
        if user is None or user.is_superuser:
            self.filters["target"].queryset = target_model.objects.all()
        else:
            self.filters["target"].queryset = target_model.results_targets(user)

    def filter_reference(self, queryset, name, value):
        return queryset.filter(paper_reference=normalise_paper_reference(value))

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(submitted_at__gte=start_of_day(value))

    def filter_date_to(self, queryset, name, value):
        if value >= datetime.date.max:
            return queryset
        return queryset.filter(submitted_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    @property
    def is_active(self):
        """Is any filter set (and valid)?"""
        return self.is_valid() and any(
            value not in (None, "") for value in self.form.cleaned_data.values()
        )
