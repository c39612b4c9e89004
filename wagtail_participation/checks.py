"""System checks: what a host's settings must give the app for its guarantees to hold."""

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error, Warning
from django.utils.translation import gettext_lazy as _

from .conf import settings

# Backends that keep nothing shared between processes: each gunicorn or uWSGI worker would
# count submissions on its own (LocMemCache), or nothing would be counted at all (DummyCache).
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "W001",
    "django.core.cache.backends.dummy.DummyCache": "W002",
}


def check_rate_limit_cache(app_configs=None, **kwargs):
    if not (settings.RATE_LIMIT_PER_IP or settings.RATE_LIMIT_PER_PARTICIPANT):
        return []
    alias = settings.RATE_LIMIT_CACHE
    hint = _(
        "Use a cache that all processes share, for instance Django's database cache "
        "(BACKEND 'django.core.cache.backends.db.DatabaseCache', then run "
        "'manage.py createcachetable') or Redis, and name it in "
        "WAGTAIL_PARTICIPATION['RATE_LIMIT_CACHE']."
    )
    cache = django_settings.CACHES.get(alias)
    if cache is None:
        return [
            Error(
                _("The rate limits are counted in the cache “%(alias)s”, which is not in CACHES.")
                % {"alias": alias},
                hint=hint,
                id="wagtail_participation.E001",
            )
        ]
    code = PER_PROCESS_CACHES.get(cache.get("BACKEND"))
    if code is None or django_settings.DEBUG:
        return []
    if code == "W001":
        message = _(
            "The rate limits are counted in the cache “%(alias)s”, which each process keeps "
            "for itself: with several processes (gunicorn or uWSGI workers, several servers) "
            "each one counts on its own, and the limits are multiplied by their number."
        )
    else:
        message = _(
            "The rate limits are counted in the cache “%(alias)s”, which keeps nothing: "
            "the limits are never reached."
        )
    return [Warning(message % {"alias": alias}, hint=hint, id=f"wagtail_participation.{code}")]


def check_settings_app(app_configs=None, **kwargs):
    """The commune's name and logo on reports are a Wagtail site setting: without
    wagtail.contrib.settings, editors would have no screen to set them."""
    if apps.is_installed("wagtail.contrib.settings"):
        return []
    return [
        Error(
            _(
                "wagtail_participation needs “wagtail.contrib.settings” in INSTALLED_APPS: "
                "the commune's name and logo printed on reports and paper forms are set there."
            ),
            hint=_("Add “wagtail.contrib.settings” to INSTALLED_APPS."),
            id="wagtail_participation.E002",
        )
    ]
