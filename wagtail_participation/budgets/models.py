"""Participatory budgets: a :class:`BudgetPage` goes through five dated phases — projects
submitted, reviewed, voted on, results, follow-up of the works — and the date alone moves it
from one to the next.

- The money is split into one or more :class:`BudgetEnvelope` (the whole commune, a
  neighbourhood, "small projects"…): each is voted on and counted on its own, and is the
  participation target of its ballots (one per participant and envelope, by the database).
- Residents' projects are the proposals package's (:class:`BudgetProject`, a proposal with a
  cost, an envelope and the commune's review); only feasible ones reach the ballot.
- A :class:`BudgetBallot` holds one row per approved project (:class:`BudgetBallotChoice`), so
  that the count reads every ballot in one streamed query.
- Counting (:mod:`.counting`) stores each envelope's outcome in a :class:`BudgetCount`; an
  editor publishes the results once the vote is closed; winning projects are then followed
  (:class:`BudgetProjectUpdate`).
"""

from datetime import timedelta

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from ..participation.models import (
    AbstractSubmission,
    Neighbourhood,
    ParticipationRules,
    ResultsVisibility,
)
from ..participation.phases import NEVER, PhaseDefinition, Timeline
from ..participation.target import ParticipationStep
from ..proposals.models import AbstractProposal, AbstractProposalReport, proposal_image_path
from ..proposals.pages import ProposalsPageMixin
from .choices import (
    FOLLOW_UP,
    RESULTS,
    REVIEW,
    SUBMISSION,
    VOTE,
    CountingRule,
    Feasibility,
    TieBreaking,
    WorksStatus,
)
from .money import AMOUNT_VALIDATORS, euros
from .pages import BudgetRoutesMixin

PHASES = [
    PhaseDefinition(SUBMISSION, _("Projects submitted"), "submission_start"),
    PhaseDefinition(REVIEW, _("Review by the town hall"), "review_start"),
    PhaseDefinition(VOTE, _("Vote"), "vote_start"),
    PhaseDefinition(RESULTS, _("Results"), "results_start"),
    PhaseDefinition(FOLLOW_UP, _("Follow-up of the works"), "follow_up_start"),
]

# Fields of the page that make up the ballot's rules and its count: frozen once the vote
# opens (see BudgetPage.rules_frozen).
RULE_FIELDS = (
    "max_projects",
    "min_projects",
    "within_envelope",
    "min_percent",
    "counting_rule",
    "tie_breaking",
    "draw_seed",
)


def _in_days(days):
    return timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)


def default_submission_start():
    return _in_days(0)


def default_review_start():
    return _in_days(45)


def default_vote_start():
    return _in_days(90)


def default_results_start():
    return _in_days(111)


def default_follow_up_start():
    return _in_days(140)


