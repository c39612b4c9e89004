"""What moderators decide about a proposal: publish, reject, merge into another, answer,
and deal with reports.

Each decision runs in one transaction that locks the proposal rows it reads (a support
locks its proposal's row too, so a support never lands on a proposal rejected or merged
meanwhile), is written to Wagtail's history of actions, and emails the author once the
transaction has committed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .models import ProposalStatus
from .notifications import notify_author

# Wagtail's history of actions: (action, label, message); registered in wagtail_hooks.py.
PUBLISH = "wagtail_participation.proposal.publish"
REJECT = "wagtail_participation.proposal.reject"
MERGE = "wagtail_participation.proposal.merge"
ANSWER = "wagtail_participation.proposal.answer"
RESOLVE_REPORTS = "wagtail_participation.proposal.resolve_reports"
LOG_ACTIONS = [
    (PUBLISH, _("Publish proposal"), _("Proposal published")),
    (REJECT, _("Reject proposal"), _("Proposal rejected")),
    (MERGE, _("Merge duplicate proposal"), _("Proposal merged into another")),
    (ANSWER, _("Answer proposal"), _("Commune's answer given")),
    (RESOLVE_REPORTS, _("Deal with reports"), _("Reports dealt with")),
]


def _locked(proposal):
    return type(proposal).objects.select_for_update().get(pk=proposal.pk)


def publish(proposal, user, *, check=None):
    """``check`` (optional), called with the locked row before anything changes, may refuse
    the decision with a ValidationError; so may it in :func:`reject` and :func:`merge_into`."""
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == ProposalStatus.DUPLICATE:
            raise ValidationError(_("A merged proposal cannot be published again."))
        if check is not None:
            check(proposal)
        proposal.status = ProposalStatus.PUBLISHED
        proposal.rejection_reason = ""
        _moderated(proposal, user)
        proposal.save()
        log(instance=proposal, action=PUBLISH, user=user)
        _notify_on_commit(proposal, "published")
    return proposal


def reject(proposal, user, reason, *, check=None):
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == ProposalStatus.DUPLICATE:
            raise ValidationError(_("A merged proposal cannot be rejected."))
        if check is not None:
            check(proposal)
        proposal.status = ProposalStatus.REJECTED
        proposal.rejection_reason = reason
        _moderated(proposal, user)
        proposal.save()
        log(instance=proposal, action=REJECT, user=user, data={"reason": reason})
        _notify_on_commit(proposal, "rejected")
    return proposal


def merge_into(proposal, original, user, *, check=None):
    """Mark ``proposal`` as a duplicate of ``original`` and move its supports there.

    A participant who supported both keeps one support; both counts are recounted from the
    supports themselves, in the same transaction. Proposals merged into ``proposal`` earlier
    now point at ``original``. ``check`` (optional) is called with each locked row before
    anything changes, and may refuse the merge with a ValidationError (a budget refuses it
    once its vote has opened).
    """
    if proposal.pk == original.pk:
        raise ValidationError(_("A proposal cannot be merged into itself."))
    if proposal.target_id != original.target_id:
        raise ValidationError(_("Both proposals must belong to the same participation."))
    model = type(proposal)
    with transaction.atomic():
        # Both rows locked, always in the same order, so that two merges cannot deadlock.
        locked = {
            row.pk: row
            for row in model.objects.select_for_update()
            .filter(pk__in=[proposal.pk, original.pk])
            .order_by("pk")
        }
        proposal, original = locked[proposal.pk], locked[original.pk]
        if original.status != ProposalStatus.PUBLISHED:
            raise ValidationError(_("Proposals can only be merged into a published proposal."))
        if proposal.status == ProposalStatus.DUPLICATE:
            raise ValidationError(_("This proposal has already been merged."))
        if check is not None:
            check(proposal)
            check(original)
        if model.support_model() is not None:
            supports = proposal.submissions
            # Those who supported both: their support of the duplicate goes.
            supports.filter(
                participant_key__in=original.submissions.values("participant_key")
            ).delete()
            supports.update(target=original)
            original.support_count = original.submissions.count()
            model.objects.filter(pk=original.pk).update(support_count=original.support_count)
        model.objects.filter(duplicate_of=proposal).update(duplicate_of=original)
        proposal.status = ProposalStatus.DUPLICATE
        proposal.duplicate_of = original
        proposal.support_count = 0
        _moderated(proposal, user)
        proposal.save()
        log(
            instance=proposal,
            action=MERGE,
            user=user,
            data={"into": original.pk, "into_title": original.title},
        )
        _notify_on_commit(proposal, "merged")
    return proposal


def give_answer(proposal, user, answer, text):
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status != ProposalStatus.PUBLISHED:
            raise ValidationError(_("Only a published proposal can be answered."))
        proposal.answer = answer
        proposal.answer_text = text
        proposal.answered_at = timezone.now()
        proposal.save(update_fields=["answer", "answer_text", "answered_at"])
        log(instance=proposal, action=ANSWER, user=user, data={"answer": answer})
        _notify_on_commit(proposal, "answered")
    return proposal


def resolve_reports(proposal, user):
    """The reports of ``proposal`` have been dealt with: they leave the queue."""
    with transaction.atomic():
        count = proposal.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        if count:
            log(instance=proposal, action=RESOLVE_REPORTS, user=user, data={"count": count})
    return count


def _moderated(proposal, user):
    proposal.moderated_at = timezone.now()
    proposal.moderated_by = user


def _notify_on_commit(proposal, decision):
    pk, model = proposal.pk, type(proposal)
    transaction.on_commit(lambda: notify_author(model.objects.get(pk=pk), decision))
