"""Paper ballots, entered by the town hall's staff one at a time, envelope by envelope.

A paper ballot goes through exactly what an online one does: the envelope's own validation
(:func:`.ballots.validate_ballot`, the rules of the ballot), then the skeleton's
:func:`~..participation.pipeline.store_paper_submission` — once per form token, marked as
paper, with who entered it — whose transaction runs the envelope's store, which checks the
ballot again and refuses paper ballots outside their window (from the opening of the vote to
the publication of the results).
"""

import uuid

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.log_actions import log

from ..admin.views import ResultsView
from ..participation import pipeline
from ..participation.errors import AlreadyRecorded, InvalidSubmission
from ..participation.models import Channel
from ..surveys.admin import PaperFormForm
from .ballots import CHOICE_FIELD, ballot_limits, ballot_projects, rules_sentences
from .models import BudgetEnvelope
from .money import euros

PAPER_URL_NAME = "wagtail_participation_budget_paper"
BALLOT_DELETE_URL_NAME = "participation_budget-ballots_modeladmin_delete"
RECENT_PAPER_BALLOTS = 10


def paper_url(envelope):
    return reverse(PAPER_URL_NAME, args=[envelope.pk])


class PaperBallotView(ResultsView):
    """``GET``: an empty paper ballot of one envelope; ``POST``: record it, checked by the
    same rules as an online ballot."""

    target_model = BudgetEnvelope
    template_name = "wagtail_participation/budgets/admin/paper.html"
    page_title = _("Enter paper ballots")
    http_method_names = ["get", "post", "head", "options"]

    def get_page_subtitle(self):
        return f"{self.target.page.title} – {self.target.name}"

    def parent_links(self):
        from .admin import INDEX_URL_NAME, overview_url

        return [
            (_("Participatory budgets"), reverse(INDEX_URL_NAME)),
            (self.target.page.title, overview_url(self.target.page)),
        ]

    def get_context_data(self, form=None, errors=(), checked=(), status_message="", **kwargs):
        envelope = self.target
        context = super().get_context_data(**kwargs)
        projects = list(ballot_projects(envelope))
        for project in projects:
            project.checked = project.pk in checked
            project.cost_label = euros(project.cost)
        recent = (
            envelope.submissions.filter(channel=Channel.PAPER)
            .select_related("entered_by")
            .prefetch_related("choices__project")
            .order_by("-submitted_at", "-pk")[:RECENT_PAPER_BALLOTS]
        )
        context.update(
            envelope=envelope,
            page=envelope.page,
            projects=projects,
            rules=rules_sentences(ballot_limits(envelope)),
            form=form or PaperFormForm(initial={"entry_token": uuid.uuid4().hex}),
            errors=list(errors),
            status_message=status_message,
            accepts_paper=envelope.page.accepts_paper_ballots(),
            paper_count=envelope.submissions.filter(channel=Channel.PAPER).count(),
            recent=recent,
            delete_url_name=BALLOT_DELETE_URL_NAME,
        )
        return context

    def post(self, request, *args, **kwargs):
        envelope = self.target
        form = PaperFormForm(request.POST)
        checked = {int(value) for value in request.POST.getlist(CHOICE_FIELD) if value.isdigit()}
        if not form.is_valid():
            context = self.get_context_data(form=form, checked=checked)
            return self.render_to_response(context, status=400)
        try:
            cleaned = envelope.validate_submission(request.POST)
            ballot = pipeline.store_paper_submission(
                envelope,
                cleaned,
                entered_by=request.user,
                entry_token=form.cleaned_data["entry_token"],
                note=form.cleaned_data["note"],
            )
        except AlreadyRecorded as refused:
            context = self.get_context_data(status_message=refused.message)
            return self.render_to_response(context, status=refused.status)
        except InvalidSubmission as refused:
            context = self.get_context_data(
                form=form,
                checked=checked,
                errors=(refused.errors or {}).get(CHOICE_FIELD, []) or [refused.message],
            )
            return self.render_to_response(context, status=refused.status)
        log(instance=ballot, action="wagtail.create", user=request.user)
        messages.success(
            request,
            _("Paper ballot recorded in “%(envelope)s”. You can enter the next one.")
            % {"envelope": envelope.name},
        )
        return redirect(paper_url(envelope), permanent=False)


def paper_urls():
    return [
        path(
            "participation/budgets/envelopes/<int:target_id>/paper/",
            PaperBallotView.as_view(),
            name=PAPER_URL_NAME,
        )
    ]
