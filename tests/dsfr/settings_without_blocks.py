"""The Sites Faciles host with the app's blocks kept out of wagtail-dsfr's StreamFields."""

from tests.dsfr.settings import *  # noqa: F403

WAGTAIL_PARTICIPATION = {"DSFR_BLOCKS": False}
