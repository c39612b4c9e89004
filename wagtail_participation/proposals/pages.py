"""A page where residents post proposals, support them and see the commune's answers.

:class:`ProposalsPageMixin` gives a page type (a consultation, a participatory budget) its
public routes, on Wagtail's RoutablePageMixin: proposals are rows of the database, not pages
of the tree (thousands of residents' ideas would otherwise become pages with revisions, tree
locks and editor permissions), and each still has its own URL that works when shared::

    <page>/                         the list, filtered, sorted, paginated
    <page>/propose/                 the form (GET) and its submission (POST)
    <page>/<id>/                    one proposal, its supports and the commune's answer
    <page>/<id>/support/            POST: support it
    <page>/<id>/withdraw/           POST: withdraw one's support
    <page>/<id>/report/             report it as abusive
    <page>/results/                 the results, under the visibility rule
    <page>/results/csv/, …/xlsx/    their export, under the same rule

Wagtail's serve view has checked the page's view restrictions before any of these runs.
Posting a proposal and supporting one go through the participation pipeline; what a resident
may do now is :func:`~..participation.status.participation_status` of the page (proposals)
or of the proposal (supports), whose dates come from the page's phases.

Proposals are supported only where the proposal model has a support model (the reverse
accessor ``submissions`` of an ``AbstractSupport``); without one (a budget's projects) the
support routes answer 404 and nothing is counted.

The page type provides: ``submissions`` (its proposal model's reverse accessor),
``support_window()`` and ``results_final()`` (from its phases), ``proposal_themes()`` (a
queryset, or None), the fields ``support_threshold`` and ``publish_immediately``, and the
ParticipationTarget attributes (``opens_at``/``closes_at`` of its proposals phase,
``identity``, ``results_visibility``).
"""

from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from ..conf import settings
from ..exports.writers import FORMATS, spreadsheet_response
from ..participation import pipeline
from ..participation.embeds import as_key
from ..participation.errors import InvalidSubmission, NotFound, ParticipationRefused
from ..participation.identity import set_identity_cookie
from ..participation.layout import Link, page_layout, route_layout
from ..participation.limits import check_rate_limits
from ..participation.models import ResultsVisibility
from ..participation.presentation import participation_display
from ..participation.receipts import RECEIPT_PARAM, parse_receipt
from ..participation.responses import redirect_after_success
from ..participation.status import participation_status
from ..reports.links import public_report_url
from ..results.visibility import results_visible
from .exports import proposal_export_headings, proposal_export_rows
from .forms import ProposalForm, ReportForm
from .listing import PublicProposalFilterSet, pagination, proposal_listing
from .models import ProposalStatus
from .notifications import DEFAULT_EMAIL_TEMPLATES
from .results import proposal_records, proposals_summary, ranked_proposals

NEXT_FIELD = "next"
REPORTED_PARAM = "reported"
# After a withdrawal: a code only the participant who withdrew can match (a shared link must
# not tell someone else that their support was withdrawn).
WITHDRAWN_PARAM = "withdrawn"
RESULTS_PER_PAGE = 100


