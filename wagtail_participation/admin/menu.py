"""One "Participation" entry in the admin's menu, whose submenu lists every participation
type's pages (votes, ballots, neighbourhoods…) instead of one top-level entry each."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, SubmenuMenuItem

# A viewset joins the submenu with ``menu_hook = PARTICIPATION_MENU_HOOK``; anything else
# returns a MenuItem from a function registered with this hook.
PARTICIPATION_MENU_HOOK = "register_participation_menu_item"


def participation_menu_item():
    return SubmenuMenuItem(
        _("Participation"),
        Menu(register_hook_name=PARTICIPATION_MENU_HOOK),
        name="participation",
        icon_name="group",
        order=250,
    )
