"""The listing of a participation type's submissions, on wagtail-modeladmin.

Every submission model (a subclass of ``participation.models.AbstractSubmission``) gets its
listing from a short subclass of :class:`SubmissionAdmin`: newest first, filtered with a
django-filter FilterSet, exported as CSV or XLSX by the project's writers, read-only, with
only paper entries deletable (to correct a typing mistake). Listing, inspecting and
deleting are for the editors who see the participation's results in the admin.

This package is the one place that knows modeladmin: a move to Wagtail's own ModelViewSet
is this package's work only.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import DeleteView, IndexView, InspectView

from ..exports.writers import spreadsheet_response
from ..participation.models import Channel
from ..results.visibility import is_editor
from .filters import SubmissionFilterSet
from .menu import PARTICIPATION_MENU_HOOK

register_listing = modeladmin_register


def person_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class SubmissionPermissionHelper(PermissionHelper):
    """Read-only listing; only paper entries may be deleted (to correct a typing mistake)."""

    def user_can_list(self, user):
        return is_editor(user, self.model.target_model())

    def user_can_create(self, user):
        # Online submissions come from residents only, paper ones through their entry form.
        return False

    def user_can_inspect_obj(self, user, obj):
        return is_editor(user, obj.target)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return obj.channel == Channel.PAPER and is_editor(user, obj.target)


# modeladmin's own wording is written for any model ("ce/cette bulletin", "supprimé(e)"). A
# submission's is said without naming its model: only paper entries may be deleted.


class SubmissionButtonHelper(ButtonHelper):
    def inspect_button(self, *args, **kwargs):
        return {**super().inspect_button(*args, **kwargs), "title": _("See the details")}

    def delete_button(self, *args, **kwargs):
        return {**super().delete_button(*args, **kwargs), "title": _("Delete this paper entry")}


class SubmissionIndexView(IndexView):
    """modeladmin's listing, filtered by the model admin's FilterSet and exported through
    its ``export_headings()`` and ``export_row()``."""

    def get_filters(self, request):
        # No modeladmin list_filter, and no raw ``?field=value`` lookups from the query string:
        # the FilterSet alone filters (see get_queryset). True: the filter column is shown.
        return [], True, {}, False

    @cached_property
    def filterset(self):
        filterset = self.model_admin.filterset_class(
            self.request.GET, queryset=self.model.objects.none(), request=self.request
        )
        filterset.is_valid()
        return filterset

    def get_queryset(self, request=None):
        queryset = super().get_queryset(request)
        user = (request or self.request).user
        if not user.is_superuser:
            # Only the participations whose results this editor sees (a survey page they
            # may edit, say).
            queryset = queryset.filter(target__in=self.model.target_model().results_targets(user))
        # Invalid values are shown as errors and left out; valid ones still apply.
        return self.filterset.filter_queryset(queryset)

    def export_url(self, export_format):
        params = self.request.GET.copy()
        params.pop(self.PAGE_VAR, None)
        params[self.EXPORT_VAR] = export_format
        return "?" + params.urlencode()

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        target = filterset.form.cleaned_data.get("target") if filterset.is_valid() else None
        kwargs.update(
            filterset=filterset,
            filters_active=filterset.is_active,
            export_links=[
                (_("Export CSV"), self.export_url("csv")),
                (_("Export XLSX"), self.export_url("xlsx")),
            ],
            filtered_target=target,
            filtered_target_links=self.model_admin.target_links(target) if target else [],
            listing_help=self.model_admin.listing_help,
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
        model_admin = self.model_admin
        headings, rows = model_admin.spreadsheet(queryset, self.filterset)
        filename = f"{model_admin.export_filename}-{timezone.localdate():%Y-%m-%d}"
        return spreadsheet_response(
            spreadsheet_format,
            filename,
            headings,
            rows,
            sheet_title=self.model._meta.verbose_name_plural.capitalize(),
        )


class SubmissionInspectView(InspectView):
    def get_meta_title(self):
        return str(self.instance)

    def get_fields_dict(self):
        return [
            {"label": label, "value": value}
            for label, value in self.model_admin.inspect_fields(self.instance)
        ]


class SubmissionDeleteView(DeleteView):
    def get_meta_title(self):
        return _("Delete this paper entry")

    def confirmation_message(self):
        return _(
            "Delete this paper entry? What it counted is removed from the results. The "
            "deletion is recorded in the history of actions."
        )

    def post(self, request, *args, **kwargs):
        message = _("Paper entry “%(entry)s” deleted.") % {"entry": self.instance}
        with transaction.atomic():
            log(instance=self.instance, action="wagtail.delete")
            self.instance.delete()
        messages.success(request, message)
        return redirect(self.index_url)


class SubmissionAdmin(ModelAdmin):
    """Base of a participation type's submissions listing.

    A subclass sets ``model``, ``base_url_path``, ``menu_label``, ``list_display`` and, if it
    filters on more than the participation, dates and channel, ``filterset_class``; it says
    what a submission shows (``inspect_fields``) and exports (``export_headings``,
    ``export_row``, or the whole layout in ``spreadsheet``), and links a participation to its
    results (``target_links``).
    """

    filterset_class = SubmissionFilterSet
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    delete_view_class = SubmissionDeleteView
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = SubmissionButtonHelper
    index_template_name = "wagtail_participation/admin/submission_index.html"
    inspect_template_name = "wagtail_participation/admin/submission_inspect.html"
    inspect_view_enabled = True
    # Deletions are logged; a deleted paper entry has no history page to show.
    history_view_enabled = False
    # In the "Participation" submenu (see register_with_wagtail), not the main menu.
    add_to_admin_menu = False
    list_per_page = 50
    ordering = ("-submitted_at", "-pk")
    # Written below the filters: where paper entries are made, say.
    listing_help = ""
    export_filename = "submissions"

    def register_with_wagtail(self):
        super().register_with_wagtail()
        hooks.register(PARTICIPATION_MENU_HOOK, self.get_menu_item)

    def register_indexing(self):
        # modeladmin would add submissions to Wagtail's reference index: more rows written
        # with every submission, one of them linking a resident's account to it. No.
        pass

    def get_permissions_for_registration(self):
        # Submissions follow the permissions of their participation: nothing to assign.
        return Permission.objects.none()

    def target_links(self, target):
        """(label, URL) of the admin pages of ``target`` the listing links to."""
        return []

    def inspect_fields(self, submission):
        """(label, value) pairs shown when inspecting one submission."""
        raise NotImplementedError

    def spreadsheet(self, queryset, filterset):
        """(headings, rows) of the export of ``queryset``, the listing as ``filterset`` (valid)
        filtered it. By default one row per submission, from :meth:`export_headings` and
        :meth:`export_row`; a type whose columns depend on the filtered participation (one per
        question of a survey) lays them out here. Rows must be produced lazily."""
        rows = (self.export_row(obj) for obj in queryset.iterator(chunk_size=2000))
        return self.export_headings(), rows

    def export_headings(self):
        raise NotImplementedError

    def export_row(self, submission):
        raise NotImplementedError
