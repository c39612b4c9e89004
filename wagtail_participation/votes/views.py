from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
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
    vote = Vote.objects.with_options(vote_id)
    page = back_url = None
    try:
        pipeline.check_size(request)
        page = _page_from(request)
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


def _page_from(request):
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        return None
    page_class = _page_class(page_id)
    if page_class is None:
        return None
    try:
        # get(), not first(): no ORDER BY path for a look-up by primary key.
        return page_class.objects.filter(pk=page_id).get()
    except page_class.DoesNotExist:
        # Remembered for an id that has since gone (a test database rolled back, say).
        _page_class_cached.cache_clear()
    page = Page.objects.filter(pk=page_id).first()
    return page.specific if page is not None else None


@lru_cache(maxsize=4096)
def _page_class_cached(page_id):
    content_type_id = (
        Page.objects.filter(pk=page_id).values_list("content_type_id", flat=True).first()
    )
    if content_type_id is None:
        raise LookupError(page_id)
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _page_class(page_id):
    # A page id never changes type, so its specific class is remembered and each vote loads
    # the page in one query instead of two. Unknown ids are not remembered.
    try:
        return _page_class_cached(page_id)
    except LookupError:
        return None
