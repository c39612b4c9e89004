"""What residents answered to a survey, stored normalised.

One :class:`SurveyResponse` per participant (the participation skeleton's submission), and one
:class:`SurveyAnswer` row per answered question or chosen option: a question's results are
then ``GROUP BY`` queries over an index, never a loop over responses in Python.
"""

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..participation.models import AbstractSubmission, Channel


class SurveyResponse(AbstractSubmission):
    """One resident's answers to a survey (online), or one paper form entered by staff."""

    # Indexed by (target, submitted_at) below: the listing and the results' cache key read it.
    target = models.ForeignKey(
        "wagtail_participation.SurveyPage",
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,
        verbose_name=_("survey"),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("For a paper form: its number, where it was collected…"),
    )

    class Meta(AbstractSubmission.Meta):
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["target", "submitted_at"], name="wp_surveyresponse_date_idx"),
        ]

    def __str__(self):
        date = formats.date_format(timezone.localtime(self.submitted_at), "SHORT_DATETIME_FORMAT")
        return f"{self.target.title} – {self.get_channel_display()} – {date}"


class SurveyAnswer(models.Model):
    """One answered question, or one chosen option of a question that has several (a multiple
    choice, a ranking, a table, a majority judgment).

    Questions and options are referred to by their stable keys (the StreamField block id, the
    ListBlock item id), with their wording at the time of the answer: rewording a question
    keeps its answers, and an answer always says what it answered.
    """

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    # Denormalised from the response, so that a survey's results are GROUP BY queries over
    # the indexes below, without a join. No database constraint: the response's own key
    # already guarantees the survey exists.
    survey = models.ForeignKey(
        "wagtail_participation.SurveyPage",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    question_key = models.CharField(max_length=64)
    question_label = models.CharField(max_length=255)
    # The chosen option, ranked item, graded option or the column of a table's row.
    option_key = models.CharField(max_length=64, blank=True)
    option_label = models.CharField(max_length=255, blank=True)
    # The row of a table (matrix) question.
    row_key = models.CharField(max_length=64, blank=True)
    # A scale's value or a number.
    number = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    # A ranking: 1 for the first.
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    # A majority judgment: the grade's index, 0 for the best.
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # A text answer, or what "Other, please specify" says.
    text = models.TextField(blank=True)
    # Hidden from the public results by an editor (personal data, insults); kept, and still
    # counted and exported.
    hidden = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            # Options, rankings, tables and majority judgments: one GROUP BY over this index.
            models.Index(
                fields=[
                    "survey",
                    "question_key",
                    "option_key",
                    "row_key",
                    "grade",
                    "channel",
                    "rank",
                ],
                name="wp_survey_answer_option_idx",
            ),
            # Scales, numbers and dates: statistics, distributions, medians, days.
            models.Index(
                fields=["survey", "question_key", "number", "date"],
                name="wp_survey_answer_value_idx",
            ),
            # Respondents per question, and the respondents of a cross-filter.
            models.Index(
                fields=["survey", "question_key", "response"],
                name="wp_survey_answer_resp_idx",
            ),
        ]

    def __str__(self):
        return f"{self.question_label}: {self.option_label or self.text or self.number or ''}"
