"""Participatory budgets in the Wagtail admin, in the "Participation" menu.

- "Participatory budgets" (``admin/participation/budgets/``): every budget page, its phase,
  and, for each, its overview (``…/budgets/<id>/``): ballots per envelope and channel, the
  count and the publication of the results, paper ballots, pabulib export and import, a
  project added by the town hall.
- "Budget projects" (``admin/participation/budget-projects/``): the proposals package's
  moderation queue, with the review (feasible or not, why, at what cost, in which envelope)
  and, for funded projects, the follow-up of the works; filtered on envelope and feasibility.
- "Budget ballots" (``admin/participation/budget-ballots/``): every ballot, filtered by
  envelope, channel and dates, exported as CSV or XLSX. No view shows who cast an online
  ballot.
"""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from ..admin.filters import SubmissionFilterSet
from ..admin.listing import SubmissionAdmin, SubmissionPermissionHelper, person_name
from ..admin.views import ResultsExportView, ResultsView, TargetAdminMixin
from ..participation.models import Channel
from ..proposals.admin import ProposalAdmin, ProposalFilterSet, ProposalModerationView
from ..reports.links import admin_paper_form_url, admin_report_url
from ..results.visibility import is_editor
from . import counting, review
from .choices import Feasibility, WorksStatus
from .exports import results_headings, results_rows
from .forms import (
    PabulibImportForm,
    ReviewForm,
    StaffProjectForm,
    WorksForm,
    WorksUpdateForm,
)
from .models import (
    RULE_FIELDS,
    BudgetBallot,
    BudgetBallotChoice,
    BudgetEnvelope,
    BudgetPage,
    BudgetProject,
)
from .money import euros
from .pabulib import ImportRefused, export_pabulib, import_pabulib, pabulib_filename, read_upload
from .paper import paper_url, paper_urls
from .results import page_results

OVERVIEW_URL_NAME = "wagtail_participation_budget_overview"
INDEX_URL_NAME = "wagtail_participation_budgets"
RESULTS_EXPORT_URL_NAME = "wagtail_participation_budget_results_export"
PABULIB_EXPORT_URL_NAME = "wagtail_participation_budget_pabulib"
IMPORT_URL_NAME = "wagtail_participation_budget_import"
ADD_PROJECT_URL_NAME = "wagtail_participation_budget_add_project"
PROJECTS_INDEX_URL_NAME = "participation_budget-projects_modeladmin_index"
BALLOTS_INDEX_URL_NAME = "participation_budget-ballots_modeladmin_index"
# A pabulib file of Paris's budget (215,000 voters) is about 15 MB.
MAX_IMPORT_BYTES = 50_000_000


def overview_url(page):
    return reverse(OVERVIEW_URL_NAME, args=[page.pk])


def projects_url(page=None, **filters):
    url = reverse(PROJECTS_INDEX_URL_NAME)
    if page is not None:
        filters["target"] = page.pk
    return f"{url}?{urlencode(filters)}" if filters else url


def ballots_url(page=None, **filters):
    url = reverse(BALLOTS_INDEX_URL_NAME)
    if page is not None:
        filters["page"] = page.pk
    return f"{url}?{urlencode(filters)}" if filters else url


# --- the page editor: rules frozen once the vote opens -------------------------------------


