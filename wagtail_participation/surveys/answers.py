"""Reading a resident's answers: the rules of every kind of question, in one place.

The public form, the steps, the final submission and the paper entry in the admin all go
through :func:`read_answers`, so an answer is accepted or refused the same way wherever it
comes from. Answers to questions hidden by a condition are refused, never silently dropped.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..participation.errors import InvalidSubmission
from ..participation.text import clean_text
from .questions import (
    DATE,
    LONG_TEXT,
    MAJORITY_JUDGMENT,
    MATRIX,
    MULTIPLE_CHOICE,
    NEIGHBOURHOOD,
    NUMBER,
    OTHER,
    RANKING,
    SCALE,
    SHORT_TEXT,
    SINGLE_CHOICE,
    YES_NO,
    format_number,
)

SHORT_TEXT_MAX_LENGTH = 300
LONG_TEXT_MAX_LENGTH = 5000
OTHER_TEXT_MAX_LENGTH = 300
# What a DecimalField(max_digits=16, decimal_places=4) holds.
NUMBER_LIMIT = Decimal("1e12")
NUMBER_DECIMAL_PLACES = 4
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


@dataclass(frozen=True)
class Answer:
    """A question's answer, as stored: typed, validated."""

    question: object
    # Chosen options (choices, yes/no, neighbourhood), in the order offered.
    option_keys: tuple = ()
    other_text: str = ""
    text: str = ""
    number: Decimal | None = None
    date: datetime.date | None = None
    # Ranking: (item key, rank from 1), by rank.
    ranks: tuple = ()
    # Matrix: (row key, column key) of each answered row.
    cells: tuple = ()
    # Majority judgment: (option key, grade index, 0 = best) of each option.
    grades: tuple = ()

    def chose(self, option_key):
        return option_key in self.option_keys

    def rows(self):
        """The SurveyAnswer fields this answer is stored as: one row per answered question or
        chosen option."""
        question = self.question
        common = {"question_key": question.key, "question_label": question.label[:255]}
        kind = question.kind
        if kind in (SHORT_TEXT, LONG_TEXT):
            return [{**common, "text": self.text}]
        if kind in (SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, NEIGHBOURHOOD):
            return [
                {
                    **common,
                    "option_key": key,
                    "option_label": str(question.option_label(key) or "")[:255],
                    "text": self.other_text if key == OTHER else "",
                }
                for key in self.option_keys
            ]
        if kind in (SCALE, NUMBER):
            return [{**common, "number": self.number}]
        if kind == DATE:
            return [{**common, "date": self.date}]
        if kind == RANKING:
            return [
                {
                    **common,
                    "option_key": key,
                    "option_label": str(question.option_label(key) or "")[:255],
                    "rank": rank,
                }
                for key, rank in self.ranks
            ]
        if kind == MATRIX:
            columns = {column.key: column.label for column in question.columns}
            return [
                {
                    **common,
                    "row_key": row,
                    "option_key": column,
                    "option_label": str(columns.get(column, ""))[:255],
                }
                for row, column in self.cells
            ]
        if kind == MAJORITY_JUDGMENT:
            return [
                {
                    **common,
                    "option_key": key,
                    "option_label": str(question.option_label(key) or "")[:255],
                    "grade": grade,
                }
                for key, grade in self.grades
            ]
        raise ValueError(kind)


@dataclass
class ReadAnswers:
    """What :func:`read_answers` found."""

    # The answers of visible, answered questions, by question key.
    answers: dict
    # Errors to show, by question key (translated messages).
    errors: dict
    # Keys of the questions shown to this resident (their conditions hold).
    visible: set

    @property
    def is_valid(self):
        return not self.errors

    def first_error_step(self, structure):
        steps = [structure.question(key).step for key in self.errors]
        return min(steps) if steps else None


class UnknownQuestion(InvalidSubmission):
    default_message = ""

    def __init__(self):
        super().__init__(
            _(
                "Your answers mention a question that does not exist in this survey (it may "
                "have just been removed). Please reload the page and check your answers."
            )
        )


def check_known_fields(structure, data):
    """Refuse answers to questions the survey does not have (a forged or outdated form)."""
    for name in data:
        if name.startswith("q-") and name not in structure.field_owner:
            raise UnknownQuestion()


def read_answers(structure, data, *, steps=None):
    """The answers ``data`` (a QueryDict or MultiValueDict of form fields) gives to
    ``structure``'s questions, with the errors of those in ``steps`` (step numbers; all
    steps by default)."""
    checked = set(steps) if steps is not None else None
    answers, errors, visible = {}, {}, set()
    for question in structure.questions:
        shown = _condition_holds(question, answers)
        in_scope = checked is None or question.step in checked
        if not shown:
            if in_scope and _has_input(question, data):
                condition = question.condition
                errors[question.key] = [
                    _(
                        "This question does not concern you (it is for those who answered "
                        "“%(answer)s” to “%(question)s”): your answer to it has been taken "
                        "off. Check your answers and send them again."
                    )
                    % {"answer": condition.option_label, "question": condition.question_label}
                ]
            continue
        visible.add(question.key)
        try:
            answer = _read(question, data)
        except AnswerError as error:
            if in_scope:
                errors[question.key] = [str(error)]
            continue
        if answer is None:
            if in_scope and question.required:
                errors[question.key] = [_required_message(question)]
            continue
        answers[question.key] = answer
    return ReadAnswers(answers=answers, errors=errors, visible=visible)


