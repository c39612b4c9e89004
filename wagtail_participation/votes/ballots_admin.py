"""Ballots in the Wagtail admin: the listing, paper entry, results and exports.

- "Ballots" (wagtail-modeladmin, ``admin/participation/ballots/``): every ballot, newest first,
  filtered with django-filter (participation, dates, channel), exported as CSV or XLSX.
  Read-only: nobody adds or edits a ballot here, and online ballots cannot be deleted.
  A paper entry can be deleted, to correct a mistake.
- "Results and paper ballots" of one vote (``admin/participation/votes/<id>/results/``): the
  tally with online, paper and total per option, the form to enter counted paper ballots
  (posted to ``.../paper/``), the latest paper entries and the results exports.

Who may do all this: editors of votes, that is users who may see results in the admin
(:func:`~wagtail_participation.results.visibility.is_editor`, the ``change_vote``
permission). Editors always see results, whatever the visibility rule of the vote, so the
exports here respect the one visibility rule; exports for the public must go through
``results_visible``/``public_results_visible`` instead.

Voter secrecy: no view here shows which account or browser cast an online ballot.
"""

import re
import uuid

from django import forms
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import IndexView, InspectView

from ..exports.writers import FORMATS, spreadsheet_response
from ..results.charts import bar_chart
from ..results.visibility import is_editor
from .filters import BallotFilterSet
from .models import Ballot, BallotChoice, Channel, Vote
from .results import count_vote

BALLOTS_URL_PATH = "participation/ballots"
BALLOTS_INDEX_URL_NAME = "participation_ballots_modeladmin_index"
BALLOT_DELETE_URL_NAME = "participation_ballots_modeladmin_delete"
BALLOT_INSPECT_URL_NAME = "participation_ballots_modeladmin_inspect"
VOTE_RESULTS_URL_NAME = "wagtail_participation_vote_results"
VOTE_PAPER_URL_NAME = "wagtail_participation_vote_paper"
VOTE_RESULTS_EXPORT_URL_NAME = "wagtail_participation_vote_results_export"

# More paper ballots than this in one entry is a typing mistake (Paris, the largest French
# participatory budget, had about 215,000 voters); it also keeps sums far from overflow.
MAX_PAPER_COUNT = 1_000_000
RECENT_PAPER_ENTRIES = 20
# How long a paper-entry form can be replayed (double click, back button and resend).
ENTRY_TOKEN_TIMEOUT = 60 * 60 * 24 * 7


def can_manage_ballots(user, vote=None):
    """Ballots, paper entry and exports are for the editors who see results in the admin."""
    return is_editor(user, vote if vote is not None else Vote())


def results_url(vote):
    return reverse(VOTE_RESULTS_URL_NAME, args=[vote.pk])


def paper_entry_url(vote):
    return reverse(VOTE_PAPER_URL_NAME, args=[vote.pk])


def results_export_url(vote, export_format):
    return reverse(VOTE_RESULTS_EXPORT_URL_NAME, args=[vote.pk, export_format])


def ballots_url(vote=None, **filters):
    url = reverse(BALLOTS_INDEX_URL_NAME)
    if vote is not None:
        filters["vote"] = vote.pk
    if filters:
        from django.utils.http import urlencode

        url += "?" + urlencode(filters)
    return url


def person_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def choice_labels(ballot):
    """The wording of the chosen options; needs ``choices`` prefetched with their option."""
    return ", ".join(choice.option.label for choice in ballot.choices.all())


def ballots_with_choices(queryset):
    return queryset.select_related("vote", "entered_by").prefetch_related(
        Prefetch(
            "choices",
            queryset=BallotChoice.objects.select_related("option").order_by(
                "option__sort_order", "option_id"
            ),
        )
    )


# --- the ballots listing (wagtail-modeladmin) ----------------------------------------------


class BallotPermissionHelper(PermissionHelper):
    """Read-only listing; only paper entries may be deleted (to correct a typing mistake)."""

    def user_can_list(self, user):
        return can_manage_ballots(user)

    def user_can_create(self, user):
        # Online ballots come from residents only; paper ballots through the paper entry form.
        return False

    def user_can_inspect_obj(self, user, obj):
        return can_manage_ballots(user, obj.vote)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return obj.channel == Channel.PAPER and can_manage_ballots(user, obj.vote)


