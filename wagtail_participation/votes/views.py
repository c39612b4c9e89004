from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from ..participation import pipeline
from ..participation.errors import InvalidSubmission, NotFound, ParticipationRefused
from ..participation.responses import redirect_after_success, refusal
from .forms import BallotForm
from .models import Vote
from .presentation import RECEIPT_PARAM, vote_context


@csrf_exempt  # checked inside the pipeline, to answer with our own message
@require_POST
def cast_vote(request, vote_id):
    vote = Vote.objects.filter(pk=vote_id).first()
    page = back_url = None
    try:
        pipeline.check_size(request)
        page = _page_from(request)
        back_url = page.get_url(request) if page is not None and page.live else None
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


def _page_from(request):
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        return None
    page = Page.objects.filter(pk=page_id).first()
    return page.specific if page is not None else None
