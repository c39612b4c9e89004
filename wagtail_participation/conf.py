"""The app's settings, read in one place.

A host site overrides any of them in one dictionary::

    WAGTAIL_PARTICIPATION = {"BASE_TEMPLATE": "layouts/base.html"}

Values are read once and kept until Django says ``WAGTAIL_PARTICIPATION`` changed (the
``setting_changed`` signal that ``override_settings`` sends), so tests can override them.
"""

from django.conf import settings as django_settings
from django.core.signals import setting_changed

DEFAULTS = {
    # Every public page of the app renders through wagtail_participation/base.html, which
    # extends this template, so the commune's own header, footer and styles wrap it. It must
    # define a ``content`` block; the page's title is given to it as ``title`` in the context.
    "BASE_TEMPLATE": "base.html",
    # The app's stylesheet, written once per page by {% participation_styles %} (the host may
    # call it in its <head>). False: the host's own styles do everything.
    "STYLESHEET": True,
    # On a Sites Faciles site (wagtail-dsfr 2.4 or later), offer the app's blocks (the vote)
    # to the StreamFields of its pages, through wagtail-dsfr's register_common_block.
    "DSFR_BLOCKS": True,
    # Anonymous participants are recognised by a signed cookie that lasts this long.
    "ANONYMOUS_COOKIE_NAME": "wp_participant",
    "ANONYMOUS_COOKIE_MAX_AGE": 60 * 60 * 24 * 400,
    # Rate limits, counted in Django's cache. Generous on purpose: a town hall's public
    # computer or a school network puts many residents behind one IP address.
    "RATE_LIMIT_PER_IP": 300,
    "RATE_LIMIT_PER_IP_WINDOW": 60 * 10,
    "RATE_LIMIT_PER_PARTICIPANT": 20,
    "RATE_LIMIT_PER_PARTICIPANT_WINDOW": 60,
    "RATE_LIMIT_CACHE": "default",
    # Largest request body a submission may have, in bytes.
    "MAX_SUBMISSION_BYTES": 64 * 1024,
    # Length of the receipt code given to a participant after a submission.
    "RECEIPT_LENGTH": 8,
    # Number of days a new participation stays open when the editor sets no closing date.
    "DEFAULT_OPEN_DAYS": 30,
    # Computed survey results are kept in this cache, under the survey's latest response: a
    # results page seen again with no new response does not read the answers again.
    "RESULTS_CACHE": "default",
    "RESULTS_CACHE_TIMEOUT": 60 * 60 * 24,
    # The public results of a survey filtered by an answer ("respondents of the Gare
    # neighbourhood") are shown only for at least this many respondents, so that nobody is
    # recognised by their answers. Editors see every filter in the admin.
    "SURVEY_FILTER_MIN_RESPONDENTS": 5,
    # The image a resident may attach to a proposal: largest file accepted, most pixels
    # once decoded (a guard against decompression bombs), longer side of the stored copy.
    "PROPOSAL_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    "PROPOSAL_IMAGE_MAX_PIXELS": 40_000_000,
    "PROPOSAL_IMAGE_MAX_SIDE": 1600,
    # Proposals per page of a public list.
    "PROPOSALS_PER_PAGE": 20,
    # PDF reports: the storage (a STORAGES alias) generated reports and their raw data exports
    # are kept in. Reports are always served through the app's views, which check who may
    # read them; a private storage keeps them off the public media URL altogether.
    "REPORT_STORAGE": "default",
    # A generation still "in progress" after this many seconds is taken as lost (a worker
    # stopped): an editor may start it again.
    "REPORT_TIMEOUT": 30 * 60,
    # Residents downloading a report get the last one generated if it is younger than this
    # many seconds, even if a submission came in since: one generation at most per interval
    # while a participation is busy. Editors always get the current data.
    "REPORT_PUBLIC_REFRESH": 5 * 60,
    # Free-text answers printed per question; the rest are in the export.
    "REPORT_FREE_TEXT_LIMIT": 50,
}


class _Settings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown wagtail-participation setting: {name}")
        overrides = getattr(django_settings, "WAGTAIL_PARTICIPATION", {}) or {}
        value = overrides.get(name, DEFAULTS[name])
        # Kept as an attribute: the next reads (several per submission) do not come here.
        setattr(self, name, value)
        return value

    def _forget(self, *, setting, **kwargs):
        if setting == "WAGTAIL_PARTICIPATION":
            self.__dict__.clear()


settings = _Settings()
setting_changed.connect(settings._forget)
