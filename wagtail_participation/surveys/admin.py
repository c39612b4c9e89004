"""Surveys in the Wagtail admin.

- "Surveys" (``admin/participation/surveys/``): the survey pages an editor may edit, with their
  number of responses and links to their results, responses and paper entry.
- "Results and paper forms" of one survey (``…/surveys/<id>/results/``): every question's
  results (always, whatever the public rule), filtered by an answer if asked, the written
  answers with a button to hide one from the public; the paper entry form (``…/paper/``).
- "Survey responses" (``admin/participation/surveyresponses/``): every response, newest first,
  filtered by survey, dates, channel and an answer to a choice question, each one viewable,
  exported as CSV or XLSX (a column per question once a survey is chosen).
"""

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter, log

from ..admin.filters import SubmissionFilterSet, paper_reference_filter
from ..admin.listing import SubmissionAdmin, person_name
from ..admin.paper import PaperEntryForm
from ..admin.views import ResultsView
from ..participation import pipeline
from ..participation.errors import AlreadyRecorded, InvalidSubmission, PaperReferenceTaken
from ..participation.models import Channel
from ..reports.links import admin_paper_form_url, admin_report_url
from ..results.visibility import is_editor
from .answers import read_answers, without_hidden_answers
from .display import bind
from .exports import answered_questions, answers_of, summary_spreadsheet, survey_spreadsheet
from .models import SurveyAnswer, SurveyResponse
from .pages import SCHEDULED_CHANGE_REFUSED, SurveyPage
from .results import RespondentsFilter, survey_results
from .views import (
    FILTER_PARAM,
    SEARCH_PARAM,
    TEXTS_PER_PAGE,
    filter_choices,
    result_items,
    text_answers,
    text_excerpts,
    text_question_keys,
)

SURVEYS_URL_NAME = "wagtail_participation_surveys"
SURVEY_RESULTS_URL_NAME = "wagtail_participation_survey_results"
SURVEY_ANSWERS_URL_NAME = "wagtail_participation_survey_answers"
SURVEY_PAPER_URL_NAME = "wagtail_participation_survey_paper"
RESPONSES_INDEX_URL_NAME = "participation_surveyresponses_modeladmin_index"
RESPONSE_INSPECT_URL_NAME = "participation_surveyresponses_modeladmin_inspect"
HIDE_ACTION = "wagtail_participation.hide_answer"
SHOW_ACTION = "wagtail_participation.show_answer"


def results_url(survey):
    return reverse(SURVEY_RESULTS_URL_NAME, args=[survey.pk])


def paper_url(survey):
    return reverse(SURVEY_PAPER_URL_NAME, args=[survey.pk])


def responses_url(survey=None, **filters):
    url = reverse(RESPONSES_INDEX_URL_NAME)
    if survey is not None:
        filters["target"] = survey.pk
    return f"{url}?{urlencode(filters)}" if filters else url


def edit_url(survey):
    return reverse("wagtailadmin_pages:edit", args=[survey.pk])


def visible_surveys(user):
    if user.is_superuser:
        return SurveyPage.objects.all()
    return SurveyPage.results_targets(user)


# --- the responses listing -------------------------------------------------------------------


