"""The one participation pipeline every page type and block goes through.

request checks → may this person take part now (:mod:`.status`) → rate limits → validate
(the target) → store atomically (the target) → receipt.

Where the request comes from is not the pipeline's business: a participation page's own
``serve()`` (:mod:`.pages`, after Wagtail's view-restriction check) or the view of a
participation embedded in a StreamField (:mod:`.embeds`, which checks the page itself) hands
it the request and the target. The pipeline calls the target, never the other way round.
"""

from dataclasses import dataclass

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError, transaction
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from ..conf import settings
from .errors import (
    AlreadyParticipated,
    AlreadyRecorded,
    ForgedRequest,
    IdentificationRequired,
    InvalidSubmission,
    NothingToWithdraw,
    PaperReferenceTaken,
    SuspiciousSubmission,
    TooLarge,
    UnreadableSubmission,
)
from .limits import check_rate_limits
from .models import Channel, UsedFormToken
from .receipts import new_receipt_code
from .status import participation_status
from .target import ParticipationState

HONEYPOT_FIELD = "website"
# Django's own CSRF check, run by the pipeline so that a failure gets the app's translated
# message; it keeps no state between requests.
_CSRF_CHECK = CsrfViewMiddleware(lambda request: None)
# Receipt codes are random: a collision is rare, and another draw settles it.
_RECEIPT_ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    participant: object
    submission: object
    receipt: str


def check_body(request, upload_bytes=0):
    """Refuse an oversized body before anything reads it, and one Django cannot parse.

    ``upload_bytes``: what the files of a target that accepts some may add."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.MAX_SUBMISSION_BYTES + upload_bytes:
        raise TooLarge()
    try:
        request.POST  # noqa: B018 - parsing may itself refuse a body (too many fields…)
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        raise TooLarge() from error
    except (BadRequest, MultiPartParserError, UnicodeDecodeError) as error:
        # A form declared in another charset than UTF-8, or a broken multipart body. Django
        # refuses it again at every read of request.POST: nothing may read it from here on.
        raise UnreadableSubmission() from error


def check_request(request, upload_bytes=0):
    """Cheap checks that need nothing from the database."""
    check_body(request, upload_bytes)
    if _CSRF_CHECK.process_view(request, None, (), {}) is not None:
        raise ForgedRequest()
    if request.POST.get(HONEYPOT_FIELD):
        raise SuspiciousSubmission()


def submit(request, target, *, data=None):
    """Run the whole pipeline for ``target``; return an :class:`Outcome` or raise
    :class:`~.errors.ParticipationRefused`.

    ``data``: what the target validates, when the submission is more than this request's POST
    (a survey's earlier steps, kept in the session); the request's POST by default."""
    check_request(request, target.max_upload_bytes)
    status = participation_status(request, target, submitting=True)
    if status.refusal is not None:
        raise status.refusal
    check_rate_limits(request, status.participant)
    data = request.POST if data is None else data
    if target.max_upload_bytes:
        cleaned_data = target.validate_submission(data, files=request.FILES)
    else:
        cleaned_data = target.validate_submission(data)
    return _store(target, status.participant, cleaned_data)


def check_step(request, target):
    """For a submission sent over several requests (a survey's steps): refuse an intermediate
    request as :func:`submit` would, before anything is validated or kept. Nothing is stored;
    the request counts against the rate limits (each step writes the session)."""
    check_request(request)
    status = participation_status(request, target)
    if status.refusal is not None:
        raise status.refusal
    check_rate_limits(request, status.participant)
    return status


def store_paper_submission(
    target, cleaned_data, *, entered_by, entry_token, paper_reference="", **fields
):
    """Store a submission staff copied from paper, validated by the target as an online one
    (``target.validate_submission``): marked as paper, with who entered it.

    ``entry_token``: the one-time token of the entry form; the same form sent twice (a double
    click, a resend) stores once and raises :class:`AlreadyRecorded` the second time.
    ``paper_reference``: the number the town hall wrote on the sheet, if any; unique per
    participation (the database's constraint), so that the same sheet entered twice, by two
    people or on two days, raises :class:`PaperReferenceTaken` and stores nothing.
    ``fields``: more fields of the submission model (a note…)."""
    paper_reference = normalise_paper_reference(paper_reference)
    with transaction.atomic():
        try:
            with transaction.atomic():
                UsedFormToken.objects.create(token=entry_token)
        except IntegrityError:
            raise AlreadyRecorded() from None
        submissions = target.submissions
        if paper_reference and submissions.filter(paper_reference=paper_reference).exists():
            raise PaperReferenceTaken()
        submission = submissions.model(
            target=target,
            channel=Channel.PAPER,
            entered_by=entered_by,
            paper_reference=paper_reference,
            **fields,
        )
        try:
            with transaction.atomic():
                target.store_submission(submission, cleaned_data)
        except IntegrityError:
            # Two entries of the same sheet at the same moment: the database kept one.
            if paper_reference and submissions.filter(paper_reference=paper_reference).exists():
                raise PaperReferenceTaken() from None
            raise
    return submission


def normalise_paper_reference(value):
    """A reference number as stored and compared: spaces around and inside it collapsed
    ("  A 12 " is "A 12")."""
    return " ".join(str(value or "").split())


def withdraw(request, target):
    """Withdraw the online submission of the person behind ``request`` to ``target`` (a
    support, while supports are open): the same request checks, status and rate limits as a
    submission, then ``target.withdraw_submission()`` in a transaction. Returns an
    :class:`Outcome` without a receipt, or raises :class:`~.errors.ParticipationRefused`."""
    check_request(request)
    status = participation_status(request, target)
    if status.state != ParticipationState.OPEN:
        raise status.refusal
    if status.submission is None:
        if isinstance(status.refusal, IdentificationRequired):
            raise status.refusal
        raise NothingToWithdraw()
    check_rate_limits(request, status.participant)
    with transaction.atomic():
        target.withdraw_submission(status.submission)
    return Outcome(participant=status.participant, submission=status.submission, receipt="")


def _store(target, participant, cleaned_data):
    for _attempt in range(_RECEIPT_ATTEMPTS):
        submission = target.submissions.model(
            target=target,
            channel=Channel.ONLINE,
            participant_key=participant.key,
            user=participant.user,
            receipt=new_receipt_code(settings.RECEIPT_LENGTH),
        )
        try:
            # Within the request's own transaction (ATOMIC_REQUESTS) this is a savepoint,
            # which keeps that transaction usable if the store is refused.
            with transaction.atomic():
                target.store_submission(submission, cleaned_data)
        except IntegrityError:
            # This participant's other request won the race, or (rarely) the receipt code was
            # already taken, or what the submission refers to changed meanwhile.
            if target.existing_submission(participant) is not None:
                raise AlreadyParticipated() from None
            if target.receipt_taken(submission.receipt):
                continue
            raise InvalidSubmission(_("This page has just changed. Please reload it.")) from None
        return Outcome(participant=participant, submission=submission, receipt=submission.receipt)
    raise IntegrityError("Could not allocate a unique receipt code")
