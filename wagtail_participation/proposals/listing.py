"""The public list of a participation's proposals: filters, sorting, pages.

A fixed number of queries whatever the number of proposals or supports: the filters and the
order run in the database on the proposal table (``support_count`` is kept there, with an
index for the sort), the page is one query with its theme and neighbourhood joined, and what
the visitor supported among the proposals shown is one more.

Random order is stable for a visitor: it is drawn from a seed carried in the URL (``seed``),
so that page 2 continues page 1 and a shared link shows the same order.
"""

import secrets
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import F, Value
from django.db.models.functions import Mod
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..conf import settings
from .filters import AnswerFilter, neighbourhood_filter
from .models import ProposalStatus

SORT_SUPPORTS = "supports"
SORT_NEWEST = "newest"
SORT_RANDOM = "random"
# A shuffle of the ids drawn from the seed: id × m mod p, where p is a prime and m (1 to p - 1)
# comes from the seed, is a permutation of the ids below p (ties, beyond, go by id). Cheap in
# any database, and another order for every seed.
_MODULUS = 1_000_003
# Knuth's multiplicative hash spreads neighbouring seeds over the whole range of m.
_SEED_HASH = 2_654_435_761
MAX_SEED = 1_000_000


class PublicProposalFilterSet(django_filters.FilterSet):
    """The filters residents see above a list of proposals.

    ``themes``: the participation's themes (a queryset), or None where it has none;
    ``counts_visible``: the supports are public (the results visibility rule), which
    allows sorting by them and filtering on the threshold; ``threshold``: the support
    threshold, if any.
    """

    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=None, empty_label=_("All themes")
    )
    neighbourhood = neighbourhood_filter()
    answer = AnswerFilter()
    threshold = django_filters.BooleanFilter(
        label=_("Threshold reached"),
        method="filter_threshold",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[],
        empty_label=None,
        method="sort_proposals",
    )
    seed = django_filters.NumberFilter(
        widget=forms.HiddenInput, method="keep", min_value=0, max_value=MAX_SEED
    )

    class Meta:
        fields = ["theme", "neighbourhood", "answer", "threshold", "sort", "seed"]

    def __init__(self, data, *, queryset, themes, counts_visible, threshold, seed, **kwargs):
        data = data.copy()
        self.counts_visible = counts_visible
        self.support_threshold = threshold
        sorts = self.sort_choices(counts_visible)
        data.setdefault("sort", sorts[0][0])
        if data.get("sort") == SORT_RANDOM and not _valid_seed(data.get("seed")):
            data["seed"] = str(seed)
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["sort"].extra["choices"] = sorts
        if themes is None:
            self.filters.pop("theme", None)
        else:
            self.filters["theme"].queryset = themes
        if not (counts_visible and threshold):
            self.filters.pop("threshold", None)

    def sort_choices(self, counts_visible):
        """(value, label) of the sorts offered, the default first. A subclass may offer
        others, and order by them in :meth:`order_by`."""
        sorts = [(SORT_NEWEST, _("Newest")), (SORT_RANDOM, _("Random"))]
        if counts_visible:
            sorts.insert(0, (SORT_SUPPORTS, _("Most supported")))
        return sorts

    def order_by(self, queryset, sort):
        """``queryset`` in the order ``sort`` names (newest first by default)."""
        if sort == SORT_SUPPORTS:
            return queryset.order_by("-support_count", "-submitted_at", "-pk")
        if sort == SORT_RANDOM:
            multiplier = self.seed_value * _SEED_HASH % (_MODULUS - 1) + 1
            shuffled = Mod(F("pk") * Value(multiplier), Value(_MODULUS))
            return queryset.alias(shuffled=shuffled).order_by("shuffled", "pk")
        return queryset.order_by("-submitted_at", "-pk")

    def keep(self, queryset, name, value):
        return queryset

    def filter_threshold(self, queryset, name, value):
        if value:
            return queryset.filter(support_count__gte=self.support_threshold)
        return queryset

    def sort_proposals(self, queryset, name, value):
        # The order is applied in ``qs`` once every filter ran.
        return queryset

    def _cleaned(self, name):
        self.errors  # noqa: B018 - validates the form
        return getattr(self.form, "cleaned_data", {}).get(name)

    @property
    def sort_value(self):
        return self._cleaned("sort") or SORT_NEWEST

    @property
    def seed_value(self):
        seed = self._cleaned("seed")
        return int(seed) if seed is not None else 0

    @property
    def qs(self):
        # Invalid values (an unknown theme…) are shown as errors and left out.
        return self.order_by(super().qs, self.sort_value)

    @property
    def is_active(self):
        """Does any filter (not the sort) narrow the list?"""
        return any(
            self._cleaned(name) not in (None, "", False)
            for name in self.filters
            if name not in ("sort", "seed")
        )


def _valid_seed(value):
    try:
        return 0 <= int(value) <= MAX_SEED
    except (TypeError, ValueError):
        return False


def new_seed():
    return secrets.randbelow(MAX_SEED) + 1


@dataclass(frozen=True)
class PageLink:
    number: object  # an int, or Paginator.ELLIPSIS
    url: str
    is_current: bool

    @property
    def is_gap(self):
        return not isinstance(self.number, int)


@dataclass(frozen=True)
class Pagination:
    """Links to the pages of a list, keeping its filters, sort and seed."""

    page_obj: object
    links: list
    previous_url: str
    next_url: str


def pagination(page_obj, query_without_page=""):
    def url(number):
        return f"?{query_without_page}&page={number}" if query_without_page else f"?page={number}"

    paginator = page_obj.paginator
    links = [
        PageLink(number, url(number) if isinstance(number, int) else "", number == page_obj.number)
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]
    return Pagination(
        page_obj,
        links,
        url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        url(page_obj.next_page_number()) if page_obj.has_next() else "",
    )


@dataclass(frozen=True)
class ProposalListing:
    filterset: PublicProposalFilterSet
    page_obj: object
    pagination: Pagination

    @property
    def proposals(self):
        return self.page_obj.object_list


def proposal_listing(request, queryset, *, themes, counts_visible, threshold, filterset_class=None):
    """The list of published proposals of ``queryset`` as ``request`` asks for it, filtered
    and sorted by ``filterset_class`` (a :class:`PublicProposalFilterSet`, or a subclass)."""
    filterset = (filterset_class or PublicProposalFilterSet)(
        request.GET,
        queryset=queryset.filter(status=ProposalStatus.PUBLISHED),
        themes=themes,
        counts_visible=counts_visible,
        threshold=threshold,
        seed=new_seed(),
    )
    paginator = Paginator(
        filterset.qs.select_related(*_related(queryset.model)), settings.PROPOSALS_PER_PAGE
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    params = {
        name: value
        for name, value in (filterset.form.data.items() if filterset.is_bound else [])
        if name in filterset.filters and value not in ("", None)
    }
    return ProposalListing(filterset, page_obj, pagination(page_obj, urlencode(params)))


def _related(model):
    # What a card shows: the neighbourhood, the theme where there are themes, and what the
    # proposal model adds (a budget project's envelope).
    names = ["neighbourhood", *getattr(model, "list_related", ())]
    if any(field.name == "theme" for field in model._meta.get_fields()):
        names.append("theme")
    return names
