"""Moderating proposals in the Wagtail admin, through the admin package's submissions listing.

:class:`ProposalAdmin` lists a proposal model's proposals (the moderation queue: filter on
"awaiting moderation" or "with reports"), filtered with django-filter on status, theme,
neighbourhood, answer and dates, exported as CSV or XLSX. Inspecting a proposal opens its
moderation page (:class:`ProposalModerationView`), where moderators publish it, reject it
with a reason shown to the author, merge it into the proposal it repeats (supports merged,
nobody counted twice), give the commune's answer, and deal with reports. Each decision is in
Wagtail's history of actions and emails the author (:mod:`.moderation`).

A participation type's listing is a short subclass naming its model (and, if its proposals
have themes, a filter set with a theme filter).
"""

import django_filters
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from ..admin.filters import SubmissionFilterSet
from ..admin.listing import (
    SubmissionAdmin,
    SubmissionButtonHelper,
    SubmissionInspectView,
    SubmissionPermissionHelper,
)
from . import moderation
from .filters import AnswerFilter, neighbourhood_filter
from .forms import AnswerForm, DuplicateForm, RejectForm
from .models import ProposalStatus

REPORTS_TO_DEAL_WITH = "open"


class ProposalFilterSet(SubmissionFilterSet):
    # Proposals all come online: no channel filter.
    channel = None
    status = django_filters.ChoiceFilter(
        label=_("Moderation"), choices=ProposalStatus.choices, empty_label=_("All")
    )
    neighbourhood = neighbourhood_filter()
    answer = AnswerFilter()
    reported = django_filters.ChoiceFilter(
        label=_("Reports"),
        choices=[(REPORTS_TO_DEAL_WITH, _("With reports to deal with"))],
        empty_label=_("All"),
        method="filter_reported",
    )

    class Meta(SubmissionFilterSet.Meta):
        fields = ["target", "status", "reported", "neighbourhood", "answer", "date_from", "date_to"]

    def filter_reported(self, queryset, name, value):
        return queryset.filter(open_reports__gt=0)


class ProposalButtonHelper(SubmissionButtonHelper):
    def inspect_button(self, *args, **kwargs):
        return {
            **super().inspect_button(*args, **kwargs),
            "label": _("Moderate"),
            "title": _("Open its moderation page"),
        }


class ProposalPermissionHelper(SubmissionPermissionHelper):
    def user_can_delete_obj(self, user, obj):
        # Rejected, not deleted: the decision and its reason stay on record.
        return False


