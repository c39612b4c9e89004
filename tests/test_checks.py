"""System checks warn a host whose settings break a guarantee the app documents."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from wagtail_participation.checks import check_rate_limit_cache

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
DATABASE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}
REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}

# Running every check runs the model checks, which since Django 6.1 ask each database whether
# it supports JSON fields (a query on SQLite).
RUNS_MODEL_CHECKS = pytest.mark.django_db


def ids(messages):
    return [message.id for message in messages]


@override_settings(DEBUG=False, CACHES={"default": LOCMEM})
def test_a_production_site_counting_in_a_per_process_cache_is_warned():
    (warning,) = check_rate_limit_cache()

    assert warning.id == "wagtail_participation.W001"
    assert warning.level == checks.WARNING
    assert "default" in str(warning.msg)
    assert "createcachetable" in str(warning.hint)


@override_settings(DEBUG=False, CACHES={"default": DUMMY})
def test_a_cache_that_keeps_nothing_is_warned_too():
    assert ids(check_rate_limit_cache()) == ["wagtail_participation.W002"]


@pytest.mark.parametrize("cache", [DATABASE, REDIS])
def test_a_shared_cache_gives_no_warning(cache):
    with override_settings(DEBUG=False, CACHES={"default": cache}):
        assert check_rate_limit_cache() == []


def test_the_cache_the_setting_names_is_the_one_checked():
    with override_settings(
        DEBUG=False,
        CACHES={"default": LOCMEM, "counters": DATABASE},
        WAGTAIL_PARTICIPATION={"RATE_LIMIT_CACHE": "counters"},
    ):
        assert check_rate_limit_cache() == []
    with override_settings(
        DEBUG=False,
        CACHES={"default": DATABASE, "counters": LOCMEM},
        WAGTAIL_PARTICIPATION={"RATE_LIMIT_CACHE": "counters"},
    ):
        (warning,) = check_rate_limit_cache()
        assert "counters" in str(warning.msg)


@override_settings(DEBUG=True, CACHES={"default": LOCMEM})
def test_a_site_in_debug_mode_is_not_warned():
    assert check_rate_limit_cache() == []


@override_settings(
    DEBUG=False,
    CACHES={"default": LOCMEM},
    WAGTAIL_PARTICIPATION={"RATE_LIMIT_PER_IP": 0, "RATE_LIMIT_PER_PARTICIPANT": 0},
)
def test_a_site_without_rate_limits_is_not_warned():
    assert check_rate_limit_cache() == []


@RUNS_MODEL_CHECKS
@override_settings(
    DEBUG=True, CACHES={"default": LOCMEM}, WAGTAIL_PARTICIPATION={"RATE_LIMIT_CACHE": "limits"}
)
def test_a_rate_limit_cache_missing_from_caches_is_an_error_even_in_debug_mode():
    (error,) = check_rate_limit_cache()

    assert error.id == "wagtail_participation.E001"
    assert error.level == checks.ERROR
    with pytest.raises(SystemCheckError, match="wagtail_participation.E001"):
        call_command("check")


@RUNS_MODEL_CHECKS
@override_settings(DEBUG=False, CACHES={"default": LOCMEM}, LANGUAGE_CODE="fr")
def test_the_check_is_registered_and_speaks_french():
    from django.utils import translation

    with translation.override("fr"):
        messages = [m for m in checks.run_checks() if m.id.startswith("wagtail_participation.")]
        assert ids(messages) == ["wagtail_participation.W001"]
        assert "chaque processus" in str(messages[0].msg)


@RUNS_MODEL_CHECKS
@override_settings(DEBUG=False, CACHES={"default": LOCMEM})
def test_the_test_settings_silence_the_warning_for_the_test_run(capsys):
    call_command("check")  # no SystemCheckError, nothing printed about the rate limits
    assert "wagtail_participation" not in capsys.readouterr().err


def test_the_settings_app_is_required_for_the_communes_name_and_logo(monkeypatch):
    from wagtail_participation import checks

    assert checks.check_settings_app() == []
    installed = checks.apps.is_installed
    monkeypatch.setattr(
        checks.apps,
        "is_installed",
        lambda name: name != "wagtail.contrib.settings" and installed(name),
    )
    (error,) = checks.check_settings_app()
    assert error.id == "wagtail_participation.E002"
