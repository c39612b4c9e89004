"""A survey's structure as plain records, read from its StreamField once per request.

Everything else (the form, validation, storage, results, exports, the structure lock) reads
these records rather than block values: a :class:`Question` has its stable key (the block id),
its wording, its options as (key, label) pairs, its step, its display condition resolved to the
keys of an earlier question and of one of its options.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .blocks import QUESTION_BLOCKS, SECTION

SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
YES_NO = "yes_no"
SCALE = "scale"
RANKING = "ranking"
NUMBER = "number"
DATE = "date"
NEIGHBOURHOOD = "neighbourhood"
MATRIX = "matrix"
MAJORITY_JUDGMENT = "majority_judgment"

# Questions whose answers are options a condition can name.
CHOICE_KINDS = frozenset({SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, NEIGHBOURHOOD})
TEXT_KINDS = frozenset({SHORT_TEXT, LONG_TEXT})

YES, NO = "yes", "no"
OTHER = "other"
OUTSIDE = "outside"


def format_number(value):
    """A Decimal as residents read it in the active language: "12,5", "1 200"."""
    from django.utils import formats

    return formats.number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def yes_no_choices():
    return (Choice(YES, _("Yes")), Choice(NO, _("No")))


def other_label():
    return _("Other")


def outside_label():
    return _("I don't live in the commune")


@dataclass(frozen=True)
class Choice:
    key: str
    label: str


@dataclass(frozen=True)
class Condition:
    """Show the question only if question ``question_key`` was answered with ``option_key``."""

    question_key: str
    option_key: str
    question_label: str
    option_label: str
    # The condition's question is on the same step: the browser shows or hides the question as
    # the resident answers (a condition on an earlier step is settled by the server).
    same_step: bool = False


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    # 1-based, in the order of the survey: "Q3".
    number: int
    step: int
    label: str
    help_text: str = ""
    required: bool = False
    condition: Condition | None = None
    # Choices, ranking items, majority-judgment options, neighbourhoods, yes/no.
    options: tuple = ()
    allow_other: bool = False
    display: str = "radios"
    min_choices: int | None = None
    max_choices: int | None = None
    scale_min: int = 1
    scale_max: int = 5
    min_label: str = ""
    max_label: str = ""
    rank_count: int | None = None
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    unit: str = ""
    decimals: bool = False
    # Matrix rows and the scale every row is rated on.
    rows: tuple = ()
    columns: tuple = ()
    # Majority judgment: the grades' wording, best first.
    grades: tuple = ()

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self):
        return self.kind in TEXT_KINDS

    @property
    def field_name(self):
        return f"q-{self.key}"

    def sub_field_name(self, key):
        return f"{self.field_name}-{key}"

    @property
    def other_field_name(self):
        return self.sub_field_name(OTHER)

    def field_names(self):
        """Every form field name this question's answer may be sent in."""
        if self.kind == RANKING:
            return {self.sub_field_name(option.key) for option in self.options}
        if self.kind == MAJORITY_JUDGMENT:
            return {self.sub_field_name(option.key) for option in self.options}
        if self.kind == MATRIX:
            return {self.sub_field_name(row.key) for row in self.rows}
        names = {self.field_name}
        if self.allow_other:
            names.add(self.other_field_name)
        return names

    def offered_options(self):
        """The options a resident picks from, "Other" included where offered."""
        if self.allow_other:
            return (*self.options, Choice(OTHER, other_label()))
        return self.options

    def option_label(self, key):
        for option in self.offered_options():
            if option.key == key:
                return option.label
        return None

    @property
    def choice_limits(self):
        """(minimum, maximum) number of options a multiple-choice answer may have, when it
        has any."""
        count = len(self.offered_options())
        minimum = self.min_choices if self.min_choices is not None else 1
        maximum = min(self.max_choices or count, count)
        return max(minimum, 1), maximum

    @property
    def scale_values(self):
        return tuple(range(self.scale_min, self.scale_max + 1))

    @property
    def ranks_expected(self):
        return min(self.rank_count or len(self.options), len(self.options))


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    intro: str
    questions: tuple


@dataclass
class SurveyStructure:
    questions: tuple
    steps: tuple
    # Conditions that designate no question or answer: {block index: {"question" or "answer":
    # ValidationError}}. Saving the page refuses them; a live page treats them as absent.
    condition_problems: dict = field(default_factory=dict)

    def __post_init__(self):
        self.by_key = {question.key: question for question in self.questions}
        self.field_owner = {
            name: question for question in self.questions for name in question.field_names()
        }

    def step(self, number):
        return self.steps[number - 1]

    @property
    def step_count(self):
        return len(self.steps)

    def question(self, key):
        return self.by_key.get(key)

    def choice_questions(self):
        return [question for question in self.questions if question.is_choice]


def _text(value):
    return str(value or "").strip()


def _listed(list_value):
    """(key, label) of each item of a ListBlock value, keyed by the item's stable id."""
    bound_blocks = getattr(list_value, "bound_blocks", None)
    if bound_blocks is None:  # a plain list: no ids (never saved through the block)
        return tuple(Choice(str(index), _text(item)) for index, item in enumerate(list_value))
    return tuple(Choice(str(item.id), _text(item.value)) for item in bound_blocks)


def normalise_label(text):
    """How conditions compare wordings: case, spacing, apostrophes and final punctuation
    aside."""
    text = str(text or "").replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).casefold().rstrip(" ?:.!")


def _yes_no_names():
    """Each yes/no key with its wording in every language of the site (an editor may write the
    condition in the admin's language, residents read the site's)."""
    names = {YES: {YES}, NO: {NO}}
    for code, _name in getattr(django_settings, "LANGUAGES", []) or []:
        with translation.override(code):
            for choice in yes_no_choices():
                names[choice.key].add(normalise_label(choice.label))
    return names


