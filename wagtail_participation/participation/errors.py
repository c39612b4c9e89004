"""Why a submission was refused, with the HTTP status the refusal deserves."""

from django.utils.translation import gettext_lazy as _


class ParticipationRefused(Exception):
    """A submission the pipeline will not store. ``message`` is shown to the resident."""

    status = 400
    code = "refused"
    default_message = _("Your submission could not be accepted.")

    def __init__(self, message=None, *, errors=None):
        self.message = message or self.default_message
        # Field errors of the submission form, when validation is what failed.
        self.errors = errors
        super().__init__(str(self.message))


class InvalidSubmission(ParticipationRefused):
    status = 400
    code = "invalid"
    default_message = _("Your answer is not valid. Please check it and try again.")


class SuspiciousSubmission(ParticipationRefused):
    status = 400
    code = "suspicious"
    default_message = _(
        "Your submission looks automated and was not recorded. If you are a person, "
        "please reload the page and try again."
    )


class UnreadableSubmission(ParticipationRefused):
    status = 400
    code = "unreadable"
    default_message = _(
        "Your browser sent this form in a way that cannot be read. Please reload the page and "
        "try again."
    )


class ForgedRequest(ParticipationRefused):
    status = 403
    code = "csrf"
    default_message = _(
        "Your submission could not be verified (the security token of the form is missing "
        "or expired). Please reload the page and try again; cookies must be enabled."
    )


class NotAllowed(ParticipationRefused):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to take part here.")


class IdentificationRequired(ParticipationRefused):
    status = 403
    code = "login"
    default_message = _("Please log in to take part.")

    def __init__(self, message=None, *, login_url=None):
        super().__init__(message)
        self.login_url = login_url


class NotFound(ParticipationRefused):
    status = 404
    code = "not_found"
    default_message = _("This participation does not exist or is not published.")


class AlreadyParticipated(ParticipationRefused):
    status = 409
    code = "already"
    default_message = _("You have already taken part. Thank you!")


class AlreadyRecorded(ParticipationRefused):
    """A staff entry form sent twice: it was stored the first time."""

    status = 409
    code = "already_recorded"
    default_message = _(
        "This entry had already been recorded (the form was sent twice): nothing was added."
    )


class PaperReferenceTaken(ParticipationRefused):
    """A paper form whose reference number was already entered for this participation: the
    same sheet entered twice, or a number mistyped."""

    status = 409
    code = "paper_reference_taken"
    default_message = _(
        "A paper form with this reference number has already been entered for this "
        "participation: nothing was added. Check the number written on the sheet."
    )


class NothingToWithdraw(ParticipationRefused):
    status = 409
    code = "nothing_to_withdraw"
    default_message = _("There is nothing of yours to withdraw here.")


class NotOpenYet(ParticipationRefused):
    status = 403
    code = "not_open"
    default_message = _("This participation is not open yet.")


class Closed(ParticipationRefused):
    status = 410
    code = "closed"
    default_message = _("This participation is closed.")


class TooLarge(ParticipationRefused):
    status = 413
    code = "too_large"
    default_message = _("Your submission is too large.")


class TooManyRequests(ParticipationRefused):
    status = 429
    code = "rate_limited"
    default_message = _("Too many submissions in a short time. Please wait a moment and try again.")
