"""The spreadsheet of a participation's proposals (results page and admin alike): one row
per published proposal, ranked, with its supports and the commune's answer."""

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
