"""Admin views about one participation: its results, their export.

A participation type's views are short subclasses: they name the participation model, the
template and what the results are; finding the participation, refusing anyone who may not see
its results in the admin, the breadcrumbs and the spreadsheet response are done here.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..exports.writers import FORMATS, spreadsheet_response
from ..results.visibility import is_editor


class TargetAdminMixin:
    """The participation named in the URL (``target_id``), for the editors who see its
    results in the admin: a 403 for anyone else, whatever its visibility rule."""

    target_model = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.target = get_object_or_404(self.target_model, pk=kwargs["target_id"])

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ResultsView(TargetAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """The results of one participation as editors see them (always)."""

    page_title = _("Results")
    header_icon = "table"
    http_method_names = ["get", "head", "options"]

    def get_page_subtitle(self):
        return str(self.target)

    def parent_links(self):
        """(label, URL) of the admin pages above this one: the participations, this one."""
        return []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *({"url": url, "label": label} for label, url in self.parent_links()),
            {"url": "", "label": self.get_page_title()},
        ]


class ResultsExportView(TargetAdminMixin, View):
    """The results of one participation as a CSV or XLSX file."""

    http_method_names = ["get", "head", "options"]
    sheet_title = _("Results")

    def get(self, request, target_id, export_format):
        if export_format not in FORMATS:
            raise Http404
        filename = f"results-{slugify(str(self.target))[:50] or self.target.pk}"
        return spreadsheet_response(
            export_format,
            filename,
            self.export_headings(),
            self.export_rows(),
            sheet_title=self.sheet_title,
        )

    def export_headings(self):
        raise NotImplementedError

    def export_rows(self):
        raise NotImplementedError
