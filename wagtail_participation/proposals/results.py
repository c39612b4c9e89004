"""The figures of a participation's proposals, as named records: for the results page, the
exports and the PDF report alike. Counted in the database (``support_count`` is kept on each
proposal), in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .models import Answer, ProposalStatus


@dataclass(frozen=True)
class ProposalRecord:
    rank: int
    pk: int
    title: str
    theme: str
    neighbourhood: str
    supports: int
    threshold_reached: bool
    # The answer's value ("" if not answered yet), its wording and its explanation.
    answer: str
    answer_label: str
    answer_text: str
    submitted_at: object
    author: str
    description: str = ""


@dataclass(frozen=True)
class AnswerCount:
    answer: str
    label: str
    count: int


@dataclass(frozen=True)
class ProposalsSummary:
    published: int
    supports: int
    # Proposals that reached the support threshold (0 without a threshold).
    over_threshold: int
    answers: list  # of AnswerCount, in the order of Answer, then "not answered yet"


def ranked_proposals(queryset):
    """The published proposals of ``queryset``, most supported first (ties: oldest first)."""
    return queryset.filter(status=ProposalStatus.PUBLISHED).order_by(
        "-support_count", "submitted_at", "pk"
    )


def proposal_records(queryset, threshold=None, *, ranked=None, first_rank=1):
    """:class:`ProposalRecord` per published proposal of ``queryset``, ranked, streamed from
    the database; or of ``ranked`` (a page of :func:`ranked_proposals`, whose first one has
    the rank ``first_rank``)."""
    has_theme = any(field.name == "theme" for field in queryset.model._meta.get_fields())
    related = ["neighbourhood", "theme"] if has_theme else ["neighbourhood"]
    labels = dict(Answer.choices)
    if ranked is None:
        ranked = ranked_proposals(queryset).select_related(*related).iterator(chunk_size=2000)
    for rank, proposal in enumerate(ranked, start=first_rank):
        yield ProposalRecord(
            rank=rank,
            pk=proposal.pk,
            title=proposal.title,
            theme=str(proposal.theme or "") if has_theme else "",
            neighbourhood=str(proposal.neighbourhood or ""),
            supports=proposal.support_count,
            threshold_reached=bool(threshold) and proposal.support_count >= threshold,
            answer=proposal.answer,
            answer_label=str(labels.get(proposal.answer, "")),
            answer_text=proposal.answer_text,
            submitted_at=proposal.submitted_at,
            author=str(proposal.author_display),
            description=proposal.description,
        )


def proposals_summary(queryset, threshold=None, *, not_answered_label=""):
    """Totals of the published proposals of ``queryset``: three queries whatever their
    number."""
    published = queryset.filter(status=ProposalStatus.PUBLISHED)
    totals = published.aggregate(
        count=Count("pk"),
        supports=Sum("support_count"),
        over=Count("pk", filter=Q(support_count__gte=threshold or 0)),
    )
    by_answer = dict(published.order_by().values_list("answer").annotate(n=Count("pk")))
    answers = [
        AnswerCount(value, str(label), by_answer.get(value, 0)) for value, label in Answer.choices
    ]
    answers.append(AnswerCount("", str(not_answered_label), by_answer.get("", 0)))
    return ProposalsSummary(
        published=totals["count"] or 0,
        supports=totals["supports"] or 0,
        over_threshold=(totals["over"] or 0) if threshold else 0,
        answers=answers,
    )


@dataclass(frozen=True)
class GroupCount:
    key: str
    label: str
    count: int


def moderation_counts(queryset):
    """:class:`GroupCount` per moderation status of every proposal of ``queryset`` (one
    query), in the order of :class:`ProposalStatus`."""
    by_status = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [
        GroupCount(value, str(label), by_status.get(value, 0))
        for value, label in ProposalStatus.choices
    ]


def published_per(queryset, field, labels, *, none_label=""):
    """:class:`GroupCount` of the published proposals of ``queryset`` per value of ``field``
    (a foreign key: theme, neighbourhood), in the order of ``labels`` ((pk, label) pairs),
    those without one last, under ``none_label``. One query."""
    counts = dict(
        queryset.filter(status=ProposalStatus.PUBLISHED)
        .order_by()
        .values_list(field)
        .annotate(n=Count("pk"))
    )
    groups = [GroupCount(str(pk), str(label), counts.get(pk, 0)) for pk, label in labels]
    if counts.get(None):
        groups.append(GroupCount("", str(none_label), counts[None]))
    return groups
