from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..participation.models import Neighbourhood
from .menu import PARTICIPATION_MENU_HOOK


class NeighbourhoodViewSet(SnippetViewSet):
    """The commune's neighbourhoods, which every participation type refers to."""

    model = Neighbourhood
    icon = "site"
    menu_label = _("Neighbourhoods")
    menu_name = "participation_neighbourhoods"
    menu_hook = PARTICIPATION_MENU_HOOK
    menu_order = 900
    list_display = ["name", "sort_order"]
    search_fields = ["name"]
