"""A survey's responses as a spreadsheet: one row per response, one column per question.

Questions with several answers get one column per option, so that a spreadsheet can count and
cross them: a multiple choice has a column per option (1 chosen, 0 not chosen, empty when the
question was not answered), a ranking a column per item (its rank), a table a column per row
(the answer chosen for it), a majority judgment a column per option (its grade); "Other, please
specify" has a column of its own.

Rows are produced in chunks of responses, each with one query for their answers: memory stays
the same whatever the number of responses.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from ..participation.models import Channel
from .models import SurveyAnswer
from .questions import (
    DATE,
    LONG_TEXT,
    MAJORITY_JUDGMENT,
    MATRIX,
    MULTIPLE_CHOICE,
    NUMBER,
    OTHER,
    RANKING,
    SCALE,
    SHORT_TEXT,
)

CHUNK = 1000
ANSWER_FIELDS = (
    "response_id",
    "question_key",
    "option_key",
    "option_label",
    "row_key",
    "number",
    "rank",
    "grade",
    "date",
    "text",
)


class StoredAnswer(NamedTuple):
    question_key: str
    option_key: str
    option_label: str
    row_key: str
    number: Decimal | None
    rank: int | None
    grade: int | None
    date: object
    text: str


@dataclass(frozen=True)
class Column:
    heading: str
    # question key, and what the cell holds: "value", "other", or ("option"|"rank"|"row"|
    # "grade", key).
    question_key: str
    part: object
    # The wording of the question's options (or a table's columns) by key, read once.
    labels: dict = None


def labelled(label, value):
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def _title(question):
    return f"Q{question.number}. {question.label}"


def _labels(question):
    choices = question.columns if question.kind == MATRIX else question.offered_options()
    return {choice.key: str(choice.label) for choice in choices}


def response_columns(structure):
    """The answer columns of a survey's export, in the order of its questions."""
    columns = []
    for question in structure.questions:
        columns.extend(_columns(question))
    return columns


def _columns(question):
    """The columns of one question."""
    columns = []
    title = _title(question)
    kind = question.kind
    if kind == MULTIPLE_CHOICE:
        for option in question.options:
            columns.append(
                Column(f"{title} — {option.label}", question.key, ("option", option.key))
            )
        if question.allow_other:
            columns.append(
                Column(f"{title} — " + _("Other, please specify"), question.key, "other")
            )
    elif kind == RANKING:
        for option in question.options:
            columns.append(
                Column(
                    f"{title} — " + _("%(item)s (rank)") % {"item": option.label},
                    question.key,
                    ("rank", option.key),
                )
            )
    elif kind == MATRIX:
        for row in question.rows:
            columns.append(Column(f"{title} — {row.label}", question.key, ("row", row.key)))
    elif kind == MAJORITY_JUDGMENT:
        for option in question.options:
            columns.append(Column(f"{title} — {option.label}", question.key, ("grade", option.key)))
    else:
        columns.append(Column(title, question.key, "value"))
        if question.allow_other:
            columns.append(
                Column(f"{title} — " + _("Other, please specify"), question.key, "other")
            )
    labels = _labels(question)
    return [Column(column.heading, column.question_key, column.part, labels) for column in columns]


def _number(value, question):
    if value is None:
        return None
    if question.kind == SCALE or value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _cell(column, question, answers):
    """The cell of ``column`` for one response whose answers to ``question`` are
    ``answers`` (a list of StoredAnswer, possibly empty)."""
    if not answers:
        return ""
    part = column.part
    kind = question.kind
    if part == "other":
        return next((a.text for a in answers if a.option_key == OTHER), "")
    if part == "value":
        first = answers[0]
        if kind in (SHORT_TEXT, LONG_TEXT):
            return first.text
        if kind in (SCALE, NUMBER):
            return _number(first.number, question)
        if kind == DATE:
            return first.date
        return column.labels.get(first.option_key, first.option_label)
    what, key = part
    if what == "option":
        return 1 if any(a.option_key == key for a in answers) else 0
    if what == "rank":
        return next((a.rank for a in answers if a.option_key == key), "")
    if what == "row":
        for answer in answers:
            if answer.row_key == key:
                return column.labels.get(answer.option_key, answer.option_label)
        return ""
    if what == "grade":
        for answer in answers:
            if answer.option_key == key and answer.grade is not None:
                grades = question.grades
                return grades[answer.grade] if answer.grade < len(grades) else answer.grade
        return ""
    return ""