class BallotIndexView(IndexView):
    """modeladmin's listing, filtered by a django-filter FilterSet and exported by our writers."""

    def get_filters(self, request):
        # No modeladmin list_filter, and no raw ``?field=value`` lookups from the query string:
        # the FilterSet alone filters (see get_queryset). True: the filter column is shown.
        return [], True, {}, False

    @cached_property
    def filterset(self):
        filterset = BallotFilterSet(
            self.request.GET, queryset=Ballot.objects.none(), request=self.request
        )
        filterset.is_valid()
        return filterset

    def get_queryset(self, request=None):
        queryset = super().get_queryset(request)
        # Invalid values are shown as errors and left out; valid ones still apply.
        return self.filterset.filter_queryset(queryset)

    def export_url(self, export_format):
        params = self.request.GET.copy()
        params.pop(self.PAGE_VAR, None)
        params[self.EXPORT_VAR] = export_format
        return "?" + params.urlencode()

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        vote = filterset.form.cleaned_data.get("vote") if filterset.is_valid() else None
        kwargs.update(
            filterset=filterset,
            filters_active=filterset.is_active,
            export_links=[
                (_("Export CSV"), self.export_url("csv")),
                (_("Export XLSX"), self.export_url("xlsx")),
            ],
            filtered_vote=vote,
            filtered_vote_results_url=results_url(vote) if vote is not None else "",
        )
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        if self.filterset.errors:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if self.filterset.errors:
            # Exporting with part of the filters ignored would mislead: show the errors instead.
            button_helper_class = self.model_admin.get_button_helper_class()
            self.button_helper = button_helper_class(self, self.request)
            return self.render_to_response(self.get_context_data())
        headings = [
            _("ID"),
            _("Participation"),
            _("Date"),
            _("Channel"),
            _("Choices"),
            _("Number of ballots"),
            _("Entered by"),
            _("Note"),
        ]
        rows = (
            [
                ballot.pk,
                str(ballot.vote),
                ballot.submitted_at,
                ballot.get_channel_display(),
                choice_labels(ballot),
                ballot.weight,
                person_name(ballot.entered_by),
                ballot.note,
            ]
            for ballot in queryset.iterator(chunk_size=2000)
        )
        filename = f"ballots-{timezone.localdate():%Y-%m-%d}"
        return spreadsheet_response(
            spreadsheet_format, filename, headings, rows, sheet_title=_("Ballots")
        )


class BallotInspectView(InspectView):
    def get_fields_dict(self):
        ballot = self.instance
        empty = self.model_admin.get_empty_value_display()
        fields = [
            (_("Participation"), str(ballot.vote)),
            (_("Date"), ballot.submitted_at),
            (_("Channel"), ballot.get_channel_display()),
            (_("Choices"), ", ".join(c.option.label for c in ballot.choices.all()) or empty),
            (_("Number of ballots"), ballot.weight),
        ]
        if ballot.channel == Channel.PAPER:
            fields += [
                (_("Entered by"), person_name(ballot.entered_by) or empty),
                (_("Note"), ballot.note or empty),
            ]
        # Neither the account nor the receipt of an online ballot: shown next to the choice,
        # a receipt a resident was made to hand over would tell how they voted.
        return [{"label": label, "value": value} for label, value in fields]


class BallotAdmin(ModelAdmin):
    model = Ballot
    base_url_path = BALLOTS_URL_PATH
    menu_label = _("Ballots")
    menu_icon = "list-ul"
    menu_order = 251  # just after "Votes"
    add_to_admin_menu = True
    inspect_view_enabled = True
    # Deletions are logged; a deleted paper entry has no history page to show.
    history_view_enabled = False
    list_display = (
        "participation",
        "submitted_at",
        "channel",
        "chosen",
        "weight",
        "entered_by_name",
    )
    list_per_page = 50
    ordering = ("-submitted_at", "-pk")
    permission_helper_class = BallotPermissionHelper
    index_view_class = BallotIndexView
    inspect_view_class = BallotInspectView
    index_template_name = "wagtail_participation/admin/ballot_index.html"

    def get_queryset(self, request):
        return ballots_with_choices(super().get_queryset(request))

    def register_indexing(self):
        # modeladmin would add Ballot to Wagtail's reference index: two more rows written with
        # every vote cast, one of them linking a resident's account to their ballot. No.
        pass

    def get_permissions_for_registration(self):
        # Ballots follow the permissions of votes ("change vote"): nothing extra to assign.
        return Permission.objects.none()

    def participation(self, obj):
        return obj.vote

    participation.short_description = _("Participation")
    participation.admin_order_field = "vote__title"

    def chosen(self, obj):
        return choice_labels(obj)

    chosen.short_description = _("Choices")

    def entered_by_name(self, obj):
        return person_name(obj.entered_by)

    entered_by_name.short_description = _("Entered by")
    entered_by_name.admin_order_field = "entered_by__username"


