"""A host site's own page model, written as a commune's agency would: not ours."""

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_participation.blocks import VoteBlock


class HostArticle(Page):
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("vote", VoteBlock()),
            (
                "aside",
                blocks.StructBlock([("title", blocks.CharBlock()), ("vote", VoteBlock())]),
            ),
        ],
        blank=True,
    )

    template = "hostapp/host_article.html"
