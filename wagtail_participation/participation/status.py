"""May this person take part now, and if not, why?

One answer for the form a resident is shown and for the pipeline that stores what they send,
so that a page never offers a form the pipeline would then refuse.
"""

from dataclasses import dataclass

from .errors import (
    AlreadyParticipated,
    Closed,
    IdentificationRequired,
    NotOpenYet,
    ParticipationRefused,
)
from .identity import Participant, login_url_for
from .target import ParticipationState


@dataclass(frozen=True)
class ParticipationStatus:
    state: str  # a ParticipationState value
    # Who is asking, if known: None for a visitor the identity method does not recognise.
    participant: Participant | None
    # Their online submission to this participation, if any.
    submission: object | None
    # Why they may not take part now; None if they may.
    refusal: ParticipationRefused | None

    @property
    def may_take_part(self):
        return self.refusal is None

    @property
    def has_participated(self):
        return self.submission is not None


def participation_status(request, target, *, submitting=False):
    """The :class:`ParticipationStatus` of the person behind ``request`` for ``target``.

    ``submitting``: the request carries a submission. The identity method then identifies
    the participant (an anonymous newcomer gets a new token; an account is required where the
    method needs one); otherwise a participant is only recognised, never created.
    """
    state = target.state()
    method = target.identity_method()
    participant = None
    if submitting and state == ParticipationState.OPEN:
        try:
            participant = method.identify(request)
        except IdentificationRequired as refusal:
            return ParticipationStatus(state, None, None, refusal)
    elif request is not None:
        participant = method.recognise(request)
    # Someone nobody has seen before cannot have taken part (the unique constraint still
    # guards the store).
    submission = (
        target.existing_submission(participant)
        if participant is not None and not participant.is_new
        else None
    )
    return ParticipationStatus(
        state, participant, submission, _refusal(request, target, state, participant, submission)
    )


def _refusal(request, target, state, participant, submission):
    if state == ParticipationState.NOT_OPEN:
        return NotOpenYet()
    if state == ParticipationState.CLOSED:
        return Closed()
    if participant is None:
        if target.identity_method().needs_login:
            login_url = login_url_for(request) if request is not None else None
            return IdentificationRequired(login_url=login_url)
        return None
    if submission is not None:
        return AlreadyParticipated()
    return target.eligibility_refusal(participant, request)
