"""Votes residents cast: for/against, single choice, multiple choice."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from ..participation.errors import InvalidSubmission
from ..participation.models import AbstractSubmission, Channel, ParticipationSettings


class VoteKind(models.TextChoices):
    FOR_AGAINST = "for_against", _("For or against")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


# Keys of the options a for/against vote always has, whatever their wording.
FOR, AGAINST, ABSTAIN = "for", "against", "abstain"

NOT_AN_OPTION = _("This option is not part of this vote. Please choose among the options shown.")


class OptionsPanel(InlinePanel):
    """The options of a vote, with an add button that says "Add an option" in proper French
    (Wagtail's says "Add {label}" for any label)."""

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "wagtail_participation/admin/options_panel.html"


class Vote(ParticipationSettings, ClusterableModel):
    title = models.CharField(
        _("internal title"),
        max_length=255,
        help_text=_("How editors find this vote in the admin. Residents see the question."),
    )
    question = models.CharField(_("question"), max_length=500)
    description = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Context residents need before voting: what is at stake, who decides."),
    )
    kind = models.CharField(
        _("kind of vote"), max_length=20, choices=VoteKind.choices, default=VoteKind.FOR_AGAINST
    )
    allow_abstention = models.BooleanField(
        _("offer abstention"),
        default=False,
        help_text=_("For a for/against vote: also offer 'Abstention'."),
    )
    min_choices = models.PositiveSmallIntegerField(
        _("minimum number of choices"),
        default=1,
        help_text=_("For a multiple-choice vote."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"),
        null=True,
        blank=True,
        help_text=_("For a multiple-choice vote. Empty: no limit."),
    )
    # Set by the first ballot: from then on the options and rules may not change, only
    # their wording (CONSUL #5321: rules switched during a vote let people vote twice).
    frozen_at = models.DateTimeField(_("first vote cast at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    report_builder = "wagtail_participation.votes.report.VoteReport"

    panels = [
        FieldPanel("title"),
        FieldPanel("question"),
        FieldPanel("description"),
        HelpPanel(
            template="wagtail_participation/admin/vote_frozen_notice.html",
        ),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("allow_abstention"),
                FieldRowPanel([FieldPanel("min_choices"), FieldPanel("max_choices")]),
            ],
            heading=_("Rules"),
        ),
        OptionsPanel(
            "options",
            heading=_("Options"),
            label=_("Option"),
            help_text=_(
                "For a for/against vote the options are created for you; you may reword them."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("identity"),
                FieldPanel("results_visibility"),
            ],
            heading=_("Participation"),
        ),
    ]

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title or self.question

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    @property
    def is_multiple(self):
        return self.kind == VoteKind.MULTIPLE

    def clean(self):
        super().clean()
        if self.kind == VoteKind.MULTIPLE and self.max_choices is not None:
            if self.max_choices < max(self.min_choices, 1):
                raise ValidationError(
                    {"max_choices": _("The maximum must be at least the minimum.")}
                )

    def save(self, *args, **kwargs):
        if not self.title:
            self.title = self.question[:255]
        if not self.question:
            self.question = self.title
        super().save(*args, **kwargs)
        if self.kind == VoteKind.FOR_AGAINST:
            self.ensure_for_against_options()

    def delete(self, *args, **kwargs):
        # Chosen options protect their option from deletion (an editor may not delete an
        # option that has votes); deleting the whole vote deletes its ballots' choices first.
        with transaction.atomic():
            BallotChoice.objects.filter(vote=self).delete()
            return super().delete(*args, **kwargs)

    def ensure_for_against_options(self):
        wanted = [(FOR, _("For")), (AGAINST, _("Against"))]
        if self.allow_abstention:
            wanted.append((ABSTAIN, _("Abstention")))
        existing = set(self.options.values_list("key", flat=True))
        for order, (key, label) in enumerate(wanted):
            if key not in existing:
                VoteOption.objects.create(vote=self, key=key, label=str(label), sort_order=order)

    def active_options(self):
        """The options offered to residents, in order (prefetch ``options`` to read them
        without a query)."""
        options = list(self.options.all())
        if self.kind == VoteKind.FOR_AGAINST:
            allowed = {FOR, AGAINST, ABSTAIN} if self.allow_abstention else {FOR, AGAINST}
            options = [option for option in options if option.key in allowed]
        return options

    def choice_limits(self):
        """(minimum, maximum) number of options a ballot may choose."""
        if self.kind != VoteKind.MULTIPLE:
            return 1, 1
        count = len(self.active_options())
        maximum = min(self.max_choices or count, count)
        return max(self.min_choices, 1), maximum

    def chosen_options(self, keys):
        """The options the submitted ``keys`` name, in the order given, or a ValidationError
        telling the resident what is wrong: the rules of a ballot, in one place.

        ``keys`` are the submitted values, in order (for a single choice the last one counts,
        as Django's own ChoiceField takes it).
        """
        by_key = {option.key: option for option in self.active_options()}
        if not self.is_multiple:
            key = keys[-1] if keys else ""
            if key and key not in by_key:
                raise ValidationError(NOT_AN_OPTION, code="invalid_choice")
            if len(keys) > 1:
                raise ValidationError(_("Please choose only one option."))
            if not key:
                raise ValidationError(_("Please choose an option."))
            return [by_key[key]]
        if any(key not in by_key for key in keys):
            raise ValidationError(NOT_AN_OPTION, code="invalid_choice")
        keys = list(dict.fromkeys(keys))
        minimum, maximum = self.choice_limits()
        if len(keys) < minimum:
            raise ValidationError(
                ngettext(
                    "Please choose at least %(count)d option.",
                    "Please choose at least %(count)d options.",
                    minimum,
                )
                % {"count": minimum}
            )
        if len(keys) > maximum:
            raise ValidationError(
                ngettext(
                    "Please choose at most %(count)d option.",
                    "Please choose at most %(count)d options.",
                    maximum,
                )
                % {"count": maximum}
            )
        return [by_key[key] for key in keys]

    # ParticipationTarget

    def validate_submission(self, data):
        try:
            return {"options": self.chosen_options(data.getlist("choice"))}
        except ValidationError as error:
            raise InvalidSubmission(errors={"choice": error.messages}) from None

    def store_submission(self, submission, cleaned_data):
        options = cleaned_data["options"]
        if self.frozen_at is None:
            # Until the first ballot freezes the vote an editor may still change its options:
            # take the vote row's lock (the admin's edit takes it too) and check them again.
            locked = Vote.objects.select_for_update().filter(pk=self.pk)
            if locked.values_list("frozen_at", flat=True).first() is None:
                still_offered = VoteOption.objects.filter(vote=self, pk__in=[o.pk for o in options])
                if still_offered.count() != len(options):
                    raise InvalidSubmission(
                        _("This vote has just changed. Please reload the page.")
                    )
                locked.update(frozen_at=timezone.now())
        submission.save()
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=submission, vote=self, option=option, channel=submission.channel)
            for option in options
        )


