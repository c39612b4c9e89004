"""Settings every participation shares: when it is open, who may take part, who sees results."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import settings
from .identity import identity_choices


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", _("Always")
    AFTER_PARTICIPATION = "after_participation", _("To participants, once they have taken part")
    AFTER_CLOSING = "after_closing", _("Once the participation is closed")
    EDITORS_ONLY = "editors_only", _("Only to editors, in the admin")


def default_opens_at():
    return timezone.now()


def default_closes_at():
    return timezone.now() + timedelta(days=settings.DEFAULT_OPEN_DAYS)


class ParticipationSettings(models.Model):
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
            "Applies everywhere results appear: on the site, in exports and reports. "
            "Editors always see results in the admin."
        ),
    )

    class Meta:
        abstract = True

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing date must be after the opening date.")}
            )
