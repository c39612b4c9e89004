"""Generating reports in the background, and reusing them until the data changes.

A report is a :class:`~.models.GeneratedReport` row keyed on the state of its data
(:func:`data_key`). Asking for the report of a participation finds the row of the current
key, or creates it and enqueues :func:`generate_report_task` with django-tasks once the row
is committed. The task claims the row, writes the raw data export (hashing it as it goes),
renders the PDF, stores both through the report storage and marks the row ready; then older
reports of the participation are deleted. With django-tasks' immediate backend (its default)
all this happens within the request that asked; with a database backend a worker does it and
the editor sees "in progress…" meanwhile.
"""

import hashlib
import json
import logging
import tempfile
import traceback
import uuid
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django_tasks import task

from ..conf import settings
from ..exports.writers import csv_lines
from .document import (
    builder_for,
    commune_identity,
    data_key_parts,
    report_html,
    report_language,
    report_locale,
)
from .models import GeneratedReport, ReportStatus
from .rendering import render_pdf

logger = logging.getLogger(__name__)


def data_key(target):
    """A digest of everything ``target``'s report depends on: while it stays the same, a
    report generated before is reused."""
    with report_locale():
        parts = data_key_parts(target, builder_for(target), commune_identity())
    encoded = json.dumps(parts, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def reports_of(target):
    return GeneratedReport.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
    )


def is_lost(report, now=None):
    """An in-progress report that has been waiting too long: its worker stopped."""
    now = now or timezone.now()
    return report.in_progress and report.requested_at < now - timedelta(
        seconds=settings.REPORT_TIMEOUT
    )


def current_report(target, key=None):
    """The report of ``target``'s current data, in whatever state, or None."""
    return reports_of(target).filter(data_key=key or data_key(target)).first()


def latest_ready_report(target):
    return reports_of(target).filter(status=ReportStatus.READY).order_by("-finished_at").first()


def request_report(target, user=None, key=None):
    """The report of ``target``'s current data: the one already generated or in progress,
    or a new one, whose generation is enqueued once this transaction commits."""
    key = key or data_key(target)
    target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    user = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                report, created = GeneratedReport.objects.get_or_create(
                    target_type=target_type,
                    target_id=target.pk,
                    data_key=key,
                    defaults={"requested_by": user},
                )
        except IntegrityError:
            # Asked twice at the same moment: the other request created it.
            report, created = (
                GeneratedReport.objects.get(
                    target_type=target_type, target_id=target.pk, data_key=key
                ),
                False,
            )
        if not created and (report.status == ReportStatus.FAILED or is_lost(report)):
            # Asked again after a failure, or a worker lost it: start over.
            report.status = ReportStatus.PENDING
            report.requested_at = timezone.now()
            report.requested_by = user
            report.error = ""
            report.save(update_fields=["status", "requested_at", "requested_by", "error"])
            created = True
        if created:
            pk = report.pk
            transaction.on_commit(lambda: enqueue(pk))
    if created:
        # The immediate backend may have generated it already (no transaction was open).
        report.refresh_from_db()
    return report


def enqueue(report_pk):
    try:
        generate_report_task.enqueue(report_pk)
    except Exception:  # a misconfigured task backend: say so on the report, not with a 500
        logger.exception("PDF report %s could not be enqueued", report_pk)
        GeneratedReport.objects.filter(pk=report_pk, status=ReportStatus.PENDING).update(
            status=ReportStatus.FAILED,
            error=traceback.format_exc(limit=5),
            finished_at=timezone.now(),
        )


@task()
def generate_report_task(report_pk):
    generate_report(report_pk)


def generate_report(report_pk):
    """Generate the pending report ``report_pk`` (the task's work). Does nothing if another
    worker has claimed it, or if it is done."""
    claimed = GeneratedReport.objects.filter(pk=report_pk, status=ReportStatus.PENDING).update(
        status=ReportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    report = GeneratedReport.objects.select_related("target_type").get(pk=report_pk)
    try:
        target = report.target_type.get_object_for_this_type(pk=report.target_id)
    except ObjectDoesNotExist:
        report.delete()  # the participation was deleted meanwhile
        return
    try:
        with report_locale():
            _generate(report, target)
    except Exception:
        logger.exception("PDF report %s failed", report_pk)
        report.delete_files()
        GeneratedReport.objects.filter(pk=report_pk).update(
            status=ReportStatus.FAILED,
            error=traceback.format_exc(limit=10),
            finished_at=timezone.now(),
        )
        return
    # Older reports of this participation are of older data: only the newest ready one is
    # kept (and those still being generated).
    older = (
        reports_of(target)
        .exclude(pk=report.pk)
        .exclude(status__in=(ReportStatus.PENDING, ReportStatus.RUNNING))
    )
    for old in older:
        old.delete()


def _generate(report, target):
    builder = builder_for(target)
    key_before = report.data_key
    generated_at = timezone.now()
    export = builder.raw_export()
    stem = slugify(str(target))[:50] or str(target.pk)
    with tempfile.TemporaryFile() as export_file:
        digest = hashlib.sha256()
        for line in csv_lines(export.headings, export.rows, report_language()):
            data = line.encode("utf-8")
            digest.update(data)
            export_file.write(data)
        fingerprint = digest.hexdigest()
        export_name = f"{slugify(str(export.name)) or 'export'}-{stem}.csv"
        html = report_html(
            target,
            generated_at=generated_at,
            export_name=export_name,
            export_description=export.description,
            fingerprint=fingerprint,
        )
        pdf = render_pdf(html)
        export_file.seek(0)
        report.export_file.save(export_name, File(export_file), save=False)
    report.file.save(
        f"{slugify(_report_file_stem())}-{stem}-{generated_at:%Y-%m-%d}.pdf",
        ContentFile(pdf.data),
        save=False,
    )
    report.fingerprint = fingerprint
    report.page_count = pdf.page_count
    report.status = ReportStatus.READY
    report.finished_at = timezone.now()
    if data_key(target) != key_before:
        # A submission came in while the report was being made: it is right for the moment
        # it was made, but not the report of the data as it is now.
        report.data_key = f"superseded-{uuid.uuid4().hex}"
    report.save()


def _report_file_stem():
    return gettext("results report")
