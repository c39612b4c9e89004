"""Reports go with what they are about: their files with their row, their rows with their
participation."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete

from .models import GeneratedReport


def delete_report_files(sender, instance, **kwargs):
    instance.delete_files()


def delete_reports_of_participation(sender, instance, **kwargs):
    if getattr(sender, "report_builder", None) and not isinstance(instance, GeneratedReport):
        GeneratedReport.objects.filter(
            target_type=ContentType.objects.get_for_model(sender, for_concrete_model=False),
            target_id=instance.pk,
        ).delete()


def connect():
    post_delete.connect(delete_report_files, sender=GeneratedReport, dispatch_uid="wp_report_files")
    post_delete.connect(delete_reports_of_participation, dispatch_uid="wp_participation_reports")
