"""What a survey page shows: the step a resident is on, its questions with what they answered
and the errors, the progress, the thank-you text and receipt, the link to the results."""

from dataclasses import dataclass, field

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..participation.errors import InvalidSubmission
from ..participation.presentation import participation_display
from .answers import parse_date, read_answers, visible_steps, without_hidden_answers
from .questions import (
    DATE,
    MAJORITY_JUDGMENT,
    MULTIPLE_CHOICE,
    NUMBER,
    OTHER,
    RANKING,
)
from .questions import format_number as _number

RESULTS_SUFFIX = "results/"


@dataclass
class BoundQuestion:
    """A question as the form shows it: its values as sent, its errors, its condition."""

    question: object
    html_id: str
    errors: list = field(default_factory=list)
    # What the resident sent: the last value of the main field, all of them (a multiple
    # choice), the "Other" text, and the values of sub-fields by option or row key.
    value: str = ""
    values: frozenset = frozenset()
    other: str = ""
    sub_values: dict = field(default_factory=dict)
    # Shown or hidden in the browser as the condition's question is answered (same step).
    browser_condition: object = None
    disabled: bool = False

    @property
    def kind(self):
        return self.question.kind

    @property
    def template(self):
        return f"wagtail_participation/surveys/questions/{self.question.kind}.html"

    @property
    def error_id(self):
        return f"{self.html_id}-error"

    @property
    def hint_id(self):
        return f"{self.html_id}-hint"

    @property
    def hints(self):
        """What the resident should know to answer, under the question."""
        question = self.question
        lines = []
        if question.help_text:
            lines.append(question.help_text)
        if self.browser_condition is not None:
            condition = question.condition
            lines.append(
                _("Only if you answered “%(answer)s” to “%(question)s”.")
                % {"answer": condition.option_label, "question": condition.question_label}
            )
        kind = question.kind
        if kind == MULTIPLE_CHOICE:
            minimum, maximum = question.choice_limits
            if question.min_choices is None and maximum == len(question.offered_options()):
                lines.append(_("Choose as many answers as you like."))
            elif minimum == maximum:
                lines.append(
                    ngettext("Choose %(count)d answer.", "Choose %(count)d answers.", minimum)
                    % {"count": minimum}
                )
            else:
                lines.append(
                    _("Choose from %(min)d to %(max)d answers.") % {"min": minimum, "max": maximum}
                )
        elif kind == RANKING:
            expected = question.ranks_expected
            if expected == len(question.options):
                lines.append(_("Give rank 1 to the item you prefer, 2 to the next one, and so on."))
            else:
                lines.append(
                    _(
                        "Give rank 1 to the item you prefer, and so on up to %(count)d; leave "
                        "the others empty."
                    )
                    % {"count": expected}
                )
        elif kind == MAJORITY_JUDGMENT:
            lines.append(_("Give a grade to each option."))
        elif kind == NUMBER:
            low, high = question.number_min, question.number_max
            if low is not None and high is not None:
                lines.append(
                    _("A number from %(min)s to %(max)s.")
                    % {"min": _number(low), "max": _number(high)}
                )
            elif low is not None:
                lines.append(_("A number of at least %(min)s.") % {"min": _number(low)})
            elif high is not None:
                lines.append(_("A number of at most %(max)s.") % {"max": _number(high)})
        elif kind == DATE:
            lines.append(_("For example 14/07/2026."))
        return lines

    @property
    def described_by(self):
        ids = []
        if self.hints:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def date_value(self):
        """The date sent, as the browser's date field wants it (ISO), if it is one."""
        value = parse_date(self.value) if self.value else None
        return value.isoformat() if value else self.value

    def input_id(self, suffix):
        return f"{self.html_id}-{suffix}"

    @property
    def option_items(self):
        """(id, option, checked) for radio buttons and checkboxes."""
        chosen = self.values
        return [
            (self.input_id(index), option, option.key in chosen)
            for index, option in enumerate(self.question.offered_options())
        ]

    @property
    def offers_other(self):
        return self.question.allow_other

    @property
    def other_key(self):
        return OTHER

    @property
    def scale_items(self):
        question = self.question
        items = []
        for value in question.scale_values:
            if value == question.scale_min and question.min_label:
                label = f"{value} ({question.min_label})"
            elif value == question.scale_max and question.max_label:
                label = f"{value} ({question.max_label})"
            else:
                label = str(value)
            items.append((self.input_id(value), str(value), label, self.value == str(value)))
        return items

    @property
    def ranking_items(self):
        """(select id, item, field name, [(rank, selected)])."""
        ranks = range(1, self.question.ranks_expected + 1)
        items = []
        for index, option in enumerate(self.question.options):
            current = self.sub_values.get(option.key, "")
            items.append(
                (
                    self.input_id(index),
                    option,
                    self.question.sub_field_name(option.key),
                    [(str(rank), current == str(rank)) for rank in ranks],
                )
            )
        return items

    @property
    def matrix_rows(self):
        """(row id, row, field name, [(radio id, column, checked)])."""
        rows = []
        for row_index, row in enumerate(self.question.rows):
            current = self.sub_values.get(row.key, "")
            rows.append(
                (
                    self.input_id(row_index),
                    row,
                    self.question.sub_field_name(row.key),
                    [
                        (self.input_id(f"{row_index}-{index}"), column, current == column.key)
                        for index, column in enumerate(self.question.columns)
                    ],
                )
            )
        return rows

    @property
    def judgment_rows(self):
        """(option id, option, field name, [(radio id, grade index, grade label, checked)])."""
        rows = []
        for option_index, option in enumerate(self.question.options):
            current = self.sub_values.get(option.key, "")
            rows.append(
                (
                    self.input_id(option_index),
                    option,
                    self.question.sub_field_name(option.key),
                    [
                        (
                            self.input_id(f"{option_index}-{grade}"),
                            str(grade),
                            label,
                            current == str(grade),
                        )
                        for grade, label in enumerate(self.question.grades)
                    ],
                )
            )
        return rows


