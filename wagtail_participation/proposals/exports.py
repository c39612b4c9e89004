"""The spreadsheets of a participation's proposals.

- The results (results page and admin alike): one row per published proposal, ranked, with
  its supports and the commune's answer.
- Every proposal, whatever its moderation, with its description and the decisions about it:
  the moderation listing's export, and the raw data a report is made from.
"""

from django.utils.translation import gettext_lazy as _


def proposal_export_headings():
    return [
        _("Rank"),
        _("ID"),
        _("Title"),
        _("Theme"),
        _("Neighbourhood"),
        _("Supports"),
        _("Threshold reached"),
        _("The commune's answer"),
        _("Explanation of the answer"),
        _("Date"),
    ]


def proposal_export_rows(records):
    for record in records:
        yield [
            record.rank,
            record.pk,
            record.title,
            record.theme,
            record.neighbourhood,
            record.supports,
            _("Yes") if record.threshold_reached else _("No"),
            record.answer_label,
            record.answer_text,
            record.submitted_at,
        ]


def proposal_listing_headings():
    """The columns of every proposal (:func:`proposal_listing_row`)."""
    return [
        _("ID"),
        _("Participation"),
        _("Title"),
        _("Description"),
        _("Neighbourhood"),
        _("Date"),
        _("Channel"),
        _("Reference number"),
        _("Moderation"),
        _("Reason for rejection"),
        _("Merged into"),
        _("Supports"),
        _("The commune's answer"),
        _("Explanation of the answer"),
        _("Signed"),
    ]


def proposal_listing_row(proposal):
    """One proposal, whatever its moderation (never its author's email or account)."""
    return [
        proposal.pk,
        str(proposal.target),
        proposal.title,
        proposal.description,
        str(proposal.neighbourhood or ""),
        proposal.submitted_at,
        proposal.get_channel_display(),
        proposal.paper_reference,
        proposal.get_status_display(),
        proposal.rejection_reason,
        proposal.duplicate_of_id or "",
        proposal.support_count,
        proposal.get_answer_display() if proposal.answer else "",
        proposal.answer_text,
        proposal.author_name,
    ]
