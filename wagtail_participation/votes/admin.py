"""Votes in the Wagtail admin.

- Votes are snippets (``VoteViewSet``); once a ballot is cast, only their wording and dates
  may change.
- "Ballots" (``admin/participation/ballots/``): every ballot, newest first, filtered by vote,
  dates and channel, exported as CSV or XLSX (the admin package's submissions listing).
- "Results and paper ballots" of one vote (``admin/participation/votes/<id>/results/``): the
  tally per option and channel, the form to enter counted paper ballots (posted to
  ``…/paper/``), the latest paper entries and the results exports.

Voter secrecy: no view here shows which account or browser cast an online ballot.
"""

import re
import uuid

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.forms.formsets import DELETION_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from ..admin.listing import SubmissionAdmin, person_name
from ..admin.menu import PARTICIPATION_MENU_HOOK
from ..admin.views import ResultsExportView, ResultsView
from ..participation.models import Channel, UsedFormToken
from ..reports.links import admin_paper_form_url, admin_report_url
from ..results.charts import bar_chart
from ..results.visibility import is_editor
from .models import Ballot, BallotChoice, Vote
from .results import count_vote, results_caption

VOTE_RESULTS_URL_NAME = "wagtail_participation_vote_results"
VOTE_PAPER_URL_NAME = "wagtail_participation_vote_paper"
VOTE_RESULTS_EXPORT_URL_NAME = "wagtail_participation_vote_results_export"
BALLOTS_INDEX_URL_NAME = "participation_ballots_modeladmin_index"
BALLOT_DELETE_URL_NAME = "participation_ballots_modeladmin_delete"

# More paper ballots than this in one entry is a typing mistake (Paris, the largest French
# participatory budget, had about 215,000 voters); it also keeps sums far from overflow.
MAX_PAPER_COUNT = 1_000_000
RECENT_PAPER_ENTRIES = 20


def results_url(vote):
    return reverse(VOTE_RESULTS_URL_NAME, args=[vote.pk])


def vote_edit_url(vote):
    return reverse("wagtailsnippets_wagtail_participation_vote:edit", args=[vote.pk])


def ballots_url(vote=None, **filters):
    url = reverse(BALLOTS_INDEX_URL_NAME)
    if vote is not None:
        filters["target"] = vote.pk
    return f"{url}?{urlencode(filters)}" if filters else url


def choice_labels(ballot):
    """The wording of the chosen options; needs ``choices`` prefetched with their option."""
    return ", ".join(choice.option.label for choice in ballot.choices.all())


def ballots_with_choices(queryset):
    return queryset.select_related("target", "entered_by").prefetch_related(
        Prefetch(
            "choices",
            queryset=BallotChoice.objects.select_related("option").order_by(
                "option__sort_order", "option_id"
            ),
        )
    )


# --- votes (snippets) ----------------------------------------------------------------------


def marked_for_deletion(form):
    """Did the editor tick this inline form's "delete" box? (What Django's formset reads.)"""
    return bool(getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME))


class VoteAdminForm(WagtailAdminModelForm):
    """Once a ballot exists, only wording and dates may change (see Vote.frozen_at)."""

    frozen_fields = ("kind", "allow_abstention", "min_choices", "max_choices")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_frozen:
            for name in self.frozen_fields:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Frozen: votes have been cast.")
            options = self.formsets.get("options")
            if options is not None:
                # can_delete stays on: InlinePanel needs the DELETE field to render the
                # options (KeyError otherwise); clean() refuses a deletion, saying why.
                options.max_num = options.initial_form_count()
                options.validate_max = True

    def clean(self):
        cleaned = super().clean()
        vote = self.instance
        # ClusterForm validates its formsets after this form: validate the options first, or
        # their forms have no cleaned_data yet.
        options = self.formsets.get("options")
        if options is not None:
            options.is_valid()
        if vote.pk and Vote.objects.filter(pk=vote.pk, frozen_at__isnull=False).exists():
            if options is not None:
                # Any form for an option not in the database, whichever part of the formset
                # it claims to be in: INITIAL_FORMS comes from the POST and can be inflated.
                added = [
                    form
                    for form in options.forms
                    if form.instance.pk is None
                    and form.has_changed()
                    and not marked_for_deletion(form)
                ]
                deleted = [form for form in options.initial_forms if marked_for_deletion(form)]
                if added or deleted:
                    self.add_error(
                        None,
                        _(
                            "Votes have been cast: options can no longer be added or removed. "
                            "You can still correct their wording."
                        ),
                    )
        elif cleaned.get("kind") in ("single", "multiple"):
            if options is not None:
                kept = [
                    form
                    for form in options.forms
                    if form.has_changed() or form in options.initial_forms
                ]
                kept = [form for form in kept if not marked_for_deletion(form)]
                if len(kept) < 2:
                    self.add_error(None, _("A choice vote needs at least two options."))
        return cleaned


Vote.base_form_class = VoteAdminForm


# Wagtail's generic wording ("Ajouter un(e) vote", "ce(tte) vote") is written for any model;
# these views say it for a vote.


class VoteIndexView(SnippetIndexView):
    add_item_label = _("Add a vote")


