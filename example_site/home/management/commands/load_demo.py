"""Load the demo content of Saint-Exemple-sur-Loire. Running it again changes nothing."""

import importlib
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.shortcuts import resolve_url

from example_site.demo import DemoContext

# Each module exposes ``load(context)``; they run in this order. Every participation feature
# adds its own module here.
LOADERS = [
    "example_site.demo.site",
    "example_site.demo.reports",
    "example_site.demo.neighbourhoods",
    "example_site.demo.votes",
    "example_site.demo.survey",
    "example_site.demo.consultation",
    "example_site.demo.budget",
    "example_site.demo.residents",
]

ADMIN_USERNAME = "admin"
RESIDENT_USERNAME = "habitant"


class Command(BaseCommand):
    help = (
        "Crée le contenu de démonstration de Saint-Exemple-sur-Loire, un compte "
        "administrateur et un compte d'habitant."
    )

    def handle(self, *args, **options):
        context = DemoContext(self.stdout, self.style)
        for module_name in LOADERS:
            module = importlib.import_module(module_name)
            with transaction.atomic():
                context.update(module.load(context))
        admin_password = self._account(
            ADMIN_USERNAME,
            os.environ.get("DEMO_ADMIN_PASSWORD") or "admin",
            superuser=True,
            email="admin@saint-exemple-sur-loire.example",
            first_name="Camille",
            last_name="Administratrice",
        )
        resident_password = self._account(
            RESIDENT_USERNAME,
            os.environ.get("DEMO_RESIDENT_PASSWORD") or "habitant",
            email="habitant@saint-exemple-sur-loire.example",
            first_name="Dominique",
            last_name="Martin",
        )
        # The address the site is served on (make demo passes its DEMO_ADDR down).
        site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        self.stdout.write(f"Site : {site}/")
        self.stdout.write(
            f"Administration : {site}/admin/ — identifiant : {ADMIN_USERNAME} — "
            f"mot de passe : {admin_password}"
        )
        self.stdout.write(
            f"Compte d'habitant (votes réservés aux comptes) : {site}"
            f"{resolve_url(settings.LOGIN_URL)} — identifiant : {RESIDENT_USERNAME} — "
            f"mot de passe : {resident_password}"
        )

    def _account(self, username, password, *, superuser=False, **fields):
        """Create the account once; return the password to print."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            manager = user_model.objects
            create = manager.create_superuser if superuser else manager.create_user
            create(username, password=password, **fields)
            return password
        if user.check_password(password):
            return password
        return "(inchangé : le compte existait déjà avec un autre mot de passe)"
