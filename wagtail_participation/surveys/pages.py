"""The survey page: a questionnaire residents answer in one or several steps.

The page is its own participation (``ParticipationSettings``): opening dates, who may answer,
who sees the results. A survey with section breaks is answered step by step: each step is
checked when sent and kept in the session; the last one submits the whole response through the
pipeline, once. Nothing is stored before that, so an abandoned survey leaves nothing behind.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from ..participation import pipeline
from ..participation.errors import InvalidSubmission, ParticipationRefused
from ..participation.layout import page_layout
from ..participation.models import ParticipationSettings
from ..participation.pages import ParticipationPageMixin
from ..participation.responses import redirect_after_success
from .answers import check_known_fields, read_answers, visible_steps
from .blocks import SurveyBodyBlock
from .lock import refused_changes
from .models import SurveyAnswer, SurveyResponse
from .questions import build_structure

STEP_PARAM = "step"
STEP_FIELD = "step"
ACTION_FIELD = "action"
BACK = "back"
RESULTS_PATH = "results"
TEXT_ANSWERS_PATH = "answers"
# The log action Wagtail's publish_scheduled command publishes with.
SCHEDULED_PUBLISH = "wagtail.publish.scheduled"
SCHEDULED_CHANGE_REFUSED = "wagtail_participation.survey_scheduled_change_refused"

logger = logging.getLogger(__name__)


class InvalidStep(ParticipationRefused):
    """A step the resident cannot be on: forged, or not reached yet."""

    status = 400
    code = "invalid_step"
    default_message = _(
        "This step of the survey is not available: answer the previous steps first. Your "
        "answers so far are kept."
    )


class SurveyChanged(InvalidSubmission):
    default_message = _(
        "This survey has just been changed by the town hall. Please check your answers and "
        "send them again."
    )


class SurveyProgress:
    """A resident's way through a multi-step survey, kept in their session: the answers
    given so far (as sent, so that the form shows them again) and the furthest step reached."""

    def __init__(self, request, survey):
        self.session = getattr(request, "session", None)
        self.key = f"wagtail_participation:survey:{survey.pk}"
        stored = self.session.get(self.key) if self.session is not None else None
        stored = stored if isinstance(stored, dict) else {}
        self.data = MultiValueDict(
            {
                str(name): [str(value) for value in values]
                for name, values in (stored.get("data") or {}).items()
                if isinstance(values, list)
            }
        )
        reached = stored.get("reached")
        self.reached = reached if isinstance(reached, int) and reached >= 1 else 1

    def merged(self, structure, step, posted):
        """The answers so far, with those of ``step`` replaced by what ``posted`` holds.
        Fields of questions the survey no longer has are dropped."""
        data = MultiValueDict(
            {
                name: values
                for name, values in self.data.lists()
                if name in structure.field_owner and structure.field_owner[name].step != step
            }
        )
        for question in structure.step(step).questions:
            for name in question.field_names():
                values = [value for value in posted.getlist(name) if value != ""]
                if values:
                    data.setlist(name, values)
        return data

    def keep(self, data, reached=None):
        if self.session is None:
            return
        if reached is not None:
            self.reached = max(self.reached, reached)
        self.session[self.key] = {"data": dict(data.lists()), "reached": self.reached}

    def clear(self):
        if self.session is not None:
            self.session.pop(self.key, None)


def prune(structure, data, visible):
    """``data`` without the answers of questions a condition now hides (an earlier answer was
    changed): they no longer apply, and are not this resident's answers any more."""
    return MultiValueDict(
        {
            name: values
            for name, values in data.lists()
            if name in structure.field_owner and structure.field_owner[name].key in visible
        }
    )