class BudgetPage(BudgetRoutesMixin, ProposalsPageMixin, ParticipationRules, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "What residents need to know: who may propose, what a project may be, who decides."
        ),
    )
    submission_start = models.DateTimeField(
        _("projects: from"),
        default=default_submission_start,
        help_text=_("Residents submit projects from this moment."),
    )
    review_start = models.DateTimeField(
        _("review: from"),
        default=default_review_start,
        help_text=_("Submissions are closed from this moment; the town hall studies the projects."),
    )
    vote_start = models.DateTimeField(
        _("vote: from"),
        default=default_vote_start,
        help_text=_(
            "Residents vote from this moment. The ballot's rules and the projects on it are "
            "frozen from then on."
        ),
    )
    results_start = models.DateTimeField(
        _("results: from"),
        default=default_results_start,
        help_text=_(
            "The vote closes at this moment; an editor then counts the ballots and publishes "
            "the results."
        ),
    )
    follow_up_start = models.DateTimeField(
        _("follow-up: from"),
        default=default_follow_up_start,
        help_text=_("The page then shows first how the funded projects are coming along."),
    )
    publish_immediately = models.BooleanField(
        _("publish projects at once"),
        default=False,
        help_text=_(
            "Unticked: new projects wait in the moderation queue until an editor publishes "
            "them. Ticked: they are published at once and moderated afterwards."
        ),
    )

    # --- the ballot's rules --------------------------------------------------------------
    max_projects = models.PositiveSmallIntegerField(
        _("at most this many projects"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
        help_text=_("Empty: no limit on the number of projects a ballot chooses."),
    )
    min_projects = models.PositiveSmallIntegerField(
        _("at least this many projects"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("A ballot must choose at least this many projects."),
    )
    within_envelope = models.BooleanField(
        _("total within the envelope"),
        default=True,
        help_text=_(
            "Ticked: the projects a ballot chooses may not cost more, together, than the "
            "envelope. The ballot page shows the running total."
        ),
    )
    min_percent = models.PositiveSmallIntegerField(
        _("spend at least this share of the envelope (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Optional, from 1 to 100: the projects chosen must cost at least this share."),
    )
    counting_rule = models.CharField(
        _("counting rule"),
        max_length=40,
        choices=CountingRule.choices,
        default=CountingRule.MES,
        help_text=_(
            "Recommended: Equal Shares, completed. It funds projects that groups of voters can "
            "pay for with their equal shares of the envelope, so that every neighbourhood and "
            "minority gets its fair part; the most voted projects may all serve the same "
            "majority."
        ),
    )
    tie_breaking = models.CharField(
        _("ties"), max_length=20, choices=TieBreaking.choices, default=TieBreaking.COMMUNE
    )
    draw_seed = models.PositiveIntegerField(
        _("number of the draw"),
        default=0,
        validators=[MaxValueValidator(10**9)],
        help_text=_(
            "Publish it before the vote (the date of the vote, say): anyone can then redo the "
            "draw that settles a tie."
        ),
    )

    # Set by the first ballot: from then on the rules and the ballot never change, even if
    # the vote's date is moved (CONSUL #5321: rules switched during a vote).
    rules_frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(
        _("results published at"), null=True, blank=True, editable=False
    )
    results_published_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Once an editor publishes them: the count of a vote is not shown while it goes on.
    results_visibility = models.CharField(
        _("results shown"),
        max_length=30,
        choices=[
            (ResultsVisibility.AFTER_CLOSING, _("To everyone, once an editor publishes them")),
            (ResultsVisibility.EDITORS_ONLY, _("Only to editors, in the admin")),
        ],
        default=ResultsVisibility.AFTER_CLOSING,
        help_text=_(
            "Results are counted after the vote closes and shown once an editor publishes "
            "them. Editors always see them in the admin."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("submission_start"), FieldPanel("review_start")]),
                FieldRowPanel([FieldPanel("vote_start"), FieldPanel("results_start")]),
                FieldPanel("follow_up_start"),
            ],
            heading=_("Phases"),
        ),
        HelpPanel(template="wagtail_participation/budgets/admin/frozen_notice.html"),
        InlinePanel(
            "envelopes",
            heading=_("Envelopes"),
            label=_("Envelope"),
            min_num=1,
            help_text=_(
                "One envelope for the whole budget, or several voted on and counted "
                "separately: one per neighbourhood, or small and large projects."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_projects"), FieldPanel("max_projects")]),
                FieldRowPanel([FieldPanel("within_envelope"), FieldPanel("min_percent")]),
            ],
            heading=_("The ballot's rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("counting_rule"),
                FieldRowPanel([FieldPanel("tie_breaking"), FieldPanel("draw_seed")]),
            ],
            heading=_("Counting"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publish_immediately"),
                FieldPanel("identity"),
                FieldPanel("results_visibility"),
            ],
            heading=_("Participation"),
        ),
    ]

    template = "wagtail_participation/budgets/budget_page.html"
    report_builder = "wagtail_participation.budgets.report.BudgetReport"
    # Proposals package: a budget's projects are not supported (the vote is what counts).
    support_threshold = None

    class Meta:
        verbose_name = _("participatory budget page")
        verbose_name_plural = _("participatory budget pages")

    def __str__(self):
        return self.title

    # --- phases ---------------------------------------------------------------------------

    def timeline(self):
        return Timeline.of(self, PHASES)

    def current_phase_key(self, now=None):
        phase = self.timeline().current(now)
        return phase.key if phase is not None else None

    def clean(self):
        super().clean()
        self.timeline().validate(PHASES)
        if self.max_projects is not None and self.max_projects < self.min_projects:
            raise ValidationError({"max_projects": _("The maximum must be at least the minimum.")})
        if self.min_percent == 0:
            self.min_percent = None

    @property
    def opens_at(self):
        """Projects are submitted during the submission phase (ParticipationTarget)."""
        return self.timeline().window(SUBMISSION)[0]

    @property
    def closes_at(self):
        return self.timeline().window(SUBMISSION)[1]

    def vote_window(self):
        return self.timeline().window(VOTE)

    def support_window(self):
        # Projects are never supported: a window that never opens.
        return NEVER, NEVER

    def rules_frozen(self, now=None):
        """Are the ballot's rules and projects frozen? From the opening of the vote, and for
        good from the first ballot: moving the vote's date later does not unfreeze what
        ballots were cast under."""
        return self.rules_frozen_at is not None or (now or timezone.now()) >= self.vote_start

    def vote_closed(self, now=None):
        return (now or timezone.now()) >= self.vote_window()[1]

    def accepts_paper_ballots(self, now=None):
        """Paper ballots are entered from the opening of the vote until the results are
        published (those handed in at the town hall are entered after it closes)."""
        return (now or timezone.now()) >= self.vote_start and self.results_published_at is None

    def results_final(self, now=None):
        """Residents see the results once an editor has published them."""
        return self.results_published_at is not None

    @classmethod
    def results_permission(cls):
        # Those who review the projects see the results in the admin.
        return "wagtail_participation.change_budgetproject"

    def with_content_json(self, content):
        """A revision never brings back what the page's life decided since it was saved:
        the freeze, the publication of the results and, once frozen, the rules."""
        page = super().with_content_json(content)
        page.rules_frozen_at = self.rules_frozen_at
        page.results_published_at = self.results_published_at
        page.results_published_by_id = self.results_published_by_id
        if self.rules_frozen():
            for name in RULE_FIELDS:
                setattr(page, name, getattr(self, name))
        return page

    # --- envelopes and projects -----------------------------------------------------------

    def envelope_list(self):
        """The envelopes, in order (asked once per request: the page is the request's)."""
        if not hasattr(self, "_envelope_list"):
            self._envelope_list = list(self.envelopes.select_related("neighbourhood"))
        return self._envelope_list

    @property
    def total_amount(self):
        return sum(envelope.amount for envelope in self.envelope_list())

    def ballot_projects(self):
        """The projects on the ballot: published, found feasible, with the commune's cost."""
        return self.submissions.filter(
            status="published",
            feasibility=Feasibility.FEASIBLE,
            cost__isnull=False,
            envelope__isnull=False,
        )


