from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin.listing import register_listing
from .admin.menu import PARTICIPATION_MENU_HOOK, participation_menu_item
from .admin.neighbourhoods import NeighbourhoodViewSet
from .reports import admin as reports_admin
from .surveys import admin as surveys_admin
from .votes import admin as votes_admin

hooks.register("register_admin_menu_item", participation_menu_item)
register_snippet(NeighbourhoodViewSet)
register_snippet(votes_admin.VoteViewSet)
register_listing(votes_admin.BallotAdmin)


@hooks.register("register_admin_urls")
def register_vote_admin_urls():
    return votes_admin.admin_urls()


@hooks.register("register_snippet_listing_buttons")
def vote_listing_buttons(snippet, user, next_url=None):
    yield from votes_admin.vote_listing_buttons(snippet, user, next_url)


# --- consultations (and the proposals package they use) --------------------------------

from .consultations import admin as consultations_admin  # noqa: E402
from .proposals.moderation import LOG_ACTIONS as PROPOSAL_LOG_ACTIONS  # noqa: E402

register_listing(consultations_admin.ConsultationProposalAdmin)


@hooks.register("register_admin_urls")
def register_consultation_admin_urls():
    return consultations_admin.admin_urls()


@hooks.register("register_page_listing_more_buttons")
def consultation_page_listing_buttons(page, user, *args, **kwargs):
    yield from consultations_admin.page_listing_buttons(page, user)


@hooks.register("register_log_actions")
def register_proposal_log_actions(actions):
    for action, label, message in PROPOSAL_LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_report_admin_urls():
    return reports_admin.admin_urls()


# --- surveys ----------------------------------------------------------------------------------

register_listing(surveys_admin.SurveyResponseAdmin)
hooks.register(PARTICIPATION_MENU_HOOK, surveys_admin.surveys_menu_item)
hooks.register("register_admin_urls", surveys_admin.admin_urls)
hooks.register("register_page_header_buttons", surveys_admin.survey_page_buttons)
hooks.register("register_page_listing_more_buttons", surveys_admin.survey_page_buttons)
hooks.register("register_log_actions", surveys_admin.register_log_actions)


# --- participatory budgets ---------------------------------------------------------------

from django.utils.translation import gettext_lazy as _  # noqa: E402

from .budgets import admin as budgets_admin  # noqa: E402
from .budgets import counting as budgets_counting  # noqa: E402
from .budgets import pabulib as budgets_pabulib  # noqa: E402
from .budgets import review as budgets_review  # noqa: E402

register_listing(budgets_admin.BudgetProjectAdmin)
register_listing(budgets_admin.BudgetBallotAdmin)
hooks.register(PARTICIPATION_MENU_HOOK, budgets_admin.budgets_menu_item)


@hooks.register("register_admin_urls")
def register_budget_admin_urls():
    return budgets_admin.admin_urls()


@hooks.register("register_page_listing_more_buttons")
def budget_page_listing_buttons(page, user, *args, **kwargs):
    yield from budgets_admin.page_listing_buttons(page, user)


@hooks.register("register_log_actions")
def register_budget_log_actions(actions):
    for action, label, message in [
        *budgets_review.LOG_ACTIONS,
        (budgets_counting.COUNT_ACTION, _("Count a budget's ballots"), _("Ballots counted")),
        (
            budgets_counting.PUBLISH_ACTION,
            _("Publish a budget's results"),
            _("Results published"),
        ),
        (
            budgets_counting.WITHDRAW_ACTION,
            _("Withdraw a budget's results"),
            _("Results no longer published"),
        ),
        (budgets_pabulib.IMPORT_ACTION, _("Import a pabulib file"), _("pabulib file imported")),
    ]:
        actions.register_action(action, label, message)