class SurveyResponseFilterSet(SubmissionFilterSet):
    answer = django_filters.ChoiceFilter(
        label=_("Answer to a choice question"),
        method="filter_answer",
        empty_label=_("Any answer"),
        choices=[],
    )

    paper_reference = paper_reference_filter()

    class Meta(SubmissionFilterSet.Meta):
        fields = [*SubmissionFilterSet.Meta.fields, "paper_reference", "answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        surveys = self.filters["target"].queryset
        chosen = (self.data or {}).get("target")
        if chosen:
            surveys = surveys.filter(pk__in=[chosen] if str(chosen).isdigit() else [])
        choices = []
        for survey in surveys.order_by("title")[:50]:
            for question, options in filter_choices(survey.structure, None):
                group = f"{survey.title} — {question}" if not chosen else question
                choices.append(
                    (group, [(f"{survey.pk}:{option.value}", option.label) for option in options])
                )
        self.filters["answer"].extra["choices"] = choices

    def filter_answer(self, queryset, name, value):
        survey_pk, _sep, rest = value.partition(":")
        question_key, _sep, option_key = rest.partition(":")
        chosen = SurveyAnswer.objects.filter(
            response=OuterRef("pk"),
            survey_id=survey_pk,
            question_key=question_key,
            option_key=option_key,
        )
        return queryset.filter(Exists(chosen))


class SurveyResponseAdmin(SubmissionAdmin):
    model = SurveyResponse
    base_url_path = "participation/surveyresponses"
    menu_label = _("Survey responses")
    menu_icon = "form"
    menu_order = 210
    filterset_class = SurveyResponseFilterSet
    list_display = (
        "participation",
        "submitted_at",
        "channel",
        "paper_reference",
        "entered_by_name",
        "note",
    )
    export_filename = "survey-responses"
    listing_help = _(
        "Paper forms are entered from a survey's “Results and paper forms” page (menu "
        "Participation › Surveys). Only paper entries can be deleted, to correct a mistake. "
        "Choose a survey to export a column per question."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target", "entered_by")

    def target_links(self, survey):
        return [(_("Results and paper forms"), results_url(survey))]

    def participation(self, obj):
        return obj.target.title

    participation.short_description = _("Survey")
    participation.admin_order_field = "target__title"

    def entered_by_name(self, obj):
        return person_name(obj.entered_by)

    entered_by_name.short_description = _("Entered by")
    entered_by_name.admin_order_field = "entered_by__username"

    def inspect_fields(self, response):
        empty = self.get_empty_value_display()
        survey = response.target
        fields = [
            (_("Survey"), survey.title),
            (_("Date"), response.submitted_at),
            (_("Channel"), response.get_channel_display()),
        ]
        if response.channel == Channel.PAPER:
            fields += [
                (_("Reference number"), response.paper_reference or empty),
                (_("Entered by"), person_name(response.entered_by) or empty),
                (_("Note"), response.note or empty),
            ]
        answered = dict(answered_questions(survey, answers_of(response)))
        for question in survey.structure.questions:
            fields.append((f"{question.number}. {question.label}", answered.get(question) or empty))
        # Neither the account nor the receipt of an online response, as for ballots.
        return fields

    def spreadsheet(self, queryset, filterset):
        survey = filterset.form.cleaned_data.get("target")
        if survey is not None:
            return survey_spreadsheet(survey, queryset)
        surveys = {
            survey.pk: survey
            for survey in SurveyPage.objects.filter(pk__in=queryset.values("target_id"))
        }
        return summary_spreadsheet(queryset, surveys)


# --- the surveys ------------------------------------------------------------------------------


class SurveysView(WagtailAdminTemplateMixin, TemplateView):
    """The survey pages this editor may edit, with their responses."""

    template_name = "wagtail_participation/admin/surveys.html"
    page_title = _("Surveys")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user, SurveyPage):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        surveys = (
            visible_surveys(self.request.user)
            .annotate(response_count=Count("submissions"))
            .order_by("-opens_at", "title")
        )
        context["surveys"] = [
            {
                "survey": survey,
                "edit_url": edit_url(survey),
                "results_url": results_url(survey),
                "paper_url": paper_url(survey),
                "report_url": admin_report_url(survey),
                "responses_url": responses_url(survey),
            }
            for survey in surveys
        ]
        return context


class SurveyAdminMixin:
    target_model = SurveyPage

    def parent_links(self):
        return [
            (_("Surveys"), reverse(SURVEYS_URL_NAME)),
            (self.target.title, edit_url(self.target)),
        ]

    def links(self):
        survey = self.target
        return {
            "results_url": results_url(survey),
            "paper_url": paper_url(survey),
            "responses_url": responses_url(survey),
            "paper_responses_url": responses_url(survey, channel=Channel.PAPER),
            "edit_url": edit_url(survey),
            "report_url": admin_report_url(survey),
            "paper_form_url": admin_paper_form_url(survey),
            "live_url": survey.get_url(self.request) if survey.live else "",
            "export_links": [
                (_("Export the responses (CSV)"), responses_url(survey, export="csv")),
                (_("Export the responses (XLSX)"), responses_url(survey, export="xlsx")),
            ],
        }


class SurveyResultsView(SurveyAdminMixin, ResultsView):
    """Every question's results, as editors always see them, with the written answers."""

    template_name = "wagtail_participation/admin/survey_results.html"
    page_title = _("Results and paper forms")

    def get(self, request, *args, **kwargs):
        survey = self.target
        self.respondents_filter = None
        self.filter_error = ""
        if request.GET.get(FILTER_PARAM):
            try:
                self.respondents_filter = RespondentsFilter.parse(
                    survey.structure, request.GET[FILTER_PARAM]
                )
            except ValueError:
                self.filter_error = _("This filter does not exist in this survey.")
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if self.filter_error else 200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.target
        results = survey_results(survey, respondents_filter=self.respondents_filter)
        excerpts = text_excerpts(
            survey,
            survey.structure,
            include_hidden=True,
            respondents_filter=self.respondents_filter,
        )
        context.update(
            survey=survey,
            results=results,
            items=result_items(results, excerpts),
            respondents_filter=self.respondents_filter,
            filter_groups=filter_choices(survey.structure, self.respondents_filter),
            filter_param=FILTER_PARAM,
            filter_error=self.filter_error,
            answers_url=results_url(survey) + "answers/",
            is_open=survey.is_open(),
            has_closed=survey.has_closed(),
            **self.links(),
        )
        return context


class SurveyAnswersView(SurveyAdminMixin, ResultsView):
    """The written answers to one question, hidden ones included, each with a button to hide
    it from the public or show it again."""

    template_name = "wagtail_participation/admin/survey_answers.html"
    http_method_names = ["get", "post", "head", "options"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        question = self.target.structure.question(kwargs["question_key"])
        if question is None or question.key not in text_question_keys(self.target.structure):
            raise Http404
        self.question = question

    def get_page_title(self):
        return _("Written answers to question %(number)s") % {"number": self.question.number}

    def parent_links(self):
        return [*super().parent_links(), (_("Results and paper forms"), results_url(self.target))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get(SEARCH_PARAM, "").strip()[:100]
        answers = text_answers(self.target, self.question, include_hidden=True)
        if search:
            answers = answers.filter(text__icontains=search)
        paginator = Paginator(answers.only("pk", "text", "hidden", "response_id"), TEXTS_PER_PAGE)
        context.update(
            survey=self.target,
            question=self.question,
            answers=paginator.get_page(self.request.GET.get("page")),
            search=search,
            search_param=SEARCH_PARAM,
            response_url_name=RESPONSE_INSPECT_URL_NAME,
            **self.links(),
        )
        return context

    def post(self, request, *args, **kwargs):
        answer = (
            SurveyAnswer.objects.filter(
                survey_id=self.target.pk,
                question_key=self.question.key,
                pk=request.POST.get("answer")
                if str(request.POST.get("answer")).isdigit()
                else None,
            )
            .exclude(text="")
            .first()
        )
        if answer is None:
            raise Http404
        hide = request.POST.get("hidden") == "1"
        if answer.hidden != hide:
            answer.hidden = hide
            answer.save(update_fields=["hidden"])
            log(instance=answer, action=HIDE_ACTION if hide else SHOW_ACTION, user=request.user)
        if hide:
            messages.success(request, _("The answer is hidden from the public."))
        else:
            messages.success(request, _("The answer is shown to the public again."))
        back = request.get_full_path()
        return redirect(back, permanent=False)


class PaperFormForm(PaperEntryForm):
    """What the paper entry adds to the survey's own questions: the sheet's reference number,
    a note and a one-time token."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=255,
        help_text=_("Optional: where the form was collected, anything worth knowing…"),
    )


class SurveyPaperView(SurveyAdminMixin, ResultsView):
    """``GET``: an empty paper form (every step on one page); ``POST``: store it, checked by
    the same rules as an online response."""

    template_name = "wagtail_participation/admin/survey_paper.html"
    page_title = _("Enter a paper form")
    http_method_names = ["get", "post", "head", "options"]

    def parent_links(self):
        return [*super().parent_links(), (_("Results and paper forms"), results_url(self.target))]

    def get_context_data(self, data=None, errors=None, form=None, status_message="", **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.target
        data = data or MultiValueDict()
        data = without_hidden_answers(
            survey.structure, data, read_answers(survey.structure, data).visible
        )
        errors = errors or {}
        if form is None:
            form = PaperFormForm()
        steps = [
            (
                step,
                [bind(question, data, errors, f"paper-{survey.pk}") for question in step.questions],
            )
            for step in survey.structure.steps
        ]
        context.update(
            survey=survey,
            steps=steps,
            form=form,
            error_count=len(errors),
            status_message=status_message,
            recent=SurveyResponse.objects.filter(target=survey, channel=Channel.PAPER)
            .select_related("entered_by")
            .order_by("-submitted_at", "-pk")[:10],
            response_url_name=RESPONSE_INSPECT_URL_NAME,
            delete_url_name="participation_surveyresponses_modeladmin_delete",
            **self.links(),
        )
        return context

    def post(self, request, *args, **kwargs):
        survey = self.target
        form = PaperFormForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(data=request.POST, form=form)
            return self.render_to_response(context, status=400)
        try:
            cleaned = survey.validate_submission(request.POST)
            response = pipeline.store_paper_submission(
                survey,
                cleaned,
                entered_by=request.user,
                note=form.cleaned_data["note"],
                **form.paper_fields(),
            )
        except AlreadyRecorded as refused:
            context = self.get_context_data(status_message=refused.message)
            return self.render_to_response(context, status=refused.status)
        except PaperReferenceTaken as refused:
            # The sheet's answers are kept on screen: the number may just be mistyped.
            form.add_error("paper_reference", refused.message)
            context = self.get_context_data(data=request.POST, form=form)
            return self.render_to_response(context, status=refused.status)
        except InvalidSubmission as refused:
            context = self.get_context_data(
                data=request.POST,
                errors=refused.errors,
                form=form,
                status_message="" if refused.errors else refused.message,
            )
            return self.render_to_response(context, status=refused.status)
        log(instance=response, action="wagtail.create", user=request.user)
        messages.success(
            request,
            _("Paper form recorded for “%(survey)s”. You can enter the next one.")
            % {"survey": survey.title},
            buttons=[
                messages.button(reverse(RESPONSE_INSPECT_URL_NAME, args=[response.pk]), _("See it"))
            ],
        )
        return redirect(paper_url(survey), permanent=False)


# --- hooks --------------------------------------------------------------------------------------


def survey_page_buttons(page, user, *args, **kwargs):
    if isinstance(page.specific_deferred, SurveyPage) and is_editor(user, page.specific):
        yield Button(
            _("Results and paper forms"),
            url=results_url(page),
            icon_name="table",
            priority=35,
        )
        yield Button(
            _("PDF report"),
            url=admin_report_url(page.specific),
            icon_name="doc-full",
            priority=36,
        )


class ScheduledChangeRefused(LogFormatter):
    label = _("Refuse a scheduled change of a survey")

    def format_message(self, log_entry):
        return " ".join(
            [
                gettext("Scheduled change not published: residents answered the survey meanwhile."),
                *log_entry.data.get("problems", []),
            ]
        )


def register_log_actions(actions):
    actions.register_action(HIDE_ACTION, _("Hide an answer"), _("Answer hidden from the public"))
    actions.register_action(SHOW_ACTION, _("Show an answer"), _("Answer shown to the public again"))
    actions.register_action(SCHEDULED_CHANGE_REFUSED)(ScheduledChangeRefused)


def admin_urls():
    return [
        path("participation/surveys/", SurveysView.as_view(), name=SURVEYS_URL_NAME),
        path(
            "participation/surveys/<int:target_id>/results/",
            SurveyResultsView.as_view(),
            name=SURVEY_RESULTS_URL_NAME,
        ),
        path(
            "participation/surveys/<int:target_id>/results/answers/<str:question_key>/",
            SurveyAnswersView.as_view(),
            name=SURVEY_ANSWERS_URL_NAME,
        ),
        path(
            "participation/surveys/<int:target_id>/paper/",
            SurveyPaperView.as_view(),
            name=SURVEY_PAPER_URL_NAME,
        ),
    ]


def surveys_menu_item():
    from wagtail.admin.menu import MenuItem

    class SurveysMenuItem(MenuItem):
        def is_shown(self, request):
            return is_editor(request.user, SurveyPage)

    return SurveysMenuItem(
        _("Surveys"),
        reverse(SURVEYS_URL_NAME),
        name="participation_surveys",
        icon_name="form",
        order=200,
    )
