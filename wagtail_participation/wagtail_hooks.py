from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin.listing import register_listing
from .admin.menu import participation_menu_item
from .admin.neighbourhoods import NeighbourhoodViewSet
from .reports import admin as reports_admin
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
