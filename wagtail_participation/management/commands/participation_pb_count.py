"""Count a pabulib file with the engine the budget pages use, printing the funded project ids."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_participation.counting import RULES, TIE_BREAKINGS, CountingError, count, read_pabulib


class Command(BaseCommand):
    help = _(
        "Count a participatory budget from a pabulib .pb file and print the funded project ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Path to the .pb file."))
        parser.add_argument("--rule", required=True, choices=RULES, help=_("Counting rule."))
        parser.add_argument(
            "--tie-breaking",
            default="commune",
            choices=TIE_BREAKINGS,
            help=_("How ties are broken (default: commune)."),
        )
        parser.add_argument(
            "--seed", type=int, default=None, help=_("Published seed of the commune draw.")
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            pb = read_pabulib(path)
            if pb.vote_type != "approval":
                raise CommandError(
                    _(
                        "%(file)s has %(vote_type)s ballots: only approval ballots are counted "
                        "for now."
                    )
                    % {"file": path, "vote_type": pb.vote_type}
                )
            outcome = count(
                pb.election(), options["rule"], options["tie_breaking"], options["seed"]
            )
        except FileNotFoundError:
            raise CommandError(_("File not found: %(file)s") % {"file": path}) from None
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        except CountingError as error:
            raise CommandError(describe_error(path, error)) from None
        for project_id in outcome.selected:
            self.stdout.write(project_id)


def describe_error(path, error: CountingError) -> str:
    details = ", ".join(f"{key}={value}" for key, value in sorted(error.params.items()))
    values = {"file": path, "line": error.line, "problem": error.code, "details": details}
    if error.line is not None:
        if details:
            return _("%(file)s, line %(line)s: %(problem)s (%(details)s)") % values
        return _("%(file)s, line %(line)s: %(problem)s") % values
    if details:
        return _("%(file)s: %(problem)s (%(details)s)") % values
    return _("%(file)s: %(problem)s") % values
