from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "example_site.home"
    label = "home"
    verbose_name = "Site de la commune"
    default_auto_field = "django.db.models.BigAutoField"
