from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using, verbosity=1, **kwargs):
    # The rate limits are counted in the database cache (settings.CACHES): ``migrate`` creates
    # its table, so that no deployment can forget ``createcachetable``. Nothing if it exists.
    call_command("createcachetable", database=using, verbosity=verbosity)


class HomeConfig(AppConfig):
    name = "example_site.home"
    label = "home"
    verbose_name = "Site de la commune"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)
