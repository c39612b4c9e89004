"""The image a resident attaches to a proposal: checked, re-encoded, stripped.

Whatever the browser sent, what is stored is a new file drawn from the decoded pixels only:
JPEG (PNG where the picture has transparency), at most ``PROPOSAL_IMAGE_MAX_SIDE`` pixels on
its longer side, turned upright as the camera meant it, with no metadata at all (no EXIF, so
no GPS position, camera serial number or date; no ICC profile, no comment). The name is
random: the resident's file name never reaches the storage or the page.

Refused, with a message the resident understands: a file over ``PROPOSAL_IMAGE_MAX_BYTES``,
a file that is not an image, an image in a format other than JPEG, PNG or WebP, and images
whose pixels would exceed ``PROPOSAL_IMAGE_MAX_PIXELS`` once decoded (decompression bombs:
a few kilobytes that unpack to gigabytes).
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..conf import settings

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# What the file input offers the resident (the server checks the content, not this).
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanImage:
    file: ContentFile
    width: int
    height: int


def clean_image(upload):
    """A :class:`CleanImage` from an uploaded file, or a ValidationError."""
    if upload.size > settings.PROPOSAL_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s). It must be %(limit)s at most.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PROPOSAL_IMAGE_MAX_BYTES),
            },
            code="too_large",
        )
    not_an_image = ValidationError(
        _("This file is not an image we can read. Please send a JPEG, PNG or WebP photo."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                if opened.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("Images must be JPEG, PNG or WebP files."), code="wrong_format"
                    )
                width, height = opened.size
                if width * height > settings.PROPOSAL_IMAGE_MAX_PIXELS:
                    raise _too_many_pixels()
                opened.load()
                picture = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        # Not an image, or a truncated or corrupt one.
        raise not_an_image from None
    return _reencode(picture)


def _too_many_pixels():
    return ValidationError(
        _("This image has too many pixels. Please send a smaller photo."),
        code="too_many_pixels",
    )


def _reencode(picture):
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    side = settings.PROPOSAL_IMAGE_MAX_SIDE
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the upload's metadata can follow.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    output = io.BytesIO()
    if has_alpha:
        clean.save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    name = f"{secrets.token_urlsafe(12)}.{extension}"
    return CleanImage(ContentFile(output.getvalue(), name=name), clean.width, clean.height)
