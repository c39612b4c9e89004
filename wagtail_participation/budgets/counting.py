"""Counting an envelope from the database, with the engine ``participation_pb_count`` uses.

The ballots are read in one streamed query (each ballot joined to the projects it approves,
in ballot order), turned into the engine's :class:`~..counting.Election` — projects by their
number, the envelope as budget, one set of numbers per ballot, empty ones included as a
pabulib file has them — and counted by :func:`~..counting.count` with the page's rule,
tie-breaking and draw number: the same call the command makes on a file, so the same ballots
give the same outcome.

The outcome is stored (:class:`~.models.BudgetCount`): results pages read it instead of
counting again, and it is what an editor publishes.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..counting import CountingError, Election, Project, count
from .models import BudgetBallot, BudgetCount, BudgetPage, BudgetProject

# Wagtail's history of actions (registered in wagtail_hooks.py).
COUNT_ACTION = "wagtail_participation.budget.count"
PUBLISH_ACTION = "wagtail_participation.budget.publish_results"
WITHDRAW_ACTION = "wagtail_participation.budget.withdraw_results"
STREAM_CHUNK = 5000


@dataclass(frozen=True)
class ReadBallots:
    """What an envelope's ballots are, as the count reads them."""

    ballots: list  # of frozensets of project numbers, one per ballot, in ballot order
    channels: dict  # {channel: number of ballots}
    last_ballot_id: int


def counted_projects(envelope):
    """The projects an envelope's count runs on: those on its ballot."""
    return list(
        envelope.projects.filter(status="published", feasibility="feasible", cost__isnull=False)
        .order_by("pk")
        .only("pk", "reference", "cost")
    )


def read_ballots(envelope, projects):
    """Every ballot of ``envelope``, in one streamed query: each ballot with the projects it
    approves (a ballot approving none comes once, with none)."""
    number_of = {project.pk: project.counting_id for project in projects}
    rows = (
        BudgetBallot.objects.filter(target=envelope)
        .order_by("pk")
        .values_list("pk", "channel", "choices__project_id")
        .iterator(chunk_size=STREAM_CHUNK)
    )
    ballots, channels = [], {}
    current, chosen, last = None, [], 0
    for ballot_id, channel, project_id in rows:
        if ballot_id != current:
            if current is not None:
                ballots.append(frozenset(chosen))
            current, chosen, last = ballot_id, [], ballot_id
            channels[channel] = channels.get(channel, 0) + 1
        if project_id is not None:
            # A project no longer on the ballot keeps its id: the engine refuses the count,
            # naming it, rather than counting the ballot without it.
            chosen.append(number_of.get(project_id, f"#{project_id}"))
    if current is not None:
        ballots.append(frozenset(chosen))
    return ReadBallots(ballots, channels, last)


def election_of(envelope, projects, read):
    return Election(
        [Project(project.counting_id, project.cost) for project in projects],
        envelope.amount,
        read.ballots,
    )


def count_election(election, page):
    """The engine's outcome, with the page's rule, tie-breaking and draw number."""
    return count(election, page.counting_rule, page.tie_breaking, page.draw_seed)


def count_envelope(envelope, user=None):
    """Count ``envelope`` from its ballots and store the outcome (replacing the previous
    count); return the :class:`BudgetCount`."""
    page = envelope.page
    projects = counted_projects(envelope)
    read = read_ballots(envelope, projects)
    outcome, votes, problem = {}, {}, ""
    try:
        election = election_of(envelope, projects, read)
        result = count_election(election, page)
    except CountingError as error:
        problem = describe_problem(error)
    else:
        outcome = result.to_dict()
        votes = election.votes()
    with transaction.atomic():
        stored, _created = BudgetCount.objects.update_or_create(
            envelope=envelope,
            defaults={
                "counted_at": timezone.now(),
                "counted_by": user,
                "rule": page.counting_rule,
                "tie_breaking": page.tie_breaking,
                "seed": page.draw_seed,
                "ballots": len(read.ballots),
                "last_ballot_id": read.last_ballot_id,
                "channels": read.channels,
                "outcome": outcome,
                "votes": votes,
                "problem": problem,
            },
        )
        log(instance=page, action=COUNT_ACTION, user=user, data={"envelope": envelope.name})
    return stored


def describe_problem(error):
    if error.code == "no_ballots":
        return _("No ballot was cast in this envelope: no project is funded.")
    if error.code == "no_projects":
        return _("No project was on the ballot of this envelope.")
    if error.code == "unknown_project":
        return _(
            "A ballot chose a project that is no longer on the ballot (number %(number)s): "
            "check the projects of this envelope."
        ) % {"number": error.params.get("project_id", "")}
    return _("The count failed: %(problem)s") % {"problem": str(error)}


def count_is_current(stored, envelope):
    """Was ``stored`` made from the ballots ``envelope`` has now (none added or removed
    since)?"""
    figures = envelope.submissions.aggregate(last=Max("pk"))
    return stored.ballots == envelope.submissions.count() and stored.last_ballot_id == (
        figures["last"] or 0
    )


def count_page(page, user=None):
    """Count every envelope of ``page``; return their counts, in order."""
    return [count_envelope(envelope, user) for envelope in page.envelope_list()]


class CannotPublish(Exception):
    """Why the results cannot be published (its message, translated)."""


def publish_results(page, user=None):
    """Publish the results: the stored counts of every envelope, which must be current, once
    the vote is closed. The funded projects are marked, for the follow-up."""
    with transaction.atomic():
        page = BudgetPage.objects.select_for_update().get(pk=page.pk)
        if not page.vote_closed():
            raise CannotPublish(_("The vote is not closed yet: results are published after it."))
        if page.results_published_at is not None:
            raise CannotPublish(_("The results are already published."))
        funded = []
        for envelope in page.envelopes.all():
            stored = BudgetCount.objects.filter(envelope=envelope).first()
            if stored is None:
                raise CannotPublish(
                    _("Count the ballots of “%(envelope)s” first.") % {"envelope": envelope.name}
                )
            if not count_is_current(stored, envelope):
                raise CannotPublish(
                    _(
                        "Count the ballots of “%(envelope)s” again: ballots were added or "
                        "removed since it was counted."
                    )
                    % {"envelope": envelope.name}
                )
            funded += [(envelope.pk, number) for number in stored.selected]
        projects = BudgetProject.objects.filter(target=page)
        projects.update(funded=False)
        for envelope_id, number in funded:
            projects.filter(envelope_id=envelope_id, reference=number).update(funded=True)
        page.results_published_at = timezone.now()
        page.results_published_by = user
        BudgetPage.objects.filter(pk=page.pk).update(
            results_published_at=page.results_published_at, results_published_by=user
        )
        log(instance=page, action=PUBLISH_ACTION, user=user)
    return page


def withdraw_results(page, user=None):
    """Take the results back (published by mistake, before the paper ballots were entered):
    residents no longer see them, and paper ballots may be entered again."""
    with transaction.atomic():
        page = BudgetPage.objects.select_for_update().get(pk=page.pk)
        if page.results_published_at is None:
            raise CannotPublish(_("The results are not published."))
        BudgetPage.objects.filter(pk=page.pk).update(
            results_published_at=None, results_published_by=None
        )
        BudgetProject.objects.filter(target=page).update(funded=False)
        log(instance=page, action=WITHDRAW_ACTION, user=user)
