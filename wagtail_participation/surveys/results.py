"""A survey's results, computed in the database, usable outside a web request.

:func:`survey_results` is the one function the public results page, the admin and the PDF
report read: named records per question, built from a fixed number of ``GROUP BY`` queries
whatever the number of responses (no loop over responses in Python), and cached under the
latest response, so that results seen again with no new response do not read the answers
again.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.cache import caches
from django.db.models import Avg, Case, Count, F, IntegerField, Max, Min, Q, Sum, When
from django.db.models.functions import Floor
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..conf import settings
from ..participation.models import Channel
from ..results.charts import bar_chart, stacked_chart
from ..results.majority_judgment import MeritProfile, rank
from ..results.tally import ResultRow, Tally, build_tally
from .models import SurveyAnswer, SurveyResponse
from .questions import (
    DATE,
    LONG_TEXT,
    MAJORITY_JUDGMENT,
    MATRIX,
    MULTIPLE_CHOICE,
    NEIGHBOURHOOD,
    NUMBER,
    RANKING,
    SCALE,
    SHORT_TEXT,
    SINGLE_CHOICE,
    YES_NO,
    format_number,
)

# Bump when the cached figures change shape.
CACHE_VERSION = 1
CHANNELS = ((Channel.ONLINE, gettext_lazy("Online")), (Channel.PAPER, gettext_lazy("Paper")))
HISTOGRAM_BINS = 10
# A number question whose answers span at most this many whole values gets a bar per value.
MAX_VALUES_SHOWN = 12


def _channels():
    return tuple((value, str(label)) for value, label in CHANNELS)


# --- the records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RespondentsFilter:
    """The respondents who gave ``option_key`` to the choice question ``question_key``."""

    question_key: str
    option_key: str
    question_label: str = ""
    option_label: str = ""

    @property
    def param(self):
        return f"{self.question_key}:{self.option_key}"

    @classmethod
    def parse(cls, structure, value):
        """The filter a ``question:option`` parameter names, or ValueError."""
        question_key, _sep, option_key = str(value or "").partition(":")
        question = structure.question(question_key)
        if question is None or not question.is_choice:
            raise ValueError(value)
        label = question.option_label(option_key)
        if label is None:
            raise ValueError(value)
        return cls(question_key, option_key, question.label, str(label))


@dataclass(frozen=True)
class QuestionResult:
    question: object
    # How many respondents answered this question.
    respondents: int

    @property
    def kind(self):
        return self.question.kind

    @property
    def anchor(self):
        """An id for the question's results in a page: ``result-q3``."""
        return f"result-q{self.question.number}"

    @property
    def template(self):
        return f"wagtail_participation/surveys/results/{self.kind_template}.html"

    kind_template = "choice"


@dataclass(frozen=True)
class ChoiceResult(QuestionResult):
    """Counts and shares per option (a multiple choice counts options, not combinations)."""

    tally: object = None
    # A multiple choice: shares are of respondents and add up to more than 100 %.
    multiple: bool = False
    kind_template = "choice"

    @cached_property
    def chart(self):
        return bar_chart(self.tally)


@dataclass(frozen=True)
class NumericResult(QuestionResult):
    """A scale or a number: distribution, mean, median."""

    mean: float | None = None
    median: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    distribution: object = None
    unit: str = ""
    kind_template = "numeric"

    @cached_property
    def chart(self):
        return bar_chart(self.distribution)

    @property
    def mean_text(self):
        return "" if self.mean is None else formats.number_format(self.mean, 1, use_l10n=True)

    @property
    def median_text(self):
        return "" if self.median is None else format_number(self.median)

    @property
    def minimum_text(self):
        return "" if self.minimum is None else format_number(self.minimum)

    @property
    def maximum_text(self):
        return "" if self.maximum is None else format_number(self.maximum)


@dataclass(frozen=True)
class DateResult(QuestionResult):
    earliest: datetime.date | None = None
    latest: datetime.date | None = None
    by_month: object = None
    kind_template = "date"

    @cached_property
    def chart(self):
        return bar_chart(self.by_month)


