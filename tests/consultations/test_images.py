"""The photo of a proposal: re-encoded from its pixels, metadata (GPS…) stripped, stored under
a random name in Django's storage, shown with the proposal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.consultations.conftest import image_bytes, proposal_data, text, token_of
from wagtail_participation.models import ConsultationProposal
from wagtail_participation.proposals.images import clean_image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(size=(80, 40), orientation=1):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0131] = "Secret Phone 1.0"  # Software
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (47.0, 54.0, 12.5), 3: "W", 4: (1.0, 54.0, 3.2)}
    return image_bytes("JPEG", size=size, exif=exif.tobytes())


def test_the_test_photo_really_carries_a_gps_position():
    with Image.open(io.BytesIO(photo_with_gps())) as original:
        assert original.getexif().get_ifd(GPS_IFD)[1] == "N"


def test_gps_and_every_other_metadata_are_stripped():
    clean = clean_image(SimpleUploadedFile("IMG_2041 chez moi.jpg", photo_with_gps()))
    with Image.open(io.BytesIO(clean.file.read())) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert "chez moi" not in clean.file.name and "IMG_2041" not in clean.file.name
    assert clean.file.name.endswith(".jpg")


def test_a_rotated_photo_is_turned_upright_before_its_orientation_is_dropped():
    # Stored 80 × 40 with "rotate 90°" in its EXIF: the camera meant 40 × 80.
    clean = clean_image(SimpleUploadedFile("p.jpg", photo_with_gps(orientation=6)))
    assert (clean.width, clean.height) == (40, 80)


def test_a_large_photo_is_scaled_down(settings):
    settings.WAGTAIL_PARTICIPATION = {"PROPOSAL_IMAGE_MAX_SIDE": 100}
    clean = clean_image(SimpleUploadedFile("p.jpg", image_bytes(size=(400, 300))))
    assert (clean.width, clean.height) == (100, 75)


def test_transparency_is_kept_in_a_png():
    transparent = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(transparent, format="PNG")
    clean = clean_image(SimpleUploadedFile("logo.png", transparent.getvalue()))
    assert clean.file.name.endswith(".png")
    with Image.open(io.BytesIO(clean.file.read())) as stored:
        assert stored.mode == "RGBA"


@pytest.mark.django_db
def test_a_proposal_with_a_photo(make_consultation, no_rate_limits, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    page = make_consultation(publish_immediately=True)
    client = Client()
    form = client.get(page.url + "propose/")
    assert 'enctype="multipart/form-data"' in text(form)
    response = client.post(
        page.url + "propose/",
        proposal_data(
            theme=page.themes.first().pk,
            participant_token=token_of(text(form)),
            image=SimpleUploadedFile("gps.jpg", photo_with_gps(), content_type="image/jpeg"),
            image_description="Le square vu du banc",
        ),
    )
    assert response.status_code == 303
    proposal = ConsultationProposal.objects.get()
    assert proposal.image.name.startswith("participation/proposals/")
    assert (proposal.image_width, proposal.image_height) == (80, 40)
    with proposal.image.open("rb") as stored, Image.open(stored) as picture:
        assert dict(picture.getexif()) == {}
    shown = text(Client().get(f"{page.url}{proposal.pk}/"))
    assert f'src="{proposal.image.url}"' in shown
    assert 'alt="Le square vu du banc"' in shown
