"""What a vote shows a resident: the form, their receipt, the results when visible."""

from django.utils import timezone

from ..participation.identity import get_identity_method
from ..participation.pipeline import HONEYPOT_FIELD
from ..participation.receipts import format_receipt
from ..results.charts import bar_chart
from ..results.visibility import results_visible
from .forms import BallotForm
from .models import Ballot
from .results import count_vote

RECEIPT_PARAM = "wp_receipt"


def vote_context(vote, request, page, form=None, error=None):
    now = timezone.now()
    method = get_identity_method(vote.identity)
    participant = method.recognise(request) if request is not None else None
    ballot = vote.existing_participation(participant) if participant else None
    # The redirect after a vote carries the receipt, so that a browser refusing cookies
    # still sees its confirmation.
    code = request.GET.get(RECEIPT_PARAM, "").replace("-", "").upper() if request else ""
    just_cast = bool(code) and (
        (ballot is not None and ballot.receipt == code)
        or (ballot is None and Ballot.objects.filter(vote=vote, receipt=code).exists())
    )
    shown_receipt = code if just_cast else (ballot.receipt if ballot is not None else None)
    user = getattr(request, "user", None)
    show_results = results_visible(vote, user=user, has_participated=ballot is not None, now=now)
    tally = count_vote(vote) if show_results else None
    if form is None:
        form = BallotForm(vote)
    if vote.opens_at > now:
        state = "not_open"
    elif vote.closes_at <= now:
        state = "closed"
    else:
        state = "open"
    return {
        "vote": vote,
        "vote_page": page,
        "vote_form": form,
        "vote_state": state,
        "vote_error": error,
        "vote_options": form.options,
        "vote_is_multiple": vote.is_multiple,
        "vote_limits": vote.choice_limits(),
        "vote_hidden_fields": method.form_fields(request) if request is not None else {},
        "vote_identity_note": method.describe(request) if request is not None else "",
        "vote_needs_login": state == "open"
        and vote.identity == "account"
        and not (user is not None and user.is_authenticated),
        "vote_login_url": _login_url(request),
        "vote_has_voted": ballot is not None,
        "vote_just_cast": just_cast,
        "vote_receipt": format_receipt(shown_receipt) if shown_receipt else None,
        "vote_show_results": show_results,
        "vote_tally": tally,
        "vote_chart": bar_chart(tally) if tally is not None else None,
        "vote_results_rule": vote.get_results_visibility_display(),
        "honeypot_field": HONEYPOT_FIELD,
    }


def _login_url(request):
    if request is None:
        return ""
    from ..participation.identity import login_url_for

    return login_url_for(request)