@dataclass(frozen=True)
class RankedItem:
    key: str
    label: str
    # Respondents who ranked it, its average rank among them (1 is first), and its Borda
    # score: an item ranked r-th of n gets n − r points, an item left unranked none.
    ranked_by: int
    average_rank: float | None
    borda: int
    # The Borda score as a share of the most it could get (everyone ranking it first).
    borda_percent: float
    position: int

    @property
    def average_rank_text(self):
        if self.average_rank is None:
            return ""
        return formats.number_format(self.average_rank, 2, use_l10n=True)


@dataclass(frozen=True)
class RankingResult(QuestionResult):
    items: tuple = ()
    kind_template = "ranking"

    @cached_property
    def chart_tally(self):
        """The Borda scores as a tally, each bar's share being of the highest possible score."""
        return Tally(
            rows=tuple(
                ResultRow(
                    key=item.key,
                    label=item.label,
                    counts=(item.borda,),
                    percent=item.borda_percent,
                )
                for item in self.items
            ),
            channels=(("borda", _("Borda score")),),
            participants=self.respondents,
        )

    @cached_property
    def chart(self):
        return bar_chart(self.chart_tally)


@dataclass(frozen=True)
class MatrixRow:
    key: str
    label: str
    counts: tuple
    total: int

    @property
    def shares(self):
        return tuple(100.0 * count / self.total if self.total else 0.0 for count in self.counts)

    @property
    def cells(self):
        return tuple(zip(self.counts, self.shares, strict=True))


@dataclass(frozen=True)
class MatrixResult(QuestionResult):
    columns: tuple = ()
    rows: tuple = ()
    kind_template = "matrix"

    @cached_property
    def chart(self):
        return stacked_chart(
            [(row.label, row.counts) for row in self.rows],
            [column.label for column in self.columns],
        )


@dataclass(frozen=True)
class JudgedOption:
    key: str
    label: str
    profile: MeritProfile
    # 1 for the option with the best majority value; ties share a position.
    position: int
    majority_grade: str

    @property
    def counts(self):
        return self.profile.counts

    @property
    def cells(self):
        return tuple(zip(self.profile.counts, self.profile.shares(), strict=True))

    @property
    def gauge(self):
        """ "+" if more respondents graded it above its majority grade than below, else "−"."""
        if self.profile.majority_grade is None:
            return ""
        return "+" if self.profile.leans_up else "−"

    @property
    def better_percent(self):
        total = self.profile.total
        return 100.0 * self.profile.better / total if total else 0.0

    @property
    def worse_percent(self):
        total = self.profile.total
        return 100.0 * self.profile.worse / total if total else 0.0


@dataclass(frozen=True)
class MajorityJudgmentResult(QuestionResult):
    grades: tuple = ()
    # Best majority value first.
    options: tuple = ()
    kind_template = "majority_judgment"

    @property
    def winners(self):
        return [option for option in self.options if option.position == 1 and self.respondents]

    @cached_property
    def chart(self):
        return stacked_chart(
            [(option.label, option.counts) for option in self.options], list(self.grades)
        )


@dataclass(frozen=True)
class TextResult(QuestionResult):
    kind_template = "text"


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    # Everyone who sent a response (within the filter): online and on paper.
    respondents: int
    online: int
    paper: int
    questions: tuple
    respondents_filter: RespondentsFilter | None = None
    # Answers to options the survey no longer offers (a neighbourhood deleted from the list),
    # counted under the wording they were given with.
    notes: tuple = field(default_factory=tuple)

    def question(self, key):
        for result in self.questions:
            if result.question.key == key:
                return result
        return None

    @property
    def caption(self):
        text = ngettext("%(count)d respondent", "%(count)d respondents", self.respondents) % {
            "count": self.respondents
        }
        if self.paper:
            text += " " + (
                ngettext(
                    "(including %(count)d paper form)",
                    "(including %(count)d paper forms)",
                    self.paper,
                )
                % {"count": self.paper}
            )
        return text


# --- computing -------------------------------------------------------------------------------


