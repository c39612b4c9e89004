"""The commune's identity on its PDF reports and paper ballots: name, coat of arms, where
paper ballots are handed in."""

import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Site

from wagtail_participation.models import ReportSettings

LOGO_TITLE = "Blason de Saint-Exemple-sur-Loire"


def load(context):
    site = Site.objects.get(is_default_site=True)
    report_settings = ReportSettings.for_site(site)
    if not report_settings.commune_name:
        report_settings.commune_name = "Commune de Saint-Exemple-sur-Loire"
        report_settings.paper_return = (
            "À déposer dans l'urne de l'accueil de la mairie, 1 place de la Mairie, du lundi "
            "au samedi de 9 h à 12 h."
        )
    if report_settings.logo is None:
        report_settings.logo = _coat_of_arms()
    report_settings.save()
    context.log("Rapports PDF : nom et blason de la commune réglés.")
    return {}


def _coat_of_arms():
    """The site header's coat of arms (example_site/templates/base.html), drawn here so the
    demo needs no image file: a shield, the Loire, a gold church."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=LOGO_TITLE).first()
    if image is not None:
        return image
    from PIL import Image, ImageDraw

    scale = 8
    picture = Image.new("RGBA", (48 * scale, 56 * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)

    def shield(inset, fill):
        left, right, top = (2 + inset) * scale, (46 - inset) * scale, (2 + inset) * scale
        bottom = (54 - inset) * scale
        points = [(left, top), (right, top), (right, 28 * scale)]
        points += [(24 * scale + (right - 24 * scale) * 0.55, 46 * scale), (24 * scale, bottom)]
        points += [(24 * scale - (24 * scale - left) * 0.55, 46 * scale), (left, 28 * scale)]
        draw.polygon(points, fill=fill)

    shield(0, "#ffffff")
    shield(4, "#0b4a6f")
    draw.rectangle([6 * scale, 32 * scale, 42 * scale, 36 * scale], fill="#9fd3f0")  # the Loire
    draw.polygon(
        [
            (17 * scale, 28 * scale),
            (17 * scale, 17 * scale),
            (24 * scale, 10 * scale),
            (31 * scale, 17 * scale),
            (31 * scale, 28 * scale),
        ],
        fill="#f5c542",
    )  # the church
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = image_model(title=LOGO_TITLE)
    image.file = ImageFile(buffer, name="blason-saint-exemple.png")
    image.save()
    return image
