"""Counting a vote in the database: a fixed number of queries, whatever the number of ballots."""

from django.db.models import Sum

from ..results.tally import build_tally
from .models import Ballot, BallotChoice, Channel


def count_vote(vote):
    active = vote.active_options()
    options = [(option.key, option.label) for option in active]
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
        participants = Ballot.objects.filter(vote=vote, channel=Channel.ONLINE).count()
    else:
        # One choice per online ballot: the ballots are already counted.
        participants = sum(n for (_key, channel), n in counts.items() if channel == Channel.ONLINE)
    return build_tally(options, counts, participants)
