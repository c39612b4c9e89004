"""Consultations in the Wagtail admin: the proposals' moderation listing (the admin
package's, through the proposals package) and the results of one consultation.

- "Proposals" (``admin/participation/proposals/``): every consultation's proposals, newest
  first, filtered on moderation, reports, theme, neighbourhood, answer and dates, exported as
  CSV or XLSX; a proposal opens on its moderation page.
- "Results" of one consultation (``admin/participation/consultations/<id>/results/``): the
  figures and the ranking editors always see, and their export.
"""

import django_filters
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from ..admin.paper import PaperEntryForm
from ..admin.views import ResultsExportView, ResultsView
from ..participation import pipeline
from ..participation.errors import AlreadyRecorded, InvalidSubmission, PaperReferenceTaken
from ..participation.models import Channel
from ..proposals.admin import ProposalAdmin, ProposalFilterSet
from ..proposals.exports import (
    proposal_export_headings,
    proposal_export_rows,
    proposal_listing_headings,
    proposal_listing_row,
)
from ..proposals.results import proposal_records, proposals_summary
from ..reports.links import admin_paper_form_url, admin_report_url
from ..results.visibility import is_editor
from .models import ConsultationPage, ConsultationProposal, ConsultationTheme

RESULTS_URL_NAME = "wagtail_participation_consultation_results"
PAPER_URL_NAME = "wagtail_participation_consultation_paper"
MODERATION_URL_NAME = "participation_proposals_modeladmin_inspect"
RESULTS_EXPORT_URL_NAME = "wagtail_participation_consultation_results_export"
PROPOSALS_INDEX_URL_NAME = "participation_proposals_modeladmin_index"
TOP_PROPOSALS = 50


def results_url(page):
    return reverse(RESULTS_URL_NAME, args=[page.pk])


def paper_url(page):
    return reverse(PAPER_URL_NAME, args=[page.pk])


def proposals_url(page=None, **filters):
    url = reverse(PROPOSALS_INDEX_URL_NAME)
    if page is not None:
        filters["target"] = page.pk
    return f"{url}?{urlencode(filters)}" if filters else url


class ConsultationProposalFilterSet(ProposalFilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=ConsultationTheme.objects.select_related("page").order_by("page", "sort_order"),
        empty_label=_("All themes"),
    )

    class Meta(ProposalFilterSet.Meta):
        fields = [*ProposalFilterSet.Meta.fields[:3], "theme", *ProposalFilterSet.Meta.fields[3:]]