class BudgetPageForm(WagtailAdminPageForm):
    """Once the vote has opened (or a ballot exists), the ballot's rules, the count's rule and
    the envelopes' amounts are frozen, and no envelope is added or removed. An envelope with
    projects or ballots is never removed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = None
        if self.instance.pk:
            self.stored = BudgetPage.objects.filter(pk=self.instance.pk).first()
        if self.is_frozen():
            for name in RULE_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Frozen: the vote has opened.")

    def is_frozen(self):
        return self.stored is not None and self.stored.rules_frozen()

    def clean(self):
        cleaned = super().clean()
        envelopes = self.formsets.get("envelopes")
        if envelopes is None or self.stored is None:
            return cleaned
        envelopes.is_valid()
        removed = [
            form.instance
            for form in envelopes.initial_forms
            if form.instance.pk and getattr(form, "cleaned_data", {}).get("DELETE")
        ]
        used = {
            envelope.pk
            for envelope in BudgetEnvelope.objects.filter(pk__in=[e.pk for e in removed])
            .annotate(projects_n=Count("projects", distinct=True), ballots_n=Count("submissions"))
            .filter(Q(projects_n__gt=0) | Q(ballots_n__gt=0))
        }
        for envelope in removed:
            if envelope.pk in used:
                self.add_error(
                    None,
                    _(
                        "The envelope “%(name)s” has projects or ballots: it cannot be removed. "
                        "Move its projects to another envelope first (before the vote)."
                    )
                    % {"name": envelope.name},
                )
        if self.is_frozen():
            stored = {
                envelope.pk: envelope.amount
                for envelope in BudgetEnvelope.objects.filter(page=self.stored)
            }
            added = [
                form
                for form in envelopes.forms
                if form.instance.pk is None
                and form.has_changed()
                and not getattr(form, "cleaned_data", {}).get("DELETE")
            ]
            changed = [
                form
                for form in envelopes.initial_forms
                if form.instance.pk in stored
                and getattr(form, "cleaned_data", {}).get("amount")
                not in (None, stored[form.instance.pk])
            ]
            if added or removed or changed:
                self.add_error(
                    None,
                    _(
                        "The vote has opened: envelopes can no longer be added, removed or "
                        "change their amounts. You can still correct their names and "
                        "descriptions."
                    ),
                )
        return cleaned


BudgetPage.base_form_class = BudgetPageForm


# --- projects: the moderation queue and the review --------------------------------------------


class BudgetProjectFilterSet(ProposalFilterSet):
    answer = None
    envelope = django_filters.ModelChoiceFilter(
        label=_("Envelope"),
        queryset=BudgetEnvelope.objects.select_related("page").order_by("page", "sort_order"),
        empty_label=_("All envelopes"),
    )
    feasibility = django_filters.ChoiceFilter(
        label=_("Review"), choices=Feasibility.choices, empty_label=_("All")
    )
    funded = django_filters.BooleanFilter(label=_("Funded"))

    class Meta(ProposalFilterSet.Meta):
        fields = [
            "target",
            "status",
            "feasibility",
            "envelope",
            "funded",
            "reported",
            "neighbourhood",
            "date_from",
            "date_to",
        ]


class BudgetProjectModerationView(ProposalModerationView):
    """A project as the town hall sees it: moderation, review, works."""

    actions = (*ProposalModerationView.actions, "review", "works", "works_update")
    answers_enabled = False

    def get_template_names(self):
        return ["wagtail_participation/budgets/admin/project_moderation.html"]

    def decision_check(self):
        return review.ballot_check

    def forms(self, bound_action=None, data=None, files=None):
        project = self.instance
        forms_by_action = super().forms(bound_action, data, files)

        def bound(name):
            return data if bound_action == name else None

        forms_by_action["merge"].fields["original"].help_text = _(
            "The project chosen here stays; this one points to it."
        )
        forms_by_action["review"] = ReviewForm(
            bound("review"),
            prefix="review",
            project=project,
            initial={
                "feasibility": project.feasibility
                if project.feasibility != Feasibility.PENDING
                else None,
                "reason": project.feasibility_reason,
                "cost": project.cost if project.cost is not None else project.estimated_cost,
                "envelope": project.envelope_id,
            },
        )
        forms_by_action["works"] = WorksForm(
            bound("works"),
            prefix="works",
            initial={"works_status": project.works_status or WorksStatus.PLANNED},
        )
        forms_by_action["works_update"] = WorksUpdateForm(
            bound("works_update"),
            files if bound_action == "works_update" else None,
            prefix="update",
            initial={"date": timezone.localdate()},
        )
        return forms_by_action

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(forms=forms, **kwargs)
        project = self.instance
        page = project.target
        context.update(
            project=project,
            frozen=page.rules_frozen(),
            can_review=not page.rules_frozen() and project.status not in ("duplicate", "rejected"),
            updates=list(project.updates.all()),
            estimated_cost=euros(project.estimated_cost),
            cost=euros(project.cost),
            overview_url=overview_url(page),
        )
        return context

    def decide(self, action, form):
        project, user = self.instance, self.request.user
        if action == "review":
            data = form.cleaned_data
            review.review_project(
                project,
                user,
                feasibility=data["feasibility"],
                reason=data["reason"].strip(),
                cost=data.get("cost"),
                envelope=data.get("envelope"),
            )
            return _("Review of “%(title)s” recorded.") % {"title": project.title}
        if action == "works":
            review.set_works_status(project, user, form.cleaned_data["works_status"])
            return _("Works of “%(title)s” updated.") % {"title": project.title}
        if action == "works_update":
            data = form.cleaned_data
            review.add_works_update(
                project,
                user,
                date=data["date"],
                text=data["text"],
                image=data.get("image"),
                image_description=data.get("image_description", ""),
            )
            return _("News of the works of “%(title)s” added.") % {"title": project.title}
        return super().decide(action, form)


class BudgetProjectAdmin(ProposalAdmin):
    model = BudgetProject
    base_url_path = "participation/budget-projects"
    menu_label = _("Budget projects")
    menu_icon = "doc-full"
    menu_order = 310
    filterset_class = BudgetProjectFilterSet
    inspect_view_class = BudgetProjectModerationView
    export_filename = "budget-projects"
    list_display = (
        "title",
        "participation",
        "envelope",
        "status_label",
        "feasibility_label",
        "cost_label",
        "open_reports",
        "submitted_at",
    )
    listing_help = _(
        "Residents' projects wait here when the page asks for moderation. Open a project to "
        "publish it, review it (feasible or not, at what cost), merge it into a duplicate or, "
        "once funded, follow its works. Projects of the town hall are added from the budget's "
        "overview."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("envelope")

    def target_links(self, page):
        return [(_("Overview and results"), overview_url(page))]

    def feasibility_label(self, obj):
        return obj.get_feasibility_display()

    feasibility_label.short_description = _("Review")
    feasibility_label.admin_order_field = "feasibility"

    def cost_label(self, obj):
        return euros(obj.displayed_cost)

    cost_label.short_description = _("Cost")
    cost_label.admin_order_field = "cost"

    def export_headings(self):
        headings = super().export_headings()
        # The commune answers a consultation's ideas; a budget's projects are reviewed.
        headings = [heading for heading in headings if heading not in self._answer_headings()]
        return [
            *headings,
            _("Number"),
            _("Envelope"),
            _("Cost estimated by its author (euros)"),
            _("Cost estimated by the town hall (euros)"),
            _("Review"),
            _("Reason, shown to residents"),
            _("Funded"),
            _("Works"),
        ]

    @staticmethod
    def _answer_headings():
        return {_("Supports"), _("The commune's answer"), _("Explanation of the answer")}

    def export_row(self, project):
        row = super().export_row(project)
        # Without supports, answer and its explanation (see export_headings).
        row = row[:9] + row[12:]
        return [
            *row,
            project.reference,
            project.envelope.name if project.envelope_id else "",
            project.estimated_cost if project.estimated_cost is not None else "",
            project.cost if project.cost is not None else "",
            project.get_feasibility_display(),
            project.feasibility_reason,
            _("Yes") if project.funded else _("No"),
            project.get_works_status_display() if project.works_status else "",
        ]


# --- ballots ------------------------------------------------------------------------------------


class BudgetBallotFilterSet(SubmissionFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Participatory budget"),
        queryset=BudgetPage.objects.order_by("title"),
        empty_label=_("All budgets"),
    )

    class Meta(SubmissionFilterSet.Meta):
        fields = ["page", "target", "channel", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["target"].label = _("Envelope")
        self.filters["target"].queryset = BudgetEnvelope.objects.select_related("page").order_by(
            "page", "sort_order"
        )
        self.filters["target"].extra["empty_label"] = _("All envelopes")


def chosen_titles(ballot):
    return ", ".join(choice.project.title for choice in ballot.choices.all())


class BudgetBallotPermissionHelper(SubmissionPermissionHelper):
    def user_can_delete_obj(self, user, obj):
        # A paper ballot entered by mistake is deleted until the results are published (the
        # count must then be made again); never after.
        return (
            super().user_can_delete_obj(user, obj) and obj.target.page.results_published_at is None
        )


class BudgetBallotAdmin(SubmissionAdmin):
    model = BudgetBallot
    permission_helper_class = BudgetBallotPermissionHelper
    base_url_path = "participation/budget-ballots"
    menu_label = _("Budget ballots")
    menu_icon = "list-ul"
    menu_order = 320
    filterset_class = BudgetBallotFilterSet
    list_display = ("envelope", "submitted_at", "channel", "chosen", "entered_by_name")
    export_filename = "budget-ballots"
    listing_help = _(
        "Paper ballots are entered from a budget's overview (in “Participatory budgets”). "
        "Only paper entries can be deleted, to correct a mistake, until the results are "
        "published."
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("target__page", "entered_by")
            .prefetch_related(
                Prefetch(
                    "choices",
                    queryset=BudgetBallotChoice.objects.select_related("project").order_by(
                        "project__title"
                    ),
                )
            )
        )

    def target_links(self, envelope):
        return [(_("Overview and results"), overview_url(envelope.page))]

    def envelope(self, obj):
        return f"{obj.target.page.title} – {obj.target.name}"

    envelope.short_description = _("Envelope")

    def chosen(self, obj):
        return chosen_titles(obj)

    chosen.short_description = _("Projects chosen")

    def entered_by_name(self, obj):
        return person_name(obj.entered_by)

    entered_by_name.short_description = _("Entered by")

    def inspect_fields(self, ballot):
        empty = self.get_empty_value_display()
        fields = [
            (_("Participatory budget"), ballot.target.page.title),
            (_("Envelope"), ballot.target.name),
            (_("Date"), ballot.submitted_at),
            (_("Channel"), ballot.get_channel_display()),
            (_("Projects chosen"), chosen_titles(ballot) or empty),
        ]
        if ballot.channel != Channel.ONLINE:
            fields += [
                (_("Entered by"), person_name(ballot.entered_by) or empty),
                (_("Note"), ballot.note or empty),
            ]
        return fields

    def export_headings(self):
        return [
            _("ID"),
            _("Participatory budget"),
            _("Envelope"),
            _("Date"),
            _("Channel"),
            _("Projects chosen"),
            _("Numbers of the projects"),
            _("Entered by"),
            _("Note"),
        ]

    def export_row(self, ballot):
        return [
            ballot.pk,
            ballot.target.page.title,
            ballot.target.name,
            ballot.submitted_at,
            ballot.get_channel_display(),
            chosen_titles(ballot),
            ",".join(choice.project.counting_id for choice in ballot.choices.all()),
            person_name(ballot.entered_by),
            ballot.note,
        ]


# --- the budgets and each one's overview ----------------------------------------------------------


class BudgetIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Every participatory budget page, with its phase and the way to its overview."""

    page_title = _("Participatory budgets")
    header_icon = "doc-full"
    template_name = "wagtail_participation/budgets/admin/index.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user, BudgetPage):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = list(BudgetPage.objects.order_by("-vote_start"))
        now = timezone.now()
        context["budgets"] = [
            {
                "page": page,
                "phase": page.timeline().current(now),
                "url": overview_url(page),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
            for page in pages
        ]
        return context


class BudgetOverviewView(ResultsView):
    """One budget as the town hall runs it: its phase, its ballots, the count, the results
    (always, for editors), their publication, paper ballots, files."""

    target_model = BudgetPage
    template_name = "wagtail_participation/budgets/admin/overview.html"
    page_title = _("Participatory budget")
    http_method_names = ["get", "post", "head", "options"]
    actions = ("count", "publish", "withdraw")

    def get_page_subtitle(self):
        return self.target.title

    def parent_links(self):
        return [(_("Participatory budgets"), reverse(INDEX_URL_NAME))]

    def get_context_data(self, **kwargs):
        page = self.target
        now = timezone.now()
        envelopes = list(
            page.envelopes.annotate(
                ballots_n=Count("submissions", distinct=True),
                paper_n=Count(
                    "submissions", filter=Q(submissions__channel=Channel.PAPER), distinct=True
                ),
                imported_n=Count(
                    "submissions", filter=Q(submissions__channel=Channel.IMPORTED), distinct=True
                ),
                projects_n=Count(
                    "projects",
                    filter=Q(projects__status="published", projects__feasibility="feasible"),
                    distinct=True,
                ),
            ).order_by("sort_order", "pk")
        )
        results = {result.envelope_pk: result for result in page_results(page)}
        rows = []
        for envelope in envelopes:
            envelope.page = page
            stored = getattr(envelope, "count", None)
            rows.append(
                {
                    "envelope": envelope,
                    "result": results.get(envelope.pk),
                    "stale": stored is not None and not counting.count_is_current(stored, envelope),
                    "pabulib_url": reverse(PABULIB_EXPORT_URL_NAME, args=[envelope.pk]),
                    "paper_url": paper_url(envelope),
                    "ballots_url": ballots_url(page, target=envelope.pk),
                }
            )
        context = super().get_context_data(**kwargs)
        pending = page.submissions.filter(status="pending").count()
        to_review = page.submissions.filter(status="published", feasibility="pending").count()
        context.update(
            page=page,
            rows=rows,
            current_phase=page.timeline().current(now),
            timeline=page.timeline().steps(now),
            frozen=page.rules_frozen(now),
            vote_closed=page.vote_closed(now),
            accepts_paper=page.accepts_paper_ballots(now),
            published=page.results_published_at is not None,
            pending=pending,
            to_review=to_review,
            projects_url=projects_url(page),
            pending_url=projects_url(page, status="pending"),
            to_review_url=projects_url(page, status="published", feasibility="pending"),
            ballots_url=ballots_url(page),
            add_project_url=reverse(ADD_PROJECT_URL_NAME, args=[page.pk]),
            import_url=reverse(IMPORT_URL_NAME, args=[page.pk]),
            report_url=admin_report_url(page),
            paper_form_url=admin_paper_form_url(page),
            edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            public_results_url=page.route_url("results") if page.live else "",
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
            rules=rules_summary(page),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        page = self.target
        if action not in self.actions:
            messages.error(request, _("Unknown action."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            if action == "count":
                if not page.vote_closed():
                    raise counting.CannotPublish(
                        _("The ballots are counted once the vote is closed.")
                    )
                counting.count_page(page, request.user)
                messages.success(request, _("The ballots have been counted."))
            elif action == "publish":
                counting.publish_results(page, request.user)
                messages.success(request, _("The results are published."))
            else:
                counting.withdraw_results(page, request.user)
                messages.success(
                    request, _("The results are no longer published: residents do not see them.")
                )
        except counting.CannotPublish as refusal:
            messages.error(request, str(refusal))
            return self.render_to_response(self.get_context_data(), status=409)
        return redirect(overview_url(page))


def rules_summary(page):
    """The ballot's and the count's rules, as the overview lists them."""
    from .ballots import ballot_limits, rules_sentences

    envelope = page.envelopes.first()
    sentences = []
    if envelope is not None:
        envelope.page = page
        sentences = rules_sentences(ballot_limits(envelope))
    return [
        *sentences,
        page.get_counting_rule_display(),
        page.get_tie_breaking_display()
        + (f" ({page.draw_seed})" if page.tie_breaking == "commune" else ""),
    ]


class BudgetResultsExportView(ResultsExportView):
    target_model = BudgetPage

    def export_headings(self):
        return results_headings()

    def export_rows(self):
        return results_rows(page_results(self.target, chart=False))


class PabulibExportView(TargetAdminMixin, View):
    """The vote of one envelope as a pabulib file."""

    target_model = BudgetEnvelope
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        envelope = self.target
        response = HttpResponse(export_pabulib(envelope), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{pabulib_filename(envelope)}"'
        return response


class BudgetFormView(TargetAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """A form about one budget, below its overview in the breadcrumbs."""

    target_model = BudgetPage
    http_method_names = ["get", "post", "head", "options"]

    def get_page_subtitle(self):
        return self.target.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": _("Participatory budgets")},
            {"url": overview_url(self.target), "label": self.target.title},
            {"url": "", "label": self.get_page_title()},
        ]


class PabulibImportView(BudgetFormView):
    template_name = "wagtail_participation/budgets/admin/import.html"
    page_title = _("Import a pabulib file")
    header_icon = "upload"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.target,
            form=form or PabulibImportForm(page=self.target),
            overview_url=overview_url(self.target),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = PabulibImportForm(request.POST, request.FILES, page=self.target)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        envelope = form.cleaned_data["envelope"]
        envelope.page = self.target
        upload = form.cleaned_data["file"]
        try:
            text = read_upload(upload, MAX_IMPORT_BYTES)
            imported = import_pabulib(envelope, text, filename=upload.name, user=request.user)
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
            messages.error(request, _("Nothing was imported: the file has an error."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except IntegrityError:
            form.add_error(
                "file", _("The budget changed while the file was imported: nothing was imported.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            request,
            ngettext(
                "%(projects)d project and its ballots imported into “%(envelope)s”: "
                "%(ballots)d ballots.",
                "%(projects)d projects and their ballots imported into “%(envelope)s”: "
                "%(ballots)d ballots.",
                imported.projects,
            )
            % {
                "projects": imported.projects,
                "ballots": imported.ballots,
                "envelope": envelope.name,
            },
        )
        return redirect(overview_url(self.target))


class AddProjectView(BudgetFormView):
    template_name = "wagtail_participation/budgets/admin/add_project.html"
    page_title = _("Add a project")
    header_icon = "doc-full"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.target,
            form=form or StaffProjectForm(page=self.target),
            frozen=self.target.rules_frozen(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = StaffProjectForm(request.POST, request.FILES, page=self.target)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            project = review.add_project(self.target, request.user, form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("Project “%(title)s” added.") % {"title": project.title})
        return redirect(overview_url(self.target))


def admin_urls():
    return [
        path("participation/budgets/", BudgetIndexView.as_view(), name=INDEX_URL_NAME),
        path(
            "participation/budgets/<int:target_id>/",
            BudgetOverviewView.as_view(),
            name=OVERVIEW_URL_NAME,
        ),
        path(
            "participation/budgets/<int:target_id>/results/export/<str:export_format>/",
            BudgetResultsExportView.as_view(),
            name=RESULTS_EXPORT_URL_NAME,
        ),
        path(
            "participation/budgets/<int:target_id>/import/",
            PabulibImportView.as_view(),
            name=IMPORT_URL_NAME,
        ),
        path(
            "participation/budgets/<int:target_id>/projects/add/",
            AddProjectView.as_view(),
            name=ADD_PROJECT_URL_NAME,
        ),
        path(
            "participation/budgets/envelopes/<int:target_id>/pabulib/",
            PabulibExportView.as_view(),
            name=PABULIB_EXPORT_URL_NAME,
        ),
        *paper_urls(),
    ]


def budgets_menu_item():
    from wagtail.admin.menu import MenuItem

    class BudgetsMenuItem(MenuItem):
        def is_shown(self, request):
            return is_editor(request.user, BudgetPage)

    return BudgetsMenuItem(
        _("Participatory budgets"),
        reverse(INDEX_URL_NAME),
        name="participation_budgets",
        icon_name="doc-full",
        order=300,
    )


def page_listing_buttons(page, user, *args, **kwargs):
    """Buttons next to a budget page in the page explorer."""
    if issubclass(page.specific_class or object, BudgetPage) and is_editor(user, BudgetPage):
        yield Button(
            _("Overview and results"), url=overview_url(page), icon_name="table", priority=60
        )
        yield Button(_("Projects"), url=projects_url(page), icon_name="doc-full", priority=61)
        yield Button(_("Ballots"), url=ballots_url(page), icon_name="list-ul", priority=62)
