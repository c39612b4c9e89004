"""The emails an author receives at each decision about their proposal.

Sent through Django's email backend (``EMAIL_BACKEND``, ``DEFAULT_FROM_EMAIL``), in the site's
language, to the address :meth:`AbstractProposal.notification_email` gives: the one the
author typed in the form, else the email of the account they posted with. An author who gave
neither gets no email; the decision is still shown on the proposal's page (a rejection's
reason to its author only).

A mail server that fails does not undo the decision, which is already committed: the failure
is logged.
"""

import logging

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

DECISIONS = ("published", "rejected", "merged", "answered")
# The folder of the templates ``<decision>_subject.txt`` and ``<decision>.txt``; a page type
# names its own in ``email_templates``, and may add decisions of its own.
DEFAULT_EMAIL_TEMPLATES = "wagtail_participation/proposals/email"


def notify_author(proposal, decision):
    """Email the author of ``proposal`` about ``decision`` (one of DECISIONS, or of the page
    type's own); True if an email was sent."""
    recipient = proposal.notification_email()
    if not recipient:
        return False
    with translation.override(django_settings.LANGUAGE_CODE):
        context = {
            "proposal": proposal,
            "participation": proposal.target,
            "proposal_url": proposal.target.proposal_full_url(proposal),
            "original_url": (
                proposal.target.proposal_full_url(proposal.duplicate_of)
                if proposal.duplicate_of_id
                else ""
            ),
        }
        # A page type may word its emails its own way (a budget's projects are not ideas).
        folder = getattr(proposal.target, "email_templates", DEFAULT_EMAIL_TEMPLATES)
        template = f"{folder}/{decision}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    try:
        send_mail(subject, body, None, [recipient])
    except Exception:  # noqa: BLE001 - any mail server failure; the decision stands
        logger.exception("Could not email the author of proposal %s", proposal.pk)
        return False
    return True