# --- paper entry and results of one vote ---------------------------------------------------

ENTRY_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


class PaperBallotsForm(forms.Form):
    """One count per option offered, and a note; a count left empty means none."""

    entry_token = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form has expired: please enter the counts again."),
        },
    )

    def __init__(self, options, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("entry_token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.options = list(options)
        for option in self.options:
            self.fields[self.field_name(option)] = forms.IntegerField(
                label=option.label,
                required=False,
                min_value=0,
                max_value=MAX_PAPER_COUNT,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
                error_messages={
                    "invalid": _("Enter a whole number of ballots (0 or more)."),
                    "min_value": _("A number of ballots cannot be negative."),
                    "max_value": _("At most %(limit_value)s ballots in one entry."),
                },
            )
        self.fields["note"] = forms.CharField(
            label=_("Note"),
            required=False,
            max_length=255,
            help_text=_("Optional: for example the polling station or who counted the ballots."),
        )

    @staticmethod
    def field_name(option):
        return f"option-{option.key}"

    def option_fields(self):
        return [(option, self[self.field_name(option)]) for option in self.options]

    def clean_entry_token(self):
        token = self.cleaned_data["entry_token"]
        if not ENTRY_TOKEN_RE.match(token):
            raise forms.ValidationError(_("This form has expired: please enter the counts again."))
        return token

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.counts():
            raise forms.ValidationError(
                _("Enter the number of paper ballots for at least one option.")
            )
        return cleaned

    def counts(self):
        """(option, number) for every option with paper ballots to add."""
        found = []
        for option in self.options:
            number = self.cleaned_data.get(self.field_name(option))
            if number:
                found.append((option, number))
        return found


class OptionsChanged(Exception):
    pass


def store_paper_ballots(vote, counts, user, note=""):
    """One paper ballot per counted option, all or nothing. Freezes the vote like a ballot.

    The vote row is locked, as the admin's edit of a vote locks it: an editor's change of
    options and a paper entry happen one after the other, and the entry is checked against
    the options as they are once the lock is held.
    """
    with transaction.atomic():
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        offered = {option.pk for option in locked.active_options()}
        if any(option.pk not in offered for option, _number in counts):
            raise OptionsChanged
        now = timezone.now()
        ballots = []
        for option, number in counts:
            ballot = Ballot.objects.create(
                vote=locked,
                channel=Channel.PAPER,
                weight=number,
                entered_by=user,
                note=note,
                submitted_at=now,
            )
            BallotChoice.objects.create(
                ballot=ballot, vote=locked, option=option, channel=Channel.PAPER, weight=number
            )
            ballots.append(ballot)
            # In the admin's history of actions, next to modeladmin's log of a deletion.
            log(instance=ballot, action="wagtail.create", user=user)
        if locked.frozen_at is None:
            Vote.objects.filter(pk=locked.pk, frozen_at__isnull=True).update(frozen_at=now)
    return ballots


class VoteEditorMixin:
    """The vote named in the URL, for its editors only (403 for anyone else)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.vote = get_object_or_404(Vote, pk=kwargs["vote_id"])

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_ballots(request.user, self.vote):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class VoteResultsView(VoteEditorMixin, WagtailAdminTemplateMixin, TemplateView):
    """The results of a vote as editors see them (always), and the paper entry form."""

    template_name = "wagtail_participation/admin/vote_results.html"
    page_title = _("Results and paper ballots")
    header_icon = "table"
    http_method_names = ["get", "head", "options"]

    def get_page_subtitle(self):
        return str(self.vote)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        items.append(
            {
                "url": reverse("wagtailsnippets_wagtail_participation_vote:list"),
                "label": Vote._meta.verbose_name_plural.capitalize(),
            }
        )
        items.append(
            {
                "url": reverse(
                    "wagtailsnippets_wagtail_participation_vote:edit", args=[self.vote.pk]
                ),
                "label": str(self.vote),
            }
        )
        items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_context_data(self, form=None, **kwargs):
        vote = self.vote
        options = vote.active_options()
        tally = count_vote(vote)
        if form is None:
            form = PaperBallotsForm(options)
        rows_by_key = {row.key: row for row in tally.rows}
        recent = ballots_with_choices(
            Ballot.objects.filter(vote=vote, channel=Channel.PAPER)
        ).order_by("-submitted_at", "-pk")[:RECENT_PAPER_ENTRIES]
        context = super().get_context_data(**kwargs)
        context.update(
            vote=vote,
            tally=tally,
            chart=bar_chart(tally),
            form=form,
            option_rows=[
                (option, field, rows_by_key.get(option.key))
                for option, field in form.option_fields()
            ],
            paper_entries=[
                (ballot, choice_labels(ballot), reverse(BALLOT_DELETE_URL_NAME, args=[ballot.pk]))
                for ballot in recent
            ],
            paper_entry_url=paper_entry_url(vote),
            export_links=[
                (_("Export results (CSV)"), results_export_url(vote, "csv")),
                (_("Export results (XLSX)"), results_export_url(vote, "xlsx")),
            ],
            ballots_url=ballots_url(vote),
            paper_ballots_url=ballots_url(vote, channel=Channel.PAPER),
            edit_url=reverse("wagtailsnippets_wagtail_participation_vote:edit", args=[vote.pk]),
            is_open=vote.is_open(),
            has_closed=vote.has_closed(),
        )
        return context


class PaperEntryView(VoteResultsView):
    """``GET``: the results page, ``POST``: store counted paper ballots (then redirect)."""

    http_method_names = ["get", "post", "head", "options"]

    def post(self, request, *args, **kwargs):
        vote = self.vote
        form = PaperBallotsForm(vote.active_options(), data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token_key = (
            f"wagtail_participation:paper-entry:{vote.pk}:{form.cleaned_data['entry_token']}"
        )
        if not cache.add(token_key, 1, ENTRY_TOKEN_TIMEOUT):
            # The same form sent twice (double click, resend): the counts are already stored.
            return self.render_to_response(self.get_context_data(replayed=True), status=409)
        try:
            ballots = store_paper_ballots(
                vote, form.counts(), request.user, note=form.cleaned_data["note"]
            )
        except OptionsChanged:
            cache.delete(token_key)
            self.vote = Vote.objects.get(pk=vote.pk)
            context = self.get_context_data(
                entry_error=_(
                    "The options of this vote changed while you were entering the counts. "
                    "Nothing was recorded: please check and enter them again."
                )
            )
            return self.render_to_response(context, status=409)
        total = sum(ballot.weight for ballot in ballots)
        message = ngettext(
            "%(total)s paper ballot recorded for “%(vote)s”.",
            "%(total)s paper ballots recorded for “%(vote)s”.",
            total,
        )
        messages.success(request, message % {"total": total, "vote": vote})
        return redirect(results_url(vote), permanent=False)


class VoteResultsExportView(VoteEditorMixin, View):
    """The results of one vote as CSV or XLSX: online, paper and total per option."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, vote_id, export_format):
        if export_format not in FORMATS:
            raise Http404
        vote = self.vote
        tally = count_vote(vote)
        headings = [_("Option"), _("Online"), _("Paper"), _("Total"), _("Share (%)")]
        rows = [
            [row.label, row.online, row.paper, row.total, round(row.percent, 2)]
            for row in tally.rows
        ]
        rows.append(
            [
                _("Total"),
                tally.online_total,
                tally.paper_total,
                tally.total_choices,
                100 if tally.total_choices else 0,
            ]
        )
        filename = f"results-{slugify(vote.title)[:50] or vote.pk}"
        return spreadsheet_response(
            export_format, filename, headings, rows, sheet_title=_("Results")
        )


# --- links from the votes -----------------------------------------------------------------


def vote_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Vote) and can_manage_ballots(user, snippet):
        yield Button(
            _("Results and paper ballots"),
            url=results_url(snippet),
            icon_name="table",
            priority=50,
        )


def admin_urls():
    return [
        path(
            "participation/votes/<int:vote_id>/results/",
            VoteResultsView.as_view(),
            name=VOTE_RESULTS_URL_NAME,
        ),
        path(
            "participation/votes/<int:vote_id>/paper/",
            PaperEntryView.as_view(),
            name=VOTE_PAPER_URL_NAME,
        ),
        path(
            "participation/votes/<int:vote_id>/results/export/<str:export_format>/",
            VoteResultsExportView.as_view(),
            name=VOTE_RESULTS_EXPORT_URL_NAME,
        ),
    ]


_registered = False


def register():
    """Called once from wagtail_hooks: the ballots listing, the views and the links."""
    global _registered
    if _registered:
        return
    _registered = True
    modeladmin_register(BallotAdmin)
    hooks.register("register_admin_urls", admin_urls)
    hooks.register("register_snippet_listing_buttons", vote_listing_buttons)
