"""Load the demo content of Saint-Exemple-sur-Loire. Running it again changes nothing."""

import importlib
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from example_site.demo import DemoContext

# Each module exposes ``load(context)``; they run in this order. Every participation feature
# adds its own module here.
LOADERS = [
    "example_site.demo.site",
    "example_site.demo.votes",
]

ADMIN_USERNAME = "admin"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        "Crée le contenu de démonstration de Saint-Exemple-sur-Loire et un compte administrateur."
    )

    def handle(self, *args, **options):
        context = DemoContext(self.stdout, self.style)
        for module_name in LOADERS:
            module = importlib.import_module(module_name)
            with transaction.atomic():
                context.update(module.load(context))
        password = self._admin()
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        self.stdout.write("Site : http://127.0.0.1:8000/")
        self.stdout.write(
            f"Administration : {ADMIN_URL} — identifiant : {ADMIN_USERNAME} — "
            f"mot de passe : {password}"
        )

    def _admin(self):
        """Create the superuser once; return the password to print."""
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or "admin"
        user_model = get_user_model()
        user = user_model.objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            user_model.objects.create_superuser(
                ADMIN_USERNAME,
                email="admin@saint-exemple-sur-loire.example",
                password=password,
                first_name="Camille",
                last_name="Administratrice",
            )
            return password
        if user.check_password(password):
            return password
        return "(inchangé : le compte existait déjà avec un autre mot de passe)"
