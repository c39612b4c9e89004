"""Votes residents cast: for/against, single choice, multiple choice."""

from functools import lru_cache

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from ..participation import rows
from ..participation.errors import InvalidSubmission
from ..participation.fields import ParticipationSettings
from ..participation.pipeline import ParticipationTarget


class VoteKind(models.TextChoices):
    FOR_AGAINST = "for_against", _("For or against")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper (counted in person)")


# Keys of the options a for/against vote always has, whatever their wording.
FOR, AGAINST, ABSTAIN = "for", "against", "abstain"


class VoteManager(models.Manager):
    def with_options(self, pk):
        """The vote and its options in one query (what every submission needs), or None."""
        pk = rows.as_key(pk)
        return None if pk is None else self.from_rows(rows.fetch_all(_submission_sql(), [pk]))

    def joined_with_options(self, pk):
        """The vote and its options as a :class:`rows.Joined`, to be read along with another
        query (a submission's page) and turned into the vote by :meth:`from_rows`."""
        return rows.Joined(_submission_join(), (rows.as_key(pk),))

    def from_rows(self, found):
        vote_columns, option_columns = _submission_columns()
        if not found or found[0][vote_columns.pk_position] is None:  # no such vote
            return None
        [row] = found
        vote = vote_columns.instance(row[:-1])
        options = rows.instances_from_json(option_columns, row[-1])
        options.sort(key=lambda option: (option.sort_order is None, option.sort_order, option.pk))
        for option in options:
            option.vote = vote
        vote._options_cache = options
        return vote


@lru_cache(maxsize=1)
def _submission_columns():
    return rows.Columns(Vote), rows.Columns(VoteOption)


def _submission_select():
    """The vote's columns, then its options as JSON (one row whatever their number)."""
    vote_columns, option_columns = _submission_columns()
    options = rows.json_rows_sql(
        option_columns, f"{rows.column(VoteOption, 'vote')} = {rows.column(Vote, 'pk')}"
    )
    return f"{vote_columns.sql()}, {options}"


@lru_cache(maxsize=1)
def _submission_join():
    return rows.JoinedShape(
        select=_submission_select(),
        join=f"LEFT JOIN {rows.table(Vote)} ON {rows.column(Vote, 'pk')} = %s",
    )


@lru_cache(maxsize=1)
def _submission_sql():
    return (
        f"SELECT {_submission_select()} FROM {rows.table(Vote)}"
        f" WHERE {rows.column(Vote, 'pk')} = %s"
    )


class Vote(ParticipationSettings, ParticipationTarget, ClusterableModel):
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

    objects = VoteManager()

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
        InlinePanel(
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
        self._options_cache = None
        if not self.title:
            self.title = self.question[:255]
        if not self.question:
            self.question = self.title
        super().save(*args, **kwargs)
        if self.kind == VoteKind.FOR_AGAINST:
            self.ensure_for_against_options()

    def ensure_for_against_options(self):
        wanted = [(FOR, _("For")), (AGAINST, _("Against"))]
        if self.allow_abstention:
            wanted.append((ABSTAIN, _("Abstention")))
        existing = set(self.options.values_list("key", flat=True))
        for order, (key, label) in enumerate(wanted):
            if key not in existing:
                VoteOption.objects.create(vote=self, key=key, label=str(label), sort_order=order)

    def active_options(self):
        """The options offered to residents, in order."""
        if getattr(self, "_options_cache", None) is None:
            self._options_cache = list(self.options.all())
        options = self._options_cache
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

    # ParticipationTarget

    def is_hosted_by(self, page):
        from .hosting import page_hosts_vote

        return page_hosts_vote(page, self)

    def existing_participation(self, participant):
        return (
            Ballot.objects.filter(vote=self, participant_key=participant.key)
            .only("id", "receipt", "submitted_at")
            .first()
        )

    def receipt_taken(self, receipt):
        return Ballot.objects.filter(receipt=receipt).exists()

    def submission_form(self, data):
        from .forms import BallotForm

        return BallotForm(self, data=data)

    def validate_submission(self, data):
        from .forms import chosen_options

        try:
            return {"options": chosen_options(self, data.getlist("choice"))}
        except ValidationError as error:
            raise InvalidSubmission(errors={"choice": error.messages}) from None

    def store_participation(self, participant, cleaned_data, receipt):
        options = cleaned_data["options"]
        ballot = Ballot(
            vote=self,
            participant_key=participant.key,
            user=participant.user,
            receipt=receipt,
            channel=Channel.ONLINE,
        )
        choices = [
            BallotChoice(vote=self, option=option, channel=Channel.ONLINE) for option in options
        ]
        if self.frozen_at is not None:
            return rows.insert_with_children(ballot, choices, link="ballot")
        with transaction.atomic():
            # Until the first ballot freezes the vote an editor may still change its options:
            # take the vote row's lock (the admin does too) and check them again.
            Vote.objects.select_for_update().filter(pk=self.pk).values_list("pk").first()
            current = set(
                VoteOption.objects.filter(vote=self, pk__in=[o.pk for o in options]).values_list(
                    "pk", flat=True
                )
            )
            if len(current) != len(options):
                raise InvalidSubmission(_("This vote has just changed. Please reload the page."))
            rows.insert_with_children(ballot, choices, link="ballot")
            # Conditional on purpose: once frozen, no ballot touches (and locks) the vote row.
            Vote.objects.filter(pk=self.pk, frozen_at__isnull=True).update(frozen_at=timezone.now())
        return ballot

    def results_permission(self):
        return "wagtail_participation.change_vote"


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


class Ballot(models.Model):
    """One resident's vote (online), or one batch of counted paper ballots for one option."""

    # Indexed by (vote, channel) below: an index of its own would only slow every ballot down.
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", db_index=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    # Hash of the participant's identity (see participation.identity); empty for paper.
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
    # Paper ballots are entered as counts; an online ballot counts once.
    weight = models.PositiveIntegerField(_("number of ballots"), default=1)
    entered_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["vote", "channel"], name="wp_ballot_vote_channel_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "participant_key"],
                condition=Q(channel="online"),
                name="wp_one_ballot_per_participant",
            ),
            models.UniqueConstraint(
                fields=["receipt"],
                condition=~Q(receipt=""),
                name="wp_ballot_receipt_unique",
            ),
        ]

    def __str__(self):
        return f"{self.vote} – {self.get_channel_display()} – {self.submitted_at:%Y-%m-%d %H:%M}"


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


class VotePage(Page):
    """A vote standing on its own page. A vote is created for the page if it has none."""

    intro = models.TextField(_("introduction"), blank=True)
    vote = models.ForeignKey(
        Vote,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("vote"),
        help_text=_("Leave empty to create a for/against vote on the page title."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("vote")]
    template = "wagtail_participation/votes/vote_page.html"

    class Meta:
        verbose_name = _("vote page")
        verbose_name_plural = _("vote pages")

    def save(self, *args, **kwargs):
        if self.vote_id is None:
            self.vote = Vote.objects.create(title=self.title, question=self.title)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..conf import settings
        from .presentation import vote_context

        context = super().get_context(request, *args, **kwargs)
        context["base_template"] = settings.BASE_TEMPLATE
        if self.vote is not None:
            context.update(vote_context(self.vote, request, self))
        return context
