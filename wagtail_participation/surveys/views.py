"""The public results of a survey (``<survey>/results/``) and the list of its free-text answers
(``<survey>/results/answers/<question>/``), both under the one visibility rule."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..conf import settings
from ..participation.layout import Link, route_layout
from ..participation.status import participation_status
from ..reports.links import public_report_url
from ..results.visibility import is_editor, results_visible
from .models import SurveyAnswer
from .questions import OTHER
from .results import RespondentsFilter, survey_results

FILTER_PARAM = "filter"
SEARCH_PARAM = "q"
TEXTS_PER_PAGE = 20
EXCERPTS = 3
MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class FilterChoice:
    value: str
    label: str
    selected: bool


def filter_choices(structure, current):
    """(question label, [FilterChoice]) for every choice question: what results may be
    filtered by."""
    groups = []
    for question in structure.choice_questions():
        options = [
            FilterChoice(
                value=f"{question.key}:{option.key}",
                label=str(option.label),
                selected=current is not None and current.param == f"{question.key}:{option.key}",
            )
            for option in question.offered_options()
        ]
        groups.append((f"{question.number}. {question.label}", options))
    return groups


def text_question_keys(structure):
    """Questions whose answers include free text: text questions, and choice questions
    offering "Other, please specify"."""
    return [q.key for q in structure.questions if q.is_text or q.allow_other]


def text_answers(survey, question, *, include_hidden=False, respondents_filter=None):
    answers = SurveyAnswer.objects.filter(survey_id=survey.pk, question_key=question.key).exclude(
        text=""
    )
    if question.allow_other:
        answers = answers.filter(option_key=OTHER)
    if not include_hidden:
        answers = answers.filter(hidden=False)
    if respondents_filter is not None:
        answers = answers.filter(
            response_id__in=SurveyAnswer.objects.filter(
                survey_id=survey.pk,
                question_key=respondents_filter.question_key,
                option_key=respondents_filter.option_key,
            ).values("response_id")
        )
    return answers.order_by("-response_id", "-pk")


def text_excerpts(survey, structure, *, include_hidden=False, respondents_filter=None):
    """{question key: (latest answers, how many)} for the results page: one query per
    question with free text, whatever the number of answers."""
    excerpts = {}
    for key in text_question_keys(structure):
        answers = text_answers(
            survey,
            structure.question(key),
            include_hidden=include_hidden,
            respondents_filter=respondents_filter,
        )
        latest = list(answers[: EXCERPTS + 1])
        excerpts[key] = latest
    return excerpts


def result_items(results, excerpts):
    """(question result, its latest written answers or None) for the results templates."""
    return [(result, excerpts.get(result.question.key)) for result in results.questions]


def _refusal(request, page, message, status):
    context = {
        **route_layout(page, request, _("Results"), back=_("Back to the survey")),
        "page": page,
        "message": message,
    }
    return TemplateResponse(
        request, "wagtail_participation/surveys/results_refused.html", context, status=status
    )


def _not_published(survey, page, request):
    """The refusal to show, if the one visibility rule keeps this visitor from the results;
    else None."""
    status = participation_status(request, survey)
    user = getattr(request, "user", None)
    if results_visible(survey, user=user, has_participated=status.has_participated):
        return None
    return _refusal(
        request,
        page,
        _("The results of this survey are not published yet (%(rule)s).")
        % {"rule": survey.get_results_visibility_display().lower()},
        403,
    )


def serve_results(page, request):
    survey = page.participation_target()
    refused = _not_published(survey, page, request)
    if refused is not None:
        return refused
    structure = survey.structure
    respondents_filter = None
    if request.GET.get(FILTER_PARAM):
        try:
            respondents_filter = RespondentsFilter.parse(structure, request.GET[FILTER_PARAM])
        except ValueError:
            return _refusal(request, page, _("This filter does not exist in this survey."), 400)
    results = survey_results(survey, respondents_filter=respondents_filter)
    minimum = settings.SURVEY_FILTER_MIN_RESPONDENTS
    too_few = (
        respondents_filter is not None
        and results.respondents < minimum
        and not is_editor(getattr(request, "user", None), survey)
    )
    excerpts = (
        {} if too_few else text_excerpts(survey, structure, respondents_filter=respondents_filter)
    )
    context = {
        **route_layout(
            page,
            request,
            _("Results: %(title)s") % {"title": page.title},
            current=_("Results"),
            back=_("Back to the survey"),
        ),
        "page": page,
        "survey": survey,
        "results": results,
        "respondents_filter": respondents_filter,
        "filter_groups": filter_choices(structure, respondents_filter),
        "filter_param": FILTER_PARAM,
        "too_few": too_few,
        "minimum": minimum,
        "items": result_items(results, excerpts),
        "answers_url": page.get_url(request) + "results/answers/",
        "survey_url": page.get_url(request),
        # The report of every respondent's results, served under the same rule.
        "report_url": public_report_url(survey),
    }
    return TemplateResponse(request, "wagtail_participation/surveys/results_page.html", context)


def serve_text_answers(page, request, question_key):
    survey = page.participation_target()
    refused = _not_published(survey, page, request)
    if refused is not None:
        return refused
    question = survey.structure.question(question_key)
    if question is None or question.key not in text_question_keys(survey.structure):
        return _refusal(request, page, _("This question has no written answers to show."), 404)
    search = request.GET.get(SEARCH_PARAM, "").strip()[:MAX_SEARCH_LENGTH]
    answers = text_answers(survey, question)
    if search:
        answers = answers.filter(text__icontains=search)
    paginator = Paginator(answers.only("pk", "text", "response_id"), TEXTS_PER_PAGE)
    page_of_answers = paginator.get_page(request.GET.get("page"))
    results_url = page.get_url(request) + "results/"
    heading = _("Written answers to question %(number)s") % {"number": question.number}
    context = {
        **route_layout(
            page,
            request,
            f"{heading} – {page.title}",
            current=heading,
            links=[Link(_("Results"), results_url)],
            back=_("Back to the results"),
        ),
        "page": page,
        "survey": survey,
        "question": question,
        "answers": page_of_answers,
        "search": search,
        "search_param": SEARCH_PARAM,
        "results_url": results_url,
    }
    return TemplateResponse(request, "wagtail_participation/surveys/text_answers.html", context)
