"""Print the SHA-256 fingerprint of a raw data export, to compare with a report's appendix."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_participation.reports.fingerprint import file_fingerprint, printed


class Command(BaseCommand):
    help = (
        "Prints the SHA-256 fingerprint of each export file given, grouped as the appendix of "
        "a PDF report prints it: the report was made from the file if they are the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="raw data export (CSV)")
        parser.add_argument(
            "--expect",
            metavar="FINGERPRINT",
            help="the fingerprint printed in a report (spaces allowed): exit 1 if different",
        )

    def handle(self, *args, files, expect=None, **options):
        expected = "".join((expect or "").split()).lower()
        mismatch = False
        for name in files:
            try:
                with open(name, "rb") as file:
                    fingerprint = file_fingerprint(file)
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": name, "error": error.strerror}
                ) from None
            self.stdout.write(f"{printed(fingerprint)}  {name}")
            if expected:
                if fingerprint == expected:
                    self.stdout.write(_("Same fingerprint as the report."))
                else:
                    self.stderr.write(_("Different fingerprint: this is not the report's data."))
                    mismatch = True
        if mismatch:
            raise SystemExit(1)
