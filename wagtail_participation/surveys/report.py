"""What a survey contributes to its result report and its paper questionnaire.

The report's figures are :func:`~.results.survey_results`' (the results page's), drawn with
the results page's own templates and charts; its free-text answers are those the public may
read (:func:`~.views.text_answers`), capped; its raw data is the responses export
(:func:`~.exports.survey_spreadsheet`). The paper questionnaire has the questions of the
paper-entry screen, in its order, with the rules of :mod:`.answers` written out.
"""

from dataclasses import asdict
from functools import cached_property

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ..conf import settings
from ..reports import formats
from ..reports.builder import (
    NeighbourhoodCount,
    PaperForm,
    PaperGrid,
    PaperQuestion,
    PaperSection,
    ParticipationCounts,
    RawExport,
    ReportBuilder,
    ReportSection,
    free_text_section,
    plain_text,
    tick_rule,
)
from .models import SurveyAnswer, SurveyResponse
from .questions import (
    DATE,
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
)
from .results import survey_results

# Lines to write on, per kind of text answer, on paper.
SHORT_TEXT_LINES = 2
LONG_TEXT_LINES = 7
# Choices printed in two columns from this many on (a long list of neighbourhoods).
TWO_COLUMNS_FROM = 8


def kind_description(question):
    """What kind of question it is, as the report says above its results."""
    kind = question.kind
    if kind == MULTIPLE_CHOICE:
        return _("Multiple choice")
    if kind in (SINGLE_CHOICE, NEIGHBOURHOOD):
        return _("Single choice")
    if kind == YES_NO:
        return _("Yes or no")
    if kind == SCALE:
        return _("Scale from %(min)d to %(max)d") % {
            "min": question.scale_min,
            "max": question.scale_max,
        }
    if kind == NUMBER:
        return _("Number") + (f" ({question.unit})" if question.unit else "")
    if kind == DATE:
        return _("Date")
    if kind == RANKING:
        return _("Ranking (Borda count)")
    if kind == MATRIX:
        return _("Table")
    if kind == MAJORITY_JUDGMENT:
        return _("Majority judgment")
    return _("Free text")


def condition_of(structure, question):
    """{"answer": …, "number": …} of the answer a conditional question depends on, or None."""
    condition = question.condition
    if condition is None:
        return None
    source = structure.question(condition.question_key)
    return {"answer": condition.option_label, "number": source.number if source else "?"}


def paper_condition(structure, question):
    """ "Only if you answered “Car” to question 3.", or ""."""
    condition = condition_of(structure, question)
    if condition is None:
        return ""
    return _("Only if you answered “%(answer)s” to question %(number)s.") % condition


def report_condition(structure, question):
    condition = condition_of(structure, question)
    if condition is None:
        return ""
    return (
        _("Asked only to the respondents who answered “%(answer)s” to question %(number)s.")
        % condition
    )


