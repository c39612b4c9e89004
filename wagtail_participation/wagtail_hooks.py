from wagtail.snippets.models import register_snippet

from .votes.admin import VoteViewSet, register_vote_admin

register_snippet(VoteViewSet)
register_vote_admin()