def survey_results(survey, *, respondents_filter=None, use_cache=True):
    """Every question's results for ``survey`` (a SurveyPage), as :class:`SurveyResults`.

    ``respondents_filter``: a :class:`RespondentsFilter` (only those who gave that answer).
    The figures are read from the cache when no response arrived or left since they were
    computed (one query to know); ``use_cache=False`` always computes them."""
    structure = survey.structure
    figures = None
    if use_cache:
        cache = caches[settings.RESULTS_CACHE]
        key = _cache_key(survey, respondents_filter)
        figures = cache.get(key)
        if figures is None:
            figures = compute_figures(survey, structure, respondents_filter)
            cache.set(key, figures, settings.RESULTS_CACHE_TIMEOUT)
    else:
        figures = compute_figures(survey, structure, respondents_filter)
    return build_results(survey, structure, figures, respondents_filter)


def _cache_key(survey, respondents_filter):
    latest = SurveyResponse.objects.filter(target_id=survey.pk).aggregate(
        last=Max("pk"), count=Count("*")
    )
    filter_part = respondents_filter.param if respondents_filter else "-"
    return (
        f"wagtail_participation:survey-results:{CACHE_VERSION}:{survey.pk}:"
        f"{latest['last'] or 0}:{latest['count']}:{filter_part}"
    )


def compute_figures(survey, structure, respondents_filter=None):
    """The raw figures of every question, from the database: plain data, cached as they are.

    A fixed number of queries: one per kind of statistic the survey's questions need (and
    one per number question, for its median), whatever the number of responses."""
    answers = SurveyAnswer.objects.filter(survey_id=survey.pk)
    responses = SurveyResponse.objects.filter(target_id=survey.pk)
    if respondents_filter is not None:
        chosen = SurveyAnswer.objects.filter(
            survey_id=survey.pk,
            question_key=respondents_filter.question_key,
            option_key=respondents_filter.option_key,
        ).values("response_id")
        answers = answers.filter(response_id__in=chosen)
        responses = responses.filter(pk__in=chosen)

    def keys(*kinds):
        return [question.key for question in structure.questions if question.kind in kinds]

    figures = {"channels": {}, "options": [], "distinct": {}, "rows": {}, "numbers": {}}
    figures["channels"] = dict(
        responses.values_list("channel").annotate(count=Count("*")).order_by()
    )
    option_keys = keys(
        SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, NEIGHBOURHOOD, RANKING, MATRIX, MAJORITY_JUDGMENT
    )
    if option_keys:
        # In the order of the index's columns, so that the database groups as it reads it.
        grouped = (
            answers.filter(question_key__in=option_keys)
            .values_list("question_key", "option_key", "row_key", "grade", "channel")
            .annotate(count=Count("*"), rank_sum=Sum("rank"))
            .order_by()
        )
        figures["options"] = [
            (question, row, option, grade, channel, count, rank_sum)
            for question, option, row, grade, channel, count, rank_sum in grouped
        ]
    # Respondents of questions that store several rows per respondent who may answer in part.
    distinct_keys = keys(MULTIPLE_CHOICE, MATRIX)
    if distinct_keys:
        figures["distinct"] = dict(
            answers.filter(question_key__in=distinct_keys)
            .values_list("question_key")
            .annotate(count=Count("response_id", distinct=True))
            .order_by()
        )
    text_keys = keys(SHORT_TEXT, LONG_TEXT)
    if text_keys:
        figures["rows"] = dict(
            answers.filter(question_key__in=text_keys)
            .values_list("question_key")
            .annotate(count=Count("*"))
            .order_by()
        )
    numeric_keys = keys(SCALE, NUMBER)
    if numeric_keys:
        figures["numbers"] = {
            key: (count, mean, low, high)
            for key, count, mean, low, high in answers.filter(question_key__in=numeric_keys)
            .values_list("question_key")
            .annotate(
                count=Count("number"), mean=Avg("number"), low=Min("number"), high=Max("number")
            )
            .order_by()
        }
    figures["distribution"] = _distributions(answers, structure, figures["numbers"])
    figures["medians"] = _medians(answers, structure, figures["numbers"])
    date_keys = keys(DATE)
    if date_keys:
        # Per day, not per month: a day is read from the index as it is, where truncating
        # every answer's date to its month would be a function call per row (SQLite's is
        # Python). A year has at most 366 days to fold into months.
        figures["days"] = list(
            answers.filter(question_key__in=date_keys, date__isnull=False)
            .values_list("question_key", "date")
            .annotate(count=Count("*"))
            .order_by()
        )
    figures["orphans"] = _orphan_labels(answers, structure, figures["options"])
    return figures


