"""Proposals residents post, support and report, and what the commune decides about them.

Abstract models, in the manner of :class:`~..participation.models.AbstractSubmission`: a
participation type that collects proposals (a consultation's ideas, a participatory budget's
projects) derives a concrete model from each and declares what it belongs to::

    class ConsultationProposal(AbstractProposal):
        target = models.ForeignKey(ConsultationPage, related_name="submissions", ...)

    class ConsultationSupport(AbstractSupport):
        target = models.ForeignKey(ConsultationProposal, related_name="submissions", ...)

    class ConsultationProposalReport(AbstractProposalReport):
        proposal = models.ForeignKey(ConsultationProposal, related_name="reports", ...)

A budget project is a proposal with a few more fields (its estimated cost…): everything
here — submission through the pipeline, moderation, duplicates, images, reports, supports,
the commune's answer, the public list — works on it unchanged.

A proposal is two things to the participation skeleton:

- a submission (several per participant: :class:`AbstractRepeatableSubmission`) to the
  participation that collects proposals, which validates and stores it
  (:class:`~.pages.ProposalsPageMixin`);
- a participation target itself, whose submissions are its supports: one per participant,
  guaranteed by :class:`AbstractSubmission`'s constraint, open while its participation's
  support phase is (``support_window()``), withdrawable meanwhile.
"""

from django.conf import settings as django_settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..participation.errors import NotFound
from ..participation.models import AbstractRepeatableSubmission, AbstractSubmission, Neighbourhood
from ..participation.target import ParticipationStep


class ProposalStatus(models.TextChoices):
    """Where a proposal stands in moderation."""

    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Merged into another proposal")


class Answer(models.TextChoices):
    """The commune's answer to a proposal."""

    ACCEPTED = "accepted", _("Accepted")
    UNDER_STUDY = "under_study", _("Under study")
    NOT_RETAINED = "not_retained", _("Not retained")
    ALREADY_PLANNED = "already_planned", _("Already planned")


def proposal_image_path(instance, filename):
    # The name was made random when the image was re-encoded (proposals/images.py).
    return f"participation/proposals/{timezone.now():%Y/%m}/{filename}"


class AbstractProposal(AbstractRepeatableSubmission, ParticipationStep):
    title = models.CharField(_("title"), max_length=150)
    # Plain text; paragraphs are separated by blank lines and shown as paragraphs, any HTML
    # in it as text.
    description = models.TextField(_("description"))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    image = models.ImageField(
        _("image"),
        upload_to=proposal_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        max_length=200,
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_description = models.CharField(_("image description"), max_length=200, blank=True)
    # Shown with the proposal; empty: "a resident".
    author_name = models.CharField(_("signed"), max_length=80, blank=True)
    # Never shown: the decisions about the proposal are emailed there (see notifications.py).
    author_email = models.EmailField(_("author's email"), blank=True)

    status = models.CharField(
        _("moderation"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("merged into"),
    )

    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("explanation of the answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    # Kept by the database in the transaction of every support, withdrawal and merge, so
    # that lists sort and filter on it through an index, without counting.
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)

    class Meta(AbstractRepeatableSubmission.Meta):
        abstract = True

    def __str__(self):
        return self.title

    # --- what it is -----------------------------------------------------------------------

    @property
    def is_published(self):
        return self.status == ProposalStatus.PUBLISHED

    @property
    def is_answered(self):
        return bool(self.answer)

    @property
    def author_display(self):
        return self.author_name or _("A resident")

    def paragraphs(self):
        """The description's paragraphs (blank lines separate them)."""
        blocks = self.description.replace("\r\n", "\n").split("\n\n")
        return [block.strip("\n") for block in blocks if block.strip()]

    def reaches_threshold(self):
        threshold = self.target.support_threshold
        return bool(threshold) and self.support_count >= threshold

    @classmethod
    def support_model(cls):
        """The model of this proposal model's supports, or None where proposals are not
        supported (a participatory budget's projects: the vote is what counts)."""
        for relation in cls._meta.related_objects:
            if relation.name == "submissions":
                return relation.related_model
        return None

    def notification_email(self):
        """Where the decisions about this proposal are sent: the address its author gave,
        else the email of the account they posted with, else ''."""
        if self.author_email:
            return self.author_email
        return getattr(self.user, "email", "") or ""

    # --- a participation target: its supports ---------------------------------------------

    def parent_participation(self):
        return self.target

    @classmethod
    def parent_participation_model(cls):
        return cls.target_model()

    def step_window(self):
        return self.target.support_window()

    def html_id(self):
        return f"proposal-{self.pk}"

    def eligibility_refusal(self, participant, request):
        if not self.is_published:
            return NotFound(_("This proposal cannot be supported."))
        return None

    def validate_submission(self, data):
        # A support says nothing but "I support it".
        return {}

    def store_submission(self, submission, cleaned_data):
        # The proposal's row is locked, as a moderator's decision locks it: a support never
        # lands on a proposal rejected or merged meanwhile, and its count moves with it.
        model = type(self)
        locked = model.objects.select_for_update().filter(pk=self.pk)
        if not list(locked.filter(status=ProposalStatus.PUBLISHED).values_list("pk", flat=True)):
            raise NotFound(_("This proposal cannot be supported."))
        submission.save()
        model.objects.filter(pk=self.pk).update(support_count=F("support_count") + 1)

    def withdraw_submission(self, submission):
        model = type(self)
        list(model.objects.select_for_update().filter(pk=self.pk))
        # Two withdrawals racing: only the one that deleted the row lowers the count.
        deleted, _by_model = type(submission).objects.filter(pk=submission.pk).delete()
        if deleted:
            model.objects.filter(pk=self.pk).update(support_count=F("support_count") - 1)


class AbstractSupport(AbstractSubmission):
    """One participant's support of one proposal; the concrete model declares
    ``target = ForeignKey(<proposal model>, related_name="submissions")``."""

    class Meta(AbstractSubmission.Meta):
        abstract = True


class ReportReason(models.TextChoices):
    OFFENSIVE = "offensive", _("Insulting, hateful or discriminatory")
    PERSONAL = "personal", _("Attacks or exposes a person")
    ADVERTISING = "advertising", _("Advertising or spam")
    OTHER = "other", _("Something else")


class AbstractProposalReport(models.Model):
    """A resident's report of an abusive proposal, waiting in the moderation queue until a
    moderator deals with it. The concrete model declares
    ``proposal = ForeignKey(<proposal model>, related_name="reports")``."""

    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Who reported (the same keyed hash as a submission's), so that one person counts once.
    participant_key = models.CharField(max_length=80, editable=False)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "participant_key"],
                name="%(app_label)s_%(class)s_once_per_person",
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} – {self.proposal}"
