"""The structure lock: once residents have answered, what would corrupt the results is refused.

Refused for a question that has answers: deleting it, changing its kind, removing an option, a
ranked item, a table row or column that has answers, changing a scale's bounds, adding items to
a ranking or options to a majority judgment (earlier respondents did not rank or grade them),
changing the number of grades or of items to rank. Rewording, help texts, "required",
conditions, new questions and new options of choice questions stay free.

Only what changes is looked up, each with an index seek: the check costs the same whatever the
number of answers.
"""

from django.utils.translation import gettext as _

from .questions import (
    MAJORITY_JUDGMENT,
    MATRIX,
    MULTIPLE_CHOICE,
    RANKING,
    SCALE,
    SINGLE_CHOICE,
    YES_NO,
)

OPTION_KINDS = {SINGLE_CHOICE, MULTIPLE_CHOICE, YES_NO, RANKING, MAJORITY_JUDGMENT}


def _title(question):
    return f"Q{question.number}. {question.label}"


def refused_changes(survey_pk, old, new):
    """Messages saying why the change from structure ``old`` to ``new`` is refused, given the
    answers stored for survey ``survey_pk``; an empty list if it is allowed."""
    from .models import SurveyAnswer

    answers = SurveyAnswer.objects.filter(survey_id=survey_pk)

    def answered(**lookup):
        return answers.filter(**lookup).exists()

    problems = []
    option_chosen = _(  # one message, for options and table columns alike
        "%(question)s: the answer “%(option)s” has been chosen, it cannot be removed."
    )
    for question in old.questions:
        current = new.question(question.key)
        if current is None or current.kind != question.kind:
            if answered(question_key=question.key):
                if current is None:
                    message = _("%(question)s has answers: it cannot be deleted.")
                else:
                    message = _("%(question)s has answers: its kind cannot be changed.")
                problems.append(message % {"question": _title(question)})
            continue
        key = question.key
        if question.kind in OPTION_KINDS:
            kept = {option.key for option in current.options}
            for option in question.options:
                if option.key not in kept and answered(question_key=key, option_key=option.key):
                    problems.append(
                        option_chosen % {"question": _title(question), "option": option.label}
                    )
        if question.kind == MATRIX:
            kept_rows = {row.key for row in current.rows}
            for row in question.rows:
                if row.key not in kept_rows and answered(question_key=key, row_key=row.key):
                    problems.append(
                        _("%(question)s: the row “%(row)s” has answers, it cannot be removed.")
                        % {"question": _title(question), "row": row.label}
                    )
            kept_columns = {column.key for column in current.columns}
            for column in question.columns:
                if column.key not in kept_columns and answered(
                    question_key=key, option_key=column.key
                ):
                    problems.append(
                        option_chosen % {"question": _title(question), "option": column.label}
                    )
        changed = _changed_rules(question, current)
        if changed and answered(question_key=key):
            problems.append(changed % {"question": _title(question)})
    if problems:
        problems.append(
            _(
                "Residents have already answered this survey, and these changes would make "
                "their answers say something else. To ask different questions, close this "
                "survey (set its closing date) and copy the page: the copy starts with no "
                "answers."
            )
        )
    return problems


def _changed_rules(old, new):
    """The message for a rule of ``old`` changed in ``new`` that earlier answers depend on."""
    if old.kind == SCALE and (old.scale_min, old.scale_max) != (new.scale_min, new.scale_max):
        return _("%(question)s has answers: its scale cannot change.")
    if old.kind == RANKING:
        if {o.key for o in new.options} - {o.key for o in old.options}:
            return _(
                "%(question)s has answers: items cannot be added (earlier respondents did not "
                "rank them)."
            )
        if old.ranks_expected != new.ranks_expected:
            return _("%(question)s has answers: the number of items to rank cannot change.")
    if old.kind == MAJORITY_JUDGMENT:
        if {o.key for o in new.options} - {o.key for o in old.options}:
            return _(
                "%(question)s has answers: options cannot be added (earlier respondents did "
                "not grade them)."
            )
        if len(old.grades) != len(new.grades):
            return _("%(question)s has answers: its number of grades cannot change.")
    return None