def neighbourhood_choices():
    from ..participation.models import Neighbourhood

    return tuple(
        Choice(str(pk), name) for pk, name in Neighbourhood.objects.values_list("pk", "name")
    )


def build_structure(stream_value, *, with_neighbourhoods=True):
    """The :class:`SurveyStructure` of a survey body (a StreamValue)."""
    questions = []
    steps = []
    problems = {}
    step_number, step_title, step_intro, step_questions = 1, "", "", []
    neighbourhoods = None
    by_label = {}
    for index, child in enumerate(stream_value):
        kind = child.block_type
        value = child.value
        if kind == SECTION:
            if step_questions or steps or step_title or step_intro:
                steps.append(Step(step_number, step_title, step_intro, tuple(step_questions)))
                step_number += 1
            step_title, step_intro, step_questions = _text(value["title"]), value["intro"], []
            continue
        if kind not in QUESTION_BLOCKS:
            continue
        fields = {
            "key": str(child.id) if child.id else f"new-{index}",
            "kind": kind,
            "number": len(questions) + 1,
            "step": step_number,
            "label": _text(value["label"]),
            "help_text": _text(value["help_text"]),
            "required": bool(value["required"]),
        }
        if kind in (SINGLE_CHOICE, MULTIPLE_CHOICE):
            fields["options"] = _listed(value["options"])
            fields["allow_other"] = bool(value["allow_other"])
            if kind == SINGLE_CHOICE:
                fields["display"] = value["display"] or "radios"
            else:
                fields["min_choices"] = value["min_choices"]
                fields["max_choices"] = value["max_choices"]
        elif kind == YES_NO:
            fields["options"] = yes_no_choices()
        elif kind == SCALE:
            fields["scale_min"] = value["minimum"] if value["minimum"] is not None else 1
            fields["scale_max"] = value["maximum"] if value["maximum"] is not None else 5
            fields["min_label"] = _text(value["min_label"])
            fields["max_label"] = _text(value["max_label"])
        elif kind == RANKING:
            fields["options"] = _listed(value["items"])
            fields["rank_count"] = value["rank_count"]
        elif kind == NUMBER:
            fields["number_min"] = value["minimum"]
            fields["number_max"] = value["maximum"]
            fields["unit"] = _text(value["unit"])
            fields["decimals"] = bool(value["decimals"])
        elif kind == NEIGHBOURHOOD:
            if neighbourhoods is None:
                neighbourhoods = neighbourhood_choices() if with_neighbourhoods else ()
            options = neighbourhoods
            if value["allow_outside"]:
                options = (*options, Choice(OUTSIDE, outside_label()))
            fields["options"] = options
        elif kind == MATRIX:
            fields["rows"] = _listed(value["rows"])
            fields["columns"] = _listed(value["columns"])
        elif kind == MAJORITY_JUDGMENT:
            fields["options"] = _listed(value["options"])
            fields["grades"] = tuple(_text(grade) for grade in value["grades"])
        condition, problem = _resolve_condition(value["condition"], by_label, step_number)
        if problem:
            problems[index] = problem
        question = Question(condition=condition, **fields)
        questions.append(question)
        step_questions.append(question)
        if question.is_choice:
            by_label.setdefault(normalise_label(question.label), []).append(question)
    steps.append(Step(step_number, step_title, step_intro, tuple(step_questions)))
    # Section breaks with no question after them (at the end, or two in a row) make no step.
    kept = [step for step in steps if step.questions] or steps[:1]
    steps, questions = [], []
    for number, step in enumerate(kept, start=1):
        in_step = tuple(q if q.step == number else replace(q, step=number) for q in step.questions)
        steps.append(Step(number, step.title, step.intro, in_step))
        questions.extend(in_step)
    return SurveyStructure(
        questions=tuple(questions), steps=tuple(steps), condition_problems=problems
    )


def _resolve_condition(value, by_label, step_number):
    """(Condition or None, {child name: ValidationError} or None)."""
    question_text = _text(value["question"]) if value else ""
    answer_text = _text(value["answer"]) if value else ""
    if not question_text and not answer_text:
        return None, None
    if not question_text:
        return None, {"question": ValidationError(_("Write the question this one depends on."))}
    if not answer_text:
        return None, {"answer": ValidationError(_("Write the answer that shows this question."))}
    candidates = by_label.get(normalise_label(question_text), [])
    if not candidates:
        return None, {
            "question": ValidationError(
                _(
                    "No choice question above this one is worded “%(wording)s”. Copy the "
                    "wording of a single-choice, multiple-choice, yes/no or neighbourhood "
                    "question placed above."
                )
                % {"wording": question_text}
            )
        }
    if len(candidates) > 1:
        return None, {
            "question": ValidationError(
                _("Several questions above are worded “%(wording)s”: reword one of them.")
                % {"wording": question_text}
            )
        }
    source = candidates[0]
    wanted = normalise_label(answer_text)
    if source.kind == YES_NO:
        names = _yes_no_names()
        matches = [choice for choice in source.options if wanted in names[choice.key]]
    else:
        matches = [
            choice for choice in source.offered_options() if normalise_label(choice.label) == wanted
        ]
    if not matches:
        answers = ", ".join(f"« {choice.label} »" for choice in source.offered_options())
        return None, {
            "answer": ValidationError(
                _("“%(answer)s” is not an answer of “%(question)s” (its answers: %(answers)s).")
                % {"answer": answer_text, "question": source.label, "answers": answers}
            )
        }
    choice = matches[0]
    return (
        Condition(
            question_key=source.key,
            option_key=choice.key,
            question_label=source.label,
            option_label=str(choice.label),
            same_step=source.step == step_number,
        ),
        None,
    )
