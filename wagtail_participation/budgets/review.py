"""What the town hall decides about a budget's projects, beside the proposals package's
moderation (:mod:`..proposals.moderation`): their review (feasible or not, why, at what cost,
in which envelope) and, once funded, the follow-up of their works.

Nothing that changes the ballot is accepted once the vote has opened: each decision locks
the page's row, which the first ballot takes to freeze the rules, and checks the freeze
under it. Each decision is written to Wagtail's history of actions; a review is emailed to
the project's author once it is committed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ..participation.models import Channel
from ..proposals.models import ProposalStatus
from ..proposals.notifications import notify_author
from .choices import Feasibility
from .models import BudgetPage, BudgetProject, BudgetProjectUpdate

REVIEW = "wagtail_participation.budget_project.review"
WORKS = "wagtail_participation.budget_project.works"
WORKS_UPDATE = "wagtail_participation.budget_project.works_update"
ADD = "wagtail_participation.budget_project.add"
LOG_ACTIONS = [
    (REVIEW, _("Review budget project"), _("Budget project reviewed")),
    (WORKS, _("Update the works of a budget project"), _("Works of a budget project updated")),
    (WORKS_UPDATE, _("Add news of the works"), _("News of the works added")),
    (ADD, _("Add a budget project"), _("Budget project added by the town hall")),
]

FROZEN = _(
    "The vote has opened: the projects on the ballot, their costs and envelopes can no "
    "longer change."
)


def locked_page(page_id):
    """The page's row, locked until the end of the transaction."""
    return BudgetPage.objects.select_for_update().get(pk=page_id)


def ballot_check(project):
    """For the proposals package's decisions (publish, reject, merge): refuse, once the vote
    has opened, any that could change the ballot (one about a project found feasible)."""
    page = locked_page(project.target_id)
    if page.rules_frozen() and project.feasibility == Feasibility.FEASIBLE:
        raise ValidationError(FROZEN)


def review_project(project, user, *, feasibility, reason, cost=None, envelope=None):
    with transaction.atomic():
        page = locked_page(project.target_id)
        if page.rules_frozen():
            raise ValidationError(FROZEN)
        project = BudgetProject.objects.select_for_update().get(pk=project.pk)
        if project.status in (ProposalStatus.DUPLICATE, ProposalStatus.REJECTED):
            raise ValidationError(
                _("Only a published project, or one awaiting moderation, can be reviewed.")
            )
        project.feasibility = feasibility
        project.feasibility_reason = reason
        if feasibility == Feasibility.FEASIBLE:
            project.cost = cost
            project.envelope = envelope
        project.reviewed_at = timezone.now()
        project.reviewed_by = user
        project.save()
        log(
            instance=project,
            action=REVIEW,
            user=user,
            data={"feasibility": feasibility, "cost": project.cost},
        )
        pk = project.pk
        transaction.on_commit(lambda: notify_author(BudgetProject.objects.get(pk=pk), "reviewed"))
    return project


def set_works_status(project, user, status):
    with transaction.atomic():
        project = BudgetProject.objects.select_for_update().get(pk=project.pk)
        if not project.funded:
            raise ValidationError(_("Only a funded project has works to follow."))
        project.works_status = status
        project.save(update_fields=["works_status"])
        log(instance=project, action=WORKS, user=user, data={"status": status})
    return project


def add_works_update(project, user, *, date, text, image=None, image_description=""):
    with transaction.atomic():
        if not BudgetProject.objects.filter(pk=project.pk, funded=True).exists():
            raise ValidationError(_("Only a funded project has works to follow."))
        update = BudgetProjectUpdate(
            project=project,
            date=date,
            text=text,
            image_description=image_description,
            created_by=user,
        )
        if image is not None:
            update.image.save(image.file.name, image.file, save=False)
        update.save()
        log(instance=project, action=WORKS_UPDATE, user=user, data={"date": str(date)})
    return update


def add_project(page, user, cleaned_data):
    """A project the town hall adds itself (its own, or one handed in on paper): published
    and found feasible at once, entered by ``user``."""
    with transaction.atomic():
        page = locked_page(page.pk)
        if page.rules_frozen():
            raise ValidationError(FROZEN)
        now = timezone.now()
        project = BudgetProject(
            target=page,
            title=cleaned_data["title"],
            description=cleaned_data["description"],
            envelope=cleaned_data["envelope"],
            neighbourhood=cleaned_data.get("neighbourhood"),
            estimated_cost=cleaned_data["cost"],
            cost=cleaned_data["cost"],
            feasibility=Feasibility.FEASIBLE,
            feasibility_reason=cleaned_data.get("feasibility_reason", ""),
            reviewed_at=now,
            reviewed_by=user,
            status=ProposalStatus.PUBLISHED,
            moderated_at=now,
            moderated_by=user,
            author_name=cleaned_data.get("author_name") or str(_("The town hall")),
            image_description=cleaned_data.get("image_description", ""),
            channel=Channel.PAPER,
            entered_by=user,
        )
        image = cleaned_data.get("image")
        if image is not None:
            project.image.save(image.file.name, image.file, save=False)
        project.save()
        log(instance=project, action=ADD, user=user)
    return project