class BudgetEnvelope(ParticipationStep, Orderable):
    """An amount voted on and counted on its own; the participation target of its ballots."""

    page = ParentalKey(BudgetPage, on_delete=models.CASCADE, related_name="envelopes")
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("For example “The whole commune”, “Quartier de la Gare”, “Small projects”."),
    )
    amount = models.PositiveBigIntegerField(
        _("amount (euros)"), validators=AMOUNT_VALIDATORS, help_text=_("In whole euros.")
    )
    description = models.CharField(
        _("description"),
        max_length=255,
        blank=True,
        help_text=_("Optional: which projects belong here, shown to residents."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("neighbourhood"),
        help_text=_("Optional: projects of this envelope must be in this neighbourhood."),
    )
    max_project_cost = models.PositiveBigIntegerField(
        _("largest cost of a project (euros)"),
        null=True,
        blank=True,
        validators=AMOUNT_VALIDATORS,
        help_text=_("Optional: for an envelope of small projects, say."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("amount")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("neighbourhood"), FieldPanel("max_project_cost")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("envelope")
        verbose_name_plural = _("envelopes")

    def __str__(self):
        return f"{self.name} ({euros(self.amount)})"

    def clean(self):
        super().clean()
        if (
            self.max_project_cost is not None
            and self.amount
            and self.max_project_cost > self.amount
        ):
            raise ValidationError(
                {"max_project_cost": _("A project cannot cost more than its envelope.")}
            )

    # --- a participation target: its ballots ------------------------------------------------

    def parent_participation(self):
        return self.page

    @classmethod
    def parent_participation_model(cls):
        return BudgetPage

    def step_window(self):
        return self.page.vote_window()

    def html_id(self):
        return f"envelope-{self.pk}"

    def max_cost_of_projects(self):
        """What one project of this envelope may cost at most."""
        return min(self.amount, self.max_project_cost or self.amount)

    # validate_submission() and store_submission() are the ballot's (see ballots.py).

    def validate_submission(self, data):
        from .ballots import validate_ballot

        return validate_ballot(self, data)

    def store_submission(self, submission, cleaned_data):
        from .ballots import store_ballot

        store_ballot(self, submission, cleaned_data)


class BudgetProject(AbstractProposal):
    target = models.ForeignKey(
        BudgetPage,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,
        verbose_name=_("participatory budget"),
    )
    envelope = models.ForeignKey(
        BudgetEnvelope,
        null=True,
        blank=True,
        # An envelope with projects cannot be deleted on its own (its page's form says why);
        # deleting the page deletes both.
        on_delete=models.RESTRICT,
        related_name="projects",
        verbose_name=_("envelope"),
    )
    # The project's number in counts and pabulib files: its id, or the one of the file it
    # was imported from.
    reference = models.CharField(_("number"), max_length=64, blank=True, editable=False)
    estimated_cost = models.PositiveBigIntegerField(
        _("cost estimated by its author (euros)"),
        null=True,
        blank=True,
        validators=AMOUNT_VALIDATORS,
    )
    cost = models.PositiveBigIntegerField(
        _("cost estimated by the town hall (euros)"),
        null=True,
        blank=True,
        validators=AMOUNT_VALIDATORS,
        help_text=_("What the project costs on the ballot and in the count."),
    )
    feasibility = models.CharField(
        _("feasibility"),
        max_length=20,
        choices=Feasibility.choices,
        default=Feasibility.PENDING,
    )
    feasibility_reason = models.TextField(_("reason, shown to residents"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # Set when the results are published, from the published count.
    funded = models.BooleanField(_("funded"), default=False, editable=False)
    works_status = models.CharField(
        _("works"), max_length=20, choices=WorksStatus.choices, blank=True
    )

    list_related = ("envelope",)

    class Meta(AbstractProposal.Meta):
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        indexes = [
            models.Index(
                fields=["target", "status", "-submitted_at"], name="wp_bproject_newest_idx"
            ),
            models.Index(fields=["target", "participant_key"], name="wp_bproject_author_idx"),
            models.Index(fields=["envelope", "feasibility"], name="wp_bproject_ballot_idx"),
        ]
        constraints = [
            *AbstractProposal.Meta.constraints,
            models.UniqueConstraint(
                fields=["target", "reference"],
                condition=~Q(reference=""),
                name="wp_bproject_reference_unique",
            ),
        ]

    @property
    def is_feasible(self):
        return self.feasibility == Feasibility.FEASIBLE

    @property
    def is_on_ballot(self):
        return (
            self.is_published
            and self.is_feasible
            and self.cost is not None
            and self.envelope_id is not None
        )

    @property
    def displayed_cost(self):
        """The town hall's estimate once there is one, else its author's."""
        return self.cost if self.cost is not None else self.estimated_cost

    @property
    def counting_id(self):
        return self.reference or str(self.pk)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.reference:
            # Its number is its id, unless a project imported from a file took it already.
            for number in (str(self.pk), f"{self.pk}-{self.target_id}"):
                try:
                    with transaction.atomic():
                        type(self).objects.filter(pk=self.pk).update(reference=number)
                except IntegrityError:
                    continue
                self.reference = number
                break


class BudgetProjectReport(AbstractProposalReport):
    proposal = models.ForeignKey(
        BudgetProject,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("project"),
    )

    class Meta(AbstractProposalReport.Meta):
        verbose_name = _("report of a project")
        verbose_name_plural = _("reports of projects")


class BudgetBallot(AbstractSubmission):
    """One voter's ballot in one envelope: the projects they approve."""

    target = models.ForeignKey(
        BudgetEnvelope,
        # A ballot never disappears with its envelope alone (the page's form refuses to
        # remove an envelope with ballots); deleting the page deletes both.
        on_delete=models.RESTRICT,
        related_name="submissions",
        verbose_name=_("envelope"),
    )
    page = models.ForeignKey(
        BudgetPage, on_delete=models.CASCADE, related_name="+", db_index=False, editable=False
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta(AbstractSubmission.Meta):
        verbose_name = _("budget ballot")
        verbose_name_plural = _("budget ballots")
        indexes = [models.Index(fields=["page", "channel"], name="wp_bballot_page_idx")]

    def __str__(self):
        return f"{self.target.name} – {self.get_channel_display()} – {self.pk}"

    def save(self, *args, **kwargs):
        if self.page_id is None:
            self.page_id = self.target.page_id
        super().save(*args, **kwargs)


class BudgetBallotChoice(models.Model):
    """One project a ballot approves."""

    # Indexed first by the (ballot, project) constraint.
    ballot = models.ForeignKey(
        BudgetBallot, on_delete=models.CASCADE, related_name="choices", db_index=False
    )
    # Denormalised from the ballot so that a project's votes are one GROUP BY on one index.
    envelope = models.ForeignKey(
        BudgetEnvelope,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    project = models.ForeignKey(
        BudgetProject, on_delete=models.CASCADE, related_name="ballot_choices"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="wp_bchoice_once")
        ]
        indexes = [models.Index(fields=["envelope", "project"], name="wp_bchoice_votes_idx")]

    def __str__(self):
        return str(self.project)


class BudgetCount(models.Model):
    """The count of one envelope, as an editor last ran it: what it read and what it found.

    Results pages and reports read it; it is published with the page's results. A count
    names the ballots it read (their number and the last id), so that a count made before
    more ballots came in (paper ballots, say) is never published.
    """

    envelope = models.OneToOneField(
        BudgetEnvelope, on_delete=models.CASCADE, related_name="count", verbose_name=_("envelope")
    )
    counted_at = models.DateTimeField(_("counted at"), default=timezone.now)
    counted_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("counted by"),
    )
    rule = models.CharField(max_length=40, choices=CountingRule.choices)
    tie_breaking = models.CharField(max_length=20, choices=TieBreaking.choices)
    seed = models.PositiveIntegerField(null=True, blank=True)
    ballots = models.PositiveIntegerField(_("ballots counted"))
    last_ballot_id = models.BigIntegerField(default=0)
    # Ballots per channel: {"online": n, "paper": n, "imported": n}.
    channels = models.JSONField(default=dict)
    # counting.Outcome.to_dict(), project ids being the projects' numbers.
    outcome = models.JSONField(default=dict)
    # {project number: number of ballots approving it}.
    votes = models.JSONField(default=dict)
    # Why the count could not be made (no ballots, no projects…), else "".
    problem = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("count")
        verbose_name_plural = _("counts")

    def __str__(self):
        return str(self.envelope)

    @property
    def selected(self):
        return list(self.outcome.get("selected", []))


def update_image_path(instance, filename):
    return proposal_image_path(instance, filename)


class BudgetProjectUpdate(models.Model):
    """News of a funded project's works, dated, with an optional photo."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.CASCADE, related_name="updates", verbose_name=_("project")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("news"))
    image = models.ImageField(
        _("photo"),
        upload_to=update_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        max_length=200,
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_description = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("news of the works")
        verbose_name_plural = _("news of the works")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.project} – {self.date}"

    def paragraphs(self):
        blocks = self.text.replace("\r\n", "\n").split("\n\n")
        return [block.strip("\n") for block in blocks if block.strip()]
