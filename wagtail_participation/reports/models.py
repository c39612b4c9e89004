"""The commune's identity on its reports, and the reports generated so far."""

import secrets

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string

from ..conf import settings


@register_setting(icon="doc-full")
class ReportSettings(BaseSiteSetting):
    """What the cover of every report and the header of every paper form show. Reports use
    the settings of the default site (a commune's main site)."""

    commune_name = models.CharField(
        _("commune's name"),
        max_length=120,
        blank=True,
        help_text=_(
            "As printed on the cover of reports and on paper forms, for instance “Commune de "
            "Saint-Exemple-sur-Loire”. Empty: the site's name."
        ),
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("The commune's logo or coat of arms, printed in colour or in grey."),
    )
    paper_return = models.CharField(
        _("where paper forms are returned"),
        max_length=255,
        blank=True,
        help_text=_(
            "Printed on paper forms, for instance “À déposer dans l'urne de la mairie, "
            "1 place de la Mairie, aux heures d'ouverture”."
        ),
    )

    select_related = ["logo", "site"]
    panels = [FieldPanel("commune_name"), FieldPanel("logo"), FieldPanel("paper_return")]

    class Meta:
        verbose_name = _("PDF reports and paper forms")

    def display_name(self):
        return self.commune_name or self.site.site_name or django_settings.WAGTAIL_SITE_NAME


def report_storage():
    """The storage generated reports are kept in (``REPORT_STORAGE``, a ``STORAGES`` alias)."""
    return storages[settings.REPORT_STORAGE]


def report_upload_to(report, filename):
    # A random folder: a report of hidden results must not be found at a guessable address
    # if the storage is served publicly (the app itself serves reports through its views).
    return (
        f"wagtail_participation/reports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}/{filename}"
    )


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("in progress…")
    RUNNING = "running", _("in progress…")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class GeneratedReport(models.Model):
    """The result report of a participation, as generated from one state of its data.

    ``data_key`` sums up that state (the participation's own fields, its latest submission,
    the commune's settings…): while the key stays the same, the report is reused; when the
    data changes, a new report is generated and the older ones are deleted.
    """

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    data_key = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    file = models.FileField(_("report"), upload_to=report_upload_to, storage=report_storage)
    # The raw data export the report was made from, and its SHA-256, printed in the appendix.
    export_file = models.FileField(
        _("raw data export"), upload_to=report_upload_to, storage=report_storage
    )
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # For the logs and the admin: why a generation failed (never shown to the public).
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "data_key"], name="wp_report_one_per_data"
            )
        ]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "-requested_at"], name="wp_report_target_idx"
            )
        ]

    def __str__(self):
        return f"{self.target_type.model} {self.target_id} ({self.get_status_display()})"

    @property
    def is_ready(self):
        return self.status == ReportStatus.READY

    @property
    def in_progress(self):
        return self.status in (ReportStatus.PENDING, ReportStatus.RUNNING)

    def delete_files(self):
        for field in (self.file, self.export_file):
            if field:
                field.delete(save=False)