class VoteCreateView(SnippetCreateView):
    success_message = _("Vote “%(object)s” created.")

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        return [*items[:-1], {"url": "", "label": _("New vote")}]


class VoteDeleteView(SnippetDeleteView):
    success_message = _("Vote “%(object)s” deleted.")

    @property
    def confirmation_message(self):
        ballots = self.object.submissions.count()
        if not ballots:
            return _("Delete this vote?")
        return ngettext(
            "Delete this vote? Its %(count)d ballot is deleted with it, and its results.",
            "Delete this vote? Its %(count)d ballots are deleted with it, and its results.",
            ballots,
        ) % {"count": ballots}


class VoteEditView(SnippetEditView):
    success_message = _("Vote “%(object)s” updated.")

    def post(self, request, *args, **kwargs):
        # Lock the vote row while the form is checked and saved: the first ballot marks the
        # vote frozen with an UPDATE of this row, so it waits for this edit (or this edit sees
        # the vote frozen) instead of both passing their checks at the same time.
        if not hasattr(self, "object"):
            self.object = self.get_object()
        with transaction.atomic():
            frozen_at = (
                Vote.objects.select_for_update()
                .filter(pk=self.object.pk)
                .values_list("frozen_at", flat=True)
                .first()
            )
            self.object.frozen_at = frozen_at
            return super().post(request, *args, **kwargs)

    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if is_editor(self.request.user, self.object):
            buttons.append(
                Button(
                    _("Results and paper ballots"),
                    url=results_url(self.object),
                    icon_name="table",
                    priority=30,
                )
            )
            buttons.append(
                Button(
                    _("PDF report and paper form"),
                    url=admin_report_url(self.object),
                    icon_name="doc-full",
                    priority=31,
                )
            )
        return sorted(buttons)


class VoteViewSet(SnippetViewSet):
    model = Vote
    index_view_class = VoteIndexView
    add_view_class = VoteCreateView
    edit_view_class = VoteEditView
    delete_view_class = VoteDeleteView
    icon = "tasks"
    menu_label = _("Votes")
    menu_name = "participation_votes"
    menu_hook = PARTICIPATION_MENU_HOOK
    menu_order = 100
    list_display = ["title", "question", "kind", "opens_at", "closes_at", "frozen_at"]
    list_filter = ["kind", "identity"]
    search_fields = ["title", "question"]


def vote_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Vote) and is_editor(user, snippet):
        yield Button(
            _("Results and paper ballots"),
            url=results_url(snippet),
            icon_name="table",
            priority=50,
        )


# --- the ballots listing ---------------------------------------------------------------------


class BallotAdmin(SubmissionAdmin):
    model = Ballot
    base_url_path = "participation/ballots"
    menu_label = _("Ballots")
    menu_icon = "list-ul"
    menu_order = 110  # just after "Votes"
    list_display = (
        "participation",
        "submitted_at",
        "channel",
        "chosen",
        "weight",
        "entered_by_name",
    )
    export_filename = "ballots"
    listing_help = _(
        "Paper ballots are entered from a vote's “Results and paper ballots” page (in the list "
        "of votes). Only paper entries can be deleted, to correct a mistake."
    )

    def get_queryset(self, request):
        return ballots_with_choices(super().get_queryset(request))

    def target_links(self, vote):
        return [(_("Results and paper ballots"), results_url(vote))]

    def participation(self, obj):
        return obj.target

    participation.short_description = _("Participation")
    participation.admin_order_field = "target__title"

    def chosen(self, obj):
        return choice_labels(obj)

    chosen.short_description = _("Choices")

    def entered_by_name(self, obj):
        return person_name(obj.entered_by)

    entered_by_name.short_description = _("Entered by")
    entered_by_name.admin_order_field = "entered_by__username"

    def inspect_fields(self, ballot):
        empty = self.get_empty_value_display()
        fields = [
            (_("Participation"), str(ballot.target)),
            (_("Date"), ballot.submitted_at),
            (_("Channel"), ballot.get_channel_display()),
            (_("Choices"), choice_labels(ballot) or empty),
            (_("Number of ballots"), ballot.weight),
        ]
        if ballot.channel == Channel.PAPER:
            fields += [
                (_("Entered by"), person_name(ballot.entered_by) or empty),
                (_("Note"), ballot.note or empty),
            ]
        # Neither the account nor the receipt of an online ballot: shown next to the choice,
        # a receipt a resident was made to hand over would tell how they voted.
        return fields

    def export_headings(self):
        return [
            _("ID"),
            _("Participation"),
            _("Date"),
            _("Channel"),
            _("Choices"),
            _("Number of ballots"),
            _("Entered by"),
            _("Note"),
        ]

    def export_row(self, ballot):
        return [
            ballot.pk,
            str(ballot.target),
            ballot.submitted_at,
            ballot.get_channel_display(),
            choice_labels(ballot),
            ballot.weight,
            person_name(ballot.entered_by),
            ballot.note,
        ]


# --- results and paper entry of one vote -----------------------------------------------------

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


class AlreadyRecorded(Exception):
    pass


