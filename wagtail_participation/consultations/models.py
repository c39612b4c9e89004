"""Consultations: the commune asks a question, residents propose ideas and support them, the
town hall moderates, then answers each idea publicly.

A :class:`ConsultationPage` goes through four dated phases — ideas, support, analysis,
answers — and the date alone moves it from one to the next. Its proposals are the proposals
package's (:mod:`..proposals`), with a theme.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from ..participation.models import ParticipationRules
from ..participation.phases import PhaseDefinition, Timeline
from ..proposals.models import AbstractProposal, AbstractProposalReport, AbstractSupport
from ..proposals.pages import ProposalsPageMixin

IDEAS, SUPPORT, ANALYSIS, ANSWERS = "ideas", "support", "analysis", "answers"

PHASES = [
    PhaseDefinition(IDEAS, _("Ideas"), "ideas_start"),
    PhaseDefinition(SUPPORT, _("Support"), "support_start"),
    PhaseDefinition(ANALYSIS, _("Analysis by the town hall"), "analysis_start"),
    PhaseDefinition(ANSWERS, _("Answers"), "answers_start"),
]


def _in_days(days):
    return timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)


def default_ideas_start():
    return _in_days(0)


def default_support_start():
    return _in_days(30)


def default_analysis_start():
    return _in_days(60)


def default_answers_start():
    return _in_days(90)


class ConsultationPage(ProposalsPageMixin, ParticipationRules, Page):
    question = models.CharField(
        _("question"),
        max_length=255,
        help_text=_("What the commune asks, for example “How can we improve life in town?”"),
    )
    context = RichTextField(
        _("context"),
        blank=True,
        help_text=_("What residents need to know before proposing: stakes, budget, who decides."),
    )
    ideas_start = models.DateTimeField(
        _("ideas: from"),
        default=default_ideas_start,
        help_text=_("Residents propose ideas from this moment."),
    )
    support_start = models.DateTimeField(
        _("support: from"),
        default=default_support_start,
        help_text=_("Ideas are closed and residents support them from this moment."),
    )
    analysis_start = models.DateTimeField(
        _("analysis: from"),
        default=default_analysis_start,
        help_text=_("Supports are closed from this moment; the town hall studies the ideas."),
    )
    answers_start = models.DateTimeField(
        _("answers: from"),
        default=default_answers_start,
        help_text=_("The town hall's answers are announced from this moment."),
    )
    supports_during_ideas = models.BooleanField(
        _("supports open with the ideas"),
        default=True,
        help_text=_(
            "Residents may support ideas as soon as they are published, not only during the "
            "support phase."
        ),
    )
    publish_immediately = models.BooleanField(
        _("publish ideas at once"),
        default=False,
        help_text=_(
            "Unticked: new ideas wait in the moderation queue until an editor publishes them. "
            "Ticked: they are published at once and moderated afterwards."
        ),
    )
    support_threshold = models.PositiveIntegerField(
        _("support threshold"),
        null=True,
        blank=True,
        help_text=_("Optional: ideas with at least this many supports are marked."),
    )
    threshold_commitment = models.CharField(
        _("commitment at the threshold"),
        max_length=255,
        blank=True,
        help_text=_("For example: “the town hall commits to studying it”."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("context"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ideas_start"), FieldPanel("support_start")]),
                FieldRowPanel([FieldPanel("analysis_start"), FieldPanel("answers_start")]),
                FieldPanel("supports_during_ideas"),
            ],
            heading=_("Phases"),
        ),
        InlinePanel(
            "themes",
            heading=_("Themes"),
            label=_("Theme"),
            help_text=_("Residents choose one for each idea; without themes, they choose none."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publish_immediately"),
                FieldRowPanel(
                    [FieldPanel("support_threshold"), FieldPanel("threshold_commitment")]
                ),
                FieldPanel("identity"),
                FieldPanel("results_visibility"),
            ],
            heading=_("Participation"),
        ),
    ]

    template = "wagtail_participation/consultations/consultation_page.html"

    class Meta:
        verbose_name = _("consultation page")
        verbose_name_plural = _("consultation pages")

    def __str__(self):
        return self.title

    # --- phases -------------------------------------------------------------------------

    def timeline(self):
        return Timeline.of(self, PHASES)

    def clean(self):
        super().clean()
        self.timeline().validate(PHASES)

    @property
    def opens_at(self):
        """Proposals are open during the ideas phase (ParticipationTarget)."""
        return self.timeline().window(IDEAS)[0]

    @property
    def closes_at(self):
        return self.timeline().window(IDEAS)[1]

    def support_window(self):
        if self.supports_during_ideas:
            return self.timeline().window(IDEAS, SUPPORT)
        return self.timeline().window(SUPPORT)

    def results_final(self, now=None):
        """The supports are the results: final once the support phase is over."""
        return (now or timezone.now()) >= self.support_window()[1]

    @classmethod
    def results_permission(cls):
        # Those who moderate the proposals see the results in the admin.
        return "wagtail_participation.change_consultationproposal"

    # --- proposals ----------------------------------------------------------------------

    def proposal_themes(self):
        """The themes residents choose from, or None where the consultation has none
        (asked once per request: the page instance is the request's)."""
        if not hasattr(self, "_proposal_themes"):
            # The stored themes (a queryset, for the form and the filters): in the editor's
            # preview, self.themes holds the form's unsaved ones instead.
            themes = ConsultationTheme.objects.filter(page_id=self.pk).order_by("sort_order", "pk")
            self._proposal_themes = themes if themes.exists() else None
        return self._proposal_themes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context.update(
            timeline=self.timeline().steps(now),
            current_phase=self.timeline().current(now),
            documents=self.documents.select_related("document"),
        )
        return context


class ConsultationTheme(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=80)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class ConsultationDocument(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ConsultationProposal(AbstractProposal):
    target = models.ForeignKey(
        ConsultationPage,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,
        verbose_name=_("consultation"),
    )
    theme = models.ForeignKey(
        ConsultationTheme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("theme"),
    )

    class Meta(AbstractProposal.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            # The public list: published proposals of one consultation, by supports or date.
            models.Index(
                fields=["target", "status", "-support_count", "-submitted_at"],
                name="wp_cproposal_supports_idx",
            ),
            models.Index(
                fields=["target", "status", "-submitted_at"], name="wp_cproposal_newest_idx"
            ),
            models.Index(fields=["target", "participant_key"], name="wp_cproposal_author_idx"),
        ]


class ConsultationSupport(AbstractSupport):
    # Indexed first by the one-per-participant constraint (target, participant_key).
    target = models.ForeignKey(
        ConsultationProposal,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,
        verbose_name=_("proposal"),
    )

    class Meta(AbstractSupport.Meta):
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        indexes = [models.Index(fields=["participant_key"], name="wp_csupport_participant_idx")]

    def __str__(self):
        return str(self.target)


class ConsultationProposalReport(AbstractProposalReport):
    proposal = models.ForeignKey(
        ConsultationProposal,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("proposal"),
    )

    class Meta(AbstractProposalReport.Meta):
        verbose_name = _("report")
        verbose_name_plural = _("reports")
