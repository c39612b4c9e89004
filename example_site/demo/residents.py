"""A vote reserved to residents with an account on the site: the name of the new library.

``load_demo`` creates the demo resident's account (and prints its credentials); residents log
in at ``settings.LOGIN_URL`` (example_site/templates/registration/login.html).
"""

from datetime import timedelta

from django.utils import timezone

from example_site.demo import ensure_child_page, stream
from example_site.home.models import NewsArticlePage
from wagtail_participation.models import Vote, VoteOption

LIBRARY_TITLE = "Nom de la future médiathèque"
LIBRARY_NAMES = ["Médiathèque George-Sand", "Médiathèque des Bords-de-Loire", "L'Escale"]


def load(context):
    now = timezone.now()
    library, created = Vote.objects.get_or_create(
        title=LIBRARY_TITLE,
        defaults={
            "question": "Quel nom donner à la future médiathèque ?",
            "description": (
                "La médiathèque ouvrira à l'automne dans l'ancienne école de la rue des "
                "Tilleuls. Ce vote est réservé aux habitants qui ont un compte sur le site : "
                "une participation par compte."
            ),
            "kind": "single",
            "identity": "account",
            "opens_at": now - timedelta(days=2),
            "closes_at": now + timedelta(days=28),
            "results_visibility": "after_closing",
        },
    )
    if created:
        for order, label in enumerate(LIBRARY_NAMES):
            VoteOption.objects.create(vote=library, label=label, sort_order=order)
        context.log(f"Vote « {library.question} » créé (réservé aux comptes du site).")

    article, created = ensure_child_page(
        context.news_index,
        NewsArticlePage,
        "mediatheque-choisissez-son-nom",
        title="Médiathèque : choisissez son nom",
        date=now.date(),
        summary="Les habitants qui ont un compte sur le site votent pour le nom de la "
        "future médiathèque.",
        body=stream(
            (
                "paragraph",
                "<p>Trois noms ont été retenus par le conseil municipal des jeunes. Pour que "
                "chacun ne vote qu'une fois, ce vote demande de se connecter avec son compte "
                "d'habitant. Pas encore de compte ? Adressez-vous à l'accueil de la "
                "mairie.</p>",
            ),
            ("vote", library.pk),
        ),
    )
    if created:
        context.log(f"Actualité « {article.title} » créée.")
    return {"library_vote": library, "library_article": article}
