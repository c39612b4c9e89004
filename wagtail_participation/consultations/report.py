"""The consultation's section of the PDF result report, as named records.

The report machinery (``reports/``) had not landed when consultations did: this is the hook
it calls. :func:`consultation_report` gathers everything the section shows — the question,
the calendar, the figures, and every published proposal ranked by supports with its theme,
neighbourhood, status and the commune's answer — in a fixed number of queries, with no
template or PDF code. It is the editors' view (editors always see results); a report
published to residents asks :func:`~..results.visibility.results_visible` first, as every
place that shows results does.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..participation.phases import Phase
from ..proposals.results import (
    ProposalRecord,
    ProposalsSummary,
    proposal_records,
    proposals_summary,
)


@dataclass(frozen=True)
class ConsultationReport:
    title: str
    question: str
    phases: list[Phase]
    support_threshold: int | None
    threshold_commitment: str
    summary: ProposalsSummary
    # Every published proposal, most supported first.
    proposals: list[ProposalRecord]


def consultation_report(page):
    """The report section of ``page`` (a ConsultationPage)."""
    proposals = page.submissions.all()
    return ConsultationReport(
        title=page.title,
        question=page.question,
        phases=page.timeline().phases,
        support_threshold=page.support_threshold,
        threshold_commitment=page.threshold_commitment,
        summary=proposals_summary(
            proposals, page.support_threshold, not_answered_label=_("Not answered yet")
        ),
        proposals=list(proposal_records(proposals, page.support_threshold)),
    )