class SurveyReport(ReportBuilder):
    def __init__(self, target):
        super().__init__(target)
        self.survey = target
        self.structure = target.structure

    @cached_property
    def results(self):
        """The figures of the results page, read once per report."""
        return survey_results(self.survey)

    @property
    def kind_label(self):
        return pgettext("kind of participation", "Survey")

    def title(self):
        return self.survey.title

    def introduction(self):
        return plain_text(self.survey.intro)

    def paper_sentence(self):
        return _(
            "On paper: printed questionnaires handed in at the town hall and entered by its "
            "staff, checked by the same rules as online answers."
        )

    def participation_counts(self):
        return ParticipationCounts(online=self.results.online, paper=self.results.paper)

    def neighbourhood_question(self):
        return next((q for q in self.structure.questions if q.kind == NEIGHBOURHOOD), None)

    def participation_per_neighbourhood(self):
        question = self.neighbourhood_question()
        if question is None:
            return None
        result = self.results.question(question.key)
        return [NeighbourhoodCount(row.label, row.total) for row in result.tally.rows]

    # --- results -------------------------------------------------------------------------

    def result_sections(self):
        sections = []
        for result in self.results.questions:
            question = result.question
            sections.append(
                ReportSection(
                    title=f"{question.number}. {question.label}",
                    template="wagtail_participation/surveys/report_question.html",
                    context={
                        "result": result,
                        "respondents": self.results.respondents,
                        "kind": kind_description(question),
                        "condition": report_condition(self.structure, question),
                        "has_free_text": question.is_text or question.allow_other,
                    },
                )
            )
        return sections

    def free_text_questions(self):
        """Questions with written answers: text questions, and choices offering "Other"."""
        return [q for q in self.structure.questions if q.is_text or q.allow_other]

    def free_text_sections(self):
        questions = self.free_text_questions()
        if not questions:
            return []
        written = SurveyAnswer.objects.filter(
            survey_id=self.survey.pk, question_key__in=[q.key for q in questions]
        ).exclude(text="")
        counts = {
            key: (total, public)
            for key, total, public in written.values_list("question_key")
            .annotate(total=Count("pk"), public=Count("pk", filter=Q(hidden=False)))
            .order_by()
        }
        sections = []
        for question in questions:
            total, public = counts.get(question.key, (0, 0))
            title = f"{question.number}. {question.label}"
            if not question.is_text:
                title = _("%(question)s — “Other” answers") % {"question": title}
            sections.append(
                free_text_section(
                    title,
                    total=total,
                    # In the order they were received; the first ones only are read.
                    public_answers=written.filter(question_key=question.key, hidden=False)
                    .order_by("response_id", "pk")
                    .values_list("text", flat=True),
                    public_total=public,
                )
            )
        return sections

    # --- appendix ------------------------------------------------------------------------

    def method(self):
        kinds = {question.kind for question in self.structure.questions}
        paragraphs = [
            _(
                "Online, the database accepts one response per participant. A response is "
                "recorded only when its last step is sent: a survey left halfway leaves "
                "nothing. Paper questionnaires are entered by the town hall's staff, checked "
                "by the same rules as online answers, with the name of who entered them, the "
                "time and the sheet's reference number."
            ),
            _(
                "Each question's figures are about the respondents who answered it: a "
                "question that was optional, or asked only to some (its condition is written "
                "under its title), has fewer answers than the survey has respondents."
            ),
        ]
        if kinds & {SINGLE_CHOICE, YES_NO, NEIGHBOURHOOD}:
            paragraphs.append(
                _(
                    "Single choice, yes or no, neighbourhood: the number of respondents who "
                    "chose each answer, and their share of the respondents who answered the "
                    "question."
                )
            )
        if MULTIPLE_CHOICE in kinds:
            paragraphs.append(
                _(
                    "Multiple choice: each answer's share is the share of the question's "
                    "respondents who ticked it. As one person may tick several answers, the "
                    "shares add up to more than 100 %."
                )
            )
        if kinds & {SCALE, NUMBER}:
            paragraphs.append(
                _(
                    "Scales and numbers: the mean is the sum of the answers divided by their "
                    "number; the median is the middle answer (half of the answers are at or "
                    "below it, half at or above), which a few extreme answers do not move. "
                    "The chart of a number groups the answers in ranges of equal width."
                )
            )
        if RANKING in kinds:
            paragraphs.append(
                _(
                    "Rankings are counted with the Borda method: an item ranked r-th out of n "
                    "items gets n − r points (the first n − 1, the last none), an item left "
                    "unranked none; items are ordered by their points. The share is of the "
                    "highest possible score, every respondent ranking the item first. The "
                    "average rank is among those who ranked the item."
                )
            )
        if MATRIX in kinds:
            paragraphs.append(
                _(
                    "Tables: for each row, the number of respondents who chose each answer, "
                    "and their share of those who answered that row."
                )
            )
        if MAJORITY_JUDGMENT in kinds:
            paragraphs.append(
                _(
                    "Majority judgment: each respondent gives every option a grade. An "
                    "option's majority grade is the best grade that a majority of respondents "
                    "give it or a better one (its median grade). Options are ranked by their "
                    "majority grade and, between equal majority grades, by the usual "
                    "tie-break, the majority value. “+” after a majority grade means that "
                    "more respondents gave the option a better grade than a worse one; “−”, "
                    "the reverse."
                )
            )
        if DATE in kinds:
            paragraphs.append(
                _("Dates: the answers counted per month, with the earliest and the latest.")
            )
        if self.free_text_questions():
            paragraphs.append(
                _(
                    "Written answers are printed as they were written, in the order they were "
                    "received, at most %(limit)d per question. Those the town hall hid from "
                    "the public (personal data, insults) are counted in the totals and kept "
                    "in the export, never printed."
                )
                % {"limit": settings.REPORT_FREE_TEXT_LIMIT}
            )
        question = self.neighbourhood_question()
        if question is not None:
            paragraphs.append(
                _(
                    "Participation per neighbourhood is read from the answers to question "
                    "%(number)s; respondents who did not answer it are not counted there."
                )
                % {"number": question.number}
            )
        paragraphs.append(
            _(
                "Shares are rounded to one decimal place: their sum may differ from 100 % by a "
                "few tenths."
            )
        )
        return paragraphs

    def raw_export(self):
        from .exports import survey_spreadsheet

        headings, rows = survey_spreadsheet(
            self.survey, SurveyResponse.objects.filter(target_id=self.survey.pk)
        )
        return RawExport(
            name=_("responses"),
            description=_(
                "the responses to this survey, one row per response (online or paper form) "
                "and one column per question or option, in the order they were recorded, "
                "written answers hidden from the public included (CSV, UTF-8)"
            ),
            headings=headings,
            rows=rows,
        )

    def data_version(self):
        survey = self.survey
        fields = [
            survey.title,
            survey.intro,
            str(survey.opens_at),
            str(survey.closes_at),
            survey.identity,
            survey.results_visibility,
            survey.live,
        ]
        questions = [asdict(question) for question in self.structure.questions]
        steps = [[step.title, step.intro] for step in self.structure.steps]
        responses = SurveyResponse.objects.filter(target_id=survey.pk).aggregate(
            count=Count("pk"), last=Max("pk"), last_at=Max("submitted_at")
        )
        answers = SurveyAnswer.objects.filter(survey_id=survey.pk)
        # Editors hide written answers one by one: few, listed.
        hidden = list(answers.filter(hidden=True).order_by("pk").values_list("pk", flat=True))
        counted = answers.aggregate(count=Count("pk"), last=Max("pk"))
        return [
            fields,
            questions,
            steps,
            [responses["count"], responses["last"], str(responses["last_at"])],
            [counted["count"], counted["last"]],
            hidden,
            settings.REPORT_FREE_TEXT_LIMIT,
        ]

    # --- admin -----------------------------------------------------------------------------

    def admin_links(self):
        from .admin import SURVEYS_URL_NAME, edit_url, results_url

        return [
            (_("Surveys"), reverse(SURVEYS_URL_NAME)),
            (self.survey.title, edit_url(self.survey)),
            (_("Results and paper forms"), results_url(self.survey)),
        ]

    def paper_entry_url(self):
        from .admin import paper_url

        return paper_url(self.survey)

    # --- paper -----------------------------------------------------------------------------

    def paper_form(self):
        structure = self.structure
        steps = structure.steps
        sections = []
        for step in steps:
            title = step.title
            if len(steps) > 1:
                place = {"position": step.number, "count": len(steps), "title": step.title}
                if step.title:
                    title = _("Part %(position)d of %(count)d: %(title)s") % place
                else:
                    title = _("Part %(position)d of %(count)d") % place
            sections.append(
                PaperSection(
                    title=title,
                    introduction=step.intro or "",
                    questions=tuple(paper_question(structure, q) for q in step.questions),
                )
            )
        notes = [
            _(
                "Tick the boxes, or write in the spaces given, legibly. To undo a tick, fill "
                "the box in completely and tick the right one."
            )
        ]
        if any(question.required for question in structure.questions):
            notes.append(
                _(
                    "Questions marked “answer required” must be answered: without their "
                    "answer, the questionnaire cannot be counted."
                )
            )
        if any(question.condition for question in structure.questions):
            notes.append(
                _(
                    "Answer a question that begins with “Only if…” only if you gave that "
                    "answer: otherwise leave it blank."
                )
            )
        notes.append(_("One questionnaire per person, online or on paper."))
        return PaperForm(
            heading=pgettext("paper form", "Questionnaire"),
            title=self.survey.title,
            introduction=plain_text(self.survey.intro),
            sections=tuple(sections),
            notes=tuple(notes),
        )


