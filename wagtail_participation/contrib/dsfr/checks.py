from django.apps import apps
from django.core import checks


def check_pack_comes_first(app_configs=None, **kwargs):
    """The pack's templates override the app's only if Django looks in the pack first."""
    names = [config.name for config in apps.get_app_configs()]
    if names.index("wagtail_participation.contrib.dsfr") > names.index("wagtail_participation"):
        return [
            checks.Error(
                "wagtail_participation.contrib.dsfr comes after wagtail_participation in "
                "INSTALLED_APPS: its templates cannot override the default ones.",
                hint="List wagtail_participation.contrib.dsfr before wagtail_participation.",
                id="wagtail_participation.E003",
            )
        ]
    return []
