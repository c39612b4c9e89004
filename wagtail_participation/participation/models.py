"""The abstract models every participation type builds on.

- :class:`ParticipationSettings`: what an editor sets on any participation (when it is open,
  who may take part, who sees the results), as fields of the participation's own model.
- :class:`AbstractSubmission`: one participant's submission (a ballot, a response…), with
  the guarantee of one online submission per participant; :class:`AbstractRepeatableSubmission`
  for what a participant may submit several times (proposals).
- :class:`Neighbourhood`: the commune's neighbourhoods (quartiers, hameaux), one list that
  every participation type shares.
- :class:`UsedFormToken`: the one-time tokens of the forms staff fill in (paper entries), so
  that a form sent twice is stored once.
"""

from datetime import timedelta

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import settings
from .identity import identity_choices
from .target import ParticipationTarget


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", _("Always")
    AFTER_PARTICIPATION = "after_participation", _("To participants, once they have taken part")
    AFTER_CLOSING = "after_closing", _("Once the participation is closed")
    EDITORS_ONLY = "editors_only", _("Only to editors, in the admin")


class Channel(models.TextChoices):
    """How a submission reached the commune."""

    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper (counted in person)")
    # Read from a file by an editor (a participatory budget's pabulib file, for a simulation
    # or an audit): cast elsewhere, by voters the site does not know.
    IMPORTED = "imported", _("Imported from a file")


def default_opens_at():
    return timezone.now()


def default_closes_at():
    return timezone.now() + timedelta(days=settings.DEFAULT_OPEN_DAYS)


class ParticipationRules(ParticipationTarget, models.Model):
    """Who may take part and who sees the results: what an editor sets on any participation,
    whether its dates are two fields (:class:`ParticipationSettings`) or phases (a
    consultation's, see :mod:`.phases`)."""

    identity = models.CharField(
        _("participants"),
        max_length=40,
        choices=identity_choices,
        default="anonymous",
        help_text=_(
            "Anonymous: one participation per browser, no account needed (for low-stakes "
            "questions). Site account: residents log in, one participation per account."
        ),
    )
    results_visibility = models.CharField(
        _("results shown"),
        max_length=30,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSING,
        help_text=_(
            "Who sees the results on the site. Editors always see them in the admin, where "
            "they can export them."
        ),
    )

    class Meta:
        abstract = True


class ParticipationSettings(ParticipationRules):
    opens_at = models.DateTimeField(
        _("opens at"),
        default=default_opens_at,
        help_text=_("In the site's time zone. Residents can take part from this moment."),
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        default=default_closes_at,
        help_text=_("In the site's time zone. Submissions are refused from this moment."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing date must be after the opening date.")}
            )


class SubmissionBase(models.Model):
    """The fields of every submission: channel, participant key, account, receipt, who
    entered it (paper), date. A concrete model derives from :class:`AbstractSubmission` (one
    per participant) or :class:`AbstractRepeatableSubmission` (several), and declares the
    participation it belongs to::

        target = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="submissions")
    """

    # Does the database allow one online submission per participant and target?
    one_per_participant = False

    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    # A keyed hash of the participant's identity (see participation.identity); empty on paper.
    participant_key = models.CharField(max_length=80, blank=True, editable=False)
    user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    receipt = models.CharField(_("receipt"), max_length=16, blank=True, editable=False)
    entered_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt"],
                condition=~Q(receipt=""),
                name="%(app_label)s_%(class)s_receipt_unique",
            ),
        ]

    @classmethod
    def target_model(cls):
        return cls._meta.get_field("target").related_model


class AbstractSubmission(SubmissionBase):
    """One submission to a participation: a ballot, a response, a support.

    The database refuses a second online submission of the same participant to the same
    target (the constraint below), whatever the number of requests racing: that, not a
    look-up beforehand, is the guarantee of one participation per participant.
    """

    one_per_participant = True

    class Meta(SubmissionBase.Meta):
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["target", "participant_key"],
                condition=Q(channel="online"),
                name="%(app_label)s_%(class)s_one_per_participant",
            ),
            *SubmissionBase.Meta.constraints,
        ]


class AbstractRepeatableSubmission(SubmissionBase):
    """A submission a participant may make several times to the same target: a resident
    posts several proposals to one consultation. Everything else is as
    :class:`AbstractSubmission` (receipt, channel, participant key); the pipeline then never
    answers "already taken part"."""

    class Meta(SubmissionBase.Meta):
        abstract = True


class UsedFormToken(models.Model):
    """The token of a form that has been stored, kept so that it is never stored twice.

    A paper entry form carries a random token. Its rows and this token are written in one
    transaction, and the token is unique: a double click, a resend or the same form reaching
    two server processes stores the entry once, whatever cache each process has.
    """

    token = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self):
        return self.token


class Neighbourhood(models.Model):
    """A neighbourhood of the commune: a quartier, a hamlet, the town centre.

    One list, kept by the commune's editors as a snippet, that every participation refers
    to: a survey's neighbourhood question, where a proposal or a budget project is, the
    participation per neighbourhood of a report.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveIntegerField(
        _("order"),
        default=0,
        help_text=_("Neighbourhoods are listed by this number, then by name."),
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
