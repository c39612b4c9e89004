"""The spreadsheet of a budget's results (results page and admin alike): one row per project
on a ballot, envelope by envelope, the most voted first."""

from django.utils.translation import gettext_lazy as _


def results_headings():
    return [
        _("Envelope"),
        _("Rank"),
        _("Number"),
        _("Project"),
        _("Neighbourhood"),
        _("Cost (euros)"),
        _("Votes"),
        _("Share of the ballots"),
        _("Funded"),
        _("Order of funding"),
        _("Why"),
    ]


def results_rows(envelope_results):
    for result in envelope_results:
        for row in result.ranking:
            yield [
                result.name,
                row.rank,
                row.number,
                row.title,
                row.neighbourhood,
                row.cost,
                row.votes,
                row.share,
                _("Yes") if row.funded else _("No"),
                row.funding_order or "",
                row.explanation,
            ]