def bind(question, data, errors, html_prefix, *, browser_condition=None, disabled=False):
    values = data.getlist(question.field_name)
    sub_values = {}
    for option in (*question.options, *question.rows):
        sub = data.getlist(question.sub_field_name(option.key))
        if sub:
            sub_values[option.key] = sub[-1]
    other = data.getlist(question.other_field_name) if question.allow_other else []
    return BoundQuestion(
        question=question,
        html_id=f"{html_prefix}-q{question.number}",
        errors=list(errors.get(question.key, [])),
        value=values[-1] if values else "",
        values=frozenset(values),
        other=other[-1] if other else "",
        sub_values=sub_values,
        browser_condition=browser_condition,
        disabled=disabled,
    )


@dataclass(frozen=True)
class StepView:
    """The step shown: its questions, and where it stands among the steps shown."""

    step: object
    questions: list
    position: int
    count: int
    previous: int | None
    is_last: bool

    @property
    def number(self):
        return self.step.number


def step_view(survey, structure, data, errors, step, *, disabled=False):
    read = read_answers(structure, data)
    # Hidden questions give no answers: the answers are the same without their inputs.
    data = without_hidden_answers(structure, data, read.visible)
    answers = read.answers
    shown_steps = visible_steps(structure, answers)
    if step not in shown_steps:
        step = shown_steps[0]
    questions = []
    prefix = survey.html_id()
    for question in structure.step(step).questions:
        condition = question.condition
        browser_condition = None
        if condition is not None:
            if condition.same_step:
                # The condition's question is on this page: shown, and hidden by the browser
                # (or explained, without JavaScript) until it is answered so.
                source = structure.question(condition.question_key)
                browser_condition = (source.field_name, condition.option_key)
            elif not (
                condition.question_key in answers
                and answers[condition.question_key].chose(condition.option_key)
            ):
                continue
        questions.append(
            bind(
                question,
                data,
                errors,
                prefix,
                browser_condition=browser_condition,
                disabled=disabled,
            )
        )
    position = shown_steps.index(step) + 1
    return StepView(
        step=structure.step(step),
        questions=questions,
        position=position,
        count=len(shown_steps),
        previous=shown_steps[position - 2] if position > 1 else None,
        is_last=position == len(shown_steps),
    )


def requested_step(request, structure, progress, data):
    """The step asked for in the URL if this resident may be on it; else (no step asked, or
    one not reached) the furthest one they reached: coming back to the page resumes the
    survey where they left it."""
    answers = read_answers(structure, data).answers
    reachable = [s for s in visible_steps(structure, answers) if s <= progress.reached] or [1]
    try:
        step = int(request.GET.get("step", ""))
    except (AttributeError, ValueError):
        step = None
    return step if step in reachable else reachable[-1]


def survey_context(page, request, *, refusal=None, step=None, data=None):
    from .pages import SurveyProgress

    survey = page.participation_target() if page.pk else page
    preview = survey is None or survey.pk is None or getattr(request, "is_preview", False)
    if survey is None:
        survey = page
    structure = survey.structure
    errors = refusal.errors if isinstance(refusal, InvalidSubmission) and refusal.errors else {}
    context = {"survey": survey, "structure": structure, "preview": preview}
    if preview:
        # The editor sees every step at once, with no form to send.
        empty = MultiValueDict()
        context["preview_steps"] = [
            (
                structure_step,
                [
                    bind(question, empty, {}, f"preview-{page.pk or 'new'}", disabled=True)
                    for question in structure_step.questions
                ],
            )
            for structure_step in structure.steps
        ]
        return context
    participation = participation_display(
        survey, request, page, action_url=page.get_url(request), refusal=refusal
    )
    progress = SurveyProgress(request, survey)
    if data is None:
        data = progress.data
    if step is None:
        step = requested_step(request, structure, progress, data)
    view = step_view(survey, structure, data, errors, step)
    context.update(
        participation=participation,
        step=view,
        error_summary=[bound for bound in view.questions if bound.errors],
        results_url=page.get_url(request) + RESULTS_SUFFIX if participation.show_results else "",
    )
    return context
