"""What a PDF may load: the app's own static files and uploaded images, nothing else.

WeasyPrint asks its URL fetcher for every image, stylesheet, font and attachment a document
names. Its default fetcher opens any URL: an image of ``file:///etc/passwd`` in a text an
editor pasted would print a server file, and ``http://169.254.169.254/`` would reach whatever
the server can reach. The reports give it :class:`ReportURLFetcher` instead, which reads
from two places only, through Django rather than the network or the file system:

- the app's static files (``wagtail_participation/…``, found by Django's static files
  finders), for stylesheets and fonts;
- uploaded images in the media storage (``MEDIA_URL…``), for the commune's logo and images in
  rich text, read through the storage so that a host's S3 storage works the same;
- ``data:`` URLs, which carry their bytes and read nothing.

Everything else is refused before any connection or file is opened; WeasyPrint then leaves
the resource out and the refusal is logged.
"""

import logging
import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Documents are rendered as if served from this address, so that the relative URLs of the
# templates (``/static/…``, ``/media/…``) resolve to it. ``.invalid`` is reserved and never
# resolves (RFC 2606): nothing is fetched from it, the fetcher maps its paths to files.
BASE_URL = "https://report.invalid/"
STATIC_PREFIX = "wagtail_participation/"
STATIC_TYPES = {
    "text/css",
    "font/ttf",
    "font/otf",
    "font/woff",
    "font/woff2",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/svg+xml",
    "image/webp",
}
MEDIA_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}
# Guessed from the name; mimetypes does not know every font type on every system.
EXTRA_TYPES = {".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf"}


class ReportFetchRefused(ValueError):
    """A document named something the reports do not load."""


def _type_of(name):
    extension = posixpath.splitext(name)[1].lower()
    return EXTRA_TYPES.get(extension) or mimetypes.guess_type(name)[0]


def _safe_name(path):
    """``path`` (already unquoted) as a relative storage name, or None if it tries to leave
    its folder or is not a plain name."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    if any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return path


def _prefixes(url_setting):
    """The absolute URLs a ``STATIC_URL``/``MEDIA_URL`` setting stands for in a report: itself
    if absolute (a CDN, an S3 bucket), else its path under :data:`BASE_URL`."""
    if not url_setting:
        return []
    if urlsplit(url_setting).scheme:
        return [url_setting]
    return [BASE_URL + url_setting.lstrip("/")]


class ReportURLFetcher(URLFetcher):
    """WeasyPrint's fetcher, restricted to the app's static files and uploaded images.

    ``refused`` lists the URLs it refused, in order (the tests read it)."""

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.refused = []

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url)
        except ReportFetchRefused:
            self.refused.append(url)
            logger.warning("PDF report: refused to load %s", url[:200])
            raise

    def _fetch(self, url):
        if url.startswith("data:"):
            # Bytes carried in the URL itself: nothing is read from anywhere.
            with DataHandler().data_open(Request(url)) as response:
                return URLFetcherResponse(url, response.read(), dict(response.headers))
        for prefix in _prefixes(django_settings.STATIC_URL):
            if url.startswith(prefix):
                return self._static(url, unquote(urlsplit(url[len(prefix) :]).path))
        for prefix in _prefixes(django_settings.MEDIA_URL):
            if url.startswith(prefix):
                return self._media(url, unquote(urlsplit(url[len(prefix) :]).path))
        raise ReportFetchRefused(f"Not a static file of the app nor an uploaded image: {url}")

    def _static(self, url, path):
        name = _safe_name(path)
        content_type = _type_of(path) if name else None
        if not name or not name.startswith(STATIC_PREFIX) or content_type not in STATIC_TYPES:
            raise ReportFetchRefused(f"Not a static file of the app: {url}")
        found = finders.find(name)
        if not found:
            raise ReportFetchRefused(f"No such static file: {url}")
        with open(found, "rb") as file:
            return URLFetcherResponse(url, file.read(), {"Content-Type": content_type})

    def _media(self, url, path):
        name = _safe_name(path)
        content_type = _type_of(path) if name else None
        if not name or content_type not in MEDIA_TYPES:
            raise ReportFetchRefused(f"Not an uploaded image: {url}")
        if not default_storage.exists(name):
            raise ReportFetchRefused(f"No such uploaded image: {url}")
        with default_storage.open(name, "rb") as file:
            return URLFetcherResponse(url, file.read(), {"Content-Type": content_type})