def without_hidden_answers(structure, data, visible):
    """``data`` without what it gives to the questions their conditions hide (those not in
    ``visible``, as :func:`read_answers` found them in ``data``).

    Such answers are refused and never stored, so the form shows those questions empty: a
    resident without JavaScript, who sees them all and cannot untick a radio button, can then
    send the page again."""
    shown = data.copy()
    for question in structure.questions:
        if question.key not in visible:
            for name in question.field_names():
                shown.pop(name, None)
    return shown


def visible_steps(structure, answers):
    """Step numbers with at least one question shown, given the answers so far (a step whose
    questions all depend on answers not given is skipped)."""
    steps = []
    for step in structure.steps:
        if any(_condition_holds(question, answers) for question in step.questions):
            steps.append(step.number)
    return steps or [1]


def _condition_holds(question, answers):
    condition = question.condition
    if condition is None:
        return True
    source = answers.get(condition.question_key)
    return source is not None and source.chose(condition.option_key)


def _has_input(question, data):
    return any(
        str(value).strip() for name in question.field_names() for value in data.getlist(name)
    )


class AnswerError(Exception):
    pass


def _required_message(question):
    if question.kind in (RANKING,):
        return _("Please rank the items.")
    if question.kind == MATRIX:
        return _("Please answer every row.")
    if question.kind == MAJORITY_JUDGMENT:
        return _("Please grade every option.")
    return _("Please answer this question.")


def _last(data, name):
    values = data.getlist(name)
    return str(values[-1]) if values else ""


def _read(question, data):
    reader = _READERS[question.kind]
    return reader(question, data)


def _read_text(question, data):
    text = clean_text(_last(data, question.field_name))
    if not text:
        return None
    limit = SHORT_TEXT_MAX_LENGTH if question.kind == SHORT_TEXT else LONG_TEXT_MAX_LENGTH
    if len(text) > limit:
        raise AnswerError(
            _("At most %(limit)d characters, please (you wrote %(count)d).")
            % {"limit": limit, "count": len(text)}
        )
    return Answer(question=question, text=text)


def _not_an_option():
    return AnswerError(_("This answer is not one of those offered. Please choose among them."))


def _read_other(question, data):
    if not question.allow_other:
        return ""
    text = clean_text(_last(data, question.other_field_name))
    if len(text) > OTHER_TEXT_MAX_LENGTH:
        raise AnswerError(
            _("At most %(limit)d characters in “Other”, please (you wrote %(count)d).")
            % {"limit": OTHER_TEXT_MAX_LENGTH, "count": len(text)}
        )
    return text


def _read_single(question, data):
    offered = {option.key for option in question.offered_options()}
    keys = [str(value) for value in data.getlist(question.field_name) if str(value).strip()]
    if any(key not in offered for key in keys):
        raise _not_an_option()
    keys = list(dict.fromkeys(keys))
    if len(keys) > 1:
        raise AnswerError(_("Please choose only one answer."))
    other = _read_other(question, data)
    if other and not keys:
        keys = [OTHER]
    if other and keys != [OTHER]:
        raise AnswerError(
            _("You wrote something in “Other”: choose “Other”, or clear what you wrote.")
        )
    if not keys:
        return None
    if keys == [OTHER] and not other:
        raise AnswerError(_("Please say what your “Other” answer is."))
    return Answer(question=question, option_keys=tuple(keys), other_text=other)


def _read_multiple(question, data):
    offered = [option.key for option in question.offered_options()]
    keys = {str(value) for value in data.getlist(question.field_name) if str(value).strip()}
    if any(key not in offered for key in keys):
        raise _not_an_option()
    other = _read_other(question, data)
    if other:
        keys.add(OTHER)
    if not keys:
        return None
    if OTHER in keys and not other:
        raise AnswerError(_("Please say what your “Other” answer is."))
    minimum, maximum = question.choice_limits
    if len(keys) < minimum:
        raise AnswerError(
            ngettext(
                "Please choose at least %(count)d answer.",
                "Please choose at least %(count)d answers.",
                minimum,
            )
            % {"count": minimum}
        )
    if len(keys) > maximum:
        raise AnswerError(
            ngettext(
                "Please choose at most %(count)d answer.",
                "Please choose at most %(count)d answers.",
                maximum,
            )
            % {"count": maximum}
        )
    ordered = tuple(key for key in offered if key in keys)
    return Answer(question=question, option_keys=ordered, other_text=other)


