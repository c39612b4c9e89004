"""wagtail_participation.conf.settings: documented defaults, overrides, override_settings."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from wagtail_participation.conf import DEFAULTS
from wagtail_participation.conf import settings as app_settings

INSTALL_GUIDE = Path(__file__).resolve().parent.parent / "docs" / "install.md"


def test_without_the_setting_every_name_gives_its_default(settings):
    if hasattr(settings, "WAGTAIL_PARTICIPATION"):
        del settings.WAGTAIL_PARTICIPATION
    for name, value in DEFAULTS.items():
        assert getattr(app_settings, name) == value
    assert app_settings.BASE_TEMPLATE == "base.html"
    assert app_settings.DEFAULT_OPEN_DAYS == 30


def test_every_setting_is_documented_in_the_install_guide():
    guide = INSTALL_GUIDE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`([A-Z_]+)`\s*\|", guide, flags=re.M))
    assert set(DEFAULTS) <= documented, f"undocumented: {sorted(set(DEFAULTS) - documented)}"


def test_an_empty_or_none_dictionary_gives_the_defaults():
    for value in ({}, None):
        with override_settings(WAGTAIL_PARTICIPATION=value):
            assert app_settings.BASE_TEMPLATE == "base.html"
            assert app_settings.RECEIPT_LENGTH == DEFAULTS["RECEIPT_LENGTH"]


def test_follows_override_settings():
    with override_settings(WAGTAIL_PARTICIPATION={"BASE_TEMPLATE": "layouts/commune.html"}):
        assert app_settings.BASE_TEMPLATE == "layouts/commune.html"
        # Names the host does not override keep their defaults.
        assert app_settings.DEFAULT_OPEN_DAYS == DEFAULTS["DEFAULT_OPEN_DAYS"]
        with override_settings(WAGTAIL_PARTICIPATION={"DEFAULT_OPEN_DAYS": 10}):
            assert app_settings.DEFAULT_OPEN_DAYS == 10
            assert app_settings.BASE_TEMPLATE == "base.html"
        assert app_settings.BASE_TEMPLATE == "layouts/commune.html"


@override_settings(WAGTAIL_PARTICIPATION={"RATE_LIMIT_PER_IP": 0})
def test_follows_override_settings_as_a_decorator():
    assert app_settings.RATE_LIMIT_PER_IP == 0


def test_follows_the_pytest_django_settings_fixture(settings):
    settings.WAGTAIL_PARTICIPATION = {"RECEIPT_LENGTH": 12}
    assert app_settings.RECEIPT_LENGTH == 12


def test_an_unknown_name_is_an_error():
    with pytest.raises(AttributeError, match="NOT_A_SETTING"):
        app_settings.NOT_A_SETTING  # noqa: B018
