"""The admin URLs of reports and paper forms, for every participation type with a
``report_builder``."""

from django.urls import path

from .links import ADMIN_PAPER_FORM_URL_NAME, ADMIN_REPORT_FILE_URL_NAME, ADMIN_REPORT_URL_NAME
from .views import PaperFormView, ReportAdminView, ReportFileView

TARGET = "participation/reports/<str:app_label>/<str:model_name>/<int:target_id>/"


def admin_urls():
    return [
        path(TARGET, ReportAdminView.as_view(), name=ADMIN_REPORT_URL_NAME),
        path(f"{TARGET}paper-form/", PaperFormView.as_view(), name=ADMIN_PAPER_FORM_URL_NAME),
        path(
            "participation/reports/files/<int:report_id>/<str:kind>/",
            ReportFileView.as_view(),
            name=ADMIN_REPORT_FILE_URL_NAME,
        ),
    ]