def paper_question(structure, question):
    """The :class:`PaperQuestion` of one survey question: the choices of the paper-entry
    screen in its order, and the rules :mod:`.answers` checks, written out."""
    common = {
        "text": question.label,
        "description": question.help_text,
        "number": question.number,
        "condition": paper_condition(structure, question),
        "required": question.required,
    }
    kind = question.kind
    if kind in (SINGLE_CHOICE, YES_NO, NEIGHBOURHOOD, MULTIPLE_CHOICE):
        rule = _("Tick one box only.")
        if kind == MULTIPLE_CHOICE:
            minimum, maximum = question.choice_limits
            rule = tick_rule(minimum, maximum, len(question.offered_options()))
        choices = tuple(str(option.label) for option in question.options)
        return PaperQuestion(
            **common,
            rule=rule,
            choices=choices,
            other=_("Other, please specify:") if question.allow_other else "",
            layout="columns" if len(choices) >= TWO_COLUMNS_FROM else "boxes",
        )
    if kind == SCALE:
        return PaperQuestion(
            **common,
            rule=_("Tick one box only."),
            choices=tuple(str(value) for value in question.scale_values),
            layout="scale",
            ends=(question.min_label, question.max_label),
        )
    if kind == RANKING:
        expected = question.ranks_expected
        if expected == len(question.options):
            rule = _(
                "Number the boxes from 1 to %(count)d: 1 for the one you prefer, each number once."
            ) % {"count": expected}
        else:
            rule = ngettext(
                "Write 1 in the box of the one you prefer; leave the others blank.",
                "Number from 1 to %(count)d the ones you prefer (1 for the first), each number "
                "once; leave the others blank.",
                expected,
            ) % {"count": expected}
        return PaperQuestion(
            **common,
            rule=rule,
            choices=tuple(str(option.label) for option in question.options),
            layout="ranks",
        )
    if kind == MATRIX:
        rule = _("Tick one box per row.")
        if question.required:
            rule = _("Tick one box in every row.")
        return PaperQuestion(
            **common,
            rule=rule,
            grid=PaperGrid(
                columns=tuple(str(column.label) for column in question.columns),
                rows=tuple(str(row.label) for row in question.rows),
            ),
        )
    if kind == MAJORITY_JUDGMENT:
        return PaperQuestion(
            **common,
            rule=_(
                "Give every option a grade: tick one box in every row (or leave the whole "
                "table blank)."
            ),
            grid=PaperGrid(
                columns=tuple(question.grades),
                rows=tuple(str(option.label) for option in question.options),
            ),
        )
    if kind == NUMBER:
        return PaperQuestion(
            **common, rule=number_rule(question), write_in="number", unit=question.unit
        )
    if kind == DATE:
        return PaperQuestion(**common, rule=_("For example 14/07/2026."), write_in="date")
    # A text question: lines to write on.
    lines = SHORT_TEXT_LINES if kind == SHORT_TEXT else LONG_TEXT_LINES
    return PaperQuestion(**common, lines=lines)


def number_rule(question):
    low, high = question.number_min, question.number_max
    if low is not None and high is not None:
        rule = _("A number from %(min)s to %(max)s.") % {
            "min": formats.number(low.normalize()),
            "max": formats.number(high.normalize()),
        }
    elif low is not None:
        rule = _("A number of at least %(min)s.") % {"min": formats.number(low.normalize())}
    elif high is not None:
        rule = _("A number of at most %(max)s.") % {"max": formats.number(high.normalize())}
    else:
        rule = ""
    if not question.decimals:
        rule = f"{rule} {_('A whole number.')}".strip()
    return rule
