"""The public routes of a participatory budget page, on top of the proposals package's.

::

    <page>/                          the budget: its phases, what residents may do now, the
                                     projects (filtered, sorted), the winners and the works
    <page>/propose/                  a resident's project (the proposals package's form)
    <page>/<id>/                     one project: cost, review, votes, works
    <page>/<id>/report/              report it as abusive
    <page>/vote/                     the envelopes to vote in (the ballot, if there is one)
    <page>/vote/<envelope>/          the ballot of one envelope (GET) and the vote (POST)
    <page>/results/                  the results, under the visibility rule
    <page>/results/csv/, …/xlsx/     their export, under the same rule
    <page>/results/<envelope>/pb/    the anonymous ballots of an envelope as a pabulib file,
                                     so that anyone can redo the count

A vote goes through the participation pipeline with the envelope as target: what a resident
may do now is :func:`~..participation.status.participation_status` of the envelope, whose
dates are the page's vote phase.
"""

import functools

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from ..exports.writers import FORMATS, spreadsheet_response
from ..participation import pipeline
from ..participation.embeds import as_key
from ..participation.errors import InvalidSubmission, NotFound, ParticipationRefused
from ..participation.layout import Link, page_layout
from ..participation.presentation import participation_display
from ..participation.receipts import RECEIPT_PARAM, parse_receipt
from ..participation.responses import redirect_after_success
from ..reports.links import public_report_url
from ..results.visibility import results_visible
from .ballots import CHOICE_FIELD, ballot_limits, ballot_projects, rules_sentences
from .choices import WorksStatus
from .forms import BudgetProjectForm
from .listing import BudgetProjectFilterSet
from .money import euros