class ProposalsPageMixin(RoutablePageMixin):
    proposal_form_class = ProposalForm
    # What the form's and the report's pages are called (their titles and breadcrumbs).
    propose_heading = _("Propose an idea")
    report_heading = _("Report an idea")
    proposal_template = "wagtail_participation/proposals/proposal.html"
    propose_template = "wagtail_participation/proposals/propose.html"
    report_template = "wagtail_participation/proposals/report.html"
    results_template = "wagtail_participation/proposals/results.html"
    # The filters and sorts above the public list (see listing.PublicProposalFilterSet).
    public_filterset_class = PublicProposalFilterSet
    # The folder of the emails sent to authors (see notifications.notify_author).
    email_templates = DEFAULT_EMAIL_TEMPLATES

    # --- the proposals, as a participation target -----------------------------------------

    @property
    def max_upload_bytes(self):
        return settings.PROPOSAL_IMAGE_MAX_BYTES

    def proposal_themes(self):
        return None

    def proposal_form(self, *args, **kwargs):
        return self.proposal_form_class(*args, themes=self.proposal_themes(), **kwargs)

    def validate_submission(self, data, files=None):
        form = self.proposal_form(data, files)
        if not form.is_valid():
            raise InvalidSubmission(
                _("Your proposal could not be recorded: please correct what is shown."),
                errors=form.errors,
            )
        return form.cleaned_data

    def store_submission(self, submission, cleaned_data):
        """The proposal, with the fields of the form its model has (a budget project's cost
        among them), published at once or waiting in the moderation queue."""
        model_fields = {field.name for field in type(submission)._meta.get_fields()}
        for name, value in cleaned_data.items():
            if name in model_fields and name != "image":
                setattr(submission, name, value)
        image = cleaned_data.get("image")
        if image is not None:
            submission.image.save(image.file.name, image.file, save=False)
        if self.publish_immediately:
            submission.status = ProposalStatus.PUBLISHED
        submission.save()

    # --- URLs -----------------------------------------------------------------------------

    def route_url(self, name, *args, request=None):
        return self.get_url(request) + self.reverse_subpage(name, args=args).lstrip("/")

    def proposal_url(self, proposal, request=None):
        return self.route_url("proposal", proposal.pk, request=request)

    def proposal_full_url(self, proposal):
        return self.get_full_url() + self.reverse_subpage("proposal", args=[proposal.pk]).lstrip(
            "/"
        )

    # --- what every route shows -----------------------------------------------------------

    def proposals(self):
        """This page's proposals; none for a page not saved yet (the editor's preview of a
        new page, which has no row to point at)."""
        if self.pk is None:
            return type(self)._meta.get_field("submissions").related_model.objects.none()
        return self.submissions.all()

    def counts_visible(self, request, participant=None):
        """The one visibility rule, for this participation's supports."""
        has_participated = False
        if (
            participant is not None
            and self.results_visibility == ResultsVisibility.AFTER_PARTICIPATION
        ):
            has_participated = self.has_taken_part(participant)
        return results_visible(
            self, user=getattr(request, "user", None), has_participated=has_participated
        )

    def has_taken_part(self, participant):
        """Has this participant posted or supported a proposal here?"""
        proposals = self.submissions.all()
        support_model = proposals.model.support_model()
        return proposals.filter(participant_key=participant.key).exists() or (
            support_model is not None
            and support_model.objects.filter(
                target__target=self, participant_key=participant.key
            ).exists()
        )

    def proposals_context(self, request, layout, **extra):
        """The context of a route: the page's, the route's ``layout`` (its title and place:
        ``participation.layout``), the page's URLs and ``extra``."""
        context = self.get_context(request)
        context.update(layout)
        context.update(
            propose_url=self.route_url("propose", request=request),
            results_url=self.route_url("results", request=request),
            list_url=self.get_url(request),
        )
        context.update(extra)
        return context

    def route_layout(self, request, title, *, links=(), back=None):
        """The layout of a route's page below this one: titled ``title`` – the page's title,
        with a link back to the list (or to the last of ``links``)."""
        return route_layout(
            self,
            request,
            f"{title} – {self.title}",
            current=title,
            links=links,
            back=back or _("Back to “%(title)s”") % {"title": self.title},
        )

    def render_route(self, request, template, context, status=200):
        return TemplateResponse(request, template, context, status=status)

    # --- the list ---------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        proposing = participation_display(
            self, request, self, action_url=self.route_url("propose", request=request)
        )
        participant = proposing.status.participant
        counts_visible = self.counts_visible(request, participant)
        listing = self.proposal_listing(request, counts_visible)
        proposals = list(listing.proposals)
        supporting = self.support_state(request, proposals)
        mine = (
            list(self.proposals().filter(participant_key=participant.key).order_by("-submitted_at"))
            if participant is not None
            else []
        )
        for proposal in proposals:
            proposal.url = self.proposal_url(proposal, request)
            proposal.supported = proposal.pk in supporting["supported_ids"]
        for proposal in mine:
            proposal.url = self.proposal_url(proposal, request)
        context = self.proposals_context(
            request,
            page_layout(self),
            proposing=proposing,
            listing=listing,
            proposals=proposals,
            supporting=supporting,
            counts_visible=counts_visible,
            my_proposals=mine,
            next_url=request.get_full_path(),
        )
        return self.render_route(request, self.get_template(request), context)

    def proposal_listing(self, request, counts_visible):
        """The public list of this page's proposals, as ``request`` filters and sorts it."""
        return proposal_listing(
            request,
            self.proposals(),
            themes=self.proposal_themes(),
            counts_visible=counts_visible,
            threshold=self.support_threshold,
            filterset_class=self.public_filterset_class,
        )

    def support_state(self, request, proposals):
        """What the visitor may do with the supports of the proposals listed: the status of
        the support action (the same for every published proposal of the page: asked of the
        first one) and which of them they support, in one query."""
        supported = proposals and type(proposals[0]).support_model() is not None
        status = participation_status(request, proposals[0]) if supported else None
        supported_ids = set()
        participant = status.participant if status is not None else None
        if participant is not None and not participant.is_new:
            support_model = type(proposals[0]).support_model()
            supported_ids = set(
                support_model.objects.filter(
                    target__in=[proposal.pk for proposal in proposals],
                    participant_key=participant.key,
                ).values_list("target_id", flat=True)
            )
        method = self.identity_method()
        return {
            "state": status.state if status is not None else None,
            "open": status is not None and status.state == "open",
            "needs_login": status is not None and status.participant is None and method.needs_login,
            "supported_ids": supported_ids,
            "hidden_fields": method.form_fields(request),
            "honeypot_field": pipeline.HONEYPOT_FIELD,
        }

    # --- posting a proposal -----------------------------------------------------------------

    @path("propose/", name="propose")
    def propose_route(self, request):
        refusal = None
        form = None
        if request.method == "POST":
            try:
                outcome = pipeline.submit(request, self)
            except ParticipationRefused as refused:
                refusal = refused
                if isinstance(refused, InvalidSubmission):
                    # The form again, with what the resident typed and the errors (the
                    # image is checked again: a browser never sends it back).
                    form = self.proposal_form(request.POST, request.FILES)
                    form.is_valid()
            else:
                return redirect_after_success(
                    request,
                    self,
                    outcome.submission,
                    outcome,
                    url=self.proposal_url(outcome.submission),
                )
        proposing = participation_display(
            self,
            request,
            self,
            action_url=self.route_url("propose", request=request),
            refusal=refusal,
        )
        context = self.proposals_context(
            request,
            self.route_layout(request, self.propose_heading),
            proposing=proposing,
            form=form or self.proposal_form(),
        )
        status = refusal.status if refusal is not None else 200
        return self.render_route(request, self.propose_template, context, status)

    # --- one proposal -----------------------------------------------------------------------

    def proposal_for(self, request, proposal_id, *, participant=None):
        """The proposal ``proposal_id`` of this page if the visitor may see it: published,
        or theirs (its author sees it waiting, or why it was rejected); else Http404."""
        proposals = self.submissions.select_related(*self.proposal_related())
        proposal = proposals.filter(pk=as_key(proposal_id)).first()
        if proposal is None:
            raise Http404
        if proposal.status in (ProposalStatus.PUBLISHED, ProposalStatus.DUPLICATE):
            return proposal
        if participant is None:
            participant = self.identity_method().recognise(request)
        if participant is not None and participant.key == proposal.participant_key:
            return proposal
        raise Http404

    def proposal_related(self):
        names = [
            "neighbourhood",
            "duplicate_of",
            *getattr(self.submissions.model, "list_related", ()),
        ]
        if self.proposal_themes() is not None:
            names.append("theme")
        return names

    @path("<int:proposal_id>/", name="proposal")
    def proposal_route(self, request, proposal_id, refusal=None, status=200):
        proposal = self.proposal_for(request, proposal_id)
        return self.render_proposal(request, proposal, refusal=refusal, status=status)

    def render_proposal(self, request, proposal, *, refusal=None, status=200, report_form=None):
        supporting = participation_display(
            proposal,
            request,
            self,
            action_url=self.route_url("support", proposal.pk, request=request),
            refusal=refusal,
        )
        participant = supporting.status.participant
        code = parse_receipt(request.GET.get(RECEIPT_PARAM))
        is_author = participant is not None and participant.key == proposal.participant_key
        context = self.proposals_context(
            request,
            self.route_layout(request, proposal.title),
            proposal=proposal,
            supporting=supporting,
            counts_visible=self.counts_visible(request, participant),
            is_author=is_author,
            just_posted=is_author and code is not None and code == proposal.receipt,
            withdraw_url=self.route_url("withdraw", proposal.pk, request=request),
            report_url=self.route_url("report", proposal.pk, request=request),
            just_reported=request.GET.get(REPORTED_PARAM) == "1",
            just_withdrawn=(
                participant is not None
                and not supporting.status.has_participated
                and constant_time_compare(
                    request.GET.get(WITHDRAWN_PARAM, ""), withdrawal_code(participant, proposal)
                )
            ),
            original_url=(
                self.proposal_url(proposal.duplicate_of, request)
                if proposal.duplicate_of_id
                else ""
            ),
            next_url=self.proposal_url(proposal, request),
        )
        return self.render_route(request, self.proposal_template, context, status)

    # --- supports -----------------------------------------------------------------------

    @path("<int:proposal_id>/support/", name="support")
    def support_route(self, request, proposal_id):
        return self.support_action(request, proposal_id, pipeline.submit)

    @path("<int:proposal_id>/withdraw/", name="withdraw")
    def withdraw_route(self, request, proposal_id):
        return self.support_action(request, proposal_id, pipeline.withdraw)

    def support_action(self, request, proposal_id, action):
        if self.submissions.model.support_model() is None:
            raise Http404
        if request.method != "POST":
            # A reloaded or shared action URL: the proposal itself.
            return redirect(self.route_url("proposal", as_key(proposal_id) or 0))
        proposal = self.submissions.filter(pk=as_key(proposal_id)).first()
        if proposal is None:
            return self.refused(request, NotFound(_("This proposal cannot be supported.")))
        try:
            outcome = action(request, proposal)
        except ParticipationRefused as refused:
            if proposal.is_published:
                return self.render_proposal(
                    request, proposal, refusal=refused, status=refused.status
                )
            return self.refused(request, refused)
        # A withdrawal has no receipt: this code is what lets the page confirm it.
        params = (
            {WITHDRAWN_PARAM: withdrawal_code(outcome.participant, proposal)}
            if action is pipeline.withdraw
            else None
        )
        return redirect_after_success(
            request, self, proposal, outcome, url=self.safe_next(request, proposal), params=params
        )

    def safe_next(self, request, proposal):
        """Where to go back after supporting: the list the resident was on (a path of this
        page, with its filters), else the proposal."""
        next_url = request.POST.get(NEXT_FIELD, "")
        if (
            next_url
            and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
            and next_url.startswith(self.get_url(request))
        ):
            # Without a fragment: the redirect adds the proposal's.
            return next_url.split("#")[0]
        return self.proposal_url(proposal, request)

    def refused(self, request, refused):
        """The app's refusal page, with a link back to the list."""
        context = self.proposals_context(
            request,
            self.route_layout(request, _("Your participation was not recorded")),
            refusal=refused,
            message=refused.message,
            back_url=self.get_url(request),
        )
        return self.render_route(
            request, "wagtail_participation/refused.html", context, refused.status
        )

    # --- reports ------------------------------------------------------------------------

    @path("<int:proposal_id>/report/", name="report")
    def report_route(self, request, proposal_id):
        proposal = self.proposal_for(request, proposal_id)
        if not proposal.is_published:
            raise Http404
        form = ReportForm(request.POST if request.method == "POST" else None)
        refusal = None
        if request.method == "POST":
            try:
                pipeline.check_request(request)
                participant = self.identity_method().identify(request)
                check_rate_limits(request, participant)
                if not form.is_valid():
                    raise InvalidSubmission(_("Please say why this proposal is abusive."))
                self.store_report(proposal, participant, form.cleaned_data)
            except ParticipationRefused as refused:
                refusal = refused
            else:
                response = HttpResponseRedirect(
                    f"{self.proposal_url(proposal, request)}?{REPORTED_PARAM}=1", status=303
                )
                return set_identity_cookie(request, response, participant)
        proposal_url = self.proposal_url(proposal, request)
        context = self.proposals_context(
            request,
            self.route_layout(
                request,
                self.report_heading,
                links=[Link(proposal.title, proposal_url)],
                back=_("Back to “%(title)s”") % {"title": proposal.title},
            ),
            proposal=proposal,
            form=form,
            refusal=refusal,
            hidden_fields=self.identity_method().form_fields(request),
            honeypot_field=pipeline.HONEYPOT_FIELD,
            proposal_url=proposal_url,
            report_url=self.route_url("report", proposal.pk, request=request),
        )
        status = refusal.status if refusal is not None else 200
        return self.render_route(request, self.report_template, context, status)

    def store_report(self, proposal, participant, cleaned_data):
        """One report per person and proposal: a second one is taken as the first."""
        report_model = type(proposal)._meta.get_field("reports").related_model
        try:
            with transaction.atomic():
                report_model.objects.create(
                    proposal=proposal,
                    participant_key=participant.key,
                    reason=cleaned_data["reason"],
                    comment=cleaned_data["comment"],
                )
        except IntegrityError:
            pass

    # --- results ----------------------------------------------------------------------

    @path("results/", name="results")
    def results_route(self, request):
        participant = self.identity_method().recognise(request)
        visible = self.counts_visible(request, participant)
        context = self.proposals_context(
            request, self.route_layout(request, _("Results")), results_visible=visible
        )
        if visible:
            proposals = self.submissions.all()
            ranking = Paginator(
                ranked_proposals(proposals).select_related(*self.proposal_related()),
                RESULTS_PER_PAGE,
            ).get_page(request.GET.get("page"))
            context.update(
                summary=proposals_summary(
                    proposals, self.support_threshold, not_answered_label=_("Not answered yet")
                ),
                ranking=ranking,
                pagination=pagination(ranking),
                records=list(
                    proposal_records(
                        proposals,
                        self.support_threshold,
                        ranked=ranking.object_list,
                        first_rank=ranking.start_index(),
                    )
                ),
                export_links=[
                    (label, self.route_url("results_export", fmt, request=request))
                    for fmt, label in (("csv", _("CSV")), ("xlsx", _("Excel (XLSX)")))
                ],
                # The PDF report, served under the same rule, for page types that have one.
                report_url=public_report_url(self) if self.report_builder else "",
            )
        return self.render_route(request, self.results_template, context)

    @path("results/<str:export_format>/", name="results_export")
    def results_export_route(self, request, export_format):
        if export_format not in FORMATS:
            raise Http404
        if not self.counts_visible(request, self.identity_method().recognise(request)):
            return self.refused(
                request,
                NotFound(_("The results of this participation are not public yet.")),
            )
        return spreadsheet_response(
            export_format,
            f"proposals-{self.slug}",
            proposal_export_headings(),
            proposal_export_rows(proposal_records(self.submissions.all(), self.support_threshold)),
            sheet_title=_("Proposals"),
        )


def withdrawal_code(participant, proposal):
    """What the page after a withdrawal is sent, and checks against its visitor."""
    return salted_hmac(
        "wagtail_participation.withdrawn", f"{participant.key}:{proposal.pk}"
    ).hexdigest()[:20]
