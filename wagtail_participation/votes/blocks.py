from django.urls import reverse
from django.utils.translation import pgettext_lazy
from wagtail.snippets.blocks import SnippetChooserBlock

from .presentation import vote_context


class VoteBlock(SnippetChooserBlock):
    """Embeds a vote in any StreamField, the host site's own page models included."""

    def __init__(self, **kwargs):
        super().__init__("wagtail_participation.Vote", **kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if value is not None:
            parent_context = parent_context or {}
            context.update(
                vote_context(
                    value,
                    parent_context.get("request"),
                    parent_context.get("page"),
                    action_url=reverse("wagtail_participation:cast_vote", args=[value.pk]),
                    refusal=parent_context.get("participation_refusal"),
                )
            )
        return context

    def deconstruct(self):
        return ("wagtail_participation.blocks.VoteBlock", (), self._constructor_args[1])

    class Meta:
        icon = "tasks"
        label = pgettext_lazy("block", "Vote")
        template = "wagtail_participation/votes/vote_block.html"
