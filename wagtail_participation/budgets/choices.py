"""The choices of a participatory budget's fields, apart from its models so that forms and
pages can name them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The phases of a budget, in order (see models.PHASES).
SUBMISSION, REVIEW, VOTE, RESULTS, FOLLOW_UP = (
    "submission",
    "review",
    "vote",
    "results",
    "follow_up",
)


class CountingRule(models.TextChoices):
    MES = "mes", _("Method of Equal Shares, completed by the most voted projects")
    EQUAL_SHARES_ADD1 = "equalshares-add1", _("Method of Equal Shares, as equalshares.net counts")
    EQUAL_SHARES_COMPARISON = (
        "equalshares-add1-comparison",
        _("Method of Equal Shares compared with the most voted projects (as in Wieliczka)"),
    )
    GREEDY = "greedy", _("The most voted projects, as long as the envelope allows")


class TieBreaking(models.TextChoices):
    COMMUNE = "commune", _("The cheaper project, then the more voted one, then a published draw")
    LEXICO = "lexico", _("The project whose number comes first (as pabutools does)")


class Feasibility(models.TextChoices):
    PENDING = "pending", _("To be reviewed")
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class WorksStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