class BudgetRoutesMixin:
    """What a :class:`~.models.BudgetPage` shows residents (see the module's docstring)."""

    proposal_form_class = BudgetProjectForm
    propose_heading = _("Propose a project")
    report_heading = _("Report a project")
    proposal_template = "wagtail_participation/budgets/project.html"
    propose_template = "wagtail_participation/budgets/propose.html"
    report_template = "wagtail_participation/budgets/report.html"
    results_template = "wagtail_participation/budgets/results.html"
    ballot_template = "wagtail_participation/budgets/ballot.html"
    vote_template = "wagtail_participation/budgets/vote.html"
    email_templates = "wagtail_participation/budgets/email"

    # --- the projects, as proposals ------------------------------------------------------

    def saved_envelopes(self):
        """The envelopes as stored (a queryset, for forms and filters): in the editor's
        preview, ``self.envelopes`` holds the form's unsaved envelopes instead."""
        model = type(self)._meta.get_field("envelopes").related_model
        return model.objects.filter(page_id=self.pk).order_by("sort_order", "pk")

    @property
    def public_filterset_class(self):
        return functools.partial(BudgetProjectFilterSet, envelopes=self.saved_envelopes())

    def proposal_form(self, *args, **kwargs):
        return self.proposal_form_class(*args, envelopes=self.saved_envelopes(), **kwargs)

    # --- what every route shows ----------------------------------------------------------

    def results_shown(self, request):
        """The one visibility rule, for this budget's results."""
        return results_visible(self, user=getattr(request, "user", None))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        timeline = self.timeline()
        current = timeline.current(now)
        envelopes = self.envelope_list()
        for envelope in envelopes:
            envelope.page = self
        context.update(
            timeline=timeline.steps(now),
            current_phase=current,
            phase=current.key if current is not None else None,
            envelopes=envelopes,
            total_amount=euros(self.total_amount),
            vote_url=self.route_url("vote", request=request),
            results_published=self.results_published_at is not None,
        )
        return context

    # --- the budget -----------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        proposing = participation_display(
            self, request, self, action_url=self.route_url("propose", request=request)
        )
        participant = proposing.status.participant
        listing = self.proposal_listing(request, counts_visible=False)
        projects = list(listing.proposals)
        for project in projects:
            project.url = self.proposal_url(project, request)
        mine = (
            list(
                self.proposals()
                .filter(participant_key=participant.key)
                .select_related("envelope")
                .order_by("-submitted_at")
            )
            if participant is not None and not participant.is_new
            else []
        )
        for project in mine:
            project.url = self.proposal_url(project, request)
        context = self.proposals_context(
            request,
            page_layout(self),
            proposing=proposing,
            listing=listing,
            projects=projects,
            my_proposals=mine,
            voting=self.voting_state(request),
        )
        context.update(self.outcome_context(request))
        return self.render_route(request, self.get_template(request), context)

    def voting_state(self, request):
        """Per envelope: its ballot's URL and whether this visitor has voted in it."""
        states = []
        for envelope in self.envelope_list():
            if envelope.pk is None:  # the preview of a page not saved yet: no ballot yet
                continue
            envelope.page = self
            display = participation_display(
                envelope,
                request,
                self,
                action_url=self.route_url("ballot", envelope.pk, request=request),
            )
            states.append(
                {
                    "envelope": envelope,
                    "url": display.action_url,
                    "display": display,
                    "voted": display.status.has_participated,
                }
            )
        return states

    def outcome_context(self, request):
        """The winners and the works, once the results are shown to this visitor."""
        if not self.results_shown(request) or self.results_published_at is None:
            return {"outcome_shown": False}
        funded = list(
            self.submissions.filter(funded=True)
            .select_related("envelope", "neighbourhood")
            .prefetch_related("updates")
            .order_by("envelope__sort_order", "title")
        )
        for project in funded:
            project.url = self.proposal_url(project, request)
            updates = list(project.updates.all())
            project.latest_update = updates[0] if updates else None
        return {
            "outcome_shown": True,
            "funded_projects": funded,
            "works_statuses": WorksStatus,
        }

    # --- one project -----------------------------------------------------------------------

    def render_proposal(self, request, proposal, *, refusal=None, status=200, report_form=None):
        project = proposal
        participant = self.identity_method().recognise(request)
        code = parse_receipt(request.GET.get(RECEIPT_PARAM))
        is_author = participant is not None and participant.key == project.participant_key
        result = None
        if project.is_on_ballot and self.results_shown(request):
            result = self.project_result(project)
        ballot = None
        if project.is_on_ballot and project.envelope_id:
            envelope = project.envelope
            envelope.page = self
            ballot = participation_display(
                envelope,
                request,
                self,
                action_url=self.route_url("ballot", envelope.pk, request=request),
            )
        context = self.proposals_context(
            request,
            self.route_layout(request, project.title),
            proposal=project,
            project=project,
            is_author=is_author,
            just_posted=is_author and code is not None and code == project.receipt,
            report_url=self.route_url("report", project.pk, request=request),
            original_url=(
                self.proposal_url(project.duplicate_of, request) if project.duplicate_of_id else ""
            ),
            ballot=ballot,
            result=result,
            updates=list(project.updates.all()) if project.funded else [],
            refusal=refusal,
        )
        return self.render_route(request, self.proposal_template, context, status)

    def project_result(self, project):
        """The project's row of its envelope's results, or None before a count."""
        from .results import page_results

        for envelope_result in page_results(self, chart=False):
            for row in envelope_result.ranking:
                if row.pk == project.pk:
                    return row
        return None

    # --- the vote -----------------------------------------------------------------------

    def envelope_for(self, envelope_id):
        for envelope in self.envelope_list():
            if envelope.pk == as_key(envelope_id):
                envelope.page = self
                return envelope
        raise Http404

    @path("vote/", name="vote")
    def vote_route(self, request):
        envelopes = self.envelope_list()
        if len(envelopes) == 1:
            return HttpResponseRedirect(self.route_url("ballot", envelopes[0].pk, request=request))
        context = self.proposals_context(
            request, self.route_layout(request, _("Vote")), voting=self.voting_state(request)
        )
        return self.render_route(request, self.vote_template, context)

    @path("vote/<int:envelope_id>/", name="ballot")
    def ballot_route(self, request, envelope_id):
        envelope = self.envelope_for(envelope_id)
        refusal = None
        if request.method == "POST":
            try:
                outcome = pipeline.submit(request, envelope)
            except ParticipationRefused as refused:
                refusal = refused
            else:
                return redirect_after_success(
                    request,
                    self,
                    envelope,
                    outcome,
                    url=self.route_url("ballot", envelope.pk, request=request),
                )
        return self.render_ballot(request, envelope, refusal)

    def render_ballot(self, request, envelope, refusal=None):
        display = participation_display(
            envelope,
            request,
            self,
            action_url=self.route_url("ballot", envelope.pk, request=request),
            refusal=refusal,
        )
        projects = list(ballot_projects(envelope))
        checked = set()
        if isinstance(refusal, InvalidSubmission):
            checked = {as_key(value) for value in request.POST.getlist(CHOICE_FIELD)}
        for project in projects:
            project.url = self.proposal_url(project, request)
            project.checked = project.pk in checked
            project.cost_label = euros(project.cost)
        my_choices = []
        if display.status.submission is not None:
            my_choices = list(
                display.status.submission.choices.select_related("project").order_by(
                    "project__title"
                )
            )
        limits = ballot_limits(envelope)
        checked_total = sum(project.cost for project in projects if project.checked)
        several_envelopes = len(self.envelope_list()) > 1
        if several_envelopes:
            # Below the list of the envelopes' ballots.
            title = _("Ballot: %(name)s") % {"name": envelope.name}
            links = [Link(_("Vote"), self.route_url("vote", request=request))]
        else:
            title, links = _("Ballot"), []
        context = self.proposals_context(
            request,
            self.route_layout(request, title, links=links),
            envelope=envelope,
            participation=display,
            projects=projects,
            limits=limits,
            rules=rules_sentences(limits),
            budget_label=euros(envelope.amount),
            checked_total=euros(checked_total),
            my_choices=my_choices,
            ballot_errors=(refusal.errors or {}).get(CHOICE_FIELD, [])
            if isinstance(refusal, InvalidSubmission) and refusal.errors
            else [],
            several_envelopes=several_envelopes,
        )
        status = refusal.status if refusal is not None else 200
        return self.render_route(request, self.ballot_template, context, status)

    # --- results ----------------------------------------------------------------------

    @path("results/", name="results")
    def results_route(self, request):
        from .results import page_results

        visible = self.results_shown(request)
        context = self.proposals_context(
            request, self.route_layout(request, _("Results")), results_visible=visible
        )
        if visible:
            results = page_results(self)
            counted = any(result.counted_at for result in results)
            context.update(
                envelope_results=[
                    {
                        "result": result,
                        "pabulib_url": self.route_url(
                            "results_pabulib", result.envelope_pk, request=request
                        ),
                    }
                    for result in results
                ]
                if counted
                else [],
                several_envelopes=len(results) > 1,
                report_url=public_report_url(self),
                preview=self.results_published_at is None,
                export_links=[
                    (label, self.route_url("results_export", fmt, request=request))
                    for fmt, label in (("csv", _("CSV")), ("xlsx", _("Excel (XLSX)")))
                ],
            )
        return self.render_route(request, self.results_template, context)

    def results_refusal(self, request):
        return self.refused(
            request, NotFound(_("The results of this participatory budget are not public yet."))
        )

    @path("results/<str:export_format>/", name="results_export")
    def results_export_route(self, request, export_format):
        from .exports import results_headings, results_rows
        from .results import page_results

        if export_format not in FORMATS:
            raise Http404
        if not self.results_shown(request):
            return self.results_refusal(request)
        return spreadsheet_response(
            export_format,
            f"results-{self.slug}",
            results_headings(),
            results_rows(page_results(self, chart=False)),
            sheet_title=_("Results"),
        )

    @path("results/<int:envelope_id>/pb/", name="results_pabulib")
    def results_pabulib_route(self, request, envelope_id):
        from .pabulib import export_pabulib, pabulib_filename

        envelope = self.envelope_for(envelope_id)
        if not self.results_shown(request):
            return self.results_refusal(request)
        response = HttpResponse(export_pabulib(envelope), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{pabulib_filename(envelope)}"'
        return response
