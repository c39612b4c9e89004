"""What every participation shows a resident around its own form: whether they may take part
(and if not, why), their receipt, whether the results are theirs to see."""

from dataclasses import dataclass, field

from ..results.visibility import results_visible
from .errors import IdentificationRequired, ParticipationRefused
from .pipeline import HONEYPOT_FIELD
from .receipts import RECEIPT_PARAM, format_receipt, parse_receipt
from .status import ParticipationStatus, participation_status


@dataclass(frozen=True)
class ParticipationDisplay:
    target: object
    # The page the participation is shown on; None where it cannot be answered (a preview
    # outside any page, say).
    page: object
    status: ParticipationStatus
    # Where the form posts.
    action_url: str
    # A refused submission shown again (its message, and the form with its errors).
    refusal: ParticipationRefused | None
    # True right after this participant's submission (the redirect carries its receipt).
    just_submitted: bool
    # The participant's own receipt, formatted, once they have taken part.
    receipt: str | None
    show_results: bool
    hidden_fields: dict = field(default_factory=dict)
    identity_note: str = ""
    honeypot_field: str = HONEYPOT_FIELD

    @property
    def state(self):
        return self.status.state

    @property
    def shows_form(self):
        return self.page is not None and self.status.may_take_part

    @property
    def needs_login(self):
        return isinstance(self.status.refusal, IdentificationRequired)

    @property
    def login_url(self):
        return getattr(self.status.refusal, "login_url", None) or ""

    @property
    def html_id(self):
        return self.target.html_id()


def participation_display(target, request, page, *, action_url, refusal=None):
    status = participation_status(request, target)
    submission = status.submission
    # The receipt in the URL only says the submission just happened; it is shown only to the
    # participant it belongs to, never to whoever opens a shared link.
    code = parse_receipt(request.GET.get(RECEIPT_PARAM)) if request is not None else None
    user = getattr(request, "user", None)
    method = target.identity_method()
    return ParticipationDisplay(
        target=target,
        page=page,
        status=status,
        action_url=action_url,
        refusal=refusal,
        just_submitted=submission is not None and code == submission.receipt,
        receipt=format_receipt(submission.receipt) if submission is not None else None,
        show_results=results_visible(target, user=user, has_participated=status.has_participated),
        hidden_fields=method.form_fields(request) if request is not None else {},
        identity_note=method.describe(request) if request is not None else "",
    )