def _read_scale(question, data):
    raw = _last(data, question.field_name).strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not question.scale_min <= value <= question.scale_max:
        raise AnswerError(
            _("Please choose a value from %(min)d to %(max)d.")
            % {"min": question.scale_min, "max": question.scale_max}
        )
    return Answer(question=question, number=Decimal(value))


def parse_number(raw):
    """A number as residents type it: "12", "12,5", "12.5", "1 234" (French spacing), or
    None if it is not one."""
    text = str(raw).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _read_number(question, data):
    raw = _last(data, question.field_name).strip()
    if not raw:
        return None
    value = parse_number(raw)
    if value is None or abs(value) >= NUMBER_LIMIT:
        if not question.decimals:
            # The example must not suggest a decimal that the question then refuses.
            raise AnswerError(_("Please enter a whole number, such as 12."))
        raise AnswerError(_("Please enter a number, such as 12 or 12,5."))
    if not question.decimals and value != value.to_integral_value():
        raise AnswerError(_("Please enter a whole number."))
    if value.as_tuple().exponent < -NUMBER_DECIMAL_PLACES:
        raise AnswerError(
            _("At most %(count)d decimal places, please.") % {"count": NUMBER_DECIMAL_PLACES}
        )
    low, high = question.number_min, question.number_max
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            message = _("Please enter a number from %(min)s to %(max)s.")
        elif low is not None:
            message = _("Please enter a number of at least %(min)s.")
        else:
            message = _("Please enter a number of at most %(max)s.")
        raise AnswerError(
            message
            % {
                "min": format_number(low) if low is not None else "",
                "max": format_number(high) if high is not None else "",
            }
        )
    return Answer(question=question, number=value)


def parse_date(raw):
    text = str(raw).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _read_date(question, data):
    raw = _last(data, question.field_name).strip()
    if not raw:
        return None
    value = parse_date(raw)
    if value is None or not EARLIEST_DATE <= value <= LATEST_DATE:
        raise AnswerError(_("Please enter a date, such as 14/07/2026."))
    return Answer(question=question, date=value)


def _read_ranking(question, data):
    expected = question.ranks_expected
    ranks = []
    for option in question.options:
        raw = _last(data, question.sub_field_name(option.key)).strip()
        if not raw:
            continue
        try:
            rank = int(raw)
        except ValueError:
            rank = None
        if rank is None or not 1 <= rank <= expected:
            raise AnswerError(_("Please give ranks from 1 to %(count)d.") % {"count": expected})
        ranks.append((option.key, rank))
    if not ranks:
        return None
    given = [rank for _key, rank in ranks]
    for rank in range(1, expected + 1):
        if given.count(rank) > 1:
            raise AnswerError(
                _("Rank %(rank)d is given to several items: give each rank to one item only.")
                % {"rank": rank}
            )
    if sorted(given) != list(range(1, expected + 1)):
        raise AnswerError(
            ngettext(
                "Please give the rank 1 to one item.",
                "Please give each rank from 1 to %(count)d to one item.",
                expected,
            )
            % {"count": expected}
        )
    return Answer(question=question, ranks=tuple(sorted(ranks, key=lambda pair: pair[1])))


def _read_matrix(question, data):
    columns = {column.key for column in question.columns}
    cells = []
    for row in question.rows:
        raw = _last(data, question.sub_field_name(row.key)).strip()
        if not raw:
            continue
        if raw not in columns:
            raise _not_an_option()
        cells.append((row.key, raw))
    if not cells:
        return None
    if question.required and len(cells) < len(question.rows):
        raise AnswerError(_("Please answer every row."))
    return Answer(question=question, cells=tuple(cells))


def _read_majority_judgment(question, data):
    grades = []
    for option in question.options:
        raw = _last(data, question.sub_field_name(option.key)).strip()
        if not raw:
            continue
        try:
            grade = int(raw)
        except ValueError:
            grade = None
        if grade is None or not 0 <= grade < len(question.grades):
            raise AnswerError(_("This grade is not one of those offered."))
        grades.append((option.key, grade))
    if not grades:
        return None
    if len(grades) < len(question.options):
        # Majority judgment compares options graded by the same people: all or none.
        raise AnswerError(_("Please grade every option (or none of them)."))
    return Answer(question=question, grades=tuple(grades))


_READERS = {
    SHORT_TEXT: _read_text,
    LONG_TEXT: _read_text,
    SINGLE_CHOICE: _read_single,
    YES_NO: _read_single,
    NEIGHBOURHOOD: _read_single,
    MULTIPLE_CHOICE: _read_multiple,
    SCALE: _read_scale,
    NUMBER: _read_number,
    DATE: _read_date,
    RANKING: _read_ranking,
    MATRIX: _read_matrix,
    MAJORITY_JUDGMENT: _read_majority_judgment,
}
