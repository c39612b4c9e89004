"""Counting a vote in the database: a fixed number of queries, whatever the number of ballots."""

from django.db.models import Sum
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..participation.models import Channel
from ..results.tally import build_tally
from .models import BallotChoice

# The columns of a vote's results, one per channel a ballot can come through.
RESULT_CHANNELS = ((Channel.ONLINE, _("Online")), (Channel.PAPER, _("Paper")))


def count_vote(vote):
    active = vote.active_options()
    key_by_id = {option.pk: option.key for option in active}
    counts = {}
    rows = (
        BallotChoice.objects.filter(vote=vote)
        .values_list("option_id", "channel")
        .annotate(n=Sum("weight"))
        .order_by()
    )
    for option_id, channel, n in rows:
        key = key_by_id.get(option_id)
        if key is not None:
            counts[(key, channel)] = counts.get((key, channel), 0) + (n or 0)
    if vote.is_multiple:
        participants = vote.submissions.filter(channel=Channel.ONLINE).count()
    else:
        # One choice per online ballot: the ballots are already counted.
        participants = sum(n for (_key, channel), n in counts.items() if channel == Channel.ONLINE)
    return build_tally(
        [(option.key, option.label) for option in active], counts, RESULT_CHANNELS, participants
    )


def results_caption(tally):
    """What the figures of a vote's results table count."""
    caption = ngettext(
        "%(count)d person voted online", "%(count)d people voted online", tally.participants
    ) % {"count": tally.participants}
    if tally.is_split_by_channel:
        caption += gettext(", plus paper ballots counted in person")
    return caption
