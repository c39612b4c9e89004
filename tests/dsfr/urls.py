"""wagtail-dsfr's URLs, with the app's inserted before its catch-all (docs/install.md)."""

from django.urls import include, path
from wagtail_dsfr.config.urls import *  # noqa: F403
from wagtail_dsfr.config.urls import urlpatterns

urlpatterns.insert(0, path("participation/", include("wagtail_participation.urls")))
