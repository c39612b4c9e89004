"""Who gets a report or a paper form, and how.

- Editors (those who see a participation's results in the admin) get its report page in the
  admin: the status of the report ("in progress…", "ready"), the button that generates it, the
  PDF, the raw data export it was made from, and the paper form.
- Residents get the report at a public address only when the one visibility rule
  (:func:`~wagtail_participation.results.visibility.results_visible`) shows them the results,
  and only for a participation shown on a live page they may view: the same results the site
  shows them, never more (Decidim #12348: counts leaked through an export the page hid).
"""

from datetime import timedelta
from io import BytesIO

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.models import ReferenceIndex

from ..admin.views import ResultsView, TargetAdminMixin
from ..conf import settings
from ..participation.embeds import as_key
from ..participation.errors import ParticipationRefused
from ..participation.layout import Trail, layout_context
from ..participation.pages import base_page_model, check_view_restrictions
from ..participation.status import participation_status
from ..participation.target import ParticipationTarget
from ..results.visibility import is_editor, results_visible
from .document import builder_for, paper_form_html, report_locale
from .generation import current_report, data_key, is_lost, latest_ready_report, request_report
from .links import admin_paper_form_url, admin_report_url, public_report_url
from .models import GeneratedReport
from .rendering import render_pdf

PDF = "application/pdf"


def reportable_model(app_label, model_name):
    """The participation model named in a URL, if it has reports; else 404."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not issubclass(model, ParticipationTarget) or not getattr(model, "report_builder", None):
        raise Http404
    return model


def pdf_response(data, filename):
    response = FileResponse(BytesIO(data), as_attachment=True, filename=filename, content_type=PDF)
    # A report of results is nobody's cache's business: who may read it is checked each time.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_response(field, content_type):
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the admin -------------------------------------------------------------------------


class ReportTargetMixin(TargetAdminMixin):
    """The participation named in the URL (``app_label``, ``model_name``, ``target_id``), for
    the editors who see its results in the admin."""

    def setup(self, request, *args, **kwargs):
        self.target_model = reportable_model(kwargs["app_label"], kwargs["model_name"])
        super().setup(request, *args, **kwargs)


class ReportAdminView(ReportTargetMixin, ResultsView):
    """The report of one participation: its status, the button that generates it, the files."""

    template_name = "wagtail_participation/reports/admin_report.html"
    page_title = gettext_lazy("PDF report")
    header_icon = "doc-full"
    http_method_names = ["get", "post", "head", "options"]

    def parent_links(self):
        return builder_for(self.target).admin_links()

    def post(self, request, *args, **kwargs):
        request_report(self.target, user=request.user)
        return redirect(admin_report_url(self.target))

    def get_context_data(self, **kwargs):
        target = self.target
        key = data_key(target)
        current = current_report(target, key)
        latest = latest_ready_report(target)
        if current is not None and is_lost(current):
            state = "lost"
        elif current is not None:
            state = current.status
        else:
            state = "none"
        context = super().get_context_data(**kwargs)
        context.update(
            target=target,
            state=state,
            report=current,
            outdated=latest if latest is not None and latest != current else None,
            paper_form_url=admin_paper_form_url(target),
            paper_entry_url=builder_for(target).paper_entry_url(),
            public_url=public_report_url(target),
            visibility=getattr(target, "get_results_visibility_display", lambda: "")(),
            results_public=results_visible(target, user=None),
        )
        return context


class ReportFileView(View):
    """A stored report (``pdf``) or the raw data export it was made from (``csv``)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, report_id, kind):
        report = GeneratedReport.objects.filter(pk=as_key(report_id), status="ready").first()
        if report is None or kind not in ("pdf", "csv"):
            raise Http404
        target = report.target_type.get_object_for_this_type(pk=report.target_id)
        if not is_editor(request.user, target):
            raise PermissionDenied
        if kind == "pdf":
            return stored_file_response(report.file, PDF)
        return stored_file_response(report.export_file, "text/csv; charset=utf-8")


class PaperFormView(ReportTargetMixin, View):
    """The printable paper form of a participation: a page or two, made on the spot."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        with report_locale():
            pdf = render_pdf(paper_form_html(self.target))
            filename = f"{slugify(_('paper form'))}-{slugify(str(self.target))[:50]}.pdf"
        return pdf_response(pdf.data, filename)


# --- residents ---------------------------------------------------------------------------


class ResultsNotPublic(ParticipationRefused):
    status = 403
    code = "results_hidden"
    default_message = gettext_lazy(
        "The results of this participation are not public: there is no report to download."
    )


class NotPublished(ParticipationRefused):
    status = 404
    code = "not_found"
    default_message = gettext_lazy("This participation does not exist or is not published.")


def shown_on_a_page_for(request, target):
    """Is ``target`` shown on a live page that this visitor may view? A participation that is
    a page (a survey, a consultation, a participatory budget) is shown on itself; others are
    found through Wagtail's reference index (chooser blocks and foreign keys to the
    participation)."""
    page_model = base_page_model()
    if isinstance(target, page_model):
        return target.live and _may_view(request, target)
    references = ReferenceIndex.get_references_to(target).group_by_source_object()
    for source, _references in references:
        if isinstance(source, page_model) and source.live and _may_view(request, source):
            return True
    return False


def _may_view(request, page):
    try:
        check_view_restrictions(request, page)
    except ParticipationRefused:
        return False
    return True


class PublicReportView(View):
    """The report of a participation, for residents who may see its results."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, app_label, model_name, target_id):
        try:
            model = reportable_model(app_label, model_name)
        except Http404:
            return self.unavailable(request, NotPublished())
        target = model.objects.filter(pk=as_key(target_id)).first()
        if target is None:
            return self.unavailable(request, NotPublished())
        user = getattr(request, "user", None)
        if not is_editor(user, target):
            if not shown_on_a_page_for(request, target):
                return self.unavailable(request, NotPublished())
            participant = participation_status(request, target).participant
            has_participated = participant is not None and target.has_taken_part(participant)
            if not results_visible(target, user=user, has_participated=has_participated):
                return self.unavailable(request, ResultsNotPublic())
        report = self.report_for_residents(target)
        if report is None or not report.is_ready:
            return TemplateResponse(
                request,
                "wagtail_participation/reports/unavailable.html",
                {
                    **self.layout(),
                    "message": _(
                        "The report is being prepared. Please come back in a few minutes."
                    ),
                    "retry_url": request.get_full_path(),
                },
                status=202,
            )
        return stored_file_response(report.file, PDF)

    def report_for_residents(self, target):
        """The report of the current data if there is one; else the latest one if it is
        recent (at most one generation per ``REPORT_PUBLIC_REFRESH`` while residents keep
        asking); else a new one, which the immediate backend makes at once."""
        current = current_report(target)
        if current is not None and current.is_ready:
            return current
        latest = latest_ready_report(target)
        refresh = timedelta(seconds=settings.REPORT_PUBLIC_REFRESH)
        if latest is not None and latest.finished_at > timezone.now() - refresh:
            return latest
        if current is None or not current.in_progress or is_lost(current):
            current = request_report(target)
        return current if current.is_ready else latest

    def layout(self):
        title = _("Results report")
        return layout_context(title=title, trail=Trail(current=title))

    def unavailable(self, request, refused):
        return TemplateResponse(
            request,
            "wagtail_participation/reports/unavailable.html",
            {**self.layout(), "message": refused.message},
            status=refused.status,
        )
