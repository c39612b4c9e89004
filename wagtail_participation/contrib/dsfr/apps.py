from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class DsfrTemplatePackConfig(AppConfig):
    name = "wagtail_participation.contrib.dsfr"
    label = "wagtail_participation_dsfr"
    verbose_name = _("Participation: DSFR templates")

    def ready(self):
        from .checks import check_pack_comes_first

        checks.register(check_pack_comes_first)
