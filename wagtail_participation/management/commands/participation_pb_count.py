"""Count a pabulib file with the engine the budget pages use, printing the funded project ids."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wagtail_participation.counting import RULES, TIE_BREAKINGS, CountingError, count, read_pabulib

# What each engine error code means, for people; the values come from the error's params.
PROBLEMS = {
    "amount_not_whole": gettext_noop(
        "%(what)s must be a whole number of currency units: %(value)s"
    ),
    "amount_not_positive": gettext_noop("%(what)s must be more than zero: %(value)s"),
    "amount_too_large": gettext_noop("%(what)s is too large to be real: %(value)s"),
    "not_a_number": gettext_noop("%(what)s is not a number: %(value)s"),
    "missing_budget": gettext_noop("the META section gives no budget"),
    "unknown_vote_type": gettext_noop("unknown vote_type %(vote_type)s"),
    "missing_column": gettext_noop("the header has no %(column)s column"),
    "duplicate_column": gettext_noop("the header names a column twice"),
    "duplicate_meta_key": gettext_noop("%(key)s is given twice in META"),
    "project_id_empty": gettext_noop("a project has no id"),
    "duplicate_project": gettext_noop("project %(project_id)s is listed twice"),
    "no_projects": gettext_noop("there are no projects"),
    "no_ballots": gettext_noop("there are no votes"),
    "unknown_project": gettext_noop("the vote names project %(project_id)s, which is not listed"),
    "project_twice_in_ballot": gettext_noop("the vote names a project twice"),
    "points_do_not_match_vote": gettext_noop(
        "the vote names %(projects)s projects but gives %(points)s points"
    ),
    "duplicate_voter": gettext_noop("voter %(voter_id)s voted twice"),
    "unexpected_line": gettext_noop("unexpected line after the VOTES section"),
    "missing_section": gettext_noop("the %(section)s section is missing"),
    "expected_section": gettext_noop("expected the %(section)s section here"),
    "missing_header": gettext_noop("the %(section)s section has no header line"),
    "wrong_field_count": gettext_noop("expected %(expected)s fields, found %(found)s"),
    "unclosed_quote": gettext_noop("a quote is never closed"),
    "text_after_closing_quote": gettext_noop("text follows a closing quote"),
    "not_utf8": gettext_noop("the file is not UTF-8 text"),
}


class Command(BaseCommand):
    @property
    def help(self):
        # Read when the parser is built, so it is translated in the language active then.
        return _(
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
    try:
        problem = _(PROBLEMS[error.code]) % error.params
    except (KeyError, ValueError, TypeError):
        details = ", ".join(f"{key}={value}" for key, value in sorted(error.params.items()))
        problem = f"{error.code} ({details})" if details else error.code
    values = {"file": path, "line": error.line, "problem": problem}
    if error.line is not None:
        return _("%(file)s, line %(line)s: %(problem)s") % values
    return _("%(file)s: %(problem)s") % values
