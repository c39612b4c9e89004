from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..participation import pipeline
from ..participation.errors import InvalidSubmission, NotFound, ParticipationRefused
from ..participation.pages import load_page_with
from ..participation.responses import redirect_after_success, refusal
from .forms import BallotForm
from .models import Vote
from .presentation import RECEIPT_PARAM, vote_context


@csrf_exempt  # checked inside the pipeline, to answer with our own message
@require_POST
def cast_vote(request, vote_id):
    page = back_url = vote = None
    try:
        pipeline.check_size(request)
        # The page and the vote with its options in one query, their usual case.
        page, vote_rows = load_page_with(
            request.POST.get("page"), Vote.objects.joined_with_options(vote_id)
        )
        vote = (
            Vote.objects.with_options(vote_id)
            if vote_rows is None
            else Vote.objects.from_rows(vote_rows)
        )
        # Without the request: Wagtail's cached site root paths, no Site query per vote.
        back_url = page.get_url() if page is not None and page.live else None
        if vote is None:
            raise NotFound()
        outcome = pipeline.submit(request, vote, page)
    except ParticipationRefused as refused:
        context = {}
        if isinstance(refused, InvalidSubmission):
            form = BallotForm(vote, data=request.POST)
            form.is_valid()
            context = vote_context(vote, request, page, form=form, error=refused.message)
        return refusal(
            request,
            refused,
            back_url=back_url,
            template="wagtail_participation/votes/refused.html",
            context=context,
        )
    url = f"{back_url}?{RECEIPT_PARAM}={outcome.receipt}#vote-{vote.pk}"
    return redirect_after_success(request, url, outcome)
