"""A ballot in one envelope: which projects it may choose, the rules it must follow, and how
it is stored.

The rules are the counting engine's (:func:`..counting.violations`), put into words here for
the resident. The ballot page's script only helps (a running total, impossible ballots
stopped before they are sent): the server checks every ballot, when it is sent and again
inside the transaction that stores it, against the projects and rules as they are then.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..counting import BallotRules, violations
from ..participation.embeds import as_key
from ..participation.errors import InvalidSubmission
from ..participation.models import Channel
from .money import euros

# The form field of the chosen projects (one value per project).
CHOICE_FIELD = "project"


@dataclass(frozen=True)
class Limits:
    """What a ballot of one envelope may choose; None: no such limit."""

    budget: int
    min_projects: int
    max_projects: int | None
    # The most the chosen projects may cost together (the envelope), or None.
    max_cost: int | None
    # The least they must cost together (a share of the envelope), or None.
    min_cost: int | None
    min_percent: int | None


def ballot_limits(envelope):
    page = envelope.page
    # Rounded up to the euro, as the engine's check (counting.violations) rounds it.
    min_cost = -(-envelope.amount * page.min_percent // 100) if page.min_percent else None
    return Limits(
        budget=envelope.amount,
        min_projects=page.min_projects,
        max_projects=page.max_projects,
        max_cost=envelope.amount if page.within_envelope else None,
        min_cost=min_cost,
        min_percent=page.min_percent or None,
    )


def ballot_projects(envelope):
    """The projects of ``envelope`` on its ballot, by title."""
    return (
        envelope.projects.filter(status="published", feasibility="feasible", cost__isnull=False)
        .select_related("neighbourhood")
        .order_by("title", "pk")
    )


def rules_sentences(limits):
    """The ballot's rules, as sentences for the resident (ballot page, paper ballot)."""
    sentences = []
    minimum, maximum = limits.min_projects, limits.max_projects
    if maximum is not None and minimum == maximum:
        sentences.append(
            ngettext(
                "Choose exactly %(count)d project.", "Choose exactly %(count)d projects.", maximum
            )
            % {"count": maximum}
        )
    elif maximum is not None:
        sentences.append(
            _("Choose from %(minimum)d to %(maximum)d projects.")
            % {"minimum": minimum, "maximum": maximum}
        )
    elif minimum > 1:
        sentences.append(
            ngettext(
                "Choose at least %(count)d project.", "Choose at least %(count)d projects.", minimum
            )
            % {"count": minimum}
        )
    else:
        sentences.append(_("Choose as many projects as you wish."))
    if limits.max_cost is not None:
        sentences.append(
            _("Together they may not cost more than the envelope of %(budget)s.")
            % {"budget": euros(limits.max_cost)}
        )
    if limits.min_cost is not None:
        sentences.append(
            _("Together they must cost at least %(amount)s (%(percent)d%% of the envelope).")
            % {"amount": euros(limits.min_cost), "percent": limits.min_percent}
        )
    return sentences


def problems_of(limits, costs, chosen):
    """What is wrong with a ballot choosing ``chosen`` (counting ids) whose projects cost
    ``costs``, as sentences for the resident; empty if it may be stored."""
    rules = BallotRules(
        budget=limits.budget,
        max_projects=limits.max_projects,
        min_projects=limits.min_projects,
        # The engine always checks a total: without the envelope's limit, one no ballot
        # can reach.
        max_cost=limits.max_cost if limits.max_cost is not None else sum(costs.values()) or 1,
        min_percent_of_budget=limits.min_percent,
        costs=costs,
    )
    messages = []
    for violation in violations(chosen, rules):
        if violation.code == "too_many_projects":
            messages.append(
                ngettext(
                    "You chose %(actual)d projects: choose at most %(limit)d.",
                    "You chose %(actual)d projects: choose at most %(limit)d.",
                    violation.limit,
                )
                % {"actual": violation.actual, "limit": violation.limit}
            )
        elif violation.code == "too_few_projects":
            messages.append(
                ngettext(
                    "Choose at least %(limit)d project (you chose %(actual)d).",
                    "Choose at least %(limit)d projects (you chose %(actual)d).",
                    violation.limit,
                )
                % {"actual": violation.actual, "limit": violation.limit}
            )
        elif violation.code == "over_budget":
            messages.append(
                _(
                    "Your projects cost %(total)s together, more than the envelope of "
                    "%(budget)s: remove one or more of them."
                )
                % {"total": euros(violation.actual), "budget": euros(violation.limit)}
            )
        elif violation.code == "under_minimum_spend":
            messages.append(
                _(
                    "Your projects cost %(total)s together: choose projects worth at least "
                    "%(minimum)s (%(percent)d%% of the envelope)."
                )
                % {
                    "total": euros(violation.actual),
                    "minimum": euros(violation.limit),
                    "percent": limits.min_percent,
                }
            )
    return messages


def chosen_projects(envelope, values, projects):
    """The projects the submitted ``values`` name, in order, or InvalidSubmission saying
    what is wrong. ``projects``: the ballot's projects by primary key."""
    chosen = []
    for value in values:
        project = projects.get(as_key(value))
        if project is None:
            raise InvalidSubmission(
                errors={
                    CHOICE_FIELD: [
                        _(
                            "This project is not on this ballot (it may be in another envelope, "
                            "or not feasible). Please choose among the projects shown."
                        )
                    ]
                }
            )
        if project in chosen:
            raise InvalidSubmission(
                errors={CHOICE_FIELD: [_("A project can be chosen only once.")]}
            )
        chosen.append(project)
    limits = ballot_limits(envelope)
    costs = {str(project.pk): project.cost for project in projects.values()}
    problems = problems_of(limits, costs, [str(project.pk) for project in chosen])
    if problems:
        raise InvalidSubmission(errors={CHOICE_FIELD: problems})
    return chosen


def validate_ballot(envelope, data):
    values = data.getlist(CHOICE_FIELD) if hasattr(data, "getlist") else data.get(CHOICE_FIELD, [])
    projects = {project.pk: project for project in ballot_projects(envelope)}
    chosen = chosen_projects(envelope, values, projects)
    return {"project_ids": [project.pk for project in chosen]}


def store_ballot(envelope, submission, cleaned_data):
    """Store a ballot, checked again against the rules and projects as they are inside this
    transaction. The first ballot freezes the page's rules under its row's lock (the review of
    a project and the page's own freeze check take the same lock)."""
    page = envelope.page
    if page.rules_frozen_at is None:
        locked = type(page).objects.select_for_update().filter(pk=page.pk)
        if locked.values_list("rules_frozen_at", flat=True).first() is None:
            locked.update(rules_frozen_at=timezone.now())
    # Read again here: a ballot is checked against what the transaction sees.
    envelope = type(envelope).objects.select_related("page").get(pk=envelope.pk)
    if submission.channel == Channel.PAPER and not envelope.page.accepts_paper_ballots():
        raise InvalidSubmission(
            _(
                "Paper ballots can be entered from the opening of the vote until the results "
                "are published."
            )
        )
    projects = {project.pk: project for project in ballot_projects(envelope)}
    ids = cleaned_data["project_ids"]
    try:
        chosen = chosen_projects(envelope, [str(pk) for pk in ids], projects)
    except InvalidSubmission:
        raise InvalidSubmission(
            _("This ballot has just changed. Please reload the page.")
        ) from None
    submission.page_id = envelope.page_id
    submission.save()
    choice_model = type(submission)._meta.get_field("choices").related_model
    choice_model.objects.bulk_create(
        choice_model(ballot=submission, envelope_id=envelope.pk, project=project)
        for project in chosen
    )
