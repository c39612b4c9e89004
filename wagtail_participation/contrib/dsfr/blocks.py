"""The app's blocks offered to the StreamFields of a Sites Faciles site.

wagtail-dsfr 2.4 builds the blocks of its pages' StreamFields (content pages, blog entries,
events…) when they are first used, from its own list and from the blocks registered with
``register_common_block``. Its ``DynamicStreamField`` leaves blocks out of migrations, so a
block added here needs no migration on the site's side. The app calls ``register_blocks()``
when it starts, if ``wagtail_dsfr.content_manager`` is installed and the setting
``DSFR_BLOCKS`` is on (its default).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...votes.blocks import VoteBlock

# The block's name in the pages' stored JSON: never change it.
BLOCKS = [("participation_vote", VoteBlock, pgettext_lazy("block", "Vote"))]

_registered = False


def register_blocks():
    """Register the app's blocks with wagtail-dsfr; False where its version has no registry
    (before 2.4). Once per process."""
    global _registered
    try:
        from wagtail_dsfr.content_manager.registry import register_common_block
    except ImportError:
        return False
    if not _registered:
        for name, block_class, label in BLOCKS:
            register_common_block(block_class, name=name, label=label, group=_("Participation"))
        _registered = True
    return True
