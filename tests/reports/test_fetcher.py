"""A PDF reads the app's static files and uploaded images, and nothing else: no network, no
file of the server."""

import socket

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.reports.conftest import pdf_bytes, png_bytes
from wagtail_participation.reports.builder import ReportSection
from wagtail_participation.reports.fetcher import BASE_URL, ReportFetchRefused, ReportURLFetcher
from wagtail_participation.reports.rendering import render_pdf


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection attempt fails the test: refusing must happen before the network."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "https://example.org/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.org/image.png",
        BASE_URL + "etc/passwd",
        BASE_URL + "static/../../etc/passwd",
        BASE_URL + "static/wagtail_participation/%2e%2e/%2e%2e/settings.py",
        BASE_URL + "static/admin/css/base.css",  # a static file, but not the app's
        BASE_URL + "media/../tests/settings.py",
        BASE_URL + "media/original_images/notes.txt",  # not an image
        BASE_URL + "media/%2Fetc%2Fpasswd.png",
    ],
)
def test_the_fetcher_refuses_everything_but_the_apps_files(url):
    fetcher = ReportURLFetcher()
    with pytest.raises(ReportFetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_reads_the_apps_static_files():
    response = ReportURLFetcher().fetch(
        BASE_URL + "static/wagtail_participation/reports/report.css"
    )
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.django_db
def test_the_fetcher_reads_uploaded_images_through_the_storage(media_root):
    name = default_storage.save("images/logo.png", ContentFile(png_bytes()))
    response = ReportURLFetcher().fetch(BASE_URL + "media/" + name)
    assert response.read() == png_bytes()
    assert response.content_type == "image/png"


def test_data_urls_read_nothing():
    response = ReportURLFetcher().fetch("data:image/png;base64,iVBORw0KGgo=")
    assert response.read() == b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_a_report_with_such_urls_in_rich_text_is_made_without_them(
    make_vote, commune, generate, monkeypatch
):
    """Rich text a participation type puts in a section (a survey's description, say) may
    name any URL: the PDF is made, without what was refused."""
    from wagtail_participation.reports import generation
    from wagtail_participation.votes.report import VoteReport

    rich_text = (
        '<p>Voir <img src="file:///etc/passwd" alt="passwd">'
        '<img src="https://example.org/pixel.png" alt="pixel">'
        '<span style="background: url(http://example.org/bg.png)">fond</span></p>'
        '<link rel="stylesheet" href="https://example.org/evil.css">'
    )
    original = VoteReport.result_sections

    def with_rich_text(self):
        return [
            *original(self),
            ReportSection(
                title="Texte riche",
                template="wagtail_participation/reports/tests/rich_text.html",
                context={"rich_text": rich_text},
            ),
        ]

    monkeypatch.setattr(VoteReport, "result_sections", with_rich_text)
    refused = []
    real_render = generation.render_pdf

    def spy(html):
        pdf = real_render(html)
        refused.extend(pdf.refused)
        return pdf

    monkeypatch.setattr(generation, "render_pdf", spy)

    report = generate(make_vote())

    assert pdf_bytes(report).startswith(b"%PDF")
    assert set(refused) == {
        "file:///etc/passwd",
        "https://example.org/pixel.png",
        "http://example.org/bg.png",
        "https://example.org/evil.css",
    }


def test_render_pdf_refuses_a_passwd_image_and_an_external_url():
    pdf = render_pdf(
        '<html lang="fr"><head><title>t</title></head><body>'
        '<img src="file:///etc/passwd" alt="x"><img src="https://example.org/a.png" alt="y">'
        "<p>Texte</p></body></html>"
    )
    assert pdf.data.startswith(b"%PDF")
    assert pdf.refused == ("file:///etc/passwd", "https://example.org/a.png")
    assert b"root:x:0:0" not in pdf.data