class ConsultationProposalAdmin(ProposalAdmin):
    model = ConsultationProposal
    base_url_path = "participation/proposals"
    menu_label = _("Proposals")
    menu_order = 200
    filterset_class = ConsultationProposalFilterSet
    export_filename = "proposals"
    list_display = (
        "title",
        "participation",
        "status_label",
        "theme",
        "support_count",
        "open_reports",
        "submitted_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("theme")

    def target_links(self, page):
        return [(_("Results"), results_url(page))]

    def export_headings(self):
        return proposal_headings()

    def export_row(self, proposal):
        return proposal_row(proposal)


def proposal_headings():
    """The columns of every proposal of a consultation: the proposals package's, with the
    theme after the description."""
    headings = proposal_listing_headings()
    return [*headings[:4], _("Theme"), *headings[4:]]


def proposal_row(proposal):
    row = proposal_listing_row(proposal)
    return [*row[:4], str(proposal.theme or ""), *row[4:]]


class ConsultationResultsView(ResultsView):
    target_model = ConsultationPage
    template_name = "wagtail_participation/admin/consultation_results.html"

    def parent_links(self):
        return [(_("Proposals"), proposals_url(self.target))]

    def get_context_data(self, **kwargs):
        page = self.target
        proposals = page.submissions.all()
        context = super().get_context_data(**kwargs)
        records = proposal_records(proposals, page.support_threshold)
        context.update(
            page=page,
            summary=proposals_summary(
                proposals, page.support_threshold, not_answered_label=_("Not answered yet")
            ),
            records=[record for record, _n in zip(records, range(TOP_PROPOSALS), strict=False)],
            top=TOP_PROPOSALS,
            proposals_url=proposals_url(page),
            pending_url=proposals_url(page, status="pending"),
            report_url=admin_report_url(page),
            paper_form_url=admin_paper_form_url(page),
            paper_url=paper_url(page),
            export_links=[
                (
                    _("Export results (CSV)"),
                    reverse(RESULTS_EXPORT_URL_NAME, args=[page.pk, "csv"]),
                ),
                (
                    _("Export results (XLSX)"),
                    reverse(RESULTS_EXPORT_URL_NAME, args=[page.pk, "xlsx"]),
                ),
            ],
        )
        return context


class ConsultationResultsExportView(ResultsExportView):
    target_model = ConsultationPage
    sheet_title = _("Proposals")

    def export_headings(self):
        return proposal_export_headings()

    def export_rows(self):
        page = self.target
        return proposal_export_rows(
            proposal_records(page.submissions.all(), page.support_threshold)
        )


class ConsultationPaperView(ResultsView):
    """``GET``: the proposal form of a consultation, as staff copy a paper proposal form into
    it (the online form's fields, without the photo); ``POST``: store it, checked by the same
    rules as a proposal posted online, published or put in the moderation queue as the page
    says."""

    target_model = ConsultationPage
    template_name = "wagtail_participation/admin/proposal_paper.html"
    page_title = _("Enter a paper proposal")
    http_method_names = ["get", "post", "head", "options"]

    def parent_links(self):
        return [
            (_("Proposals"), proposals_url(self.target)),
            (_("Results"), results_url(self.target)),
        ]

    def proposal_form(self, data=None):
        form = self.target.proposal_form(data)
        for name in ("image", "image_description"):
            form.fields.pop(name, None)
        return form

    def get_context_data(self, proposal_form=None, entry_form=None, status_message="", **kwargs):
        page = self.target
        context = super().get_context_data(**kwargs)
        context.update(
            page=page,
            proposal_form=proposal_form or self.proposal_form(),
            entry_form=entry_form or PaperEntryForm(),
            status_message=status_message,
            ideas_closes_at=page.closes_at,
            publish_immediately=page.publish_immediately,
            paper_form_url=admin_paper_form_url(page),
            recent=page.submissions.filter(channel=Channel.PAPER)
            .select_related("entered_by")
            .order_by("-submitted_at", "-pk")[:10],
            moderation_url_name=MODERATION_URL_NAME,
            paper_proposals_url=proposals_url(page, channel=Channel.PAPER),
        )
        return context

    def post(self, request, *args, **kwargs):
        page = self.target
        entry_form = PaperEntryForm(request.POST)
        proposal_form = self.proposal_form(request.POST)
        if not entry_form.is_valid():
            proposal_form.is_valid()
            context = self.get_context_data(proposal_form=proposal_form, entry_form=entry_form)
            return self.render_to_response(context, status=400)
        try:
            cleaned = page.validate_submission(request.POST)
            proposal = pipeline.store_paper_submission(
                page, cleaned, entered_by=request.user, **entry_form.paper_fields()
            )
        except InvalidSubmission as refused:
            proposal_form.is_valid()  # the same errors, on the form shown
            context = self.get_context_data(
                proposal_form=proposal_form, entry_form=entry_form, status_message=refused.message
            )
            return self.render_to_response(context, status=refused.status)
        except AlreadyRecorded as refused:
            context = self.get_context_data(status_message=refused.message)
            return self.render_to_response(context, status=refused.status)
        except PaperReferenceTaken as refused:
            # What was copied stays on screen: the number may just be mistyped.
            proposal_form.is_valid()
            entry_form.add_error("paper_reference", refused.message)
            context = self.get_context_data(proposal_form=proposal_form, entry_form=entry_form)
            return self.render_to_response(context, status=refused.status)
        log(instance=proposal, action="wagtail.create", user=request.user)
        if proposal.is_published:
            message = _("Paper proposal “%(title)s” recorded and published.")
        else:
            message = _("Paper proposal “%(title)s” recorded: it waits in the moderation queue.")
        messages.success(
            request,
            message % {"title": proposal.title},
            buttons=[
                messages.button(reverse(MODERATION_URL_NAME, args=[proposal.pk]), _("Moderate"))
            ],
        )
        return redirect(paper_url(page), permanent=False)


def admin_urls():
    return [
        path(
            "participation/consultations/<int:target_id>/results/",
            ConsultationResultsView.as_view(),
            name=RESULTS_URL_NAME,
        ),
        path(
            "participation/consultations/<int:target_id>/results/export/<str:export_format>/",
            ConsultationResultsExportView.as_view(),
            name=RESULTS_EXPORT_URL_NAME,
        ),
        path(
            "participation/consultations/<int:target_id>/paper/",
            ConsultationPaperView.as_view(),
            name=PAPER_URL_NAME,
        ),
    ]


def page_listing_buttons(page, user, *args, **kwargs):
    """ "Proposals", "Results" and "PDF report" buttons next to a consultation page in the
    page explorer, and in the page editor's header."""
    if issubclass(page.specific_class or object, ConsultationPage) and is_editor(
        user, ConsultationPage
    ):
        yield Button(_("Proposals"), url=proposals_url(page), icon_name="doc-full", priority=60)
        yield Button(_("Results"), url=results_url(page), icon_name="table", priority=61)
        yield Button(_("PDF report"), url=admin_report_url(page), icon_name="doc-full", priority=62)
