"""Bad proposals and reports: a clear French message, a 4xx, nothing stored, never a 500;
HTML and scripts shown as text, never run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.consultations.conftest import image_bytes, proposal_data, text, token_of
from wagtail_participation.models import ConsultationProposal, ConsultationProposalReport

XSS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">clic</a>',
    "{{ 7*7 }} {% now 'Y' %}",
]


def propose(page, client=None, **fields):
    client = client or Client()
    form = client.get(page.url + "propose/")
    data = proposal_data(theme=page.themes.first().pk, participant_token=token_of(text(form)))
    data.update(fields)
    return client.post(page.url + "propose/", data)


def assert_refused(response, status, message):
    assert response.status_code == status, text(response)[-2000:]
    assert message in text(response)
    assert ConsultationProposal.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "description"])
def test_an_empty_required_field(consultation, no_rate_limits, field):
    response = propose(consultation, **{field: "   "})
    assert_refused(response, 400, "Ce champ est obligatoire.")
    # The form comes back with what the resident typed.
    assert "Il manque des bancs" in text(response) or field == "description"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, length, message",
    [
        ("title", 151, "au plus 150 caractères"),
        ("description", 5001, "au plus 5000 caractères"),
        ("author_name", 81, "au plus 80 caractères"),
        ("title", 3, "au moins 5 caractères"),
    ],
)
def test_oversized_or_too_short_fields(consultation, no_rate_limits, field, length, message):
    assert_refused(propose(consultation, **{field: "é" * length}), 400, message)


@pytest.mark.django_db
def test_an_invalid_email_theme_or_neighbourhood(consultation, make_consultation, no_rate_limits):
    other = make_consultation(slug="autre", themes=("Sport",))
    assert_refused(propose(consultation, author_email="pas-une-adresse"), 400, "adresse")
    assert_refused(
        propose(consultation, theme=other.themes.get().pk), 400, "Sélectionnez un choix valide"
    )
    assert_refused(propose(consultation, neighbourhood="999999"), 400, "Sélectionnez un choix")
    assert_refused(propose(consultation, theme=""), 400, "Ce champ est obligatoire.")


@pytest.mark.django_db
def test_a_nul_character_is_refused_not_a_500(consultation, no_rate_limits):
    assert_refused(propose(consultation, title="Des bancs\x00"), 400, "caractère nul")


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS)
def test_html_and_script_are_shown_as_text(make_consultation, no_rate_limits, payload):
    page = make_consultation(publish_immediately=True)
    author = Client()
    response = propose(
        page,
        author,
        title=f"Idée {payload}",
        description=f"Première ligne {payload}\n\nSecond paragraphe {payload}",
        author_name=payload[:80],
        image_description=payload,
    )
    assert response.status_code == 303
    proposal = ConsultationProposal.objects.get()
    assert proposal.title == f"Idée {payload}"  # stored as typed

    for url in (page.url, f"{page.url}{proposal.pk}/", f"{page.url}results/"):
        html = author.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert '<a href="javascript:' not in html
        # What the resident typed is on the page, as text.
        shown = text(author.get(url))
        assert f"Idée {payload}" in shown, url


@pytest.mark.django_db
def test_a_forged_request_and_a_robot(consultation, no_rate_limits):
    # A page's form is protected by Django's CSRF middleware, before the pipeline.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        consultation.url + "propose/", proposal_data(theme=consultation.themes.first().pk)
    )
    assert_refused(response, 403, "CSRF")
    assert_refused(propose(consultation, website="http://spam.example"), 400, "automatisé")


@pytest.mark.django_db
def test_proposals_outside_the_ideas_phase(make_consultation, no_rate_limits):
    before = make_consultation(phase="before", slug="avant")
    after = make_consultation(phase="support", slug="apres")
    assert_refused(propose(before), 403, "pas encore ouverte")
    assert_refused(propose(after), 410, "close")
    assert "Les idées ont été recueillies jusqu’au" in text(Client().get(after.url))
    assert "Proposer une idée" not in text(Client().get(after.url))


# --- images -----------------------------------------------------------------------------


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.django_db
def test_a_file_that_is_not_an_image(consultation, no_rate_limits):
    response = propose(consultation, image=upload(b"%PDF-1.4 not an image at all"))
    assert_refused(response, 400, "n’est pas une image lisible")


@pytest.mark.django_db
def test_a_truncated_image(consultation, no_rate_limits):
    response = propose(consultation, image=upload(image_bytes()[:200]))
    assert_refused(response, 400, "n’est pas une image lisible")


@pytest.mark.django_db
def test_an_image_in_another_format(consultation, no_rate_limits):
    response = propose(
        consultation, image=upload(image_bytes("GIF", mode="P"), "anim.gif", "image/gif")
    )
    assert_refused(response, 400, "JPEG, PNG ou WebP")


@pytest.mark.django_db
def test_an_image_over_the_size_limit(consultation, settings):
    settings.WAGTAIL_PARTICIPATION = {"PROPOSAL_IMAGE_MAX_BYTES": 2000, "RATE_LIMIT_PER_IP": 0}
    big = image_bytes("PNG", size=(300, 300))
    response = propose(consultation, image=upload(big + b"\0" * 3000, "grande.png", "image/png"))
    assert_refused(response, 400, "trop lourde")


@pytest.mark.django_db
def test_a_body_over_every_limit_is_refused_before_it_is_read(consultation, settings):
    settings.WAGTAIL_PARTICIPATION = {"PROPOSAL_IMAGE_MAX_BYTES": 1000, "RATE_LIMIT_PER_IP": 0}
    response = propose(consultation, image=upload(b"x" * 200_000, "enorme.jpg"))
    assert_refused(response, 413, "trop volumineux")


@pytest.mark.django_db
def test_a_decompression_bomb(consultation, no_rate_limits):
    """A PNG of 12,000 × 12,000 pixels that weighs a few hundred kilobytes."""
    bomb = image_bytes("PNG", size=(12_000, 12_000), mode="L")
    assert len(bomb) < 1_000_000
    response = propose(consultation, image=upload(bomb, "bombe.png", "image/png"))
    assert_refused(response, 400, "trop de pixels")


# --- reports ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_needs_a_reason_and_counts_once_per_person(
    consultation, make_proposal, no_rate_limits
):
    proposal = make_proposal(consultation)
    client = Client()
    url = f"{consultation.url}{proposal.pk}/report/"
    form = client.get(url)
    assert form.status_code == 200
    token = token_of(text(form))

    refused = client.post(url, {"reason": "", "participant_token": token})
    assert refused.status_code == 400
    assert "Indiquez pourquoi" in text(refused)
    assert ConsultationProposalReport.objects.count() == 0

    for _attempt in range(2):
        response = client.post(
            url, {"reason": "offensive", "comment": "<b>grossier</b>", "participant_token": token}
        )
        assert response.status_code == 303
    assert ConsultationProposalReport.objects.filter(proposal=proposal).count() == 1
    assert "la mairie va examiner votre signalement" in text(client.get(response["Location"]))


@pytest.mark.django_db
def test_an_unpublished_proposal_cannot_be_reported(consultation, make_proposal, no_rate_limits):
    proposal = make_proposal(consultation, status="pending")
    response = Client().post(f"{consultation.url}{proposal.pk}/report/", {"reason": "other"})
    assert response.status_code == 404
    assert ConsultationProposalReport.objects.count() == 0


@pytest.mark.django_db
def test_invisible_control_characters_are_taken_out_of_what_is_stored(consultation, no_rate_limits):
    response = propose(
        consultation,
        title="Des bancs\x01 partout\x1b",
        description="Première ligne\x07 assez longue.\r\n\r\nSecond\x0b paragraphe.",
        author_name="Léa\x7f",
        image_description="",
    )
    assert response.status_code == 303
    proposal = ConsultationProposal.objects.get()
    assert proposal.title == "Des bancs partout"
    assert proposal.description == "Première ligne assez longue.\n\nSecond paragraphe."
    assert proposal.author_name == "Léa"


@pytest.mark.django_db
def test_a_title_of_control_characters_only_is_refused(consultation, no_rate_limits):
    assert_refused(propose(consultation, title="\x01\x02\x03\x04\x05\x06"), 400, "obligatoire")
    assert_refused(propose(consultation, title="Ab\x01\x02\x03\x04"), 400, "au moins 5 caractères")


@pytest.mark.django_db
def test_each_hint_of_the_form_is_one_paragraph(consultation):
    html = Client().get(consultation.url + "propose/").content.decode()
    assert "<p>En quelques mots : ce que vous proposez.</p>" in html
    assert "<p>Quoi, où, pourquoi. Laissez une ligne vide entre les paragraphes." in html
