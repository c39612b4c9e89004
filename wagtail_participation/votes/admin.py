"""Votes in the Wagtail admin: editing (snippets) and the ballots listing (modeladmin)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Vote


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
        # their forms have no cleaned_data yet (AttributeError in _should_delete_form).
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
                    and not options._should_delete_form(form)
                ]
                deleted = [
                    form for form in options.initial_forms if options._should_delete_form(form)
                ]
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
                kept = [form for form in kept if not options._should_delete_form(form)]
                if len(kept) < 2:
                    self.add_error(None, _("A choice vote needs at least two options."))
        return cleaned


Vote.base_form_class = VoteAdminForm


class VoteEditView(SnippetEditView):
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
        from .ballots_admin import can_manage_ballots, results_url

        buttons = list(super().get_header_more_buttons())
        if can_manage_ballots(self.request.user, self.object):
            buttons.append(
                Button(
                    _("Results and paper ballots"),
                    url=results_url(self.object),
                    icon_name="table",
                    priority=30,
                )
            )
        return sorted(buttons)


class VoteViewSet(SnippetViewSet):
    model = Vote
    edit_view_class = VoteEditView
    icon = "tasks"
    menu_label = _("Votes")
    menu_name = "participation_votes"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "question", "kind", "opens_at", "closes_at", "frozen_at"]
    list_filter = ["kind", "identity"]
    search_fields = ["title", "question"]


def register_vote_admin():
    """The ballots listing, exports and paper entry (see votes/ballots_admin.py)."""
    from . import ballots_admin

    ballots_admin.register()
