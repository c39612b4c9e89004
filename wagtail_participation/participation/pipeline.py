"""The one participation pipeline every page type and block goes through.

identify the participant → check the participation is open and the participant eligible →
validate → store atomically → receipt. A *target* (a vote, a survey, a budget…) supplies
the parts that differ through the small interface of :class:`ParticipationTarget`.
"""

from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError, connection, transaction
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import settings
from .errors import (
    AlreadyParticipated,
    Closed,
    ForgedRequest,
    InvalidSubmission,
    NotAllowed,
    NotFound,
    NotOpenYet,
    SuspiciousSubmission,
    TooLarge,
)
from .identity import get_identity_method
from .limits import check_rate_limits
from .pages import view_restrictions
from .receipts import new_receipt_code

HONEYPOT_FIELD = "website"
# Django's own CSRF check, run by the pipeline; it keeps no state between requests.
_CSRF_CHECK = CsrfViewMiddleware(lambda request: None)


class ParticipationTarget:
    """What the pipeline needs from anything residents take part in.

    Concrete targets also carry the fields of
    :class:`~wagtail_participation.participation.fields.ParticipationSettings`.
    """

    def is_hosted_by(self, page):
        """True if ``page`` is where this participation is offered."""
        raise NotImplementedError

    def existing_participation(self, participant):
        raise NotImplementedError

    def submission_form(self, data):
        """A bound Django form validating a submission for this target."""
        raise NotImplementedError

    def validate_submission(self, data):
        """The cleaned submission, or InvalidSubmission with the form's errors.

        A target may check a valid submission without building its form (the form being what
        shows the errors again), as long as both apply the same rules."""
        form = self.submission_form(data)
        if not form.is_valid():
            raise InvalidSubmission(errors=form.errors)
        return form.cleaned_data

    def store_participation(self, participant, cleaned_data, receipt):
        """Write the submission, atomically: in one statement (see
        :func:`~wagtail_participation.participation.rows.insert_with_children`) or inside
        ``transaction.atomic()``. Must hit a unique constraint on (target, participant key) if
        the participant already took part."""
        raise NotImplementedError

    def receipt_taken(self, receipt):
        raise NotImplementedError

    def check_eligibility(self, participant, request):
        """Raise NotAllowed if this participant may not take part. Everyone may, by default."""


@dataclass
class Outcome:
    participant: object
    record: object
    receipt: str


def check_size(request):
    """Refuse an oversized body before anything reads it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.MAX_SUBMISSION_BYTES:
        raise TooLarge()
    try:
        request.POST  # noqa: B018 - parsing may itself refuse a body (too many fields…)
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        raise TooLarge() from error


def check_request(request):
    """Cheap checks that need nothing from the database."""
    check_size(request)
    # Our views are csrf_exempt so that a failure gets our own message, not Django's page.
    if _CSRF_CHECK.process_view(request, None, (), {}) is not None:
        raise ForgedRequest()
    if request.POST.get(HONEYPOT_FIELD):
        raise SuspiciousSubmission()


def check_page(request, target, page):
    if page is None or not page.live or not target.is_hosted_by(page):
        raise NotFound()
    for restriction in view_restrictions(page):
        if not restriction.accept_request(request):
            raise NotAllowed()


def check_open(target, now=None):
    now = now or timezone.now()
    if now < target.opens_at:
        raise NotOpenYet()
    if now >= target.closes_at:
        raise Closed()


def identify(request, target):
    return get_identity_method(target.identity).identify(request)


def submit(request, target, page):
    """Run the whole pipeline; return an :class:`Outcome` or raise ParticipationRefused."""
    check_request(request)
    check_page(request, target, page)
    check_open(target)
    participant = identify(request, target)
    target.check_eligibility(participant, request)
    if not participant.is_new and target.existing_participation(participant) is not None:
        raise AlreadyParticipated()
    check_rate_limits(request, participant)
    cleaned_data = target.validate_submission(request.POST)
    return _store(target, participant, cleaned_data)


def _store(target, participant, cleaned_data):
    for _attempt in range(5):
        receipt = new_receipt_code(settings.RECEIPT_LENGTH)
        try:
            # The target stores atomically itself, in a single statement where it can: a
            # transaction around it would cost two more round trips to the database per
            # submission. Within the request's own transaction (ATOMIC_REQUESTS), a savepoint
            # keeps that transaction usable if the store is refused.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                record = target.store_participation(participant, cleaned_data, receipt)
        except IntegrityError:
            # This participant's other request won the race, or (rarely) the receipt code was
            # already taken, or what the submission refers to changed meanwhile.
            if target.existing_participation(participant) is not None:
                raise AlreadyParticipated() from None
            if target.receipt_taken(receipt):
                continue
            raise InvalidSubmission(_("This page has just changed. Please reload it.")) from None
        return Outcome(participant=participant, record=record, receipt=receipt)
    raise IntegrityError("Could not allocate a unique receipt code")
