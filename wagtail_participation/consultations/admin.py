"""Consultations in the Wagtail admin: the proposals' moderation listing (the admin
package's, through the proposals package) and the results of one consultation.

- "Proposals" (``admin/participation/proposals/``): every consultation's proposals, newest
  first, filtered on moderation, reports, theme, neighbourhood, answer and dates, exported as
  CSV or XLSX; a proposal opens on its moderation page.
- "Results" of one consultation (``admin/participation/consultations/<id>/results/``): the
  figures and the ranking editors always see, and their export.
"""

import django_filters
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from ..admin.views import ResultsExportView, ResultsView
from ..proposals.admin import ProposalAdmin, ProposalFilterSet
from ..proposals.exports import proposal_export_headings, proposal_export_rows
from ..proposals.results import proposal_records, proposals_summary
from ..results.visibility import is_editor
from .models import ConsultationPage, ConsultationProposal, ConsultationTheme

RESULTS_URL_NAME = "wagtail_participation_consultation_results"
RESULTS_EXPORT_URL_NAME = "wagtail_participation_consultation_results_export"
PROPOSALS_INDEX_URL_NAME = "participation_proposals_modeladmin_index"
TOP_PROPOSALS = 50


def results_url(page):
    return reverse(RESULTS_URL_NAME, args=[page.pk])


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
        headings = super().export_headings()
        return [*headings[:4], _("Theme"), *headings[4:]]

    def export_row(self, proposal):
        row = super().export_row(proposal)
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
    ]


def page_listing_buttons(page, user, *args, **kwargs):
    """ "Proposals" and "Results" buttons next to a consultation page in the page explorer."""
    if issubclass(page.specific_class or object, ConsultationPage) and is_editor(
        user, ConsultationPage
    ):
        yield Button(_("Proposals"), url=proposals_url(page), icon_name="doc-full", priority=60)
        yield Button(_("Results"), url=results_url(page), icon_name="table", priority=61)