def _histogram(question, numbers):
    """(lowest value, bin width) of the bars of a number question, or None for no answers."""
    count, _mean, low, high = numbers.get(question.key, (0, None, None, None))
    if not count or low is None:
        return None
    low, high = Decimal(low), Decimal(high)
    whole = low == low.to_integral_value() and high == high.to_integral_value()
    if whole and high - low < MAX_VALUES_SHOWN:
        return low, Decimal(1)
    width = _nice_width((high - low) / HISTOGRAM_BINS)
    start = (low / width).to_integral_value(rounding="ROUND_FLOOR") * width
    return start, width


def _nice_width(raw):
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at least ``raw``."""
    if raw <= 0:
        return Decimal(1)
    exponent = raw.adjusted()
    for power in (exponent - 1, exponent, exponent + 1):
        for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
            width = step.scaleb(power)
            if width >= raw:
                return width
    return Decimal(10).scaleb(exponent + 1)


def _distributions(answers, structure, numbers):
    """{question key: {value or bin start: count}} for scales and numbers, in one query."""
    scales = [q for q in structure.questions if q.kind == SCALE]
    bins = {}
    for question in structure.questions:
        if question.kind == NUMBER:
            histogram = _histogram(question, numbers)
            if histogram is not None:
                bins[question.key] = histogram
    if not scales and not bins:
        return {"values": {}, "bins": {}}
    whens = [When(question_key=q.key, then=F("number")) for q in scales]
    whens += [
        When(question_key=key, then=Floor((F("number") - start) / width))
        for key, (start, width) in bins.items()
    ]
    rows = (
        answers.filter(question_key__in=[q.key for q in scales] + list(bins))
        .annotate(bucket=Case(*whens, output_field=IntegerField()))
        .values_list("question_key", "bucket")
        .annotate(count=Count("*"))
        .order_by()
    )
    result = {}
    for key, bucket, count in rows:
        if bucket is None:
            continue
        result.setdefault(key, {})
        result[key][int(bucket)] = result[key].get(int(bucket), 0) + count
    return {"values": result, "bins": bins}


def _medians(answers, structure, numbers):
    """{question key: (middle values)} of number questions: the one or two middle answers,
    read through the index (one query each). Scales take theirs from their distribution."""
    medians = {}
    for question in structure.questions:
        if question.kind != NUMBER:
            continue
        count = numbers.get(question.key, (0,))[0]
        if not count:
            continue
        middle = (count - 1) // 2
        values = list(
            answers.filter(question_key=question.key, number__isnull=False)
            .order_by("number")
            .values_list("number", flat=True)[middle : middle + 2 - count % 2]
        )
        medians[question.key] = tuple(values)
    return medians


def _orphan_labels(answers, structure, option_rows):
    """Wordings of answered options the survey no longer offers (one query, only if any)."""
    unknown = set()
    for question_key, _row_key, option_key, _grade, _channel, _count, _rank in option_rows:
        question = structure.question(question_key)
        if question is None:
            continue
        known = {
            c.key
            for c in (question.columns if question.kind == MATRIX else question.offered_options())
        }
        if option_key not in known:
            unknown.add((question_key, option_key))
    if not unknown:
        return {}
    condition = Q()
    for question_key, option_key in unknown:
        condition |= Q(question_key=question_key, option_key=option_key)
    return {
        (question_key, option_key): label
        for question_key, option_key, label in answers.filter(condition)
        .values_list("question_key", "option_key")
        .annotate(label=Max("option_label"))
        .order_by()
    }


# --- building the records --------------------------------------------------------------------


def build_results(survey, structure, figures, respondents_filter=None):
    channels = figures["channels"]
    online, paper = channels.get(Channel.ONLINE, 0), channels.get(Channel.PAPER, 0)
    options = {}
    for question_key, row_key, option_key, grade, channel, count, rank_sum in figures["options"]:
        options.setdefault(question_key, []).append(
            (row_key, option_key, grade, channel, count, rank_sum or 0)
        )
    notes = []
    results = []
    for question in structure.questions:
        rows = options.get(question.key, [])
        builder = _BUILDERS[question.kind]
        result, question_notes = builder(question, rows, figures)
        results.append(result)
        notes.extend(question_notes)
    return SurveyResults(
        survey_id=survey.pk,
        respondents=online + paper,
        online=online,
        paper=paper,
        questions=tuple(results),
        respondents_filter=respondents_filter,
        notes=tuple(notes),
    )


def _removed_option_label(figures, question, key):
    label = figures["orphans"].get((question.key, key)) or key
    return _("%(label)s (no longer offered)") % {"label": label}


def _choice_result(question, rows, figures):
    counts = {}
    for _row, option_key, _grade, channel, count, _rank in rows:
        counts[(option_key, channel)] = counts.get((option_key, channel), 0) + count
    offered = [(option.key, str(option.label)) for option in question.offered_options()]
    known = {key for key, _label in offered}
    notes = []
    for option_key, _channel in counts:
        if option_key not in known:
            known.add(option_key)
            offered.append((option_key, _removed_option_label(figures, question, option_key)))
            notes.append(question.key)
    if question.kind == MULTIPLE_CHOICE:
        respondents = figures["distinct"].get(question.key, 0)
    else:
        respondents = sum(counts.values())
    tally = build_tally(
        offered,
        counts,
        _channels(),
        respondents,
        share_of_participants=question.kind == MULTIPLE_CHOICE,
    )
    return (
        ChoiceResult(
            question=question,
            respondents=respondents,
            tally=tally,
            multiple=question.kind == MULTIPLE_CHOICE,
        ),
        notes,
    )


def _numeric_result(question, rows, figures):
    count, mean, low, high = figures["numbers"].get(question.key, (0, None, None, None))
    values = figures["distribution"]["values"].get(question.key, {})
    all_channel = (("all", _("Responses")),)
    if question.kind == SCALE:
        labels = []
        for value in question.scale_values:
            label = str(value)
            if value == question.scale_min and question.min_label:
                label = f"{value} – {question.min_label}"
            elif value == question.scale_max and question.max_label:
                label = f"{value} – {question.max_label}"
            labels.append((str(value), label))
        counts = {(str(value), "all"): n for value, n in values.items()}
        median = _median_from_counts(values, count)
        unit = ""
    else:
        start, width = figures["distribution"]["bins"].get(question.key, (None, None))
        labels, counts = [], {}
        if start is not None:
            last = max(max(values, default=0), 0)
            for index in range(last + 1):
                low_edge = start + width * index
                if width == 1:
                    label = format_number(low_edge)
                else:
                    label = _("%(low)s to under %(high)s") % {
                        "low": format_number(low_edge),
                        "high": format_number(low_edge + width),
                    }
                labels.append((str(index), label))
                counts[(str(index), "all")] = values.get(index, 0)
        middle = figures["medians"].get(question.key, ())
        median = (sum(Decimal(v) for v in middle) / len(middle)) if middle else None
        unit = question.unit
    distribution = build_tally(labels, counts, all_channel, count)
    return (
        NumericResult(
            question=question,
            respondents=count,
            mean=float(mean) if mean is not None else None,
            median=median,
            minimum=Decimal(low) if low is not None else None,
            maximum=Decimal(high) if high is not None else None,
            distribution=distribution,
            unit=unit,
        ),
        [],
    )


def _median_from_counts(values, count):
    """The median of a scale's answers from their counts per value."""
    if not count:
        return None
    ordered = sorted(values.items())
    wanted = [(count - 1) // 2, count // 2]
    found = []
    seen = 0
    for value, n in ordered:
        for position in wanted:
            if seen <= position < seen + n:
                found.append(value)
        seen += n
    return sum(Decimal(value) for value in found) / len(found)


def _date_result(question, rows, figures):
    days = sorted((day, n) for key, day, n in figures.get("days", []) if key == question.key)
    count = sum(n for _day, n in days)
    earliest, latest = (days[0][0], days[-1][0]) if days else (None, None)
    by_month = {}
    for day, n in days:
        month = day.replace(day=1)
        by_month[month] = by_month.get(month, 0) + n
    months = sorted(by_month.items())
    labels = [
        (month.isoformat(), formats.date_format(month, "YEAR_MONTH_FORMAT")) for month, _n in months
    ]
    counts = {(month.isoformat(), "all"): n for month, n in months}
    return (
        DateResult(
            question=question,
            respondents=count,
            earliest=earliest,
            latest=latest,
            by_month=build_tally(labels, counts, (("all", _("Responses")),), count),
        ),
        [],
    )


def _text_result(question, rows, figures):
    count = figures["rows"].get(question.key, 0)
    return TextResult(question=question, respondents=count), []


def _ranking_result(question, rows, figures):
    items_count = len(question.options)
    expected = question.ranks_expected
    ranked = {}
    for _row, option_key, _grade, _channel, count, rank_sum in rows:
        previous = ranked.get(option_key, (0, 0))
        ranked[option_key] = (previous[0] + count, previous[1] + rank_sum)
    # Every respondent ranks exactly ``expected`` items: no count of distinct respondents.
    respondents = sum(count for count, _sum in ranked.values()) // expected if expected else 0
    items = []
    for option in question.options:
        count, rank_sum = ranked.get(option.key, (0, 0))
        borda = count * items_count - rank_sum
        most = respondents * (items_count - 1)
        items.append(
            RankedItem(
                key=option.key,
                label=str(option.label),
                ranked_by=count,
                average_rank=rank_sum / count if count else None,
                borda=borda,
                borda_percent=100.0 * borda / most if most else 0.0,
                position=0,
            )
        )
    items.sort(key=lambda item: -item.borda)
    positioned = []
    for index, item in enumerate(items):
        if index and item.borda == items[index - 1].borda:
            position = positioned[-1].position
        else:
            position = index + 1
        positioned.append(RankedItem(**{**item.__dict__, "position": position}))
    return RankingResult(question=question, respondents=respondents, items=tuple(positioned)), []


def _matrix_result(question, rows, figures):
    counts = {}
    for row_key, option_key, _grade, _channel, count, _rank in rows:
        counts[(row_key, option_key)] = counts.get((row_key, option_key), 0) + count
    matrix_rows = []
    for row in question.rows:
        row_counts = tuple(counts.get((row.key, column.key), 0) for column in question.columns)
        matrix_rows.append(
            MatrixRow(key=row.key, label=str(row.label), counts=row_counts, total=sum(row_counts))
        )
    return (
        MatrixResult(
            question=question,
            respondents=figures["distinct"].get(question.key, 0),
            columns=question.columns,
            rows=tuple(matrix_rows),
        ),
        [],
    )


def _majority_judgment_result(question, rows, figures):
    grade_count = len(question.grades)
    counts = {}
    for _row, option_key, grade, _channel, count, _rank in rows:
        if grade is not None and 0 <= grade < grade_count:
            per_option = counts.setdefault(option_key, [0] * grade_count)
            per_option[grade] += count
    totals = [sum(c) for c in counts.values()]
    respondents = max(totals) if totals else 0
    profiles = []
    for option in question.options:
        option_counts = counts.get(option.key, [0] * grade_count)
        # Every respondent grades every option; should one lack grades (an answer stored
        # before a rule changed), they count as the lowest grade, as majority judgment asks.
        option_counts[-1] += respondents - sum(option_counts)
        profiles.append(MeritProfile(key=option.key, counts=tuple(option_counts)))
    labels = {option.key: str(option.label) for option in question.options}
    judged = tuple(
        JudgedOption(
            key=ranked.profile.key,
            label=labels[ranked.profile.key],
            profile=ranked.profile,
            position=ranked.rank,
            majority_grade=(
                question.grades[ranked.profile.majority_grade]
                if ranked.profile.majority_grade is not None
                else ""
            ),
        )
        for ranked in rank(profiles)
    )
    return (
        MajorityJudgmentResult(
            question=question, respondents=respondents, grades=question.grades, options=judged
        ),
        [],
    )


_BUILDERS = {
    SHORT_TEXT: _text_result,
    LONG_TEXT: _text_result,
    SINGLE_CHOICE: _choice_result,
    MULTIPLE_CHOICE: _choice_result,
    YES_NO: _choice_result,
    NEIGHBOURHOOD: _choice_result,
    SCALE: _numeric_result,
    NUMBER: _numeric_result,
    DATE: _date_result,
    RANKING: _ranking_result,
    MATRIX: _matrix_result,
    MAJORITY_JUDGMENT: _majority_judgment_result,
}

__all__ = [
    "RespondentsFilter",
    "SurveyResults",
    "compute_figures",
    "survey_results",
]
