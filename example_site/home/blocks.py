"""The content blocks an editor of the commune's site can use in a page body."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from wagtail_participation.blocks import VoteBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "Intertitre"
        form_classname = "title"
        template = "home/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Image")
    alt = blocks.CharBlock(
        label="Texte alternatif",
        max_length=255,
        help_text="Décrit l'image pour les personnes qui ne la voient pas.",
    )
    caption = blocks.CharBlock(label="Légende", required=False, max_length=255)

    class Meta:
        icon = "image"
        label = "Image"
        template = "home/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Citation")
    attribution = blocks.CharBlock(label="Auteur ou autrice", required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "home/blocks/quote.html"


def body_blocks():
    """The blocks of every page body, in the order the editor's menu shows them."""
    return [
        ("heading", HeadingBlock()),
        ("paragraph", blocks.RichTextBlock(label="Paragraphe", features=RICH_TEXT_FEATURES)),
        ("image", ImageBlock()),
        ("quote", QuoteBlock()),
        ("vote", VoteBlock()),
    ]
