"""The addresses of reports and paper forms, for the templates and views of every
participation type."""

from django.urls import reverse

ADMIN_REPORT_URL_NAME = "wagtail_participation_report"
ADMIN_REPORT_FILE_URL_NAME = "wagtail_participation_report_file"
ADMIN_PAPER_FORM_URL_NAME = "wagtail_participation_paper_form"
PUBLIC_REPORT_URL_NAME = "wagtail_participation:report"


def _target_args(target):
    return [target._meta.app_label, target._meta.model_name, target.pk]


def admin_report_url(target):
    """The admin page of ``target``'s report: status, generation, files, paper form."""
    return reverse(ADMIN_REPORT_URL_NAME, args=_target_args(target))


def admin_paper_form_url(target):
    return reverse(ADMIN_PAPER_FORM_URL_NAME, args=_target_args(target))


def public_report_url(target):
    """Where residents download the report (served only when the results are theirs to see)."""
    return reverse(PUBLIC_REPORT_URL_NAME, args=_target_args(target))