class SurveyPage(ParticipationPageMixin, ParticipationSettings, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Why the town hall asks, how long it takes, what will be done with it."),
    )
    body = StreamField(
        SurveyBodyBlock(),
        verbose_name=_("questions"),
        help_text=_(
            "Add questions with the + button. A “New step” block starts a new page of the survey."
        ),
    )
    thank_you = RichTextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown once a resident has sent their answers."),
    )

    content_panels = [
        *Page.content_panels,
        HelpPanel(template="wagtail_participation/admin/survey_lock_notice.html"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("thank_you"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("identity"),
                FieldPanel("results_visibility"),
            ],
            heading=_("Participation"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    template = "wagtail_participation/surveys/survey_page.html"
    subpage_types = []
    report_builder = "wagtail_participation.surveys.report.SurveyReport"

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    # --- the participation -------------------------------------------------------------------

    def participation_target(self):
        # An alias collects its answers on the page it copies.
        if self.alias_of_id:
            return SurveyPage.objects.filter(pk=self.alias_of_id).first()
        return self

    @classmethod
    def results_permission(cls):
        return "wagtailcore.change_page"

    def results_editor(self, user):
        """Editors of this page in Wagtail's tree see its results and responses."""
        return self.permissions_for_user(user).can_edit()

    @classmethod
    def results_editors_include(cls, user):
        return cls.results_targets(user).exists()

    @classmethod
    def results_targets(cls, user):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        editable = PagePermissionPolicy().instances_user_has_any_permission_for(
            user, ["change", "publish"]
        )
        return cls.objects.filter(pk__in=editable.values("pk"))

    @cached_property
    def structure(self):
        return build_structure(self.body)

    def validate_submission(self, data):
        structure = self.structure
        check_known_fields(structure, data)
        read = read_answers(structure, data)
        if read.errors:
            raise InvalidSubmission(errors=read.errors)
        return {"answers": list(read.answers.values()), "live_revision_id": self.live_revision_id}

    def store_submission(self, submission, cleaned_data):
        # The page row is locked while the response is written, as the editor's save locks it
        # while it checks the structure (see save()): a question or option removed in the
        # meantime is noticed by one side or the other, never by neither.
        locked = SurveyPage.objects.select_for_update().filter(pk=self.pk)
        live_revision = locked.values_list("live_revision_id", flat=True).first()
        if live_revision != cleaned_data.get("live_revision_id", live_revision):
            raise SurveyChanged()
        submission.save()
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=submission, survey_id=self.pk, channel=submission.channel, **row)
            for answer in cleaned_data["answers"]
            for row in answer.rows()
        )

    # --- the structure lock ------------------------------------------------------------------

    def response_count(self):
        return SurveyResponse.objects.filter(target_id=self.pk).count() if self.pk else 0

    def structure_lock_problems(self):
        """Why this (edited) survey may not be saved over the stored one, given its answers."""
        if self.pk is None:
            return []
        stored = SurveyPage.objects.filter(pk=self.pk).first()
        if stored is None or not SurveyResponse.objects.filter(target_id=self.pk).exists():
            return []
        return refused_changes(
            self.pk,
            build_structure(stored.body, with_neighbourhoods=False),
            build_structure(self.body, with_neighbourhoods=False),
        )

    def clean(self):
        super().clean()
        problems = self.structure_lock_problems()
        if problems:
            raise ValidationError({"body": problems})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk is None or (update_fields is not None and "body" not in update_fields):
            return super().save(*args, **kwargs)
        with transaction.atomic():
            # Checked again under the page row's lock, which a response takes while it is
            # stored (store_submission): the form's check ran before it.
            SurveyPage.objects.select_for_update().filter(pk=self.pk).exists()
            problems = self.structure_lock_problems()
            if problems:
                raise ValidationError({"body": problems})
            return super().save(*args, **kwargs)

    def publish(self, revision, *args, log_action=True, **kwargs):
        try:
            return super().publish(revision, *args, log_action=log_action, **kwargs)
        except ValidationError as refused:
            if log_action != SCHEDULED_PUBLISH:
                raise
            # A change scheduled while nobody had answered, answered before its time. Wagtail's
            # publish_scheduled publishes every due revision in one loop that stops at the
            # first error, having already taken this revision off the schedule: the change
            # stays a draft, the page's history says why, and the other pages go live.
            log(
                instance=self,
                action=SCHEDULED_CHANGE_REFUSED,
                revision=revision,
                data={"problems": refused.messages},
            )
            logger.warning("Scheduled change of survey %s refused: %s", self.pk, refused.messages)
            return None

    # --- serving -----------------------------------------------------------------------------

    def route(self, request, path_components):
        if path_components and self.live:
            if path_components == [RESULTS_PATH]:
                return RouteResult(self, kwargs={"subpage": "results"})
            if len(path_components) == 3 and path_components[0] == RESULTS_PATH:
                if path_components[1] == TEXT_ANSWERS_PATH:
                    return RouteResult(
                        self, kwargs={"subpage": "texts", "question_key": path_components[2]}
                    )
        return super().route(request, path_components)

    def serve(self, request, *args, subpage=None, question_key=None, **kwargs):
        if subpage is not None:
            from .views import serve_results, serve_text_answers

            if request.method not in ("GET", "HEAD"):
                raise Http404
            if subpage == "results":
                return serve_results(self, request)
            return serve_text_answers(self, request, question_key)
        if request.method == "GET" and STEP_PARAM in request.GET:
            survey = self.participation_target()
            if survey is not None:
                progress = SurveyProgress(request, survey)
                try:
                    self.posted_step(request.GET.get(STEP_PARAM), survey.structure, progress)
                except InvalidStep as refused:
                    context = self.get_context(request, participation_refusal=refused)
                    return TemplateResponse(
                        request, self.get_template(request), context, status=refused.status
                    )
        return super().serve(request, *args, **kwargs)

    def serve_submission(self, request, *args, **kwargs):
        survey = self.participation_target()
        if survey is None:
            raise Http404
        structure = survey.structure
        progress = SurveyProgress(request, survey)
        step = None
        data = None
        try:
            pipeline.check_step(request, survey)
            step = self.posted_step(request.POST.get(STEP_FIELD), structure, progress)
            check_known_fields(structure, request.POST)
            data = progress.merged(structure, step, request.POST)
            if request.POST.get(ACTION_FIELD) == BACK:
                progress.keep(data)
                earlier = [s for s in self.reachable_steps(structure, data, progress) if s < step]
                return self.redirect_to_step(request, earlier[-1] if earlier else 1)
            read = read_answers(structure, data, steps=[step])
            if read.errors:
                raise InvalidSubmission(errors=read.errors)
            data = prune(structure, data, read.visible)
            later = [s for s in visible_steps(structure, read.answers) if s > step]
            if later:
                progress.keep(data, reached=later[0])
                return self.redirect_to_step(request, later[0])
            outcome = pipeline.submit(request, survey, data=data)
        except ParticipationRefused as refused:
            return self.refused(request, refused, structure, step, data, progress)
        progress.clear()
        return redirect_after_success(request, self, survey, outcome)

    def refused(self, request, refused, structure, step, data, progress):
        if isinstance(refused, InvalidSubmission) and refused.errors:
            # The step of the first question in error: bad answers come back where they
            # were given (the last step's submission checks every step again).
            steps = [
                structure.question(key).step for key in refused.errors if structure.question(key)
            ]
            step = min(steps) if steps else step
        if data is not None:
            # What they sent is kept, errors and all: the other answers are not typed again.
            progress.keep(data)
        context = self.get_context(
            request,
            participation_refusal=refused,
            step=step,
            data=data if data is not None else None,
        )
        return TemplateResponse(request, self.get_template(request), context, status=refused.status)

    def posted_step(self, value, structure, progress):
        """The step a POST says it answers, if the resident may be on it."""
        try:
            step = int(value or 1)
        except (TypeError, ValueError):
            raise InvalidStep() from None
        if step not in self.reachable_steps(structure, progress.data, progress):
            raise InvalidStep()
        return step

    def reachable_steps(self, structure, data, progress):
        """Steps shown to this resident that they have reached."""
        answers = read_answers(structure, data).answers
        return [s for s in visible_steps(structure, answers) if s <= progress.reached]

    def redirect_to_step(self, request, step):
        url = f"{self.get_url(request)}?{STEP_PARAM}={step}"
        return HttpResponseRedirect(f"{url}#{self.participation_target().html_id()}", status=303)

    def get_context(self, request, *args, participation_refusal=None, step=None, data=None, **kw):
        from .display import survey_context

        context = super().get_context(request, *args, **kw)
        context.update(page_layout(self))
        context.update(
            survey_context(self, request, refusal=participation_refusal, step=step, data=data)
        )
        return context