def store_paper_ballots(vote, counts, user, note="", *, entry_token):
    """One paper ballot per counted option, all or nothing. Freezes the vote like a ballot.

    The vote row is locked, as the admin's edit of a vote locks it: an editor's change of
    options and a paper entry happen one after the other, and the entry is checked against
    the options as they are once the lock is held. The entry's form token is stored with the
    ballots: the same form sent again raises AlreadyRecorded and stores nothing.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                UsedFormToken.objects.create(token=entry_token)
        except IntegrityError:
            raise AlreadyRecorded from None
        locked = Vote.objects.select_for_update().get(pk=vote.pk)
        offered = {option.pk for option in locked.active_options()}
        if any(option.pk not in offered for option, _number in counts):
            raise OptionsChanged
        now = timezone.now()
        ballots = []
        for option, number in counts:
            ballot = Ballot.objects.create(
                target=locked,
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


class VoteResultsView(ResultsView):
    """The results of a vote as editors see them (always), and the paper entry form."""

    target_model = Vote
    template_name = "wagtail_participation/admin/vote_results.html"
    page_title = _("Results and paper ballots")

    def parent_links(self):
        return [
            (
                Vote._meta.verbose_name_plural.capitalize(),
                reverse("wagtailsnippets_wagtail_participation_vote:list"),
            ),
            (str(self.target), vote_edit_url(self.target)),
        ]

    def get_context_data(self, form=None, **kwargs):
        vote = self.target
        options = vote.active_options()
        tally = count_vote(vote)
        if form is None:
            form = PaperBallotsForm(options)
        rows_by_key = {row.key: row for row in tally.rows}
        recent = ballots_with_choices(
            Ballot.objects.filter(target=vote, channel=Channel.PAPER)
        ).order_by("-submitted_at", "-pk")[:RECENT_PAPER_ENTRIES]
        context = super().get_context_data(**kwargs)
        context.update(
            vote=vote,
            tally=tally,
            chart=bar_chart(tally),
            caption=results_caption(tally),
            form=form,
            option_rows=[
                (option, field, rows_by_key.get(option.key))
                for option, field in form.option_fields()
            ],
            paper_entries=[
                (ballot, choice_labels(ballot), reverse(BALLOT_DELETE_URL_NAME, args=[ballot.pk]))
                for ballot in recent
            ],
            paper_entry_url=reverse(VOTE_PAPER_URL_NAME, args=[vote.pk]),
            export_links=[
                (
                    _("Export results (CSV)"),
                    reverse(VOTE_RESULTS_EXPORT_URL_NAME, args=[vote.pk, "csv"]),
                ),
                (
                    _("Export results (XLSX)"),
                    reverse(VOTE_RESULTS_EXPORT_URL_NAME, args=[vote.pk, "xlsx"]),
                ),
            ],
            report_url=admin_report_url(vote),
            paper_form_url=admin_paper_form_url(vote),
            ballots_url=ballots_url(vote),
            paper_ballots_url=ballots_url(vote, channel=Channel.PAPER),
            edit_url=vote_edit_url(vote),
            is_open=vote.is_open(),
            has_closed=vote.has_closed(),
        )
        return context


class PaperEntryView(VoteResultsView):
    """``GET``: the results page, ``POST``: store counted paper ballots (then redirect)."""

    http_method_names = ["get", "post", "head", "options"]

    def post(self, request, *args, **kwargs):
        vote = self.target
        form = PaperBallotsForm(vote.active_options(), data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            ballots = store_paper_ballots(
                vote,
                form.counts(),
                request.user,
                note=form.cleaned_data["note"],
                entry_token=form.cleaned_data["entry_token"],
            )
        except AlreadyRecorded:
            # The same form sent twice (double click, resend): the counts are already stored.
            return self.render_to_response(self.get_context_data(replayed=True), status=409)
        except OptionsChanged:
            self.target = Vote.objects.get(pk=vote.pk)
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


class VoteResultsExportView(ResultsExportView):
    """The results of one vote: every channel and the total per option."""

    target_model = Vote

    def get(self, request, target_id, export_format):
        self.tally = count_vote(self.target)
        return super().get(request, target_id, export_format)

    def export_headings(self):
        channels = [label for _value, label in self.tally.channels]
        return [_("Option"), *channels, _("Total"), _("Share (%)")]

    def export_rows(self):
        tally = self.tally
        rows = [[row.label, *row.counts, row.total, round(row.percent, 2)] for row in tally.rows]
        rows.append([_("Total"), *tally.channel_totals, tally.total, 100 if tally.total else 0])
        return rows


def admin_urls():
    return [
        path(
            "participation/votes/<int:target_id>/results/",
            VoteResultsView.as_view(),
            name=VOTE_RESULTS_URL_NAME,
        ),
        path(
            "participation/votes/<int:target_id>/paper/",
            PaperEntryView.as_view(),
            name=VOTE_PAPER_URL_NAME,
        ),
        path(
            "participation/votes/<int:target_id>/results/export/<str:export_format>/",
            VoteResultsExportView.as_view(),
            name=VOTE_RESULTS_EXPORT_URL_NAME,
        ),
    ]
