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

import html
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
class FreeText:
    """One free-text answer as printed: its text, with a heading above it (a proposal's
    title) and a line of details (its theme, its supports) where the answer has them."""

    text: str
    heading: str = ""
    details: str = ""


@dataclass(frozen=True)
class FreeTextAnswers:
    """The context of ``reports/sections/free_text.html``: the answers to one free-text
    question that the public may read, at most ``REPORT_FREE_TEXT_LIMIT`` of them."""

    question: str
    # Every answer given, published or not.
    total: int
    # The answers printed (:class:`FreeText`, already filtered to what the public may read,
    # and capped).
    answers: tuple
    # How many answers the public may read (``answers`` holds the first of them).
    public_total: int
    # Said instead of "N answers were given to this question; the first … are printed here"
    # (proposals are not answers).
    summary: str = ""


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
class PaperGrid:
    """Boxes in a grid, one to tick per row: a table question (its rows and the answers each
    row may get), a majority judgment (its options and the grades)."""

    columns: tuple
    rows: tuple


@dataclass(frozen=True)
class PaperQuestion:
    text: str
    description: str = ""
    # The rule printed above the boxes: "Cochez au plus 2 cases."
    rule: str = ""
    # One box per choice, in the order of the paper-entry screen.
    choices: tuple = ()
    # Lines to write on, for a free-text answer.
    lines: int = 0
    # Printed before the text (a survey's questions refer to each other by number).
    number: int | None = None
    # When only some residents answer: "Si vous avez répondu « Voiture » à la question 3".
    condition: str = ""
    # How the choices are printed: "boxes" (a box to tick per choice, one a line), "scale"
    # (the boxes side by side, each value under its box, ``ends`` under the first and last)
    # or "ranks" (a box per choice to write a number in).
    layout: str = "boxes"
    ends: tuple = ()
    # After the choices, a box and a line to write on: "Autre, précisez".
    other: str = ""
    grid: PaperGrid | None = None
    # A box to write in: "number" (with ``unit`` after it) or "date" (day, month, year).
    write_in: str = ""
    unit: str = ""
    required: bool = False

    @property
    def line_range(self):
        return range(self.lines)


@dataclass(frozen=True)
class PaperSection:
    """A part of a paper form: a step of a survey, with its title and introduction."""

    title: str
    introduction: str
    questions: tuple


@dataclass(frozen=True)
class PaperForm:
    # What the sheet is ("Bulletin de vote", "Questionnaire").
    heading: str
    title: str
    introduction: str
    # The questions of a form in one part; ``sections`` for a form in several.
    questions: tuple = ()
    # Printed after the questions: what makes a sheet void, one participation per person…
    notes: tuple = ()
    sections: tuple = ()

    @property
    def parts(self):
        """The :class:`PaperSection` to print, in order."""
        return self.sections or (PaperSection("", "", tuple(self.questions)),)


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

    def calendar(self):
        """(label, datetime) of the dates printed on the cover: when the participation the
        report is about (``participation_window``) opened and closed."""
        opens_at, closes_at = self.participation_window()
        return [(_("Opening"), opens_at), (_("Closing"), closes_at)]

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
        per_day = count_per_day(self.counted_submissions().filter(channel=Channel.ONLINE))
        opens_at, closes_at = self.participation_window()
        return periods_of(per_day, opens_at, closes_at)

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

    def paper_entry_url(self):
        """The admin screen where staff enter the paper forms they collect, or None."""
        return None

    # --- paper ------------------------------------------------------------------------------

    def paper_form(self):
        """The :class:`PaperForm` of this participation."""
        raise NotImplementedError


def free_text_section(title, *, total, public_answers, public_total, summary=""):
    """The :class:`ReportSection` of one free-text question's answers.

    ``public_answers``: the answers the public may read, in the order to print them (a
    queryset of strings, ``values_list(…, flat=True)``, a list, or :class:`FreeText` records);
    only the first ``REPORT_FREE_TEXT_LIMIT`` are read. ``public_total``: how many there are;
    ``total``: how many answers were given, published or not. The report says what is left
    out and that every answer is in the export. ``summary``: what to say instead of "N answers
    were given to this question; the first … are printed here"."""
    shown = tuple(
        answer if isinstance(answer, FreeText) else FreeText(str(answer))
        for answer in public_answers[: settings.REPORT_FREE_TEXT_LIMIT]
    )
    return ReportSection(
        title=title,
        template="wagtail_participation/reports/sections/free_text.html",
        context={
            "answers": FreeTextAnswers(
                question=title,
                total=total,
                answers=shown,
                public_total=public_total,
                summary=summary,
            )
        },
    )


def count_per_day(submissions, field="submitted_at"):
    """{local date: number} of ``submissions`` (a queryset), in the site's time zone: one
    ``GROUP BY``."""
    zone = timezone.get_current_timezone()
    return dict(
        submissions.annotate(day=TruncDate(field, tzinfo=zone))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )


def periods_of(per_day, opens_at, closes_at):
    """(``"day"`` or ``"week"``, [:class:`PeriodCount`]): ``per_day`` ({date: number}) over
    every day from ``opens_at`` to ``closes_at`` (or now, if sooner), per week past
    ``MAX_DAILY_COLUMNS`` days. Days outside that span that have submissions (paper entered
    late, dates changed) widen it."""
    zone = timezone.get_current_timezone()
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


def tick_rule(minimum, maximum, choices):
    """The rule printed above boxes to tick, on paper and in the report: at least ``minimum``
    and at most ``maximum`` of ``choices`` boxes ("Tick at most 2 boxes.")."""
    if maximum <= 1:
        return _("Tick one box only.")
    if minimum == maximum:
        return ngettext("Tick exactly %(count)d box.", "Tick exactly %(count)d boxes.", maximum) % {
            "count": maximum
        }
    if minimum <= 1 and maximum >= choices:
        return _("Tick one or more boxes.")
    if minimum <= 1:
        return ngettext("Tick at most %(count)d box.", "Tick at most %(count)d boxes.", maximum) % {
            "count": maximum
        }
    return _("Tick at least %(minimum)d and at most %(maximum)d boxes.") % {
        "minimum": minimum,
        "maximum": maximum,
    }


def plain_text(rich_text):
    """Rich text from Wagtail's editor (HTML) as plain text, a blank line between paragraphs:
    what a report prints as text (``linebreaksbr``), never as HTML."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", str(rich_text or ""))
    text = re.sub(r"(?i)</(p|h[1-6]|li|blockquote)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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