def _answers_by_response(response_ids, survey_id=None):
    """{response id: {question key: [StoredAnswer]}} of the responses ``response_ids`` (in
    increasing order): one query over the range they span, rather than a list of ids the
    database would have to parse."""
    wanted = set(response_ids)
    answers = SurveyAnswer.objects.filter(
        response_id__gte=response_ids[0], response_id__lte=response_ids[-1]
    )
    if survey_id is not None:
        answers = answers.filter(survey_id=survey_id)
    grouped = {}
    for response_id, *fields in answers.order_by("pk").values_list(*ANSWER_FIELDS):
        if response_id in wanted:
            grouped.setdefault(response_id, {}).setdefault(fields[0], []).append(
                StoredAnswer._make(fields)
            )
    return grouped


RESPONSE_FIELDS = (
    "pk",
    "target_id",
    "submitted_at",
    "channel",
    "paper_reference",
    "note",
    "entered_by__first_name",
    "entered_by__last_name",
    "entered_by__username",
)


def _chunks(queryset):
    """The responses of ``queryset`` as tuples, in chunks, oldest first."""
    chunk = []
    for row in queryset.order_by("pk").values_list(*RESPONSE_FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _entered_by(first_name, last_name, username):
    if not username:
        return ""
    full = f"{first_name or ''} {last_name or ''}".strip()
    return full or username


def _channel_label(channel):
    return str(dict(Channel.choices).get(channel, channel))


def survey_spreadsheet(survey, queryset):
    """(headings, rows) of the responses of one survey, a column per question (or option)."""
    structure = survey.structure
    columns = response_columns(structure)
    headings = [_("ID"), _("Date"), _("Channel"), _("Reference number"), _("Entered by")]
    headings += [_("Note"), *(column.heading for column in columns)]
    layout = [(column, structure.question(column.question_key)) for column in columns]

    def rows():
        for chunk in _chunks(queryset):
            answers = _answers_by_response([row[0] for row in chunk], survey.pk)
            for pk, _target, submitted_at, channel, reference, note, *name in chunk:
                by_question = answers.get(pk, {})
                cells = [
                    pk,
                    submitted_at,
                    _channel_label(channel),
                    reference,
                    _entered_by(*name),
                    note,
                ]
                for column, question in layout:
                    cells.append(_cell(column, question, by_question.get(column.question_key)))
                yield cells

    return headings, rows()


def summary_spreadsheet(queryset, surveys):
    """(headings, rows) of responses to several surveys: their answers in one text column
    ("Q1. … : …"), since the surveys have different questions. ``surveys``: {pk: SurveyPage}."""
    headings = [_("ID"), _("Survey"), _("Date"), _("Channel"), _("Reference number")]
    headings += [_("Entered by"), _("Note"), _("Answers")]

    def rows():
        for chunk in _chunks(queryset):
            answers = _answers_by_response([row[0] for row in chunk])
            for pk, target_id, submitted_at, channel, reference, note, *name in chunk:
                survey = surveys.get(target_id)
                yield [
                    pk,
                    survey.title if survey else target_id,
                    submitted_at,
                    _channel_label(channel),
                    reference,
                    _entered_by(*name),
                    note,
                    answers_summary(survey, answers.get(pk, {})) if survey else "",
                ]

    return headings, rows()


def answered_questions(survey, by_question):
    """(question, answer as text) of each answered question of one response, in order."""
    structure = survey.structure
    lines = []
    for question in structure.questions:
        answers = by_question.get(question.key)
        if not answers:
            continue
        parts = []
        for column in response_columns_for(question):
            value = _cell(column, question, answers)
            if value in ("", None):
                continue
            if column.part == "value":
                parts.append(_format(value))
            elif column.part == "other":
                parts.append(labelled(_("Other"), value))
            else:
                what, key = column.part
                if what == "option":
                    if value:
                        parts.append(str(question.option_label(key) or key))
                else:
                    label = column.heading.split(" — ", 1)[-1]
                    parts.append(labelled(label, _format(value)))
        lines.append((question, " ; ".join(parts)))
    return lines


def response_columns_for(question):
    return _columns(question)


def _format(value):
    from django.utils import formats

    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def answers_summary(survey, by_question):
    return " | ".join(
        labelled(_title(question), text)
        for question, text in answered_questions(survey, by_question)
    )


def answers_of(response):
    """{question key: [StoredAnswer]} of one response (one query)."""
    return _answers_by_response([response.pk]).get(response.pk, {})