class VoteOption(Orderable):
    vote = ParentalKey(Vote, on_delete=models.CASCADE, related_name="options")
    # Ballots refer to the key, which never changes once set: editors may reword the label.
    key = models.SlugField(_("key"), max_length=60, blank=True)
    label = models.CharField(_("wording"), max_length=255)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["vote", "key"], name="wp_vote_option_key_unique")
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = self._new_key()
        super().save(*args, **kwargs)

    def _new_key(self):
        base = slugify(self.label)[:50] or "option"
        taken = set(VoteOption.objects.filter(vote_id=self.vote_id).values_list("key", flat=True))
        key, suffix = base, 2
        while key in taken:
            key, suffix = f"{base}-{suffix}", suffix + 1
        return key


class Ballot(AbstractSubmission):
    """One resident's vote (online), or one batch of counted paper ballots for one option."""

    # Indexed by (target, channel) below: an index of its own would only slow every ballot.
    target = models.ForeignKey(
        Vote,
        on_delete=models.CASCADE,
        related_name="submissions",
        db_index=False,
        verbose_name=_("vote"),
    )
    # Paper ballots are entered as counts; an online ballot counts once.
    weight = models.PositiveIntegerField(_("number of ballots"), default=1)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta(AbstractSubmission.Meta):
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [models.Index(fields=["target", "channel"], name="wp_ballot_target_channel_idx")]

    def __str__(self):
        # In the site's time zone, as the listings show it.
        date = formats.date_format(timezone.localtime(self.submitted_at), "SHORT_DATETIME_FORMAT")
        return f"{self.target} – {self.get_channel_display()} – {date}"


class BallotChoice(models.Model):
    """One chosen option: multiple-choice results count options, not combinations."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    # Denormalised from the ballot so that counting is one GROUP BY over one index, which also
    # serves look-ups by vote. No constraint of its own in the database: the ballot's key
    # already guarantees the vote exists, and a second one would lock the vote row, which
    # every ballot of the vote shares, once more per ballot.
    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    option = models.ForeignKey(VoteOption, on_delete=models.PROTECT, related_name="choices")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        # Covers the whole GROUP BY (weight included): counting never reads the table.
        indexes = [
            models.Index(fields=["vote", "option", "channel", "weight"], name="wp_choice_count_idx")
        ]

    def __str__(self):
        return f"{self.option} ×{self.weight}"