class ProposalModerationView(SubmissionInspectView):
    """One proposal as moderators see it, with their decisions (POST ``action``)."""

    page_title = _("Moderation")

    actions = ("publish", "reject", "merge", "answer", "resolve_reports")
    # Does the commune answer proposals here (a consultation's ideas)? A budget's projects are
    # reviewed instead.
    answers_enabled = True
    # Decisions of a participation type's own (its template fills the block
    # ``extra_decisions``): a subclass adds their names to ``actions``, their forms to
    # ``forms()`` and what they do to ``decide()``.

    def decision_check(self):
        """A function given to each decision of moderation.py, called with the locked row(s),
        that may refuse it with a ValidationError; None: nothing to check."""
        return None

    def get_meta_title(self):
        return _("Moderate “%(title)s”") % {"title": self.instance.title}

    def get_template_names(self):
        return ["wagtail_participation/admin/proposal_moderation.html"]

    def originals(self):
        proposal = self.instance
        return (
            type(proposal)
            .objects.filter(target_id=proposal.target_id, status=ProposalStatus.PUBLISHED)
            .exclude(pk=proposal.pk)
            .order_by("title")
        )

    def forms(self, bound_action=None, data=None, files=None):
        """The decision forms by action, the one of ``bound_action`` bound to ``data`` (and
        ``files``, for a decision that takes a photo)."""
        proposal = self.instance

        def bound(name):
            return data if bound_action == name else None

        return {
            "reject": RejectForm(bound("reject"), prefix="reject"),
            "merge": DuplicateForm(bound("merge"), prefix="merge", originals=self.originals()),
            "answer": AnswerForm(
                bound("answer"),
                prefix="answer",
                initial={"answer": proposal.answer, "answer_text": proposal.answer_text},
            ),
        }

    def get_context_data(self, forms=None, **kwargs):
        proposal = self.instance
        context = super().get_context_data(**kwargs)
        context.update(
            proposal=proposal,
            decision_forms=forms or self.forms(),
            reports=list(proposal.reports.all()),
            open_reports=[report for report in proposal.reports.all() if not report.resolved_at],
            public_url=(
                proposal.target.proposal_full_url(proposal)
                if proposal.is_published and proposal.target.live
                else ""
            ),
            notification_email=proposal.notification_email(),
            can_publish=proposal.status in (ProposalStatus.PENDING, ProposalStatus.REJECTED),
            can_reject=proposal.status in (ProposalStatus.PENDING, ProposalStatus.PUBLISHED),
            can_merge=proposal.status != ProposalStatus.DUPLICATE,
            can_answer=self.answers_enabled and proposal.is_published,
            supports_enabled=type(proposal).support_model() is not None,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.actions:
            messages.error(request, _("Unknown action."))
            return self.render_to_response(self.get_context_data(), status=400)
        forms = self.forms(action, request.POST, request.FILES)
        form = forms.get(action)
        if form is not None and not form.is_valid():
            messages.error(request, _("The decision was not recorded: please correct the form."))
            return self.render_to_response(self.get_context_data(forms=forms), status=400)
        try:
            message = self.decide(action, form)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(request, message)
        return redirect(request.path)

    def decide(self, action, form):
        proposal, user = self.instance, self.request.user
        check = self.decision_check()
        if action == "publish":
            moderation.publish(proposal, user, check=check)
            return _("Proposal “%(title)s” published.") % {"title": proposal.title}
        if action == "reject":
            moderation.reject(proposal, user, form.cleaned_data["reason"], check=check)
            return _("Proposal “%(title)s” rejected.") % {"title": proposal.title}
        if action == "merge":
            original = form.cleaned_data["original"]
            moderation.merge_into(proposal, original, user, check=check)
            return _("Proposal “%(title)s” merged into “%(original)s”.") % {
                "title": proposal.title,
                "original": original.title,
            }
        if action == "answer":
            moderation.give_answer(
                proposal, user, form.cleaned_data["answer"], form.cleaned_data["answer_text"]
            )
            return _("Answer to “%(title)s” recorded.") % {"title": proposal.title}
        count = moderation.resolve_reports(proposal, user)
        return _("%(count)s report(s) dealt with.") % {"count": count}


class ProposalAdmin(SubmissionAdmin):
    """Base of a proposal model's moderation listing."""

    filterset_class = ProposalFilterSet
    inspect_view_class = ProposalModerationView
    permission_helper_class = ProposalPermissionHelper
    button_helper_class = ProposalButtonHelper
    menu_icon = "doc-full"
    export_filename = "proposals"
    list_display = (
        "title",
        "participation",
        "status_label",
        "neighbourhood",
        "support_count",
        "open_reports",
        "submitted_at",
    )
    listing_help = _(
        "New proposals wait here when the page asks for moderation: filter on “Awaiting "
        "moderation”, or on reports to deal with, then open a proposal to decide."
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("target", "neighbourhood")
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        )

    def get_permissions_for_registration(self):
        # The group settings offer the permission to moderate (change) proposals: it also
        # shows their participation's results in the admin (its results_permission).
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            codename=f"change_{self.model._meta.model_name}",
        )

    def participation(self, obj):
        return obj.target

    participation.short_description = _("Participation")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = _("Moderation")
    status_label.admin_order_field = "status"

    def open_reports(self, obj):
        return obj.open_reports or ""

    open_reports.short_description = _("Reports")
    open_reports.admin_order_field = "open_reports"

    def inspect_fields(self, proposal):
        return []

    def export_headings(self):
        return [
            _("ID"),
            _("Participation"),
            _("Title"),
            _("Description"),
            _("Neighbourhood"),
            _("Date"),
            _("Moderation"),
            _("Reason for rejection"),
            _("Merged into"),
            _("Supports"),
            _("The commune's answer"),
            _("Explanation of the answer"),
            _("Signed"),
        ]

    def export_row(self, proposal):
        return [
            proposal.pk,
            str(proposal.target),
            proposal.title,
            proposal.description,
            str(proposal.neighbourhood or ""),
            proposal.submitted_at,
            proposal.get_status_display(),
            proposal.rejection_reason,
            proposal.duplicate_of_id or "",
            proposal.support_count,
            proposal.get_answer_display() if proposal.answer else "",
            proposal.answer_text,
            proposal.author_name,
        ]
