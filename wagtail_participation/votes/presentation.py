"""What a vote shows a resident: the form, their receipt, the results when visible."""

from django.db.models import prefetch_related_objects

from ..participation.errors import InvalidSubmission
from ..participation.presentation import participation_display
from ..reports.links import public_report_url
from ..results.charts import bar_chart
from .forms import BallotForm
from .results import count_vote, results_caption


def vote_context(vote, request, page, *, action_url, refusal=None):
    """The context of ``votes/vote_block.html`` for ``vote`` shown on ``page``."""
    prefetch_related_objects([vote], "options")
    participation = participation_display(
        vote, request, page, action_url=action_url, refusal=refusal
    )
    if isinstance(refusal, InvalidSubmission):
        # The choices the resident sent, ticked again, with the errors.
        form = BallotForm(vote, data=request.POST)
        form.is_valid()
    else:
        form = BallotForm(vote)
    tally = count_vote(vote) if participation.show_results else None
    return {
        "vote": vote,
        "participation": participation,
        "vote_form": form,
        "vote_limits": vote.choice_limits(),
        "vote_tally": tally,
        "vote_chart": bar_chart(tally) if tally is not None else None,
        "vote_results_caption": results_caption(tally) if tally is not None else "",
        # Served to whoever sees the results here, under the same rule (reports/views.py).
        "vote_report_url": public_report_url(vote)
        if participation.show_results and page is not None
        else "",
    }
