from django.apps import AppConfig, apps
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WagtailParticipationConfig(AppConfig):
    name = "wagtail_participation"
    label = "wagtail_participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .checks import check_rate_limit_cache, check_settings_app
        from .reports import signals

        checks.register(check_rate_limit_cache, checks.Tags.caches)
        checks.register(check_settings_app)
        signals.connect()
        self.offer_blocks_to_wagtail_dsfr()

    def offer_blocks_to_wagtail_dsfr(self):
        """On a Sites Faciles site, the vote block in the StreamFields of its pages."""
        from .conf import settings

        if settings.DSFR_BLOCKS and apps.is_installed("wagtail_dsfr.content_manager"):
            from .contrib.dsfr.blocks import register_blocks

            register_blocks()
