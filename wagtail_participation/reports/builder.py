"""What a participation type contributes to its result report and its paper form.

The report machinery (:mod:`.document`, :mod:`.generation`) lays out the cover, the summary,
the table of contents, the appendix, page numbers and French typography, for any
participation. What only a participation type knows — its results, its free-text answers, its
raw data, its questions on paper — comes from a :class:`ReportBuilder` subclass that the
participation model names::

    class Vote(ParticipationSettings, ClusterableModel):
        report_builder = "wagtail_participation.votes.report.VoteReport"

The builder returns named records (below) that the machinery's templates render. A section
of results is a :class:`ReportSection`: a title for the table of contents, a template of the
type's own and the context it reads. See docs/architecture.md, "Reports".
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import settings
from ..participation.models import Channel

# Days of participation charted one column each; a longer participation is charted per week.
MAX_DAILY_COLUMNS = 92


@dataclass(frozen=True)
class ParticipationCounts:
    """How many people took part, per channel."""

    online: int
    # None where the type cannot know it (paper ballots of a multiple-choice vote are entered
    # as counts per option, not per voter).
    paper: int | None
    # Said under the figures, to explain them (what "paper" counts, why it is unknown…).
    note: str = ""

    @property
    def total(self):
        return None if self.paper is None else self.online + self.paper


@dataclass(frozen=True)
class PeriodCount:
    """Online participations that began on ``start`` (a day, or a week from ``start``)."""

    start: date
    count: int


@dataclass(frozen=True)
class NeighbourhoodCount:
    name: str
    count: int


@dataclass(frozen=True)
class ReportSection:
    """One section of a report: a heading listed in the table of contents, and its body,
    rendered from ``template`` with ``context`` (plus the report's own context: ``commune``,
    ``target``, ``language``)."""

    title: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FreeTextAnswers:
    """The context of ``reports/sections/free_text.html``: the answers to one free-text
    question that the public may read, at most ``REPORT_FREE_TEXT_LIMIT`` of them."""

    question: str
    # Every answer given, published or not.
    total: int
    # The answers printed (already filtered to what the public may read, and capped).
    answers: tuple
    # How many answers the public may read (``answers`` holds the first of them).
    public_total: int


@dataclass(frozen=True)
class RawExport:
    """The raw data a report is made from: written as CSV, fingerprinted (SHA-256) in the
    appendix and kept with the report. ``rows`` must come in a stable order (by primary key)
    and hold nothing that changes without the data changing: the same data gives the same
    file, byte for byte."""

    # File name, without extension.
    name: str
    # What one row is, for the appendix ("one row per ballot…").
    description: str
    headings: list
    rows: object  # an iterable of lists of cells, consumed once


@dataclass(frozen=True)
class PaperQuestion:
    text: str
    description: str = ""
    # The rule printed above the boxes: "Cochez au plus 2 cases."
    rule: str = ""
    # One box to tick per choice, in the order of the paper-entry screen.
    choices: tuple = ()
    # Lines to write on, for a free-text answer.
    lines: int = 0

    @property
    def line_range(self):
        return range(self.lines)


@dataclass(frozen=True)
class PaperForm:
    # What the sheet is ("Bulletin de vote", "Questionnaire").
    heading: str
    title: str
    introduction: str
    questions: tuple
    # Printed after the questions: what makes a sheet void, one participation per person…
    notes: tuple = ()


class ReportBuilder:
    """Override what differs for a participation type; ``result_sections()``,
    ``raw_export()`` and ``paper_form()`` have no default. Methods are called inside the
    report's language and the site's time zone, once each per report."""

    # Printed above the title on the cover ("Vote", "Questionnaire"…).
    kind_label = ""

    def __init__(self, target):
        self.target = target

    # --- cover ---------------------------------------------------------------------------

    def title(self):
        return str(self.target)

    def introduction(self):
        """A plain text printed under the title (the explanation residents were given)."""
        return ""

    # --- summary ---------------------------------------------------------------------------

    def ways_to_take_part(self):
        """Sentences saying how residents could take part."""
        ways = [identity_sentence(self.target.identity)]
        paper = self.paper_sentence()
        if paper:
            ways.append(paper)
        return ways

    def paper_sentence(self):
        """How paper participations reached the commune, or "" if they cannot."""
        return ""

    def participation_window(self):
        """(opens_at, closes_at) of what the report is about: the target's own dates by
        default. A participation in phases gives the phase residents took part in (a
        budget's vote)."""
        return self.target.opens_at, self.target.closes_at

    def counted_submissions(self):
        """The submissions the summary counts and charts over time: the target's own by
        default (a budget page counts its ballots, not its projects)."""
        return self.target.submissions.all()

    def participation_counts(self):
        counts = dict(
            self.counted_submissions().values_list("channel").annotate(n=Count("pk")).order_by()
        )
        return ParticipationCounts(
            online=counts.get(Channel.ONLINE, 0), paper=counts.get(Channel.PAPER, 0)
        )

    def participation_over_time(self):
        """Online submissions per day of the participation (per week past
        ``MAX_DAILY_COLUMNS`` days), every day of it included, in the site's time zone:
        (``"day"`` or ``"week"``, [:class:`PeriodCount`])."""
        zone = timezone.get_current_timezone()
        per_day = dict(
            self.counted_submissions()
            .filter(channel=Channel.ONLINE)
            .annotate(day=TruncDate("submitted_at", tzinfo=zone))
            .values_list("day")
            .annotate(n=Count("pk"))
            .order_by()
        )
        opens_at, closes_at = self.participation_window()
        first = timezone.localtime(opens_at, zone).date()
        end = min(closes_at, max(timezone.now(), opens_at))
        last = timezone.localtime(end, zone).date()
        if per_day:
            first, last = min(first, *per_day), max(last, *per_day)
        days = (last - first).days + 1
        step = 1 if days <= MAX_DAILY_COLUMNS else 7
        periods = []
        start = first
        while start <= last:
            count = sum(per_day.get(start + timedelta(days=i), 0) for i in range(step))
            periods.append(PeriodCount(start, count))
            start += timedelta(days=step)
        return ("day" if step == 1 else "week"), periods

    def participation_per_neighbourhood(self):
        """[:class:`NeighbourhoodCount`] when the participation asked residents where they
        live, else None (the summary then leaves it out)."""
        return None

    # --- results -----------------------------------------------------------------------------

    def result_sections(self):
        """[:class:`ReportSection`]: every question or vote, with its chart and data table."""
        raise NotImplementedError

    def free_text_sections(self):
        """[:class:`ReportSection`] of free-text answers (see :class:`FreeTextAnswers`)."""
        return []

    # --- appendix ----------------------------------------------------------------------------

    def method(self):
        """Paragraphs saying how the figures were counted."""
        return []

    def raw_export(self):
        """The :class:`RawExport` the report is made from."""
        raise NotImplementedError

    def data_version(self):
        """Whatever changes the report when it changes, as JSON-serialisable values: the
        participation's own fields and the state of its submissions by default. Add what the
        type keeps elsewhere (options, questions, moderation of answers…)."""
        target = self.target
        own = [[f.attname, str(getattr(target, f.attname))] for f in target._meta.concrete_fields]
        submissions = target.submissions.aggregate(
            count=Count("pk"), last=Max("pk"), last_at=Max("submitted_at")
        )
        return [own, [submissions["count"], submissions["last"], str(submissions["last_at"])]]

    # --- admin -------------------------------------------------------------------------------

    def admin_links(self):
        """(label, URL) of the admin pages above the report's: the breadcrumbs."""
        return []

    # --- paper ------------------------------------------------------------------------------

    def paper_form(self):
        """The :class:`PaperForm` of this participation."""
        raise NotImplementedError


def free_text_section(title, *, total, public_answers, public_total):
    """The :class:`ReportSection` of one free-text question's answers.

    ``public_answers``: the answers the public may read, in the order to print them (a
    queryset of strings, ``values_list(…, flat=True)``, or a list); only the first
    ``REPORT_FREE_TEXT_LIMIT`` are read. ``public_total``: how many there are; ``total``: how
    many answers were given, published or not. The report says what is left out and that
    every answer is in the export."""
    shown = tuple(str(answer) for answer in public_answers[: settings.REPORT_FREE_TEXT_LIMIT])
    return ReportSection(
        title=title,
        template="wagtail_participation/reports/sections/free_text.html",
        context={
            "answers": FreeTextAnswers(
                question=title, total=total, answers=shown, public_total=public_total
            )
        },
    )


def identity_sentence(identity):
    if identity == "anonymous":
        return _(
            "Online, without an account: one participation per browser, recognised by a "
            "technical cookie."
        )
    if identity == "account":
        return _("Online, with an account of the site: one participation per account.")
    from ..participation.identity import get_identity_method

    return _("Online: %(method)s.") % {"method": get_identity_method(identity).label}
